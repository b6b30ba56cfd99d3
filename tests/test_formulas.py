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
    Claim("teachers", "(3x^2 + 2)^3", "18x(3x^2 + 2)^2"),
    Claim("inside-autograd", "(4x - 1)^2", "8(4x - 1)"),
    Claim("inside-autograd", "(v - 1)^2", "2(v - 1)", "v"),
    Claim("inside-autograd", "a \\cdot b", "b", "a"),
    Claim("inside-autograd", "a \\cdot b", "a", "b"),
    Claim("inside-autograd", "(a + 1)(a - 1)", "(a - 1) + (a + 1)", "a"),
    Claim("inside-autograd", "(a + 1)(a - 1)", "2a", "a"),
    Claim("inside-autograd", "(x^2 + 1)(x^2 - 1)", "4x^3"),
    Claim("inside-autograd", "x^4 - 1", "4x^3"),
]
VALUE_CLAIMS = []

POINTS = [-2.0, -0.5, 0.3, 1.0, 2.5]


def to_python(latex):
    """A Python expression from the LaTeX subset the book uses for polynomials.

    >>> to_python(r"18x(3x^2 + 2)^2")
    '18*x*(3*x**2+2)**2'
    >>> to_python(r"\\frac{1}{2}x + 6y^{2}")
    '((1)/(2))*x+6*y**(2)'
    """
    s = latex.replace(" ", "").replace(r"\left", "").replace(r"\right", "")
    s = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"((\1)/(\2))", s)
    s = s.replace(r"\cdot", "*").replace("^", "**").replace("{", "(").replace("}", ")")
    # implicit multiplication: 6x, 4xy, 2(…), x(…), )(…)
    return re.sub(r"(?<=[\d)a-z])(?=[a-z(])", "*", s)


def evaluate(latex, **values):
    return eval(to_python(latex), {"__builtins__": {}}, values)


def autograd_derivative(latex, var, point):
    """d/d(var) of the expression at `point` (a dict of variable values), by autograd."""
    tensors = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in point.items()}
    out = evaluate(latex, **tensors)
    (grad,) = torch.autograd.grad(out, tensors[var], allow_unused=True, materialize_grads=True)
    return grad.item()


def variables(*latex):
    return sorted(set(re.findall(r"(?<![a-z\\])[abxyzvw](?![a-z])", " ".join(latex))))


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
    for i, p in enumerate(POINTS):
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
