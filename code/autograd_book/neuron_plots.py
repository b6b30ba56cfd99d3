"""Figures of :ref:`first-neuron`: the points and the boundary a neuron draws, and the loss.

Math and code names only, so one figure serves both editions.

>>> from autograd_book.neuron import START, two_groups
>>> X, Y = two_groups()
>>> boundary_plot(X, Y, {0: START, 5: (2.0, 1.0, 0.0)}).svg.count("<svg")
1
"""

import torch

from .plots import CURVE, FALLING, FLAT
from .svg import SvgFigure, new_figure

# group 0 and group 1: colour and marker (Okabe-Ito, as in plots.py)
GROUPS = ((FLAT, "o", "$y = 0$"), (FALLING, "^", "$y = 1$"))
BOX = (-2.3, 2.3)  # both axes


def draw_points(ax, X, Y):
    """The points, by group, on a square box."""
    for label, (colour, marker, text) in enumerate(GROUPS):
        mine = X[Y == label]
        ax.plot(mine[:, 0], mine[:, 1], marker, color=colour, ms=7, mec="white", label=text)
    ax.set_xlim(*BOX)
    ax.set_ylim(*BOX)
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")


def boundary_plot(X, Y, weights):
    """The points and the line w₁x₁ + w₂x₂ + b = 0 at each step k of {k: (w₁, w₂, b)}, darker later.

    The side where p > ½ of the last line is shaded.
    """
    fig = new_figure(5.6, 4.4)
    ax = fig.add_subplot()
    t = torch.linspace(*BOX, 2, dtype=torch.float64)
    for i, (k, (w1, w2, b)) in enumerate(weights.items()):
        shade = 0.75 * (1 - i / max(1, len(weights) - 1))  # 0.75 light grey ... 0 black
        grey = (shade, shade, shade)
        if abs(w2) >= abs(w1):  # x₂ = −(w₁x₁ + b)/w₂
            ax.plot(t, -(w1 * t + b) / w2, color=grey, lw=2, label=f"$k = {k}$")
        else:  # x₁ = −(w₂x₂ + b)/w₁
            ax.plot(-(w2 * t + b) / w1, t, color=grey, lw=2, label=f"$k = {k}$")
    grid = torch.linspace(*BOX, 200, dtype=torch.float64)
    g1, g2 = torch.meshgrid(grid, grid, indexing="xy")
    ax.contourf(g1, g2, w1 * g1 + w2 * g2 + b, levels=[0, 1e9], colors=[FALLING], alpha=0.08)
    draw_points(ax, X, Y)
    ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False)
    return SvgFigure(fig)


def loss_plot(curves):
    """The loss at each step k, one line per {name: losses}, drawn so that equal lines all show.

    >>> loss_plot({"a": [1.0, 0.5], "b": [1.0, 0.5]}).svg.count("<svg")
    1
    """
    fig = new_figure(5.6, 3.2)
    ax = fig.add_subplot()
    styles = [dict(lw=6, alpha=0.35), dict(lw=2.5, ls="--"), dict(lw=1.2, ls=":")]
    colours = [FLAT, FALLING, CURVE]
    for (name, losses), style, colour in zip(curves.items(), styles, colours, strict=False):
        ax.plot(range(len(losses)), losses, color=colour, label=name, **style)
    ax.set_yscale("log")
    ax.set_xlabel("$k$")
    ax.set_ylabel("$L$")
    ax.legend(frameon=False)
    return SvgFigure(fig)


def regions_plot(X, Y, predict):
    """The points, and shaded where `predict` (points → p) says p > ½: the boundary of a network.

    >>> from autograd_book.neuron import xor_groups
    >>> X, Y = xor_groups()
    >>> regions_plot(X, Y, lambda P: P[:, 0] * P[:, 1]).svg.count("<svg")
    1
    """
    fig = new_figure(4.4, 4.0)
    ax = fig.add_subplot()
    grid = torch.linspace(*BOX, 200, dtype=torch.float64)
    g1, g2 = torch.meshgrid(grid, grid, indexing="xy")
    with torch.no_grad():
        p = predict(torch.stack([g1.flatten(), g2.flatten()], 1)).reshape(g1.shape)
    ax.contourf(g1, g2, p, levels=[0.5, 2], colors=[FALLING], alpha=0.12)
    ax.contour(g1, g2, p, levels=[0.5], colors=[CURVE], linewidths=2)
    draw_points(ax, X, Y)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, 1.14), ncols=2, frameon=False)
    return SvgFigure(fig)
