"""Public results in memory: worked out once, then refreshed behind the
pages, so a visitor never waits for a recount."""

from __future__ import annotations

import asyncio
import random

import synthetic
from conftest import SAMPLE_DIR, run_async
from survey.questionnaire import load_file
from survey.storage import close_engine, migrate, open_engine
from survey.web.results_state import PublicResults

SAMPLE = load_file(SAMPLE_DIR / "london-safety-and-trust.json").questionnaire


def test_a_stale_copy_is_served_while_a_fresh_one_is_counted(tmp_path):
    async def main():
        engine = await open_engine(f"sqlite:///{tmp_path}/state.db")
        try:
            await migrate(engine)
            rng = random.Random(3)
            await synthetic.insert(SAMPLE, [synthetic.answers_for(SAMPLE, rng) for _ in range(20)])
            state = PublicResults(refresh_seconds=0)
            first = await state.results(SAMPLE)
            assert first.dataset.size == 20
            await synthetic.insert(SAMPLE, [synthetic.answers_for(SAMPLE, rng) for _ in range(5)])
            # Out of date at once (refresh 0 s): served as it is, recounted behind.
            assert (await state.results(SAMPLE)).dataset.size == 20
            await asyncio.gather(*state._refreshing.values())
            assert (await state.results(SAMPLE)).dataset.size == 25
            await asyncio.gather(*state._refreshing.values())
        finally:
            await close_engine(engine)

    run_async(main())
