"""What a bank says about asking for help to answer: which ways it offers
(a BSL interpreter on a video call, a phone call, a home visit, a paper copy...)
and which organisations' community workers take each kind of request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .identifiers import Text


@dataclass(frozen=True)
class Way:
    code: str
    #: The least contact detail this way needs: "phone", "email" (or a video
    #: relay address), "address" (a postal address), in order of asking.
    needs: tuple[str, ...]
    #: How a worker collects the answers this way (a mode of collection).
    mode: str
    #: The format the respondent answers in, when the way says.
    format: str | None = None
    #: The language, when the way says.
    language: str | None = None


#: Every way to ask for help, in the order they are offered.
WAYS: dict[str, Way] = {way.code: way for way in (
    Way("bsl_video_call", ("email",), "bsl_interpreter", format="bsl"),
    Way("phone_call", ("phone",), "phone"),
    Way("text_relay", ("phone",), "phone"),
    Way("in_person", ("phone",), "in_person"),
    Way("home_visit", ("phone", "address"), "in_person"),
    Way("paper_large_print", ("address",), "alternative_format"),
    Way("paper_easy_read", ("address",), "alternative_format", format="easy_read"),
    Way("paper_braille", ("address",), "alternative_format"),
    Way("welsh", ("phone",), "phone", language="cy"),
    Way("arabic", ("phone",), "phone", language="ar"),
    Way("urdu", ("phone",), "phone", language="ur"),
)}


#: A way's code, as a bank names it (anything else is refused with its JSON path).
WayCode = Literal[tuple(WAYS)]  # type: ignore[valid-type]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HelpWay(_Strict):
    organisations: list[Text] = Field(
        min_length=1, description="The organisations whose community workers take these requests, as their accounts name them."
    )
    where: Text | None = Field(
        default=None, description='For "in_person": where, in words ("Inclusion London, 336 Brixton Road, SW9 7AA").'
    )


class Help(_Strict):
    ways: dict[WayCode, HelpWay] = Field(
        default_factory=dict,
        description="The ways respondents may ask for help to answer, each with the organisations that take them: "
        + ", ".join(WAYS) + ". With none, no page offers help beyond the contact details.",
    )

    def offered(self) -> list[tuple[Way, HelpWay]]:
        return [(way, self.ways[code]) for code, way in WAYS.items() if code in self.ways]
