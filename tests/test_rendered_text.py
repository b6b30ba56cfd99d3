"""The text of every built page, as a reader sees it: no Markdown, MyST or TeX source shows.

A slip in the source (`ה**{term}`...`**` after a Hebrew prefix, a `$` that did not
open math, a role inside a directive that does not parse MyST) builds without a
warning and shows its markup on the page. These checks read the rendered HTML, with
code and math taken out, so only the prose is left to search.
"""

import re

import pytest
from bs4 import BeautifulSoup

from .conftest import BOOK, EDITIONS, SITE

# The pages Sphinx writes besides the chapters.
GENERATED = ("genindex", "py-modindex", "search")
PAGES = [
    (lang, name)
    for lang in EDITIONS
    for name in sorted({p.stem for p in (BOOK / lang).glob("*.md")} | set(GENERATED))
]

# What is code or math on the page, where markup characters are the content itself:
# code blocks, inline code, highlighted blocks, cell outputs, autodoc signatures, math.
NOT_PROSE = "head, script, style, pre, code, .highlight, .cell_output, dt.sig, math"

MARKUP = {
    "Markdown bold or italic": r"\*\*|__",
    "a MyST role": r"\{[a-z][\w:.-]*\}",
    "a dollar sign (math that did not open)": r"\$",
    "a TeX command": r"\\[a-zA-Z]+",
    "a MyST fence": r":::",
    "a label line": r"\([\w.-]+\)=",
}

# A Hebrew prefix letter, its hyphen, then a minus sign (in math, code or a glued
# number): the reader sees "ל--1". The word joiner (U+2060) is what the build puts
# after a prefix hyphen to keep it on the line of what follows.
PREFIX_BEFORE_MINUS = re.compile("[\u05d0-\u05ea][-\u05be]\u2060?\\s*[-\u2212]")
# A prefix (one to three of the letters בהוכלמש, standing alone) with its hyphen before a
# Hebrew word: the hyphen belongs before math, code or a number only, so a reference
# to a Hebrew title written `ב-{ref}` shows "ב-איור", "ו-נגזרות". Write `ב{numref}`,
# or "בסעיף {ref}`...`".
PREFIX_BEFORE_HEBREW = re.compile(
    "(?<![\u05d0-\u05ea])[בהוכלמש]{1,3}[-\u05be]\u2060?[\u05d0-\u05ea]"
)


def soup(lang, name):
    path = SITE / lang / f"{name}.html"
    assert path.is_file(), f"{lang}/{name}.html was not built"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def prose(page):
    """The page's text without its code and math (the page is changed in place)."""
    for tag in page.select(NOT_PROSE):
        tag.decompose()
    return page.get_text()


def slips(text, pattern):
    """Each match of `pattern` in `text`, shown with the text around it."""
    return [repr(text[max(m.start() - 40, 0) : m.end() + 40]) for m in re.finditer(pattern, text)]


def test_every_built_page_is_read(site):
    """The parametrized pages are exactly the pages the build wrote."""
    for lang in EDITIONS:
        built = {p.stem for p in (site / lang).glob("*.html")}
        assert built == {name for edition, name in PAGES if edition == lang}, lang


@pytest.mark.parametrize("lang, name", PAGES, ids=[f"{lang}/{name}" for lang, name in PAGES])
def test_no_source_markup_in_the_text(site, lang, name):
    text = prose(soup(lang, name))
    found = [
        f"{what}: {context}" for what, pattern in MARKUP.items() for context in slips(text, pattern)
    ]
    assert not found, f"{lang}/{name}.html shows source markup:\n" + "\n".join(found)


@pytest.mark.parametrize("name", [n for lang, n in PAGES if lang == "he"])
def test_no_prefix_hyphen_before_a_minus_sign(site, name):
    """`ל-$-1$` or `ב-{glue:text}`k`` with a negative value shows as "ל--1": rephrase it."""
    page = soup("he", name)
    for tag in page.select("head, script, style"):
        tag.decompose()
    found = slips(page.get_text(), PREFIX_BEFORE_MINUS)
    assert not found, f"he/{name}.html: a prefix hyphen before a minus sign:\n" + "\n".join(found)


@pytest.mark.parametrize("name", [n for lang, n in PAGES if lang == "he"])
def test_no_prefix_hyphen_before_a_hebrew_word(site, name):
    found = slips(prose(soup("he", name)), PREFIX_BEFORE_HEBREW)
    assert not found, f"he/{name}.html: a prefix hyphen before a Hebrew word:\n" + "\n".join(found)
