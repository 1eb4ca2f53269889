"""Batches of rows kept on disk between reading and writing.

The export reads the database once. Disclosure control can only be decided
once every respondent's quasi-identifiers are known, so each batch, worked
out already (decoded, redacted), waits here until then; memory stays flat.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: Bytes buffered on each side of the file.
_BUFFER = 1 << 20


class Spill:
    """Batches (a list per column) written in turn, then read back in the same order."""

    def __init__(self, beside: Path) -> None:
        # Next to the output, like the files it becomes, in a folder only its
        # owner can open (the rows are not anonymised yet); removed on close
        # or, if the export fails, when this object goes.
        self._dir = tempfile.TemporaryDirectory(dir=beside, prefix=".rows-")
        self._path = Path(self._dir.name) / "rows.pickle"
        self._file = self._path.open("wb", buffering=_BUFFER)
        self.batches = 0

    def add(self, batch: dict[str, list[Any]]) -> None:
        pickle.dump(batch, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self.batches += 1

    def __iter__(self) -> Iterator[dict[str, list[Any]]]:
        self._file.close()
        with self._path.open("rb", buffering=_BUFFER) as source:
            for _ in range(self.batches):
                yield pickle.load(source)

    def close(self) -> None:
        self._file.close()
        self._dir.cleanup()

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
