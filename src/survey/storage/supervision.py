"""Supervisors' review of assisted responses: the ones waiting, accepting
one, returning one to its worker with a comment."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from .responses import IN_PROGRESS, SUBMITTED
from .sealing import seal, unseal
from .tables import Account, ReviewDecision, Response

#: Sent and not yet reviewed: "held" ones do not count until accepted.
WAITING = ("held", "waiting")


def state_on_sending(review: str) -> str:
    """The review state of an assisted response as it is sent, by the bank's rule."""
    return "held" if review == "required" else "waiting"


@dataclass(frozen=True)
class ForReview:
    id: uuid.UUID
    questionnaire_id: str
    reference: str | None
    mode: str
    worker_email: str | None
    submitted_at: dt.datetime
    held: bool


async def waiting(reviewer: uuid.UUID, organisation: str | None, everyone: bool, limit: int = 50, offset: int = 0) -> tuple[list[ForReview], int]:
    """Sent assisted responses nobody has reviewed, oldest first: entered by
    workers of ``organisation`` (``everyone``: by any worker), never the
    reviewer's own. Also how many there are, for paging."""
    where = await _reviewable(reviewer, organisation, everyone)
    total = await Response.count().where(where)
    rows = await (
        Response.select(Response.id, Response.questionnaire_id, Response.reference, Response.mode, Response.submitted_at,
                        Response.review, Response.entered_by)
        .where(where).order_by(Response.submitted_at).limit(limit).offset(offset)
    )
    workers = {row["entered_by"] for row in rows}
    emails = {a["id"]: a["email"] for a in await Account.select(Account.id, Account.email).where(Account.id.is_in(list(workers)))} if workers else {}
    return [ForReview(row["id"], row["questionnaire_id"], row["reference"], row["mode"], emails.get(row["entered_by"]),
                      row["submitted_at"], row["review"] == "held") for row in rows], total


async def _reviewable(reviewer: uuid.UUID, organisation: str | None, everyone: bool):
    where = (Response.status == SUBMITTED) & Response.review.is_in(list(WAITING)) & (Response.entered_by != reviewer)
    if not everyone:
        # The organisation of the worker's account, not the one typed on the response.
        colleagues = [row["id"] for row in await Account.select(Account.id).where(Account.organisation == organisation)] if organisation else []
        where &= Response.entered_by.is_in(colleagues or [uuid.UUID(int=0)])
    return where


async def may_review(response_id: uuid.UUID, reviewer: uuid.UUID, organisation: str | None, everyone: bool) -> bool:
    return await Response.exists().where((Response.id == response_id) & await _reviewable(reviewer, organisation, everyone))


async def accept(response_id: uuid.UUID, reviewer: uuid.UUID) -> bool:
    """Accepted: it counts from now on. False if it was not waiting (someone else decided first)."""
    updated = await (
        Response.update({Response.review: "accepted"})
        .where((Response.id == response_id) & (Response.status == SUBMITTED) & Response.review.is_in(list(WAITING)))
        .returning(Response.id)
    )
    if updated:
        await _decided(response_id, "accepted", reviewer, "")
    return bool(updated)


async def return_to_worker(response_id: uuid.UUID, reviewer: uuid.UUID, comment: str) -> bool:
    """Back to its worker, unsent, with the comment: it counts again only once
    sent again (and, where review is required, accepted). Its reference stays."""
    updated = await (
        Response.update({Response.status: IN_PROGRESS, Response.review: "", Response.submitted_at: None,
                         Response.updated_at: dt.datetime.now(dt.timezone.utc)})
        .where((Response.id == response_id) & (Response.status == SUBMITTED) & Response.review.is_in(list(WAITING)))
        .returning(Response.id)
    )
    if updated:
        await _decided(response_id, "returned", reviewer, comment)
    return bool(updated)


async def _decided(response_id: uuid.UUID, decision: str, reviewer: uuid.UUID, comment: str) -> None:
    await ReviewDecision.insert(ReviewDecision(
        response=response_id, decision=decision, reviewer=reviewer,
        comment=json.dumps(seal(comment)) if comment else "", decided_at=dt.datetime.now(dt.timezone.utc),
    ))


async def returned_comments(response_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The latest comment on each of these responses that a supervisor returned
    and that is not yet sent again."""
    if not response_ids:
        return {}
    rows = await (
        ReviewDecision.select(ReviewDecision.response, ReviewDecision.comment, ReviewDecision.decision)
        .where(ReviewDecision.response.is_in(response_ids) & (ReviewDecision.response.status == IN_PROGRESS))
        .order_by(ReviewDecision.id)
    )
    found: dict[uuid.UUID, str] = {}
    for row in rows:
        rid = row["response"] if isinstance(row["response"], uuid.UUID) else uuid.UUID(str(row["response"]))
        if row["decision"] == "returned":
            found[rid] = unseal(json.loads(row["comment"])) if row["comment"] else ""
    return found
