"""Gradient descent: find a minimum by stepping against the derivative.

Each step moves x to x − lr·f'(x), with f'(x) from autograd. Used in
:ref:`gradient-descent`.

>>> path = descend(lambda x: 3 * x**2 + 6 * x, 2.0, 0.1, 4)
>>> [round(x, 6) for x in path]
[2.0, 0.2, -0.52, -0.808, -0.9232]
"""

import torch


def descend(f, x0, lr, steps):
    """[x_0, x_1, ..., x_steps]: `steps` steps of gradient descent on f from x0.

    The distance to the minimum of 3x² + 6x (at -1) shrinks by 1 − 6·lr a step:

    >>> [round(x + 1, 6) for x in descend(lambda x: 3 * x**2 + 6 * x, 2.0, 0.1, 3)]
    [3.0, 1.2, 0.48, 0.192]
    """
    x = torch.tensor(float(x0), dtype=torch.float64, requires_grad=True)
    path = [x.item()]
    for _ in range(steps):
        f(x).backward()  # x.grad = f'(x)
        with torch.no_grad():  # the step is not part of f: keep it out of the graph
            x -= lr * x.grad  # x ← x − lr·f'(x)
        x.grad.zero_()  # or the next backward() adds to this f'(x)
        path.append(x.item())
    return path
