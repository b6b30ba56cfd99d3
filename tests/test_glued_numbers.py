"""Numbers stay glued: every glued key is used, and no computed number is typed into the prose.

The executed pages come from the build's own execution cache
(`_build/jupyter_cache/<digest>`, found with jupyter-cache's API the way
myst-nb finds it: by the page's code cells), after the `site` fixture has
brought the build up to date; no kernel runs here.

A page's *computed numbers* are the numbers in its glued values and in its
printed outputs (streams and cell results). The prose (tests/prose.py: text,
inline and display math, captions and exercise bodies; not code) is scanned
for numbers that could be a typed copy of one of them:

- decimals (`2.25`, `0.1`) and whole numbers of 3 digits or more (`100`);
  small whole numbers (1, 2, 3, an exponent, an index) are everywhere and
  are not scanned;
- a scanned number is a typed copy when a computed number rounds to it
  (`3.7500001` printed, `3.75` typed);
- it is not a copy when the page's code has it as a literal: it is an input
  the text chose (the point `x = 1.5`, the learning rate `0.1`), and the code
  printing it back does not make it a result. `CHOSEN` lists the few other
  numbers that are definitions.

A glued key no page uses is the trace of a number typed over its
`{glue:text}`: every key a page glues must appear in a glue role or a
`glue:figure` of each edition (`UNCITED` lists keys a loop glues beside the
ones the prose cites).
"""

import re
from decimal import Decimal

import pytest
from jupyter_cache import get_cache
from myst_nb.core.read import read_myst_markdown_notebook
from myst_parser.config.main import MdParserConfig

from book._ext.cache_key import digest

from .conftest import EDITIONS, ROOT
from .prose import segments
from .test_parity import PAGES, read

NOTEBOOKS = [name for name in PAGES if read("en", name).startswith("---\nfile_format: mystnb")]

# Where the prose uses a glued key: the glue roles, the glue:figure and answer directives, and the
# widget directive (its widget and its :fallback: figure).
USES = re.compile(
    r"\{glue(?::\w+)?\}`([^`:<]+)|^[`:]{3,}\{(?:glue:figure|widget|answer)\}\s+(\S+)|^:fallback:\s+(\S+)",
    re.M,
)

# A number in a cell's source or output, or in math: digits, maybe a decimal part.
NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")

# Numbers a page defines in its prose though no code cell has them as literals.
CHOSEN = {
    # The points the exercises ask about, defined with the reference solutions
    # (autograd_book.exercises), and the learning rates and starts of descent runs.
    ("final-exercises.md", "0.5"),
    ("gradient-descent.md", "0.5"),
    # L(W) = 7.5(W - 2)^2, a formula the reader derives (in tests/test_formulas.py).
    ("gradient-descent.md", "7.5"),
}

# Keys a loop glues for every value it prints, of which the prose cites a few.
UNCITED = {
    ("partial-derivatives.md", "secant_0.1"),  # the first and the last step are cited
    ("partial-derivatives.md", "secant_0.01"),
    ("final-exercises.md", "c_slope_0"),  # "two of the five slopes are zero"
    ("final-exercises.md", "c_slope_1"),
}


def executed(name):
    """The executed notebook of a page, from the build's cache."""
    nb = read_myst_markdown_notebook(read("en", name), MdParserConfig(), add_source_map=False)
    cache = get_cache(ROOT / "_build" / "jupyter_cache" / digest())
    return cache.get_cache_bundle(cache.match_cache_notebook(nb).pk).nb


def glued(nb):
    """{key: the mime bundle it was glued with} for every glue() of the notebook."""
    return {
        out.metadata["scrapbook"]["name"]: {
            mime.rpartition("/record/")[2]: data for mime, data in out.data.items()
        }
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if "scrapbook" in out.get("metadata", {})
    }


def printed(nb):
    """The text of every output a cell printed or returned (not the glued ones)."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if "scrapbook" not in out.get("metadata", {}):
                yield out.get("text", "") + out.get("data", {}).get("text/plain", "")


def scanned(number):
    """Is a typed number one that could be a copy: a decimal, or 3 digits or more?

    >>> [scanned(n) for n in ("2", "16", "100", "0.5", "2.25")]
    [False, False, True, True, True]
    """
    return "." in number or len(number) >= 3


def rounds_to(value, typed):
    """Does the computed `value` (text) round to the `typed` number, at its decimals?

    >>> rounds_to("3.7500001", "3.75"), rounds_to("-2.25", "2.25"), rounds_to("3.76", "3.75")
    (True, True, False)
    """
    typed = Decimal(typed)
    return abs(Decimal(value)).quantize(Decimal(1).scaleb(typed.as_tuple().exponent)) == typed


def prose_numbers(text):
    """(line, number) for each scanned number in the prose: in the text and in math.

    >>> list(prose_numbers("# Slope\\n\\nAt $x = 1.5$ it is 3.75, not 12 or `0.25`.\\n"))
    [(3, '1.5'), (3, '3.75')]
    """
    for segment in segments(text):
        for block in segment.blocks:
            for (kind, value), _ in block.items.items():
                found = [value] if kind == "number" else NUMBER.findall(value) * (kind == "math")
                yield from ((block.line, n) for n in found if scanned(n))


@pytest.fixture(scope="module")
def notebooks(site):
    """The executed notebook of every page that runs, once the build is up to date."""
    return {name: executed(name) for name in NOTEBOOKS}


@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_glued_key_is_used(notebooks, name, lang):
    used = {a or b or c for a, b, c in USES.findall(read(lang, name))}
    unused = sorted(k for k in glued(notebooks[name]) if k not in used and (name, k) not in UNCITED)
    assert not unused, f"book/{lang}/{name} glues keys its prose never uses: {unused}"


@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_no_computed_number_typed(notebooks, name, lang):
    nb = notebooks[name]
    computed = {n: "printed" for text in printed(nb) for n in NUMBER.findall(text)}
    computed |= {
        n: f"glued as `{key}`"
        for key, bundle in glued(nb).items()
        for mime in ("text/plain", "text/latex", "text/markdown")
        for n in NUMBER.findall(bundle.get(mime, ""))
    }
    literals = {
        n for cell in nb.cells if cell.cell_type == "code" for n in NUMBER.findall(cell.source)
    }
    typed = [
        f"book/{lang}/{name}:{line}: {number} is typed, but the page computes it ({how})"
        for line, number in prose_numbers(read(lang, name))
        if number not in literals and (name, number) not in CHOSEN
        for value, how in computed.items()
        if rounds_to(value, number)
    ]
    if typed:
        pytest.fail("\n".join(dict.fromkeys(typed)), pytrace=False)
