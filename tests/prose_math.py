"""The math of a page, read where it stands and checked: every equality holds.

`check_page` reads every math span of a page's Markdown in order (inline
`$...$`, display `$$...$$` and `{math}` blocks, outside code), splits it into
statements (at `\\qquad`) and each statement into sides (at `=`), and checks
that each side equals its neighbours at a few sample points of the page's
variables. Derivative notation (`f'(x)`, `l'(1)`, `f''`, `y'`,
`\\frac{dy}{dx}`, `\\frac{d}{dx}(...)`, `\\frac{\\partial f}{\\partial x}(1, 2)`,
`\\nabla f(1, 2)`) is computed by autograd (torch, float64) from the function
the page defines, at the nearest preceding definition: a statement whose first
side is a name (`l = (4x - 1)^2`, `f(x, y) = ...`) defines it, and the
definitions substitute into later formulas (`v = 3x^2 + 2` makes `3v^2` a
formula in x).

Skipped by rule, because they are not identities in the page's variables:

- statements with no `=`, and those with an inequality, `\\approx`, an
  interval or a limit (`<`, `>`, `\\le`, `\\ge`, `\\neq`, `\\approx`, `\\to`,
  `\\lim`, `\\leftarrow`), a sum over an index (`\\sum`), a finite difference
  (`\\Delta`) or a matrix (`\\begin`);
- a value given to a variable (`x = 1`, `X = 1, 2, 3, 4`, `(x, w, y) = (1, 4, 1)`,
  `a_0 = x`);
- an equation to solve: `A = 0` where `A` is not constant (`6x + 6 = 0`,
  `f'(x_0) = 0`); a constant `A` is checked;
- an empty side (`y =` before a glued number) is dropped.

A definition is checked through what the page derives from it: change
`f(x) = 3x^2 + 6x` and `f'(x) = 6x + 6` below it fails. What cannot be read
so, or states a slip on purpose, is on the allow-list in
`tests/test_formulas.py`, which names each such formula. Expressions are read
into sympy by `tests/latex_sympy.py` (its docstring says why not sympy's own
LaTeX parser).
"""

import bisect
import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

import sympy
import torch
from sympy.core.function import AppliedUndef

from .latex_sympy import NAME, Unreadable, expression, symbol

SKIP = re.compile(
    r"<|>|\\l[et]\b|\\g[et]\b|\\leq|\\geq|\\neq|\\approx|\\to\b|\\lim|\\leftarrow"
    r"|\\sum|\\Delta|\\begin"
)
DERIVATIVES = [  # (kind, pattern); the point in brackets after some is read separately
    ("operator", re.compile(r"\\frac\{d\}\{d\s*(" + NAME + r")\}")),
    ("leibniz", re.compile(r"\\frac\{d\s*(" + NAME + r")\}\{d\s*(" + NAME + r")\}")),
    (
        "partial",
        re.compile(r"\\frac\{\\partial\s*(" + NAME + r")\}\{\\partial\s*(" + NAME + r")\}"),
    ),
    ("nabla", re.compile(r"\\nabla\s*(" + NAME + ")")),
    ("prime", re.compile(r"(?<![\\A-Za-z])([A-Za-z])('+)")),
]
POINTS = 3  # sample points per statement


@dataclass(frozen=True)
class Formula:
    """One math span of a page: its line, its paragraph and its LaTeX (spaces collapsed)."""

    line: int
    paragraph: int
    latex: str


@dataclass
class Problem:
    page: str
    line: int
    formula: str
    message: str

    def __str__(self):
        return f"{self.page}.md:{self.line}: ${self.formula}$: {self.message}"


@dataclass
class Allowed:
    """A formula the checker skips (with `side`, only that side of it), and why.

    Only its first `times` occurrences on the page are skipped: the same formula
    written once more (18x turned into the quoted slip 12x) is checked.
    """

    page: str
    formula: str
    why: str
    side: str | None = None
    times: int = 1


@dataclass
class Report:
    problems: list = field(default_factory=list)
    checked: list = field(default_factory=list)  # the statements whose sides were compared
    allowed: Counter = field(default_factory=Counter)  # allow-list index -> occurrences skipped


CODE_FENCES = {"{code-cell}", "python", "{literalinclude}", "{eval-rst}", ""}


