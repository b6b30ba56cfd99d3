"""Reference solutions of the exercises (the deck's and the book's), computed with autograd.

Each chapter's solution cell calls the function here, so the page and the
tests check the same code.
"""

from dataclasses import dataclass

from .derivatives import Extremum, derivatives, extrema, gradient


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


def try_partial(point=(2, -1)):
    """Try it in {ref}`partial-derivatives`: g(x, y) = x²y + 5y - 2x. Its gradient at `point`.

    >>> try_partial()
    [-6.0, 9.0]
    """
    return gradient(lambda x, y: x**2 * y + 5 * y - 2 * x, *point)


def try_chain(points=(-1, 0, 1)):
    """Try it in {ref}`chain-rule`: y = (x³ + 2x)². Its slopes at `points` and its extrema.

    >>> s = try_chain()
    >>> print(s.table("y"))
    y'(-1) = -30  ↘
    y'(0) = 0  →
    y'(1) = 30  ↗
    >>> s.minimum()
    Extremum(x=0.0, y=0.0, kind='min')
    """
    return study(lambda x: (x**3 + 2 * x) ** 2, points, -2, 2)
