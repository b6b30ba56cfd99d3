"""The book's engine (`autograd_book.engine`) computes what torch computes.

Every example of the book runs twice, once with torch and once with the engine,
in float64, and the values and the gradients of every leaf must agree within a
tolerance (never exact == on floats).
"""

import math

import pytest
import torch

from autograd_book import neuron
from autograd_book.engine import AccumulateGrad, Tensor, count_uses, no_grad, topological_order


def torch_tensor(values, requires_grad=False):
    return torch.tensor(values, dtype=torch.float64, requires_grad=requires_grad)


def assert_same(ours, theirs):
    """An engine Tensor and a torch tensor hold the same numbers, in the same shape."""
    torch.testing.assert_close(ours.data, theirs.detach())


def leaf(*values):
    """An input that requires grad, e.g. leaf(1.0) or leaf(1, 2, 3, 4)."""
    return [float(v) for v in values], True


def const(*values):
    """An input that does not require grad (a constant tensor, like y on slide 16)."""
    return [float(v) for v in values], False


def shared(x):
    """a = x² is used twice: b = a + 3a = 4x², so db/dx = 8x."""
    a = x * x
    return a + a * 3


def sigmoid(z):
    """1/(1 + e⁻ᶻ), with the operations both engines have."""
    return 1 / (1 + (-z).exp())


def case(name, expression, v=None, **inputs):
    """One example: `expression` of the named inputs; v for backward(v) if not a scalar."""
    return pytest.param(expression, inputs, v, id=name)


