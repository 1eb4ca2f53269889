"""The staff links in the header: "Sign out" (a button, since it changes
something) looks and sits like the links beside it, in every theme. Geometry
and computed styles, in Chromium; a screenshot comparison would miss neither."""

from __future__ import annotations

import pytest

from catalogue import signed_in

pytestmark = pytest.mark.browser

ITEMS_JS = """() => [...document.querySelectorAll('.survey-staff-nav .govuk-service-navigation__link')].map(e => {
  const box = e.getBoundingClientRect();
  return { text: e.textContent.trim(), tag: e.tagName.toLowerCase(), color: getComputedStyle(e).color,
           top: box.top, bottom: box.bottom, left: box.left, height: box.height };
})"""


@pytest.mark.parametrize("display", [None, "colours-dark", "text-200"])
def test_sign_out_looks_and_sits_like_the_links_beside_it(browser, catalogue_server, display):
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    if display:
        context.add_cookies([{"name": "survey_display", "value": display, "url": catalogue_server.url}])
    page = context.new_page()
    signed_in("admin", path="/admin")(page, catalogue_server.url)
    items = page.evaluate(ITEMS_JS)
    links = [item for item in items if item["tag"] == "a"]
    sign_out = next(item for item in items if item["text"] == "Sign out")
    assert sign_out["tag"] == "button" and links
    assert {item["color"] for item in links} == {sign_out["color"]}, items
    # On the same line as the links of its row (larger text wraps the row): a
    # button's box is its line's height, a link's its text's, so compare the middles.
    middle = (sign_out["top"] + sign_out["bottom"]) / 2
    row = [link for link in links if link["top"] < sign_out["bottom"] and link["bottom"] > sign_out["top"]]
    for link in row:
        assert abs((link["top"] + link["bottom"]) / 2 - middle) <= 2, items
    if not row:  # it begins a row of its own: flush with the first row's start
        assert abs(sign_out["left"] - min(link["left"] for link in links)) <= 2, items
    assert sign_out["height"] >= 44  # still our 44 px target (WCAG 2.5.5; 2.5.8 asks 24)
    context.close()


GAPS_JS = """() => {
  const items = [...document.querySelectorAll('.govuk-service-navigation__service-name, .survey-staff-nav .govuk-service-navigation__link')]
    .map(e => e.getBoundingClientRect()).filter(box => box.width > 0).sort((a, b) => a.left - b.left);
  return items.slice(1).map((box, i) => Math.round(box.left - items[i].right));
}"""


@pytest.mark.parametrize("language", ["en", "ar"])
def test_header_items_never_run_together(browser, catalogue_server, language):
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    page = context.new_page()
    signed_in("admin", path=f"/admin?lang={language}")(page, catalogue_server.url)
    gaps = page.evaluate(GAPS_JS)
    assert len(gaps) >= 4 and min(gaps) >= 20, gaps
    context.close()
