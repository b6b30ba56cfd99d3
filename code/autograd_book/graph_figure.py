r"""Draw a computation graph: boxes with values, arrows forward, gradients in red going back.

Used in :ref:`computation-graphs` and :ref:`inside-autograd`. `layout()` computes
every position and every string in points (1/72 inch), each tagged with the
part of the graph it shows; `draw()` only paints them, so tests can read what a
figure shows, and the backward-pass stepper (`widgets.backward_stepper`)
brings the same drawing to life part by part.

>>> import torch
>>> from autograd_book.graph import record, walk
>>> x = torch.tensor([1.0], requires_grad=True)
>>> with record():
...     l = (4 * x - 1) ** 2
>>> l.backward()
>>> fig = draw(l, names={"x": x, "l": l})
>>> fig.svg.startswith("<?xml")
True
"""

from dataclasses import dataclass, field

import matplotlib
from matplotlib.font_manager import FontProperties
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path
from matplotlib.textpath import TextPath

from autograd_book.graph import Graph, cells, walk
from autograd_book.svg import STYLE, SvgFigure, new_figure

__all__ = ["draw", "layout", "Layout", "Text"]

TITLE, VALUE, GRAD, NAME = 15, 10.5, 10, 12  # font sizes in points
PAD, GAP, VGAP, MARGIN, BRACKET, BEND = 7, 44, 16, 6, 5, 12  # spacing in points
TITLE_LINE = 1.25 * TITLE  # the same in every box, so that values line up
INK, RED = "#222222", "#c0392b"  # values and arrows; gradients
FILL = {
    "op": ("#e8f0fa", "#2f5f8f"),
    "leaf": ("#fdf1d6", "#9a6b12"),
    "const": ("#ffffff", "#808080"),
}


@dataclass
class Text:
    """A string centred at (x, y); w and h are its measured size; role: what it shows."""

    x: float
    y: float
    s: str
    size: float
    color: str
    w: float
    h: float
    role: tuple = ()


# The roles of what a layout paints: ("title", node id), ("name", node id) and
# ("arrow", edge index) are the graph itself; ("value", node id) a forward value;
# ("grad", edge index) a gradient sent back along an edge; ("seed",) the 1 that
# starts the backward pass; ("leaf", node id) a leaf's gradient.


@dataclass
class Layout:
    """Everything a figure paints, in points; (x0, y0, x1, y1) is the visible area."""

    boxes: list = field(default_factory=list)  # (node, x, y, w, h), centred
    arrows: list = field(
        default_factory=list
    )  # (points, color, dashed, role): a polyline, head at the end
    lines: list = field(default_factory=list)  # (xs, ys, color, role): brackets of vectors
    texts: list = field(default_factory=list)
    bounds: tuple = (0, 0, 0, 0)


def _measure(s, size):
    """Width and height of a string in points, as matplotlib will draw it."""
    with matplotlib.rc_context(STYLE):
        box = TextPath((0, 0), s, prop=FontProperties(size=size)).get_extents()
    return box.width, max(box.height, 0.72 * size)


def _stack_size(strings, size):
    """Size of strings written one under another, in brackets when a vector."""
    w = max(_measure(s, size)[0] for s in strings)
    return w + (2 * BRACKET if len(strings) > 1 else 0), 1.3 * size * len(strings)


def _numbers(value):
    """The strings for a value's numbers (or shape), with a typographic minus sign."""
    return [c.replace("-", "\N{MINUS SIGN}") for c in cells(value)]


def _place_stack(out, strings, size, color, x, top, role):
    """Write strings one under another from `top` down, centred at x."""
    w, h = _stack_size(strings, size)
    for k, s in enumerate(strings):
        _write(out, s, size, color, x, top - 1.3 * size * (k + 0.5), role)
    if len(strings) > 1:  # a column vector: [ ] around its numbers
        for side in (-1, 1):
            edge, tip = x + side * w / 2, x + side * (w / 2 - 3)
            ys = [top - 1, top - 1, top - h + 1, top - h + 1]
            out.lines.append(([tip, edge, edge, tip], ys, color, role))