CASES = [
    case("slide15 (4x-1)^2", lambda x: (4 * x - 1) ** 2, x=leaf(1)),
    case("slide13 (3x-1)^2", lambda x: (3 * x - 1) ** 2, x=leaf(1)),
    case("slide13 (1x-1)^2", lambda x: (1 * x - 1) ** 2, x=leaf(1)),
    case("slide16 (wx-y)^2", lambda x, w, y: (w * x - y) ** 2, x=leaf(1), w=leaf(4), y=const(1)),
    case(
        "slide17 mean((wX-Y)^2)",
        lambda X, w, Y: ((w * X - Y) ** 2).mean(),
        X=leaf(1, 2, 3, 4),
        w=leaf(4, 4, 4, 4),
        Y=const(1.5, 3, 4.5, 6),
    ),
    case(
        "slide18 (wX-Y)^2 v=ones",
        lambda X, w, Y: (w * X - Y) ** 2,
        v=[1.0, 1.0, 1.0, 1.0],
        X=leaf(1, 2, 3, 4),
        w=leaf(4, 4, 4, 4),
        Y=const(1.5, 3, 4.5, 6),
    ),
    case(
        "slide18 (wX-Y)^2 v=1,0,0,2",
        lambda X, w, Y: (w * X - Y) ** 2,
        v=[1.0, 0.0, 0.0, 2.0],
        X=leaf(1, 2, 3, 4),
        w=leaf(4, 4, 4, 4),
        Y=const(1.5, 3, 4.5, 6),
    ),
    *[
        case(f"slide23 3x^2+x/2+5 x={x}", lambda x: 3 * x**2 + 0.5 * x + 5, x=leaf(x))
        for x in (-3, 1, 4, 9)
    ],
    *[
        case(
            f"slide23 mean((WX-Y)^2) W={W}",
            lambda W, X, Y: ((W * X - Y) ** 2).mean(),
            W=leaf(W),
            X=const(1, 2, 3, 4),
            Y=const(2, 4, 6, 8),
        )
        for W in (0, -0.5, 1, 2, 3)
    ],
    *[
        case(f"slide23 2x^3-3x^2 x={x}", lambda x: 2 * x**3 - 3 * x**2, x=leaf(x))
        for x in (-2, 0, 0.5, 1, 2)
    ],
    *[
        case(f"slide9 chain rule (3x^2+2)^3 x={x}", lambda x: (3 * x**2 + 2) ** 3, x=leaf(x))
        for x in (1, -2, 0.5)
    ],
    *[
        case(
            f"slide7 partial 3x^2+2y^3+4xy x={x} y={y}",
            lambda x, y: 3 * x**2 + 2 * y**3 + 4 * x * y,
            x=leaf(x),
            y=leaf(y),
        )
        for x, y in ((1, 2), (-1, 0.5))
    ],
    case("shared subexpression a+3a, a=x*x", shared, x=leaf(2)),
    case("shared subexpression (a+1)(a-1), a=x^2", lambda x: (x**2 + 1) * (x**2 - 1), x=leaf(2)),
    case(
        "every operation, numbers on both sides",
        lambda x, y: (-(1 - x) * y / 4 + 3 + x - 2 * y).sum(),
        x=leaf(1, 2, 3, 4),
        y=leaf(0.5, -1, 2, 3),
    ),
    case(
        "tensor by tensor, a constant tensor first",
        lambda x, y, c: ((c - x) / y + x * x).mean(),
        x=leaf(1, 2, 3, 4),
        y=leaf(0.5, -1, 2, 3),
        c=const(1, 1, 2, 2),
    ),
    case(
        "a 0-dim tensor times a vector", lambda s, X: (s * X).sum(), s=(2.0, True), X=leaf(1, 2, 3)
    ),
    case("backward of a leaf itself", lambda x: x, v=[1.0, 2.0], x=leaf(3, 4)),
    case("a number over a tensor 1/x", lambda x: (1 / x).sum(), x=leaf(2, -4)),
    case("a number to a tensor power 2^x", lambda x: (2**x).sum(), x=leaf(-1, 0, 3)),
    case("a tensor exponent x^y", lambda x, y: (x**y).sum(), x=leaf(2, 0.5, 3), y=leaf(3, -1, 0)),
    case("x^y at x = 0, y > 0", lambda x, y: (x**y).sum(), x=leaf(0, 0), y=leaf(2, 0.5)),
    case("a constant tensor exponent", lambda x, y: (x**y).sum(), x=leaf(-2, 2), y=const(3, 0.5)),
    case("x^0 at 0", lambda x: (x**0).sum(), x=leaf(0, 2)),
    case("x^0 at 0, a tensor exponent", lambda x, y: (x**y).sum(), x=leaf(0, -2), y=const(0, 0)),
    case("e^x", lambda x: x.exp().sum(), x=leaf(-2, 0, 1.5)),
    case("ln x", lambda x: x.log(), v=[1.0, 2.0, -1.0], x=leaf(0.25, 1, 3)),
    case("ln(e^x) = x", lambda x: x.exp().log().sum(), x=leaf(-1, 0.5)),
    case(
        "a neuron: sigmoid of w.x + b, cross-entropy",
        lambda X1, X2, w1, w2, b, Y: (
            -(Y * sigmoid(w1 * X1 + w2 * X2 + b).log())
            - (1 - Y) * (1 - sigmoid(w1 * X1 + w2 * X2 + b)).log()
        ).mean(),
        X1=const(1, -0.5, 2),
        X2=const(0.5, 1, -1),
        w1=(0.3, True),
        w2=(-0.7, True),
        b=(0.1, True),
        Y=const(1, 0, 1),
    ),
]


def run(make, expression, inputs, v):
    """Make the inputs with `make` (torch's or the engine's), compute, and backward."""
    tensors = {name: make(values, requires_grad=rg) for name, (values, rg) in inputs.items()}
    out = expression(**tensors)
    out.backward(None if v is None else make(v))
    return out, tensors


@pytest.mark.parametrize("expression, inputs, v", CASES)
def test_same_values_and_gradients_as_torch(expression, inputs, v):
    ours, our_inputs = run(Tensor, expression, inputs, v)
    theirs, their_inputs = run(torch_tensor, expression, inputs, v)
    assert_same(ours, theirs)
    for name, x in our_inputs.items():
        if their_inputs[name].grad is None:
            assert x.grad is None, name
        else:
            assert_same(x.grad, their_inputs[name].grad)


def test_slide15_numbers():
    x = Tensor([1.0], requires_grad=True)
    l = (4 * x - 1) ** 2
    l.backward()
    assert math.isclose(l.item(), 9) and math.isclose(x.grad.item(), 24)


def test_slide23_derivative_by_W():
    X, Y = Tensor([1.0, 2, 3, 4]), Tensor([2.0, 4, 6, 8])
    for W, expected in [(0, -30), (-0.5, -37.5), (1, -15), (2, 0), (3, 15)]:
        W = Tensor([W], requires_grad=True)
        ((W * X - Y) ** 2).mean().backward()
        assert math.isclose(W.grad.item(), expected, abs_tol=1e-12)


