"""Plots of a function with its tangent lines, each slope taken from autograd.

Tangents are coloured by the sign of the slope (rising, falling, flat) and the
extrema are marked. `slices_plot` draws a surface of two variables cut along
each axis (:ref:`partial-derivatives`); `path_plot` draws the steps of gradient
descent on a curve (:ref:`gradient-descent`); `kink_plot` the one-sided
slopes of a function at a kink (:ref:`more-rules`). The figures hold math and numbers
only, so one figure serves both editions. First used in :ref:`derivative`.

>>> fig = tangent_plot(lambda x: 3 * x**2 + 6 * x, [-2, 0, 2], -3.5, 2.5)
>>> fig.svg.count("<svg")
1
"""

import math
from itertools import pairwise

import torch

from .derivatives import derivatives, extrema, gradient
from .formatting import number
from .kinks import one_sided
from .svg import SvgFigure, new_figure

# Okabe-Ito colours, distinguishable with the common colour-vision deficiencies.
RISING, FALLING, FLAT, CURVE = "#009E73", "#D55E00", "#0072B2", "#222222"


def slope_colour(m):
    """The colour of a tangent with slope m."""
    return RISING if m > 0 else FALLING if m < 0 else FLAT


def tangent_plot(f, points, lo, hi, name="f", show_derivative=False, size=(6.4, 3.8)):
    """f on [lo, hi] with its tangent at each of `points`, and f' below it if asked."""
    xs = torch.linspace(lo, hi, 401, dtype=torch.float64)
    with torch.no_grad():
        ys = f(xs)
    slopes = derivatives(f, points)
    fig = new_figure(size[0], size[1] * (1.6 if show_derivative else 1))
    if show_derivative:
        ax, ax_d = fig.subplots(2, 1, sharex=True, height_ratios=[3, 2])
    else:
        ax = fig.add_subplot()
    ax.plot(xs, ys, color=CURVE, lw=2, zorder=2)
    span_y = float(ys.max() - ys.min()) or 1.0
    points_of_extrema = extrema(f, lo, hi)
    at_extremum = {e.x: e for e in points_of_extrema}
    for x0, m in zip(points, slopes, strict=True):
        y0 = float(f(torch.tensor(float(x0), dtype=torch.float64)))
        # A segment of the same drawn length whatever the slope: scale dx by
        # the slope measured in axis units (y per x, each over its range).
        half = 0.09 * (hi - lo) / math.hypot(1, m * (hi - lo) / span_y)
        ax.plot(
            [x0 - half, x0 + half],
            [y0 - m * half, y0 + m * half],
            color=slope_colour(m),
            lw=2.5,
            zorder=3,
        )
        ax.plot([x0], [y0], "o", color=slope_colour(m), ms=6, zorder=4)
        if x0 not in at_extremum:
            # Put the label on the side of the tangent away from the curve.
            side = 1 if x0 < (lo + hi) / 2 else -1
            up = -side if m > 0 else side
            ax.annotate(
                f"${name}'({number(x0)}) = {number(m)}$",
                (x0, y0),
                xytext=(10 * side, 10 * up),
                textcoords="offset points",
                ha="left" if side > 0 else "right",
                va="bottom" if up > 0 else "top",
                color=slope_colour(m),
                fontsize=10,
            )
    for e in points_of_extrema:
        ax.plot(
            [e.x],
            [e.y],
            marker="v" if e.kind == "min" else "^",
            ms=9,
            color=FLAT,
            mfc="white",
            mew=2,
            zorder=5,
        )
        text = f"$({number(e.x)},\\,{number(e.y)})$"
        if e.x in points:
            text = f"${name}'({number(e.x)}) = 0$\n" + text
        ax.annotate(
            text,
            (e.x, e.y),
            xytext=(0, -12 if e.kind == "min" else 12),
            textcoords="offset points",
            ha="center",
            linespacing=1.4,
            va="top" if e.kind == "min" else "bottom",
            color=FLAT,
            fontsize=10,
        )
    ax.set_ylabel(f"${name}(x)$")
    ax.axhline(0, color="#999999", lw=0.8, zorder=1)
    ax.margins(y=0.15)
    legend = [
        (RISING, f"${name}'(x) > 0$"),
        (FALLING, f"${name}'(x) < 0$"),
        (FLAT, f"${name}'(x) = 0$"),
    ]
    for colour, text in legend:
        ax.plot([], [], color=colour, lw=2.5, label=text)
    ax.legend(loc="upper center", frameon=False, ncols=3, bbox_to_anchor=(0.5, 1.14))
    if show_derivative:
        d = derivatives(f, xs.tolist())
        ax_d.plot(xs, d, color=CURVE, lw=2)
        ax_d.axhline(0, color="#999999", lw=0.8)
        # Shade f' by sign: above the axis f rises, below it falls.
        ax_d.fill_between(xs, d, 0, where=[v > 0 for v in d], color=RISING, alpha=0.25, lw=0)
        ax_d.fill_between(xs, d, 0, where=[v < 0 for v in d], color=FALLING, alpha=0.25, lw=0)
        for x0, m in zip(points, slopes, strict=True):
            ax_d.plot([x0], [m], "o", color=slope_colour(m), ms=6)
        for e in points_of_extrema:
            ax_d.plot(
                [e.x],
                [0],
                marker="v" if e.kind == "min" else "^",
                ms=9,
                color=FLAT,
                mfc="white",
                mew=2,
            )
        ax_d.set_ylabel(f"${name}'(x)$")
        ax_d.set_xlabel("$x$")
    else:
        ax.set_xlabel("$x$")
    return SvgFigure(fig)


