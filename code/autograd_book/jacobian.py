"""A Jacobian built one pass at a time: a row per reverse pass, a column per forward pass.

Reverse mode (`torch.autograd.grad`) gives the gradient of one output by
every input; forward mode (`torch.func.jvp`) gives the derivative of every
output along one input direction. See :ref:`autograd-toolbox-forward`.

>>> x = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
>>> J, passes = jacobian_by_rows(lambda x: (x**2).sum(), x)
>>> J.tolist(), passes
([[2.0, 4.0, 6.0]], 1)
>>> J, passes = jacobian_by_columns(lambda x: (x**2).sum(), x)
>>> J.tolist(), passes
([[2.0, 4.0, 6.0]], 3)
"""

import torch
from torch.func import jvp


def jacobian_by_rows(f, x):
    """(J, passes) of f at the vector x: row i is the gradient of output i, one reverse pass."""
    x = x.detach().requires_grad_()
    outputs = f(x).reshape(-1)
    rows = [torch.autograd.grad(y, x, retain_graph=True)[0] for y in outputs]
    return torch.stack(rows), len(rows)


def jacobian_by_columns(f, x):
    """(J, passes) of f at the vector x: column j is J·e_j, one forward pass (a jvp) each."""
    basis = torch.eye(x.numel(), dtype=x.dtype)
    columns = [jvp(f, (x,), (e,))[1].reshape(-1) for e in basis]
    return torch.stack(columns, dim=1), len(columns)


def square_sum(x):
    """x₁² + ... + xₙ²: many inputs, one output."""
    return (x**2).sum()


def scaled_copies(t, n=6):
    """(t, 2t, ..., nt) of one number t: one input, many outputs."""
    return t * torch.arange(1, n + 1, dtype=t.dtype)


def passes_exercise(n=6):
    """{name: (reverse passes, forward passes)} for the full Jacobian of each function.

    >>> passes_exercise()
    {'square_sum': (1, 6), 'scaled_copies': (6, 1)}
    """
    cases = {
        "square_sum": (square_sum, torch.arange(1.0, n + 1, dtype=torch.float64)),
        "scaled_copies": (lambda t: scaled_copies(t, n), torch.tensor([2.0], dtype=torch.float64)),
    }
    counts = {}
    for name, (f, x) in cases.items():
        J_rows, rows = jacobian_by_rows(f, x)
        J_columns, columns = jacobian_by_columns(f, x)
        assert torch.allclose(J_rows, J_columns)  # the two modes agree on J
        counts[name] = (rows, columns)
    return counts
