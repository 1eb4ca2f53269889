"""Rows, one dict at a time, gathered into Arrow record batches by column:
how the Parquet writer and the SPSS spill hold rows in flat memory."""

from __future__ import annotations

from typing import Any


class RowBatches:
    def __init__(self, schema: Any, size: int) -> None:
        import pyarrow as pa  # here: a CSV export does without pyarrow's memory

        self._pa = pa
        self.schema = schema
        self._size = size
        self._names = schema.names
        self._columns: list[list[Any]] = [[] for _ in self._names]
        self._count = 0

    def add(self, row: dict[str, Any]) -> Any:
        """The batch this row completed, if it did."""
        for name, column in zip(self._names, self._columns):
            column.append(row[name])
        self._count += 1
        return self.take() if self._count >= self._size else None

    def take(self) -> Any:
        """The rows gathered since the last batch, as one (None if there are none)."""
        if not self._count:
            return None
        batch = self._pa.record_batch(self._columns, schema=self.schema)
        self._columns = [[] for _ in self._names]
        self._count = 0
        return batch
