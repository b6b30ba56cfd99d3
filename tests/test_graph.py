"""The graphs the book draws: the walker's structure and numbers against torch, and the figures."""

import re

import pytest
import torch

from autograd_book.graph import fmt, record, walk
from autograd_book.graph_figure import INK, RED, draw, layout

TIMES, POW = r"$\times", r"$(\cdot)^{"


# Each example: the expression as its steps (each op's output, in the walker's
# order, the root last), the leaves that require grad, the constant tensors,
# the (kind, label) of every node, and the edges (input, consumer).
def slide12(x): return _chain(4 * x)
def slide13a(x): return _chain(3 * x)
def slide13b(x): return _chain(1 * x)
def _chain(v): z = v - 1; return [v, z, z ** 2]  # noqa: E702
def slide16(w, x, y): m = w * x; d = m - y; return [m, d, d ** 2]  # noqa: E702
def slide17(w, X, Y): d = slide16(w, X, Y); return d + [d[-1].mean()]  # noqa: E702
def slide22(W): m = W * 3; return [m, m.mean()]  # noqa: E702
def chain_rule(x): a = x ** 2; b = 3 * a; c = b + 2; return [a, b, c, c ** 3]  # noqa: E702


SLIDE12_NODES = [("leaf", "$x$"), ("op", TIMES + " 4$"), ("op", "$-1$"), ("op", POW + "2}$")]
LOSS_NODES = [("op", TIMES + "$"), ("op", "$-$"), ("op", POW + "2}$")]
EXAMPLES = {
    "slide12": (slide12, {"x": [1.0]}, {}, SLIDE12_NODES, [(0, 1), (1, 2), (2, 3)]),
    "slide13a": (slide13a, {"x": [1.0]}, {}, [SLIDE12_NODES[0], ("op", TIMES + " 3$")] + SLIDE12_NODES[2:],
                 [(0, 1), (1, 2), (2, 3)]),
    "slide13b": (slide13b, {"x": [1.0]}, {}, [SLIDE12_NODES[0], ("op", TIMES + " 1$")] + SLIDE12_NODES[2:],
                 [(0, 1), (1, 2), (2, 3)]),
    "slide16": (slide16, {"w": [4.0], "x": [1.0]}, {"y": [1.0]},
                [("leaf", "$w$"), ("leaf", "$x$"), LOSS_NODES[0], ("const", "$y$")] + LOSS_NODES[1:],
                [(0, 2), (1, 2), (2, 4), (3, 4), (4, 5)]),
    "slide17": (slide17, {"w": [4.0] * 4, "X": [1.0, 2, 3, 4]}, {"Y": [1.5, 3, 4.5, 6]},
                [("leaf", "$w$"), ("leaf", "$X$"), LOSS_NODES[0], ("const", "$Y$")] + LOSS_NODES[1:]
                + [("op", r"$\mathrm{mean}$")],
                [(0, 2), (1, 2), (2, 4), (3, 4), (4, 5), (5, 6)]),
    "slide22": (slide22, {"W": [2.0, 3, 5, 8]}, {}, [("leaf", "$W$"), ("op", TIMES + " 3$"),
                                                      ("op", r"$\mathrm{mean}$")], [(0, 1), (1, 2)]),
    "chain_rule": (chain_rule, {"x": [1.0]}, {}, [("leaf", "$x$"), ("op", POW + "2}$"), ("op", TIMES + " 3$"),
                                                  ("op", "$+2$"), ("op", POW + "3}$")],
                   [(0, 1), (1, 2), (2, 3), (3, 4)]),
}


def run(example, recorded=True):
    """Build an example from fresh tensors and backpropagate: (steps, named tensors)."""
    build, leaves, constants = EXAMPLES[example][:3]
    tensors = {n: torch.tensor(v, requires_grad=True) for n, v in leaves.items()}
    tensors |= {n: torch.tensor(v) for n, v in constants.items()}
    if recorded:
        with record():
            steps = build(**tensors)
    else:
        steps = build(**tensors)
    for s in steps:
        s.retain_grad()  # d(root)/d(step), computed by torch, to check the walker against
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


@pytest.mark.parametrize("example, value, grads", [
    ("slide12", 9, {"x": 24}),  # 2·(4x - 1)·4 at x = 1
    ("slide13a", 4, {"x": 12}),  # 2·(3x - 1)·3
    ("slide13b", 0, {"x": 0}),  # 2·(x - 1)·1
    ("slide16", 9, {"x": 24, "w": 6}),  # 2(wx - y)·w and 2(wx - y)·x
    ("slide17", 46.875, {"X": [5, 10, 15, 20], "w": [1.25, 5, 11.25, 20]}),  # 2(wX - Y)·w/4, ·X/4
    ("slide22", 13.5, {"W": [0.75] * 4}),  # 3/4 each
    ("chain_rule", 125, {"x": 450}),  # 3(3x² + 2)²·6x
])
def test_the_slides_numbers(example, value, grads):
    graph = graph_of(example)
    assert close(graph.nodes[-1].value, torch.tensor(float(value)).reshape(graph.nodes[-1].value.shape))
    for n in graph.nodes:
        if n.name in grads:
            assert close(n.grad, torch.tensor(grads[n.name], dtype=torch.float).reshape(n.grad.shape))


