"""Reading sample files and address frames (CSV, one row per address or
person), checked whole before anything is used: every problem is reported
with its line and field, and a file with any problem gives nothing.

A sample file lists the cases of a wave as drawn elsewhere; a frame lists
every address a sample may be drawn from (the Postcode Address File's shape).
Both have a case ``reference``, address lines and a postcode; a sample also
gives each case's selection probability or design weight.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .boroughs import borough_code

#: Larger than any wave (about 250,000 cases); refused before it is read.
SAMPLE_LIMIT_BYTES = 50 * 1024 * 1024
#: London's Postcode Address File is about 3.5 million addresses, about 450 MB.
FRAME_LIMIT_BYTES = 1024 * 1024 * 1024

ADDRESS_FIELDS = ("address_line_1", "address_line_2", "address_line_3", "town", "postcode")
#: Alternative formats a case may need its letter in.
FORMAT_NEEDS = ("large_print", "easy_read", "braille", "bsl")
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_./-]{0,39}$")
_MAX_PROBLEMS = 50


@dataclass(frozen=True)
class Problem:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "the file"
        return f"{where}, {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class FileRefused(Exception):
    """The file has problems; nothing in it is used."""

    def __init__(self, path: Path | str, problems: list[Problem], more: int = 0) -> None:
        self.path = Path(path)
        self.problems = problems
        self.more = more
        super().__init__(f"{self.path.name}: " + "; ".join(map(str, problems[:3])))

    def lines(self) -> list[str]:
        told = [f"{self.path.name}: {problem}" for problem in self.problems]
        if self.more:
            told.append(f"{self.path.name}: and {self.more} more problems")
        return told


@dataclass(frozen=True)
class Case:
    reference: str
    address: dict[str, str]
    borough: str
    stratum: str
    probability: float
    language: str | None = None
    format_need: str | None = None

    @property
    def design_weight(self) -> float:
        return 1 / self.probability


@dataclass
class _Reader:
    path: Path
    problems: list[Problem] = field(default_factory=list)
    more: int = 0

    def problem(self, line: int, name: str, message: str) -> None:
        if len(self.problems) < _MAX_PROBLEMS:
            self.problems.append(Problem(line, name, message))
        else:
            self.more += 1

    def refuse_if_any(self) -> None:
        if self.problems:
            raise FileRefused(self.path, self.problems, self.more)

    def rows(self, limit: int, required: Collection[str]) -> Iterator[tuple[int, dict[str, str]]]:
        """Each row with its line number, cells stripped; the header checked first."""
        try:
            size = os.path.getsize(self.path)
        except OSError as error:
            raise FileRefused(self.path, [Problem(0, "", f"cannot be read ({error.strerror})")]) from None
        if size > limit:
            raise FileRefused(
                self.path, [Problem(0, "", f"is {size / 1024 ** 2:,.0f} MB, more than the {limit / 1024 ** 2:,.0f} MB a file may be")]
            )
        with self.path.open("rb") as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            reader = csv.DictReader(text)
            try:
                header = [name.strip() for name in reader.fieldnames or []]
            except UnicodeDecodeError:
                raise FileRefused(self.path, [Problem(1, "", "is not UTF-8 text: save it as CSV UTF-8")]) from None
            reader.fieldnames = header
            missing = [name for name in required if name not in header]
            if missing:
                raise FileRefused(
                    self.path, [Problem(1, name, "this column is missing from the first line") for name in missing]
                )
            try:
                for row in reader:
                    if None in row:
                        self.problem(reader.line_num, "", f"has more cells than the {len(header)} columns of the first line")
                        continue
                    yield reader.line_num, {key: (value or "").strip() for key, value in row.items()}
            except UnicodeDecodeError:
                self.problem(reader.line_num + 1, "", "is not UTF-8 text: save the file as CSV UTF-8")
            except csv.Error as error:
                self.problem(reader.line_num, "", f"cannot be read as CSV ({error})")

    def address(self, line: int, row: dict[str, str]) -> tuple[str, dict[str, str], str] | None:
        """The reference, the address and the borough code of one row, or None (with problems noted)."""
        ok = True
        reference = row.get("reference", "")
        if not _REFERENCE.match(reference):
            self.problem(line, "reference", "enter a reference of up to 40 letters, numbers, dots, dashes or underscores")
            ok = False
        if not row.get("address_line_1"):
            self.problem(line, "address_line_1", "enter the first line of the address")
            ok = False
        postcode = " ".join(row.get("postcode", "").upper().split())
        if not _POSTCODE.match(postcode):
            self.problem(line, "postcode", f"{row.get('postcode', '')!r} is not a UK postcode")
            ok = False
        elif " " not in postcode:
            postcode = f"{postcode[:-3]} {postcode[-3:]}"
        borough = borough_code(row.get("borough", ""))
        if borough is None:
            self.problem(line, "borough", f"{row.get('borough', '')!r} is not a London borough (give its name, code or GSS code)")
            ok = False
        if not ok:
            return None
        address = {name: row.get(name, "") for name in ADDRESS_FIELDS}
        address["postcode"] = postcode
        return reference, address, borough or ""


def read_sample(path: Path | str, languages: Collection[str]) -> list[Case]:
    """Every case in a sample file, or FileRefused listing what is wrong."""
    reader = _Reader(Path(path))
    cases: list[Case] = []
    seen: dict[str, int] = {}
    rows = reader.rows(SAMPLE_LIMIT_BYTES, ("reference", "address_line_1", "postcode", "borough"))
    first = True
    for line, row in rows:
        if first:
            if "probability" not in row and "design_weight" not in row:
                raise FileRefused(reader.path, [Problem(1, "probability", "give a probability or a design_weight column")])
            first = False
        found = reader.address(line, row)
        probability = _probability(reader, line, row)
        language = row.get("language") or None
        if language is not None and language not in languages:
            reader.problem(line, "language", f"{language!r} is not one of this survey's languages ({', '.join(sorted(languages))})")
        need = row.get("format") or None
        if need is not None and need not in FORMAT_NEEDS:
            reader.problem(line, "format", f"{need!r} is not a format we make letters in ({', '.join(FORMAT_NEEDS)})")
        if found is None or probability is None:
            continue
        reference, address, borough = found
        if reference in seen:
            reader.problem(line, "reference", f"{reference!r} is on line {seen[reference]} already")
            continue
        seen[reference] = line
        cases.append(Case(reference, address, borough, row.get("stratum") or borough, probability, language, need))
    reader.refuse_if_any()
    if not cases:
        raise FileRefused(reader.path, [Problem(0, "", "has no cases")])
    return cases


def _probability(reader: _Reader, line: int, row: dict[str, str]) -> float | None:
    given_p, given_w = row.get("probability", ""), row.get("design_weight", "")
    try:
        if given_p:
            value = float(given_p)
            if math.isfinite(value) and 0 < value <= 1:
                return value
            reader.problem(line, "probability", f"{given_p} is not more than 0 and at most 1")
        elif given_w:
            value = float(given_w)
            if math.isfinite(value) and value >= 1:
                return 1 / value
            reader.problem(line, "design_weight", f"{given_w} is less than 1 (a weight is 1 over the probability)")
        else:
            reader.problem(line, "probability", "give the case's selection probability (or its design_weight)")
    except ValueError:
        name = "probability" if given_p else "design_weight"
        reader.problem(line, name, f"{given_p or given_w!r} is not a number")
    return None


@dataclass(frozen=True)
class Frame:
    """An address frame counted by stratum, to be read again for the addresses drawn."""

    path: Path
    strata_column: str
    sizes: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.sizes.values())


def count_frame(path: Path | str, strata_column: str) -> Frame:
    """A frame's size per stratum, every row checked; FileRefused if any is wrong."""
    reader = _Reader(Path(path))
    sizes: dict[str, int] = {}
    seen: set[str] = set()
    for line, row in reader.rows(FRAME_LIMIT_BYTES, ("reference", "address_line_1", "postcode", "borough", strata_column)):
        found = reader.address(line, row)
        if found is None:
            continue
        if found[0] in seen:
            reader.problem(line, "reference", f"{found[0]!r} is in the frame already")
            continue
        seen.add(found[0])
        stratum = found[2] if strata_column == "borough" else row[strata_column]
        if not stratum:
            reader.problem(line, strata_column, "give the stratum")
            continue
        sizes[stratum] = sizes.get(stratum, 0) + 1
    reader.refuse_if_any()
    if not sizes:
        raise FileRefused(reader.path, [Problem(0, "", "has no addresses")])
    return Frame(Path(path), strata_column, sizes)


def frame_rows(frame: Frame, chosen: dict[str, set[int]], probabilities: dict[str, float]) -> list[Case]:
    """The frame's cases at the positions ``chosen`` within each stratum (0 for its first row)."""
    reader = _Reader(frame.path)
    position = dict.fromkeys(frame.sizes, 0)
    cases = []
    for line, row in reader.rows(FRAME_LIMIT_BYTES, ("reference", "address_line_1", "postcode", "borough", frame.strata_column)):
        found = reader.address(line, row)
        if found is None:
            continue
        reference, address, borough = found
        stratum = borough if frame.strata_column == "borough" else row[frame.strata_column]
        if stratum not in position:
            raise FileRefused(frame.path, [Problem(line, frame.strata_column, "the file changed while it was read")])
        if position[stratum] in chosen.get(stratum, ()):
            cases.append(Case(reference, address, borough, stratum, probabilities[stratum]))
        position[stratum] += 1
    reader.refuse_if_any()
    return cases
