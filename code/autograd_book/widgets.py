"""The data of the book's interactive figures, every number computed here by autograd.

A widget's script in the browser computes nothing: it looks up what these
functions evaluated at build time and draws it. A page glues the `Widget` a
function returns, and the `{widget}` directive (book/_ext/widgets.py) embeds
it beside its static figure. The numbers are the strings the page shows,
written by `formatting.number`, so the page, the cache and the tests agree.

>>> w = tangent_explorer(lambda x: 3 * x**2 + 6 * x, -3.5, 2.5)
>>> w.kind, len(w.data["x"]), w.data["step"]
('tangent', 241, 0.025)
>>> i = w.data["x"].index("-1")  # the minimum: the tangent is flat there
>>> w.data["f"][i], w.data["d"][i], w.data["extrema"]
('-3', '0', [{'x': '-1', 'y': '-3', 'kind': 'min'}])
>>> w = rate_player(lambda w: 7.5 * (w - 2) ** 2, 0.0, {0.05: "good", 0.15: "diverging"},
...                 -3, 7, minimum=2.0)
>>> [(run["lr"], run["W"][:3], run["left"]) for run in w.data["runs"]]
[('0.05', ['0', '1.5', '1.875'], False), ('0.15', ['0', '4.5', '-1.125'], True)]
>>> from autograd_book.graph import record
>>> x = torch.tensor([1.0], requires_grad=True)
>>> with record():
...     l = (4 * x - 1) ** 2
>>> l.backward()
>>> w = backward_stepper(l, names={"x": x, "l": l})
>>> [(s["do"], s["value"]) for s in w.data["steps"][:4]]
[('leaf', '1'), ('op', '4'), ('op', '3'), ('op', '9')]
>>> [s.get("product") for s in w.data["steps"][4:]]  # the seed, then each edge back
[None, '1 · 6 = 6', '6 · 1 = 6', '6 · 4 = 24']
>>> w.data["steps"][-1]["leaf"]  # what reaches x, as in x.grad
[['∂', 'l', '/∂', 'x', ' = 24'], 'x.grad']
"""

import hashlib
import json
import math
import re
import unicodedata

import IPython
import torch

from . import graph_figure
from .derivatives import derivatives, extrema
from .descent import descend
from .formatting import number
from .graph import Graph, fmt, walk

# How a glued widget travels to the {widget} directive (book/_ext/widgets.py).
MIME = "application/vnd.autograd-book.widget+json"


class Widget:
    """What a page glues for a widget: its kind and its data (JSON), shown by the directive."""

    def __init__(self, kind, data):
        self.kind, self.data = kind, data

    def json(self):
        """The data as the page embeds it (compact, keys in a fixed order)."""
        return json.dumps({"kind": self.kind, **self.data}, separators=(",", ":"))

    def _repr_mimebundle_(self, include=None, exclude=None):
        # JSON as text: a glued output's MIME type is prefixed, and nbformat
        # keeps an object only under a MIME type that ends in json. The
        # metadata says which code cell made it (its source's digest), for the
        # build's errors.
        shell = IPython.get_ipython()
        cell = {"cell": source_digest(shell.history_manager.input_hist_raw[-1])} if shell else {}
        return {MIME: self.json(), "text/plain": repr(self)}, {MIME: cell}

    def __repr__(self):
        # the digest makes any change in the data show in the golden outputs
        digest = hashlib.sha256(self.json().encode()).hexdigest()[:16]
        return f"<{self.kind} widget, {len(self.json())} bytes, sha256 {digest}>"


def source_digest(source):
    """A short digest of a code cell's source, by which the build names the cell."""
    return hashlib.sha256(source.strip().encode()).hexdigest()[:16]


def nice_step(lo, hi, positions=200):
    """The largest step 1, 2, 2.5 or 5 × 10^k that cuts [lo, hi] into at least `positions`.

    >>> nice_step(-2.2, 2.2), nice_step(-3.5, 2.5), nice_step(0, 1)
    (0.02, 0.025, 0.005)
    """
    raw = (hi - lo) / positions
    power = 10 ** math.floor(math.log10(raw))
    return max(m * power for m in (1, 2, 2.5, 5) if m * power <= raw * (1 + 1e-9))


def slopes_of(f, xs, what):
    """f'(x) at every x from autograd, or an error saying that autograd cannot take it."""
    try:
        slopes = derivatives(f, xs)
    except (RuntimeError, TypeError) as e:
        raise ValueError(f"{what}: autograd cannot differentiate the function: {e}") from e
    if not all(math.isfinite(m) for m in slopes):
        raise ValueError(f"{what}: the derivative is not finite on the plotted range")
    return slopes


def values_of(f, xs):
    """f(x) at every x (the forward pass only)."""
    with torch.no_grad():
        return f(torch.tensor(xs, dtype=torch.float64)).tolist()


