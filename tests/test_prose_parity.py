"""The two editions say the same things: paragraph by paragraph, the same math, code and numbers.

Words differ between the languages; what a paragraph states does not. Each
page of both editions is read into segments of prose blocks (tests/prose.py:
myst-parser's tokens, cut at headings, labels, code cells and directives) and
the language-neutral items of each block are compared: inline and display
math, inline code, numbers in digits, links, glued keys, and the targets of
`{define}`, `{term}`, `{ref}`, `{numref}`, `{eq}`, `{doc}` and `{slide}`.
A sentence or formula dropped, added or changed in one edition fails, with the
file and line of the block in each edition and the items only one of them has.

Where Hebrew legitimately differs:

- Word order moves math inside a sentence: a block's items are compared as
  a multiset, not a sequence.
- One language may split a paragraph in two: when a segment has a different
  number of blocks in the two editions, the segment is compared as a whole.
- A small number may be a word in one language ("two", "שתי"): a number up
  to 10 missing in one edition is accepted when that block says it in words.
- A term's gloss in the other language, in parentheses ("(derivative)"), is
  words, and words are never compared.
- A lone symbol (`$f$`, `$v$`) may be "the function" in the other language,
  a sign (`$-$`) may be "minus", and a name in code may be repeated where the
  other language says "it": lone symbols and signs are not compared, and
  inline code is compared as a set.
- Hebrew names the variable where English gives the value alone, so as not
  to put a prefix before a minus sign (`לנקודה $x = -1$`, "at $-1$"): a
  formula `$x = …$` or `$x \to …$` matches the bare value in the other edition.
- Code may be plain text in the other edition (Hebrew headings write
  backward() without code markup): accepted when that block's text has it.
- A number alone in math (`ב-$-1$`, Hebrew's prefix needs it) is the same
  number in text ("at -1"); numbers are compared without their sign, which
  words may carry ("subtract 1", "−1").
- A formula ending in a relation before a glued value (`$x_1 =$` {glue:text}`x1`)
  is compared without the relation, as Hebrew often says "is" in words.

Each difference the book had when this test was written was a slip (fixed)
or one of these rules: there is no allow-list.

The anchors themselves (headings, labels, code cells, directives) must come
in the same order, or the structure differs and the first mismatch is named;
tests/test_parity.py checks their details.
"""

import re
from collections import Counter

import pytest

from .conftest import EDITIONS
from .prose import Block, math_item, segments
from .test_parity import PAGES, read

# Number words, with any Hebrew prefix letters (ו ה ב ל מ ש כ) before them.
WORDS = {
    0: "zero|none|אפס",
    1: "one|ones|once|single|אחד|אחת|אחדות",
    2: "two|twice|double|both|pair|שניים|שתיים|שני|שתי|פעמיים|זוג|כפול",
    3: "three|שלוש|שלושה|שלושת",
    4: "four|ארבע|ארבעה|ארבעת",
    5: "five|חמש|חמישה|חמשת",
    6: "six|שש|שישה|ששת",
    7: "seven|שבע|שבעה|שבעת",
    8: "eight|שמונה|שמונת",
    9: "nine|תשע|תשעה|תשעת",
    10: "ten|עשר|עשרה|עשרת",
}


def in_words(number, text):
    """Does `text` say the small whole `number` in words?

    >>> in_words("2", "נגזרת לפי שני המשתנים"), in_words("2", "the second derivative")
    (True, False)
    """
    words = WORDS.get(int(number)) if number.isdigit() else None
    return bool(words and re.search(rf"(?<!\w)[והבלמשכ]*(?:{words})(?!\w)", text, re.I))


# A lone symbol (f, f', W, \theta) or a lone sign, which words may name instead.
LONE = r"(?:[A-Za-z]|\\[A-Za-z]+)'*|[-+±]"


def tolerated(item, other):
    """Is an item only one block has one of the legitimate differences above?"""
    kind, value = item
    if kind == "number":
        return in_words(value, other.text)  # a small number said in words
    if kind == "math":
        return re.fullmatch(LONE, value)
    if kind == "code":
        return (kind, value) in other.items or value in other.text.replace("\u200e", "")
    return False


