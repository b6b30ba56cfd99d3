"""Reference solutions of the deck's exercises, computed with autograd.

Each chapter's solution cell calls the function here, so the page and the
tests check the same code.
"""

from dataclasses import dataclass

import torch

from .derivatives import Extremum, derivatives, extrema


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


def cube_slopes(v, points=(-2, -1, 0.5, 3)):
    """Exercise of {ref}`tensor-gradients`: X.grad after (X**3).backward(v), that is v_i · 3x_i².

    >>> cube_slopes([1, 1, 1, 1])
    [12.0, 3.0, 0.75, 27.0]
    >>> cube_slopes([0, 0, 1, 0])
    [0.0, 0.0, 0.75, 0.0]
    >>> cube_slopes([0.25, 0.25, 0.25, 0.25])
    [3.0, 0.75, 0.1875, 6.75]
    """
    X = torch.tensor(points, dtype=torch.float64, requires_grad=True)
    (X**3).backward(torch.tensor(v, dtype=torch.float64))
    return X.grad.tolist()


def descent_steps(zero_grad, x0=3.0, lr=0.25, steps=3):
    """Exercise of {ref}`controlling-autograd`: (x.grad, x) at each step x -= lr · x.grad on (x - 1)².

    With zero_grad the gradient is 2(x - 1) at every step; without it, each
    step's gradient is added to all the earlier ones.

    >>> descent_steps(zero_grad=True)
    [(4.0, 2.0), (2.0, 1.5), (1.0, 1.25)]
    >>> descent_steps(zero_grad=False)
    [(4.0, 2.0), (6.0, 0.5), (5.0, -0.75)]
    """
    x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    path = []
    for _ in range(steps):
        ((x - 1) ** 2).backward()
        with torch.no_grad():
            x -= lr * x.grad
        path.append((x.grad.item(), x.item()))
        if zero_grad:
            x.grad.zero_()
    return path
