"""The glossary: the same entries in both editions, each one linked from the text.

An entry's first line is the term in the page's language, its second line the
term in the other language; chapters mark a term's first use with {define} (bold, linked here).
"""

import re

import pytest

from .conftest import BOOK, EDITIONS

ROLE = re.compile(r"\{(?:term|define)\}`(?:[^`<]*<)?([^`>]+)>?`")


def entries(lang):
    """(term, the other language's term, the section it points to) of each entry."""
    body = (BOOK / lang / "glossary.md").read_text().split(":sorted:\n", 1)[1].split("```")[0]
    found = []
    for block in body.strip().split("\n\n"):
        first, second, definition = block.split("\n", 2)
        found.append((first.strip(), second.strip(), re.search(r"\{ref\}`([^`]+)`", definition)[1]))
    return found


def test_same_entries_in_both_editions():
    en = {(term, other, ref) for term, other, ref in entries("en")}
    he = {(other, term, ref) for term, other, ref in entries("he")}
    assert en == he


@pytest.mark.parametrize("lang", EDITIONS)
def test_every_term_is_linked_from_a_chapter(lang):
    linked = {
        target.lower()
        for page in (BOOK / lang).glob("*.md")
        if page.stem != "glossary"
        for target in ROLE.findall(page.read_text())
    }
    for term, other, _ in entries(lang):
        assert {term.lower(), other.lower()} & linked, f"{lang}: nothing links to {term!r}"
