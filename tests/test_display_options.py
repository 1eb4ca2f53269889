"""Display options: chosen without JavaScript, kept in a cookie, applied on every page."""

from __future__ import annotations

import pytest

from conftest import FIXTURES
from survey.web.appearance import Appearance
from web_client import Visitor, running_app


@pytest.fixture
def client(tmp_path):
    with running_app(tmp_path, FIXTURES / "banks") as client:
        yield client


def test_defaults_follow_the_device():
    assert Appearance().html_classes() == (
        "survey-text-standard survey-colours-device survey-spacing-standard survey-font-standard survey-motion-device"
    )


def test_cookie_round_trip_ignores_what_it_does_not_know():
    chosen = Appearance(text="200", colours="contrast", spacing="more", font="dyslexia", motion="reduce")
    assert Appearance.from_cookie(chosen.cookie_value()) == chosen
    assert Appearance.from_cookie("text-999.colours-dark.evil-1") == Appearance(colours="dark")


def test_choosing_options_applies_them_everywhere_and_returns_to_the_page(client):
    v = Visitor(client)
    v.get("/s/routing")
    link = v.soup.find("a", string="Change how this looks")
    assert link["href"] == "/display?return=/s/routing"
    v.get(link["href"])
    assert v.h1() == "Change how this looks"
    assert v.soup.select_one("input[name=colours][value=device]").has_attr("checked")
    v.post(data={"text": "200", "colours": "dark", "spacing": "more", "font": "dyslexia", "motion": "reduce", "return": "/s/routing"})
    assert v.path == "/s/routing"
    classes = v.soup.html["class"]
    assert {"survey-text-200", "survey-colours-dark", "survey-spacing-more", "survey-font-dyslexia", "survey-motion-reduce"} <= set(classes)
    v.get("/privacy")
    assert "survey-colours-dark" in v.soup.html["class"]
    v.get("/display")
    assert v.soup.select_one("input[name=text][value='200']").has_attr("checked")


def test_return_address_never_leaves_the_site(client):
    v = Visitor(client)
    v.get("/display?return=//evil.example/")
    assert v.soup.select_one("input[name=return]")["value"] == "/"
    v.post(data={"text": "150", "return": "https://evil.example/"})
    assert v.path == "/"


def test_forged_option_values_are_refused(client):
    v = Visitor(client)
    v.get("/display")
    v.post(data={"text": "9000"})
    assert v.response.status_code == 400


def test_dyslexia_font_is_served_from_the_app(client):
    v = Visitor(client)
    v.get("/")
    css_url = next(link["href"] for link in v.soup.find_all("link", rel="stylesheet") if "survey.css" in link["href"])
    css = client.get(css_url).text
    font_urls = [part.split('"')[1] for part in css.split("url(")[1:]]
    assert len(font_urls) == 2 and all(u.startswith("/static/") and u.endswith(".woff2") for u in font_urls)
    font = client.get(font_urls[0])
    assert font.status_code == 200 and font.headers["content-type"] == "font/woff2" and font.content[:4] == b"wOF2"
