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


def test_the_open_data_is_built_once_behind_the_requests_and_the_last_copy_served(tmp_path):
    """Nobody waits for a build: four requests at once start one build and
    are told it is being prepared; afterwards the bundle is served at once,
    and when the results are counted again the old one is served while the
    new one is built."""
    from survey.services import i18n

    i18n.load_catalogues()
    i18n.activate("en")

    async def main():
        engine = await open_engine(f"sqlite:///{tmp_path}/state.db")
        try:
            await migrate(engine)
            rng = random.Random(5)
            await synthetic.insert(SAMPLE, [synthetic.answers_for(SAMPLE, rng) for _ in range(30)])
            state = PublicResults(refresh_seconds=3600)
            try:
                asked = await asyncio.gather(*(state.bundle(SAMPLE) for _ in range(4)))
                assert asked == [None] * 4 and len(state._building) == 1, "one build for four requests"
                await state.wait_for_builds()
                first = await state.bundle(SAMPLE)
                assert first and first[:2] == b"PK" and not state._building, "served, and nothing more to build"
                # Counted again (more answers): the last copy at once, a new one behind it.
                await synthetic.insert(SAMPLE, [synthetic.answers_for(SAMPLE, rng) for _ in range(40)])
                state._refresh_seconds = 0
                await state.results(SAMPLE)
                await asyncio.gather(*state._refreshing.values())
                state._refresh_seconds = 3600
                assert await state.bundle(SAMPLE) == first and len(state._building) == 1
                await state.wait_for_builds()
                newer = await state.bundle(SAMPLE)
                assert newer != first and b"codebook.json" in newer
                # The pages' tables reuse what the build worked out.
                results = await state.results(SAMPLE)
                assert ("trust_met", ("disability", "ethnic_group")) in results.hidden
            finally:
                state.close()
        finally:
            await close_engine(engine)

    run_async(main())