@dataclass
class _Part:
    """What one node shows: a title and values in its box, a name above, a gradient below."""

    title: str
    values: list
    above: str | None = None  # an op's name
    head: str | None = None  # a leaf's gradient: d(root)/d(leaf), and its number if one
    grads: list = field(default_factory=list)  # the numbers under the head

    def size(self):
        """Width and height of the box, room above and below it, and the width of all three."""
        vw, vh = _stack_size(self.values, VALUE) if self.values else (0, 0)
        w, h = max(_measure(self.title, TITLE)[0], vw, 22) + 2 * PAD, TITLE_LINE + vh + 2 * PAD
        below = [
            _stack_size(lines, GRAD) for lines in ([self.head], self.grads) if lines and lines[0]
        ]
        up = 1.3 * NAME if self.above else 0
        down = sum(bh for _, bh in below) + 4 * bool(below)
        wide = max(
            [w, _measure(self.above, NAME)[0] if self.above else 0] + [bw for bw, _ in below]
        )
        return w, h, up, down, wide


def _parts(graph):
    """What each node shows, by node id."""
    root, parts = graph.nodes[-1], {}
    for n in graph.nodes:
        part = _Part(n.label, _numbers(n.value) if n.value is not None else [])
        part.above = f"${n.name}$" if n.kind == "op" and n.name else None
        if n.kind == "leaf" and n.grad is not None:
            part.grads = _numbers(n.grad)
        if part.grads and root.name:  # d(root)/d(leaf), in the names the reader knows
            part.head = rf"$\partial {root.name}/\partial {n.name}$"
            if len(part.grads) == 1 and not part.grads[0].startswith("("):  # a number, not a shape
                part.head, part.grads = part.head + " = " + part.grads[0], []
        parts[n.id] = part
    return parts


def layout(graph):
    r"""Positions and strings of the figure of `graph`, inputs on the left, the root on the right.

    >>> import torch
    >>> from autograd_book.graph import walk
    >>> x = torch.tensor([2.0], requires_grad=True)
    >>> [t.s for t in layout(walk(x * x, names={"x": x})).texts]
    ['$x$', '2', '$\\times$', '4']
    """
    out, parts = Layout(), _parts(graph)
    size = {i: part.size() for i, part in parts.items()}
    inputs = {n.id: [e for e in graph.edges if e.dst == n.id] for n in graph.nodes}
    rank = {}
    for n in graph.nodes:  # the longest path from an input
        rank[n.id] = max((rank[e.src] + 1 for e in inputs[n.id]), default=0)
    columns = range(max(rank.values()) + 1)
    col_w = [max(size[i][4] for i in rank if rank[i] == c) for c in columns]
    # a gap holds the gradients of the arrows that end in the next column
    gaps = [
        max(
            [GAP]
            + [
                _stack_size(_numbers(e.grad), GRAD)[0] + 2 * PAD + BEND
                for e in graph.edges
                if e.grad is not None and rank[e.dst] == c + 1
            ]
        )
        for c in columns
    ]
    left = [sum(col_w[:c]) + sum(gaps[:c]) for c in columns]
    y = {}
    for c in columns:  # inputs one under another in walk order; an op midway between its inputs
        col, bottom = [n.id for n in graph.nodes if rank[n.id] == c], None
        want = {i: sum(y[e.src] for e in inputs[i]) / len(inputs[i]) if c else 0 for i in col}
        for i in sorted(col, key=lambda i: (-want[i], i)):  # top first; push down what overlaps
            w, h, up, down, _ = size[i]
            y[i] = want[i] if bottom is None else min(want[i], bottom - VGAP - up - h / 2)
            bottom = y[i] - h / 2 - down
    box = {i: (left[rank[i]] + col_w[rank[i]] / 2, y[i], *size[i][:2]) for i in rank}
    for n in graph.nodes:
        _node(out, n, parts[n.id], box[n.id])
    for k, e in enumerate(graph.edges):
        gap_left = left[rank[e.dst]] - gaps[rank[e.dst] - 1]
        outputs = [d for d in graph.edges if d.src == e.src]
        _edge(out, graph, k, e, box, inputs, outputs, gap_left)
    root = graph.nodes[-1]
    if root.grad is not None:  # the seed d(root)/d(root) = 1 arrives at the output
        rx, ry, w, _ = box[root.id]
        out.arrows.append(([(rx + w / 2, ry), (rx + w / 2 + GAP, ry)], INK, False, ("seed",)))
        _gradient(out, rx + w / 2, rx + w / 2 + GAP, ry, _numbers(root.grad), ("seed",))
    _fit(out)
    return out


