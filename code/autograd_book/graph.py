r"""Record and walk a computation graph: the data behind the book's graph figures.

`record()` writes into each node of torch's graph what the graph alone forgets
(constants, values, the gradients sent back); `walk()` reads the graph, torch's
or the book's engine's (GRAPH_PROTOCOL.md), into plain data that
`graph_figure.draw` turns into a picture.

Used in :ref:`computation-graphs` and :ref:`inside-autograd`. Slide 12:
l = (4x - 1)² at x = 1 is 9, and dl/dx = 2·(4x - 1)·4 = 24.

>>> import torch
>>> x = torch.tensor([1.0], requires_grad=True)
>>> with record():
...     l = (4 * x - 1) ** 2
>>> l.backward()
>>> g = walk(l, names={"x": x, "l": l})
>>> [(n.label, fmt(n.value)) for n in g.nodes]
[('$x$', '1'), ('$\\times 4$', '4'), ('$-1$', '3'), ('$(\\cdot)^{2}$', '9')]
>>> [fmt(e.grad) for e in g.edges]
['24', '6', '6']
>>> [fmt(e.local) for e in g.edges]  # d(dst)/d(src): 4, 1, and 2·3 for the square
['4', '1', '6']
"""

import numbers
import re
from dataclasses import dataclass

import torch
from torch.overrides import TorchFunctionMode

from .formatting import number

__all__ = ["record", "walk", "fmt", "cells", "Graph", "GraphNode", "GraphEdge"]

# torch's function name -> the protocol's op. torch passes the tensor first:
# `4 * x` runs as x.mul(4), and `1 - x` as x.__rsub__(1).
OPS = {
    "mul": "mul",
    "__mul__": "mul",
    "__rmul__": "mul",
    "add": "add",
    "__add__": "add",
    "__radd__": "add",
    "sub": "sub",
    "__sub__": "sub",
    "__rsub__": "sub",
    "div": "div",
    "__truediv__": "div",
    "neg": "neg",
    "__neg__": "neg",
    "pow": "pow",
    "__pow__": "pow",
    "mean": "mean",
    "sum": "sum",
}
ONE_OPERAND = {"neg", "mean", "sum"}  # further arguments (dim, ...) are not operands


class record(TorchFunctionMode):
    """Inside `with record():`, each arithmetic node gets `metadata["book"]`.

    `inputs` is aligned with `next_functions`, except where torch keeps no entry
    for a number operand (`x ** 2`, `1 - x`): then it lists every operand in
    math order, and `next_functions` lines up with the ones that are not numbers.

    >>> x = torch.tensor([1.0], requires_grad=True)
    >>> with record():
    ...     z = 1 - x
    >>> book = z.grad_fn.metadata["book"]
    >>> book["op"], book["inputs"], book["value"].item()
    ('sub', [1, None], 0.0)
    """

    def __torch_function__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        name = getattr(func, "__name__", None)
        if name in OPS and isinstance(out, torch.Tensor) and out.grad_fn is not None:
            operands = list(args[:1] if OPS[name] in ONE_OPERAND else args[:2])
            if name == "__rsub__":  # x.__rsub__(1) is 1 - x
                operands.reverse()
            _annotate(out, OPS[name], operands)
        return out


def _annotate(out, op, operands):
    """Store op, constants and value in out's node, and the gradients after backward."""
    node = out.grad_fn
    inputs = [a if _is_constant(a) else None for a in operands]
    book = {"op": op, "inputs": inputs, "value": _plain(out), "local": _local(node, out)}
    node.metadata["book"] = book

    def keep_gradients(grad_inputs, grad_outputs):
        book["grad_inputs"] = [_plain(g) for g in grad_inputs]
        book["grad_output"] = _plain(grad_outputs[0])

    node.register_hook(keep_gradients)


def _local(node, out):
    """What node sends to each input for a gradient of ones at its output (aligned with
    `next_functions`): for a one-number output, d(output)/d(input), its local derivative.

    The node's own backward function computes it, before backward() frees what it saved.
    """
    with torch.no_grad():
        sent = node(torch.ones_like(out))
    return [_plain(g) for g in (sent if isinstance(sent, tuple) else (sent,))]