def test_slide12_edges_carry_the_chain_rule():
    graph = graph_of("slide12")
    assert [fmt(e.grad) for e in graph.edges] == ["24", "6", "6"]  # 6·4, 2·3, 2·3
    assert [fmt(n.value) for n in graph.nodes] == ["1", "4", "3", "9"]


def test_walk_without_record_gives_the_structure():
    graph = graph_of("slide16", recorded=False)  # no constants known: y is not drawn
    assert [(n.kind, n.label) for n in graph.nodes] == [
        ("leaf", "$w$"), ("leaf", "$x$"), ("op", TIMES + "$"), ("op", "$-$"), ("op", r"$\mathrm{pow}$")]
    assert [(e.src, e.dst, e.grad) for e in graph.edges] == [(0, 2, None), (1, 2, None), (2, 3, None), (3, 4, None)]
    assert [n.value is None for n in graph.nodes] == [False, False, True, True, False]  # leaves and root
    assert close(graph.nodes[-1].value, torch.tensor([9.0]))


@pytest.mark.parametrize("expression, label", [
    (lambda x: 4 * x, TIMES + " 4$"), (lambda x: x * 4, TIMES + " 4$"), (lambda x: torch.mul(x, 4), TIMES + " 4$"),
    (lambda x: x * -2, TIMES + " (-2)$"), (lambda x: 1 + x, "$+1$"), (lambda x: x - 1, "$-1$"),
    (lambda x: 1 - x, r"$1 - (\cdot)$"), (lambda x: x / 2, r"$\div 2$"), (lambda x: -x, r"$-(\cdot)$"),
    (lambda x: x ** 0.5, POW + "0.5}$"), (lambda x: torch.pow(x, 2), POW + "2}$"),
    (lambda x: x.sum(), r"$\Sigma$"), (lambda x: torch.sum(x), r"$\Sigma$"),
    (lambda x: x.mean(), r"$\mathrm{mean}$"), (lambda x: torch.mean(x), r"$\mathrm{mean}$"),
    (lambda x: x.exp(), r"$\mathrm{exp}$"),  # not recorded: named after its node
])
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
    graph = walk(one_minus)
    assert one_minus.grad_fn.metadata["book"]["inputs"] == [1, None]
    assert [(e.src, e.dst, fmt(e.grad)) for e in graph.edges] == [(0, 1, "-1")]
    graph = walk(c_minus, names={"c": c, "x": x})
    assert [(n.kind, n.label) for n in graph.nodes] == [("const", "$c$"), ("leaf", "$x$"), ("op", "$-$")]
    assert [(e.src, e.grad is None) for e in graph.edges] == [(0, True), (1, False)]


def test_record_ignores_everything_else():
    x = torch.tensor([1.0], requires_grad=True)
    with record():
        text, number, shape = str(x * 2), x.item(), x.shape
        y = (2 / x).exp()
    assert (number, tuple(shape), text.startswith("tensor")) == (1.0, (1,), True)
    assert [n.label for n in walk(y).nodes] == ["$t_{1}$", r"$\mathrm{reciprocal}$", TIMES + "$", r"$\mathrm{exp}$"]


class FakeNode:
    """A node of another engine that follows GRAPH_PROTOCOL.md, nothing more."""

    def __init__(self, name, inputs, book=None, variable=None):
        self.next_functions = tuple((n, 0) for n in inputs)
        self.metadata, self.variable, self._name = {"book": book} if book else {}, variable, name

    def name(self):
        return self._name


class FakeTensor:
    def __init__(self, data, grad_fn=None, grad=None):
        self.data, self.grad_fn, self.grad, self.requires_grad = torch.tensor(data), grad_fn, grad, True


def test_walk_follows_the_protocol_alone():
    # l = (4·x - 1)² at x = 1, as an engine may record it: the pow keeps an
    # entry for its exponent and the mul has its number first.
    x = FakeTensor([1.0], grad=FakeTensor([24.0]))
    t = torch.tensor
    mul = FakeNode("MulBackward0", [None, FakeNode("AccumulateGrad", [], variable=x)],
                   {"op": "mul", "inputs": [4, None], "value": t([4.0]), "grad_inputs": [None, t([24.0])]})
    sub = FakeNode("SubBackward0", [mul, None], {"op": "sub", "inputs": [None, 1], "value": t([3.0]),
                                                 "grad_inputs": [t([6.0]), None]})
    pow_ = FakeNode("PowBackward0", [sub, None], {"op": "pow", "inputs": [None, 2], "value": t([9.0]),
                                                  "grad_inputs": [t([6.0]), None], "grad_output": t([1.0])})
    graph = walk(FakeTensor([9.0], grad_fn=pow_), names={"x": x})
    assert [(n.kind, n.label) for n in graph.nodes] == SLIDE12_NODES
    assert [(e.src, e.dst, fmt(e.grad)) for e in graph.edges] == [(0, 1, "24"), (1, 2, "6"), (2, 3, "6")]
    assert fmt(graph.nodes[0].grad) == "24"


