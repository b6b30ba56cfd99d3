"""A page's MyST Markdown made plain CommonMark, for notebooks that run anywhere.

Jupyter, JupyterLab and Colab know CommonMark and `$` math, not MyST's roles,
directives and labels. Each construct the book's pages use becomes what a
reader of the page sees: a term in bold, a glued number written in, a
cross-reference as its title, an exercise as a heading. A construct with no
plain form raises `Unconvertible`, so nothing MyST leaks into a notebook.

The block structure comes from myst-parser's own Markdown parser (the one the
build uses), so fences and labels are found exactly where Sphinx finds them.
"""

import re
from dataclasses import dataclass, field

from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

PARSER = create_md_parser(
    MdParserConfig(enable_extensions={"dollarmath", "colon_fence", "deflist"}), RendererHTML
)
ROLE = re.compile(r"\{(?P<name>[\w:-]+)\}`(?P<text>[^`]+)`")
LEFTOVER = re.compile(r"\{[\w:-]+\}`|^\([\w-]+\)=\s*$|^(`{3,}|:{3,})\s*\{", re.M)


class Unconvertible(ValueError):
    """A MyST construct that has no plain Markdown form here."""


@dataclass
class Exercise:
    """The place right after an exercise's question (a student answers there)."""

    label: str
    number: str


@dataclass
class Markdown:
    """Plain Markdown, with the figures it shows as attachments (name -> mime bundle)."""

    text: str
    attachments: dict = field(default_factory=dict)


def strong(text):
    """Bold that CommonMark opens anywhere, even right after a Hebrew prefix.

    >>> strong("derivative")
    '**derivative**'
    >>> strong("(x)")  # punctuation at an edge: ** might not open
    '<strong>(x)</strong>'
    """
    if re.match(r"\w", text) and re.search(r"\w$", text):
        return f"**{text}**"
    return f"<strong>{text}</strong>"


def role_parts(text):
    """(shown text, target) of a role's content: `text <target>` or `target`.

    >>> role_parts("partial derivatives <partial derivative>")
    ('partial derivatives', 'partial derivative')
    >>> role_parts("gradient")
    ('gradient', 'gradient')
    """
    m = re.fullmatch(r"(.*?)\s*<([^<>]+)>", text, re.S)
    return (m[1], m[2]) if m else (text, text)


def convert_roles(text, page):
    """Every inline role of `text` in its plain form (`page` resolves them).

    >>> class Page:
    ...     def glue_text(self, key, fmt): return {"x": "2.5"}[key]
    ...     def ref(self, label, text): return text or "The chain rule"
    ...     def slide(self, numbers): return f"Slide {numbers}"
    >>> convert_roles("A {define}`leaf <leaf>` at {glue:text}`x:g`, see {ref}`chain`.", Page())
    'A **leaf** at 2.5, see *The chain rule*.'
    """

    def plain(m):
        name, content = m["name"], m["text"]
        shown, target = role_parts(content)
        if name == "define":
            return strong(shown)
        if name == "term":
            return shown
        if name == "glue:text":
            key, _, fmt = content.rpartition(":") if ":" in content else (content, "", "")
            return page.glue_text(key, fmt)
        if name in ("glue", "glue:md"):  # key, or key:format (the Markdown flavour)
            return page.glue_md(content.split(":", 1)[0])
        if name in ("ref", "doc"):
            return f"*{page.ref(target, shown if shown != target else None)}*"
        if name == "numref":
            return page.numref(target, shown if shown != target else None)
        if name == "slide":
            return f"*({page.slide(content)})*"
        raise Unconvertible(f"the role {{{name}}}")

    return ROLE.sub(plain, text)


def fence_options(body):
    """(options, content) of a directive's body: the leading `:name: value` lines.

    >>> fence_options(':label: ex-a\\n:start-at: "def f"\\n\\nThe question.\\n')
    ({'label': 'ex-a', 'start-at': 'def f'}, 'The question.\\n')
    """
    options, lines = {}, body.split("\n")
    while lines and (m := re.fullmatch(r":([\w-]+):\s*(.*)", lines[0])):
        value = m[2]  # YAML-style quotes around a value are not part of it
        quoted = len(value) > 1 and value[0] == value[-1] and value[0] in "'\""
        options[m[1]] = value[1:-1] if quoted else value
        lines.pop(0)
    return options, "\n".join(lines).lstrip("\n")


def convert_cell(text, page, in_solution, student):
    """Convert one Markdown cell; returns (items, in_solution after the cell).

    The items are `Markdown` and `Exercise` marks, in the page's order.
    `in_solution` says whether the cell starts inside a solution (a solution
    spans the cells between `solution-start` and `solution-end`); a student's
    notebook leaves solutions out.
    """
    lines = text.split("\n")
    items, done = [], 0  # the first line not yet handled

    def add(markdown, attachments=None):
        if markdown.strip() and not (in_solution and student):
            items.append(Markdown(markdown.strip("\n"), attachments or {}))

    for token in PARSER.parse(text):
        if token.level != 0 or token.map is None:
            continue
        start, end = token.map
        is_directive = token.type in ("fence", "colon_fence") and token.info.startswith("{")
        if token.type != "myst_target" and not is_directive:
            continue
        add(convert_roles("\n".join(lines[done:start]), page))
        done = end
        if token.type == "myst_target":  # a (label)= line: the title says where we are
            continue
        name, _, argument = token.info[1:].partition("}")
        argument = argument.strip()
        options, content = fence_options(token.content)
        if name == "exercise":
            number = page.number("exercise", options["label"])
            add(f"### {page.word('Exercise')} {number}\n\n" + convert_roles(content, page))
            items.append(Exercise(options["label"], number))
        elif name == "solution-start":
            if not student:
                add(f"#### {page.word('Solution to exercise')} {page.number('exercise', argument)}")
            in_solution = True
        elif name == "solution-end":
            in_solution = False
        elif name in ("glue:figure", "widget"):  # a widget becomes its static figure
            image, mime, data = page.figure(options["fallback"] if name == "widget" else argument)
            caption = convert_roles(content.strip(), page)
            if "name" in options:  # only a named figure is numbered
                caption = f"{page.figure_number(page.number('figure', options['name']))}: {caption}"
            add(
                f"![{options.get('alt', '')}](attachment:{image})\n\n*{caption}*",
                {image: {mime: data}},
            )
        elif name == "answer":  # a self-check needs the page's script: a notebook has none
            pass
        elif name == "literalinclude":
            code = page.include(argument, options)
            add(f"```{options.get('language', 'python')}\n{code.rstrip()}\n```")
        else:
            raise Unconvertible(f"the directive {{{name}}}")
    add(convert_roles("\n".join(lines[done:]), page))
    for item in items:
        leftover = isinstance(item, Markdown) and LEFTOVER.search(item.text)
        if leftover:
            raise Unconvertible(f"MyST syntax left in the Markdown: {leftover[0]!r}")
    return items, in_solution
