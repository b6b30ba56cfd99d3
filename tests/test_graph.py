"""The graphs the book draws: the walker's structure and numbers against torch, and the figures."""

import contextlib
import re
from itertools import pairwise

import pytest
import torch

from autograd_book.graph import fmt, record, walk
from autograd_book.graph_figure import INK, RED, layout

TIMES, MINUS, SQUARE, MEAN = r"$\times$", "$-$", r"$(\cdot)^{2}$", r"$\mathrm{mean}$"


# Each example builds its expression step by step and returns every step (the
# output of each operation, in the walker's order, the root last).
def chain(v):
    z = v - 1
    return [v, z, z**2]


def loss(w, x, y):
    m = w * x
    d = m - y
    return [m, d, d**2]


def slide22(W):
    m = W * 3
    return [m, m.mean()]


def chain_rule(x):
    a = x**2
    b = 3 * a
    c = b + 2
    return [a, b, c, c**3]


def chain_nodes(times):
    return [("leaf", "$x$"), ("op", rf"$\times {times}$"), ("op", "$-1$"), ("op", SQUARE)]


def loss_nodes(w, x, y):
    return [("leaf", w), ("leaf", x), ("op", TIMES), ("const", y), ("op", MINUS), ("op", SQUARE)]


CHAIN, LOSS = [(0, 1), (1, 2), (2, 3)], [(0, 2), (1, 2), (2, 4), (3, 4), (4, 5)]
# name: (build, leaves that require grad, constant tensors, (kind, label) of the nodes, edges)
EXAMPLES = {
    "slide12": (lambda x: chain(4 * x), {"x": [1.0]}, {}, chain_nodes(4), CHAIN),
    "slide13a": (lambda x: chain(3 * x), {"x": [1.0]}, {}, chain_nodes(3), CHAIN),
    "slide13b": (lambda x: chain(1 * x), {"x": [1.0]}, {}, chain_nodes(1), CHAIN),
    "slide16": (
        loss,
        {"w": [4.0], "x": [1.0]},
        {"y": [1.0]},
        loss_nodes("$w$", "$x$", "$y$"),
        LOSS,
    ),
    "slide17": (
        lambda w, X, Y: (s := loss(w, X, Y)) + [s[-1].mean()],
        {"w": [4.0] * 4, "X": [1.0, 2, 3, 4]},
        {"Y": [1.5, 3, 4.5, 6]},
        loss_nodes("$w$", "$X$", "$Y$") + [("op", MEAN)],
        LOSS + [(5, 6)],
    ),
    "slide22": (
        slide22,
        {"W": [2.0, 3, 5, 8]},
        {},
        [("leaf", "$W$"), ("op", r"$\times 3$"), ("op", MEAN)],
        [(0, 1), (1, 2)],
    ),
    "chain_rule": (
        chain_rule,
        {"x": [1.0]},
        {},
        [
            ("leaf", "$x$"),
            ("op", SQUARE),
            ("op", r"$\times 3$"),
            ("op", "$+2$"),
            ("op", r"$(\cdot)^{3}$"),
        ],
        CHAIN + [(3, 4)],
    ),
}


def run(example, recorded=True):
    """Build an example from fresh tensors and backpropagate: (steps, named tensors)."""
    build, leaves, constants = EXAMPLES[example][:3]
    tensors = {n: torch.tensor(v, requires_grad=True) for n, v in leaves.items()}
    tensors |= {n: torch.tensor(v) for n, v in constants.items()}
    with record() if recorded else contextlib.nullcontext():
        steps = build(**tensors)
    for s in steps:
        s.retain_grad()  # torch's d(root)/d(step), to check the walker against
    steps[-1].backward()
    return steps, tensors


def graph_of(example, recorded=True):
    steps, tensors = run(example, recorded)
    return walk(steps[-1], names=tensors | {"l": steps[-1]})


