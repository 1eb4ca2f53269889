"""Handing the device to the respondent for a private section of an assisted
interview (self-completion), and taking it back."""

from __future__ import annotations

import uuid

from .responses import IN_PROGRESS
from .tables import Response


async def begin(response_id: uuid.UUID, worker: uuid.UUID, section_id: str, token_hash: str) -> bool:
    """The worker's unsent response, handed over for ``section_id``: only the
    device holding the token may answer that section until it comes back."""
    updated = await (
        Response.update({Response.handover: section_id, Response.handover_token: token_hash})
        .where((Response.id == response_id) & (Response.entered_by == worker) & (Response.status == IN_PROGRESS))
        .returning(Response.id)
    )
    return bool(updated)


async def answered_privately(response_id: uuid.UUID, token_hash: str, question_id: str, earlier: str) -> None:
    """Note a question answered on the respondent's own, while the device is theirs."""
    held = set(earlier.split()) | {question_id}
    await Response.update({Response.self_completed: " ".join(sorted(held))}).where(
        (Response.id == response_id) & (Response.handover_token == token_hash)
    )


async def end(response_id: uuid.UUID, token_hash: str | None = None) -> bool:
    """The device is back with the worker (with ``token_hash``: handed back from
    that device). False when it was not handed over, or already back."""
    query = Response.update({Response.handover: "", Response.handover_token: None}).where(
        (Response.id == response_id) & (Response.handover != "")
    )
    if token_hash is not None:
        query = query.where(Response.handover_token == token_hash)
    return bool(await query.returning(Response.id))
