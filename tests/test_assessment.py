"""The accessibility assessment: each rule with a passing and a failing example."""

from __future__ import annotations

import json

import pytest

from banks import bank, radio, section
from conftest import SAMPLE_DIR
from survey.questionnaire import load_file, parse
from survey.questionnaire.check import assess, summarise
from survey.questionnaire.rules import easy_read, plain_english, structure
from test_cli import survey

PICTURES = {"agree", "question", "home"}


def q(data):
    return parse(json.dumps(data)).questionnaire


def rules(findings):
    return [(f.rule, f.severity) for f in findings]


def er_bank(idea_text: str = "You can **stop** at any time.", picture: str | None = "home", alt: str | None = "A house", **extra):
    idea = {"text": idea_text, **({"picture": picture} if picture else {}), **({"alt": alt} if alt else {})}
    data = bank(section("s", radio("a", "yes", "no", easy_read={
        "title": "Do you feel safe?", "ideas": [idea], "options": {"yes": {"text": "Yes"}, "no": {"text": "No"}}})))
    data["formats"] = ["easy_read"]
    data["easy_read"] = {"title": "A survey", "intro": [{"text": "Tell us what you think.", "picture": "question", "alt": "A question mark"}]}
    data.update(extra)
    return data


def er_rules(data):
    return rules(easy_read.findings(q(data), PICTURES))


def test_good_easy_read_passes():
    assert er_rules(er_bank()) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("This sentence has far too many words in it for anyone reading Easy Read to follow it well.", [("er-sentence-length", "error")]),
        ("We ask this because it matters and it helps us, which is good.", [("er-one-idea", "warning")]),
        ("Your answers are kept safe.", [("er-passive", "warning")]),
        ("You are Disabled and you matter.", []),
        ("Ask the MPS for help.", [("er-acronym", "warning")]),
        ("Tell us about the incident.", [("er-hard-word", "warning")]),
        ("Tell us about the incident. This means what happened.", []),
    ],
)
def test_easy_read_wording(text, expected):
    assert er_rules(er_bank(text)) == expected


def test_glossary_explains_acronyms_and_hard_words():
    data = er_bank("Ask the MPS about the incident.", glossary={"MPS": "the Metropolitan Police Service", "incident": "what happened"})
    assert er_rules(data) == []


def test_pictures_and_alt_text():
    assert er_rules(er_bank(picture=None, alt=None)) == [("er-picture", "warning")]
    assert er_rules(er_bank(alt=None)) == [("er-picture-alt", "error")]
    assert er_rules(er_bank(picture="unicorn")) == [("er-picture", "error")]


def test_missing_easy_read_when_the_bank_offers_it():
    data = er_bank()
    data["sections"][0]["questions"].append(radio("b", "x", "y"))
    data["sections"][0]["questions"][0]["easy_read"]["options"].pop("no")
    assert er_rules(data) == [("er-missing", "error"), ("er-missing", "error")]
    data["formats"] = []
    assert er_rules(data) == [("er-missing", "error")], "options of a page that has Easy Read still need it"


def test_easy_read_option_codes_must_exist():
    data = er_bank()
    data["sections"][0]["questions"][0]["easy_read"]["options"]["maybe"] = {"text": "Maybe"}
    with pytest.raises(Exception, match="'maybe' is not an answer code of 'a'"):
        q(data)


@pytest.mark.parametrize(
    "title, rule",
    [
        ("Do you feel safe and do you trust the police?", "pe-double-barrelled"),
        ("To what extent would you characterise the organisational responsiveness of constabulary institutions?", "pe-reading-age"),
        ("Does your condition mean you suffer from pain?", "pe-medical-model"),
        ("Are you wheelchair-bound?", "pe-medical-model"),
    ],
)
def test_plain_english_flags(title, rule):
    data = bank(section("s", radio("a", "yes", "no", title=title)))
    assert rule in [r for r, _ in rules(plain_english.findings(q(data)))]


def test_plain_english_passes_plain_questions():
    data = bank(section("s", radio("a", "yes", "no", title="Do you feel safe at home?"), radio("b", "yes", "no", title="Are you a wheelchair user?")))
    assert rules(plain_english.findings(q(data))) == []


def test_negative_agree_statement():
    data = bank(section("s", radio("a", "strongly_agree", "strongly_disagree", title="The police do not listen.")))
    assert ("pe-negative-statement", "warning") in rules(plain_english.findings(q(data)))


def test_ignored_rules_need_a_reason_and_are_not_reported():
    data = bank(section("s", radio("a", "yes", "no", title="Do you feel safe and do you trust the police?",
                                   assessment_ignore={"pe-double-barrelled": "Standard wording."})))
    assert rules(plain_english.findings(q(data))) == []


