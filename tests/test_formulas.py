"""Every formula the prose states is checked against autograd.

A row names a page, a function and its derivative as the page writes them in
LaTeX. The test checks that both strings stand in both editions of the page,
then evaluates them and compares the derivative with autograd's at several
points. Add a row for each derivative formula a page states.
"""

import re
from dataclasses import dataclass

import pytest
import torch

from .conftest import BOOK, EDITIONS


@dataclass
class Claim:
    page: str
    f: str  # the function, as written in the page's LaTeX
    df: str  # its derivative by `var`, as written
    var: str = "x"


@dataclass
class ValueClaim:
    page: str
    text: str  # the sentence of math as written, e.g. "l'(1) = 24"
    f: str
    at: dict
    value: float
    var: str = "x"


CLAIMS = [
    Claim("derivative", "3x^2 + 6x", "6x + 6"),
    Claim("derivative", "x^5", "5x^4"),
    Claim("derivative", "3x + 7", "3"),
    Claim("derivative", "5x", "5"),
    Claim("partial-derivatives", "3x^2 + 2y^3 + 4xy", "6x + 4y", "x"),
    Claim("partial-derivatives", "3x^2 + 2y^3 + 4xy", "6y^2 + 4x", "y"),
    Claim("partial-derivatives", "x^2y + 5y - 2x", "2xy - 2", "x"),
    Claim("partial-derivatives", "x^2y + 5y - 2x", "x^2 + 5", "y"),
    Claim("chain-rule", "3x^2 + 2", "6x"),
    Claim("chain-rule", "v^3", "3v^2", "v"),
    Claim("chain-rule", "(3x^2 + 2)^3", "3(3x^2 + 2)^2 \\cdot 6x"),
    Claim("chain-rule", "(3x^2 + 2)^3", "18x(3x^2 + 2)^2"),
    Claim("chain-rule", "27x^6 + 54x^4 + 36x^2 + 8", "162x^5 + 216x^3 + 72x"),
    Claim("chain-rule", "2x - 1", "2"),
    Claim("chain-rule", "u^3 + 1", "3u^2", "u"),
    Claim("chain-rule", "v^2", "2v", "v"),
    Claim("chain-rule", "x^2", "2x"),
    Claim("chain-rule", r"\left((2x - 1)^3 + 1\right)^2", "12(2x - 1)^2((2x - 1)^3 + 1)"),
    Claim("chain-rule", "(x^3 + 2x)^2", "2(x^3 + 2x)(3x^2 + 2)"),
    Claim("chain-rule", "x^3 + 2x", "3x^2 + 2"),
    Claim("chain-rule", "x^6 + 4x^4 + 4x^2", "6x^5 + 16x^3 + 8x"),
    Claim("computation-graphs", "4x", "4"),
    Claim("computation-graphs", r"(\hat{y} - 1)^2", r"2(\hat{y} - 1)", var="ŷ"),
    Claim("computation-graphs", "(4x - 1)^2", r"2(4x - 1) \cdot 4"),
    Claim("computation-graphs", "(4x - 1)^2", "8(4x - 1)"),
    Claim("computation-graphs", "(3x - 1)^2", "6(3x - 1)"),
    Claim("computation-graphs", r"(1 \cdot x - 1)^2", "2(x - 1)"),
    Claim("autograd-basics", "(wx - y)^2", r"2(wx - y) \cdot w", var="x"),
    Claim("autograd-basics", "(wx - y)^2", r"2(wx - y) \cdot x", var="w"),
    Claim("tensor-gradients", r"\frac{1}{4}(w x - y)^2", r"\frac{1}{2}(w x - y)w"),
    Claim("tensor-gradients", r"\frac{1}{4}(w x - y)^2", r"\frac{1}{2}(w x - y)x", var="w"),
    Claim("tensor-gradients", "(w x - y)^2", "2(w x - y)w"),
    Claim("tensor-gradients", "(w x - y)^2", "2(w x - y)x", var="w"),
    Claim("tensor-gradients", "x^3", "3x^2"),
    Claim("controlling-autograd", "(4x - 1)^2", "8(4x - 1)"),
    Claim("controlling-autograd", "x^2", "2x"),
    Claim("controlling-autograd", r"\frac{3}{4}w", r"\frac{3}{4}", var="w"),
    Claim("controlling-autograd", "(x - 1)^2", "2(x - 1)"),
    Claim("final-exercises", r"3x^2 + \frac{1}{2}x + 5", r"6x + \frac{1}{2}"),
    Claim("final-exercises", "7.5(W - 2)^2", "15(W - 2)", var="W"),
    Claim("final-exercises", "2x^3 - 3x^2", "6x^2 - 6x"),
    Claim("final-exercises", "2x^3 - 3x^2", "6x(x - 1)"),
    Claim("gradient-descent", "3x^2 + 6x", "6x + 6"),
    Claim("gradient-descent", "3x^2 + 6x", "6(x + 1)"),
    Claim("gradient-descent", "7.5(W - 2)^2", "15(W - 2)", var="W"),
    # the second derivatives f'' = 6 and L'' = 15 that bound the learning rate
    Claim("gradient-descent", "6x + 6", "6"),
    Claim("gradient-descent", "15(W - 2)", "15", var="W"),
    Claim("teachers", "(3x^2 + 2)^3", "18x(3x^2 + 2)^2"),
    Claim("inside-autograd", "(4x - 1)^2", "8(4x - 1)"),
    Claim("inside-autograd", "(v - 1)^2", "2(v - 1)", "v"),
    Claim("inside-autograd", "a \\cdot b", "b", "a"),
    Claim("inside-autograd", "a \\cdot b", "a", "b"),
    Claim("inside-autograd", "(a + 1)(a - 1)", "(a - 1) + (a + 1)", "a"),
    Claim("inside-autograd", "(a + 1)(a - 1)", "2a", "a"),
    Claim("inside-autograd", "(x^2 + 1)(x^2 - 1)", "4x^3"),
    Claim("inside-autograd", "x^4 - 1", "4x^3"),
    Claim("inside-autograd", "x \\cdot x", "2x"),
]
F_XY = "3x^2 + 2y^3 + 4xy"
VALUE_CLAIMS = [
    ValueClaim(
        "partial-derivatives",
        r"\frac{\partial f}{\partial x}(1, 2) = 14",
        F_XY,
        {"x": 1.0, "y": 2.0},
        14,
    ),
    ValueClaim(
        "partial-derivatives",
        r"\frac{\partial f}{\partial y}(1, 2) = 28",
        F_XY,
        {"x": 1.0, "y": 2.0},
        28,
        "y",
    ),
    ValueClaim("partial-derivatives", r"\nabla f(1, 2) = (14, 28)", F_XY, {"x": 1.0, "y": 2.0}, 14),
    ValueClaim(
        "partial-derivatives", r"\nabla f(1, 2) = (14, 28)", F_XY, {"x": 1.0, "y": 2.0}, 28, "y"
    ),
    ValueClaim("chain-rule", r"\frac{dy}{dv} = 3v^2", "v^3", {"v": 5.0}, 75, "v"),
    ValueClaim(
        "computation-graphs", r"l'(1) = 8(4 \cdot 1 - 1) = 24", "(4x - 1)^2", {"x": 1.0}, 24
    ),
    ValueClaim("computation-graphs", "l'(1) = 24", "(4x - 1)^2", {"x": 1.0}, 24),
    ValueClaim(
        "computation-graphs", r"l'(1) = 6(3 \cdot 1 - 1) = 12", "(3x - 1)^2", {"x": 1.0}, 12
    ),
    ValueClaim("computation-graphs", r"l'(1) = 2(1 - 1) = 0", r"(1 \cdot x - 1)^2", {"x": 1.0}, 0),
    ValueClaim("controlling-autograd", "l'(1) = 24", "(4x - 1)^2", {"x": 1.0}, 24.0),
    ValueClaim("controlling-autograd", "y'(1) = 2", "x^2", {"x": 1.0}, 2.0),
    ValueClaim("gradient-descent", "f'(0) = 0", "2x^3 - 3x^2", {"x": 0.0}, 0.0),
]

