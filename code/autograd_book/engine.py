"""A small reverse-mode autograd engine, built step by step in :ref:`inside-autograd`.

It works like torch.autograd and uses torch's names: a `Tensor` remembers the
node (`grad_fn`) that made it, each node knows the local derivatives of its
operation, and `backward()` applies the chain rule from the output back to the
leaves. torch only stores the numbers (float64 arrays); it takes no derivative.
The graph follows GRAPH_PROTOCOL.md, so the book draws it as it draws torch's.

Slides 12 and 15: l = (4x - 1)² at x = 1 gives l = 9 and dl/dx = 2(4x - 1)·4 = 24.

>>> x = Tensor([1.0], requires_grad=True)
>>> l = (4 * x - 1) ** 2
>>> l.backward()
>>> l.item(), x.grad.item()
(9.0, 24.0)
"""

import contextlib
import re

import torch

grad_enabled = True  # False inside `with no_grad():`


@contextlib.contextmanager
def no_grad():
    """Inside `with no_grad():` operations compute but record no graph."""
    global grad_enabled
    previous, grad_enabled = grad_enabled, False
    try:
        yield
    finally:
        grad_enabled = previous


class Tensor:
    """Numbers that remember the operation that made them, like torch's.

    Its operators take a number on either side, and an exponent may be a tensor.
    For c = xⁿ + 1/x + 2ˣ at x = 2, n = 3: c = 8 + 0.5 + 4, dc/dn = xⁿ·ln x = 8 ln 2,
    dc/dx = n·xⁿ⁻¹ - 1/x² + 2ˣ·ln 2 = 12 - 0.25 + 4 ln 2.

    >>> x, n = Tensor(2.0, requires_grad=True), Tensor(3.0, requires_grad=True)
    >>> c = x**n + 1 / x + 2**x
    >>> c.backward()
    >>> c.item(), round(x.grad.item(), 4), round(n.grad.item(), 4)
    (12.5, 14.5226, 5.5452)
    """

    def __init__(self, data, requires_grad=False):
        # just the numbers, in a plain torch array (no autograd there)
        self.data = torch.as_tensor(data, dtype=torch.float64)
        self.requires_grad = requires_grad
        self.grad = None  # a Tensor, once backward() reaches this leaf
        self.grad_fn = None  # the node that made this tensor; None: a leaf
        self.accumulator = AccumulateGrad(self)  # a leaf's gradient goes there

    @property
    def is_leaf(self):
        return self.grad_fn is None

    def __repr__(self):
        # as torch prints a tensor of its default type, float32
        text = repr(self.data).replace(", dtype=torch.float64", "")
        if self.grad_fn is not None:
            return text[:-1] + f", grad_fn=<{self.grad_fn.name()}>)"
        if self.requires_grad:
            return text[:-1] + ", requires_grad=True)"
        return text

    def item(self):
        return self.data.item()

    def tolist(self):
        return self.data.tolist()

    # Python's operators: each one hands the work to an operation's node
    def __add__(self, other):
        return AddBackward0.apply(self, other)

    def __radd__(self, other):
        return AddBackward0.apply(other, self)

    def __sub__(self, other):
        return SubBackward0.apply(self, other)

    def __rsub__(self, other):
        return SubBackward0.apply(other, self)

    def __mul__(self, other):
        return MulBackward0.apply(self, other)

    def __rmul__(self, other):
        return MulBackward0.apply(other, self)

    def __truediv__(self, other):
        return DivBackward0.apply(self, other)

    def __rtruediv__(self, other):
        return DivBackward0.apply(other, self)

    def __neg__(self):
        return NegBackward0.apply(self)

    def __pow__(self, other):
        if isinstance(other, Tensor):
            return PowBackward1.apply(self, other)
        return PowBackward0.apply(self, other)

    def __rpow__(self, other):
        return PowBackward1.apply(other, self)

    def mean(self):
        return MeanBackward0.apply(self)

    def sum(self):
        return SumBackward0.apply(self)

    def exp(self):
        """eˣ, elementwise. The sigmoid 1/(1 + e⁻ᶻ) at z = 0 is ½, its slope σ(1 − σ) is ¼:

        >>> z = Tensor(0.0, requires_grad=True)
        >>> p = 1 / (1 + (-z).exp())
        >>> p.backward()
        >>> p.item(), z.grad.item()
        (0.5, 0.25)
        """
        return ExpBackward0.apply(self)

    def log(self):
        """ln x, elementwise: at x = 4 its slope is 1/x = ¼.

        >>> x = Tensor(4.0, requires_grad=True)
        >>> x.log().backward()
        >>> x.grad.item()
        0.25
        """
        return LogBackward0.apply(self)

    def backward(self, gradient=None):
        """Add d(self)/d(leaf), weighted by `gradient`, into each leaf's .grad.

        `gradient` is the v of the vector-Jacobian product vᵀJ.

        >>> X = Tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
        >>> L = (4 * X - 1) ** 2
        >>> L.backward(Tensor([1.0, 0.0, 0.0, 2.0]))  # dL₁/dX₁, 2·dL₄/dX₄
        >>> X.grad.tolist()
        [24.0, 0.0, 0.0, 240.0]
        """
        if not self.requires_grad:
            raise RuntimeError(
                "element 0 of tensors does not require grad and does not have a grad_fn"
            )
        if gradient is None:
            if self.data.numel() != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            gradient = torch.ones_like(self.data)  # d(self)/d(self) = 1
        if isinstance(gradient, Tensor):
            gradient = gradient.data
        v = torch.as_tensor(gradient, dtype=torch.float64)
        if v.shape != self.data.shape:
            raise RuntimeError(
                f"Mismatch in shape: gradient has a shape of "
                f"{v.shape} and output has a shape of "
                f"{self.data.shape}."
            )
        root = gradient_edge(self)
        grads = {root: v}  # node -> gradient of its output, summed so far
        for node in topological_order(root):
            # every node that uses this node's output came before it:
            # its gradient in `grads` is complete
            node.propagate(grads.pop(node), grads)

    def zero_(self):
        """Set every element to 0 in place, as in `W.grad.zero_()`."""
        self.data.zero_()
        return self

    def detach(self):
        """A new leaf that shares this tensor's numbers, outside the graph."""
        return Tensor(self.data)

    def requires_grad_(self, flag=True):
        """Switch gradient recording for this leaf on or off, in place."""
        if not self.is_leaf:
            raise RuntimeError("you can only change requires_grad flags of leaf variables.")
        self.requires_grad = flag
        return self


