"""What the integrity checks on open-link responses read and keep: the pace of
recent responses, answers sent before, network addresses seen (as keyed
hashes, for a day), and each response's flags."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter

from piccolo.query.functions.aggregate import Count

from .responses import SUBMITTED
from .tables import Answer, NetworkSighting, Response

#: Only these responses are checked: sent online through the open link.
_OPEN_ONLINE = (Response.route == "open") & (Response.mode == "online") & (Response.status == SUBMITTED)


async def _answer_counts(ids: list[uuid.UUID]) -> dict[str, int]:
    if not ids:
        return {}
    rows = await Answer.select(Answer.response, Count(Answer.id, alias="n")).where(Answer.response.is_in(ids)).group_by(Answer.response)
    return {str(row["response"]): int(row["n"]) for row in rows}


async def paces(questionnaire_id: str, version: str, last: int = 200) -> dict[str, tuple[float, int]]:
    """Seconds from starting to sending, and answers saved, of the last
    ``last`` open-link responses sent online to one version, by response id."""
    rows = await (
        Response.select(Response.id, Response.started_at, Response.submitted_at)
        .where(_OPEN_ONLINE & (Response.questionnaire_id == questionnaire_id) & (Response.questionnaire_version == version))
        .order_by(Response.submitted_at, ascending=False)
        .limit(last)
    )
    counts = await _answer_counts([row["id"] for row in rows])
    return {
        str(row["id"]): ((row["submitted_at"] - row["started_at"]).total_seconds(), counts.get(str(row["id"]), 0))
        for row in rows
    }


async def same_answers_since(questionnaire_id: str, version: str, fingerprint: str, since: dt.datetime, not_id: uuid.UUID) -> bool:
    """Whether another response to this version with these answers was sent since ``since``."""
    return await Response.exists().where(
        (Response.questionnaire_id == questionnaire_id) & (Response.questionnaire_version == version)
        & (Response.fingerprint == fingerprint) & (Response.submitted_at >= since) & (Response.id != not_id)
        & (Response.status == SUBMITTED)
    )


async def seen_from(address_hash: str, questionnaire_id: str, now: dt.datetime, within: dt.timedelta) -> int:
    """Record one response sent from an address; how many were sent from it within ``within``, this one included."""
    await NetworkSighting.insert(NetworkSighting(address_hash=address_hash, questionnaire_id=questionnaire_id, seen_at=now))
    return await NetworkSighting.count().where(
        (NetworkSighting.address_hash == address_hash) & (NetworkSighting.questionnaire_id == questionnaire_id)
        & (NetworkSighting.seen_at > now - within)
    )


async def keep(response_id: uuid.UUID, flags: list[str], fingerprint: str | None) -> None:
    await Response.update({Response.flags: ",".join(flags), Response.fingerprint: fingerprint}).where(Response.id == response_id)


async def forget_before(before: dt.datetime) -> int:
    """Delete the network addresses seen before ``before``, and clear the
    fingerprints of responses sent before it: neither is kept past a day."""
    gone = await NetworkSighting.delete().where(NetworkSighting.seen_at < before).returning(NetworkSighting.id)
    await Response.update({Response.fingerprint: None}).where(
        Response.fingerprint.is_not_null() & (Response.submitted_at < before)
    )
    return len(gone)


async def flag_counts(questionnaire_id: str) -> tuple[int, Counter[str]]:
    """Open-link responses sent online, and how many carry each flag ("any": at least one)."""
    rows = await (
        Response.select(Response.flags, Count(Response.id, alias="n"))
        .where(_OPEN_ONLINE & (Response.questionnaire_id == questionnaire_id))
        .group_by(Response.flags)
    )
    counts: Counter[str] = Counter()
    for row in rows:
        flags = [flag for flag in (row["flags"] or "").split(",") if flag]
        for flag in flags:
            counts[flag] += int(row["n"])
        if flags:
            counts["any"] += int(row["n"])
    return sum(int(row["n"]) for row in rows), counts