def _is_constant(a):
    """A number, or a tensor that does not require grad: no node of the graph."""
    return not (isinstance(a, torch.Tensor) and a.requires_grad)


def _plain(v):
    """A detached copy of v as a torch tensor: an engine tensor's `.data` or a number."""
    if v is None or isinstance(v, torch.Tensor):
        return None if v is None else v.detach().clone()
    return _plain(v.data) if hasattr(v, "data") else torch.as_tensor(v)


def cells(value):
    """The strings a figure writes for a value: its numbers (at most 4) or its shape.

    >>> cells(torch.tensor(9.0)), cells(torch.tensor([1.5, 3.0])), cells(torch.zeros(8))
    (['9'], ['1.5', '3'], ['(8,)'])
    """
    t = _plain(value)
    if t.numel() == 1 or (t.dim() == 1 and t.numel() <= 4):
        return [number(v) for v in t.flatten().tolist()]
    return [str(tuple(t.shape))]


def fmt(value):
    """A value in one line: `9`, `0.75`, a short list `[1, 2.5]`, or `shape (8,)`.

    >>> fmt(torch.tensor([24.0])), fmt(torch.tensor(46.875)), fmt(torch.tensor([-1.0, 2.5]))
    ('24', '46.875', '[-1, 2.5]')
    >>> fmt(torch.zeros(2, 3))
    'shape (2, 3)'
    """
    c = cells(value)
    if c[0].startswith("("):
        return f"shape {c[0]}"
    return c[0] if len(c) == 1 else f"[{', '.join(c)}]"


@dataclass(eq=False)
class GraphNode:
    """A vertex: an operation, a leaf that requires grad, or a constant tensor."""

    id: int
    kind: str  # "op", "leaf" or "const"
    label: str  # matplotlib mathtext: the operation, or the tensor's name
    value: torch.Tensor | None  # the forward value, if known
    grad: torch.Tensor | None  # a leaf's .grad; for an op, d(root)/d(its output)
    requires_grad: bool
    name: str | None = None  # the name given in `names` (mathtext without $)


@dataclass(eq=False)
class GraphEdge:
    """An arrow from an input to the operation that uses it."""

    src: int
    dst: int
    grad: torch.Tensor | None  # what backward() sent back along it: d(root)/d(src) here
    local: torch.Tensor | None = None  # d(dst)/d(src), if recorded: grad = dst's grad · local


@dataclass(eq=False)
class Graph:
    """Nodes in topological order (inputs first, the root last) and their edges."""

    nodes: list[GraphNode]
    edges: list[GraphEdge]


