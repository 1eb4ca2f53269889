"""British Sign Language video in a question bank, and how complete it is.

Media files live in ``questionnaires/media/<questionnaire-id>/``; the bank
names them by path inside that folder. Translation metadata follows the NHS
BSL translation standard: who translated, who checked, and when.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

#: A file inside the questionnaire's media folder. Every segment starts with a
#: letter, digit, "_" or "-", so "..", "." and absolute paths cannot be written.
MediaPath = Annotated[
    str,
    StringConstraints(max_length=200, pattern=r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$"),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BslVideo(_Strict):
    """One signed clip, in one or two containers, with captions and a poster."""

    mp4: MediaPath | None = Field(default=None, description="H.264 in MP4.")
    webm: MediaPath | None = Field(default=None, description="VP9 or VP8 in WebM.")
    captions: MediaPath | None = Field(default=None, description="English captions, WebVTT.")
    poster: MediaPath | None = Field(default=None, description="Still image shown before playing.")
    translator: str | None = Field(default=None, max_length=200)
    checker: str | None = Field(default=None, max_length=200, description="Who checked the translation.")
    quality_checked: dt.date | None = Field(default=None, description="Date of the quality check.")
    placeholder: bool = Field(default=False, description="A stand-in clip, not a translation: shown as such.")

    @model_validator(mode="after")
    def _some_video(self):
        if not (self.mp4 or self.webm):
            raise ValueError("a BSL video needs an mp4 or a webm file")
        return self

    def files(self) -> list[tuple[str, str]]:
        """(field, path) for each file named."""
        return [(name, getattr(self, name)) for name in ("mp4", "webm", "captions", "poster") if getattr(self, name)]


class QuestionBsl(_Strict):
    """BSL for one page: the question (signing its hint and options, as a
    translator would), and optionally the hint, the option list and error
    messages on their own."""

    question: BslVideo
    hint: BslVideo | None = None
    options: BslVideo | None = None
    errors: dict[str, BslVideo] = Field(default_factory=dict, description="By error key, for example required.")


class SurveyBsl(_Strict):
    """BSL for the pages around the questions."""

    intro: BslVideo | None = None
    check: BslVideo | None = None
    confirmation: BslVideo | None = None
    #: For a sampled survey: the page that asks for the code on the letter.
    access_code: BslVideo | None = None


#: What each kind of file starts with. A name says nothing: the bytes decide.
def sniff(head: bytes) -> str | None:
    """The kind of media in the first bytes of a file: mp4, webm, vtt, jpeg, png, webp, or None."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "mp4"  # the ISO base media family: MP4, MOV, 3GP
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm" if b"webm" in head[:64] else "matroska"
    text = head.lstrip(b"\xef\xbb\xbf")
    if text.startswith(b"WEBVTT") and (len(text) == 6 or text[6:7] in (b" ", b"\t", b"\n", b"\r")):
        return "vtt"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


#: Video kinds people may upload as a BSL answer (phones record MP4/MOV or WebM).
VIDEO_KINDS = {"mp4": "video/mp4", "webm": "video/webm", "matroska": "video/x-matroska"}
