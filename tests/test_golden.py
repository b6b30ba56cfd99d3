"""Golden outputs: what every page shows is kept in a reviewed file, and compared on every run.

The executed outputs of each page (printed text, glued values, errors shown on
purpose, figures by the SHA-256 of their SVG bytes) are snapshotted in
`tests/__snapshots__/test_golden.ambr`, one entry per page and one key per code
cell. A change in `code/` or in a page that changes what a page shows fails
here until `make golden` rewrites the file (printing the diff) and the diff is
committed.

syrupy keeps the snapshots: it is made for this (a missing, changed or unused
snapshot fails the run; only `--snapshot-update` writes), and its amber format
is plain text that reads well in a diff.

Both editions share one execution (their code cells are identical), so each
page is snapshotted once; the tests also check that the two editions executed,
and published, the same outputs.
"""

import hashlib
import json
import os
import re
import sys
from base64 import b64decode as b64

import pytest
from bs4 import BeautifulSoup
from jupyter_cache import get_cache
from myst_nb.core.read import read_myst_markdown_notebook
from myst_nb.core.render import base_render_priority
from myst_parser.config.main import MdParserConfig

from book._ext.cache_key import digest

from .conftest import EDITIONS, ROOT
from .test_parity import page_names, read

PAGES = [
    name.removesuffix(".md")
    for name in page_names("en")
    if read("en", name).startswith("---\nfile_format: mystnb\n")
]

# The representation a page shows of a display output: the first present in
# myst-nb's priority for HTML (book/conf.py sets no nb_mime_priority_overrides).
HTML_PRIORITY = base_render_priority()["html"]
PRIORITY = sorted((m for m in HTML_PRIORITY if HTML_PRIORITY[m] is not None), key=HTML_PRIORITY.get)


def executed(lang, page):
    """The executed notebook of one edition's page, from the build's execution cache."""
    nb = read_myst_markdown_notebook(read(lang, f"{page}.md"), MdParserConfig())
    cache = get_cache(str(ROOT / "_build" / "jupyter_cache" / digest()))
    try:
        record = cache.match_cache_notebook(nb)
    except KeyError:
        pytest.fail(
            f"book/{lang}/{page}.md is not in the execution cache: the build did not run it"
        )
    return cache.get_cache_bundle(record.pk).nb


def stable(text):
    """The text without what depends on the machine: memory addresses, paths of the checkout.

    >>> stable("<Fig at 0x7f1362540e50>")
    '<Fig at 0x…>'
    """
    text = re.sub(r"\b0x[0-9a-f]{6,}\b", "0x…", text)
    for path, name in ((ROOT, "<book>"), (sys.prefix, "<python>")):
        text = text.replace(os.path.realpath(path), name).replace(str(path), name)
    return text


def shown(data):
    """A display output as the page shows it: a figure by its SHA-256, else its text.

    The hash is taken of the bytes myst-nb writes, so it is also the figure's
    file name in the site's `_images/`.

    >>> shown({"text/plain": "<Markdown>", "text/markdown": "$10^{-2}$"})
    'text/markdown: $10^{-2}$'
    >>> shown({"text/plain": "2.5"})
    '2.5'
    """
    mime = next(m for m in PRIORITY if m in data)
    value = data[mime]
    if mime.startswith("image/"):
        # as myst-nb writes the file: SVG with its lines joined by "\n", the others decoded
        raw = "\n".join(value.splitlines()).encode() if mime == "image/svg+xml" else b64(value)
        return f"{mime}: sha256 {hashlib.sha256(raw).hexdigest()}"
    return stable(value) if mime == "text/plain" else f"{mime}: {stable(value)}"


def cell_outputs(outputs):
    """{what: as shown} for the outputs of one cell; streams merged as myst-nb shows them."""
    shown_outputs, displays = {}, 0
    for out in outputs:
        kind = out["output_type"]
        if kind == "stream":
            shown_outputs[out["name"]] = shown_outputs.get(out["name"], "") + out["text"]
        elif kind == "error":
            shown_outputs["error"] = stable(f"{out['ename']}: {out['evalue']}")
        else:  # display_data or execute_result; glue() marks its outputs with the key
            glue = out.get("metadata", {}).get("scrapbook")
            prefix = glue["mime_prefix"] if glue else ""
            data = {mime.removeprefix(prefix): value for mime, value in out["data"].items()}
            if glue:
                key = f"glue {glue['name']}"
            elif kind == "execute_result":
                key = "result"
            else:
                displays += 1
                key = f"display {displays}"
            shown_outputs[key] = shown(data)
    for name in ("stdout", "stderr"):  # the last newline shows nothing
        if name in shown_outputs:
            shown_outputs[name] = stable(shown_outputs[name].removesuffix("\n"))
    return shown_outputs


def page_outputs(nb):
    """{'cell NN': outputs} for each code cell with outputs, numbered among the code cells."""
    cells = [c for c in nb.cells if c.cell_type == "code"]
    return {
        f"cell {i:02}": cell_outputs(cell.outputs)
        for i, cell in enumerate(cells, 1)
        if cell.outputs
    }


@pytest.mark.parametrize("page", PAGES)
def test_outputs(site, page, snapshot):
    """The page shows what the reviewed snapshot says (`make golden` accepts a change)."""
    he, en = (page_outputs(executed(lang, page)) for lang in EDITIONS)
    assert he == en, "the two editions executed different outputs"
    assert en == snapshot, "the page shows something else now; if that is meant: make golden"


@pytest.mark.parametrize("page", PAGES)
def test_editions_publish_the_same_outputs(site, page):
    """Each edition's HTML shows the same cell outputs, and its glued values are the same."""

    def published(lang):
        html = BeautifulSoup((site / lang / f"{page}.html").read_text(), "html.parser")
        glue = ROOT / "_build" / "stage" / lang / "jupyter_execute" / f"{page}.glue.json"
        values = json.loads(glue.read_text()) if glue.exists() else {}
        return [str(out) for out in html.select("div.cell_output")], values

    (he_cells, he_glue), (en_cells, en_glue) = published("he"), published("en")
    for key in sorted(he_glue.keys() | en_glue.keys()):
        assert he_glue.get(key) == en_glue.get(key), f"glued value {key} differs"
    assert len(he_cells) == len(en_cells)
    for i, (a, b) in enumerate(zip(he_cells, en_cells, strict=True)):
        assert a == b, f"cell output {i + 1} differs"
