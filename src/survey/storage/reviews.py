"""Free-text answers read by a reviewer before they may leave in an export.

Patterns miss things (a nickname, a street described, a rare job), so each
free-text answer in a sent response waits here until an analyst or admin
has read it and released it as redacted, released their own edit of it, or
withheld it. An export holds only released text.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from ..questionnaire.answer import Answer
from .responses import SUBMITTED
from .sealing import seal, unseal
from .tables import TextReview

DECISIONS = ("released", "edited", "withheld")
#: Bookkeeping, not a person's decision: an answer with no words (left
#: blank, declined, or a BSL video alone) has nothing to read.
EMPTY = "empty"
#: Unreviewed answers looked at per query while filling a page.
_SCAN = 500


@dataclass(frozen=True)
class Waiting:
    response_id: uuid.UUID
    question_id: str
    text: str


def words_of(value: Any) -> str:
    """The words of a free-text answer as saved ("" if none): a text signed in
    BSL may have words beside the video; the video itself never leaves."""
    return Answer.of(value).words


def _placeholders(count: int) -> str:
    return ", ".join(["{}"] * count)


async def waiting(questionnaire_id: str, question_ids: list[str], limit: int = 10) -> list[Waiting]:
    """Up to ``limit`` answers nobody has read yet, oldest response id first.
    Answers with no words are marked as such on the way (nothing to read)."""
    if not question_ids:
        return []
    found: list[Waiting] = []
    while len(found) < limit:
        rows = await TextReview.raw(
            "SELECT a.response AS response, a.question_id AS question_id, a.value AS value FROM answer a "
            "JOIN response r ON r.id = a.response "
            "LEFT JOIN text_review t ON t.response = a.response AND t.question_id = a.question_id "
            f"WHERE r.questionnaire_id = {{}} AND r.status = {{}} AND a.question_id IN ({_placeholders(len(question_ids))}) "
            f"AND t.id IS NULL ORDER BY a.response, a.question_id LIMIT {_SCAN}",
            questionnaire_id, SUBMITTED, *question_ids,
        )
        if not rows:
            return found
        empty = []
        for row in rows:
            words = words_of(unseal(json.loads(row["value"])))
            if words.strip():
                if len(found) < limit:
                    found.append(Waiting(_uuid(row["response"]), row["question_id"], words))
            else:
                empty.append(row)
        for row in empty:
            await _save(_uuid(row["response"]), row["question_id"], {"decision": EMPTY, "text": None}, None)
        if not empty:
            return found
    return found


def _uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


async def tally(questionnaire_id: str, question_ids: list[str]) -> dict[str, int]:
    """How many answers are waiting (those with no words included until
    looked at) and how many were released, edited or withheld."""
    counts = {"waiting": 0, **{decision: 0 for decision in DECISIONS}}
    if not question_ids:
        return counts
    rows = await TextReview.raw(
        "SELECT t.value AS value FROM text_review t JOIN response r ON r.id = t.response "
        f"WHERE r.questionnaire_id = {{}} AND t.question_id IN ({_placeholders(len(question_ids))})",
        questionnaire_id, *question_ids,
    )
    for row in rows:
        decision = json.loads(row["value"])["decision"]
        if decision in counts:
            counts[decision] += 1
    waiting_rows = await TextReview.raw(
        "SELECT count(*) AS n FROM answer a JOIN response r ON r.id = a.response "
        "LEFT JOIN text_review t ON t.response = a.response AND t.question_id = a.question_id "
        f"WHERE r.questionnaire_id = {{}} AND r.status = {{}} AND a.question_id IN ({_placeholders(len(question_ids))}) "
        "AND t.id IS NULL",
        questionnaire_id, SUBMITTED, *question_ids,
    )
    counts["waiting"] = int(waiting_rows[0]["n"])
    return counts


async def answer_text(questionnaire_id: str, response_id: uuid.UUID, question_id: str) -> str | None:
    """The words of one sent free-text answer, or None if there is no such answer."""
    rows = await TextReview.raw(
        "SELECT a.value AS value FROM answer a JOIN response r ON r.id = a.response "
        "WHERE r.questionnaire_id = {} AND r.status = {} AND a.response = {} AND a.question_id = {}",
        questionnaire_id, SUBMITTED, response_id, question_id,
    )
    return words_of(unseal(json.loads(rows[0]["value"]))) if rows else None


async def decide(response_id: uuid.UUID, question_id: str, decision: str, text: str | None, reviewer_id: uuid.UUID | None) -> None:
    """Record a reviewer's decision (again replaces it). The edited text is sealed like the answer."""
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    await _save(response_id, question_id, {"decision": decision, "text": seal(text) if decision == "edited" else None}, reviewer_id)


async def _save(response_id: uuid.UUID, question_id: str, value: dict[str, Any], reviewer_id: uuid.UUID | None) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    await TextReview.raw(
        "INSERT INTO text_review (response, question_id, value, reviewer_id, reviewed_at) VALUES ({}, {}, {}, {}, {}) "
        "ON CONFLICT (response, question_id) DO UPDATE SET value = excluded.value, reviewer_id = excluded.reviewer_id, "
        "reviewed_at = excluded.reviewed_at",
        response_id, question_id, json.dumps(value), reviewer_id, now,
    )


def released(stored: str | None) -> tuple[bool, str | None]:
    """From a review as an export reads it (its JSON text, None if there is
    none): whether the answer may leave, and the reviewer's own words if they edited it."""
    if stored is None:
        return False, None
    value = json.loads(stored)
    if value["decision"] == "edited":
        return True, unseal(value["text"])
    return value["decision"] == "released", None