def path_plot(f, paths, lo=None, hi=None, minimum=None, name="f", var="x", height=3.4):
    """Steps x_0, x_1, ... on the curve of f, joined by arrows: one panel per {title: path}.

    A panel spans [lo, hi]; without them it is centred on `minimum` and wide
    enough for its path. The minimum, when given, is marked. Used for gradient
    descent (:ref:`gradient-descent`) and in :ref:`controlling-autograd`.

    >>> fig = path_plot(lambda w: 7.5 * (w - 2) ** 2, {r"$\\eta = 0.05$": [0.0, 1.5, 1.875]},
    ...                 minimum=2.0, name="L", var="W")
    >>> fig.svg.count("<svg")
    1
    """
    fig = new_figure(5.4 + len(paths), height)
    axes = fig.subplots(1, len(paths), squeeze=False, sharey=lo is not None)[0]
    for ax, (title, path) in zip(axes, paths.items(), strict=True):
        if lo is None:
            half = 1.2 * max(abs(x - minimum) for x in path)
            left, right = minimum - half, minimum + half
        else:
            left, right = lo, hi
        xs = torch.linspace(left, right, 401, dtype=torch.float64)
        with torch.no_grad():
            ys = f(xs)
            heights = f(torch.tensor(path, dtype=torch.float64)).tolist()
        ax.plot(xs, ys, color=CURVE, lw=2, zorder=2)
        if minimum is not None:
            with torch.no_grad():
                bottom = float(f(torch.tensor(minimum, dtype=torch.float64)))
            ax.axvline(minimum, color=FLAT, lw=1, ls="--", zorder=1)
            ax.plot([minimum], [bottom], marker="v", ms=9, color=FLAT, mfc="white", mew=2, zorder=3)
        steps = list(zip(path, heights, strict=True))
        for (x0, y0), (x1, y1) in pairwise(steps):
            ax.annotate(
                "",
                (x1, y1),
                (x0, y0),
                zorder=4,
                arrowprops=dict(arrowstyle="-|>", color=FALLING, lw=1.5, shrinkA=4, shrinkB=4),
            )
        ax.plot(path, heights, "o", color=FALLING, ms=5, zorder=5)
        # Number the steps, leaving out a number that would crowd an earlier one.
        numbered = []
        for k, (x0, y0) in enumerate(steps):
            if all(abs(x0 - x) > 0.05 * (right - left) for x in numbered):
                numbered.append(x0)
                ax.annotate(
                    f"${var}_{{{k}}}$",
                    (x0, y0),
                    xytext=(0, 7),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    color=FALLING,
                    fontsize=10,
                    zorder=6,
                )
        ax.set_title(title, fontsize=11)
        ax.set_xlabel(f"${var}$")
        ax.set_xlim(left, right)
        ax.margins(y=0.15)
    axes[0].set_ylabel(f"${name}({var})$")
    return SvgFigure(fig)


# The two directions of a partial derivative: x moves (y held) and y moves (x held).
ALONG_X, ALONG_Y = "#0072B2", "#CC79A7"


