"""Security headers on every response, including errors and static files."""

from __future__ import annotations

import base64
import hashlib
import re

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)

NONE = "'none'"


def printable_policy(html: str) -> str:
    """Printable forms are single files with their styles inside, so they still
    print well when saved or emailed. The policy allows that one <style>
    element by its hash; they run no script and load nothing."""
    styles = re.findall(r"<style>(.*?)</style>", html, flags=re.DOTALL)
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in styles)
    return (
        f"default-src 'none'; style-src {hashes or NONE}; img-src data:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )


def is_printable(path: str) -> bool:
    """/assist/formats/<questionnaire>/<kind>: a printable document."""
    return path.startswith("/assist/formats/") and path.count("/") == 4

BASE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    # Resume codes must never travel to another site in a Referer header.
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(self), microphone=(self), geolocation=(), payment=(), usb=()",
}


def security_headers(hsts: bool):
    headers = dict(BASE_HEADERS)
    if hsts:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"

    async def before_send(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        mutable = MutableScopeHeaders.from_message(message)
        path = scope.get("path", "")
        # A printable document brings its own, narrower policy (printable_policy).
        keep_policy = is_printable(path) and mutable.get("content-security-policy") is not None
        for name, value in headers.items():
            if not (keep_policy and name == "Content-Security-Policy"):
                mutable[name] = value
        if not path.startswith(("/static/", "/media/")):
            # Pages hold people's answers: never keep them in shared caches.
            mutable["Cache-Control"] = "no-store"

    return before_send
