"""The code a reader sees is code a student could type: no plumbing of the page.

The page's plumbing (`glue` calls that feed numbers and figures to the prose,
and their imports) lives in cells tagged `remove-cell`, hidden from the page
and left out of the notebooks. Every other cell must be free of it.
"""

import re

import pytest

from .conftest import EDITIONS
from .test_parity import PAGES, code_cells, read

PLUMBING = re.compile(r"\bglue\b|\bmyst_nb\b|\bIPython\.display\b")


def plumbing_in_shown_cells(text):
    """(cell number, line) of each plumbing line in a cell that the reader sees.

    >>> page = "```{code-cell} ipython3\\nx = 1\\nglue('x', x)\\n```\\n"
    >>> plumbing_in_shown_cells(page)
    [(1, "glue('x', x)")]
    >>> plumbing_in_shown_cells(page.replace("x = 1", ":tags: [remove-cell]\\nx = 1"))
    []
    """
    return [
        (i, line)
        for i, (source, meta) in enumerate(code_cells(text), 1)
        if "remove-cell" not in meta.get("tags", [])
        for line in source.splitlines()
        if PLUMBING.search(line)
    ]


@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize("name", PAGES)
def test_no_plumbing_in_shown_cells(lang, name):
    found = plumbing_in_shown_cells(read(lang, name))
    assert not found, f"{lang}/{name}: shown cells feed the page: {found}"


def test_the_book_has_hidden_plumbing():
    """The check looks at real cells: the book does glue numbers, in hidden cells."""
    hidden = [
        source
        for name in PAGES
        for source, meta in code_cells(read("en", name))
        if "remove-cell" in meta.get("tags", [])
    ]
    assert sum("glue(" in s for s in hidden) >= 10
