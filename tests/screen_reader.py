"""What a screen reader says, from @guidepup/virtual-screen-reader run inside
the real page in Chromium (the page's context must bypass its CSP so the
reader's script can be added)."""

from __future__ import annotations

from playwright.sync_api import Page

from conftest import ROOT

READER = ROOT / "tests" / "js" / "node_modules" / "@guidepup" / "virtual-screen-reader" / "lib" / "esm" / "index.browser.js"


def attach(page: Page) -> None:
    source = READER.read_text()
    page.route("**/__virtual-screen-reader.js", lambda route: route.fulfill(body=source, content_type="text/javascript"))
    page.add_script_tag(
        content="import { virtual } from '/__virtual-screen-reader.js'; window.screenReader = virtual;", type="module"
    )
    page.wait_for_function("window.screenReader !== undefined")


def read_main(page: Page, limit: int = 300) -> list[str]:
    """Everything said from the start of the main landmark to its end, moving line by line."""
    attach(page)
    phrases = page.evaluate(
        """async (limit) => {
            const reader = window.screenReader;
            await reader.start({ container: document.body });
            for (let i = 0; i < limit; i++) {
              await reader.next();
              if ((await reader.lastSpokenPhrase()) === 'end of main') break;
            }
            const log = await reader.spokenPhraseLog();
            await reader.stop();
            return log;
        }""",
        limit,
    )
    return phrases[phrases.index("main"):]


def tab_through(page: Page, presses: int) -> list[str]:
    """What is said at each press of Tab from the top of the page."""
    attach(page)
    return page.evaluate(
        """async (presses) => {
            const reader = window.screenReader;
            await reader.start({ container: document.body });
            const said = [];
            for (let i = 0; i < presses; i++) { await reader.press('Tab'); said.push(await reader.lastSpokenPhrase()); }
            await reader.stop();
            return said;
        }""",
        presses,
    )