def test_shared_subexpression_needs_topological_order():
    """b = a + a·3 with a = x·x: db/da = 1 + 3 must be complete before a passes it on.

    An engine that runs each node once, as soon as a depth-first search meets it
    (a plain DFS, without a topological order), runs a's backward with only the
    gradient 1 from its first consumer, and x's accumulator with only one of the
    two gradients from x·x: it gets db/dx = 2 at x = 2 instead of 8x = 16. The
    engine must get 16; the same nodes run in the wrong order must not.
    """
    x = Tensor([2.0], requires_grad=True)
    shared(x).backward()
    assert math.isclose(x.grad.item(), 16)

    x = Tensor([2.0], requires_grad=True)
    backward_in_depth_first_order(shared(x))
    assert math.isclose(x.grad.item(), 2)


def backward_in_depth_first_order(out):
    """A wrong backward: each node runs once, when the search first reaches it."""
    grads, seen = {out.grad_fn: torch.ones_like(out.data)}, set()

    def visit(node):
        if node is None or node in seen:
            return
        seen.add(node)
        if isinstance(node, AccumulateGrad):
            return node.accumulate(grads[node])
        for (next_node, _), g in zip(
            node.next_functions, node.backward(grads[node], *node.saved), strict=True
        ):
            if next_node is not None:
                grads[next_node] = grads.get(next_node, 0) + g
                visit(next_node)

    visit(out.grad_fn)


def test_slide19_gradients_accumulate():
    ours, theirs = Tensor([1.0], requires_grad=True), torch_tensor([1.0], requires_grad=True)
    for x in ours, theirs:
        ((4 * x - 1) ** 2).backward()
    assert math.isclose(ours.grad.item(), 24)
    assert_same(ours.grad, theirs.grad)
    for x in ours, theirs:
        (x**2).backward()
    assert math.isclose(ours.grad.item(), 26)
    assert_same(ours.grad, theirs.grad)


@pytest.mark.parametrize("zero, expected", [(False, [0.75, 1.5, 2.25]), (True, [0.75, 0.75, 0.75])])
def test_slide22_zeroing_gradients(zero, expected):
    ours, theirs = (
        Tensor([2.0, 3, 5, 8], requires_grad=True),
        torch_tensor([2.0, 3, 5, 8], requires_grad=True),
    )
    for epoch in range(3):
        for W in ours, theirs:
            (W * 3).mean().backward()
        assert_same(ours.grad, theirs.grad)
        assert torch.allclose(
            ours.grad.data, torch.full((4,), expected[epoch], dtype=torch.float64)
        )
        if zero:
            assert ours.grad.zero_() is ours.grad
            theirs.grad.zero_()


def printed(make):
    """What the slides print (slides 14, 15, 17, 18, 20), made with `make`."""
    x = make([1.0], requires_grad=True)
    v = 4 * x
    z = v - 1
    w = z**2
    w.backward()
    X = make([1.0, 2, 3, 4], requires_grad=True)
    L = (4 * X - make([2.5, 5, 7.5, 10])) ** 2
    off = make([1.0], requires_grad=True).requires_grad_(False)
    return [repr(t) for t in (x, v, z, w, x.grad, L, L.mean(), x.detach(), off, -X.sum() / 2)]


def test_prints_like_torch():
    """The engine's tensors print as torch's do (torch in float32, as on the slides)."""
    assert printed(Tensor) == printed(torch.tensor)
    assert printed(Tensor)[:5] == [
        "tensor([1.], requires_grad=True)",
        "tensor([4.], grad_fn=<MulBackward0>)",
        "tensor([3.], grad_fn=<SubBackward0>)",
        "tensor([9.], grad_fn=<PowBackward0>)",
        "tensor([24.])",
    ]


def test_non_scalar_output_needs_a_gradient():
    for make in Tensor, torch_tensor:
        L = make([1.0, 2.0], requires_grad=True) * 3
        with pytest.raises(
            RuntimeError, match="grad can be implicitly created only for scalar outputs"
        ):
            L.backward()
        with pytest.raises(RuntimeError, match="Mismatch in shape"):
            L.backward(make([1.0, 1.0, 1.0]))


def test_backward_needs_a_graph():
    for make in Tensor, torch_tensor:
        with pytest.raises(RuntimeError, match="does not require grad"):
            (make([1.0]) * 2).backward()


