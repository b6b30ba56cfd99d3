"""One neuron learns to tell two groups of points apart (:ref:`first-neuron`).

The neuron computes z = w₁x₁ + w₂x₂ + b and p = σ(z) = 1/(1 + e⁻ᶻ), its
guess that the point (x₁, x₂) belongs to group 1. Its loss is the mean
cross-entropy, −(y ln p + (1 − y) ln(1 − p)) over the points. It is trained
three ways, from the same start: autograd and a step written by hand,
`torch.nn.Linear` with `torch.optim.SGD`, and the book's own engine. All work
in float64, so the three take the same steps up to rounding.

>>> X, Y = two_groups()
>>> X.shape, Y.tolist().count(1.0)
(torch.Size([20, 2]), 10)
>>> run = train_by_hand(X, Y, lr=0.5, steps=3)
>>> [round(loss, 4) for loss in run.losses]
[0.8556, 0.6142, 0.4616]
"""

from dataclasses import dataclass, field

import torch

from . import engine

# The weights every training starts from, (w₁, w₂, b): a boundary that is wrong
# on purpose, so the figures show it turning.
START = (1.0, -1.0, 1.0)


def two_groups(n=10, seed=0):
    """X (2n points, one a row) and Y: n points around (-1, -1) in group 0, n around (1, 1) in 1.

    Each point lies in a square of side 2 around its centre, drawn from a seeded
    generator (uniform numbers are the same on every processor).
    """
    g = torch.Generator().manual_seed(seed)
    offsets = 2 * torch.rand(2 * n, 2, generator=g, dtype=torch.float64) - 1
    Y = torch.tensor([0.0] * n + [1.0] * n, dtype=torch.float64)
    return (2 * Y - 1).unsqueeze(1) + offsets, Y


def xor_groups(n=5, seed=0):
    """Four corners: around (-1, -1) and (1, 1) group 0, around (-1, 1) and (1, -1) group 1.

    No straight line separates them: the groups sit on the two diagonals.

    >>> X, Y = xor_groups()
    >>> X.shape, Y.sum().item()
    (torch.Size([20, 2]), 10.0)
    """
    g = torch.Generator().manual_seed(seed)
    corners = torch.tensor([[-1, -1], [1, 1], [-1, 1], [1, -1]], dtype=torch.float64)
    X = (
        corners.repeat_interleave(n, 0)
        + 1.2 * torch.rand(4 * n, 2, generator=g, dtype=torch.float64)
        - 0.6
    )
    Y = torch.tensor([0.0] * 2 * n + [1.0] * 2 * n, dtype=torch.float64)
    return X, Y


def cross_entropy(p, Y):
    """The mean of −(y ln p + (1 − y) ln(1 − p)): small where p is near y.

    The same code for torch's tensors and the engine's.

    >>> p, Y = torch.tensor([0.5, 0.9]), torch.tensor([1.0, 1.0])
    >>> round(cross_entropy(p, Y).item(), 4)  # (ln 2 + ln(1/0.9)) / 2
    0.3993
    """
    return -(Y * p.log() + (1 - Y) * (1 - p).log()).mean()


@dataclass
class Run:
    """A training: the loss of each step, the weights (w₁, w₂, b) before it and at the end."""

    losses: list = field(default_factory=list)
    weights: list = field(default_factory=list)

    def record(self, loss, w1, w2, b):
        """Before a step: its loss and the weights it starts from."""
        self.losses.append(loss.item())
        self.finish(w1, w2, b)

    def finish(self, w1, w2, b):
        """After the last step: the weights the training ends with."""
        self.weights.append((w1.item(), w2.item(), b.item()))


def evaluate(weights, X, Y):
    """(loss, accuracy) of the neuron with `weights` on the points: accuracy is the share right.

    A point counts as guessed group 1 when p > ½, that is z > 0.

    >>> X, Y = two_groups()
    >>> loss, accuracy = evaluate(START, X, Y)
    >>> round(loss, 4), accuracy
    (0.8556, 0.5)
    """
    w1, w2, b = weights
    z = w1 * X[:, 0] + w2 * X[:, 1] + b
    return cross_entropy(torch.sigmoid(z), Y).item(), ((z > 0) == (Y == 1)).double().mean().item()


def train_by_hand(X, Y, lr, steps):
    """Gradient descent: autograd finds the gradient, we take the step."""
    w = torch.tensor(START[:2], dtype=torch.float64, requires_grad=True)
    b = torch.tensor(START[2], dtype=torch.float64, requires_grad=True)
    run = Run()
    for _ in range(steps):
        p = torch.sigmoid(X @ w + b)  # z = w₁x₁ + w₂x₂ + b for every point
        loss = cross_entropy(p, Y)
        run.record(loss, *w, b)
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
    run.finish(*w, b)
    return run


def train_with_torch(X, Y, lr, steps):
    """The same with torch's parts: a linear layer, its loss, and SGD."""
    neuron = torch.nn.Linear(2, 1, dtype=torch.float64)
    with torch.no_grad():  # the book's start instead of a random one
        neuron.weight.copy_(torch.tensor([START[:2]]))
        neuron.bias.fill_(START[2])
    optimizer = torch.optim.SGD(neuron.parameters(), lr=lr)
    run = Run()
    for _ in range(steps):
        p = torch.sigmoid(neuron(X)).squeeze(1)  # one p per point
        loss = torch.nn.functional.binary_cross_entropy(p, Y)
        run.record(loss, *neuron.weight[0], neuron.bias[0])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    run.finish(*neuron.weight[0], neuron.bias[0])
    return run


def train_with_engine(X, Y, lr, steps):
    """The same with the book's engine: exp and log, no matrix product."""
    X1, X2, Y = engine.Tensor(X[:, 0]), engine.Tensor(X[:, 1]), engine.Tensor(Y)
    w1, w2, b = (engine.Tensor(v, requires_grad=True) for v in START)
    run = Run()
    for _ in range(steps):
        z = w1 * X1 + w2 * X2 + b
        p = 1 / (1 + (-z).exp())  # the sigmoid
        loss = cross_entropy(p, Y)
        run.record(loss, w1, w2, b)
        loss.backward()
        for weight in w1, w2, b:
            weight.data -= lr * weight.grad.data  # its numbers, in place
            weight.grad.zero_()
    run.finish(w1, w2, b)
    return run