def slices_plot(f, x0, y0, x_range, y_range, size=(7.2, 3.3)):
    """The surface z = f(x, y), its two slices through (x0, y0), and their tangents.

    Left, the surface with the slice y = y0 (x moves) and the slice x = x0 (y
    moves). Right, each slice as a curve of one variable, with its tangent at
    the point: the slopes are the partial derivatives, from autograd.

    >>> fig = slices_plot(lambda x, y: 3 * x**2 + 2 * y**3 + 4 * x * y, 1, 2, (-1, 3), (0, 3))
    >>> fig.svg.count("<svg")
    1
    """
    slopes = gradient(f, x0, y0)
    z0 = float(f(torch.tensor(float(x0)), torch.tensor(float(y0))))
    fig = new_figure(*size)
    grid = fig.add_gridspec(2, 2, width_ratios=[1.25, 1])
    ax3 = fig.add_subplot(grid[:, 0], projection="3d")
    xs = torch.linspace(*x_range, 81, dtype=torch.float64)
    ys = torch.linspace(*y_range, 81, dtype=torch.float64)
    gx, gy = torch.meshgrid(xs, ys, indexing="ij")
    ax3.plot_wireframe(gx, gy, f(gx, gy), rstride=8, cstride=8, color="#BBBBBB", lw=0.6)

    def held(var, t):
        """The points (x, y) where `var` takes the values t and the other variable is held."""
        return (t, torch.full_like(t, y0)) if var == "x" else (torch.full_like(t, x0), t)

    slices = [
        ("x", xs, x0, slopes[0], ALONG_X, f"f(x,\\,{number(y0)})"),
        ("y", ys, y0, slopes[1], ALONG_Y, f"f({number(x0)},\\,y)"),
    ]
    for row, (var, t, t0, m, colour, name) in enumerate(slices):
        # The slice and its tangent z0 + m (t - t0), on the surface and on their own.
        d = torch.tensor([-1.0, 1.0], dtype=torch.float64) * 0.25 * float(t[-1] - t[0])
        ax3.plot(*held(var, t), f(*held(var, t)), color=colour, lw=2.5)
        ax3.plot(*held(var, t0 + d), z0 + m * d, color=CURVE, lw=1.5)
        ax = fig.add_subplot(grid[row, 1])
        ax.plot(t, f(*held(var, t)), color=colour, lw=2)
        ax.plot(t0 + d, z0 + m * d, color=CURVE, lw=1.5)
        ax.plot([t0], [z0], "o", color=CURVE, ms=5)
        ax.annotate(
            f"$\\frac{{\\partial f}}{{\\partial {var}}} = {number(m)}$",
            (t0, z0),
            xytext=(-8, 8),
            textcoords="offset points",
            ha="right",
            va="bottom",
            fontsize=13,
        )
        ax.set_xlabel(f"${var}$", labelpad=0)
        ax.set_ylabel(f"${name}$")
    ax3.plot([x0], [y0], [z0], "o", color=CURVE, ms=5)
    ax3.set_xlabel("$x$")
    ax3.set_ylabel("$y$")
    ax3.view_init(elev=22, azim=-60)
    ax3.set_box_aspect(None, zoom=1.1)
    return SvgFigure(fig)


def kink_plot(functions, lo=-1.5, hi=1.5, x0=0.0, fan=5, size=(7.2, 3.0)):
    r"""One panel per {mathtext name: f}: the curve, its slope on each side of the kink x0,
    and lines through the kink with every slope between the two (grey), which
    stay on one side of the curve near it; the dashed one has the slope autograd returns.
    Used in :ref:`more-rules`.

    >>> fig = kink_plot({"$|x|$": torch.abs, r"$\mathrm{ReLU}(x)$": torch.relu})
    >>> fig.svg.count("<svg")
    1
    """
    fig = new_figure(*size)
    axes = fig.subplots(1, len(functions), sharey=True, squeeze=False)[0]
    xs = torch.linspace(lo, hi, 301, dtype=torch.float64)
    for ax, (title, f) in zip(axes, functions.items(), strict=True):
        sides = one_sided(f, x0)
        with torch.no_grad():
            ys, y0 = f(xs), f(torch.tensor(x0, dtype=torch.float64)).item()
        reach = 0.45 * (hi - lo)
        for k in range(fan):
            m = sides.left + (sides.right - sides.left) * k / (fan - 1)
            ax.plot(
                [x0 - reach, x0 + reach], [y0 - m * reach, y0 + m * reach], color="#BBBBBB", lw=1
            )
        m = sides.autograd
        ax.plot(
            [x0 - reach, x0 + reach], [y0 - m * reach, y0 + m * reach], color=FLAT, lw=2, ls="--"
        )
        ax.plot(xs, ys, color=CURVE, lw=2, zorder=3)
        ax.plot([x0], [y0], "o", color=FLAT, ms=6, zorder=4)
        for side, m in ((-1, sides.left), (1, sides.right)):
            x = x0 + side * 0.7 * (hi - x0 if side > 0 else x0 - lo)
            with torch.no_grad():
                y = f(torch.tensor(x, dtype=torch.float64)).item()
            ax.annotate(
                f"$m = {number(m)}$",
                (x, y),
                xytext=(0, 10),
                textcoords="offset points",
                ha="center",
                va="bottom",
                color=slope_colour(m),
                fontsize=10,
            )
        ax.annotate(
            rf"$\mathtt{{x.grad}} = {number(sides.autograd)}$",
            (x0, y0),
            xytext=(0, -14),
            textcoords="offset points",
            ha="center",
            va="top",
            color=FLAT,
            fontsize=10,
        )
        ax.set_title(title, fontsize=11)
        ax.set_xlabel("$x$")
        ax.set_xlim(lo, hi)
        ax.set_ylim(-0.8, 1.9)
    return SvgFigure(fig)
