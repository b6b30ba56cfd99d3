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


def test_code_cells_helper_sees_a_changed_cell():
    """The helper is not blind: one changed character is a difference."""
    text = read("en", "derivative.md")
    changed = text.replace("x**3 - 3 * x", "x**3 - 2 * x", 1)
    assert changed != text and code_cells(changed) != code_cells(text)


# One edit in the Hebrew copy of a real page, and the parity test that must then fail.
EDITS = {
    "a changed code cell": (
        ("x**3 - 3 * x", "x**3 - 2 * x"),  # in the second code cell
        test_same_code_cells,
        "code cell 3 differs",
    ),
    "a tag added to a cell": (
        ("```{code-cell} ipython3\n", "```{code-cell} ipython3\n:tags: [hide-input]\n"),
        test_same_code_cells,
        "code cell 1 differs",
    ),
    "a glued key swapped": (
        ("{glue:text}`slope_at_05", "{glue:text}`slope_at_15"),
        lambda name: test_same_markers(name, "glue"),
        "slope_at_05",
    ),
}


@pytest.mark.parametrize("edit", EDITS)
def test_parity_fails_on_a_real_page_changed_in_one_edition(edit, tmp_path, monkeypatch):
    """The real tests on a copy of a real page pair: they pass, then fail on one edit."""
    (old, new), parity_test, message = EDITS[edit]
    name = "derivative.md"
    for lang in EDITIONS:
        (tmp_path / lang).mkdir()
        (tmp_path / lang / name).write_text(read(lang, name), encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.BOOK", tmp_path)  # read() now reads the copy
    parity_test(name)
    page = tmp_path / "he" / name
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(AssertionError, match=re.escape(message)):
        parity_test(name)
