"""Results tables, weights and gaps worked out from small, known answers."""

from __future__ import annotations

import math
import random

import numpy as np

from conftest import SAMPLE_DIR
from survey.questionnaire import load_file
from survey.results.dataset import build
from survey.results.differences import gaps, newcombe
from survey.results.sentences import percent, points, summary
from survey.results.tables import Results
from survey.results.weighting import Target, rake
from synthetic import answers_for

SAMPLE = load_file(SAMPLE_DIR / "london-safety-and-trust.json").questionnaire


def people(**groups: int) -> list[dict]:
    """Respondents by (disability, trust) combinations: e.g. disabled_agree=30."""
    found = []
    for key, n in groups.items():
        disability, trust = key.split("__")
        base = {"long_term_condition": "yes", "condition_reduces_ability": "yes_a_lot"} if disability == "disabled" else {"long_term_condition": "no"}
        found += [{**base, "trust_met": trust, "sex": "female" if i % 2 else "male", "age_band": "25_34"} for i in range(n)]
    return found


def test_raking_matches_every_margin_and_keeps_the_not_known_share():
    rng = np.random.default_rng(1)
    age = rng.choice(4, size=2000, p=[0.5, 0.3, 0.15, 0.05])  # group 3 is "not known"
    sex = rng.choice(3, size=2000, p=[0.7, 0.28, 0.02])
    weights = rake([Target(age, np.array([0.2, 0.4, 0.4]), 3), Target(sex, np.array([0.5, 0.5]), 2)], 2000)
    assert math.isclose(weights.mean(), 1)
    known = age != 3
    shares = np.bincount(age[known], weights=weights[known], minlength=3) / weights[known].sum()
    assert np.allclose(shares, [0.2, 0.4, 0.4], atol=1e-4)
    assert math.isclose(weights[age == 3].sum() / 2000, np.mean(age == 3), rel_tol=1e-4)
    sex_known = sex != 2
    assert np.allclose(np.bincount(sex[sex_known], weights=weights[sex_known], minlength=2) / weights[sex_known].sum(), [0.5, 0.5], atol=1e-4)


def test_percentages_counts_and_the_sentence_from_known_answers():
    answers = people(disabled__strongly_agree=30, disabled__strongly_disagree=20,
                     not_disabled__strongly_agree=60, not_disabled__tend_to_agree=20, not_disabled__strongly_disagree=20)
    results = Results(SAMPLE, build(SAMPLE, answers))
    table = results.table("trust_met", ("disability",))
    rows = {row.labels[0]: row for row in table.rows}
    assert rows["All"].base.count == 150 and rows["All"].base.shown == 150
    # Nobody said "Neither": the zeros are hidden, and so is nothing that would give them away.
    neither = [o.code for o in table.closed.options].index("neither")
    assert rows["Disabled"].figures[neither].hidden and rows["Disabled"].figures[neither].shown is None
    # "Agree" is shown: it adds up "strongly agree" (30) and "tend to agree" (0, hidden), so
    # "strongly agree" is hidden too, or the zero could be worked out from the two.
    assert rows["Disabled"].indicator.percent == 60.0 and rows["Disabled"].figures[0].hidden
    assert rows["Not Disabled"].indicator.percent == 80.0
    assert "Not known" not in rows  # everyone said: there is no such group to show
    assert summary(table) == ("60% of Disabled respondents said they trust the Metropolitan Police Service, "
                              "compared with 80% of non-Disabled respondents.")


def test_multiple_choice_percentages_are_of_the_people_who_answered():
    answers = [{"hate_in_person": "yes", "hate_strands": ["disability", "race"]}] * 20 + \
              [{"hate_in_person": "yes", "hate_strands": ["disability"]}] * 20 + [{"hate_in_person": "no"}] * 50
    table = Results(SAMPLE, build(SAMPLE, answers)).table("hate_strands")
    overall = table.overall
    assert overall.base.count == 40
    codes = [o.code for o in table.closed.options]
    assert overall.figures[codes.index("disability")].percent == 100.0
    assert overall.figures[codes.index("race")].percent == 50.0


def test_a_two_way_table_hides_the_same_margins_as_the_one_way_tables():
    rng = random.Random(5)
    results = Results(SAMPLE, build(SAMPLE, [answers_for(SAMPLE, rng) for _ in range(300)]))
    by_disability = {row.codes[0]: row for row in results.table("police_job", ("disability",)).rows}
    by_sex = {row.codes[0]: row for row in results.table("police_job", ("sex",)).rows}
    both = results.table("police_job", ("disability", "sex")).rows
    for row in both:
        if row.codes[1] == "all":
            assert [f.hidden for f in row.figures] == [f.hidden for f in by_disability[row.codes[0]].figures]
        if row.codes[0] == "all":
            assert [f.hidden for f in row.figures] == [f.hidden for f in by_sex[row.codes[1]].figures]


def test_gaps_have_newcombes_hybrid_score_interval():
    # Newcombe (1998), table II, example (a): 56/70 against 48/80, method 10.
    low, high = newcombe(56 / 70, 70, 48 / 80, 80)
    assert round(low, 4) == 0.0524 and round(high, 4) == 0.3339
    answers = people(disabled__strongly_agree=40, disabled__strongly_disagree=60,
                     not_disabled__strongly_agree=70, not_disabled__strongly_disagree=30)
    results = Results(SAMPLE, build(SAMPLE, answers))
    [gap] = gaps(results.table("trust_met", ("disability",)), 5)
    assert gap.first.labels == ("Not Disabled",) and gap.second.labels == ("Disabled",)
    # Weighted (by age and sex), but every respondent has the same age band and half each sex: weights are all 1.
    low, high = newcombe(0.7, 100, 0.4, 100)
    assert math.isclose(gap.points, 30, abs_tol=1e-6)
    assert math.isclose(gap.low, 100 * low, rel_tol=1e-6) and math.isclose(gap.high, 100 * high, rel_tol=1e-6)
    assert gap.significant and gap.over_target and gap.verdict == "over"


