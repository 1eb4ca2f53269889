"""Public results held in memory: which questionnaires are public (read at
most every ``REFRESH`` seconds), and each one's results, worked out again at
most every ``SURVEY_RESULTS_REFRESH_SECONDS``. Tables and the open-data
bundle are worked out in a thread, so a large table never holds up others."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import Any

import anyio.to_thread
from litestar import Request

from ..i18n import current_language
from ..questionnaire import Questionnaire
from ..results.opendata import bundle
from ..results.reading import read
from ..results.dataset import Dataset
from ..results.tables import Results, Table
from ..storage import publication

REFRESH = 30.0

log = logging.getLogger("survey")


@dataclass
class _Computed:
    dataset: Dataset
    version: str
    at: float
    #: By language: a bank's labels differ, the figures do not.
    results: dict[str, Results] = field(default_factory=dict)
    bundles: dict[str, bytes] = field(default_factory=dict)


class PublicResults:
    def __init__(self, refresh_seconds: int) -> None:
        self._refresh_seconds = refresh_seconds
        self._published: set[str] = set()
        self._read_at = float("-inf")
        self._computed: dict[str, _Computed] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._refreshing: dict[str, asyncio.Future] = {}

    async def is_public(self, questionnaire_id: str) -> bool:
        if time.monotonic() - self._read_at > REFRESH:
            self._published = set(await publication.published())
            self._read_at = time.monotonic()
        return questionnaire_id in self._published

    async def set_public(self, questionnaire_id: str, public: bool) -> bool:
        changed = await (publication.publish if public else publication.withdraw)(questionnaire_id)
        (self._published.add if public else self._published.discard)(questionnaire_id)
        return changed

    async def results(self, questionnaire: Questionnaire) -> Results:
        """The first time, worked out while the visitor waits; after that, an
        out-of-date copy is served while a fresh one is worked out behind it."""
        held = self._computed.get(questionnaire.id)
        if held is None or held.version != questionnaire.version:
            lock = self._locks.setdefault(questionnaire.id, asyncio.Lock())
            async with lock:
                held = self._computed.get(questionnaire.id)
                if held is None or held.version != questionnaire.version:
                    held = await self._compute(questionnaire)
        elif time.monotonic() - held.at > self._refresh_seconds and questionnaire.id not in self._refreshing:
            self._refreshing[questionnaire.id] = asyncio.ensure_future(self._refresh(questionnaire))
        language = current_language()
        if language not in held.results:
            held.results[language] = Results(questionnaire, held.dataset)
        return held.results[language]

    async def _compute(self, questionnaire: Questionnaire) -> _Computed:
        held = _Computed(await read(questionnaire), questionnaire.version, time.monotonic())
        self._computed[questionnaire.id] = held
        return held

    async def _refresh(self, questionnaire: Questionnaire) -> None:
        try:
            await self._compute(questionnaire)
        except Exception:  # keep serving the copy we have; the next visit tries again
            log.exception("could not refresh the results of %s", questionnaire.id)
        finally:
            self._refreshing.pop(questionnaire.id, None)

    async def table(self, questionnaire: Questionnaire, question_id: str, breakdowns: tuple[str, ...]) -> Table:
        results = await self.results(questionnaire)
        return await anyio.to_thread.run_sync(results.table, question_id, breakdowns)

    async def bundle(self, questionnaire: Questionnaire) -> bytes:
        results = await self.results(questionnaire)
        held = self._computed[questionnaire.id]
        language = current_language()
        if language not in held.bundles:
            held.bundles[language] = await anyio.to_thread.run_sync(bundle, results)
        return held.bundles[language]


def public_results(request: Request[Any, Any, Any]) -> PublicResults:
    return request.app.state.public_results