def _node(out, n, part, box):
    """One box: the title, the value under it, a name above, a leaf's gradient below."""
    x, y, w, h = box
    out.boxes.append((n, x, y, w, h))
    top = y + h / 2 - PAD
    _write(out, part.title, TITLE, INK, x, top - TITLE_LINE / 2, ("title", n.id))
    if part.values:
        _place_stack(out, part.values, VALUE, INK, x, top - TITLE_LINE, ("value", n.id))
    if part.above:
        _write(out, part.above, NAME, INK, x, y + h / 2 + 0.65 * NAME, ("name", n.id))
    top = y - h / 2 - 4
    if part.head:
        _write(out, part.head, GRAD, RED, x, top - 0.65 * GRAD, ("leaf", n.id))
        top -= 1.3 * GRAD
    if part.grads:
        _place_stack(out, part.grads, GRAD, RED, x, top, ("leaf", n.id))


def _write(out, s, size, color, x, y, role):
    """One string centred at (x, y)."""
    out.texts.append(Text(x, y, s, size, color, *_measure(s, size), role))


def _edge(out, graph, index, e, box, inputs, outputs, gap_left):
    """The arrow from e.src into e.dst and, after backward, the gradient sent back along it.

    An arrow bends once: near its end, or near its start when its input has several
    uses. Its gradient is written under the long straight part (above it for the
    upper of two arrows entering one box)."""
    (sx, sy, sw, sh), (dx, dy, dw, dh) = box[e.src], box[e.dst]
    # several inputs enter one above the other in argument order; several uses
    # leave one above the other, the one going highest on top
    outputs = sorted(outputs, key=lambda d: (-box[d.dst][1], d.dst))
    k, slot = len(inputs[e.dst]), inputs[e.dst].index(e)
    start = (sx + sw / 2, sy + _spread(sh, len(outputs), outputs.index(e)))
    end = (dx - dw / 2, dy + _spread(dh, k, slot))
    fan_out = len(outputs) > 1
    bend = max(start[0], gap_left) + BEND if fan_out else end[0] - BEND
    path = (
        [start, end]
        if abs(start[1] - end[1]) < 1
        else [start, (bend, start[1]), (bend, end[1]), end]
    )
    const = graph.nodes[e.src].kind == "const"
    out.arrows.append((path, "#808080" if const else INK, const, ("arrow", index)))
    grads, role = (_numbers(e.grad), ("grad", index)) if e.grad is not None else (None, None)
    if grads and fan_out:
        _gradient(out, max(gap_left, bend), end[0], end[1], grads, role, above=slot < k - 1)
    elif grads:
        _gradient(out, max(gap_left, start[0]), bend, start[1], grads, role)


def _spread(h, k, i):
    """Offset from the middle of a side of height h for the i-th of k arrows, top first."""
    return h / (k + 1) * 0.8 * ((k - 1) / 2 - i)