POINTS = [-2.0, -0.5, 0.3, 1.0, 2.5]


def to_python(latex):
    """A Python expression from the LaTeX subset the book uses for polynomials.

    >>> to_python(r"18x(3x^2 + 2)^2")
    '18*x*(3*x**2+2)**2'
    >>> to_python(r"\\frac{1}{2}x + 6y^{2}")
    '((1)/(2))*x+6*y**(2)'
    >>> to_python(r"2(\\hat{y} - 1) \\cdot 4\\hat{y}")  # ŷ, a name of its own
    '2*(ŷ-1)*4*ŷ'
    """
    s = latex.replace(" ", "").replace(r"\left", "").replace(r"\right", "").replace(r"\hat{y}", "ŷ")
    s = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"((\1)/(\2))", s)
    s = s.replace(r"\cdot", "*").replace("^", "**").replace("{", "(").replace("}", ")")
    # implicit multiplication: 6x, 4xy, 2(…), x(…), )(…)
    return re.sub(r"(?<=[\d)A-Za-zŷ])(?=[A-Za-zŷ(])", "*", s)


def evaluate(latex, **values):
    return eval(to_python(latex), {"__builtins__": {}}, values)


def autograd_derivative(latex, var, point):
    """d/d(var) of the expression at `point` (a dict of variable values), by autograd."""
    tensors = {
        k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in point.items()
    }
    out = evaluate(latex, **tensors)
    (grad,) = torch.autograd.grad(out, tensors[var], allow_unused=True, materialize_grads=True)
    return grad.item()


