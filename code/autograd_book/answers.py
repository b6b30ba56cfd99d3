"""The answers a self-check compares with: one function per exercise, from its reference solution.

Each function calls the reference solution in `exercises` that the exercise's
solution cell calls, and returns `Answers`: what each answer field expects.
A page glues it in a hidden cell, and the ``{answer}`` directive
(``book/_ext/answers.py``) embeds it in the page; the script only compares.

A number is right within `TOLERANCE` of the answer; a kind is one of `KINDS` and must match exactly.
"""

import json
from dataclasses import dataclass

from . import engine
from .exercises import (
    cube_slopes,
    descent_steps,
    doubled,
    product_exercise,
    rates_exercise,
    runs_on_every_arrival,
    slide6,
    slide23a,
    slide23b,
    slide23c,
    squared_error,
    starts_exercise,
    trend,
    try_chain,
    try_partial,
)
from .jacobian import passes_exercise
from .kinks import cancelling_kinks
from .second_derivative import largest_rate, quartic, second_derivative

# The page-facing names only: `from autograd_book.answers import *` (the appendix's
# doctests) must not shadow `exercises.final_loss` or `derivatives.derivative`.
__all__ = ["TOLERANCE", "KINDS", "Answers"]

# |typed - expected| <= TOLERANCE: -1/12 may be typed as -0.083, but 2047 is not 2048
# (a tolerance relative to the answer would accept that).
TOLERANCE = 1e-3

# The answers that are words: a trend (exercises.trend's arrow) or a kind of extremum.
TRENDS = {"↗": "rising", "↘": "falling", "→": "flat"}
KINDS = {"trend": tuple(TRENDS.values()), "extremum": ("minimum", "maximum")}


def kind_of(word):
    """The group of choices a word answer belongs to.

    >>> kind_of("falling"), kind_of("maximum")
    ('trend', 'extremum')
    """
    return next(group for group, words in KINDS.items() if word in words)


def sign(slope):
    """Rising, falling or flat, from the slope's sign (`exercises.trend`).

    >>> sign(18.0), sign(-6.0), sign(0.0)
    ('rising', 'falling', 'flat')
    """
    return TRENDS[trend(slope)]


def extremum(kind):
    """The word for `Extremum.kind`.

    >>> extremum("min"), extremum("max")
    ('minimum', 'maximum')
    """
    return {"min": "minimum", "max": "maximum"}[kind]


@dataclass(frozen=True)
class Answers:
    """What each field of one self-check expects: {field name: a number or a word of KINDS}."""

    expected: dict

    def __post_init__(self):
        for name, value in self.expected.items():
            if isinstance(value, str):
                kind_of(value)  # a word must be one of KINDS
            elif not isinstance(value, float):
                raise TypeError(f"answer {name!r} is {value!r}, neither a float nor a kind")

    def spec(self):
        """The JSON the page embeds: the tolerance, and each field's kind and value."""
        return {
            "tolerance": TOLERANCE,
            "fields": {
                name: {"kind": kind_of(v) if isinstance(v, str) else "number", "value": v}
                for name, v in self.expected.items()
            },
        }

    def __repr__(self):
        """The spec as JSON: a glued value is its text/plain (a notebook allows no dict there)."""
        return json.dumps(self.spec(), ensure_ascii=False, sort_keys=True)


def derivative():
    """:ref:`derivative`, slide 6: f(x) = 3x² + 6x.

    >>> derivative().expected  # doctest: +NORMALIZE_WHITESPACE
    {'d0': 6.0, 'd2': 18.0, 'dm2': -6.0, 's0': 'rising', 's2': 'rising', 'sm2': 'falling',
     'min_x': -1.0, 'min_y': -3.0}
    """
    s = slide6()
    low = s.minimum()
    return Answers(
        {"d0": s.slopes[0], "d2": s.slopes[2], "dm2": s.slopes[-2]}
        | {"s0": sign(s.slopes[0]), "s2": sign(s.slopes[2]), "sm2": sign(s.slopes[-2])}
        | {"min_x": low.x, "min_y": low.y}
    )


def partial():
    """:ref:`partial-derivatives`: the gradient of g(x, y) = x²y + 5y − 2x at (2, -1).

    >>> partial().expected
    {'dx': -6.0, 'dy': 9.0, 'sx': 'falling', 'sy': 'rising'}
    """
    dx, dy = try_partial((2, -1))
    return Answers({"dx": dx, "dy": dy, "sx": sign(dx), "sy": sign(dy)})


