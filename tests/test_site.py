"""The real book: one full build of both editions under -W, and what it published."""

import re

import pytest
from bs4 import BeautifulSoup

from .conftest import EDITIONS, SITE


def pages(lang):
    return sorted((SITE / lang).glob("*.html"))


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_build_is_clean(build):
    """The build exits 0 and says nothing but its own progress lines."""
    assert build.returncode == 0, build.stdout + build.stderr
    assert "WARNING" not in build.stdout + build.stderr
    assert "ERROR" not in build.stdout + build.stderr


def test_root_page_offers_both_editions(site):
    links = {a["href"] for a in soup(site / "index.html").find_all("a")}
    assert links == {"he/index.html", "en/index.html"}
    for lang in EDITIONS:
        assert (site / lang / "index.html").is_file()


@pytest.mark.parametrize("lang, direction", [("he", "rtl"), ("en", "ltr")])
def test_every_page_declares_its_language_and_direction(site, lang, direction):
    assert pages(lang)
    for page in pages(lang):
        html = soup(page).html
        assert (html.get("lang"), html.get("dir")) == (lang, direction), page.name


def test_same_pages_in_both_editions(site):
    he, en = ({p.name for p in pages(lang)} for lang in EDITIONS)
    assert he == en


@pytest.mark.parametrize("lang", EDITIONS)
def test_switcher_leads_to_the_same_page(site, lang):
    other = "en" if lang == "he" else "he"
    for page in pages(lang):
        link = soup(page).select_one("a.lang-switch")
        assert link is not None, page.name
        assert link["href"] == f"../{other}/{page.name}"
        assert (site / other / page.name).is_file()


@pytest.mark.parametrize("lang", EDITIONS)
def test_executed_outputs_are_on_the_pages(site, lang):
    """Outputs of the first chapter, as the kernel printed them."""
    page = soup(site / lang / "derivative.html")
    outputs = [o.get_text() for o in page.select("div.cell_output")]
    assert any("f'(2) = 18  ↗" in o for o in outputs)
    # glued numbers are in the prose, formatted, and every glued figure is an SVG image
    pasted = [span.get_text() for span in page.select("span.pasted-text")]
    assert pasted[-4:] == ["18", "-6", "-1", "-3"]
    figures = page.select("figure img")
    assert figures and all(img["src"].endswith(".svg") and img.get("alt") for img in figures)


@pytest.mark.parametrize("lang", EDITIONS)
def test_no_error_output_on_any_page(site, lang):
    """Errors appear only in cells tagged raises-exception (tests/test_expected_errors.py)."""
    for page in pages(lang):
        for cell in soup(page).select("div.cell"):
            if "tag_raises-exception" in cell.get("class", []):
                continue
            assert not cell.select(".output.traceback, .output.error"), page.name


@pytest.mark.parametrize("lang", EDITIONS)
def test_no_request_leaves_the_site(site, lang):
    """Every script, stylesheet, image and font is local: the book works offline."""
    for page in pages(lang):
        for tag in soup(page).find_all(["script", "link", "img", "iframe"]):
            url = tag.get("src") or tag.get("href") or ""
            if tag.name == "link" and tag.get("rel") in (["alternate"], ["canonical"]):
                continue
            assert not re.match(r"(https?:)?//", url), f"{page.name}: {url}"


@pytest.mark.parametrize("lang", EDITIONS)
def test_only_the_search_page_loads_the_search_index(site, lang):
    """Search opens the search page (book/_ext/light_pages.py): no other page needs the index."""
    loading = {
        path.name
        for path in pages(lang)
        if soup(path).find("script", src=re.compile(r"(^|/)searchindex\.js$"))
    }
    assert loading == {"search.html"}