def gradient_edge(x):
    """Where the gradient of `x` goes: its grad_fn, or a leaf's accumulator.

    None for a number or a tensor that does not require grad.
    """
    if not isinstance(x, Tensor) or not x.requires_grad:
        return None
    return x.accumulator if x.is_leaf else x.grad_fn


def count_uses(root):
    """How many times the graph uses each node's output (arrows into users)."""
    uses, todo = {}, [root]
    while todo:
        for next_node, _ in todo.pop().next_functions:
            if next_node is not None:
                if next_node not in uses:  # new: look at its inputs later
                    todo.append(next_node)
                uses[next_node] = uses.get(next_node, 0) + 1
    return uses


def topological_order(root):
    """The nodes of the graph, each after every node that uses its output."""
    waiting = count_uses(root)  # node -> its uses not yet in the order
    order, ready = [], [root]
    while ready:
        node = ready.pop()
        order.append(node)
        for next_node, _ in node.next_functions:
            if next_node is not None:
                waiting[next_node] -= 1  # one more of its users is in
                if waiting[next_node] == 0:  # all are: it may come now
                    ready.append(next_node)
    return order


class Node:
    """An operation recorded in the graph: torch calls it a grad_fn.

    Every operation has the same shape: `forward` computes the value from
    the inputs; `backward` gets `grad`, the gradient of the output, and the
    inputs, and returns for each input grad × (the local derivative of the
    output by that input): the chain rule, one link.

    >>> x = Tensor([1.0], requires_grad=True)
    >>> (4 * x - 1).grad_fn.next_functions
    ((<MulBackward0>, 0), (None, 0))
    """

    @classmethod
    def apply(cls, *inputs):
        """Compute the operation on `inputs` and record it in the graph."""
        node = cls()
        # the numbers of the inputs (tensors or numbers), for backward
        node.saved = [x.data if isinstance(x, Tensor) else x for x in inputs]
        out = Tensor(node.forward(*node.saved))
        # where each input's gradient goes; None: a number or a constant
        edges = [gradient_edge(x) for x in inputs]
        if grad_enabled and any(edges):
            # 0: the first (and only) output of that node
            node.next_functions = tuple((edge, 0) for edge in edges)
            out.grad_fn, out.requires_grad = node, True
            node.metadata = {"book": node.for_figures(edges, out)}
        return out

    def propagate(self, grad, grads):
        """The chain rule at this node: add each input's part into `grads`."""
        parts = self.backward(grad, *self.saved)  # one for each input
        edges = [next_node for next_node, _ in self.next_functions]
        sent = []  # what each input receives; None for a number
        for next_node, x, g in zip(edges, self.saved, parts, strict=True):
            if next_node is None:
                g = None
            else:
                # one w used with four X gets the sum of the four parts
                g = g.sum_to_size(x.shape)
                # summed over all the nodes that use the input
                grads[next_node] = grads.get(next_node, 0) + g
            sent.append(g)
        # for the book's figures: what arrived here, and what was sent on
        self.metadata["book"].update(grad_output=grad, grad_inputs=sent)

    def for_figures(self, edges, out):
        """What the book's figures need and the graph does not keep."""
        op = re.sub(r"Backward\d$", "", self.name()).lower()  # e.g. "mul", "pow"
        constants = [x if edge is None else None for edge, x in zip(edges, self.saved, strict=True)]
        return {"op": op, "inputs": constants, "value": out.data}

    def name(self):
        return type(self).__name__

    def __repr__(self):
        return f"<{self.name()}>"