def formulas(text):
    """The math spans of a page's Markdown, in order, outside code.

    >>> [f.latex for f in formulas("At $x = 1$:\\n\\n$$y =\\n x^2$$\\n\\n```python\\n$a$\\n```\\n")]
    ['x = 1', 'y = x^2']
    >>> [f.latex for f in formulas("```{math}\\n:label: sq\\ny = x \\\\cdot x\\n```\\n")]
    ['y = x \\\\cdot x']
    >>> [f.paragraph for f in formulas("$a$ and $b$\\n\\n$c$ is\\n\\n$$d$$\\n\\nand $e$")]
    [0, 0, 1, 1, 1]
    """
    prose, open_fences, code_fence = [], [], None
    for line in text.splitlines():
        m = re.match(r"^\s*(`{3,}|:{3,})\s*(\S*)", line)
        fence, info = m.groups() if m else (None, None)
        if code_fence:
            if fence == code_fence and not info:
                code_fence = None
            line = ""
        elif fence and not info and open_fences and open_fences[-1][0] == fence:
            line = "$$" if open_fences.pop()[1] else ""  # a {math} block closes
        elif fence and fence.startswith("`") and info in CODE_FENCES:
            code_fence, line = fence, ""
        elif fence:  # a directive, whose body is prose (or math)
            open_fences.append((fence, info == "{math}"))
            line = "$$" if info == "{math}" else ""
        elif open_fences and open_fences[-1][1] and line.lstrip().startswith(":"):
            line = ""  # an option of a {math} block
        prose.append(re.sub(r"`[^`\n]*`", "", line))
    text = "\n".join(prose)
    # a display belongs to the sentence around it: no paragraph break at $$
    breaks = [b.end() for b in re.finditer(r"(?<!\$\$)\n[ \t]*\n(?![ \t]*\$\$)", text)]
    out = []
    for m in re.finditer(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$", text, flags=re.S):
        latex = " ".join((m.group(1) or m.group(2)).split())
        before = text[: m.start()]
        out.append(Formula(before.count("\n") + 1, bisect.bisect(breaks, m.start()), latex))
    return out


def split_top(text, sep):
    """`text` split at `sep` outside brackets and braces.

    >>> split_top(r"f(1, 2) = (14, 28)", "=")
    ['f(1, 2) ', ' (14, 28)']
    """
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch in "({[" and 1 or ch in ")}]" and -1 or 0
        if depth == 0 and text.startswith(sep, i):
            parts.append(text[start:i])
            start = i + len(sep)
    return parts + [text[start:]]


def statements(latex):
    """The statements of a math span, which `\\qquad` separates."""
    return [s.strip() for s in re.split(r",?\s*\\qquad\s*", latex)]


def sides(latex):
    """Every side of every statement of a math span.

    >>> sides(r"u = 2x - 1, \\qquad v = u^3")
    ['u', '2x - 1', 'v', 'u^3']
    """
    return [side.strip() for s in statements(latex) for side in split_top(s, "=")]


def bracket_group(text, start):
    """The end of the bracket group that opens at `text[start]` ('(')."""
    depth = 0
    for i in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i + 1
    raise Unreadable("unbalanced brackets")


def tidy(latex):
    """LaTeX without the sizes of brackets and thin spaces."""
    latex = re.sub(r"\\left|\\right|\\,|\\!", "", latex)
    return latex.replace(r"\times", r"\cdot").strip()


@dataclass(frozen=True)
class Derivative:
    kind: str
    name: str | None  # the function (None for d/dx of an expression)
    var: str | None  # the variable, when the notation names it
    order: int = 1
    point: tuple | None = None  # the arguments written after it, as LaTeX
    expr: str | None = None  # the expression d/dx is applied to


@cache
def autograd(body, names, point, var, order):
    """d^order body / d var^order at `point` (the values of `names`), by torch in float64."""
    tensors = [
        torch.tensor(v, dtype=torch.float64, requires_grad=n == var)
        for n, v in zip(names, point, strict=True)
    ]
    out = sympy.lambdify(names, body, modules=[{"exp": torch.exp, "log": torch.log}])(*tensors)
    for _ in range(order):
        if not (torch.is_tensor(out) and out.requires_grad):
            return 0.0
        (out,) = torch.autograd.grad(
            out, tensors[names.index(var)], create_graph=True, allow_unused=True
        )
        if out is None:
            return 0.0
    return out.detach().item()


class Page:
    """The definitions a page has made so far, and the checks of its statements."""

    def __init__(self, name, allowed=()):
        self.name = name
        self.allowed = list(allowed)
        self.defs = {}  # Symbol -> (args, expr), the latest definition
        self.earlier = {}  # Symbol -> every definition so far, latest last
        self.report = Report()
        self.placeholders = itertools.count()  # names for derivatives inside a side

    # reading

    def functions(self):
        return {s.name for s, (args, _) in self.defs.items() if args}

    def read(self, latex):
        """A side as a sympy expression (or a tuple of them) and its derivatives by name."""
        latex = tidy(latex)
        if latex.startswith("(") and bracket_group(latex, 0) == len(latex):
            items = split_top(latex[1:-1], ",")
            if len(items) > 1:
                read = [self.read(item) for item in items]
                return tuple(e for e, _ in read), {k: v for _, d in read for k, v in d.items()}
        found = {}

        def placeholder(d):
            key = f"\\Omega_{{{next(self.placeholders)}}}"
            found[symbol(key)] = d
            return f" {key} "

        for kind, pattern in DERIVATIVES:
            out, pos = "", 0
            for m in pattern.finditer(latex):
                if m.start() < pos:
                    continue
                end, point = m.end(), None
                rest = latex[end:]
                gap = len(rest) - len(rest.lstrip())
                if kind != "leibniz" and rest.lstrip().startswith("("):
                    close = bracket_group(latex, end + gap)
                    point, end = latex[end + gap + 1 : close - 1], close
                if kind == "operator":
                    if point is None:
                        raise Unreadable("d/dx of what?")
                    d = Derivative(kind, None, m.group(1), expr=point)
                elif kind == "prime":
                    d = Derivative(
                        kind, m.group(1), None, len(m.group(2)), point and split_top(point, ",")
                    )
                elif kind == "nabla":
                    d = Derivative(kind, m.group(1), None, point=point and split_top(point, ","))
                else:
                    d = Derivative(
                        kind, m.group(1), m.group(2), point=point and split_top(point, ",")
                    )
                out += latex[pos : m.start()] + placeholder(d)
                pos = end
            latex = out + latex[pos:]
        return expression(latex, self.functions()), found

    # evaluating

    def substitute(self, expr, keep=frozenset()):
        """`expr` with every defined name (except those in `keep`) replaced by its definition."""
        for _ in range(20):
            before = expr
            for f in expr.atoms(AppliedUndef):
                s = sympy.Symbol(f.func.__name__)
                if s not in self.defs or not self.defs[s][0]:
                    raise Unreadable(f"{s} is not defined on the page")
                args, body = self.defs[s]
                if len(args) != len(f.args):
                    raise Unreadable(f"{s} takes {len(args)} arguments")
                expr = expr.subs(
                    f, body.subs(dict(zip(args, f.args, strict=True)), simultaneous=True)
                )
            expr = expr.subs(
                {s: self.defs[s][1] for s in expr.free_symbols if s in self.defs and s not in keep}
            )
            if expr == before:
                return expr
        raise Unreadable("the definitions refer to each other")

    def derivative(self, d, values):
        """The value of a derivative notation at a sample point (`values` of the base variables)."""
        if d.kind == "operator":
            body, found = self.read(d.expr)
            if found:
                raise Unreadable("a derivative inside d/dx")
            args, var = (), symbol(d.var)
        else:
            name = symbol(d.name)
            if name not in self.defs:
                raise Unreadable(f"{d.name} is not defined on the page")
            var = symbol(d.var) if d.var else None
            if d.var and name == var:
                return 1.0
            # by a named variable: the latest definition in terms of it (y = v^3, not
            # y = (3x^2 + 2)^3, for dy/dv)
            args, body = next(
                (
                    (args, body)
                    for args, body in reversed(self.earlier[name])
                    if var in self.substitute(body, keep={var}).free_symbols
                ),
                self.defs[name],
            )
        if d.kind == "nabla":
            if not args:
                raise Unreadable(f"the gradient of {d.name}, which has no arguments")
            return tuple(self.partial(body, args, v, 1, d.point, values) for v in args)
        if var is None:  # a prime: by the first argument, or the one variable
            if args:
                var = args[0]
            else:
                free = self.substitute(body).free_symbols
                if len(free) != 1:
                    raise Unreadable(f"{d.name}' by which of {sorted(map(str, free))}?")
                (var,) = free
        return self.partial(body, args, var, d.order, d.point, values)

    def partial(self, body, args, var, order, point, values):
        """d^order body / d var^order by autograd, at `point` (the arguments) or at `values`."""
        body = self.substitute(body, keep={var})
        at = {}
        if point is not None:
            point = [self.value(self.read(p)[0], values) for p in point]
            names = args or sorted(body.free_symbols, key=str)
            if len(point) != len(names):
                raise Unreadable(f"{len(point)} arguments for {len(names)} variables")
            at = dict(zip(names, point, strict=True))
        names = tuple(sorted(body.free_symbols | {var}, key=str))
        point = tuple(at[n] if n in at else self.value(self.substitute(n), values) for n in names)
        return autograd(body, names, point, var, order)

    def value(self, expr, values, found=None):
        """A side at a sample point: a number, or a tuple of numbers."""
        if isinstance(expr, tuple):
            return tuple(self.value(e, values, found) for e in expr)
        found = found or {}
        own = {s: self.derivative(found[s], values) for s in expr.free_symbols if s in found}
        if any(isinstance(v, tuple) for v in own.values()):
            if expr in own:
                return own[expr]
            raise Unreadable("a gradient inside an expression")
        expr = self.substitute(expr.subs(own))
        missing = expr.free_symbols - set(values)
        if missing:
            raise Unreadable(f"no value for {sorted(map(str, missing))}")
        return float(expr.subs(values))

    def base_variables(self, expr, found):
        """The page's variables a side depends on, once every definition is put in."""
        exprs = list(expr) if isinstance(expr, tuple) else [expr]
        free = set()
        for e in exprs:
            free |= self.substitute(e.subs({s: 0 for s in found})).free_symbols
        for d in found.values():
            if d.kind == "operator":
                free |= self.read(d.expr)[0].free_symbols
            elif symbol(d.name) in self.defs:
                free |= self.substitute(self.defs[symbol(d.name)][1]).free_symbols
            for p in d.point or ():
                free |= self.substitute(self.read(p)[0]).free_symbols
        return free

    # checking

    def allowed_entry(self, statement, side=None):
        for i, a in enumerate(self.allowed):
            if (a.page, a.formula, a.side) == (self.name, statement, side):
                if self.report.allowed[i] < a.times:
                    self.report.allowed[i] += 1
                    return True
        return False

    def check(self, formula):
        for statement in statements(formula.latex):
            if self.allowed_entry(statement) or SKIP.search(statement):
                continue
            try:
                wrong = self.check_statement(statement)
            except Unreadable as e:
                wrong = str(e)
            if wrong:
                self.report.problems.append(Problem(self.name, formula.line, statement, wrong))

    def check_statement(self, statement):
        """None if `statement` holds (or is skipped by rule), else what is wrong with it."""
        sides = [s.strip() for s in split_top(statement, "=")]
        if len(sides) < 2:
            return None
        sides = [s for s in sides if s and not self.allowed_entry(statement, s)]
        names = r"\s*" + NAME + r"(?:\s*,\s*" + NAME + r")*\s*"
        first = re.fullmatch(r"(" + NAME + r")\s*(?:\((" + names + r")\))?", tidy(sides[0]))
        if first and len(sides) > 1:
            name = symbol(first.group(1))
            args = (
                tuple(symbol(a.strip()) for a in split_top(first.group(2), ","))
                if first.group(2)
                else ()
            )
            rhs = sides[1]
            items = split_top(tidy(rhs), ",")
            if len(items) > 1 or (not args and re.fullmatch(NAME, tidy(rhs))):
                return None  # a value (or a list of them) given to a variable
            expr, found = self.read(rhs)
            if isinstance(expr, tuple) or (not args and not found and not expr.free_symbols):
                return None  # x = 1, v = (1, 0, 0, 2)
            if not found:
                self.defs[name] = (args, expr)
                self.earlier.setdefault(name, []).append((args, expr))
            sides = sides[1:]
        elif re.fullmatch(r"\(" + names + r"\)", tidy(sides[0])):
            return None  # (x, w, y) = (1, 4, 1)
        if len(sides) < 2:
            return None
        read = [self.read(s) for s in sides]
        free = set().union(*(self.base_variables(e, f) for e, f in read))
        names = sorted(free, key=str)
        samples = [
            {n: 0.35 + 0.55 * j + 0.21 * i for i, n in enumerate(names)} for j in range(POINTS)
        ]
        values = [[self.value(e, v, f) for v in samples] for e, f in read]
        if len(sides) == 2 and "0" in sides:
            other = values[1 - sides.index("0")]
            if any(not math.isclose(a, other[0], abs_tol=1e-12) for a in other):
                return None  # an equation to solve, not an identity
        self.report.checked.append(statement)
        for i in range(len(sides) - 1):
            for a, b in zip(values[i], values[i + 1], strict=True):
                if not close(a, b):
                    return f"{sides[i]} is not {sides[i + 1]} ({a} against {b})"
        return None


def close(a, b):
    """Two values of sides, numbers or tuples, agree."""
    if isinstance(a, tuple) or isinstance(b, tuple):
        return (
            isinstance(a, tuple)
            and isinstance(b, tuple)
            and len(a) == len(b)
            and all(close(x, y) for x, y in zip(a, b, strict=True))
        )
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def check_page(name, text, allowed=()):
    """The report on one page's math: its problems, what was checked, which entries were used.

    >>> text = "$$f(x) = x^3 - 3x$$ so $f'(2) = 9$ and $f'(x) = 3x^2 + 3$"
    >>> [str(p) for p in check_page("p", text).problems]  # doctest: +ELLIPSIS
    ["p.md:1: $f'(x) = 3x^2 + 3$: f'(x) is not 3x^2 + 3 (-2.63... against 3.36...)"]
    """
    page = Page(name, allowed)
    for formula in formulas(text):
        page.check(formula)
    return page.report