def test_structure_rules():
    many = [f"o{i}" for i in range(9)]
    data = bank(section("s", radio("a", *many), radio("b", "x", "y", sensitive=True), radio("c", "x", "y", complex=True)))
    assert rules(structure.findings(q(data))) == [
        ("st-many-options", "warning"), ("st-sensitive-required", "error"), ("st-complex-no-hint", "warning")]
    fixed = bank(section("s", radio("a", *many, "none"), radio("b", "x", "y", sensitive=True, prefer_not_to_say=True),
                         radio("c", "x", "y", complex=True, hint="Think about the last month.")))
    assert rules(structure.findings(q(fixed))) == []


def test_dont_know_is_a_way_out_only_when_the_bank_says_so():
    data = bank(section("s", radio("b", "x", "y", sensitive=True, dont_know=True)))
    found = structure.findings(q(data))
    assert rules(found) == [("st-sensitive-required", "error")] and "assessment.dont_know_is_a_way_out" in found[0].fix
    data["assessment"] = {"dont_know_is_a_way_out": True}
    assert rules(structure.findings(q(data))) == []
    without = bank(section("s", radio("b", "x", "y", sensitive=True)))
    without["assessment"] = {"dont_know_is_a_way_out": True}
    assert rules(structure.findings(q(without))) == [("st-sensitive-required", "error")]  # no "Don't know" to count


def test_sample_bank_passes_with_zero_errors():
    questionnaire = load_file(SAMPLE_DIR / "london-safety-and-trust.json").questionnaire
    findings = assess(questionnaire, SAMPLE_DIR / "media" / questionnaire.id, None)
    summary = summarise(findings)
    assert summary.errors == 0 and summary.passed
    assert {f.rule for f in findings} == {"bsl-placeholder"}, "only the honest placeholder warnings remain"
    assert not summarise(findings, max_warnings=10).passed


def test_report_formats(tmp_path):
    result = survey("check", str(SAMPLE_DIR), "--format", "json")
    assert result.returncode == 0
    [report] = json.loads(result.stdout)
    assert report["passed"] and report["errors"] == 0 and report["findings"][0]["fix"]
    out = tmp_path / "report.html"
    assert survey("check", str(SAMPLE_DIR), "--format", "html", "--out", str(out)).returncode == 0
    html = out.read_text()
    assert "<html lang=\"en\">" in html and "<caption>Findings for London safety and trust survey (london-safety-and-trust version 1.10.0" in html
    assert '<th scope="col">How to fix it</th>' in html
    failing = survey("check", str(SAMPLE_DIR), "--max-warnings", "5")
    assert failing.returncode == 1 and "FAILED" in failing.stdout


def letter_bank(**invitation) -> dict:
    letter = {"title": "Please tell us how safe you feel", "body": ["We picked your home by chance. Your answers count."], **invitation}
    return bank(section("s", radio("a", "yes", "no", title="Do you feel safe at home?")),
                letters={"signed_by": "Sam Patel, Research Manager", "invitation": letter})


def test_letters_are_read_like_questions():
    assert [(f.path, f.rule) for f in plain_english.findings(q(letter_bank()))] == []
    long = "We are writing to you because your address was one of a number chosen entirely at random from every address in the city for this very important piece of research."
    found = [(f.path, f.rule) for f in plain_english.findings(q(letter_bank(body=[long, "People who suffer from a condition can take part."])))]
    assert ("$.letters.invitation.body[0]", "pe-long-sentence") in found
    assert ("$.letters.invitation.body[0]", "pe-reading-age") in found
    assert ("$.letters.invitation.body[1]", "pe-medical-model") in found


def test_a_letter_needs_an_easy_read_version_when_the_bank_offers_easy_read():
    data = letter_bank()
    data["formats"] = ["easy_read"]
    data["easy_read"] = {"title": "A survey", "intro": [{"text": "It is short.", "picture": "question", "alt": "A question mark"}]}
    data["sections"][0]["questions"][0]["easy_read"] = {"title": "Do you feel safe?", "options": {"yes": {"text": "Yes"}, "no": {"text": "No"}}}
    assert [(f.path, f.rule) for f in easy_read.findings(q(data))] == [("$.letters.invitation.easy_read", "er-missing")]
    data["letters"]["invitation"]["easy_read"] = [{"text": "We picked your home.", "picture": "home", "alt": ""}]
    assert [(f.path, f.rule) for f in easy_read.findings(q(data))] == [("$.letters.invitation.easy_read[0].alt", "er-picture-alt")]