def tangent_explorer(f, lo, hi, name="f"):
    """A point that moves along f on [lo, hi]: at each of about 200 positions, x, f(x) and f'(x).

    The positions are a round step apart, so the slider stops on round x.
    """
    step = nice_step(lo, hi)
    count = round((hi - lo) / step) + 1
    xs = [round(lo + i * step, 10) + 0.0 for i in range(count)]
    slopes = slopes_of(f, xs, "tangent_explorer")
    found = [{"x": number(e.x), "y": number(e.y), "kind": e.kind} for e in extrema(f, lo, hi)]
    data = {
        "name": name,
        "step": step,
        "x": [number(x) for x in xs],
        "f": [number(y) for y in values_of(f, xs)],
        "d": [number(m) for m in slopes],
        "extrema": found,
    }
    return Widget("tangent", data)


def rate_player(f, x0, rates, lo, hi, minimum, steps=30, name="L", var="W"):
    """Gradient descent on f from x0 with each learning rate of `rates` ({rate: its msgid}).

    A run stops after `steps` steps, or at the last step inside [lo, hi]
    (`left` says that the next one leaves the plot). The curve is f at 201
    points of [lo, hi].
    """
    runs = []
    for lr, label in rates.items():
        path = descend(f, x0, lr, steps)
        inside = next((k for k, x in enumerate(path) if not lo <= x <= hi), len(path))
        path = path[:inside]
        slopes = slopes_of(f, path, "rate_player")
        runs.append(
            {
                "lr": number(lr),
                "label": label,
                "W": [number(x) for x in path],
                "L": [number(y) for y in values_of(f, path)],
                "d": [number(m) for m in slopes],
                "left": inside <= steps,
            }
        )
    xs = [lo + (hi - lo) * i / 200 for i in range(201)]
    data = {
        "name": name,
        "var": var,
        "minimum": number(minimum),
        "curve": {"x": [number(x) for x in xs], "y": [number(y) for y in values_of(f, xs)]},
        "runs": runs,
    }
    return Widget("descent", data)


# The symbols of the graph figures' mathtext labels (graph._op_label, the names
# a page gives), as text: a dozen fixed forms, not worth a LaTeX library.
SYMBOLS = {"times": "×", "cdot": "·", "div": "÷", "partial": "∂", "Sigma": "Σ"}
SUPERSCRIPT = str.maketrans("0123456789−()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁽⁾")
SUBSCRIPT = str.maketrans("0123456789−()", "₀₁₂₃₄₅₆₇₈₉₋₍₎")
TOKEN = re.compile(
    r"\\mathrm\{(?P<rm>[^}]*)\}|\\hat\{(?P<hat>\w)\}|\\(?P<cmd>[A-Za-z]+) ?"
    r"|(?P<sup>\^)\{(?P<up>[^{}]*(?:\{[^}]*\}[^{}]*)*)\}|_\{(?P<down>[^}]*)\}"
    r"|(?P<letter>[A-Za-z])|(?P<other>.)"
)


def plain_math(label):
    r"""A figure's label as runs of text: upright, italic, upright, ... (letters are italic).

    >>> plain_math(r"$(\cdot)^{2}$"), plain_math(r"$\times 4$"), plain_math("$-1$")
    (['(·)²'], ['×4'], ['−1'])
    >>> plain_math(r"$\partial \mathrm{loss}/\partial w$ = 6"), plain_math(r"$\hat{y}$")
    (['∂loss/∂', 'w', ' = 6'], ['', 'ŷ'])
    >>> plain_math(r"$\frac{a}{b}$")
    Traceback (most recent call last):
    ValueError: the label '$\\frac{a}{b}$' has \frac, which the stepper cannot write
    """
    runs = [""]

    def put(text, italic=False):
        if text and (len(runs) % 2 == 0) != italic:  # the last run has the other style
            runs.append("")
        runs[-1] += text

    for i, part in enumerate(label.split("$")):  # text, math, text, ...
        if i % 2 == 0:
            put(part)
            continue
        for m in TOKEN.finditer(part):
            if m["rm"] is not None:
                put(m["rm"])
            elif m["hat"]:
                put(unicodedata.normalize("NFC", m["hat"] + "\u0302"), italic=True)  # a hat on it
            elif m["cmd"]:
                if m["cmd"] not in SYMBOLS:
                    raise ValueError(
                        f"the label {label!r} has \\{m['cmd']}, which the stepper cannot write"
                    )
                put(SYMBOLS[m["cmd"]])
            elif m["sup"] or m["down"] is not None:
                inner = "".join(plain_math("$" + (m["up"] if m["sup"] else m["down"]) + "$"))
                table = SUPERSCRIPT if m["sup"] else SUBSCRIPT
                small = inner.translate(table)
                fits = all(c in table.values() for c in map(ord, small))  # every character has one
                put(small if fits else ("^(" if m["sup"] else "_(") + inner + ")")
            elif m["letter"]:
                put(m["letter"], italic=True)
            else:
                put("−" if m["other"] == "-" else m["other"])
    return runs


