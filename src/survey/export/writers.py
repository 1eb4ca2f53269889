"""Writers for each format, each taking a batch of rows at a time (a list
per column) in flat memory."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from .variables import MISSING

ROW_GROUP = 10_000


class Columns:
    """What every writer needs to know about the columns."""

    def __init__(self, names: list[str], labels: dict[str, str], values: dict[str, dict[int, str]], numeric: set[str],
                 coded_text: set[str] | None = None, measures: dict[str, str] | None = None,
                 missing: dict[str, dict[int, int]] | None = None):
        self.names = names
        self.labels = labels
        self.values = values
        self.numeric = numeric
        # Text columns whose missing codes (-1, -7, -9...) stay as they are in
        # the CSV: the export's own (mode, month...) and free text.
        self.coded_text = coded_text or set()
        # SPSS measurement levels: "nominal", "ordinal" or "scale".
        self.measures = measures or {}
        # Per variable, its own missing codes where they are not the usual ones.
        self.missing = missing or {}

    def missing_codes(self, name: str) -> dict[int, str]:
        """This column's missing codes and their labels."""
        own = self.missing.get(name, {})
        return {own.get(code, code): label for code, label in MISSING.items()}


#: What a spreadsheet takes as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defused(column: list[Any], keep: frozenset[str] = frozenset()) -> list[Any]:
    """Text a spreadsheet would run as a formula, with a leading apostrophe so
    it is shown as typed: a free-text answer of ``=HYPERLINK(...)`` must not
    become a link, nor ``=cmd|...`` a command, when an analyst opens the CSV.
    ``keep``: values left as they are (a missing code such as -9)."""
    return [f"'{value}" if type(value) is str and value.startswith(FORMULA_STARTS) and value not in keep else value
            for value in column]


#: Missing codes as text, in the export's own text columns.
_CODES = frozenset(str(code) for code in MISSING)


class CsvWriter:
    suffix = "csv"

    def __init__(self, path: Path, columns: Columns) -> None:
        self._file = path.open("w", newline="", encoding="utf-8")
        self._writer = csv.writer(self._file)
        self._writer.writerow(columns.names)
        self._names = columns.names
        self._text = {name for name in columns.names if name not in columns.numeric}
        self._coded = columns.coded_text

    def write_batch(self, data: dict[str, list[Any]]) -> None:
        # Only text columns are looked at: numbers (missing codes such as -9 included) are never formulas.
        self._writer.writerows(zip(*(
            (defused(data[name], _CODES if name in self._coded else frozenset()) if name in self._text else data[name])
            for name in self._names
        )))

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
                metadata={"label": columns.labels.get(name, ""), "values": json.dumps(columns.values.get(name, {})),
                          **({"missing_codes": json.dumps(columns.missing_codes(name))} if name in columns.missing else {})},
            )
            for name in columns.names
        ]
        schema = pa.schema(fields, metadata={"missing_codes": json.dumps(MISSING)})
        self._writer = pq.ParquetWriter(path, schema)
        self._schema = schema
        # Row groups of ROW_GROUP rows: few enough that the file's footer
        # (held until the end) stays small, big enough for readers.
        self._held: list[Any] = []
        self._held_rows = 0

    def write_batch(self, data: dict[str, list[Any]]) -> None:
        batch = self._pa.record_batch([data[name] for name in self._schema.names], schema=self._schema)
        self._held.append(batch)
        self._held_rows += batch.num_rows
        if self._held_rows >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self._held:
            self._writer.write_table(self._pa.Table.from_batches(self._held), row_group_size=self._held_rows)
            self._held, self._held_rows = [], 0

    def close(self) -> None:
        self._flush()
        self._writer.close()


class SavWriter:
    suffix = "sav"

    def __init__(self, path: Path, columns: Columns) -> None:
        from .spss import SpssFile

        numeric = [name for name in columns.names if name in columns.numeric]
        options = {
            "column_labels": [columns.labels.get(name, name)[:255] for name in columns.names],
            "variable_value_labels": {
                name: {**{float(code): label for code, label in columns.values.get(name, {}).items()},
                       **{float(code): label for code, label in columns.missing_codes(name).items()}}
                for name in numeric
            },
            "missing_ranges": {name: [{"lo": float(min(columns.missing_codes(name))), "hi": float(max(columns.missing_codes(name)))}]
                               for name in numeric},
            "variable_measure": {name: columns.measures.get(name, "nominal") for name in columns.names},
        }
        self._file = SpssFile(path, columns.names, columns.numeric, options)

    def write_batch(self, data: dict[str, list[Any]]) -> None:
        self._file.write_batch(data)

    def close(self) -> None:
        self._file.close()


#: The longest name in the Stata file. Stata allows 32 characters, but
#: pyreadstat names each variable's set of value labels after it with a count
#: on the end ("police_job12"): 28 leaves room for up to 9,999 such sets.
STATA_NAME_LIMIT = 28


def stata_names(names: list[str]) -> dict[str, str]:
    """Each column's name in the Stata file: the same where it fits, else cut
    to the limit, with a number where two would then be the same."""
    found: dict[str, str] = {}
    taken = {name for name in names if len(name) <= STATA_NAME_LIMIT}
    for name in names:
        if len(name) <= STATA_NAME_LIMIT:
            found[name] = name
            continue
        short, n = name[:STATA_NAME_LIMIT], 1
        while short in taken:
            n += 1
            short = f"{name[: STATA_NAME_LIMIT - len(str(n)) - 1]}_{n}"
        taken.add(short)
        found[name] = short
    return found


class DtaWriter:
    """Stata 15 (.dta) with variable and value labels. pyreadstat writes a
    whole table at once, so the batches are kept in a temporary Arrow file
    beside the output and read back as one table at the end: this file, unlike
    the others, needs memory for all its rows. Stata has no labelled missing
    values of its own (only .a to .z), so the missing codes are ordinary
    values with their labels, as the codebook says."""

    suffix = "dta"
    #: Stata's longest variable label.
    LABEL_LIMIT = 80

    def __init__(self, path: Path, columns: Columns) -> None:
        import pyarrow as pa

        self._pa, self._path, self._columns = pa, path, columns
        self._names = stata_names(columns.names)
        self._schema = pa.schema([pa.field(n, pa.float64() if n in columns.numeric else pa.string()) for n in columns.names])
        self._spill = path.with_name(f".{path.name}.arrow")
        self._sink = pa.OSFile(str(self._spill), "wb")
        self._writer = pa.ipc.new_file(self._sink, self._schema)

    def write_batch(self, data: dict[str, list[Any]]) -> None:
        self._writer.write_batch(self._pa.record_batch([data[name] for name in self._schema.names], schema=self._schema))

    def close(self) -> None:
        import pyreadstat

        self._writer.close()
        self._sink.close()
        try:
            with self._pa.memory_map(str(self._spill)) as source:
                frame = self._pa.ipc.open_file(source).read_all().to_pandas()
            columns, names = self._columns, self._names
            frame.columns = [names[name] for name in frame.columns]
            pyreadstat.write_dta(
                frame, self._path,
                column_labels=[columns.labels.get(name, name)[: self.LABEL_LIMIT] for name in columns.names],
                variable_value_labels={
                    names[name]: {**{code: label for code, label in columns.values.get(name, {}).items()},
                                  **columns.missing_codes(name)}
                    for name in columns.names if name in columns.numeric
                },
            )
        finally:
            self._spill.unlink(missing_ok=True)


WRITERS = {"csv": CsvWriter, "parquet": ParquetWriter, "sav": SavWriter, "dta": DtaWriter}
