"""A small reverse-mode autograd engine, built step by step in "Inside autograd".

It works like torch.autograd and uses torch's names: a `Tensor` remembers the
node (`grad_fn`) that made it, each node knows the local derivatives of its
operation, and `backward()` applies the chain rule from the output back to the
leaves. torch only stores the numbers (float64 arrays); it takes no derivative.
The graph follows GRAPH_PROTOCOL.md, so the book draws it as it draws torch's.

Slide 15: l = (4x - 1)² at x = 1 gives l = 9 and dl/dx = 2(4x - 1)·4 = 24.

>>> x = Tensor([1.0], requires_grad=True)
>>> l = (4 * x - 1) ** 2
>>> l.backward()
>>> l.item(), x.grad.item()
(9.0, 24.0)
"""

import contextlib

import torch

grad_enabled = True  # False inside `with no_grad():`


@contextlib.contextmanager
def no_grad():
    """Inside `with no_grad():` operations compute values but record no graph.

    >>> x = Tensor([1.0], requires_grad=True)
    >>> with no_grad():
    ...     y = 2 * x
    >>> y.tolist(), y.requires_grad, y.grad_fn
    ([2.0], False, None)
    """
    global grad_enabled
    previous, grad_enabled = grad_enabled, False
    try:
        yield
    finally:
        grad_enabled = previous


class Tensor:
    """An array of numbers that records the operations done on it, like torch.tensor.

    Slide 16: loss = (w·x - y)² at x = 1, w = 4, y = 1 (y is a constant).

    >>> x = Tensor([1.0], requires_grad=True)
    >>> w = Tensor([4.0], requires_grad=True)
    >>> loss = (w * x - Tensor([1.0])) ** 2
    >>> loss.backward()
    >>> x.grad.item(), w.grad.item()
    (24.0, 6.0)
    """

    def __init__(self, data, requires_grad=False):
        self.data = torch.as_tensor(data, dtype=torch.float64)  # just numbers, no autograd
        self.requires_grad = requires_grad
        self.grad = None  # a Tensor, once backward() reaches this leaf
        self.grad_fn = None  # the node that made this tensor; None for a leaf
        self.accumulator = AccumulateGrad(self)  # a leaf's gradient goes there

    @property
    def is_leaf(self):
        return self.grad_fn is None

    def __repr__(self):
        text = repr(self.data).replace(", dtype=torch.float64", "")  # as torch prints its default
        if self.grad_fn is not None:
            return text[:-1] + f", grad_fn=<{self.grad_fn.name()}>)"
        if self.requires_grad:
            return text[:-1] + ", requires_grad=True)"
        return text

    def item(self): return self.data.item()
    def tolist(self): return self.data.tolist()

    # Python's operators; the math of each operation is in its node class below.
    def __add__(self, other): return AddBackward0.apply(self, other)  # self + other
    def __radd__(self, other): return AddBackward0.apply(other, self)  # other + self
    def __sub__(self, other): return SubBackward0.apply(self, other)  # self - other
    def __rsub__(self, other): return SubBackward0.apply(other, self)  # other - self
    def __mul__(self, other): return MulBackward0.apply(self, other)  # self * other
    def __rmul__(self, other): return MulBackward0.apply(other, self)  # other * self
    def __truediv__(self, other): return DivBackward0.apply(self, other)  # self / other
    def __neg__(self): return NegBackward0.apply(self)  # -self
    def __pow__(self, number): return PowBackward0.apply(self, number)  # self ** number
    def mean(self): return MeanBackward0.apply(self)
    def sum(self): return SumBackward0.apply(self)

    def backward(self, gradient=None):
        """Add d(self)/d(leaf) into the `.grad` of every leaf that requires grad.

        `gradient` is the vector v of the vector-Jacobian product vᵀJ: it has the
        shape of self and weights each of its elements. A scalar output uses v = 1.

        >>> X = Tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
        >>> L = (4 * X - 1) ** 2
        >>> L.backward(Tensor([1.0, 0.0, 0.0, 2.0]))  # dL₁/dX₁ and 2·dL₄/dX₄
        >>> X.grad.tolist()
        [24.0, 0.0, 0.0, 240.0]
        """
        if not self.requires_grad:
            raise RuntimeError("element 0 of tensors does not require grad "
                               "and does not have a grad_fn")
        if gradient is None:
            if self.data.numel() != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            gradient = torch.ones_like(self.data)  # d(self)/d(self) = 1
        if isinstance(gradient, Tensor):
            gradient = gradient.data
        v = torch.as_tensor(gradient, dtype=torch.float64)
        if v.shape != self.data.shape:
            raise RuntimeError(f"Mismatch in shape: gradient has a shape of {v.shape} "
                               f"and output has a shape of {self.data.shape}.")
        # Visit the nodes in topological order, from the output. A node comes after
        # every node that uses its value, so when we reach it the gradient of its
        # output is complete: the sum of what all its consumers sent (a value used
        # twice gets two parts). Only then may it pass gradients on to its inputs.
        root = gradient_edge(self)
        grads = {root: v}  # node -> gradient of its output, summed so far
        for node in topological_order(root):
            grad = grads.pop(node)
            if isinstance(node, AccumulateGrad):
                node.accumulate(grad)
                continue
            grad_inputs = node.backward(grad, *node.saved)  # the chain rule at this node
            sent = []  # what each input receives; None for a number or a constant
            for (next_node, _), g, x in zip(node.next_functions, grad_inputs, node.saved):
                if next_node is not None:
                    g = g.sum_to_size(x.shape)  # one W used with four X: the sum of four
                    grads[next_node] = grads.get(next_node, 0) + g  # summed over consumers
                sent.append(g if next_node is not None else None)
            node.metadata["book"].update(grad_output=grad, grad_inputs=sent)

    def zero_(self):
        """Set every element to 0 in place, as in `W.grad.zero_()` (slide 22)."""
        self.data.zero_()
        return self

    def detach(self):
        """A new tensor sharing this one's data, outside the graph, without requires_grad."""
        return Tensor(self.data)

    def requires_grad_(self, flag=True):
        """Switch gradient recording for this leaf on or off, in place (slide 20)."""
        if not self.is_leaf:
            raise RuntimeError("you can only change requires_grad flags of leaf variables.")
        self.requires_grad = flag
        return self


