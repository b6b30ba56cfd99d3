"""Gradient descent as the chapter tells it: W reaches 2, a too-large rate diverges.

Each step multiplies the distance to the minimum by 1 − lr·f'' (f'' = 6 for
3x² + 6x, 15 for the loss of slide 23), so rates below 2/f'' converge and
rates above it do not.
"""

from itertools import pairwise

import pytest
import torch

from autograd_book.descent import descend
from autograd_book.exercises import X, Y, final_loss


def f(x):
    return 3 * x**2 + 6 * x


def distances(path, minimum):
    return [abs(x - minimum) for x in path]


def test_the_fit_reaches_w_2():
    path = descend(final_loss, 0.0, 0.05, 30)
    assert path[-1] == pytest.approx(2.0, abs=1e-12)
    assert final_loss(torch.tensor(path[-1], dtype=torch.float64)).item() == pytest.approx(
        0, abs=1e-20
    )


def test_a_too_large_rate_diverges():
    d = distances(descend(final_loss, 0.0, 0.15, 30), 2.0)
    assert all(a < b for a, b in pairwise(d))
    assert d[-1] > 1000


@pytest.mark.parametrize("lr", [0.01, 0.05, 0.1, 0.15])
def test_each_step_multiplies_the_distance_to_w_2_by_1_minus_15_lr(lr):
    path = descend(final_loss, 0.0, lr, 5)
    for a, b in pairwise(path):
        assert (b - 2) / (a - 2) == pytest.approx(1 - 15 * lr, rel=1e-9)


@pytest.mark.parametrize("lr", [0.01, 0.1, 0.3, 0.4])
def test_each_step_multiplies_the_distance_to_x_minus_1_by_1_minus_6_lr(lr):
    path = descend(f, 2.0, lr, 5)
    for a, b in pairwise(path):
        assert (b + 1) / (a + 1) == pytest.approx(1 - 6 * lr, rel=1e-9)


@pytest.mark.parametrize(
    "func, start, minimum, limit", [(f, 2.0, -1.0, 1 / 3), (final_loss, 0.0, 2.0, 2 / 15)]
)
def test_the_rate_limit_is_2_over_the_second_derivative(func, start, minimum, limit):
    below = distances(descend(func, start, 0.95 * limit, 200), minimum)
    above = distances(descend(func, start, 1.05 * limit, 200), minimum)
    assert below[-1] < 1e-3 < 1e3 < above[-1]


def test_torch_optim_sgd_takes_the_same_steps():
    W = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([W], lr=0.05)
    path = [W.item()]
    for _ in range(12):
        optimizer.zero_grad()
        ((W * X - Y) ** 2).mean().backward()
        optimizer.step()
        path.append(W.item())
    assert path == pytest.approx(descend(final_loss, 0.0, 0.05, 12), rel=0, abs=1e-12)


def test_forgetting_zero_grad_changes_the_steps():
    """The chapter's claim that the gradients pile up: without zero_(), step 2 uses 18 + 7.2."""
    x = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
    for _ in range(2):
        f(x).backward()
        with torch.no_grad():
            x -= 0.1 * x.grad
    assert x.grad.item() == pytest.approx(18 + 7.2)
    assert x.item() != pytest.approx(descend(f, 2.0, 0.1, 2)[-1])
