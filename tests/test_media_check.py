"""`survey check` on BSL media: every missing video, caption, QA record or file,
and every file that is not what it claims to be."""

from __future__ import annotations

import json
import shutil

import pytest

from banks import bank, radio, section
from conftest import FIXTURES
from survey.questionnaire import parse
from survey.questionnaire.rules.bsl import bsl_findings
from survey.questionnaire.media import sniff
from test_cli import survey

CLIPS = FIXTURES / "banks" / "media" / "all-types"
REAL = {"mp4": "clip.mp4", "webm": "clip.webm", "captions": "clip.vtt", "poster": "clip.jpg",
        "translator": "A. Translator", "checker": "B. Checker", "quality_checked": "2026-10-01"}


def bsl_bank(**page_bsl) -> dict:
    data = bank(section("s", radio("a", "x", "y", bsl={"question": page_bsl or REAL})))
    data["formats"] = ["bsl"]
    data["bsl"] = {"intro": REAL, "check": REAL, "confirmation": REAL}
    return data


@pytest.fixture
def media(tmp_path):
    folder = tmp_path / "media" / "test-bank"
    shutil.copytree(CLIPS, folder)
    return folder


def findings(data, media) -> list[tuple[str, str, str]]:
    return [(f.path, f.rule, f.severity) for f in bsl_findings(parse(json.dumps(data)).questionnaire, media)]


def test_complete_bsl_has_no_findings(media):
    assert findings(bsl_bank(), media) == []


def test_a_bank_without_bsl_declared_is_not_held_to_it(media):
    data = bank(section("s", radio("a", "x", "y")))
    assert findings(data, media) == []


def test_missing_videos_are_errors(media):
    data = bsl_bank()
    del data["sections"][0]["questions"][0]["bsl"]
    data["bsl"].pop("check")
    assert findings(data, media) == [
        ("$.bsl.check", "bsl-video", "error"),
        ("$.sections[0].questions[0].bsl.question", "bsl-video", "error"),
    ]


def test_missing_captions_and_quality_record(media):
    clip = {k: v for k, v in REAL.items() if k not in {"captions", "checker"}}
    assert findings(bsl_bank(**clip), media) == [
        ("$.sections[0].questions[0].bsl.question", "bsl-captions", "error"),
        ("$.sections[0].questions[0].bsl.question", "bsl-quality", "error"),
    ]


def test_placeholders_are_warnings_not_errors(media):
    clip = {"mp4": "clip.mp4", "captions": "clip.vtt", "placeholder": True}
    assert findings(bsl_bank(**clip), media) == [("$.sections[0].questions[0].bsl.question", "bsl-placeholder", "warning")]


def test_missing_and_mislabelled_files(media):
    (media / "fake.mp4").write_text("not a video")
    shutil.copy(media / "clip.mp4", media / "really-mp4.webm")
    clip = {**REAL, "mp4": "fake.mp4", "webm": "really-mp4.webm", "poster": "nowhere.jpg", "captions": "clip.jpg"}
    assert findings(bsl_bank(**clip), media) == [
        ("$.sections[0].questions[0].bsl.question.mp4", "media-type", "error"),
        ("$.sections[0].questions[0].bsl.question.webm", "media-type", "error"),
        ("$.sections[0].questions[0].bsl.question.captions", "media-type", "error"),
        ("$.sections[0].questions[0].bsl.question.poster", "media-missing", "error"),
    ]


def test_paths_cannot_leave_the_media_folder():
    data = bsl_bank(**{**REAL, "mp4": "../../secrets.mp4"})
    with pytest.raises(Exception, match="mp4"):
        parse(json.dumps(data))


@pytest.mark.parametrize(
    "head, kind",
    [(b"\x00\x00\x00\x18ftypmp42", "mp4"), (b"\x1a\x45\xdf\xa3\x9fB\x86\x81\x01webm", "webm"), (b"WEBVTT\n\n", "vtt"),
     (b"\xef\xbb\xbfWEBVTT - captions", "vtt"), (b"\xff\xd8\xff\xe0", "jpeg"), (b"#!/bin/sh", None), (b"WEBVTTX", None)],
)
def test_content_decides_the_kind(head, kind):
    assert sniff(head) == kind


def test_check_command_fails_with_the_path_and_fix(tmp_path, media):
    data = bsl_bank()
    del data["sections"][0]["questions"][0]["bsl"]
    (tmp_path / "test-bank.json").write_text(json.dumps(data))
    result = survey("check", str(tmp_path / "test-bank.json"))
    assert result.returncode == 1
    assert "FAILED: Test survey (test-bank version 1, 1 question): 1 errors, 0 warnings" in result.stdout
    assert "error: $.sections[0].questions[0].bsl.question: bsl-video: Page 'a' has no BSL video. Fix: Add a bsl clip" in result.stdout
