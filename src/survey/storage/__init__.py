"""Storage: the only package that queries the database."""

from .engine import close_engine, open_engine
from .migrations import migrate

__all__ = ["close_engine", "migrate", "open_engine"]