def close(a, b):
    return a.shape == b.shape and torch.allclose(a.double(), b.double(), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("example", EXAMPLES)
def test_structure(example):
    graph = graph_of(example)
    assert [(n.kind, n.label) for n in graph.nodes] == EXAMPLES[example][3]
    assert [(e.src, e.dst) for e in graph.edges] == EXAMPLES[example][4]
    assert [n.requires_grad for n in graph.nodes] == [n.kind != "const" for n in graph.nodes]


@pytest.mark.parametrize("example", EXAMPLES)
def test_values_and_gradients_are_torchs(example):
    graph = graph_of(example)
    steps, tensors = run(example)  # a second, independent run
    ops = [n for n in graph.nodes if n.kind == "op"]
    truth = {n.id: s for n, s in zip(ops, steps, strict=True)}
    truth |= {n.id: tensors[n.name] for n in graph.nodes if n.kind != "op"}
    for n in graph.nodes:
        assert close(n.value, truth[n.id].detach())
        assert (n.grad is None) if n.kind == "const" else close(n.grad, truth[n.id].grad)
    for e in graph.edges:  # each value is used once: its edge carries all of d(root)/d(value)
        src = graph.nodes[e.src]
        assert (e.grad is None) if src.kind == "const" else close(e.grad, truth[e.src].grad)
    assert close(graph.nodes[-1].grad, torch.ones_like(steps[-1]))


@pytest.mark.parametrize(
    "example, value, grads",
    [
        ("slide12", 9, {"x": 24}),  # 2·(4x - 1)·4 at x = 1
        ("slide13a", 4, {"x": 12}),  # 2·(3x - 1)·3
        ("slide13b", 0, {"x": 0}),  # 2·(x - 1)·1
        ("slide16", 9, {"x": 24, "w": 6}),  # 2(wx - y)·w and 2(wx - y)·x
        (
            "slide17",
            46.875,
            {"X": [5, 10, 15, 20], "w": [1.25, 5, 11.25, 20]},
        ),  # 2(wX - Y)·w/4, ·X/4
        ("slide22", 13.5, {"W": [0.75] * 4}),  # 3/4 each
        ("chain_rule", 125, {"x": 450}),  # 3(3x² + 2)²·6x
    ],
)
def test_the_slides_numbers(example, value, grads):
    graph = graph_of(example)
    root = graph.nodes[-1]
    assert close(root.value, torch.full_like(root.value, value))
    for n in graph.nodes:
        if n.name in grads:
            assert close(
                n.grad, torch.tensor(grads[n.name], dtype=torch.float).reshape(n.grad.shape)
            )


def test_slide12_edges_carry_the_chain_rule():
    graph = graph_of("slide12")
    assert [fmt(e.grad) for e in graph.edges] == ["24", "6", "6"]  # 6·4, 2·3, 2·3
    assert [fmt(n.value) for n in graph.nodes] == ["1", "4", "3", "9"]


def test_walk_without_record_gives_the_structure():
    graph = graph_of("slide16", recorded=False)  # no constants known: y is not drawn
    assert [(n.kind, n.label) for n in graph.nodes] == [
        ("leaf", "$w$"),
        ("leaf", "$x$"),
        ("op", TIMES),
        ("op", MINUS),
        ("op", r"$\mathrm{pow}$"),
    ]
    assert [(e.src, e.dst) for e in graph.edges] == [(0, 2), (1, 2), (2, 3), (3, 4)]
    assert all(e.grad is None for e in graph.edges)
    assert [n.value is None for n in graph.nodes] == [
        False,
        False,
        True,
        True,
        False,
    ]  # leaves, root
    assert close(graph.nodes[-1].value, torch.tensor([9.0]))


@pytest.mark.parametrize(
    "expression, label",
    [
        (lambda x: 4 * x, r"$\times 4$"),
        (lambda x: x * 4, r"$\times 4$"),
        (lambda x: torch.mul(x, 4), r"$\times 4$"),
        (lambda x: x * -2, r"$\times (-2)$"),
        (lambda x: 1 + x, "$+1$"),
        (lambda x: x - 1, "$-1$"),
        (lambda x: 1 - x, r"$1 - (\cdot)$"),
        (lambda x: x / 2, r"$\div 2$"),
        (lambda x: -x, r"$-(\cdot)$"),
        (lambda x: x**0.5, r"$(\cdot)^{0.5}$"),
        (lambda x: torch.pow(x, 2), SQUARE),
        (lambda x: x.sum(), r"$\Sigma$"),
        (lambda x: torch.sum(x), r"$\Sigma$"),
        (lambda x: x.mean(), MEAN),
        (lambda x: torch.mean(x), MEAN),
        (lambda x: x.exp(), r"$\mathrm{exp}$"),  # not recorded: named after its node
    ],
)
def test_op_labels(expression, label):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with record():
        out = expression(x)
    assert walk(out).nodes[-1].label == label


def test_constant_first_lines_up_with_torchs_inputs():
    x, c = torch.tensor([2.0], requires_grad=True), torch.tensor([5.0])
    with record():
        one_minus, c_minus = 1 - x, c - x  # torch keeps no input for the 1, one for c
    one_minus.backward()
    c_minus.backward()
    assert one_minus.grad_fn.metadata["book"]["inputs"] == [1, None]
    assert [(e.src, e.dst, fmt(e.grad)) for e in walk(one_minus).edges] == [(0, 1, "-1")]
    graph = walk(c_minus, names={"c": c, "x": x})
    assert [(n.kind, n.label) for n in graph.nodes] == [
        ("const", "$c$"),
        ("leaf", "$x$"),
        ("op", MINUS),
    ]
    assert [(e.src, e.grad is None) for e in graph.edges] == [(0, True), (1, False)]


def test_record_ignores_everything_else():
    x = torch.tensor([1.0], requires_grad=True)
    with record():
        text, number, shape = str(x * 2), x.item(), x.shape
        y = (2 / x).exp()
    assert (number, tuple(shape), text.startswith("tensor")) == (1.0, (1,), True)
    labels = [n.label for n in walk(y).nodes]
    assert labels == ["$t_{1}$", r"$\mathrm{reciprocal}$", TIMES, r"$\mathrm{exp}$"]


class FakeNode:
    """A node of another engine that follows GRAPH_PROTOCOL.md, nothing more."""

    def __init__(self, name, inputs, book=None, variable=None):
        self.next_functions = tuple((n, 0) for n in inputs)
        self.metadata, self.variable, self._name = {"book": book} if book else {}, variable, name

    def name(self):
        return self._name


class FakeTensor:
    def __init__(self, data, grad_fn=None, grad=None):
        self.data, self.grad_fn, self.grad, self.requires_grad = (
            torch.tensor(data),
            grad_fn,
            grad,
            True,
        )


def test_walk_follows_the_protocol_alone():
    # l = (4·x - 1)² at x = 1, as an engine may record it: the pow keeps an
    # entry for its exponent and the mul has its number first.
    t = torch.tensor
    x = FakeTensor([1.0], grad=FakeTensor([24.0]))
    mul = FakeNode(
        "MulBackward0",
        [None, FakeNode("AccumulateGrad", [], variable=x)],
        {"op": "mul", "inputs": [4, None], "value": t([4.0]), "grad_inputs": [None, t([24.0])]},
    )
    sub = FakeNode(
        "SubBackward0",
        [mul, None],
        {"op": "sub", "inputs": [None, 1], "value": t([3.0]), "grad_inputs": [t([6.0]), None]},
    )
    pow_ = FakeNode(
        "PowBackward0",
        [sub, None],
        {
            "op": "pow",
            "inputs": [None, 2],
            "value": t([9.0]),
            "grad_inputs": [t([6.0]), None],
            "grad_output": t([1.0]),
        },
    )
    graph = walk(FakeTensor([9.0], grad_fn=pow_), names={"x": x})
    assert [(n.kind, n.label) for n in graph.nodes] == chain_nodes(4)
    assert [(e.src, e.dst, fmt(e.grad)) for e in graph.edges] == [
        (0, 1, "24"),
        (1, 2, "6"),
        (2, 3, "6"),
    ]
    assert fmt(graph.nodes[0].grad) == "24"


def test_walk_reads_the_books_engine():
    engine = pytest.importorskip("autograd_book.engine")
    w, x = engine.Tensor([4.0], requires_grad=True), engine.Tensor([1.0], requires_grad=True)
    y = engine.Tensor([1.0])
    (l := (w * x - y) ** 2).backward()
    graph = walk(l, names={"w": w, "x": x, "y": y})
    assert [(n.kind, n.label) for n in graph.nodes] == EXAMPLES["slide16"][3]
    assert [fmt(n.grad) for n in graph.nodes if n.kind == "leaf"] == ["6", "24"]
    assert [e.grad is not None and fmt(e.grad) for e in graph.edges] == ["6", "24", "6", False, "6"]


@pytest.mark.parametrize(
    "value, text",
    [
        (torch.tensor([9.0]), "9"),
        (torch.tensor(0.75), "0.75"),
        (torch.tensor([-1.5]), "-1.5"),
        (torch.tensor(46.875), "46.875"),
        (torch.tensor([1.0, 2, 3, 4]), "[1, 2, 3, 4]"),
        (torch.zeros(8), "shape (8,)"),
        (torch.zeros(2, 2), "shape (2, 2)"),
    ],
)
def test_fmt(value, text):
    assert fmt(value) == text


def test_layout_writes_values_black_and_gradients_red():
    texts = layout(graph_of("slide12")).texts
    black = [t.s for t in texts if t.color == INK]
    assert black == ["$x$", "1", r"$\times 4$", "4", "$-1$", "3", SQUARE, "9", "$l$"]
    red = [t.s for t in texts if t.color == RED]
    assert red == [r"$\partial l/\partial x$ = 24", "24", "6", "6", "1"]
    vectors = layout(graph_of("slide17")).texts
    assert [t.s for t in vectors if t.color == RED][-5:] == ["0.25"] * 4 + ["1"]
    assert {"6.25", "25", "56.25", "100", "46.875"} <= {t.s for t in vectors if t.color == INK}


def overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("example", EXAMPLES)
def test_layout_is_uncluttered(example):
    graph = graph_of(example)
    lay = layout(graph)
    rects = [(t.x - t.w / 2, t.y - t.h / 2, t.x + t.w / 2, t.y + t.h / 2) for t in lay.texts]
    boxes = [(x - w / 2, y - h / 2, x + w / 2, y + h / 2) for _, x, y, w, h in lay.boxes]
    segments = [
        (min(x0, x1), min(y0, y1) - 0.01, max(x0, x1), max(y0, y1) + 0.01)  # all straight
        for points, *_ in lay.arrows
        for (x0, y0), (x1, y1) in pairwise(points)
    ]
    for i, r in enumerate(rects):
        assert not any(overlap(r, s) for s in rects[i + 1 :] + segments), lay.texts[i]
        inside = [b[0] <= r[0] and r[2] <= b[2] and b[1] <= r[1] and r[3] <= b[3] for b in boxes]
        assert all(ins or not overlap(r, b) for ins, b in zip(inside, boxes, strict=True)), (
            lay.texts[i]
        )

    # forward arrows leave a box's right side and end on a box's left side,
    # except the root's output (where the seed gradient 1 comes in)
    def on_side(p, side):
        return any(
            abs(p[0] - (x + side * w / 2)) < 1e-6 and abs(p[1] - y) <= h / 2
            for _, x, y, w, h in lay.boxes
        )

    forward = [points for points, color, *_ in lay.arrows if color != RED]
    assert all(on_side(points[0], 1) for points in forward)
    assert [on_side(points[-1], -1) for points in forward] == [True] * len(graph.edges) + [False]


@pytest.mark.parametrize("example", EXAMPLES)
def test_figures_have_no_words(example):
    for t in layout(graph_of(example)).texts:
        assert not re.search("[A-Za-z]", re.sub(r"\$[^$]*\$", "", t.s)), t.s