def walk(root, names=None):
    r"""The graph that computed `root`, as plain data; `names` maps mathtext names to tensors.

    >>> x = torch.tensor([1.0], requires_grad=True)
    >>> g = walk(x * x + 1)  # not recorded: no constants, values only for the root
    >>> [(n.kind, n.label) for n in g.nodes], [(e.src, e.dst) for e in g.edges]
    ([('leaf', '$t_{1}$'), ('op', '$\\times$'), ('op', '$+$')], [(0, 1), (0, 1), (1, 2)])
    """
    given = [(root, None)] + [(t, n) for n, t in (names or {}).items()]
    # a tensor is known by itself, by its node, and (a constant the engine recorded)
    # by its data; each key's object is kept in the value, so that ids stay unique
    known = {
        id(o): (o, t, n)
        for t, n in given
        for o in (t, t.grad_fn, getattr(t, "data", None))
        if o is not None
    }
    order, done, stack = [], set(), [(_vertex(root), False)]
    while stack:  # depth first, inputs in argument order; a vertex after its inputs
        v, expanded = stack.pop()
        if id(v[1]) in done:
            continue
        if expanded:
            done.add(id(v[1]))
            order.append(v)
        else:
            stack.append((v, True))
            stack.extend((u, False) for _, u in reversed(_inputs(v)))
    ids = {id(obj): i for i, (_, obj) in enumerate(order)}
    nodes, edges, count = [], [], {"leaf": 0, "const": 0}
    for i, (kind, obj) in enumerate(order):
        tensor, name = known.get(id(obj), (None, None, None))[1:]
        if kind == "op":
            book = obj.metadata.get("book", {})
            value = book.get("value", _plain(tensor))
            label = _op_label(book.get("op") or _op_name(obj), book.get("inputs", []))
            nodes.append(GraphNode(i, kind, label, value, book.get("grad_output"), True, name))
            sent = book.get("grad_inputs") or [None] * len(obj.next_functions)
            local = book.get("local") or [None] * len(obj.next_functions)
            edges += [
                GraphEdge(
                    ids[id(u[1])], i, *((None, None) if u[0] == "const" else (sent[s], local[s]))
                )
                for s, u in _inputs((kind, obj))
            ]
        else:
            count[kind] += 1
            name = name or f"{'t' if kind == 'leaf' else 'c'}_{{{count[kind]}}}"
            grad = _plain(getattr(obj, "grad", None))
            nodes.append(GraphNode(i, kind, f"${name}$", _plain(obj), grad, kind == "leaf", name))
    return Graph(nodes, edges)


def _vertex(t):
    """The vertex of a tensor: its node, or the tensor itself for a leaf or a constant."""
    if t.grad_fn is not None:
        return ("op", t.grad_fn)
    return ("leaf" if t.requires_grad else "const", t)


def _inputs(vertex):
    """(slot in next_functions, vertex) for each input of an op that is in the graph."""
    kind, node = vertex
    if kind != "op":
        return []
    entries = [fn for fn, _ in node.next_functions]
    inputs = node.metadata.get("book", {}).get("inputs") or [None] * len(entries)
    if len(inputs) > len(entries):  # torch keeps no entry for a number operand
        inputs = [a for a in inputs if not isinstance(a, numbers.Number)]
    found = []
    for slot, (fn, a) in enumerate(zip(entries, inputs, strict=True)):
        if fn is not None and fn.name().endswith("AccumulateGrad"):
            found.append((slot, ("leaf", fn.variable)))
        elif fn is not None:
            found.append((slot, ("op", fn)))
        elif a is not None and not isinstance(a, numbers.Number):
            found.append((slot, ("const", a)))
    return found


def _op_name(node):
    """The op of an unrecorded node from its name: `MulBackward0` -> `mul`."""
    base = re.sub(r"Backward\d*$", "", node.name().rsplit("::", 1)[-1]).lower()
    return {"rsub": "sub"}.get(base, re.sub(r"[^a-z]", "", base))


SYMBOLS = {"mul": r"\times ", "add": "+", "sub": "-", "div": r"\div "}


def _op_label(op, inputs):
    """The node's label: (·) stands for the incoming value, a number is written in."""
    constants = [(i, number(a)) for i, a in enumerate(inputs) if isinstance(a, numbers.Number)]
    i, c = constants[0] if constants else (None, None)
    bracketed = f"({c})" if c and c.startswith("-") else c
    if op in SYMBOLS and c is None:
        return f"${SYMBOLS[op].strip()}$"
    if op in ("sub", "div") and i == 0:
        return rf"${c} {SYMBOLS[op].strip()} (\cdot)$"  # 1 - x: the number comes first
    if op in SYMBOLS:
        return f"${SYMBOLS[op]}{bracketed}$"  # x * 4 and 4 * x alike: times 4
    if op == "pow" and c is not None:
        return rf"$(\cdot)^{{{c}}}$" if i == 1 else rf"${bracketed}^{{(\cdot)}}$"
    special = {"neg": r"$-(\cdot)$", "sum": r"$\Sigma$"}  # Sigma: the size of the other labels
    return special.get(op, rf"$\mathrm{{{op}}}$")  # mean, pow of two tensors, ...