def _path(points, y1, x0):
    """An SVG path through a layout's polyline, rounded as the static figure draws it."""
    at = lambda v: f"{v[0] - x0:.1f},{y1 - v[1]:.1f}"  # noqa: E731  (y grows downwards)
    path, d, k = graph_figure._rounded(points), [], 0
    verts, codes = path.vertices, path.codes
    while k < len(verts):
        if codes[k] == path.CURVE3:
            d.append(f"Q{at(verts[k])} {at(verts[k + 1])}")
            k += 2
        else:
            d.append(("M" if codes[k] == path.MOVETO else "L") + at(verts[k]))
            k += 1
    return "".join(d)


def _factor(s):
    """A number as a factor of a product: (-6) in brackets."""
    return f"({s})" if s.startswith("-") else s


def backward_stepper(graph_or_tensor, names=None):
    """The graph of `graph_figure.draw`, step by step: each node's value, then each gradient back.

    The steps are the forward pass, one node at a time in the walk's order
    (inputs first), then the seed 1 at the output, then the edges from the
    output back to the inputs, each with the product that made its gradient:
    the gradient that reached its node times the node's local derivative
    (both recorded by autograd; `graph.record` keeps the local derivatives).
    """
    if isinstance(graph_or_tensor, torch.Tensor) and graph_or_tensor.grad_fn is None:
        raise ValueError(
            "backward_stepper: autograd cannot differentiate the output: "
            "it depends on no tensor that requires grad"
        )
    g = graph_or_tensor if isinstance(graph_or_tensor, Graph) else walk(graph_or_tensor, names)
    root = g.nodes[-1]
    if root.grad is None or any(e.grad is not None and e.local is None for e in g.edges):
        raise ValueError(
            "backward_stepper: no gradients recorded on the graph "
            "(build it inside graph.record() and call backward() first)"
        )
    if any(n.value is not None and n.value.numel() != 1 for n in g.nodes):
        raise ValueError("backward_stepper: the stepper shows graphs of one-number values only")
    lay = graph_figure.layout(g)
    x0, y0, x1, y1 = lay.bounds
    label = lambda n: plain_math(n.label)  # noqa: E731
    steps, at = [], {}
    for n in g.nodes:  # the forward pass
        step = {"do": n.kind, "node": n.id, "name": label(n), "value": fmt(n.value)}
        if n.kind == "op":
            step["inputs"] = ", ".join(fmt(g.nodes[e.src].value) for e in g.edges if e.dst == n.id)
        steps.append(step)
        at[f"value{n.id}"] = len(steps)
    seed = rf"$\partial {root.name}/\partial {root.name}$ = " if root.name else ""
    steps.append({"do": "seed", "node": root.id, "grad": plain_math(seed + fmt(root.grad))})
    at["seed"] = len(steps)
    back = [
        (k, e)
        for n in reversed(g.nodes)
        for k, e in enumerate(g.edges)
        if e.dst == n.id and e.grad is not None
    ]
    for k, e in back:
        dst, src = g.nodes[e.dst], g.nodes[e.src]
        arrived, local, sent = fmt(dst.grad), fmt(e.local), fmt(e.grad)
        if not math.isclose((dst.grad * e.local).item(), e.grad.item(), abs_tol=1e-12):
            raise ValueError(f"backward_stepper: {arrived} · {local} is not the {sent} sent back")
        product = f"{_factor(arrived)} · {_factor(local)} = {sent}"
        step = {"do": "edge", "node": dst.id, "to": label(src), "product": product}
        steps.append(step)
        at[f"grad{k}"] = len(steps)
        if src.kind == "leaf" and (k, e) == [b for b in back if b[1].src == src.id][-1]:
            at[f"leaf{src.id}"] = len(steps)  # its last gradient: the leaf's .grad is complete
            head = rf"$\partial {root.name}/\partial {src.name}$ = " if root.name else ""
            python = f"{src.name}.grad" if src.name and src.name.isidentifier() else None
            step["leaf"] = [plain_math(head + fmt(src.grad)), python]
    data = {
        "size": [_pt(x1 - x0), _pt(y1 - y0)],
        "fill": graph_figure.FILL,
        "boxes": [
            [_pt(x - w / 2 - x0), _pt(y1 - y - h / 2), _pt(w), _pt(h), n.kind]
            for n, x, y, w, h in lay.boxes
        ],
        "paths": [[_path(p, y1, x0), c, int(d), 1, _role(r)] for p, c, d, r in lay.arrows]
        + [
            [_path(list(zip(xs, ys, strict=True)), y1, x0), c, 0, 0, _role(r)]
            for xs, ys, c, r in lay.lines
        ],
        "texts": [
            [
                _pt(t.x - x0),
                _pt(y1 - t.y),
                t.size,
                t.color,
                _role(t.role),
                plain_math(t.s),
            ]
            for t in lay.texts
        ],
        "at": at,
        "steps": steps,
    }
    return Widget("stepper", data)


def _pt(v):
    """A length of the layout, to a tenth of a point."""
    return round(float(v), 1)


def _role(role):
    """A layout's role as a short key: ("grad", 2) -> "grad2"."""
    return "".join(map(str, role))
