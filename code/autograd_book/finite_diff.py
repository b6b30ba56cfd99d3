"""Finite differences: autograd's derivative checked against the slope of a secant.

The central difference (f(x + h) - f(x - h)) / 2h tends to f'(x) as h shrinks,
but in floating point only down to a point: below it, rounding wins. Used in
:ref:`partial-finite-differences`.

For 2y³ the central difference is 6y² + 2h² exactly, so at y = 2 its error is 2h²:

>>> cube = lambda y: 2 * y**3
>>> central_difference(cube, 2, 0.5)
24.5
>>> trials = difference_errors(cube, 2, [1e-1, 1e-2, 1e-3])
>>> [round(t.error / t.h**2, 4) for t in trials]
[2.0, 2.0, 2.0]

In float32 (about 7 digits), 2 + 1e-8 rounds back to 2: the step is lost, the
two values of f are the same number, and the estimate is 0.

>>> [t.estimate for t in difference_errors(cube, 2, [1e-8], torch.float32)]
[0.0]
>>> best_step(difference_errors(cube, 2, powers_of_ten(1, 12), torch.float64)).h
1e-05
"""

import math
from dataclasses import dataclass

import torch

from .derivatives import derivative
from .plots import FALLING, FLAT
from .svg import SvgFigure, new_figure

# The colour of each precision in the figures.
COLOURS = {torch.float32: FALLING, torch.float64: FLAT}


def powers_of_ten(first, last, per_decade=1):
    """The steps 10^-first, ..., 10^-last, with `per_decade` steps per power of ten.

    >>> powers_of_ten(1, 3)
    [0.1, 0.01, 0.001]
    """
    count = (last - first) * per_decade + 1
    return [float(f"{10 ** -(first + k / per_decade):.6g}") for k in range(count)]


def scientific(v, digits=2):
    """v in LaTeX as a power of ten, with `digits` significant digits.

    >>> for v in (5.62341e-06, 0.01, 2.220446049250313e-16):
    ...     print(scientific(v))
    5.6 \\cdot 10^{-6}
    10^{-2}
    2.2 \\cdot 10^{-16}
    """
    mantissa, exponent = f"{v:.{digits - 1}e}".split("e")
    power = f"10^{{{int(exponent)}}}"
    return power if float(mantissa) == 1 else rf"{mantissa} \cdot {power}"


def correct_digits(value, exact):
    """How many significant digits of `value` are right: -log10 of its relative error, floored.

    >>> correct_digits(28.00006866, 28), correct_digits(0.005596, 0.0056), correct_digits(3.0, 3)
    (5, 3, inf)
    """
    error = abs(value - exact) / abs(exact)
    return math.floor(-math.log10(error)) if error else math.inf


def central_difference(f, x, h, dtype=torch.float64):
    """(f(x + h) - f(x - h)) / 2h, every operation done in `dtype`."""
    x, h = torch.tensor(float(x), dtype=dtype), torch.tensor(float(h), dtype=dtype)
    return ((f(x + h) - f(x - h)) / (2 * h)).item()


@dataclass(frozen=True)
class Trial:
    """One step h: the central difference and its distance from autograd's f'(x)."""

    h: float
    estimate: float
    error: float


def difference_errors(f, x, steps, dtype=torch.float64):
    """A Trial for each h in `steps`; the reference f'(x) is autograd's, in float64."""
    exact = derivative(f, x)
    trials = []
    for h in steps:
        estimate = central_difference(f, x, h, dtype)
        trials.append(Trial(h, estimate, abs(estimate - exact)))
    return trials


def best_step(trials):
    """The trial with the smallest error."""
    return min(trials, key=lambda t: t.error)


def error_plot(f, x, steps, name="f", var="x", dtypes=tuple(COLOURS)):
    """Log-log: the error of the central difference against h, one line per dtype.

    >>> error_plot(lambda y: 2 * y**3, 2, powers_of_ten(1, 4)).svg.count("<svg")
    1
    """
    fig = new_figure(6.4, 3.9)
    ax = fig.add_subplot()
    for dtype in dtypes:
        trials = difference_errors(f, x, steps, dtype)
        colour, label = COLOURS[dtype], str(dtype).removeprefix("torch.")
        # An error of exactly 0 has no place on a log scale: leave it out.
        shown = [t for t in trials if t.error > 0]
        ax.loglog(
            [t.h for t in shown],
            [t.error for t in shown],
            "o-",
            color=colour,
            ms=3.5,
            lw=1.5,
            label=f"$\\mathtt{{{label}}}$",
        )
        best = best_step(trials)
        ax.plot([best.h], [best.error], "v", color=colour, mfc="white", mew=2, ms=10)
        # eps^(1/3): where the two errors, ~h^2 and ~eps/h, are of the same size.
        third = torch.finfo(dtype).eps ** (1 / 3)
        ax.axvline(third, color=colour, lw=0.8, ls=":")
        ax.annotate(
            r"$\varepsilon^{1/3}$",
            (third, 1),
            xycoords=("data", "axes fraction"),
            ha="center",
            va="bottom",
            color=colour,
        )
    # The two regimes, on the last line: h^2 on the way down, eps/h on the way up.
    i = trials.index(best)
    for t, text, side in (
        (trials[i // 4], r"$\propto h^2$", -1),
        (trials[(i + len(trials)) // 2], r"$\propto \varepsilon/h$", 1),
    ):
        ax.annotate(
            text,
            (t.h, t.error),
            xytext=(8 * side, -10),
            textcoords="offset points",
            ha="left" if side > 0 else "right",
            va="top",
            color=colour,
            fontsize=12,
        )
    ax.invert_xaxis()  # h shrinks from left to right, as in the table
    ax.set_xlabel("$h$")
    ax.set_ylabel(
        f"$\\left|\\frac{{{name}({var}+h)-{name}({var}-h)}}{{2h}} - {name}'({var})\\right|$",
        fontsize=13,
    )
    ax.legend(frameon=False, loc="lower left")
    return SvgFigure(fig)
