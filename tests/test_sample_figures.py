"""A sampled questionnaire's data, on both databases: the export carries each
response's route, wave, stratum and design weight (the weight suppressed
wherever the stratum is) and the integrity flags; the published figures count
the sample alone by default, weighted from its design weights, or what the
bank asks for; every results page says where its figures come from."""

from __future__ import annotations

import csv
import dataclasses
import json
import random
import uuid

import numpy as np
import pytest

import synthetic
from conftest import FIXTURES, SAMPLE_DIR, on_engine, run_async
from staff import publish_results
from survey.export.run import Options, export
from survey.questionnaire import load_file
from survey.results.reading import read
from survey.results.tables import Results
from survey.storage import close_engine, migrate, open_engine
from survey.storage.samples import NewCase, add_wave
from survey.storage.tables import SampleCase
from web_client import Visitor, running_app

SAMPLE = load_file(SAMPLE_DIR / "london-safety-and-trust.json").questionnaire
#: No quasi-identifiers of its own: the export's columns and the stratum are its only keys.
ROUTING = load_file(FIXTURES / "banks" / "routing.json").questionnaire
#: Stratum: (cases, probability of selection, the borough question's code).
STRATA = {"Camden": (30, 0.01, "camden"), "Hackney": (30, 0.002, "hackney"), "Sutton": (1, 0.004, "sutton")}
OPEN = 40
#: Flags of the open-link responses that carry any (by their position among them).
FLAGGED = {0: "fast", 1: "duplicate,network", 2: "network"}


def filled(database: str, bank=SAMPLE) -> dict[str, list[uuid.UUID]]:
    """61 sampled responses (each linked to its case) and 40 through the open link, three of them flagged."""
    async def work():
        rng = random.Random(11)
        borough = bank.page("borough") is not None
        cases, sampled_answers = [], []
        for stratum, (count, probability, code) in STRATA.items():
            for n in range(count):
                cases.append(NewCase(uuid.uuid4(), f"{stratum[:2].upper()}{n:03d}", stratum, stratum, probability,
                                     {"line_1": f"{n} High Street"}, uuid.uuid4().hex))
                sampled_answers.append(synthetic.answers_for(bank, rng, fixed={"borough": code} if borough else None))
        await add_wave(bank.id, None, {"source": "file"}, cases)
        sampled = await synthetic.insert(bank, sampled_answers, meta=[{"route": "sample"}] * len(cases))
        for case, response_id in zip(cases, sampled):
            await SampleCase.update({SampleCase.response_id: response_id}).where(SampleCase.id == case.id)
        open_answers = [synthetic.answers_for(bank, rng) for _ in range(OPEN)]
        opened = await synthetic.insert(bank, open_answers, meta=[{"route": "open", "flags": FLAGGED.get(n, "")} for n in range(OPEN)])
        return {"sample": sampled, "open": opened}

    async def migrated_then():
        engine = await open_engine(database)
        try:
            await migrate(engine)
            return await work()
        finally:
            await close_engine(engine)

    return run_async(migrated_then())


