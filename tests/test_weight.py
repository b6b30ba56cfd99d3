"""Light pages: what a reader's browser downloads, measured in Chromium from 127.0.0.1.

A student on a cheap phone and slow Wi-Fi pays for every byte. Each page of
both editions is opened in a fresh browser (empty cache): all it loads, the
page, its styles, scripts, fonts and figures, must stay within FIRST_VISIT.
Then the next page in reading order is opened in the same browser: the bytes
it adds (the shared styles and scripts are cached) must stay within
NEXT_PAGE. The bytes are the bodies the test server sends; every page's
numbers are printed (`pytest -s`) and the largest are asserted.
"""

import time

import pytest

from .browsers import Chromium, Server, missing
from .conftest import EDITIONS

FIRST_VISIT = 1_000_000
NEXT_PAGE = 250_000


@pytest.fixture(scope="module")
def chromium():
    reason = missing("chromium")
    if reason:
        pytest.skip(f"page weight: {reason}")
    browser = Chromium()
    yield browser
    browser.close()


def reading_order(site, lang):
    """The edition's pages as the reader meets them: the chapters' list, then the rest."""
    html = (site / lang / "index.html").read_text(encoding="utf-8")
    names = sorted(p.name for p in (site / lang).glob("*.html"))
    return sorted(names, key=lambda n: (html.find(f'href="{n}"') % len(html), n))


def loaded_bytes(chromium, server, url):
    """Bytes the server sends while `url` loads, its fonts included, until it sends no more."""
    before = server.httpd.bytes_sent
    chromium.goto(url)
    chromium.run("document.fonts.ready.then(() => true)")
    sent = -1
    while sent != server.httpd.bytes_sent:  # nothing more for a quarter of a second
        sent = server.httpd.bytes_sent
        time.sleep(0.25)
    return sent - before


@pytest.mark.parametrize("lang", EDITIONS)
def test_first_visit_and_next_page_are_light(site, chromium, lang):
    server = Server(site)
    pages = reading_order(site, lang)
    first, following = {}, {}
    try:
        for page, next_page in zip(pages, pages[1:] + pages[:1], strict=True):
            chromium.open(1280)
            first[page] = loaded_bytes(chromium, server, f"{server.url}{lang}/{page}")
            following[next_page] = loaded_bytes(chromium, server, f"{server.url}{lang}/{next_page}")
    finally:
        server.close()
    for page in pages:
        print(
            f"{lang}/{page}: first visit {first[page]:,} B, as the next page {following[page]:,} B"
        )
    heaviest = max(first, key=first.get)
    assert first[heaviest] <= FIRST_VISIT, (heaviest, first[heaviest])
    heaviest = max(following, key=following.get)
    assert following[heaviest] <= NEXT_PAGE, (heaviest, following[heaviest])


@pytest.mark.parametrize("lang", EDITIONS)
def test_icon_font_holds_every_icon_the_pages_show(site, lang):
    """The cut-down icon font (book/_ext/light_pages.py) has a glyph for each icon a page names."""
    from fontTools.ttLib import TTFont

    from book._ext.light_pages import FONT, THEME_CSS, THEME_STATIC, icon_table, icons_used

    static = site / lang / "_static"
    table = icon_table((THEME_STATIC / THEME_CSS).read_text(encoding="utf-8"))
    names = icons_used(static, (site / lang).glob("*.html")) & set(table)
    assert {"fa-bars", "fa-magnifying-glass", "fa-xmark"} <= names
    with TTFont(static / FONT) as font:
        glyphs = set(font.getBestCmap())
    assert {n for n in names if table[n] not in glyphs} == set()
    assert len(glyphs) < 60  # cut down: the full font has about 1,400