def chain():
    """:ref:`chain-rule`: y = (x³ + 2x)² at -1, 0 and 1.

    >>> chain().expected
    {'dm1': -30.0, 'd0': 0.0, 'd1': 30.0, 'sm1': 'falling', 's0': 'flat', 's1': 'rising'}
    """
    s = try_chain()
    slopes = {"dm1": s.slopes[-1], "d0": s.slopes[0], "d1": s.slopes[1]}
    return Answers(
        slopes | {"sm1": sign(s.slopes[-1]), "s0": sign(s.slopes[0]), "s1": sign(s.slopes[1])}
    )


def graph_read():
    """:ref:`computation-graphs`: what l'(1) = 24 says about l = (4x − 1)² near 1.

    >>> graph_read().expected
    {'s1': 'rising'}
    """
    return Answers({"s1": sign(squared_error(4).derivative)})


def graph(a):
    """:ref:`computation-graphs`: the graph of l = (a·x − 1)² at x = 1, forward and backward.

    >>> graph(3).expected
    {'y_hat': 3.0, 'z': 2.0, 'l': 4.0, 'dl': 12.0, 's1': 'rising'}
    >>> graph(1).expected
    {'y_hat': 1.0, 'z': 0.0, 'l': 0.0, 'dl': 0.0, 'k1': 'minimum'}
    """
    run = squared_error(a)
    _, y_hat, z, l = run.values
    # at a zero derivative the question is what kind of point it is (l is a square: a minimum)
    said = {"s1": sign(run.derivative)} if run.derivative else {"k1": extremum("min")}
    return Answers({"y_hat": y_hat, "z": z, "l": l, "dl": run.derivative} | said)


def tensor_gradients():
    """:ref:`tensor-gradients`: X.grad after (X**3).backward(v) with v of ones, and v of F.mean().

    v of F.mean() is the v whose X.grad is that of ones divided by 4 (one element each).

    >>> tensor_gradients().expected
    {'g1': 12.0, 'g2': 3.0, 'g3': 0.75, 'g4': 27.0, 'v_mean': 0.25}
    """
    ones, means = cube_slopes([1, 1, 1, 1]), cube_slopes([0.25] * 4)
    return Answers(
        {f"g{i}": g for i, g in enumerate(ones, start=1)} | {"v_mean": means[0] / ones[0]}
    )


def controlling():
    """:ref:`controlling-autograd`: x.grad and x after each step, with and without zero_().

    >>> controlling().expected  # doctest: +NORMALIZE_WHITESPACE
    {'wg1': 4.0, 'wx1': 2.0, 'wg2': 2.0, 'wx2': 1.5, 'wg3': 1.0, 'wx3': 1.25,
     'ng1': 4.0, 'nx1': 2.0, 'ng2': 6.0, 'nx2': 0.5, 'ng3': 5.0, 'nx3': -0.75}
    """
    fields = {}
    for prefix, zero_grad in (("w", True), ("n", False)):
        for step, (grad, x) in enumerate(descent_steps(zero_grad=zero_grad), start=1):
            fields |= {f"{prefix}g{step}": grad, f"{prefix}x{step}": x}
    return Answers(fields)


def descent_rates():
    """:ref:`gradient-descent`: the rate that lands at once, and x after a step of 1/3.

    >>> descent_rates().expected
    {'lr': 0.16666666666666666, 'x1': -4.0}
    """
    (one_step, _), (_, bouncing) = rates_exercise().items()
    return Answers({"lr": one_step, "x1": bouncing[1]})


def descent_starts(lr=0.1):
    """:ref:`gradient-descent`: the sign of f' at each start, from x₁ = x₀ − lr·f'(x₀).

    >>> descent_starts().expected
    {'s05': 'falling', 's0': 'flat', 'sm05': 'rising'}
    """
    names = {0.5: "s05", 0.0: "s0", -0.5: "sm05"}
    return Answers(
        {names[x0]: sign((x0 - path[1]) / lr) for x0, path in starts_exercise(lr=lr).items()}
    )


def inside_order(n=10):
    """:ref:`inside-autograd`: for aₙ = 2ⁿx, the runs without an order and the nodes in order.

    >>> inside_order().expected
    {'runs': 2047.0, 'nodes': 11.0}
    """
    x = engine.Tensor([1.0], requires_grad=True)
    a_n = doubled(x, n)
    nodes = len(engine.topological_order(a_n.grad_fn))
    return Answers({"runs": float(runs_on_every_arrival(a_n)), "nodes": float(nodes)})


