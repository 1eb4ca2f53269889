"""Fieldwork on sampled cases: assigning them to workers, and recording each
contact attempt, which sets the case's outcome (AAPOR) where it says one."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from ..sampling.attempts import HOWS, OUTCOMES
from ..storage import audit, fieldwork, samples
from ..storage.samples import CaseRecord
from .i18n import gettext as _

HOW_WORDS: dict[str, Callable[[], str]] = {
    "visit": lambda: _("Visit to the address"),
    "phone": lambda: _("Phone call"),
    "video_call": lambda: _("Video call"),
    "text_relay": lambda: _("Text relay call"),
    "letter": lambda: _("Letter or card left"),
    "email": lambda: _("Email"),
}
OUTCOME_WORDS: dict[str, Callable[[], str]] = {
    "no_answer": lambda: _("No answer: nobody reached"),
    "appointment": lambda: _("Appointment made"),
    "refused": lambda: _("Refused"),
    "could_not_take_part": lambda: _("Could not take part, even with the support offered"),
    "moved_out": lambda: _("Moved out of London"),
    "vacant": lambda: _("Vacant"),
    "not_residential": lambda: _("Not a home"),
    "nobody_16": lambda: _("Nobody aged 16 or over lives there"),
    "other": lambda: _("Other reason for not taking part"),
}
assert set(HOW_WORDS) == set(HOWS) and set(OUTCOME_WORDS) == set(OUTCOMES)


def how_label(code: str) -> str:
    return HOW_WORDS[code]() if code in HOW_WORDS else code


def outcome_label(code: str) -> str:
    return OUTCOME_WORDS[code]() if code in OUTCOME_WORDS else code


async def record_attempt(case: CaseRecord, worker: uuid.UUID, email: str, at: dt.datetime, how: str, outcome: str) -> str | None:
    """Keep the attempt; set the case's outcome when the attempt says one (audited). The code set, if any."""
    await fieldwork.add_attempt(case.id, worker, at, how, outcome)
    code = OUTCOMES[outcome]
    if code is not None:
        await samples.record_disposition(case.id, code, email, f"{how}: {outcome}")
    await audit.record("case_attempt_recorded", email, worker, "case", str(case.id), questionnaire=case.questionnaire_id,
                       wave=case.wave, reference=case.reference, how=how, outcome=outcome, disposition=code, was=case.disposition)
    return code


async def assign_borough(questionnaire_id: str, wave: int, borough: str, worker: uuid.UUID, worker_email: str,
                         actor: str, actor_id: uuid.UUID | None) -> int:
    count = await fieldwork.assign_borough(questionnaire_id, wave, borough, worker)
    if count:
        await audit.record("cases_assigned", actor, actor_id, "questionnaire", questionnaire_id, wave=wave, borough=borough,
                           to=worker_email, cases=count)
    return count


async def assign_case(questionnaire_id: str, wave: int, reference: str, worker: uuid.UUID, worker_email: str,
                      actor: str, actor_id: uuid.UUID | None) -> CaseRecord | None:
    case = await samples.find(questionnaire_id, wave, reference)
    if case is None:
        return None
    await fieldwork.assign(case.id, worker)
    await audit.record("cases_assigned", actor, actor_id, "case", str(case.id), wave=wave, reference=reference, to=worker_email, cases=1)
    return case