def test_a_gap_over_the_target_that_may_be_chance_says_so():
    answers = people(disabled__strongly_agree=20, disabled__strongly_disagree=15,
                     not_disabled__strongly_agree=25, not_disabled__strongly_disagree=12)
    results = Results(SAMPLE, build(SAMPLE, answers))
    [gap] = gaps(results.table("trust_met", ("disability",)), 5)
    assert gap.over_target and not gap.significant and gap.verdict == "over_not_significant"


def test_percentages_round_halves_up_in_decimals():
    assert [percent(v) for v in (62.5, 62.49999999999999, 100 * 5 / 8, 0.5, 99.49)] == ["63%", "63%", "63%", "1%", "99%"]
    assert points(12.5) == "13" and points(-12.5) == "-13" and points(4.49) == "4"


def test_effective_bases_are_rounded_like_counts_so_they_never_give_a_count_away():
    # Every weight is 1 here (one age band, half each sex), so an unrounded
    # effective base would be each row's exact count: 23 and 17.
    answers = people(disabled__strongly_agree=13, disabled__strongly_disagree=10,
                     not_disabled__strongly_agree=7, not_disabled__strongly_disagree=10)
    results = Results(SAMPLE, build(SAMPLE, answers))
    table = results.table("trust_met", ("disability",))
    assert table.weighted
    checked = 0
    for row in table.rows:
        if row.effective_base is None:
            continue
        checked += 1
        assert row.effective_base % SAMPLE.results.rounding == 0
        assert row.effective_base != row.base.count or row.base.count % SAMPLE.results.rounding == 0
    assert checked >= 2


def test_results_break_down_by_mode_and_format_with_the_same_suppression():
    import json

    from survey.questionnaire.loader import parse
    from survey.results.dataset import COLLECTED

    data = json.loads((SAMPLE_DIR / "london-safety-and-trust.json").read_text(encoding="utf-8"))
    data["results"]["breakdowns"] += [{"id": "mode", "label": "How collected", "collection": "mode"},
                                      {"id": "format", "label": "Format", "collection": "format"}]
    bank = parse(json.dumps(data)).questionnaire
    answers = people(disabled__strongly_agree=30, not_disabled__strongly_agree=60, not_disabled__strongly_disagree=20)
    for n, person in enumerate(answers):
        # 100 online in the standard format, 10 with a BSL interpreter, in BSL.
        person[COLLECTED["mode"]], person[COLLECTED["format"]] = ("online", "standard") if n < 100 else ("bsl_interpreter", "bsl")
    results = Results(bank, build(bank, answers))
    by_mode = {row.labels[0]: row for row in results.table("trust_met", ("mode",)).rows}
    assert by_mode["Online, by the respondent"].base.count == 100 and by_mode["With a BSL interpreter"].base.count == 10
    assert by_mode["Online, by the respondent"].figures[0].count == 90
    by_format = {row.labels[0]: row for row in results.table("trust_met", ("format",)).rows}
    assert by_format["British Sign Language (BSL)"].base.count == 10 and by_format["Easy Read"].base.count == 0
    # The same rules as any breakdown: every count under the minimum is hidden, a group nobody is in too.
    for rows in (by_mode, by_format):
        for row in rows.values():
            assert all(f.hidden for f in (row.base, *row.figures) if f.count < bank.results.minimum_count), row.labels
    # A margin cannot weight to how answers were collected.
    data["results"]["margins"] = [{"breakdown": "mode", "source": "none", "shares": {"online": 0.5, "phone": 0.5}}]
    from survey.questionnaire import LoadError
    import pytest as _pytest
    with _pytest.raises(LoadError) as caught:
        parse(json.dumps(data))
    assert "groups by how answers were collected" in str(caught.value)


def test_the_results_read_from_the_database_know_how_each_response_was_collected(tmp_path):
    import json

    from conftest import run_async
    from survey.questionnaire.loader import parse
    from survey.results import reading
    from survey.storage import close_engine, migrate, open_engine
    from synthetic import insert

    data = json.loads((SAMPLE_DIR / "london-safety-and-trust.json").read_text(encoding="utf-8"))
    data["results"]["breakdowns"].append({"id": "format", "label": "Format", "collection": "format"})
    bank = parse(json.dumps(data)).questionnaire
    answers = people(not_disabled__strongly_agree=30)
    meta = [{"format": "easy_read" if n < 12 else "standard"} for n in range(30)]

    async def main():
        engine = await open_engine(f"sqlite:///{tmp_path}/results.db")
        try:
            await migrate(engine)
            await insert(bank, answers, meta=meta)
            return await reading.read(bank)
        finally:
            await close_engine(engine)

    dataset = run_async(main())
    rows = {row.labels[0]: row for row in Results(bank, dataset).table("trust_met", ("format",)).rows}
    assert rows["Easy Read"].base.count == 12 and rows["Standard"].base.count == 18
