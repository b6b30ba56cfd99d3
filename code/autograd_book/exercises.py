"""Reference solutions of the deck's exercises, computed with autograd.

Each chapter's solution cell calls the function here, so the page and the
tests check the same code.
"""

from dataclasses import dataclass

import torch

from .derivatives import Extremum, derivatives, extrema
from .graph import Graph, record, walk


def trend(slope):
    """↗ where the function rises (f' > 0), ↘ where it falls, → where it is flat.

    >>> trend(18.0), trend(-6.0), trend(0.0)
    ('↗', '↘', '→')
    """
    return "↗" if slope > 0 else "↘" if slope < 0 else "→"


@dataclass(frozen=True)
class SlopeStudy:
    """The slopes of a function at some points, and its extrema in a range."""

    slopes: dict
    extrema: list

    def table(self, name="f"):
        """One line per point: x, the slope there, and the trend arrow."""
        return "\n".join(f"{name}'({x:g}) = {m:g}  {trend(m)}" for x, m in self.slopes.items())

    def minimum(self) -> Extremum:
        """The lowest of the extrema that are minima."""
        return min((e for e in self.extrema if e.kind == "min"), key=lambda e: e.y)


def study(f, points, lo, hi):
    """f' at `points` (autograd) and the extrema of f on [lo, hi]."""
    return SlopeStudy(dict(zip(points, derivatives(f, points))), extrema(f, lo, hi))


def slide6(points=(0, 2, -2)):
    """Slide 6: f(x) = 3x² + 6x. Its slopes at 0, 2, -2, and its minimum.

    >>> s = slide6()
    >>> print(s.table())
    f'(0) = 6  ↗
    f'(2) = 18  ↗
    f'(-2) = -6  ↘
    >>> s.minimum()
    Extremum(x=-1.0, y=-3.0, kind='min')
    """
    return study(lambda x: 3 * x**2 + 6 * x, points, -10, 10)


@dataclass(frozen=True)
class GraphRun:
    """A computation graph after the forward and the backward pass, and its numbers."""

    graph: Graph  # for graph_figure.draw
    values: list  # the forward value of each node, the input first
    sent: list  # what the backward pass sent back along each edge, in the same order
    derivative: float  # dl/dx: what reached the input


def squared_error(a, x=1.0):
    r"""Slides 12-13: l = (a·x - 1)² at x, forward then backward, on its graph.

    The nodes are x, ŷ = a·x, ŷ - 1 and l. Backward, the square sends 2(ŷ - 1)
    back, the -1 passes it on and the ·a multiplies it by a: dl/dx = 2(ax - 1)·a.
    Used in :ref:`computation-graphs`, in the solutions of slide 13.

    >>> run = squared_error(4)  # slide 12
    >>> run.values, run.sent, run.derivative
    ([1.0, 4.0, 3.0, 9.0], [24.0, 6.0, 6.0], 24.0)
    >>> squared_error(3).values, squared_error(3).derivative
    ([1.0, 3.0, 2.0, 4.0], 12.0)
    >>> squared_error(1).values, squared_error(1).derivative
    ([1.0, 1.0, 0.0, 0.0], 0.0)
    """
    x = torch.tensor([float(x)], requires_grad=True)
    with record():
        y_hat = a * x
        l = (y_hat - 1) ** 2
    l.backward()
    graph = walk(l, names={"x": x, r"\hat{y}": y_hat, "l": l})
    return GraphRun(graph, [n.value.item() for n in graph.nodes],
                    [e.grad.item() for e in graph.edges], x.grad.item())