def gradient_edge(x):
    """The node that receives the gradient of `x`: its grad_fn, or a leaf's
    AccumulateGrad; None for a number or a tensor that does not require grad."""
    if not isinstance(x, Tensor) or not x.requires_grad:
        return None
    return x.accumulator if x.is_leaf else x.grad_fn


def topological_order(root):
    """The nodes reachable from `root`, each one after every node that uses it."""
    order, seen = [], set()

    def visit(node):
        if node is not None and node not in seen:
            seen.add(node)
            for next_node, _ in node.next_functions:
                visit(next_node)
            order.append(node)  # after all the nodes it uses

    visit(root)
    return order[::-1]  # reversed: after all the nodes that use it


class Node:
    """An operation recorded in the graph: torch calls it a grad_fn.

    Every operation below has the same shape: `forward` computes the value from
    the inputs; `backward` gets the gradient of the output and the inputs, and
    returns one gradient per input: the local derivative times that gradient
    (the chain rule), or None for an input that is always a number.

    >>> x = Tensor([1.0], requires_grad=True)
    >>> z = 4 * x - 1
    >>> z.grad_fn.name(), z.grad_fn.next_functions[0][0].name(), z.grad_fn.next_functions[1]
    ('SubBackward0', 'MulBackward0', (None, 0))
    """

    @classmethod
    def apply(cls, *inputs):
        """Compute the operation on `inputs` (tensors or numbers) and record it."""
        node = cls()
        node.saved = [x.data if isinstance(x, Tensor) else x for x in inputs]  # for backward
        out = Tensor(node.forward(*node.saved))
        if grad_enabled and any(isinstance(x, Tensor) and x.requires_grad for x in inputs):
            edges = [gradient_edge(x) for x in inputs]  # None for a number or a constant
            node.next_functions = tuple((edge, 0) for edge in edges)
            constants = [x if edge is None else None for edge, x in zip(edges, node.saved)]
            node.metadata = {"book": {"op": cls.op, "inputs": constants, "value": out.data}}
            out.grad_fn, out.requires_grad = node, True
        return out

    def name(self):
        return type(self).__name__


class AccumulateGrad(Node):
    """Where the graph ends at a leaf: adds the gradient that arrives into `.grad`."""

    def __init__(self, variable):
        self.variable, self.next_functions, self.metadata = variable, (), {}

    def accumulate(self, grad):
        if self.variable.grad is None:
            self.variable.grad = Tensor(torch.zeros_like(self.variable.data))
        self.variable.grad.data += grad  # added to what earlier backward() calls left


class AddBackward0(Node):
    op = "add"
    def forward(self, a, b): return a + b
    def backward(self, grad, a, b): return grad, grad  # d(a+b)/da = 1, d(a+b)/db = 1


class SubBackward0(Node):
    op = "sub"
    def forward(self, a, b): return a - b
    def backward(self, grad, a, b): return grad, -grad  # d(a-b)/da = 1, d(a-b)/db = -1


class MulBackward0(Node):
    op = "mul"
    def forward(self, a, b): return a * b
    def backward(self, grad, a, b): return grad * b, grad * a  # d(a·b)/da = b, d(a·b)/db = a


class DivBackward0(Node):
    op = "div"
    def forward(self, a, b): return a / b
    def backward(self, grad, a, b): return grad / b, -grad * a / b**2  # d/da = 1/b, d/db = -a/b²


class NegBackward0(Node):
    op = "neg"
    def forward(self, a): return -a
    def backward(self, grad, a): return (-grad,)  # d(-a)/da = -1


class PowBackward0(Node):
    op = "pow"  # a ** n, where n is a number
    def forward(self, a, n): return a**n
    def backward(self, grad, a, n): return grad * n * a**(n - 1), None  # d(aⁿ)/da = n·aⁿ⁻¹


class MeanBackward0(Node):
    op = "mean"
    def forward(self, a): return a.mean()
    def backward(self, grad, a): return (grad * torch.ones_like(a) / a.numel(),)  # ∂mean/∂aᵢ = 1/N


class SumBackward0(Node):
    op = "sum"
    def forward(self, a): return a.sum()
    def backward(self, grad, a): return (grad * torch.ones_like(a),)  # ∂sum/∂aᵢ = 1
