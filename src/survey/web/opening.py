"""Whether a questionnaire is open: its open and close dates, read from the
database at most every ``REFRESH`` seconds in each process, so a respondent's
page costs no extra query. An admin's change shows at once where it was made
and within ``REFRESH`` seconds everywhere else."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from litestar import Request

from ..services.i18n import gettext as _
from ..storage import schedule
from ..storage.schedule import Window
from .answers import format_datetime

REFRESH = 30.0


class SurveyClosed(Exception):
    """A worker tried to enter answers for a questionnaire that is not open."""

    def __init__(self, questionnaire_id: str, message: str) -> None:
        super().__init__(questionnaire_id)
        self.message = message


class Schedule:
    def __init__(self) -> None:
        self._windows: dict[str, Window] = {}
        self._read_at = float("-inf")

    async def window(self, questionnaire_id: str) -> Window:
        if time.monotonic() - self._read_at > REFRESH:
            self._windows = await schedule.windows()
            self._read_at = time.monotonic()
        return self._windows.get(questionnaire_id, Window())

    async def set(self, questionnaire_id: str, window: Window) -> None:
        await schedule.set_window(questionnaire_id, window)
        self._windows[questionnaire_id] = window

    async def closed_message(self, questionnaire_id: str) -> str | None:
        """None when open; otherwise what to tell people."""
        window = await self.window(questionnaire_id)
        state = window.state(dt.datetime.now(dt.timezone.utc))
        if state == "not_yet":
            return _("This survey opens on %(when)s.", when=format_datetime(window.opens_at))
        if state == "closed":
            return _("This survey closed on %(when)s. Thank you to everyone who took part.", when=format_datetime(window.closes_at))
        return None


def schedule_of(request: Request[Any, Any, Any]) -> Schedule:
    return request.app.state.schedule
