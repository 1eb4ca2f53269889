"""Disclosure control on export, checked as an intruder would with code of
its own (``disclosure_check``), on responses with London's demographics and
three planted people nobody else resembles: a Deaf respondent who answered
in BSL through an interpreter, a respondent who answered in Arabic, and an
older Sikh respondent in the City of London.

Every column the export adds is a key; k holds after what the route tells
an intruder; local suppression is near the least possible; l-diversity is
enforced when the bank asks for it."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import json
import random
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

import disclosure_check
import synthetic
from conftest import SAMPLE_DIR, run_async
from survey.export.run import Options, export
from survey.questionnaire import load_file
from survey.storage import close_engine, migrate, open_engine

SAMPLE_FILE = SAMPLE_DIR / "london-safety-and-trust.json"
SAMPLE = load_file(SAMPLE_FILE).questionnaire
LONDON = dt.timezone.utc

DEAF = {"wg_hearing": "cannot_do", "bsl_first_language": "yes", "hate_in_person": "yes", "hate_online": "no",
        "hate_strands": ["religion"], "hate_times": 12, "hate_reported": ["police"], "police_satisfaction": "very_dissatisfied",
        "sex": "female", "religion": "muslim", "borough": "hackney"}
ARABIC = {"ethnic_group": "other", "ethnic_other": "arab", "religion": "muslim", "main_language": "other"}
CITY = {"borough": "city_of_london", "age_band": "75_over", "religion": "sikh", "sex": "male", "sexual_orientation": "bisexual"}
#: How each planted person's response came in.
PLANTED = [
    (DEAF, {"mode": "bsl_interpreter", "format": "bsl", "organisation": "Deaf Plus"}),
    (ARABIC, {"language": "ar"}),
    (CITY, {}),
]


def _responses(count: int, seed: int) -> tuple[list[dict], list[dict]]:
    rng = random.Random(seed)
    many, meta = [], []
    months = [dt.datetime(2026, month, 15, 12, tzinfo=LONDON) for month in (9, 10, 11)]
    for _ in range(count):
        many.append(synthetic.answers_for(SAMPLE, rng, fixed=synthetic.londoner(rng)))
        how = {"submitted_at": rng.choice(months)}
        if rng.random() < 0.15:
            how.update(mode=rng.choice(["in_person", "phone"]), organisation=rng.choice(["Inclusion London", "Disability Rights UK"]))
        if rng.random() < 0.05:
            how["format"] = "easy_read"
        meta.append(how)
    for fixed, how in PLANTED:
        many.append(synthetic.answers_for(SAMPLE, rng, fixed={**synthetic.londoner(rng), **fixed}))
        meta.append({"submitted_at": months[-1], **how})
    return many, meta


def _export(folder: Path, questionnaire) -> tuple[list[dict[str, str]], dict]:
    url = f"sqlite:///{folder}/export.db"

    async def main():
        engine = await open_engine(url)
        try:
            await migrate(engine)
            many, meta = _responses(300, seed=11)
            await synthetic.insert(questionnaire, many, meta=meta)
            return await export(questionnaire, folder / "out", Options(formats=("csv",)))
        finally:
            await close_engine(engine)

    outcome = run_async(main())
    with (folder / "out" / f"{questionnaire.id}.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return rows, outcome.risk


@pytest.fixture(scope="module")
def skewed(tmp_path_factory):
    return _export(tmp_path_factory.mktemp("skewed"), SAMPLE)


@pytest.fixture(scope="module")
def diverse(tmp_path_factory):
    source = json.loads(SAMPLE_FILE.read_text(encoding="utf-8"))
    source["disclosure"]["l_diversity"] = 2
    folder = tmp_path_factory.mktemp("diverse")
    (folder / "bank.json").write_text(json.dumps(source), encoding="utf-8")
    return _export(folder, load_file(folder / "bank.json").questionnaire)


def test_every_column_the_export_adds_is_a_key_and_k_holds_after_routing_inference(skewed):
    rows, risk = skewed
    keys = risk["quasi_identifiers"]
    assert {"mode", "format", "language", "organisation", "submission_month", "bsl_first_language", "wg_hearing"} <= set(keys)
    assert len(rows) == 303
    sizes = disclosure_check.class_sizes(rows, keys)
    assert sizes.min() >= 5, f"records matching only {sizes.min()} (the planted ones are among 303)"
    assert risk["k_achieved"] >= 5


def test_the_planted_people_are_no_longer_the_only_ones_of_their_kind(skewed):
    rows, _ = skewed
    # Nobody's format, language or borough alone singles them out.
    for column, value in (("format", "bsl"), ("language", "ar"), ("borough", str(_code("borough", "city_of_london")))):
        shown = [row for row in rows if row[column] == value]
        assert len(shown) == 0 or len(shown) >= 5, (column, value, len(shown))
    # The BSL respondent's hate-crime answers (12 incidents, reported, very
    # dissatisfied) are not on a row an intruder can single out.
    twelve = [row for row in rows if row["hate_times"] in ("12", "12.0")]
    keys = _skewed_keys(skewed)
    sizes = disclosure_check.class_sizes(rows, keys)
    assert all(sizes[rows.index(row)] >= 5 for row in twelve)


def _skewed_keys(skewed) -> list[str]:
    return skewed[1]["quasi_identifiers"]


def _code(question: str, option: str) -> int:
    found = next(q for q in SAMPLE.questions() if q.id == question)
    return [o.code for o in found.all_options()].index(option) + 1


def test_not_asked_is_never_suppressed_and_routing_shows_no_suppressed_cell_was_skipped(skewed):
    rows, risk = skewed
    keys = risk["quasi_identifiers"]
    whole = [all(row[key] == "-9" for key in keys) for row in rows]
    white = str(_code("ethnic_group", "white"))
    for row, everything in zip(rows, whole):
        if everything:
            continue
        # ethnic_white is asked only of White respondents: shown as not
        # asked (-1) whenever the released ethnic group says it was skipped.
        if row["ethnic_group"] not in ("-9", white):
            assert row["ethnic_white"] in ("-1", "-1.0"), row
    assert risk["information_loss"]["cells_suppressed"] == sum(
        1 for row in rows for key in keys if row[key] in ("-9", "-9.0")
    ), "every suppressed cell is counted, and no not-asked cell is among them"


def test_the_risk_report_counts_information_lost_and_people_whose_answers_can_be_read_off(skewed):
    rows, risk = skewed
    loss = risk["information_loss"]
    assert loss["cells_suppressed"] > 0 and "categories_merged" in loss
    keys = risk["quasi_identifiers"]

    def satisfaction(row):
        return None if row["police_satisfaction"] in ("-1", "-2", "-3", "-9") else row["police_satisfaction"]

    l_values = disclosure_check.l_of(rows, keys, satisfaction)
    reported = risk["l_diversity"]["police_satisfaction"]
    # The export's own count is of the classes it works out, which the
    # intruder's can only be larger than: no more disclosed than it says.
    assert int((l_values == 1).sum()) <= reported["disclosed"]
    assert reported["l"] <= int(l_values[l_values > 0].min())


def test_l_diversity_set_by_the_bank_holds_over_the_records_an_intruder_cannot_tell_apart(diverse):
    rows, risk = diverse
    keys = risk["quasi_identifiers"]
    assert risk["l_diversity_required"] == 2
    assert disclosure_check.smallest_class(rows, keys) >= 5
    for name in risk["l_diversity"]:
        columns = [c for c in rows[0] if c == name or c.startswith(name + "__")]

        def answer(row, columns=columns):
            cells = tuple(row[c] for c in columns)
            return None if any(c.startswith("-") for c in cells) else cells

        l_values = disclosure_check.l_of(rows, keys, answer)
        assert l_values[l_values > 0].min() >= 2, name
        assert risk["l_diversity"][name]["l"] >= 2 and risk["l_diversity"][name]["disclosed"] == 0


def test_local_suppression_is_within_a_fifth_of_the_least_possible():
    """On a skewed table of keys, each record's cells suppressed against the
    fewest that would do (found here by trying every set), in total."""
    from survey.export.disclosure import Anonymiser
    from survey.export.keys import QuestionKey

    rng = np.random.default_rng(5)
    n, q, k = 400, 7, 5
    shares = [np.array([50, 25, 12, 8, 5]), np.array([60, 30, 10]), np.array([70, 20, 10]), np.array([45, 45, 10]),
              np.array([30, 30, 20, 10, 5, 5]), np.array([80, 15, 5]), np.array([55, 35, 10])]
    matrix = np.column_stack([rng.choice(len(p), size=n, p=p / p.sum()) + 1 for p in shares])
    matrix[rng.random(n) < 0.3, 6] = -1  # a routed key: not asked of some
    keys = [QuestionKey(f"key{c}", [f"key{c}"], []) for c in range(q)]
    anonymiser = Anonymiser(keys, k)
    anonymiser.add_batch([matrix[:, c] for c in range(q)])
    result = anonymiser.solve()
    assert result.k_achieved >= k

    def sizes(suppressed: tuple[int, ...]) -> np.ndarray:
        seen = matrix.copy()
        for c in suppressed:
            seen[:, c] = np.where(seen[:, c] == -1, -1, 0)  # asked or not is still known
        _, inverse, counts = np.unique(seen, axis=0, return_inverse=True, return_counts=True)
        return counts[inverse.reshape(-1)]

    least = np.full(n, -1)
    least[sizes(()) >= k] = 0
    asked = matrix != -1
    for size in range(1, q + 1):
        for keys_off in combinations(range(q), size):
            fits = (least < 0) & (sizes(keys_off) >= k) & (asked[:, list(keys_off)].sum(axis=1) == size)
            least[fits] = size
    assert (least >= 0).all()
    minimum = int(least.sum())
    assert minimum > 20, "the table should need some suppression"
    assert result.information_loss["cells_suppressed"] <= 1.2 * minimum, (result.information_loss, minimum)


def test_a_bank_can_say_why_a_column_the_export_adds_is_not_a_key(tmp_path):
    source = json.loads(SAMPLE_FILE.read_text(encoding="utf-8"))
    why = "Every response in this survey was sent in the same fortnight, so the month tells nobody anything."
    source["disclosure"]["not_keys"] = {"submission_month": why}
    (tmp_path / "bank.json").write_text(json.dumps(source), encoding="utf-8")
    bank = load_file(tmp_path / "bank.json").questionnaire
    rng = random.Random(3)
    many = [synthetic.answers_for(bank, rng, fixed=synthetic.londoner(rng)) for _ in range(40)]
    outcome = synthetic.exported(tmp_path, bank, many, Options(formats=("csv",)))
    assert "submission_month" not in outcome.risk["quasi_identifiers"] and "mode" in outcome.risk["quasi_identifiers"]
    codebook = json.loads((tmp_path / "out" / "codebook.json").read_text())
    month = next(v for v in codebook["variables"] if v["name"] == "submission_month")
    assert month["key"] is False and month["not_key_because"] == why
    assert f"Not a key, because: {why}" in (tmp_path / "out" / "codebook.md").read_text()

    source["disclosure"]["not_keys"] = {"postcode": "typo"}
    (tmp_path / "bad.json").write_text(json.dumps(source), encoding="utf-8")
    with pytest.raises(Exception) as error:
        load_file(tmp_path / "bad.json")
    assert "disclosure.not_keys" in str(error.value) and "'postcode' is not a column the export adds" in str(error.value)
