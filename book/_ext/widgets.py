"""The `{widget}` directive: a figure a reader can move, over its static figure.

````
```{widget} key
:fallback: figure-key
:alt: the static figure, in words
:name: fig-label

The caption.
```
````

It is a `glue:figure` of `figure-key` (same options, same caption and
number) that also embeds the widget glued as `key` (an
`autograd_book.widgets.Widget`: its data, all computed by autograd when the
page ran), the edition's words for its controls, and the script that draws
its kind (`book/_static/widgets/<kind>.js`, after the shared `widget.js`).
Without JavaScript, and in print, the reader sees the static figure.

The build fails, naming the page and the cell, when a page's widgets (data
and scripts) exceed `BUDGET` bytes or a key glues no widget.
"""

import json
from pathlib import Path

from docutils import nodes
from myst_nb.ext.glue.directives import PasteFigureDirective
from myst_nb.ext.glue.utils import RetrievalError, retrieve_glue_data
from sphinx.locale import get_translation

from autograd_book.widgets import MIME, source_digest

_ = get_translation("book")
SCRIPTS = Path(__file__).resolve().parent.parent / "_static" / "widgets"
BUDGET = 60_000  # bytes of scripts and data of all the widgets of one page

# The words each kind's script shows (English msgids of book/_locales/*/book.po);
# a {name} in one is replaced by a value, written left to right.
WORDS = {
    "tangent": ["Move the point along the curve", "rising", "falling", "flat"],
    "descent": [
        "Learning rate",
        "Play",
        "Pause",
        "Step",
        "Reset",
        "step",
        "The next step leaves the plot",
        "too small",
        "good",
        "overshooting",
        "on the edge",
        "diverging",
    ],
    "stepper": [
        "Back",
        "Next",
        "Reset",
        "Step {k} of {n}",
        "Press Next to run the forward pass, node by node.",
        "Forward pass: the input {node} is {value}.",
        "Forward pass: the constant {node} is {value}.",
        "Forward pass: the node {node} receives {inputs} and computes {value}.",
        "Backward pass: it starts at the output with {grad}.",
        "Backward pass: the node {node} sends {product} back to {to}: "
        "the gradient that reached it times its local derivative.",
        "{leaf}, the number in {grad}.",
        "{leaf}.",
    ],
}


def script_bytes(kind):
    return (SCRIPTS / f"{kind}.js").stat().st_size


def glue_cell(document, glued):
    """The number, among the page's code cells, of the cell that glued a widget (or '?').

    The widget's metadata holds a digest of that cell's source
    (`autograd_book.widgets.source_digest`).
    """
    digest = glued.metadata.get(MIME, {}).get("cell")
    notebook = document["nb_renderer"].renderer.nb_client.notebook
    cells = [c for c in notebook.cells if c.cell_type == "code"]
    return next((i for i, c in enumerate(cells, 1) if source_digest(c.source) == digest), "?")


class WidgetDirective(PasteFigureDirective):
    option_spec = {**PasteFigureDirective.option_spec, "fallback": lambda v: v.strip()}

    def run(self):
        key = self.arguments[0]
        try:
            glued = retrieve_glue_data(self.document, key)
            data = json.loads(glued.data[MIME])
        except (RetrievalError, KeyError) as e:
            raise self.error(
                f"widget {key!r}: no widget glued (glue an autograd_book.widgets.Widget)"
            ) from e
        where = f"widget {key!r} (glued in code cell {glue_cell(self.document, glued)})"
        if data.get("kind") not in WORDS:
            raise self.error(f"{where}: no widget of the kind {data.get('kind')!r}")
        if "fallback" not in self.options:
            raise self.error(f"{where}: the :fallback: option (a glued figure) is missing")
        kind = data["kind"]
        payload = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        words = {w: str(_(w)) for w in WORDS[kind]}
        used = self.document.setdefault("book_widget_bytes", {"widget": script_bytes("widget")})
        used[kind] = script_bytes(kind)
        used[key] = len(payload.encode()) + len(json.dumps(words, ensure_ascii=False).encode())
        if sum(used.values()) > BUDGET:
            raise self.error(
                f"{where}: the widgets of this page take {sum(used.values())} bytes "
                f"(scripts and data), over the budget of {BUDGET}"
            )
        self.arguments = [self.options.pop("fallback")]
        figure, *rest = super().run()
        figure["classes"] += ["book-widget", f"book-widget-{kind}"]
        embed = (
            f'<script type="application/json" class="book-widget-data">{safe(payload)}</script>'
            f'<script type="application/json" class="book-widget-words">'
            f"{safe(json.dumps(words, ensure_ascii=False))}</script>"
        )
        figure.insert(0, nodes.raw("", embed, format="html"))
        return [figure, *rest]


def safe(text):
    """JSON that cannot end its <script> element early.

    >>> safe('{"a":"</script>"}')
    '{"a":"<\\\\/script>"}'
    """
    return text.replace("</", "<\\/")


def add_scripts(app, pagename, templatename, context, doctree):
    """The shared script and each kind's script, on the pages that have widgets only."""
    if doctree is None:
        return
    kinds = {
        c[len("book-widget-") :]
        for node in doctree.findall(nodes.figure)
        for c in node["classes"]
        if c.startswith("book-widget-")
    }
    if kinds:
        app.add_css_file("widgets/widgets.css")
        for name in ["widget", *sorted(kinds)]:
            app.add_js_file(f"widgets/{name}.js", defer="defer")


def setup(app):
    app.add_directive("widget", WidgetDirective)
    app.connect("html-page-context", add_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
