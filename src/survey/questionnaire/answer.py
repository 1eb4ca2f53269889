"""An answer as saved, and the one codec between it and the JSON stored.

Most answers are stored as their plain value: an option's code, a list of
codes, a whole number, an ISO date or the words typed. Two kinds are more:
an answer signed in British Sign Language (a video, perhaps with words
beside it), and "chose not to answer", which a worker records for someone
they are helping. That one is an answer (the journey moves on, and a
required question is satisfied) that matches no routing condition and no
option, and exports as its own missing-value code, distinct from a question
never asked. Nothing outside this module spells out how they are stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_DECLINED_KEY = "declined"
_VIDEO_KEY = "bsl_video"
_TEXT_KEY = "text"


@dataclass(frozen=True)
class Answer:
    #: The plain value: a code, codes, a number, an ISO date or words; None
    #: when left blank, or when only signed or declined.
    value: Any = None
    #: A BSL video answer: its file (in the uploads folder), media type and size.
    video: Mapping[str, Any] | None = None
    declined: bool = False

    @classmethod
    def of(cls, stored: Any) -> Answer:
        """The answer that the stored JSON value holds."""
        if isinstance(stored, dict):
            if stored.get(_DECLINED_KEY) is True:
                return DECLINED
            video = stored.get(_VIDEO_KEY)
            if isinstance(video, dict):
                return cls(value=stored.get(_TEXT_KEY) or None, video=video)
        return cls(value=stored)

    def stored(self) -> Any:
        """The JSON value to store (the inverse of ``of``)."""
        if self.declined:
            return {_DECLINED_KEY: True}
        if self.video is not None:
            return {_VIDEO_KEY: dict(self.video), **({_TEXT_KEY: self.value} if self.value else {})}
        return self.value

    def signed(self, video: Mapping[str, Any]) -> Answer:
        """This answer with a BSL video beside it (the words typed, if any, kept)."""
        return Answer(value=self.value, video=video)

    @property
    def blank(self) -> bool:
        """Nothing given: an optional question left empty (or not answered yet)."""
        return self.value in (None, "", []) and self.video is None and not self.declined

    @property
    def given(self) -> bool:
        """Answered, for routing: a value or a video; not a blank, nor "chose not to answer"."""
        return not self.blank and not self.declined

    @property
    def video_file(self) -> str | None:
        return str(self.video["file"]) if self.video else None

    @property
    def video_bytes(self) -> int:
        return int(self.video["bytes"]) if self.video else 0

    @property
    def words(self) -> str:
        """The words of a free-text answer ("" if none); a video never counts as words."""
        return "" if self.declined or self.value is None else str(self.value)


#: "Chose not to answer", recorded by a worker.
DECLINED = Answer(declined=True)

