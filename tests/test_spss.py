"""The SPSS file written chunk by chunk (flat memory) is the file pyreadstat
would write from the whole table at once."""

from __future__ import annotations

import random

import pandas as pd
import pyreadstat
import pytest

from survey.export.spss import SpssFile

NAMES = ["response_id", "police_job", "age", "why", "organisation"]
NUMERIC = {"police_job", "age"}
OPTIONS = {
    "column_labels": ["Export id", "How good a job", "Age", "Why not", "Organisation"],
    "variable_value_labels": {"police_job": {1.0: "Excellent", 2.0: "Good", -1.0: "Not asked"}, "age": {-1.0: "Not asked"}},
    "missing_ranges": {"police_job": [{"lo": -9, "hi": -1}], "age": [{"lo": -9, "hi": -1}]},
}


def rows(n: int, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    words = ["", "ok", "Rhy hir", "لم أبلغ الشرطة", "x" * 300, ("naïve café " * 40).strip(), "[phone number]"]
    return [
        {
            "response_id": f"{rng.getrandbits(128):032x}",
            "police_job": float(rng.choice([1, 2, -1, -9])),
            "age": float(rng.choice([16, 87, 152, -1, 1000.5])),
            "why": rng.choice(words),
            "organisation": rng.choice(["", "Deaf Londoners Together"]),
        }
        for _ in range(n)
    ]


def chunked(tmp_path, data, chunk):
    path = tmp_path / f"chunked-{chunk}-{len(data)}.sav"
    spss = SpssFile(path, NAMES, NUMERIC, OPTIONS, chunk=chunk)
    for start in range(0, len(data), 9):  # batches of 9 rows, a list per column
        spss.write_batch({name: [row[name] for row in data[start : start + 9]] for name in NAMES})
    spss.close()
    return path


def whole(tmp_path, data):
    path = tmp_path / f"whole-{len(data)}.sav"
    frame = pd.DataFrame(data, columns=NAMES) if data else pd.DataFrame({n: pd.Series([], dtype="float64" if n in NUMERIC else object) for n in NAMES})
    pyreadstat.write_sav(frame, str(path), row_compress=True, **OPTIONS)
    return path


@pytest.mark.parametrize(("count", "chunk"), [(61, 7), (21, 7), (7, 7), (1, 7), (50, 1000)])
def test_chunks_join_into_the_file_written_at_once(tmp_path, count, chunk):
    data = rows(count)
    got, got_meta = pyreadstat.read_sav(str(chunked(tmp_path, data, chunk)), user_missing=True)
    want, want_meta = pyreadstat.read_sav(str(whole(tmp_path, data)), user_missing=True)
    pd.testing.assert_frame_equal(got, want)
    assert got_meta.number_rows == count
    assert got_meta.column_names_to_labels == want_meta.column_names_to_labels
    assert got_meta.variable_value_labels == want_meta.variable_value_labels
    assert got_meta.missing_ranges == want_meta.missing_ranges
    assert got_meta.variable_storage_width == want_meta.variable_storage_width
    # Long text comes back whole, in every chunk.
    assert set(got["why"]) == {row["why"] for row in data}


def test_no_rows_still_makes_a_readable_file(tmp_path):
    frame, meta = pyreadstat.read_sav(str(chunked(tmp_path, [], 5)))
    assert len(frame) == 0 and meta.column_names == NAMES


def test_the_spill_is_removed(tmp_path):
    chunked(tmp_path, rows(30), 7)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chunked-7-30.sav"]
