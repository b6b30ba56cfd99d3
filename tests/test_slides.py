"""Every slide of the deck is covered, in order, by the page book/slides.yml assigns it.

The evidence is the {slide} badges of the built pages, in both editions.
"""

import re

import pytest
import yaml
from bs4 import BeautifulSoup

from .conftest import BOOK, EDITIONS

DECK_SLIDES = 23
SLIDE_MAP = yaml.safe_load((BOOK / "slides.yml").read_text())


def badges(site, lang, page):
    """The slide numbers of a built page's badges, in the order they appear."""
    html = BeautifulSoup((site / lang / f"{page}.html").read_text(), "html.parser")
    return [int(n) for span in html.select("span.slide-ref") for n in span["data-slides"].split()]


def toc_order():
    """The root page, then every file of the table of contents, in reading order."""
    toc = (BOOK / "_toc.yml").read_text()
    return [yaml.safe_load(toc)["root"]] + re.findall(r"file: ([\w-]+)", toc)


def test_the_map_covers_every_slide_once_in_order():
    listed = [n for page in toc_order() for n in SLIDE_MAP.get(page, [])]
    assert listed == list(range(1, DECK_SLIDES + 1))


@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize("page", list(SLIDE_MAP))
def test_page_covers_its_slides(site, lang, page):
    found = badges(site, lang, page)
    assert sorted(set(found)) == SLIDE_MAP[page], f"{lang}/{page} covers {found}"
    assert found == sorted(found), f"{lang}/{page}: slides out of order: {found}"


@pytest.mark.parametrize("lang", EDITIONS)
def test_no_other_page_claims_a_slide(site, lang):
    others = {p.stem for p in (site / lang).glob("*.html")} - set(SLIDE_MAP)
    for page in others:
        if page not in ("genindex", "search"):
            assert badges(site, lang, page) == [], page
