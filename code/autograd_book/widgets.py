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
"""

import hashlib
import json
import math

import IPython
import torch

from .derivatives import derivatives, extrema
from .descent import descend
from .formatting import number

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