def named(item):
    r"""What is left of `$x = -1$` or `$x \to -\infty$` when the other edition names no `x`.

    >>> named(("math", "x=-1")), named(("math", r"x\to-\infty")), named(("math", "x=y"))
    (('number', '1'), ('math', '-\\infty'), ('math', 'y'))
    """
    kind, value = item
    match = re.fullmatch(rf"(?:{LONE})(?:=|\\to)(.+)", value) if kind == "math" else None
    return math_item("math", match.group(1)) if match else item


def unmatched(extra, others):
    """The items of `extra` that are not, once named() strips their variable, in `others`."""
    pool = Counter(map(named, others.elements()))
    left = Counter()
    for item in extra.elements():
        if pool[named(item)]:
            pool[named(item)] -= 1
        else:
            left[item] += 1
    return left


def describe(items):
    return ", ".join(f"{kind} `{v}`" + (f" ×{n}" if n > 1 else "") for (kind, v), n in items)


def differences(name, he, en):
    """Messages for the blocks of one segment pair whose items differ."""
    pairs = list(zip(he.blocks, en.blocks, strict=True)) if len(he.blocks) == len(en.blocks) else []
    if not pairs:  # a paragraph split differently: the whole segment, merged
        pairs = [tuple(merged(s) for s in (he, en))]
    found = []
    for a, b in pairs:
        only = {}
        for lang, this, other in (("he", a, b), ("en", b, a)):
            extra = unmatched(this.items - other.items, other.items - this.items)
            only[lang] = sorted(
                (item, n) for item, n in extra.items() if not tolerated(item, other)
            )
        if only["he"] or only["en"]:
            found.append(
                f"book/he/{name}:{a.line} and book/en/{name}:{b.line} differ:"
                + "".join(f"\n    only in {lang}: {describe(v)}" for lang, v in only.items() if v)
            )
    return found


def merged(segment):
    """A segment's blocks as one block (its items and words together)."""
    block = Block(segment.blocks[0].line if segment.blocks else segment.line)
    for b in segment.blocks:
        block.items += b.items
        block.text += b.text
    return block


@pytest.mark.parametrize("name", PAGES)
def test_same_things_said(name):
    he, en = (segments(read(lang, name)) for lang in EDITIONS)
    for a, b in zip(he, en, strict=False):  # the first anchor that differs, if any
        assert a.anchor == b.anchor, (
            f"book/he/{name}:{a.line} has {a.anchor!r} where book/en/{name}:{b.line} has"
            f" {b.anchor!r}: the structure differs"
        )
    assert len(he) == len(en), f"{name}: a different number of headings, cells or directives"
    found = [msg for a, b in zip(he, en, strict=True) for msg in differences(name, a, b)]
    if found:
        pytest.fail("\n".join(found), pytrace=False)


def page_differences(he, en):
    """The differences between two small pages, as test_same_things_said finds them."""
    pairs = zip(segments(he), segments(en), strict=True)
    return [msg for a, b in pairs for msg in differences("page.md", a, b)]


def test_a_changed_formula_or_a_dropped_sentence_is_found():
    he = "# כותרת\n\nהנגזרת היא $2x$. ב-$x = 1.5$ היא {glue:text}`s:g`.\n"
    en = "# Title\n\nThe derivative is $2x$. At $x = 1.5$ it is {glue:text}`s:g`.\n"
    assert not page_differences(he, en)
    (changed,) = page_differences(he, en.replace("$2x$", "$3x$"))
    assert "book/he/page.md:3 and book/en/page.md:3" in changed and "math `3x`" in changed
    (dropped,) = page_differences(he, en.replace(" At $x = 1.5$ it is {glue:text}`s:g`.", ""))
    assert "only in he: glue:text `s:g`, math `x=1.5`" in dropped


def test_what_hebrew_says_differently_is_no_difference():
    he = (
        "ה{define}`נגזרת <derivative>` (derivative) של $f$ מתאפסת בשתי נקודות,"
        " לנקודה $x = -1$ ו-`backward()` קוראים לה.\n"
    )
    en = (
        "Its zero {define}`derivative` (נגזרת) is at $-1$, in 2 points: `backward()`"
        " calls it, and `backward()` is called.\n"
    )
    assert not page_differences(he, en)