def _gradient(out, x0, x1, y, grads, role, above=False):
    """Beside the straight part x0..x1 of an arrow at height y: a red arrow back, and numbers."""
    mid, half, side = (x0 + x1) / 2, min(10, (x1 - x0) / 2 - 5), 1 if above else -1
    out.arrows.append(([(mid + half, y + 6 * side), (mid - half, y + 6 * side)], RED, False, role))
    top = y + 11 + _stack_size(grads, GRAD)[1] if above else y - 11
    _place_stack(out, grads, GRAD, RED, mid, top, role)


def _fit(out):
    """The visible area: everything drawn, plus a margin."""
    xs = [v for t in out.texts for v in (t.x - t.w / 2, t.x + t.w / 2)]
    ys = [v for t in out.texts for v in (t.y - t.h / 2, t.y + t.h / 2)]
    xs += [v for _, x, _, w, _ in out.boxes for v in (x - w / 2, x + w / 2)]
    ys += [v for _, _, y, _, h in out.boxes for v in (y - h / 2, y + h / 2)]
    xs += [p[0] for points, *_ in out.arrows for p in points]
    ys += [p[1] for points, *_ in out.arrows for p in points]
    out.bounds = (min(xs) - MARGIN, min(ys) - MARGIN, max(xs) + MARGIN, max(ys) + MARGIN)


def _rounded(points, r=6):
    """A path through the points whose corners are rounded with radius r."""
    codes, verts = [Path.MOVETO], [points[0]]
    for a, b, c in zip(points, points[1:], points[2:], strict=False):  # a corner at b
        into = min(r / (abs(b[0] - a[0]) + abs(b[1] - a[1])), 0.5)  # segments are horizontal
        away = min(r / (abs(c[0] - b[0]) + abs(c[1] - b[1])), 0.5)  # or vertical
        verts += [
            (b[0] + (a[0] - b[0]) * into, b[1] + (a[1] - b[1]) * into),
            b,
            (b[0] + (c[0] - b[0]) * away, b[1] + (c[1] - b[1]) * away),
        ]
        codes += [Path.LINETO, Path.CURVE3, Path.CURVE3]
    return Path(verts + [points[-1]], codes + [Path.LINETO])


def draw(graph_or_tensor, names=None):
    """The figure of a graph (or of the graph behind a tensor), as deterministic SVG.

    >>> import torch
    >>> x = torch.tensor([3.0], requires_grad=True)
    >>> draw(-x).svg == draw(-x).svg
    True
    """
    graph = graph_or_tensor if isinstance(graph_or_tensor, Graph) else walk(graph_or_tensor, names)
    lay = layout(graph)
    x0, y0, x1, y1 = lay.bounds
    fig = new_figure((x1 - x0) / 72, (y1 - y0) / 72)  # 1 unit of the layout = 1 point
    fig.set_layout_engine("none")  # the layout is ours
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    for n, x, y, w, h in lay.boxes:
        face, edge = FILL[n.kind]
        ax.add_patch(
            FancyBboxPatch(
                (x - w / 2, y - h / 2),
                w,
                h,
                boxstyle="round,pad=0,rounding_size=6",
                facecolor=face,
                edgecolor=edge,
                linewidth=1.2,
                linestyle="--" if n.kind == "const" else "-",
                zorder=2,
            )
        )
    for points, color, dashed, _ in lay.arrows:
        ax.add_patch(
            FancyArrowPatch(
                path=_rounded(points),
                arrowstyle="-|>",
                mutation_scale=10,
                color=color,
                linewidth=1.2,
                linestyle="--" if dashed else "-",
                zorder=1,
            )
        )
    for xs, ys, color, _ in lay.lines:
        ax.plot(xs, ys, color=color, linewidth=0.9, zorder=3)
    for t in lay.texts:
        ax.text(t.x, t.y, t.s, fontsize=t.size, color=t.color, ha="center", va="center", zorder=3)
    return SvgFigure(fig)
