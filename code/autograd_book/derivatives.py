"""Derivatives of functions of one variable, taken with autograd.

Used from the first chapter on (:ref:`derivative`): the slope at a point, the
slopes at many points at once, and the local extrema, where the slope changes sign.
For several variables (:ref:`partial-derivatives`), the gradient: all the
partial derivatives at a point, from one backward pass.

>>> f = lambda x: 3 * x**2 + 6 * x
>>> derivative(f, 2)
18.0
>>> derivatives(f, [0, 2, -2])
[6.0, 18.0, -6.0]
>>> extrema(f, -3, 3)
[Extremum(x=-1.0, y=-3.0, kind='min')]
>>> gradient(lambda x, y: 3 * x**2 + 2 * y**3 + 4 * x * y, 1, 2)
[14.0, 28.0]
"""

from dataclasses import dataclass

import torch


def derivative(f, x):
    """f'(x): build f at x, then let autograd run the chain rule backwards."""
    x = torch.tensor(float(x), dtype=torch.float64, requires_grad=True)
    f(x).backward()
    return x.grad.item()


def derivatives(f, xs):
    """[f'(x) for x in xs] in one backward pass.

    d/dx_i of sum_j f(x_j) is f'(x_i): the points do not interact.
    """
    x = torch.tensor([float(v) for v in xs], dtype=torch.float64, requires_grad=True)
    f(x).sum().backward()
    return x.grad.tolist()


def gradient(f, *point):
    """[∂f/∂x_1, ..., ∂f/∂x_n] at `point`: one backward pass fills every x_i.grad."""
    xs = [torch.tensor(float(v), dtype=torch.float64, requires_grad=True) for v in point]
    f(*xs).backward()
    return [x.grad.item() for x in xs]


@dataclass(frozen=True)
class Extremum:
    """A point where f' changes sign: a minimum (- to +) or a maximum (+ to -)."""

    x: float
    y: float
    kind: str


def extrema(f, lo, hi, steps=600, digits=9):
    """The local extrema of f inside (lo, hi) where f' changes sign between grid samples.

    f' is sampled at `steps` + 1 points; a sign change between two samples is
    narrowed by bisection. A minimum is where f' goes from - to +. The ends lo
    and hi are not extrema here, though the largest or smallest value on
    [lo, hi] may be there, and two extrema closer than one grid step, whose
    sign changes cancel, are missed.
    """
    grid = [lo + (hi - lo) * i / steps for i in range(steps + 1)]
    d = derivatives(f, grid)
    found = []
    for i in range(steps):
        if d[i] * d[i + 1] < 0:
            found.append((bisect_slope(f, grid[i], grid[i + 1]), d[i]))
        elif d[i + 1] == 0 and i + 2 <= steps and d[i] * d[i + 2] < 0:
            found.append((grid[i + 1], d[i]))
    points = []
    for x, slope_before in found:
        x = round(x, digits) + 0.0  # + 0.0 turns -0.0 into 0.0
        y = round(f(torch.tensor(x, dtype=torch.float64)).item(), digits) + 0.0
        points.append(Extremum(x, y, "min" if slope_before < 0 else "max"))
    return points


def bisect_slope(f, a, b, rounds=60):
    """A zero of f' between a and b, where f'(a) and f'(b) have opposite signs."""
    sign_a = derivative(f, a) > 0
    for _ in range(rounds):
        mid = (a + b) / 2
        slope = derivative(f, mid)
        if slope == 0:
            return mid
        if (slope > 0) == sign_a:
            a = mid
        else:
            b = mid
    return (a + b) / 2