def test_no_grad_records_nothing():
    x = Tensor([1.0, 2.0], requires_grad=True)
    with no_grad():
        y = (4 * x - 1) ** 2
        with no_grad():
            pass
        z = x * 2  # still off after the inner block
    assert y.tolist() == pytest.approx([9.0, 49.0])
    assert (y.grad_fn, y.requires_grad, z.grad_fn, z.requires_grad) == (None, False, None, False)
    with pytest.raises(ValueError), no_grad():
        raise ValueError
    assert (x * 2).grad_fn.name() == "MulBackward0"  # recording again after the block


def test_detach_shares_data_outside_the_graph():
    x = Tensor([1.0, 2.0], requires_grad=True)
    d = x.detach()
    assert (d.requires_grad, d.grad_fn, d.is_leaf, (d * 2).grad_fn) == (False, None, True, None)
    x.data[0] = 5.0  # one array: a change through x shows in d
    assert d.tolist() == pytest.approx([5.0, 2.0])
    assert x.requires_grad and (x * 2).grad_fn is not None


def test_requires_grad_switches_recording():
    x = Tensor([1.0], requires_grad=True)
    assert x.requires_grad_(False) is x and (x * 2).grad_fn is None
    x.requires_grad_(True)
    y = x * 2
    assert y.grad_fn.name() == "MulBackward0" and not y.is_leaf and x.is_leaf
    with pytest.raises(RuntimeError, match="leaf"):
        y.requires_grad_(False)


def test_graph_follows_the_protocol():
    """GRAPH_PROTOCOL.md on slide 15: l = (4x - 1)² at x = 1, before and after backward."""
    x = Tensor([1.0], requires_grad=True)
    l = (4 * x - 1) ** 2
    pow_ = l.grad_fn
    sub = pow_.next_functions[0][0]
    mul = sub.next_functions[0][0]
    acc = mul.next_functions[1][0]
    assert [pow_.name(), sub.name(), mul.name(), acc.name()] == [
        "PowBackward0",
        "SubBackward0",
        "MulBackward0",
        "AccumulateGrad",
    ]
    assert pow_.next_functions[1] == (None, 0) and sub.next_functions[1] == (None, 0)
    assert mul.next_functions[0] == (None, 0) and acc.variable is x and acc.next_functions == ()
    book = {node.name(): node.metadata["book"] for node in (pow_, sub, mul)}
    assert [book[n]["op"] for n in book] == ["pow", "sub", "mul"]
    assert [book[n]["inputs"] for n in book] == [[None, 2], [None, 1], [4, None]]
    assert [book[n]["value"].item() for n in book] == pytest.approx([9, 3, 4])
    assert all("grad_output" not in b for b in book.values())

    l.backward()
    grad_outputs = [book[n]["grad_output"].item() for n in book]
    assert grad_outputs == pytest.approx([1, 6, 6])  # dl/dl, dl/dz = 2z, dl/dv = 2z·1
    grad_inputs = [[g if g is None else g.item() for g in book[n]["grad_inputs"]] for n in book]
    assert grad_inputs == [
        [pytest.approx(6), None],
        [pytest.approx(6), None],
        [None, pytest.approx(24)],
    ]
    assert math.isclose(acc.variable.grad.item(), 24)


def test_graph_edges_of_leaves_and_constants():
    x, y = Tensor([1.0], requires_grad=True), Tensor([2.0])
    node = (x * x - y).grad_fn
    square = node.next_functions[0][0]
    assert (
        square.next_functions[0][0] is square.next_functions[1][0] is x.accumulator
    )  # one node per leaf
    assert node.next_functions[1] == (None, 0)
    assert node.metadata["book"]["inputs"][1] is y.data  # a constant tensor is kept as it is


def nodes_and_consumers(out):
    """Every node of out's graph, and for each node the nodes that use its output."""
    consumers, todo = {out.grad_fn: []}, [out.grad_fn]
    while todo:
        node = todo.pop()
        for next_node, _ in node.next_functions:
            if next_node is not None:
                if next_node not in consumers:
                    consumers[next_node] = []
                    todo.append(next_node)
                consumers[next_node].append(node)
    return consumers


