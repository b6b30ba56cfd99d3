"""Reference solutions of the exercises (the deck's and the book's), computed with autograd.

Each chapter's solution cell calls the function here, so the page and the
tests check the same code.
"""

from dataclasses import dataclass

import torch

from .derivatives import Extremum, derivatives, extrema, gradient
from .descent import descend
from .engine import AccumulateGrad
from .graph import Graph, record, walk


def trend(slope):
    """↗ where the function rises (f' > 0), ↘ where it falls, → where it is flat.

    >>> trend(18.0), trend(-6.0), trend(0.0)
    ('↗', '↘', '→')
    """
    return "↗" if slope > 0 else "↘" if slope < 0 else "→"


@dataclass(frozen=True)
class SlopeStudy:
    """The slopes of a function at some points, and its extrema in a range."""

    slopes: dict
    extrema: list

    def table(self, name="f"):
        """One line per point: x, the slope there, and the trend arrow."""
        return "\n".join(f"{name}'({x:g}) = {m:g}  {trend(m)}" for x, m in self.slopes.items())

    def minimum(self) -> Extremum:
        """The lowest of the extrema that are minima."""
        return min((e for e in self.extrema if e.kind == "min"), key=lambda e: e.y)


def study(f, points, lo, hi):
    """f' at `points` (autograd) and the extrema of f on [lo, hi]."""
    return SlopeStudy(dict(zip(points, derivatives(f, points), strict=True)), extrema(f, lo, hi))


def slide6(points=(0, 2, -2)):
    """Slide 6: f(x) = 3x² + 6x. Its slopes at 0, 2, -2, and its minimum.

    >>> s = slide6()
    >>> print(s.table())
    f'(0) = 6  ↗
    f'(2) = 18  ↗
    f'(-2) = -6  ↘
    >>> s.minimum()
    Extremum(x=-1.0, y=-3.0, kind='min')
    """
    return study(lambda x: 3 * x**2 + 6 * x, points, -10, 10)


def cube_slopes(v, points=(-2, -1, 0.5, 3)):
    """Exercise of :ref:`tensor-gradients`: ``X.grad`` after ``(X**3).backward(v)``.

    That is v_i · 3x_i².

    >>> cube_slopes([1, 1, 1, 1])
    [12.0, 3.0, 0.75, 27.0]
    >>> cube_slopes([0, 0, 1, 0])
    [0.0, 0.0, 0.75, 0.0]
    >>> cube_slopes([0.25, 0.25, 0.25, 0.25])
    [3.0, 0.75, 0.1875, 6.75]
    """
    X = torch.tensor(points, dtype=torch.float64, requires_grad=True)
    (X**3).backward(torch.tensor(v, dtype=torch.float64))
    return X.grad.tolist()


def descent_steps(zero_grad, x0=3.0, lr=0.25, steps=3):
    """Exercise of :ref:`controlling-autograd`: (x.grad, x) at each step on (x - 1)².

    Each step is x -= lr · x.grad.

    With zero_grad the gradient is 2(x - 1) at every step; without it, each
    step's gradient is added to all the earlier ones.

    >>> descent_steps(zero_grad=True)
    [(4.0, 2.0), (2.0, 1.5), (1.0, 1.25)]
    >>> descent_steps(zero_grad=False)
    [(4.0, 2.0), (6.0, 0.5), (5.0, -0.75)]
    """
    x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    path = []
    for _ in range(steps):
        ((x - 1) ** 2).backward()
        with torch.no_grad():
            x -= lr * x.grad
        path.append((x.grad.item(), x.item()))
        if zero_grad:
            x.grad.zero_()
    return path


def slide23a(points=(-3, 1, 4, 9)):
    """Slide 23 (a): y = 3x² + ½x + 5. Its slopes, and its minimum at x = -1/12.

    >>> s = slide23a()
    >>> print(s.table("y"))
    y'(-3) = -17.5  ↘
    y'(1) = 6.5  ↗
    y'(4) = 24.5  ↗
    y'(9) = 54.5  ↗
    >>> s.minimum()
    Extremum(x=-0.083333333, y=4.979166667, kind='min')
    >>> s.minimum().x == round(-1 / 12, 9)
    True
    """
    return study(lambda x: 3 * x**2 + 0.5 * x + 5, points, -10, 10)


# Slide 23 (b): four points, all on the line Y = 2X.
X = torch.tensor([1.0, 2.0, 3.0, 4.0], dtype=torch.float64)
Y = torch.tensor([2.0, 4.0, 6.0, 8.0], dtype=torch.float64)


