"""Public results held in memory: which questionnaires are public (read at
most every ``REFRESH`` seconds), and each one's results, worked out again at
most every ``SURVEY_RESULTS_REFRESH_SECONDS``. Tables are worked out in a
thread, so a large table never holds up others.

The open-data bundle (every table of a questionnaire) is never worked out
while someone waits for it: it is built in a process of its own, one build
at a time per questionnaire and language, and the last one built is served
until a newer is ready (before the first, a page says it is being prepared).
Which cells are hidden is the same in every language, so it is worked out
once per count of the results and shared."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

import anyio.to_thread
import numpy as np
from litestar import Request

from ..services import i18n
from ..services.i18n import current_language
from ..questionnaire import Questionnaire
from ..results import opendata
from ..results.reading import read
from ..results.dataset import Dataset
from ..results.tables import Key, Results, Table
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
    #: Every table's hidden cells worked out so far, for every language.
    hidden: dict[Key, np.ndarray] = field(default_factory=dict)


@dataclass
class _Bundle:
    content: bytes
    dataset: Dataset  # the count it was built from


def _start_builder() -> None:
    i18n.load_catalogues()


class PublicResults:
    def __init__(self, refresh_seconds: int) -> None:
        self._refresh_seconds = refresh_seconds
        self._published: set[str] = set()
        self._read_at = float("-inf")
        self._computed: dict[str, _Computed] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._refreshing: dict[str, asyncio.Future] = {}
        self._bundles: dict[tuple[str, str], _Bundle] = {}
        self._building: dict[tuple[str, str], asyncio.Future] = {}
        self._builder: ProcessPoolExecutor | None = None

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
        held = await self._held(questionnaire)
        language = current_language()
        if language not in held.results:
            held.results[language] = Results(questionnaire, held.dataset, held.hidden)
        return held.results[language]

    async def _held(self, questionnaire: Questionnaire) -> _Computed:
        held = self._computed.get(questionnaire.id)
        if held is None or held.version != questionnaire.version:
            lock = self._locks.setdefault(questionnaire.id, asyncio.Lock())
            async with lock:
                held = self._computed.get(questionnaire.id)
                if held is None or held.version != questionnaire.version:
                    held = await self._compute(questionnaire)
        elif time.monotonic() - held.at > self._refresh_seconds and questionnaire.id not in self._refreshing:
            self._refreshing[questionnaire.id] = asyncio.ensure_future(self._refresh(questionnaire))
        return held

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

    async def bundle(self, questionnaire: Questionnaire) -> bytes | None:
        """The open-data bundle in this language: the last one built, with a
        newer one started behind it when the results have been counted again
        since; None while the first is being prepared."""
        held = await self._held(questionnaire)
        key = (questionnaire.id, current_language())
        last = self._bundles.get(key)
        if (last is None or last.dataset is not held.dataset) and key not in self._building:
            self._building[key] = asyncio.ensure_future(self._build(key, questionnaire, held))
        return last.content if last else None

    async def _build(self, key: tuple[str, str], questionnaire: Questionnaire, held: _Computed) -> None:
        try:
            content, hidden = await asyncio.get_running_loop().run_in_executor(
                self._pool(), opendata.build, questionnaire, held.dataset, key[1], held.hidden,
            )
            held.hidden.update(hidden)  # the pages' tables need not work them out again
            self._bundles[key] = _Bundle(content, held.dataset)
        except BrokenProcessPool:
            log.error("the process building the open data for %s stopped; it is started again on the next request", key[0])
            self._builder = None
        except Exception:
            log.exception("could not build the open data for %s", key[0])
        finally:
            self._building.pop(key, None)

    def _pool(self) -> ProcessPoolExecutor:
        """One process for building, started when first needed: the work is
        CPU-bound, and there it holds up neither the pages nor their thread."""
        if self._builder is None:
            self._builder = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_start_builder,
            )
        return self._builder

    async def wait_for_builds(self) -> None:
        """Until every bundle being built is done (for tests and shutting down)."""
        while self._building:
            await asyncio.gather(*self._building.values(), return_exceptions=True)

    def close(self) -> None:
        if self._builder is not None:
            self._builder.shutdown(wait=False, cancel_futures=True)
            self._builder = None


def public_results(request: Request[Any, Any, Any]) -> PublicResults:
    return request.app.state.public_results
