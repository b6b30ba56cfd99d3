"""The second derivative, by differentiating the derivative (:ref:`autograd-toolbox`).

`torch.autograd.grad(..., create_graph=True)` returns f'(x) as a tensor whose
own computation was recorded, so a second `grad` differentiates it again. Near
a minimum, gradient descent converges for 0 < lr < 2/f'' (:ref:`gradient-descent-rate`).

>>> second_derivative(lambda x: 3 * x**2 + 6 * x, 5)
6.0
>>> largest_rate(lambda x: 3 * x**2 + 6 * x, -1)
0.3333333333333333
"""

import torch

from .descent import descend


def second_derivative(f, x):
    """f''(x) = d/dx f'(x), with f'(x) kept differentiable by `create_graph=True`.

    >>> second_derivative(lambda x: x**4 - 2 * x**2, 1)  # 12x² − 4
    8.0
    """
    x = torch.tensor(float(x), dtype=torch.float64, requires_grad=True)
    (slope,) = torch.autograd.grad(f(x), x, create_graph=True)
    (bend,) = torch.autograd.grad(slope, x)
    return bend.item()


def largest_rate(f, minimum):
    """2 / f''(minimum): each step near the minimum multiplies the distance by 1 − lr·f''."""
    return 2 / second_derivative(f, minimum)


def quartic(x):
    """x⁴ − 2x², with its two minima at x = ±1."""
    return x**4 - 2 * x**2


def quartic_rates(rates=(0.2, 0.3), x0=1.1, steps=8):
    """Descent on x⁴ − 2x² from near the minimum at 1, for a rate below and above 2/f''(1).

    >>> for lr, path in quartic_rates().items():
    ...     print(lr, [round(x, 2) for x in path])
    0.2 [1.1, 0.92, 1.03, 0.98, 1.01, 0.99, 1.0, 1.0, 1.0]
    0.3 [1.1, 0.82, 1.14, 0.73, 1.14, 0.74, 1.14, 0.73, 1.14]
    """
    return {lr: descend(quartic, x0, lr, steps) for lr in rates}
