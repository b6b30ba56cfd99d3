"""Property: on random expressions the book's engine computes what torch computes.

hypothesis writes small random programs over the engine's operations: leaves
of shapes that broadcast together, each step an operator or `mean`/`sum`/`exp`/`log` on
earlier values (so values are reused: diamonds), with a number on either side
of every binary operator, then `backward()` or `backward(v)`. Each program runs
with the engine's Tensor and with torch in float64, and every value and every
leaf's `.grad` must agree within a tolerance.

The math is defined by construction: a step only takes operands its operation
accepts, judged on their values (a denominator at least 1/4 from 0, the base of
a tensor or a fractional exponent at least 1/4, of a negative exponent at
least 1/4 from 0, a tensor exponent at most 3 in size, and so the argument of
`exp`; that of `log` at least 1/4), so no value is nan or
infinite and none grows beyond float64's comfort.

`make test` runs the "book" profile (tests/conftest.py): a few hundred
examples, derandomized, no example database. `make properties` runs many more,
from a fresh random seed each time.
"""

import operator
from dataclasses import dataclass

import torch
from hypothesis import given
from hypothesis import strategies as st

from autograd_book.engine import Tensor

# every two of these broadcast together, to one of them
SHAPES = [(), (1,), (3,), (1, 1), (1, 3), (2, 1), (2, 3)]

# an operand's role -> whether a value can take it (t: its numbers, float64)
ROLES = {
    "any": lambda t: True,
    "small": lambda t: t.abs().max() <= 10,
    "nonzero": lambda t: t.abs().max() <= 10 and t.abs().min() >= 0.25,
    "positive": lambda t: t.max() <= 10 and t.min() >= 0.25,
    "exponent": lambda t: t.abs().max() <= 3,
}
# the numbers that can take each role
SIGNED = [0.0, 1.0, -2.0, 0.5, 3.0]
NUMBERS = {
    "any": SIGNED,
    "small": SIGNED,
    "nonzero": [1.0, -2.0, 0.5, 3.0],
    "positive": [2.0, 0.5, 3.0],
    "exponent": [0.0, 2.0, 1.0, 3.0, -1.0, -2.0, 0.5, 1.5],
}

BINARY = {
    "+": (operator.add, "any", "any"),
    "-": (operator.sub, "any", "any"),
    "*": (operator.mul, "small", "small"),
    "/": (operator.truediv, "small", "nonzero"),
    "**": (operator.pow, "positive", "exponent"),
}
# op -> (function, the role of its operand): eᵃ of a at most 3 in size, ln a of a >= 1/4
UNARY = {
    "neg": (operator.neg, "any"),
    "mean": (lambda a: a.mean(), "any"),
    "sum": (lambda a: a.sum(), "any"),
    "exp": (lambda a: a.exp(), "exponent"),
    "log": (lambda a: a.log(), "positive"),
}


def base_role(n):
    """What the base of aⁿ must be, for a number n: aⁿ is defined and finite."""
    if n == int(n) and n >= 0:
        return "small"
    return "nonzero" if n == int(n) else "positive"


@dataclass(frozen=True)
class V:
    """An operand that is a value of the program: a leaf or an earlier step."""

    index: int

    def __repr__(self):
        return f"v{self.index}"


@dataclass(repr=False)
class Program:
    leaves: list  # (numbers as nested lists, requires_grad)
    steps: list  # (op, operands): an operand is a V or a number
    v: list | None  # the gradient for backward(v); None: backward()

    def __repr__(self):
        lines = [f"v{i} = leaf({x!r}, requires_grad={rg})" for i, (x, rg) in enumerate(self.leaves)]
        for i, (op, args) in enumerate(self.steps, start=len(self.leaves)):
            text = f"{args[0]!r} {op} {args[1]!r}" if op in BINARY else f"{op}({args[0]!r})"
            lines.append(f"v{i} = {text}")
        out = f"v{len(lines) - 1}"
        v = "" if self.v is None else self.v
        lines.append(f"{out}.backward({v})  # if {out} requires grad")
        return "\n".join(["Program:", *lines])

    def _repr_pretty_(self, printer, cycle):
        printer.text(repr(self))  # how hypothesis prints a failing example


def torch_tensor(values, requires_grad=False):
    return torch.tensor(values, dtype=torch.float64, requires_grad=requires_grad)


def run(program, make):
    """Every value of the program made with `make` (the engine's or torch's), after backward."""
    values = [make(x, requires_grad=rg) for x, rg in program.leaves]
    for op, args in program.steps:
        function = (BINARY if op in BINARY else UNARY)[op][0]
        values.append(function(*(values[a.index] if isinstance(a, V) else a for a in args)))
    if values[-1].requires_grad:
        values[-1].backward(None if program.v is None else make(program.v))
    return values


def numbers(shape, low=-2.0, high=2.0):
    """A strategy for nested lists of floats of the given shape."""
    # round numbers half the time: 0 often (x⁰ and x·0 at x = 0), and short examples
    rounds = [x for x in (0.0, 1.0, -1.0, 0.5, 2.0) if low <= x <= high]
    element = st.floats(low, high, allow_subnormal=False) | st.sampled_from(rounds)
    size = torch.Size(shape).numel()
    return st.lists(element, min_size=size, max_size=size).map(
        lambda xs: torch.tensor(xs, dtype=torch.float64).reshape(shape).tolist()
    )