def final_loss(W):
    """L(W) = ((W·X − Y)²).mean(), slide 23's loss; a tensor of W values gives one L each.

    Every term is (W·x − 2x)² = x²(W − 2)², and the mean of x² is 7.5,
    so L(W) = 7.5(W − 2)²:

    >>> W = torch.tensor([0.0, 1.0, 2.0, 3.0], dtype=torch.float64)
    >>> final_loss(W).tolist() == (7.5 * (W - 2) ** 2).tolist()
    True
    """
    # one row W·X − Y for each value of W; the mean is over the row's four points
    return ((W.reshape(-1, 1) * X - Y) ** 2).mean(dim=1).reshape(W.shape)


def slide23b(points=(0, -0.5, 1, 2, 3)):
    """Slide 23 (b): dL/dW of the loss at each W, and its minimum at W = 2 (Y = 2X exactly).

    >>> s = slide23b()
    >>> print(s.table("L"))
    L'(0) = -30  ↘
    L'(-0.5) = -37.5  ↘
    L'(1) = -15  ↘
    L'(2) = 0  →
    L'(3) = 15  ↗
    >>> s.minimum()
    Extremum(x=2.0, y=0.0, kind='min')
    """
    return study(final_loss, points, -1, 4)


def slide23c(points=(-2, 0, 0.5, 1, 2)):
    """Slide 23 (c): f = 2x³ − 3x². A maximum at 0, a minimum at 1.

    >>> s = slide23c()
    >>> print(s.table())
    f'(-2) = 36  ↗
    f'(0) = 0  →
    f'(0.5) = -1.5  ↘
    f'(1) = 0  →
    f'(2) = 12  ↗
    >>> s.extrema
    [Extremum(x=0.0, y=0.0, kind='max'), Extremum(x=1.0, y=-1.0, kind='min')]
    """
    return study(lambda x: 2 * x**3 - 3 * x**2, points, -3, 3)


def rates_exercise(rates=(1 / 6, 1 / 3), steps=3):
    """Descent on 3x² + 6x from x = 2: lr = 1/6 lands on the minimum at once, 1/3 bounces.

    The distance to the minimum -1 is multiplied by 1 − 6·lr each step: 0, then -1.

    >>> for lr, path in rates_exercise().items():
    ...     print(f"{lr:.4f}", path)
    0.1667 [2.0, -1.0, -1.0, -1.0]
    0.3333 [2.0, -4.0, 2.0, -4.0]
    """
    return {lr: descend(lambda x: 3 * x**2 + 6 * x, 2.0, lr, steps) for lr in rates}


def starts_exercise(starts=(0.5, 0.0, -0.5), lr=0.1, steps=5):
    """Descent on 2x³ − 3x² from several starts: to the minimum at 1, stuck at 0, or away.

    >>> for x0, path in starts_exercise().items():
    ...     print(x0, [round(x, 3) for x in path])
    0.5 [0.5, 0.65, 0.787, 0.887, 0.947, 0.977]
    0.0 [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    -0.5 [-0.5, -0.95, -2.061, -5.848, -29.879, -583.444]
    """
    return {x0: descend(lambda x: 2 * x**3 - 3 * x**2, x0, lr, steps) for x0 in starts}


def try_partial(point=(2, -1)):
    """Try it in :ref:`partial-derivatives`: g(x, y) = x²y + 5y - 2x. Its gradient at `point`.

    >>> try_partial()
    [-6.0, 9.0]
    """
    return gradient(lambda x, y: x**2 * y + 5 * y - 2 * x, *point)


def try_chain(points=(-1, 0, 1)):
    """Try it in :ref:`chain-rule`: y = (x³ + 2x)². Its slopes at `points` and its extrema.

    >>> s = try_chain()
    >>> print(s.table("y"))
    y'(-1) = -30  ↘
    y'(0) = 0  →
    y'(1) = 30  ↗
    >>> s.minimum()
    Extremum(x=0.0, y=0.0, kind='min')
    """
    return study(lambda x: (x**3 + 2 * x) ** 2, points, -2, 2)


@dataclass(frozen=True)
class GraphRun:
    """A computation graph after the forward and the backward pass, and its numbers."""

    graph: Graph  # for graph_figure.draw
    values: list  # the forward value of each node, the input first
    sent: list  # what the backward pass sent back along each edge, in the same order
    derivative: float  # dl/dx: what reached the input


def squared_error(a, x=1.0):
    r"""Slides 12-13: l = (a·x - 1)² at x, forward then backward, on its graph.

    The nodes are x, ŷ = a·x, ŷ - 1 and l. Backward, the square sends 2(ŷ - 1)
    back, the -1 passes it on and the ·a multiplies it by a: dl/dx = 2(ax - 1)·a.
    Used in :ref:`computation-graphs`, in the solutions of slide 13.

    >>> run = squared_error(4)  # slide 12
    >>> run.values, run.sent, run.derivative
    ([1.0, 4.0, 3.0, 9.0], [24.0, 6.0, 6.0], 24.0)
    >>> squared_error(3).values, squared_error(3).derivative
    ([1.0, 3.0, 2.0, 4.0], 12.0)
    >>> squared_error(1).values, squared_error(1).derivative
    ([1.0, 1.0, 0.0, 0.0], 0.0)
    """
    x = torch.tensor([float(x)], requires_grad=True)
    with record():
        y_hat = a * x
        l = (y_hat - 1) ** 2
    l.backward()
    graph = walk(l, names={"x": x, r"\hat{y}": y_hat, "l": l})
    return GraphRun(
        graph,
        [n.value.item() for n in graph.nodes],
        [e.grad.item() for e in graph.edges],
        x.grad.item(),
    )


