"""SPSS files of any length in flat memory.

pyreadstat writes a whole data frame at once, so a million responses would
need the whole table in memory. Instead: rows are spilled to a temporary
Arrow file while the longest value of each text column is measured; then
each chunk of rows is written by pyreadstat as a file of its own with the
same layout (every text column given its final width), and their rows are
joined under the first file's header, with the case count set to the total.

That works because SPSS row compression starts afresh on every row, so rows
from different files can follow one another. Every chunk is written with one
throwaway row of blanks (each text as wide as its column's longest value, so
every chunk has the same layout), whose bytes are known and cut off: after
the rows in every chunk but the last, so that only the last row of the whole
file carries the end mark; before them in the last. Each chunk's header is
checked against the first before its rows are used.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any


CHUNK = 5_000
#: Bytes of the SPSS header that hold the date and time the file was written.
_WRITTEN_AT = range(92, 109)


class SpssLayoutError(RuntimeError):
    """pyreadstat wrote chunks whose layouts differ: the file would be corrupt."""


class _Layout:
    """Where one header ends, how long the throwaway row is, and which
    header bytes hold the number of cases, learnt from two tiny files."""

    def __init__(self, write: Callable[[Any], bytes], blank_rows: Callable[[int], Any]) -> None:
        one, two = write(blank_rows(1)), write(blank_rows(2))
        self.row = len(two) - len(one)
        self.header = len(one) - self.row
        self.last_row = one[self.header:]  # the blank row, with the end mark
        self.first_row = two[self.header:-self.row]  # the blank row, without it
        if self.row <= 0 or self.header <= 0 or two[-self.row:] != self.last_row:
            raise SpssLayoutError("rows of blanks did not come out the same length")
        small, large = (1).to_bytes(4, sys.byteorder), (2).to_bytes(4, sys.byteorder)
        self.counts = [at for at in range(self.header - 3) if one[at:at + 4] == small and two[at:at + 4] == large]
        counted = {at + i for at in self.counts for i in range(4)}
        unexplained = [at for at in range(self.header) if one[at] != two[at] and at not in counted and at not in _WRITTEN_AT]
        if not self.counts or unexplained:
            raise SpssLayoutError(f"cannot find the case count in the header (differences at {unexplained[:5]})")

    def same_header(self, first: bytes, other: bytes) -> bool:
        ignored = {at + i for at in self.counts for i in range(4)} | set(_WRITTEN_AT)
        return len(first) == len(other) and all(a == b or at in ignored for at, (a, b) in enumerate(zip(first, other)))

    def with_count(self, header: bytes, rows: int) -> bytes:
        patched = bytearray(header)
        for at in self.counts:
            patched[at:at + 4] = rows.to_bytes(4, sys.byteorder)
        return bytes(patched)


class SpssFile:
    """Takes batches of rows (a list per column); writes the file on ``close``."""

    def __init__(self, path: Path, names: list[str], numeric: set[str], options: dict[str, Any], chunk: int = CHUNK) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        self._pa, self._pc = pa, pc
        self._path = path
        self._names = names
        self._numeric = numeric
        self._options = options
        self._chunk = chunk
        self._widths = {name: 1 for name in names if name not in numeric}
        self._schema = pa.schema([(name, pa.float64() if name in numeric else pa.string()) for name in names])
        # Next to the output, not in a shared temporary folder; removed on close
        # (or, if the export fails, when this object goes).
        self._spill_dir = tempfile.TemporaryDirectory(dir=path.parent, prefix=".spss-")
        self._spill_path = Path(self._spill_dir.name) / "rows.arrow"
        self._spill = pa.ipc.new_stream(str(self._spill_path), self._schema)
        self.rows = 0

    def write_batch(self, data: dict[str, list[Any]]) -> None:
        """A batch of rows, a list per column."""
        batch = self._pa.record_batch([data[name] for name in self._names], schema=self._schema)
        for name in self._widths:
            # SPSS measures text in bytes of UTF-8.
            longest = self._pc.max(self._pc.binary_length(batch.column(name))).as_py() or 0
            self._widths[name] = max(self._widths[name], longest)
        self._spill.write_batch(batch)
        self.rows += batch.num_rows

    def close(self) -> None:
        try:
            self._spill.close()
            self._write()
        finally:
            self._spill_dir.cleanup()

    def _frames(self) -> Iterator[Any]:
        """The spilled rows again, ``chunk`` at a time, as data frames."""
        pa = self._pa
        # Read, not mapped: mapped pages would count against memory as the file grows.
        with pa.OSFile(str(self._spill_path)) as source:
            reader = pa.ipc.open_stream(source)
            held: list[Any] = []
            count = 0
            for batch in reader:
                held.append(batch)
                count += batch.num_rows
                while count >= self._chunk:
                    table = pa.Table.from_batches(held, schema=self._schema)
                    yield table.slice(0, self._chunk).to_pandas()
                    rest = table.slice(self._chunk)
                    held, count = rest.to_batches(), rest.num_rows
            if count:
                yield pa.Table.from_batches(held, schema=self._schema).to_pandas()

    def _blank_rows(self, n: int) -> Any:
        import pandas as pd

        return pd.DataFrame(
            {name: [float("nan")] * n if name in self._numeric else [" " * self._widths[name]] * n for name in self._names}
        )

    def _write_bytes(self, frame: Any) -> bytes:
        import pyreadstat

        scratch = Path(self._spill_dir.name) / "chunk.sav"
        pyreadstat.write_sav(frame, str(scratch), row_compress=True, **self._options)
        data = scratch.read_bytes()
        scratch.unlink()
        return data

    def _write(self) -> None:
        import pandas as pd

        if self.rows == 0:
            self._path.write_bytes(self._write_bytes(self._blank_rows(0)))
            return
        layout = _Layout(self._write_bytes, self._blank_rows)
        blank = self._blank_rows(1)
        header: bytes | None = None
        # Written beside the spill and moved into place whole: a chunk that
        # comes out wrong leaves no half-written file where the data should be.
        partial = Path(self._spill_dir.name) / "whole.sav"
        with partial.open("wb") as out:
            frames = self._frames()
            frame = next(frames)
            for following in frames:
                # Not the last chunk: its end mark goes on a throwaway row.
                data = self._write_bytes(pd.concat([frame, blank], ignore_index=True))
                if data[-layout.row:] != layout.last_row:
                    raise SpssLayoutError("a chunk did not end with the expected blank row")
                header = self._use(layout, header, data, out)
                out.write(data[layout.header:-layout.row])
                frame = following
            data = self._write_bytes(pd.concat([blank, frame], ignore_index=True))
            if data[layout.header:layout.header + layout.row] != layout.first_row:
                raise SpssLayoutError("the last chunk did not start with the expected blank row")
            header = self._use(layout, header, data, out)
            out.write(data[layout.header + layout.row:])
            out.seek(0)
            out.write(layout.with_count(header, self.rows))
        partial.replace(self._path)

    def _use(self, layout: _Layout, header: bytes | None, data: bytes, out: Any) -> bytes:
        """The first chunk's header, written now as a placeholder; every later
        chunk must have the same one."""
        if header is None:
            out.write(data[: layout.header])
            return data[: layout.header]
        if not layout.same_header(header, data[: layout.header]):
            raise SpssLayoutError("two chunks came out with different headers")
        return header
