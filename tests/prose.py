"""What a page's prose says that does not depend on its language, block by block.

A page is read with myst-parser's own Markdown parser (the tokens Sphinx
sees, with the book's extensions), not with regular expressions, so code
cells, math and roles are told apart exactly as in the build. The page is
cut at its *anchors*: headings, labels, code cells and directives. Between
two anchors lies a *segment* of prose blocks (paragraphs, list items, table
rows); the body of a prose directive (an exercise, a figure caption, a note)
is parsed the same way and gives segments of its own.

From each block we keep its *items*: inline and display math, inline code,
numbers written in digits, link targets and the targets of the roles
(`{glue:text}` keys, `{define}` and `{term}` terms, `{ref}`, `{numref}`,
`{eq}`, `{doc}`, `{slide}`). Words are not items, so a term's gloss in the
other language, in parentheses, is no item either.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

# The extensions of book/conf.py (myst_enable_extensions).
EXTENSIONS = {"dollarmath", "colon_fence", "deflist"}

# Directives whose body is not prose: code, or text in another syntax.
OPAQUE = {"code-cell", "code-block", "code", "literalinclude", "eval-rst", "raw", "math"}

# A number written in digits, not part of a word or a name (x0, 3x, fig-2 are not numbers);
# without its sign, which words may carry as well ("minus 1", "subtract 1", "חיסור 1").
NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.]*[A-Za-z_])")


@dataclass
class Block:
    """One paragraph, list item or table row: its first line (1-based) and its items."""

    line: int
    items: Counter = field(default_factory=Counter)
    text: str = ""  # the block's words, for the number-word tolerance


@dataclass
class Segment:
    """The prose blocks after one anchor (a heading, a label, a code cell, a directive)."""

    anchor: str
    line: int
    blocks: list = field(default_factory=list)


@cache
def parser():
    return create_md_parser(MdParserConfig(enable_extensions=EXTENSIONS), RendererHTML)


def role_item(name, content):
    """The language-neutral part of a role: its target (`text <target>` or the text).

    >>> role_item("define", "נגזרת <derivative>")
    ('define', 'derivative')
    >>> role_item("glue:text", "slope_at_15:g")
    ('glue:text', 'slope_at_15:g')
    """
    target = re.fullmatch(r"(?s).*<([^<>]+)>\s*", content)
    value = (target.group(1) if target else content).strip()
    return name, value.lower() if name in ("define", "term") else value


def math_item(kind, latex):
    r"""Math without its spacing, or a relation at either end (`$x_1 =$` before a glued value).

    >>> math_item("math", r"\varepsilon^{1/3} \approx"), math_item("math", "x = 1.5")
    (('math', '\\varepsilon^{1/3}'), ('math', 'x=1.5'))
    >>> math_item("math", "-1")
    ('number', '1')
    """
    latex = re.sub(r"\s+|\\[,;!]", "", latex)
    latex = re.sub(rf"^(?:{RELATION})+|(?:{RELATION})+$", "", latex)
    if re.fullmatch(r"[-−]?\d+(?:\.\d+)?", latex):  # `ב-$-1$` and "at -1" say one number
        return "number", latex.lstrip("-−")
    return kind, latex


RELATION = r"=|<|>|\\approx|\\le|\\ge|\\neq"


def inline_items(token, block):
    """Add the items of one inline token (and the words) to `block`."""
    for child in token.children or []:
        if child.type == "math_inline":
            block.items[math_item("math", child.content)] += 1
        elif child.type == "code_inline":
            block.items["code", child.content] += 1
        elif child.type == "myst_role":
            block.items[role_item(child.meta["name"], child.content)] += 1
        elif child.type == "link_open":
            block.items["link", child.attrGet("href")] += 1
        elif child.type == "text":
            block.text += child.content + " "
            for number in NUMBER.findall(child.content):
                block.items["number", number] += 1


def segments(text, offset=0):
    """The page's anchors and prose blocks, in order. `offset`: lines before `text`.

    >>> page = "# Title\\n\\nAt $x = 1.5$ the slope is {glue:text}`s:g`, 2 of 3.\\n"
    >>> [(s.anchor, [(b.line, dict(b.items)) for b in s.blocks]) for s in segments(page)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('', []), ('heading 1', [(1, {}), (3, {('math', 'x=1.5'): 1, ('glue:text', 's:g'): 1,
                                            ('number', '2'): 1, ('number', '3'): 1})])]
    """
    result = [Segment("", offset + 1)]
    block, row = None, False  # the block being read; inside a table row or a term
    for token in parser().parse(text):
        line = offset + token.map[0] + 1 if token.map else None
        if token.type in ANCHORS:
            result.append(Segment(anchor_name(token), line))
            if token.type in ("fence", "colon_fence"):
                result += directive_segments(token, line)
                result.append(Segment(f"end of {result[-1].anchor}", line))
        if token.type in ("math_block", "math_block_label"):
            result[-1].blocks.append(Block(line, Counter([math_item("math", token.content)])))
        elif token.type in ("tr_open", "dt_open"):
            block, row = Block(line), True
            result[-1].blocks.append(block)
        elif token.type in ("heading_open", "paragraph_open") and not row:
            block = Block(line)
            result[-1].blocks.append(block)
        elif token.type in ("tr_close", "dt_close", "heading_close", "paragraph_close"):
            if token.type in ("tr_close", "dt_close") or not row:
                block, row = None, False
        elif token.type == "inline" and block is not None:
            inline_items(token, block)
    return result


ANCHORS = {"heading_open", "myst_target", "fence", "colon_fence"}


def anchor_name(token):
    """What an anchor is, the same in both editions: `heading 2`, `label x`, `{exercise}`.

    A directive's argument (a title, in the page's language) is not part of it.
    """
    if token.type == "heading_open":
        return f"heading {token.tag[1:]}"
    if token.type == "myst_target":
        return f"label {token.content}"
    return token.info.split(maxsplit=1)[0] if token.info.strip() else "code"


def directive_segments(token, line):
    """The prose inside a directive (none for code); its options are skipped."""
    match = re.match(r"\{([\w:-]+)\}\s*(.*)", token.info.strip())
    if not match or match.group(1) in OPAQUE:
        return []
    name, argument = match.groups()
    body = token.content.splitlines()
    skipped = 0
    while skipped < len(body) and re.match(r"\s*:[\w-]+:", body[skipped]):
        skipped += 1
    found = []
    if argument and not name.startswith("glue") and name not in ("exercise", "solution-start"):
        found = segments(argument, line - 1)  # a title, e.g. of an admonition
    rest = "\n".join(body[skipped:])
    if name == "glossary":
        return [*found, *glossary_segments(rest, line + skipped)]
    return found + segments(rest, line + skipped)


def glossary_segments(body, offset):
    """One segment per glossary entry, named and ordered by its English term.

    Each edition sorts its glossary by its own alphabet; the English term (the
    term line without Hebrew letters) pairs the entries of the two editions.

    >>> [(s.anchor, s.blocks[0].line) for s in glossary_segments(
    ...     "נגזרת\\nderivative\\n  The slope.\\n\\nשיפוע\\nslope\\n  Rise.\\n", 10)]
    [('glossary entry derivative', 13), ('glossary entry slope', 17)]
    """
    entries = []
    for match in re.finditer(r"(?m)^(?:\S.*\n)+(?:[ \t]+\S.*(?:\n|$))+", body):
        lines = match.group().splitlines()
        terms = [t for t in lines if not t[0].isspace()]
        english = next((t for t in terms if not re.search("[\u0590-\u05ff]", t)), terms[0])
        first = offset + body.count("\n", 0, match.start())
        definition = "\n".join(t.strip() for t in lines[len(terms) :])
        blocks = [b for s in segments(definition, first + len(terms)) for b in s.blocks]
        entries.append(Segment(f"glossary entry {english.strip()}", first + 1, blocks))
    return sorted(entries, key=lambda s: s.anchor.lower())
