"""Reference solutions of the deck's exercises, computed with autograd.

Each chapter's solution cell calls the function here, so the page and the
tests check the same code.
"""

from dataclasses import dataclass

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
