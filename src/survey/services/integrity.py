"""Integrity flags on a response sent online through the open link, worked out
as it is sent. Nobody is ever stopped or told: the flags only let analysts see,
count and (if the bank says so) leave out responses that look automated or
repeated. What is compared is kept no longer than it must be: a keyed hash
of the answers and of the network address, each forgotten after a day."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import statistics
from collections.abc import Mapping
from typing import Any

from ..questionnaire.integrity import Integrity
from ..storage import integrity as store
from ..storage.responses import ResponseRecord

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
#: Responses the usual pace is worked out from; with fewer, the floor below.
ENOUGH = 20
#: Nobody reads a question and answers it in under this.
FLOOR_SECONDS = 2.0


def _keyed(secret: str, purpose: bytes, text: str) -> str:
    return hmac.new(secret.encode(), purpose + b"\x00" + text.encode(), hashlib.sha256).hexdigest()


def fingerprint(secret: str, answers: Mapping[str, Any]) -> str:
    """The same for the same answers, whatever order they were given in; no
    use to anyone without the key (a short questionnaire's answers could
    otherwise be found by trying every combination)."""
    return _keyed(secret, b"answers", json.dumps(answers, sort_keys=True, ensure_ascii=False, default=str))


def address_hash(secret: str, address: str) -> str:
    return _keyed(secret, b"network", address)


def is_fast(seconds: float, answers: int, others: list[tuple[float, int]], share: float) -> bool:
    """Under ``share`` of the median time per answer of ``others`` (seconds,
    answers), per answer so that a short route is not taken for a fast one;
    with too few others to know the usual pace, under the floor."""
    if answers <= 0:
        return False
    paces = [s / n for s, n in others if n > 0]
    limit = share * statistics.median(paces) if len(paces) >= ENOUGH else FLOOR_SECONDS
    return seconds / answers < limit


def checked(record: ResponseRecord) -> bool:
    """Only responses sent online through the open link are checked: a worker
    entering answers from paper is quick for good reason, and a sampled case
    is one invited address."""
    return record.route == "open" and record.mode == "online"


async def flag(record: ResponseRecord, answers: Mapping[str, Any], settings: Integrity, secret: str,
               address: str | None, now: dt.datetime | None = None) -> list[str]:
    """Work out and keep the flags of a response just sent; returns them."""
    if not checked(record):
        return []
    now = now or dt.datetime.now(dt.timezone.utc)
    await store.forget_before(now - DAY)
    found: list[str] = []
    paces = await store.paces(record.questionnaire_id, record.questionnaire_version)
    own = paces.pop(str(record.id), None)
    if own is not None and is_fast(own[0], own[1], list(paces.values()), settings.fast_share):
        found.append("fast")
    print_ = fingerprint(secret, answers) if len(answers) >= settings.duplicate_minimum else None
    if print_ and await store.same_answers_since(record.questionnaire_id, record.questionnaire_version, print_, now - HOUR, record.id):
        found.append("duplicate")
    if address and await store.seen_from(address_hash(secret, address), record.questionnaire_id, now, HOUR) > settings.responses_per_address:
        found.append("network")
    await store.keep(record.id, found, print_)
    return found


async def summary(questionnaire_id: str) -> dict[str, int]:
    """For the admin page: open-link responses sent online ("checked"), and
    how many carry each flag ("any": at least one)."""
    checked_count, counts = await store.flag_counts(questionnaire_id)
    return {"checked": checked_count, "any": counts["any"], **{name: counts[name] for name in ("fast", "duplicate", "network")}}

