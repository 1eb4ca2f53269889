"""The introduction in words that fit how someone answers: read aloud by a
worker, a respondent has no code and no "Exit this page"; on paper neither
exists either. A bank gives those words (intro.assisted, intro.printed);
where it does not, the online words stand."""

from __future__ import annotations

from conftest import FIXTURES, SAMPLE_DIR
from staff import add_user, sign_in
from survey.questionnaire import load_file
from web_client import Visitor, running_app

BANK = "london-safety-and-trust"
ONLINE_ONLY = ("Exit this page", "your code")


def test_a_bank_without_its_own_words_for_a_way_keeps_the_online_ones():
    intro = load_file(FIXTURES / "banks" / "routing.json").questionnaire.intro
    for way in ("online", "assisted", "printed"):
        assert intro.body_for(way) == intro.body and intro.privacy_for(way) == intro.privacy
    sample = load_file(SAMPLE_DIR / f"{BANK}.json").questionnaire.intro
    assert sample.privacy_for("online") == sample.privacy and sample.privacy_for("assisted") != sample.privacy
    assert sample.body_for("assisted") == sample.body  # only its privacy words differ


def test_the_consent_script_and_the_printed_versions_never_speak_of_codes_or_exit_buttons(tmp_path):
    database = f"sqlite:///{tmp_path}/web.db"
    add_user(database, "worker@example.org", "worker", organisation="Deaf Futures")
    with running_app(tmp_path, SAMPLE_DIR, database_url=database) as client:
        respondent = Visitor(client, own_cookies=True)
        respondent.get(f"/s/{BANK}")
        online = respondent.soup.select_one("main").get_text(" ", strip=True)
        assert all(words in online for words in ONLINE_ONLY)  # online, both are real

        worker = Visitor(client, own_cookies=True)
        sign_in(worker, "worker@example.org")
        worker.get(f"/assist/new/{BANK}")
        script = worker.soup.select_one("#consent-script").get_text(" ", strip=True)
        assert not [words for words in ONLINE_ONLY if words in script], script
        assert "At the end I will give you a reference number" in script
        for kind in ("large-print", "plain-text", "easy-read"):
            printed = worker.request("GET", f"/assist/formats/{BANK}/{kind}").text
            if kind != "easy-read":  # which has its own Easy Read introduction
                assert "Taking part is your choice. You can leave any question blank." in printed
            assert not [words for words in ONLINE_ONLY if words in printed], kind
        assert "You can leave them blank or tick “Prefer not to say”." in printed  # the hate crime page's own paper words


def test_survey_check_finds_web_words_without_their_paper_or_interview_words(tmp_path):
    import json

    from survey.questionnaire.check import assess
    from survey.questionnaire.loader import parse

    data = json.loads((SAMPLE_DIR / f"{BANK}.json").read_text(encoding="utf-8"))
    assert not [f for f in assess(parse(json.dumps(data)).questionnaire, SAMPLE_DIR / "media") if f.rule.startswith("wy-")]
    del data["intro"]["assisted"], data["intro"]["printed"], data["sections"][2]["questions"][0]["printed"]
    found = {(f.path, f.rule) for f in assess(parse(json.dumps(data)).questionnaire, SAMPLE_DIR / "media") if f.rule.startswith("wy-")}
    assert found == {
        ("$.intro.body[2]", "wy-printed-intro"),
        ("$.intro.privacy[3]", "wy-printed-intro"),
        ("$.intro.privacy[3]", "wy-assisted-intro"),
        ("$.sections[2].questions[0].body[1]", "wy-printed-page"),
    }
