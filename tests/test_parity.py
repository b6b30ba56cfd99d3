"""The two editions mirror each other: same pages, same code, same labels, same exercises.

Code cells must match byte for byte, with the same tags and options: that is
also what lets the second edition reuse the first one's execution cache.
"""

import re

import pytest
from myst_nb.core.read import read_myst_markdown_notebook
from myst_parser.config.main import MdParserConfig

from .conftest import BOOK, EDITIONS


def page_names(lang):
    return sorted(p.relative_to(BOOK / lang).as_posix() for p in (BOOK / lang).rglob("*.md"))


PAGES = page_names("en")

# What must be the same in both editions, found in the Markdown source.
MARKERS = {
    "labels": r"^\(([\w-]+)\)=\s*$",
    "directive options": r"^:(label|name|tags|class):\s*(.*)$",
    "directives": r"^[`:]{3,}\{([\w:-]+)\}[ \t]*(\S*)",
    "slides": r"\{slide\}`([^`]+)`",
    "glue": r"\{glue(?::\w+)?\}`([^`]+)`",
    "references": r"\{(?:ref|numref|eq|doc)\}`(?:[^`<]*<)?([^`>]+)>?`",
    "heading levels": r"^(#+) ",
}


def read(lang, name):
    return (BOOK / lang / name).read_text(encoding="utf-8")


def code_cells(text):
    """(source, metadata) of every code cell, as myst-nb reads the page."""
    nb = read_myst_markdown_notebook(text, MdParserConfig(), add_source_map=False)
    return [(c.source, dict(c.metadata)) for c in nb.cells if c.cell_type == "code"]


def test_same_pages():
    assert page_names("he") == page_names("en")


@pytest.mark.parametrize("name", PAGES)
def test_same_front_matter(name):
    front = [
        read(lang, name).partition("\n---\n")[0] if read(lang, name).startswith("---") else ""
        for lang in EDITIONS
    ]
    assert front[0] == front[1]


@pytest.mark.parametrize("name", PAGES)
def test_same_code_cells(name):
    he, en = (code_cells(read(lang, name)) for lang in EDITIONS)
    assert len(he) == len(en), "different number of code cells"
    for i, (a, b) in enumerate(zip(he, en, strict=True)):
        assert a == b, f"code cell {i + 1} differs"


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("kind", MARKERS)
def test_same_markers(name, kind):
    """Labels, directives and their options, slide badges, glued values, references."""
    he, en = (re.findall(MARKERS[kind], read(lang, name), re.M) for lang in EDITIONS)
    assert he == en


def test_parity_check_sees_a_changed_cell():
    """The comparison is not blind: one changed character is a difference."""
    text = read("en", "derivative.md")
    changed = text.replace("x**3 - 3 * x", "x**3 - 2 * x", 1)
    assert changed != text and code_cells(changed) != code_cells(text)