def test_the_export_carries_the_design_and_the_flags_and_hides_a_lone_stratum_with_its_weight(database, tmp_path):
    filled(database, ROUTING)
    on_engine(database, lambda: export(ROUTING, tmp_path / "out", Options(formats=("csv",))))
    with (tmp_path / "out" / "routing.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 61 + OPEN
    header = list(rows[0])
    assert header[8:16] == ["self_completed", "route", "wave", "stratum", "design_weight", "flag_fast", "flag_duplicate", "flag_network"]
    sampled = [row for row in rows if row["route"] == "sample"]
    opened = [row for row in rows if row["route"] == "open"]
    assert len(sampled) == 61 and len(opened) == OPEN
    weights = {stratum: 1 / probability for stratum, (_, probability, _) in STRATA.items()}
    for row in sampled:
        assert row["wave"] == "1"
        assert row["flag_fast"] == row["flag_duplicate"] == row["flag_network"] == "-1"  # never checked
        if row["stratum"] == "-9":
            assert row["design_weight"] == "-9"  # the weight would tell the stratum
        else:
            assert float(row["design_weight"]) == pytest.approx(weights[row["stratum"]])
    # Sutton has one case: nobody shares its stratum, so it cannot be released; the others can.
    assert not [row for row in sampled if row["stratum"] == "Sutton"]
    assert sum(row["stratum"] == "-9" for row in sampled) == 1
    assert {row["stratum"] for row in sampled} - {"-9"} == {"Camden", "Hackney"}
    for row in opened:
        assert (row["wave"], row["stratum"], row["design_weight"]) == ("-1", "", "-1")
    assert sum(row["flag_network"] == "1" for row in opened) == 2
    assert sum(row["flag_fast"] == "1" for row in opened) == 1
    assert sum(row["flag_duplicate"] == "1" for row in opened) == 1
    assert all(row["flag_fast"] in ("0", "1") for row in opened)
    codebook = json.loads((tmp_path / "out" / "codebook.json").read_text())
    described = {v["name"]: v for v in codebook["variables"]}
    assert described["stratum"]["key"] is True and described["design_weight"]["key"] is False
    assert "suppressed too" in described["stratum"]["notes"][0]
    assert described["design_weight"]["type"] == "number"
    risk = json.loads((tmp_path / "out" / "risk.json").read_text())
    assert "stratum" in risk["quasi_identifiers"] and risk["k_achieved"] >= 5


def test_an_export_without_a_sample_has_only_the_flags(tmp_path):
    outcome = synthetic.exported(tmp_path, SAMPLE, [synthetic.answers_for(SAMPLE, random.Random(3)) for _ in range(12)],
                                 Options(formats=("csv",)))
    assert outcome.rows == 12
    with (tmp_path / "out" / "london-safety-and-trust.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert "route" not in header and "design_weight" not in header
    assert header[8:12] == ["self_completed", "flag_fast", "flag_duplicate", "flag_network"]


def _weighted_share(dataset, weights, question: str, codes: set[str], closed) -> float:
    answers = dataset.answers[question]
    in_base = dataset.bases[question]
    wanted = np.isin(answers, [n for n, o in enumerate(closed.options) if o.code in codes])
    return float(weights[in_base & wanted].sum() / weights[in_base].sum())


def test_the_figures_count_the_sample_alone_weighted_by_design_unless_the_bank_says(database):
    filled(database)
    dataset = on_engine(database, lambda: read(SAMPLE))
    assert dataset.source == "sample" and dataset.size == 61
    assert sorted(set(np.round(dataset.design, 6))) == [100.0, 250.0, 500.0]
    # Without margins, the weights are the design weights: a published figure is the design-weighted share.
    plain = SAMPLE.model_copy(update={"results": SAMPLE.results.model_copy(update={"margins": []})})
    results = Results(plain, dataset)
    question, indicator = next(iter(SAMPLE.results.indicators.items()))
    table = results.table(question, ())
    closed = results.closed[question]
    by_hand = _weighted_share(dataset, dataset.design, question, set(indicator.codes), closed)
    assert table.overall.indicator.weighted == pytest.approx(100 * by_hand)
    assert table.source == "sample" and table.weighted
    # With margins: raked from the design weights, which still matter, and the margins are met.
    raked = Results(SAMPLE, dataset)
    unraked_start = Results(SAMPLE, dataclasses.replace(dataset, design=None))
    assert not np.allclose(raked.weights, unraked_start.weights)
    for margin in SAMPLE.results.margins:
        grouping = raked.groupings[margin.breakdown]
        groups = dataset.groups[grouping.id]
        known = groups != grouping.not_known
        for n, code in enumerate(grouping.codes):
            if code in margin.shares and (groups == n).any():
                share = raked.weights[groups == n].sum() / raked.weights[known].sum()
                present = sum(s for c, s in margin.shares.items() if (groups == grouping.codes.index(c)).any())
                assert share == pytest.approx(margin.shares[code] / present, abs=1e-6)
    # Both routes together: no design weights; the open link alone, with the flagged left out when the bank says.
    both = SAMPLE.model_copy(update={"results": SAMPLE.results.model_copy(update={"source": "both"})})
    counted = on_engine(database, lambda: read(both))
    assert (counted.source, counted.size, counted.design) == ("both", 61 + OPEN, None)
    strict = SAMPLE.model_copy(update={
        "results": SAMPLE.results.model_copy(update={"source": "open_link"}),
        "integrity": SAMPLE.integrity.model_copy(update={"exclude_from_results": True}),
    })
    counted = on_engine(database, lambda: read(strict))
    assert (counted.source, counted.size, counted.flagged_left_out) == ("open_link", OPEN - len(FLAGGED), len(FLAGGED))


def test_every_results_page_says_where_its_figures_come_from(database, tmp_path):
    filled(database)
    publish_results(database, SAMPLE.id, SAMPLE_DIR)
    with running_app(tmp_path, SAMPLE_DIR, database_url=database) as client:
        visitor = Visitor(client)
        question = next(iter(SAMPLE.results.indicators))
        for path in (f"/results/{SAMPLE.id}", f"/results/{SAMPLE.id}/questions/{question}", f"/results/{SAMPLE.id}/differences"):
            said = visitor.get(path).select_one("#results-source").get_text(" ", strip=True)
            assert said.startswith("These figures come from the random sample"), path
        table = client.get(f"/results/{SAMPLE.id}/questions/{question}/table.csv").text
        rows = list(csv.DictReader(table.splitlines()))
        assert rows and {row["Source"] for row in rows} == {"Random sample"}
        text = visitor.get(f"/results/{SAMPLE.id}/methodology").select_one("main").get_text(" ", strip=True)
        assert "The raking starts from these weights" in text
        assert "Answers through the open link are not counted here" in text
