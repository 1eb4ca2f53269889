"""Printable alternative formats for workers: a page per questionnaire
listing them, and the documents themselves."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from ..services.banks import Banks
from ..storage import audit
from .current import questionnaire_or_404
from .printable import KINDS, file_name, kind_title, render
from .render import page
from .security import printable_policy
from .staff import requires, signed_in


class FormatsController(Controller):
    path = "/assist/formats/{questionnaire_id:str}"
    guards = [requires("worker")]

    @get("/")
    async def choose(self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str]) -> Template:
        questionnaire = questionnaire_or_404(banks, questionnaire_id)
        kinds = [(kind, kind_title(kind), file_name(questionnaire.id, kind)) for kind in KINDS if kind != "easy-read" or questionnaire.easy_read]
        return page(request, "assist/formats.html", questionnaire=questionnaire, kinds=kinds)

    @get("/{kind:str}")
    async def document(
        self, request: Request[Any, Any, Any], banks: NamedDependency[Banks], questionnaire_id: FromPath[str], kind: FromPath[str]
    ) -> Response[str]:
        questionnaire = questionnaire_or_404(banks, questionnaire_id)
        if kind not in KINDS or (kind == "easy-read" and questionnaire.easy_read is None):
            raise NotFoundException()
        account = signed_in(request)
        await audit.record("formats_downloaded", account.email, account.id, "questionnaire", questionnaire.id, kind=kind)
        name, media_type = file_name(questionnaire.id, kind), KINDS[kind][1]
        body = render(request.app.state.jinja, questionnaire, kind)
        disposition = "inline" if name.endswith(".html") else "attachment"
        return Response(
            body,
            media_type=media_type,
            headers={
                "Content-Disposition": f'{disposition}; filename="{name}"',
                "Content-Security-Policy": printable_policy(body),
            },
        )