@st.composite
def programs(draw, max_steps=8):
    """A random program whose every operation is defined on its operands."""
    leaves = []
    for i in range(draw(st.integers(1, 3))):
        shape = draw(st.sampled_from(SHAPES))
        low = draw(st.sampled_from([-2.0, 0.25]))  # signed, or positive
        leaves.append((draw(numbers(shape, low)), i == 0 or draw(st.booleans())))
    known = [torch_tensor(x) for x, _ in leaves]  # the numbers of every value so far
    steps = []
    for _ in range(draw(st.integers(1, max_steps))):
        # a unary operation only if some value can take it
        fitting = {
            op: [V(i) for i, t in enumerate(known) if ROLES[role](t)]
            for op, (_, role) in UNARY.items()
        }
        op = draw(st.sampled_from([*BINARY, *(op for op in UNARY if fitting[op])]))
        if op in UNARY:
            args = (draw(st.sampled_from(fitting[op])),)
        else:
            args = draw(operands(op, known))
        steps.append((op, args))
        values = [known[a.index] if isinstance(a, V) else a for a in args]
        known.append((BINARY if op in BINARY else UNARY)[op][0](*values))
    out = known[-1]
    v = None
    if out.numel() != 1 or draw(st.booleans()):
        v = draw(numbers(tuple(out.shape)))
    return Program(leaves, steps, v)


@st.composite
def operands(draw, op, known):
    """(left, right) for a binary op: values that fit their roles, or numbers; one a value."""
    _, left, right = BINARY[op]
    fits = {role: [V(i) for i, t in enumerate(known) if ROLES[role](t)] for role in ROLES}
    forms = [
        form
        for form in ("values", "number left", "number right")
        if (form == "number left" or fits[left]) and (form == "number right" or fits[right])
    ]
    form = draw(st.sampled_from(forms))
    if form == "number right" and op == "**":
        # a number exponent: the base it needs depends on it
        exponents = [n for n in NUMBERS["exponent"] if fits[base_role(n)]]
        n = draw(st.sampled_from(exponents))
        return draw(st.sampled_from(fits[base_role(n)])), n
    a = draw(st.sampled_from(NUMBERS[left] if form == "number left" else fits[left]))
    b = draw(st.sampled_from(NUMBERS[right] if form == "number right" else fits[right]))
    return a, b


def assert_close(ours, theirs, scale, name):
    """Equal up to float64 rounding: relative, or absolute against the program's scale."""
    torch.testing.assert_close(
        ours, theirs, rtol=1e-9, atol=1e-12 * scale, msg=lambda text: f"{name}: {text}"
    )


def compare(program):
    """Run the program in both engines: the same values, flags and leaf gradients."""
    ours, theirs = run(program, Tensor), run(program, torch_tensor)
    grads = [t.grad for t in theirs[: len(program.leaves)]]
    # rounding errors grow with the largest number met (a sum of parts that cancel)
    met = [t.detach().abs().max().item() for t in [*theirs, *(g for g in grads if g is not None)]]
    scale = max(1.0, *met)
    for i, (o, t) in enumerate(zip(ours, theirs, strict=True)):
        assert o.requires_grad == t.requires_grad, f"v{i}.requires_grad"
        assert_close(o.data, t.detach(), scale, f"v{i}")
    for i, (o, g) in enumerate(zip(ours[: len(grads)], grads, strict=True)):
        if g is None:
            assert o.grad is None, f"v{i}.grad"
        else:
            assert_close(o.grad.data, g, scale, f"v{i}.grad")
    return [t.detach() for t in theirs]


def test_same_values_and_gradients_as_torch():
    """The property, on programs that between them have every feature of FEATURES."""
    seen = set()

    @given(programs())
    def same_as_torch(program):
        values = compare(program)
        seen.update(name for name, has in FEATURES.items() if has(program, values))

    same_as_torch()
    assert seen == set(FEATURES), set(FEATURES) - seen


def reused(program, values):
    """Some value is an operand more than once (x·x, or a diamond)."""
    refs = [a for _, args in program.steps for a in args if isinstance(a, V)]
    return len(refs) > len(set(refs))


def number_on(side):
    return lambda p, values: any(
        op in BINARY and not isinstance(args[side], V) for op, args in p.steps
    )


def uses(op):
    return lambda p, values: any(o == op for o, _ in p.steps)


def broadcasts(program, values):
    """Two operands of one step have different shapes."""
    return any(
        len({values[a.index].shape for a in args if isinstance(a, V)}) > 1
        for _, args in program.steps
    )


def tensor_exponent(program, values):
    return any(op == "**" and isinstance(args[1], V) for op, args in program.steps)


FEATURES = {
    "a value reused": reused,
    "a number on the left": number_on(0),
    "a number on the right": number_on(1),
    **{f"the operation {op}": uses(op) for op in [*BINARY, *UNARY]},
    "a tensor exponent": tensor_exponent,
    "broadcasting": broadcasts,
    "backward()": lambda p, values: p.v is None,
    "backward(v) of a vector": lambda p, values: values[-1].numel() > 1,
}
