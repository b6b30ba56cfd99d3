"""Reference solutions of the deck's exercises, computed with autograd.

Each chapter's solution cell calls the function here, so the page and the
tests check the same code.
"""

from dataclasses import dataclass

import torch

from .derivatives import Extremum, derivatives, extrema
from .engine import AccumulateGrad


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


def doubled(x, n):
    """x added to itself n times over: a₁ = x + x, a₂ = a₁ + a₁, …, so aₙ = 2ⁿ·x (:ref:`inside-autograd`)."""
    for _ in range(n):
        x = x + x
    return x


def runs_on_every_arrival(out):
    """A backward pass without an order: a node runs on each part of its gradient as it arrives.

    It returns how many times nodes ran. The gradients come out right, because
    each node's backward is linear in what arrives, but a node runs once for
    every path from the output to it (:ref:`inside-autograd`).

    >>> from autograd_book.engine import Tensor
    >>> x = Tensor([1.0], requires_grad=True)
    >>> runs_on_every_arrival(doubled(x, 3)), x.grad.item()  # 1 + 2 + 4 + 8 runs; 2³ = 8
    (15, 8.0)
    """
    runs, arrived = 0, [(out.grad_fn, torch.ones_like(out.data))]  # (node, a part of its gradient)
    while arrived:
        node, grad = arrived.pop()
        runs += 1
        if isinstance(node, AccumulateGrad):
            node.accumulate(grad)
            continue
        for (next_node, _), g in zip(node.next_functions, node.backward(grad, *node.saved)):
            if next_node is not None:
                arrived.append((next_node, g))  # sent on alone, at once
    return runs
