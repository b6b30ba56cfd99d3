"""Kinks: points where a function has a slope on each side, two different ones, and no derivative.

Near a kink x₀ the difference quotient (f(x₀ + h) − f(x₀)) / h settles on one
number for h > 0 (the right slope) and on another for h < 0 (the left slope).
A derivative would be one number for both, so there is none; autograd still
returns one number there, chosen by a convention of each operation. Used in
:ref:`more-rules`.

>>> one_sided(torch.abs, 0)
OneSided(left=-1.0, right=1.0, autograd=0.0)
>>> one_sided(torch.relu, 0)
OneSided(left=0.0, right=1.0, autograd=0.0)
>>> one_sided(lambda x: x.clamp(min=0), 0)  # the same function as relu, another convention
OneSided(left=0.0, right=1.0, autograd=1.0)
>>> one_sided(torch.abs, 2)  # no kink: both sides agree with autograd
OneSided(left=1.0, right=1.0, autograd=1.0)
"""

from dataclasses import dataclass

import torch

from .derivatives import derivative, derivatives

# A power of two: x₀ ± H is exact in floats near 0, so the quotient of a straight
# piece is its slope to the last bit.
H = 2.0**-20


@dataclass(frozen=True)
class OneSided:
    """The slope of f just left and just right of a point, and what autograd returns there."""

    left: float
    right: float
    autograd: float

    def kink(self):
        """Two different one-sided slopes: no derivative at the point."""
        return self.left != self.right


def one_sided(f, x0, h=H):
    """(f(x₀) − f(x₀ − h)) / h, (f(x₀ + h) − f(x₀)) / h, and autograd's f'(x₀), in float64.

    For a function made of straight pieces, a small h gives each side's slope exactly.
    """
    with torch.no_grad():
        at = [f(torch.tensor(float(x), dtype=torch.float64)).item() for x in (x0 - h, x0, x0 + h)]
    return OneSided((at[1] - at[0]) / h, (at[2] - at[1]) / h, derivative(f, x0))


def odd_relu(x):
    """relu(x) − relu(−x): x itself, written with two kinks at 0 that cancel.

    >>> odd_relu(torch.tensor([-2.0, 0.0, 3.0])).tolist()
    [-2.0, 0.0, 3.0]
    """
    return torch.relu(x) - torch.relu(-x)


def cancelling_kinks(points=(-1, 0, 2)):
    """The exercise of :ref:`more-rules`: autograd's slopes of `odd_relu`, and both sides at 0.

    The function is x, whose derivative is 1 everywhere; autograd says 0 at 0,
    because it adds relu's convention, 0, from each of the two relus.

    >>> slopes, at_0 = cancelling_kinks()
    >>> slopes, at_0
    ({-1: 1.0, 0: 0.0, 2: 1.0}, OneSided(left=1.0, right=1.0, autograd=0.0))
    >>> at_0.kink()
    False
    """
    return dict(zip(points, derivatives(odd_relu, points), strict=True)), one_sided(odd_relu, 0)