class AccumulateGrad(Node):
    """Where the way back ends at a leaf: adds the gradient into `.grad`."""

    def __init__(self, variable):
        self.variable, self.next_functions, self.metadata = variable, (), {}

    def propagate(self, grad, grads):
        self.accumulate(grad)  # nothing to send further back

    def accumulate(self, grad):
        if self.variable.grad is None:
            self.variable.grad = Tensor(torch.zeros_like(self.variable.data))
        self.variable.grad.data += grad  # added to what was there before


# The operations: a and b are the inputs, c the output, n a number;
# grad is the gradient of the output c.


class AddBackward0(Node):  # c = a + b: ∂c/∂a = 1, ∂c/∂b = 1
    def forward(self, a, b):
        return a + b

    def backward(self, grad, a, b):
        return grad, grad


class SubBackward0(Node):  # c = a - b: ∂c/∂a = 1, ∂c/∂b = -1
    def forward(self, a, b):
        return a - b

    def backward(self, grad, a, b):
        return grad, -grad


class MulBackward0(Node):  # c = a·b: ∂c/∂a = b, ∂c/∂b = a
    def forward(self, a, b):
        return a * b

    def backward(self, grad, a, b):
        return grad * b, grad * a


class DivBackward0(Node):  # c = a/b: ∂c/∂a = 1/b, ∂c/∂b = -a/b²
    def forward(self, a, b):
        return a / b

    def backward(self, grad, a, b):
        return grad / b, -grad * a / b**2


class NegBackward0(Node):  # c = -a: ∂c/∂a = -1
    def forward(self, a):
        return -a

    def backward(self, grad, a):
        return (-grad,)


def power_rule(a, n):
    """∂(aⁿ)/∂a = n·aⁿ⁻¹, and 0 where n = 0: a⁰ = 1 for every a, 0 included.

    At a = 0 the formula alone would give 0·0⁻¹ = 0·∞, which is nan.

    >>> power_rule(torch.tensor([0.0, 2.0]), 0).tolist(), power_rule(torch.tensor(2.0), 3).item()
    ([0.0, 0.0], 12.0)
    """
    return torch.where(torch.as_tensor(n) == 0, 0.0, n * a ** (n - 1))


class PowBackward0(Node):  # c = aⁿ, n a number: ∂c/∂a = n·aⁿ⁻¹; the number n gets none
    def forward(self, a, n):
        return a**n

    def backward(self, grad, a, n):
        return grad * power_rule(a, n), None


class PowBackward1(PowBackward0):  # c = aⁿ, n a tensor: ∂c/∂a = n·aⁿ⁻¹, ∂c/∂n = aⁿ·ln a
    def backward(self, grad, a, n):
        # xlogy(aⁿ, a) is aⁿ·ln a, and 0 where aⁿ = 0 (a = 0 < n): its limit there
        return grad * power_rule(a, n), grad * torch.xlogy(a**n, a)


class MeanBackward0(Node):  # c = (a₁ + … + a_N)/N: ∂c/∂aᵢ = 1/N
    def forward(self, a):
        return a.mean()

    def backward(self, grad, a):
        return (grad * torch.ones_like(a) / a.numel(),)


class SumBackward0(Node):  # c = a₁ + … + a_N: ∂c/∂aᵢ = 1
    def forward(self, a):
        return a.sum()

    def backward(self, grad, a):
        return (grad * torch.ones_like(a),)


class ExpBackward0(Node):  # c = eᵃ: ∂c/∂a = eᵃ, the output itself
    def forward(self, a):
        return a.exp()

    def backward(self, grad, a):
        return (grad * a.exp(),)


class LogBackward0(Node):  # c = ln a: ∂c/∂a = 1/a
    def forward(self, a):
        return a.log()

    def backward(self, grad, a):
        return (grad / a,)