@pytest.mark.parametrize(
    "expression, inputs, v", [c for c in CASES if c.id != "backward of a leaf itself"]
)
def test_topological_order_puts_each_node_after_all_its_consumers(expression, inputs, v):
    out = expression(
        **{name: Tensor(values, requires_grad=rg) for name, (values, rg) in inputs.items()}
    )
    consumers = nodes_and_consumers(out)
    order = topological_order(out.grad_fn)
    assert sorted(map(id, order)) == sorted(map(id, consumers))  # each node once
    position = {node: i for i, node in enumerate(order)}
    for node, users in consumers.items():
        assert all(position[user] < position[node] for user in users), node


def test_count_uses_counts_arrows():
    x = Tensor([2.0], requires_grad=True)
    a = x**2
    y = (a + 1) * (a - 1)  # a is used twice, x once (by the square)
    assert count_uses(y.grad_fn) == {
        y.grad_fn.next_functions[0][0]: 1,
        y.grad_fn.next_functions[1][0]: 1,
        a.grad_fn: 2,
        x.accumulator: 1,
    }
    assert count_uses((x * x).grad_fn) == {x.accumulator: 2}  # one node, two arrows


def test_a_deep_graph_needs_no_recursion():
    x = Tensor([1.0], requires_grad=True)
    y = x
    for _ in range(5000):
        y = y + 1
    y.backward()
    assert math.isclose(x.grad.item(), 1) and math.isclose(y.item(), 5001)


def test_a_node_prints_its_name():
    x = Tensor([1.0], requires_grad=True)
    assert repr((4 * x).grad_fn.next_functions) == "((None, 0), (<AccumulateGrad>, 0))"


def names(node):
    """The graph below a node as nested (name, [inputs]) pairs; None where no gradient goes."""
    if node is None:
        return None
    return node.name().removeprefix("torch::autograd::"), [names(n) for n, _ in node.next_functions]


def test_the_graph_differs_from_torchs_only_as_the_chapter_says():
    """Slide 12 in both engines: the nodes are the same, two entries are not (see inside-autograd).

    torch's PowBackward0 keeps its exponent inside the node (no entry for it), and
    torch computes 4 * x as x * 4 (x's entry first); the engine keeps every operand,
    in the order written. torch's AccumulateGrad is called torch::autograd::AccumulateGrad.
    """
    acc = ("AccumulateGrad", [])
    x = Tensor([1.0], requires_grad=True)
    assert names(((4 * x - 1) ** 2).grad_fn) == (
        "PowBackward0",
        [("SubBackward0", [("MulBackward0", [None, acc]), None]), None],
    )
    x = torch_tensor([1.0], requires_grad=True)
    l = (4 * x - 1) ** 2
    assert names(l.grad_fn) == (
        "PowBackward0",
        [("SubBackward0", [("MulBackward0", [acc, None]), None])],
    )
    assert (
        l.grad_fn.next_functions[0][0].next_functions[0][0].next_functions[0][0].name()
        == "torch::autograd::AccumulateGrad"
    )
    assert names((1 - x).grad_fn) == ("RsubBackward1", [acc])  # the engine: SubBackward0, (None, x)
    assert names((1 - Tensor([1.0], requires_grad=True)).grad_fn) == ("SubBackward0", [None, acc])
    assert names((2**x).grad_fn) == ("PowBackward2", [acc])  # the engine: PowBackward1, (None, x)
    assert names((2 ** Tensor([1.0], requires_grad=True)).grad_fn) == ("PowBackward1", [None, acc])


@pytest.mark.parametrize("train", [neuron.train_by_hand, neuron.train_with_torch])
def test_the_engines_neuron_takes_torchs_steps(train):
    """first-neuron: the engine's training and torch's, step by step in float64, within rounding."""
    X, Y = neuron.two_groups(n=10, seed=0)
    ours, theirs = neuron.train_with_engine(X, Y, 0.5, 200), train(X, Y, 0.5, 200)
    assert len(ours.losses) == 200 and len(ours.weights) == 201
    torch.testing.assert_close(
        torch.tensor(ours.losses), torch.tensor(theirs.losses), rtol=1e-9, atol=1e-12
    )
    torch.testing.assert_close(
        torch.tensor(ours.weights), torch.tensor(theirs.weights), rtol=1e-9, atol=1e-12
    )
    assert neuron.evaluate(ours.weights[-1], X, Y)[1] == 1.0
