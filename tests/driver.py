"""Drives a questionnaire in a real browser the way a keyboard user does."""

from __future__ import annotations

from typing import Any, Callable
from urllib.parse import urlparse

from playwright.sync_api import Page

MAX_TABS = 150


def focused(page: Page) -> dict[str, Any]:
    return page.evaluate(
        """() => { const e = document.activeElement; return e ? {
            tag: e.tagName.toLowerCase(), id: e.id, name: e.getAttribute('name'), type: e.getAttribute('type'),
            value: e.value, text: (e.innerText || '').trim() } : {} }"""
    )


def tab_to(page: Page, matches: Callable[[dict[str, Any]], bool], what: str) -> dict[str, Any]:
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        current = focused(page)
        if matches(current):
            return current
    raise AssertionError(f"could not reach {what} with the Tab key on {page.url}")


def page_id(page: Page) -> str:
    path = urlparse(page.url).path
    return path.rsplit("/", 1)[-1]


def answer_with_keyboard(page: Page, qid: str, answer: Any) -> None:
    """Give one answer using only Tab, arrow keys, Space and typing."""
    inputs = page.locator(f"[name='{qid}'], [name^='{qid}-']")
    kind = inputs.first.get_attribute("type") if inputs.count() else None
    if page.locator(f"textarea[name='{qid}']").count():
        kind = "textarea"
    select = page.locator(f"select[name='{qid}']")
    if select.count():
        label = (select.locator(f"option[value='{answer}']").text_content() or "").strip()
        if select.is_visible():
            # No JavaScript: a native select, where typing the answer's first letters chooses it.
            tab_to(page, lambda f: f.get("name") == qid, qid)
            page.keyboard.type(label)
        else:
            # The autocomplete: type the start of the answer, go down to it, press Enter.
            tab_to(page, lambda f: f.get("id") == qid, qid)
            page.keyboard.type(label[:4])
            page.get_by_role("option", name=label, exact=True).wait_for()
            # The suggestion Enter would choose: the one the arrow keys moved focus
            # to, else the first, which the autocomplete highlights as letters are typed.
            highlighted = f"""() => {{ const active = document.activeElement;
                if (active && active.getAttribute('role') === 'option') return active.textContent.trim();
                const first = document.querySelector('#{qid}__listbox .autocomplete__option--focused');
                return first ? first.textContent.trim() : null; }}"""
            for _ in range(40):
                if page.evaluate(highlighted) == label:
                    break
                page.keyboard.press("ArrowDown")
            else:
                raise AssertionError(f"no suggestion {label!r} for {qid}")
            page.keyboard.press("Enter")
        assert select.input_value() == answer, (qid, select.input_value())
    elif kind == "radio":
        tab_to(page, lambda f: f.get("name") == qid, f"the answers to {qid}")
        for _ in range(60):
            if focused(page).get("value") == answer:
                break
            page.keyboard.press("ArrowDown")
        else:
            raise AssertionError(f"no option {answer!r} for {qid}")
        page.keyboard.press("Space")
        assert page.locator(f"[name='{qid}'][value='{answer}']").is_checked()
    elif kind == "checkbox":
        for code in answer:
            tab_to(page, lambda f, c=code: f.get("name") == qid and f.get("value") == c, f"{qid}={code}")
            page.keyboard.press("Space")
            assert page.locator(f"[name='{qid}'][value='{code}']").is_checked()
    elif kind == "text" and page.locator(f"[name='{qid}-day']").count():
        for part, value in zip(("day", "month", "year"), answer.split("-")[::-1]):
            tab_to(page, lambda f, p=part: f.get("name") == f"{qid}-{p}", f"{qid} {part}")
            page.keyboard.type(value)
    elif kind in {"text", "textarea"}:
        tab_to(page, lambda f: f.get("name") == qid, qid)
        if answer:
            page.keyboard.type(str(answer))
    else:
        raise AssertionError(f"do not know how to answer {qid} ({kind})")


def press_continue(page: Page) -> None:
    tab_to(page, lambda f: f.get("tag") == "button" and f.get("text") == "Continue", "Continue")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def press_button(page: Page, text: str) -> None:
    tab_to(page, lambda f: f.get("tag") in {"button", "a"} and text in f.get("text", ""), text)
    with page.expect_navigation():
        page.keyboard.press("Enter")