def final_quadratic():
    """:ref:`final-exercises`, slide 23 (a): y = 3x² + ½x + 5.

    >>> final_quadratic().expected  # doctest: +NORMALIZE_WHITESPACE
    {'dm3': -17.5, 'd1': 6.5, 'd4': 24.5, 'd9': 54.5, 'sm3': 'falling', 's1': 'rising',
     'min_x': -0.083333333}
    """
    s = slide23a()
    slopes = {f"d{x}".replace("-", "m"): m for x, m in s.slopes.items()}
    return Answers(
        slopes | {"sm3": sign(s.slopes[-3]), "s1": sign(s.slopes[1]), "min_x": s.minimum().x}
    )


def final_loss():
    """:ref:`final-exercises`, slide 23 (b): dL/dW at five W, and the best W.

    >>> final_loss().expected
    {'d0': -30.0, 'dm05': -37.5, 'd1': -15.0, 'd2': 0.0, 'd3': 15.0, 'best': 2.0}
    """
    s = slide23b()
    slopes = {f"d{w:g}".replace("-", "m").replace(".", ""): float(m) for w, m in s.slopes.items()}
    return Answers(slopes | {"best": s.minimum().x})


def final_cubic():
    """:ref:`final-exercises`, slide 23 (c): f = 2x³ − 3x² at five points, and its two extrema.

    >>> final_cubic().expected
    {'dm2': 36.0, 'd0': 0.0, 'd05': -1.5, 'd1': 0.0, 'd2': 12.0, 'k0': 'maximum', 'k1': 'minimum'}
    """
    s = slide23c()
    slopes = {f"d{x:g}".replace("-", "m").replace(".", ""): m for x, m in s.slopes.items()}
    kinds = {f"k{e.x:g}": extremum(e.kind) for e in s.extrema}
    return Answers(slopes | kinds)


def product_rule():
    """:ref:`more-rules`: g(x) = x²e^(−x): g'(1) = e^(−1), and the kinds of its two extrema.

    >>> product_rule().expected
    {'d1': 0.36787944117144233, 'k0': 'minimum', 'k2': 'maximum'}
    """
    s = product_exercise()
    return Answers({"d1": s.slopes[1]} | {f"k{e.x:g}": extremum(e.kind) for e in s.extrema})


def kinks():
    """:ref:`more-rules`: autograd's slopes of relu(x) − relu(−x) at 0 and 2; the true one at 0.

    >>> kinks().expected
    {'auto0': 0.0, 'auto2': 1.0, 'true0': 1.0}
    """
    slopes, at_0 = cancelling_kinks()
    # the two sides agree at 0 (no kink): their common slope is the derivative
    return Answers({"auto0": slopes[0], "auto2": slopes[2], "true0": at_0.right})


def toolbox_rates():
    """:ref:`autograd-toolbox`: f(x) = x⁴ − 2x², its f''(1) and the largest rate 2/f''(1).

    >>> toolbox_rates().expected
    {'bend': 8.0, 'rate': 0.25}
    """
    return Answers({"bend": second_derivative(quartic, 1), "rate": largest_rate(quartic, 1)})


def toolbox_passes():
    """:ref:`autograd-toolbox`: passes of each mode for the whole Jacobian of two functions.

    >>> toolbox_passes().expected
    {'sum_reverse': 1.0, 'sum_forward': 6.0, 'copies_reverse': 6.0, 'copies_forward': 1.0}
    """
    counts = passes_exercise()
    (sum_reverse, sum_forward), (copies_reverse, copies_forward) = counts.values()
    return Answers(
        {
            "sum_reverse": float(sum_reverse),
            "sum_forward": float(sum_forward),
            "copies_reverse": float(copies_reverse),
            "copies_forward": float(copies_forward),
        }
    )


def neuron_point():
    """:ref:`first-neuron`: p and the gradient at the point (2, −1) of group 1, from the start.

    >>> {name: round(v, 4) for name, v in neuron_point().expected.items()}
    {'p': 0.982, 'w1': -0.036, 'w2': 0.018, 'b': -0.018}
    """
    from .exercises import neuron_gradient
    from .neuron import START

    p, (w1, w2, b) = neuron_gradient((2.0, -1.0), 1.0, START)
    return Answers({"p": p, "w1": w1, "w2": w2, "b": b})


def neuron_corners():
    """:ref:`first-neuron`: the most XOR corners one neuron gets right.

    >>> neuron_corners().expected
    {'best': 3.0}
    """
    from .exercises import best_on_corners

    return Answers({"best": float(best_on_corners())})