def test_walk_reads_the_books_engine():
    engine = pytest.importorskip("autograd_book.engine")
    w, x, y = engine.Tensor([4.0], requires_grad=True), engine.Tensor([1.0], requires_grad=True), engine.Tensor([1.0])
    loss = (w * x - y) ** 2
    loss.backward()
    graph = walk(loss, names={"w": w, "x": x, "y": y})
    assert [(n.kind, n.label) for n in graph.nodes] == EXAMPLES["slide16"][3]
    assert [fmt(n.grad) for n in graph.nodes if n.kind == "leaf"] == ["6", "24"]
    assert [fmt(e.grad) if e.grad is not None else None for e in graph.edges] == ["6", "24", "6", None, "6"]


@pytest.mark.parametrize("value, text", [
    (torch.tensor([9.0]), "9"), (torch.tensor(0.75), "0.75"), (torch.tensor([-1.5]), "-1.5"),
    (torch.tensor(46.875), "46.88"), (torch.tensor([1.0, 2, 3, 4]), "[1, 2, 3, 4]"),
    (torch.zeros(8), "shape (8,)"), (torch.zeros(2, 2), "shape (2, 2)"),
])
def test_fmt(value, text):
    assert fmt(value) == text


def test_draw_is_byte_identical():
    assert draw(graph_of("slide16")).svg == draw(graph_of("slide16")).svg


def test_layout_writes_values_black_and_gradients_red():
    texts = layout(graph_of("slide12")).texts
    assert [t.s for t in texts if t.color == INK] == [
        "$x$", "1", TIMES + " 4$", "4", "$-1$", "3", POW + "2}$", "9", "$l$"]
    assert [t.s for t in texts if t.color == RED] == [r"$\partial l/\partial x$ = 24", "24", "6", "6", "1"]
    vectors = layout(graph_of("slide17")).texts
    assert [t.s for t in vectors if t.color == RED][-5:] == ["0.25"] * 4 + ["1"]
    assert {"6.25", "25", "56.25", "100", "46.88"} <= {t.s for t in vectors if t.color == INK}


@pytest.mark.parametrize("example", EXAMPLES)
def test_layout_is_uncluttered(example):
    lay, graph = layout(graph_of(example)), graph_of(example)
    rects = [(t.x - t.w / 2, t.y - t.h / 2, t.x + t.w / 2, t.y + t.h / 2) for t in lay.texts]
    boxes = [(x - w / 2, y - h / 2, x + w / 2, y + h / 2) for _, x, y, w, h in lay.boxes]
    overlap = lambda a, b: a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]  # noqa: E731
    inside = lambda a, b: b[0] <= a[0] and a[2] <= b[2] and b[1] <= a[1] and a[3] <= b[3]  # noqa: E731
    for i, r in enumerate(rects):
        assert not any(overlap(r, s) for s in rects[i + 1:]), lay.texts[i]
        assert all(inside(r, b) or not overlap(r, b) for b in boxes), lay.texts[i]
        for points, _, _ in lay.arrows:  # segments are horizontal or vertical
            for (x0, y0), (x1, y1) in zip(points, points[1:]):
                seg = (min(x0, x1), min(y0, y1) - 0.01, max(x0, x1), max(y0, y1) + 0.01)
                assert not overlap(r, seg), lay.texts[i]
    # forward arrows leave a box's right side and end on a box's left side; one
    # arrow (the root's output, with the seed gradient 1) ends in the open
    forward = [points for points, color, _ in lay.arrows if color != RED]
    on_side = lambda p, side: any(abs(p[0] - (x + side * w / 2)) < 1e-6 and abs(p[1] - y) <= h / 2  # noqa: E731
                                  for _, x, y, w, h in lay.boxes)
    assert all(on_side(points[0], 1) for points in forward)
    assert sum(not on_side(points[-1], -1) for points in forward) == 1 == len(forward) - len(graph.edges)


@pytest.mark.parametrize("example", EXAMPLES)
def test_figures_have_no_words(example):
    for t in layout(graph_of(example)).texts:
        assert not re.search("[A-Za-z]", re.sub(r"\$[^$]*\$", "", t.s)), t.s