def doubled(x, n):
    """x added to itself n times over (:ref:`inside-autograd`).

    a₁ = x + x, a₂ = a₁ + a₁, …, so aₙ = 2ⁿ·x.
    """
    for _ in range(n):
        x = x + x
    return x


def runs_on_every_arrival(out):
    """A backward pass without an order: a node runs on each part of its gradient as it arrives.

    It returns how many times nodes ran. The gradients come out right, because
    each node's backward is linear in what arrives, but a node runs once for
    every path from the output to it (:ref:`inside-autograd`).

    >>> from autograd_book.engine import Tensor
    >>> x = Tensor([1.0], requires_grad=True)
    >>> runs_on_every_arrival(doubled(x, 3)), x.grad.item()  # 1 + 2 + 4 + 8 runs; 2³ = 8
    (15, 8.0)
    """
    runs, arrived = 0, [(out.grad_fn, torch.ones_like(out.data))]  # (node, a part of its gradient)
    while arrived:
        node, grad = arrived.pop()
        runs += 1
        if isinstance(node, AccumulateGrad):
            node.accumulate(grad)
            continue
        for (next_node, _), g in zip(
            node.next_functions, node.backward(grad, *node.saved), strict=True
        ):
            if next_node is not None:
                arrived.append((next_node, g))  # sent on alone, at once
    return runs


def product_exercise(points=(-1, 1, 3)):
    """The exercise of :ref:`more-rules`: g(x) = x²e^(−x), by the product and chain rules.

    g'(x) = 2x·e^(−x) − x²e^(−x) = x(2 − x)e^(−x): zero at 0 (a minimum, g = 0)
    and at 2 (a maximum, g = 4e^(−2)).

    >>> s = product_exercise()
    >>> print(s.table("g"))
    g'(-1) = -8.15485  ↘
    g'(1) = 0.367879  ↗
    g'(3) = -0.149361  ↘
    >>> s.extrema  # doctest: +NORMALIZE_WHITESPACE
    [Extremum(x=0.0, y=0.0, kind='min'), Extremum(x=2.0, y=0.541341133, kind='max')]
    """
    return study(lambda x: x**2 * torch.exp(-x), points, -1, 5)


def neuron_gradient(x, y, weights):
    """p = σ(w₁x₁ + w₂x₂ + b) at one point x of group y, and its loss's gradient by the weights.

    The gradient is ((p − y)x₁, (p − y)x₂, p − y) by the chain rule (:ref:`first-neuron`);
    here autograd finds it.

    >>> p, grad = neuron_gradient((2.0, -1.0), 1.0, (1.0, -1.0, 1.0))
    >>> round(p, 4), [round(g, 4) for g in grad]
    (0.982, [-0.036, 0.018, -0.018])
    """
    from .neuron import cross_entropy  # the loss of the chapter, for one point

    w = torch.tensor(weights, dtype=torch.float64, requires_grad=True)
    point = torch.tensor([*x, 1.0], dtype=torch.float64)  # the 1 multiplies b
    p = torch.sigmoid(point @ w)
    cross_entropy(p, torch.tensor(float(y), dtype=torch.float64)).backward()
    return p.item(), w.grad.tolist()


CORNERS = ((-1.0, -1.0, 0.0), (1.0, 1.0, 0.0), (-1.0, 1.0, 1.0), (1.0, -1.0, 1.0))  # x₁, x₂, y


def corners_right(weights):
    """How many of the four XOR corners a neuron with `weights` (w₁, w₂, b) puts in their group.

    A corner counts as group 1 where z = w₁x₁ + w₂x₂ + b > 0.

    >>> corners_right((0.0, 0.0, -1.0)), corners_right((1.0, -1.0, -1.0))
    (2, 3)
    """
    w1, w2, b = weights
    return sum((w1 * x1 + w2 * x2 + b > 0) == (y == 1) for x1, x2, y in CORNERS)


def best_on_corners(tries=10_000, seed=0):
    """The most XOR corners any of `tries` random neurons gets right (weights in [-5, 5]).

    >>> best_on_corners(tries=1000)
    3
    """
    g = torch.Generator().manual_seed(seed)
    weights = 10 * torch.rand(tries, 3, generator=g, dtype=torch.float64) - 5
    return max(corners_right(w) for w in weights.tolist())
