"""Writers for each format. CSV and Parquet stream; SPSS needs the whole
table at once (pyreadstat writes from a data frame)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from .variables import MISSING

PARQUET_BATCH = 2_000


class Columns:
    """What every writer needs to know about the columns."""

    def __init__(self, names: list[str], labels: dict[str, str], values: dict[str, dict[int, str]], numeric: set[str], rows: int = 0):
        self.rows = rows  # known from the first pass: lets the SPSS writer size its arrays once
        self.names = names
        self.labels = labels
        self.values = values
        self.numeric = numeric


class CsvWriter:
    suffix = "csv"

    def __init__(self, path: Path, columns: Columns) -> None:
        self._file = path.open("w", newline="", encoding="utf-8")
        self._writer = csv.writer(self._file)
        self._writer.writerow(columns.names)
        self._names = columns.names

    def write(self, row: dict[str, Any]) -> None:
        self._writer.writerow([row[name] for name in self._names])

    def close(self) -> None:
        self._file.close()


class ParquetWriter:
    suffix = "parquet"

    def __init__(self, path: Path, columns: Columns) -> None:
        import pyarrow as pa  # imported here: a CSV export does without pyarrow's memory
        import pyarrow.parquet as pq

        self._pa = pa
        fields = [
            pa.field(
                name,
                pa.float64() if name in columns.numeric else pa.string(),
                metadata={"label": columns.labels.get(name, ""), "values": json.dumps(columns.values.get(name, {}))},
            )
            for name in columns.names
        ]
        schema = pa.schema(fields, metadata={"missing_codes": json.dumps(MISSING)})
        self._writer = pq.ParquetWriter(path, schema)
        self._schema = schema
        self._names = columns.names
        self._rows: list[dict[str, Any]] = []

    def write(self, row: dict[str, Any]) -> None:
        self._rows.append(row)
        if len(self._rows) >= PARQUET_BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(self._pa.Table.from_pylist(self._rows, schema=self._schema))
            self._rows = []

    def close(self) -> None:
        self._flush()
        self._writer.close()


class SavWriter:
    suffix = "sav"

    def __init__(self, path: Path, columns: Columns) -> None:
        import numpy as np

        self._path = path
        self._columns = columns
        # One array per column, sized once: 8 bytes a number, not a Python object each.
        self._data = {
            name: np.empty(columns.rows, dtype="float64" if name in columns.numeric else object) for name in columns.names
        }
        self._index = 0

    def write(self, row: dict[str, Any]) -> None:
        for name, values in self._data.items():
            values[self._index] = row[name]
        self._index += 1

    def close(self) -> None:
        import pandas as pd
        import pyreadstat

        columns = self._columns
        frame = pd.DataFrame({name: values[: self._index] for name, values in self._data.items()}, copy=False)
        self._data = {}
        missing = {name: [{"lo": min(MISSING), "hi": max(MISSING)}] for name in columns.names if name in columns.numeric}
        value_labels = {
            name: {**{float(code): label for code, label in columns.values.get(name, {}).items()},
                   **{float(code): label for code, label in MISSING.items()}}
            for name in columns.names if name in columns.numeric
        }
        pyreadstat.write_sav(
            frame,
            str(self._path),
            column_labels=[columns.labels.get(name, name)[:255] for name in columns.names],
            variable_value_labels=value_labels,
            missing_ranges=missing,
        )


WRITERS = {"csv": CsvWriter, "parquet": ParquetWriter, "sav": SavWriter}
