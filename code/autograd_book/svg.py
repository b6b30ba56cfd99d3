"""Deterministic SVG output for the book's figures.

A figure is drawn with matplotlib and kept as SVG text. The same drawing gives
the same bytes on every build: no date in the metadata, a fixed salt for the
ids matplotlib generates, and glyphs drawn as paths (no font needed to view).

>>> def line():
...     fig = new_figure(2, 1)
...     fig.add_subplot().plot([0, 1], [0, 1])
...     return SvgFigure(fig)
>>> a, b = line(), line()
>>> a.svg == b.svg and a.svg.startswith("<?xml")
True
"""

import io

import matplotlib
from matplotlib.figure import Figure

# Style shared by every figure of the book.
STYLE = {
    "svg.hashsalt": "autograd-book",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "mathtext.fontset": "dejavusans",
    "font.size": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def new_figure(width, height):
    """A matplotlib figure of `width` x `height` inches, not tied to pyplot."""
    with matplotlib.rc_context(STYLE):
        return Figure(figsize=(width, height), layout="constrained")


class SvgFigure:
    """An SVG drawing that notebooks display and `glue` stores as image/svg+xml."""

    def __init__(self, fig):
        buffer = io.StringIO()
        with matplotlib.rc_context(STYLE):
            fig.savefig(buffer, format="svg", metadata={"Date": None}, facecolor="white")
        self.svg = buffer.getvalue()

    def _repr_svg_(self):
        return self.svg

    def save(self, path):
        """Write the SVG to `path`."""
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.svg)