def variables(*latex):
    """The variables of formulas: every letter left once they are Python (ŷ for \\hat{y}).

    >>> variables("4wx - y", r"\\frac{1}{2}W", r"(\\hat{y} - 1)^2")
    ['W', 'w', 'x', 'y', 'ŷ']
    """
    return sorted(set(re.findall(r"[A-Za-zŷ]", "".join(to_python(t) for t in latex))))


def source(lang, page):
    return (BOOK / lang / f"{page}.md").read_text(encoding="utf-8")


def assert_written(page, *texts):
    for lang in EDITIONS:
        for text in texts:
            assert text in source(lang, page), f"{lang}/{page}.md does not state {text!r}"


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: f"{c.page}: d/d{c.var} {c.f}")
def test_derivative_formula(claim):
    assert_written(claim.page, claim.f, claim.df)
    names = variables(claim.f, claim.df) or [claim.var]
    for p in POINTS:
        point = {n: p + 0.7 * j for j, n in enumerate(names)}
        expected = autograd_derivative(claim.f, claim.var, point)
        stated = float(evaluate(claim.df, **point))
        assert stated == pytest.approx(expected, rel=1e-12, abs=1e-12), point


@pytest.mark.parametrize("claim", VALUE_CLAIMS, ids=lambda c: f"{c.page}: {c.text}")
def test_derivative_value(claim):
    assert_written(claim.page, claim.text)
    assert autograd_derivative(claim.f, claim.var, claim.at) == pytest.approx(claim.value)


def test_a_wrong_formula_is_caught():
    """The check is not blind: the deck's 12x for 18x would fail it."""
    point = {"x": 1.5}
    right = autograd_derivative("(3x^2 + 2)^3", "x", point)
    assert evaluate("18x(3x^2 + 2)^2", **point) == pytest.approx(right)
    assert evaluate("12x(3x^2 + 2)^2", **point) != pytest.approx(right)
