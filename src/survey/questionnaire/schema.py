"""A question bank: the model behind ``questionnaires/*.json`` and its JSON Schema."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from .conditions import Condition
from .disclosure import EXPORT_KEYS, Disclosure
from .results import Results, problems as results_problems
from .integrity import Integrity
from .help import Help
from .assisted import Assisted
from .easy_read import SurveyEasyRead
from .letters import Letters
from .media import SurveyBsl
from .identifiers import Email, HttpsUrl, QuestionId, QuestionnaireId, Text, Version
from .questions import AnyPage, Page, Question

SCHEMA_ID = "https://survey.invalid/schema/questionnaire.json"




class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IntroFor(_Strict):
    """The introduction's words for one way of answering, where the online words do not fit it."""

    body: list[Text] | None = Field(default=None, description="In place of the introduction's body.")
    privacy: list[Text] | None = Field(default=None, min_length=1, description="In place of the introduction's privacy paragraphs.")


#: The ways of answering an introduction can have words of its own for.
IntroWay = Literal["online", "assisted", "printed"]


class Intro(_Strict):
    """What the start page tells people before they begin."""

    summary: Text = Field(description="One sentence: what the survey is for.")
    body: list[Text] = Field(default_factory=list, description="More paragraphs about the survey.")
    duration_minutes: int = Field(ge=1, le=240, description="About how long it takes.")
    privacy: list[Text] = Field(min_length=1, description="How answers are used, kept and protected.")
    assisted: IntroFor | None = Field(
        default=None,
        description="Words a community worker reads to the respondent before an interview, in place of body and privacy "
        'where given: someone answering with a worker has no code to give and no "Exit this page" button.',
    )
    printed: IntroFor | None = Field(
        default=None,
        description="Words for the printed and plain-text versions, in place of body and privacy where given: "
        'on paper there is no "Exit this page" and no code to save answers with.',
    )

    def body_for(self, way: IntroWay) -> list[str]:
        own = self.assisted if way == "assisted" else self.printed if way == "printed" else None
        return own.body if own and own.body is not None else self.body

    def privacy_for(self, way: IntroWay) -> list[str]:
        own = self.assisted if way == "assisted" else self.printed if way == "printed" else None
        return own.privacy if own and own.privacy is not None else self.privacy


class Contact(_Strict):
    """How people get help or another format. Shown on every page."""

    phone: Text | None = None
    text_phone: Text | None = Field(default=None, description="A number people can text (SMS).")
    email: Email | None = None
    bsl_video_relay: HttpsUrl | None = Field(default=None, description="A BSL video relay service link.")
    hours: Text | None = Field(default=None, description="When phone and text are answered.")

    @model_validator(mode="after")
    def _some_way(self):
        if not (self.phone or self.text_phone or self.email or self.bsl_video_relay):
            raise ValueError("give at least one way to get help: phone, text_phone, email or bsl_video_relay")
        return self


class Section(_Strict):
    id: QuestionId
    title: Text
    show_if: Condition | None = None
    sensitive: bool = Field(
        default=False,
        description='Pages in this section show "Exit this page", for topics such as hate crime.',
    )
    private: bool = Field(
        default=False,
        description="In an assisted interview the worker may hand the device to the respondent for this section, to "
        "answer on their own (self-completion): the worker is signed out until it is handed back, and never sees those answers.",
    )
    questions: list[AnyPage] = Field(min_length=1)


class Assessment(_Strict):
    """How ``survey check`` judges this bank, where the bank has its reasons."""

    dont_know_is_a_way_out: bool = Field(
        default=False,
        description='A required sensitive question with a "Don\'t know" answer passes the way-out rule: for banks whose '
        "respondents use it to decline, as interviewer surveys often find.",
    )


class Questionnaire(_Strict):
    schema_ref: str | None = Field(default=None, alias="$schema")
    id: QuestionnaireId
    version: Version = Field(description="Change it whenever the questions change.")
    title: Text
    organisation: Text = Field(description="Who runs the survey.")
    languages: list[str] = Field(default_factory=lambda: ["en"], min_length=1)
    formats: list[Literal["bsl", "easy_read"]] = Field(
        default_factory=list,
        description='Formats the bank supports beyond standard English. "bsl": every page has a BSL video; '
        '"easy_read": every page has an Easy Read version.',
    )
    easy_read: SurveyEasyRead | None = Field(default=None, description="The title and introduction in Easy Read.")
    glossary: dict[str, Text] = Field(
        default_factory=dict, description="Short words and acronyms used on purpose, with what they mean."
    )
    bsl: SurveyBsl | None = Field(default=None, description="BSL videos for the introduction, check and confirmation pages, and the access code page of a sampled survey.")
    intro: Intro
    contact: Contact
    letters: Letters | None = Field(default=None, description="Invitation and reminder letters for a sampled survey.")
    disclosure: Disclosure = Field(default_factory=Disclosure, description="Disclosure control on export.")
    results: Results = Field(default_factory=Results, description="Public results: breakdowns, weighting and headline figures.")
    help: Help = Field(default_factory=Help, description="Asking for help to answer: the ways offered and who takes them.")
    integrity: Integrity = Field(default_factory=Integrity, description="Integrity flags on responses sent through the open link.")
    assessment: Assessment = Field(default_factory=Assessment, description="How survey check judges this bank.")
    assisted: Assisted = Field(default_factory=Assisted, description="Responses community workers enter: whether a supervisor must accept them.")
    sections: list[Section] = Field(min_length=1)

    _pages: tuple[Page, ...] = PrivateAttr(default=())
    _section_of: dict[str, Section] = PrivateAttr(default_factory=dict)
    _index: dict[str, int] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _importance_names_quasi_identifiers(self):
        flagged = {q.id for q in self.questions_unchecked() if q.quasi_identifier}
        keys = set(EXPORT_KEYS) - set(self.disclosure.not_keys)
        for position, qid in enumerate(self.disclosure.importance):
            if qid not in flagged | keys:
                raise ValueError(
                    f"disclosure.importance[{position}]: {qid!r} is neither a question flagged quasi_identifier "
                    f"nor a key column the export adds ({', '.join(sorted(keys))})"
                )
        for name in self.disclosure.not_keys:
            if name not in EXPORT_KEYS:
                raise ValueError(f"disclosure.not_keys: {name!r} is not a column the export adds ({', '.join(EXPORT_KEYS)})")
        return self

    @model_validator(mode="after")
    def _results_name_what_exists(self):
        found = results_problems(self.results, {q.id: q for q in self.questions_unchecked()})
        if found:
            raise ValueError("; ".join(found))
        return self

    def questions_unchecked(self) -> list[Question]:
        return [p for s in self.sections for p in s.questions if p.collects_answer]

    def model_post_init(self, context: Any) -> None:
        pages: list[Page] = []
        for section in self.sections:
            for page in section.questions:
                self._section_of.setdefault(page.id, section)
                self._index.setdefault(page.id, len(pages))
                pages.append(page)
        self._pages = tuple(pages)

    @property
    def pages(self) -> tuple[Page, ...]:
        """Every page in order, across sections."""
        return self._pages

    def page(self, page_id: str) -> Page | None:
        index = self._index.get(page_id)
        return None if index is None else self._pages[index]

    def section_of(self, page_id: str) -> Section:
        return self._section_of[page_id]

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def questions(self) -> list[Question]:
        return [p for p in self._pages if p.collects_answer]


def json_schema() -> dict[str, Any]:
    schema = Questionnaire.model_json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
