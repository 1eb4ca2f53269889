"""Which database an engine speaks, for the few places that write SQL of their own."""

from __future__ import annotations

from piccolo.engine.base import Engine


def is_postgres(engine: Engine) -> bool:
    return engine.engine_type == "postgres"
