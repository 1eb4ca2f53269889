"""Question pages, rendered once and served again while nothing they show
has changed.

A question page is the same for everyone on the same question with the same
answer, language, format and errors; only the form's CSRF token is theirs.
So the page is rendered with a stand-in token and kept, keyed by everything
in its template context (and the language, which templates read through
gettext). Any value the key cannot be sure of (anything but plain data and
the questionnaire's own immutable objects) means the page is rendered as
usual and not kept: a new kind of context value can make a page uncached,
never wrong.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from typing import Any

from jinja2 import Environment
from litestar import Request, Response
from litestar.enums import MediaType
from litestar.response import Template
from litestar.utils.empty import value_or_default
from litestar.utils.scope.state import ScopeState
from markupsafe import Markup
from pydantic import BaseModel

from ..services import i18n

_TOKEN = "survey-page-cache-csrf-token"
_INPUT = f'<input type="hidden" name="_csrf_token" value="{_TOKEN}" />'


class _Uncertain(Exception):
    pass


class _Same:
    """A questionnaire object in a key: equal only to itself, and kept alive by
    the key, so its id is never reused by another object while it is cached."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.value is self.value


def _freeze(value: Any) -> Any:
    kind = type(value)
    if kind is str or value is None:
        return value
    if kind is int or kind is float or kind is bool:
        return (kind, value)  # 1, 1.0 and True render differently
    if kind is dict:
        return (dict, tuple((key, _freeze(item)) for key, item in value.items()))
    if kind is list or kind is tuple:
        return (kind, tuple(_freeze(item) for item in value))
    if kind is set or kind is frozenset:
        return (frozenset, frozenset(_freeze(item) for item in value))
    if kind is Markup:
        return (Markup, str(value))
    if isinstance(value, BaseModel) and kind.__module__.startswith("survey.questionnaire"):
        return _Same(value)
    raise _Uncertain(kind)


class PageCache:
    """At most ``size`` pages and ``max_bytes`` of them (their text and their
    keys), the least recently used going first."""

    def __init__(self, environment: Environment, size: int = 512, max_bytes: int = 32 * 1024 * 1024) -> None:
        self._environment = environment
        self._size = size
        self._max_bytes = max_bytes
        self._pages: OrderedDict[Any, tuple[str, int]] = OrderedDict()
        self.bytes = 0

    def __len__(self) -> int:
        return len(self._pages)

    def respond(self, request: Request[Any, Any, Any], template: Template, keep: bool = True) -> Template | Response[str]:
        """The page, from the cache when it is there. ``keep=False`` for a page
        that must never be kept: one with errors or with what someone typed,
        which nobody else will be shown and which could be any size."""
        assert template.template_name is not None
        if not keep:
            return template
        try:
            key = (template.template_name, template.status_code, i18n.current_language(), _freeze(template.context))
        except _Uncertain:
            return template
        held = self._pages.get(key)
        if held is None:
            page = self._environment.get_template(template.template_name).render({**template.context, "csrf_input": _INPUT})
            self._keep(key, page)
        else:
            page = held[0]
            self._pages.move_to_end(key)
        token = html.escape(value_or_default(ScopeState.from_scope(request.scope).csrf_token, ""))
        return Response(page.replace(_TOKEN, token), media_type=MediaType.HTML, status_code=template.status_code)

    def _keep(self, key: Any, page: str) -> None:
        # The key holds the context's words too: counted with the page.
        size = len(page) + len(repr(key))
        if size > self._max_bytes // 8:
            return  # one page may not push out a crowd of ordinary ones
        self._pages[key] = (page, size)
        self.bytes += size
        while len(self._pages) > self._size or self.bytes > self._max_bytes:
            _, (_, dropped) = self._pages.popitem(last=False)
            self.bytes -= dropped
