"""BSL coverage: every page signed, with captions and a quality record, and
every media file present and of the type it claims."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from ..findings import ERROR, WARNING, Finding
from ..media import BslVideo, sniff
from ..schema import Questionnaire

#: What a declared file must contain.
_EXPECTED = {"mp4": {"mp4"}, "webm": {"webm"}, "captions": {"vtt"}, "poster": {"jpeg", "png", "webp"}}
_CODECS = {"mp4": {"h264", "hevc", "av1"}, "webm": {"vp8", "vp9", "av1"}}


def media_folder(questionnaires_dir: Path, questionnaire: Questionnaire) -> Path:
    return questionnaires_dir / "media" / questionnaire.id


def bsl_findings(questionnaire: Questionnaire, media_dir: Path) -> list[Finding]:
    """For a bank that declares BSL: every item without a video, captions or
    QA metadata, and every file that is missing or not what it claims to be."""
    if "bsl" not in questionnaire.formats:
        return []
    findings: list[Finding] = []
    for path, video, what in _bsl_items(questionnaire):
        if video is None:
            findings.append(Finding(path, "bsl-video", ERROR, f"{what} has no BSL video.", "Add a bsl clip with mp4 or webm, captions and QA metadata."))
            continue
        findings.extend(_video_findings(path, video, media_dir))
    return findings


def _bsl_items(questionnaire: Questionnaire) -> Iterator[tuple[str, BslVideo | None, str]]:
    survey = questionnaire.bsl
    for key, what in (("intro", "The introduction"), ("check", "The check-your-answers page"), ("confirmation", "The confirmation page")):
        yield f"$.bsl.{key}", getattr(survey, key) if survey else None, what
    if survey and survey.access_code:  # only sampled surveys ask for a code
        yield "$.bsl.access_code", survey.access_code, "The access code page"
    for s, section in enumerate(questionnaire.sections):
        for q, page in enumerate(section.questions):
            base = f"$.sections[{s}].questions[{q}].bsl"
            yield f"{base}.question", page.bsl.question if page.bsl else None, f"Page {page.id!r}"
            if page.bsl:
                for key in ("hint", "options"):
                    if getattr(page.bsl, key):
                        yield f"{base}.{key}", getattr(page.bsl, key), f"The {key} of {page.id!r}"
                for key, video in page.bsl.errors.items():
                    yield f"{base}.errors.{key}", video, f"Error {key!r} of {page.id!r}"


def _video_findings(path: str, video: BslVideo, media_dir: Path) -> Iterator[Finding]:
    if not video.captions:
        yield Finding(path, "bsl-captions", ERROR, "The video has no captions.", "Add a WebVTT file as captions (WCAG 1.2.2).")
    if video.placeholder:
        yield Finding(path, "bsl-placeholder", WARNING, "This clip is a placeholder, not a translation.",
                      "Replace it with a BSL translation checked by a Deaf-led review.")
    elif not (video.translator and video.checker and video.quality_checked):
        missing = [name for name in ("translator", "checker", "quality_checked") if not getattr(video, name)]
        yield Finding(path, "bsl-quality", ERROR, f"Translation metadata is missing: {', '.join(missing)}.",
                      "Record who translated, who checked and the date of the quality check (NHS BSL translation standard).")
    for field, name in video.files():
        file = media_dir / name
        where = f"{path}.{field}"
        if not file.is_file():
            yield Finding(where, "media-missing", ERROR, f"{file} does not exist.", "Add the file or correct the path.")
            continue
        with file.open("rb") as handle:
            kind = sniff(handle.read(64))
        if kind not in _EXPECTED[field]:
            yield Finding(where, "media-type", ERROR, f"{file} is not a {field} file (its content is {kind or 'unrecognised'}).",
                          f"Export it again as {field}.")
        elif field in _CODECS:
            codec = probe_video_codec(file)
            if codec is not None and codec not in _CODECS[field]:
                yield Finding(where, "media-type", ERROR, f"{file} holds {codec} video, not what {field} players expect.",
                              f"Encode it as {' or '.join(sorted(_CODECS[field]))}.")
            if codec == "":
                yield Finding(where, "media-type", ERROR, f"{file} has no video stream.", "Export it again with video.")


def probe_video_codec(file: Path) -> str | None:
    """The first video stream's codec by ffprobe; "" when there is none; None without ffprobe."""
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        return None
    result = subprocess.run(
        [ffprobe, "-v", "error", "-select_streams", "v", "-show_entries", "stream=codec_name", "-of", "json", str(file)],
        capture_output=True, text=True, timeout=60,
    )
    if result.returncode != 0:
        return ""
    streams = json.loads(result.stdout or "{}").get("streams", [])
    return streams[0]["codec_name"] if streams else ""
