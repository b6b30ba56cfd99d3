"""The LaTeX of the book's formulas read into sympy expressions.

The book writes a small part of LaTeX in its formulas: numbers, letters with
subscripts (`x_0`, `w_{i}`), `\\hat{y}` and `\\mathrm{loss}` as names, Greek
letters, `+ - \\cdot \\times`, powers (`x^2`, `x^{n-1}`), `\\frac{a}{b}`,
brackets, products written side by side (`18x(3x^2 + 2)^2`, `4xy`), and
Euler's number `e` with the natural logarithm `\\ln` (`e^{-z}`, `\\ln p`,
`\\ln(1 - p)`), so `e` is never a variable. This
reads exactly that into sympy, and refuses anything else.

Why not sympy's own `parse_latex`: with its antlr backend it takes about
0.1 s per formula (minutes for both editions on a shared machine), and it
reads a letter before a bracket, `6x(x - 1)`, as a function call applied
before the power, so `x(3x^2 + 2)^2` comes out as `x(3x^2 + 2)` squared. Its
lark backend rejects `x^2y` and `3(3x^2 + 2)^2 \\cdot 6x`. The small reader
below turns the LaTeX into Python that builds the sympy expression, with
exact rationals (`7.5` is 15/2) and names kept as the page writes them.
"""

import re

import sympy

GREEK = "alpha|beta|gamma|delta|epsilon|varepsilon|eta|theta|lambda|mu|sigma|tau|phi|omega|Omega"
# a name: a letter, \hat{y}, \mathrm{loss} or a Greek letter, with an optional subscript
NAME = (
    r"(?:\\hat\{[A-Za-z]\}|\\mathrm\{[A-Za-z]+\}|\\(?:" + GREEK + r")(?![A-Za-z])|[A-Za-z])"
    r"(?:_\{[^{}]*\}|_[A-Za-z0-9])?"
)
TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<name>" + NAME + r")|(?P<command>\\[A-Za-z]+)"
    r"|(?P<op>[-+(),^{}]))"
)


class Unreadable(Exception):
    """A formula that is not in the LaTeX the book writes, or cannot be evaluated."""


def tokens(latex):
    """The tokens of `latex`, as (kind, text).

    >>> tokens(r"3w_i \\hat{y}^{2}")
    [('number', '3'), ('name', 'w_i'), ('name', '\\\\hat{y}'),
     ('op', '^'), ('op', '{'), ('number', '2'), ('op', '}')]
    """
    out, pos = [], 0
    latex = latex.rstrip()
    while pos < len(latex):
        m = TOKEN.match(latex, pos)
        if not m:
            raise Unreadable(f"cannot read {latex[pos:]!r}")
        out.append((m.lastgroup, m.group(m.lastgroup)))
        pos = m.end()
    return out


class _Reader:
    """Python source for a token list: names become symbols, side by side becomes `*`."""

    def __init__(self, toks, functions):
        self.toks, self.functions, self.pos = toks, functions, 0

    def peek(self):
        return self.toks[self.pos][1] if self.pos < len(self.toks) else None

    def group(self):
        """A braced group `{...}`, or a single token (the exponent of `x^2`)."""
        if self.peek() == "{":
            self.pos += 1
            return self.sequence("}")
        if self.pos < len(self.toks) and self.toks[self.pos][0] in ("number", "name"):
            kind, text = self.toks[self.pos]
            if kind == "number" and len(text) > 1:
                raise Unreadable(f"an exponent of several digits without braces: {text}")
            self.pos += 1
            return self.atom(kind, text)
        raise Unreadable("a group expected")

    def atom(self, kind, text):
        if text == "e":
            return "_e"
        return f"_n({text!r})" if kind == "number" else f"_s({text!r})"

    def sequence(self, closer=None):
        parts, operand = [], False
        while self.pos < len(self.toks):
            kind, text = self.toks[self.pos]
            self.pos += 1
            if text == closer:
                return "".join(parts)
            if text in ("+", "-", ",", r"\cdot", r"\times"):
                parts.append("*" if text.startswith("\\") else text)
                operand = False
                continue
            if text == "^":
                parts.append(f"**({self.group()})")
                continue
            if text == r"\frac":
                frag = f"(({self.group()})/({self.group()}))"
            elif text == r"\ln" and self.peek() == "(":
                self.pos += 1
                frag = f"_ln({self.sequence(')')})"
            elif text == r"\ln":
                frag = f"_ln({self.group()})"
            elif kind == "command" or text in (")", "}"):
                raise Unreadable(f"not a formula of the book: {text}")
            elif text in ("(", "{"):
                frag = f"({self.sequence(')' if text == '(' else '}')})"
            elif kind == "name" and text in self.functions and self.peek() == "(":
                self.pos += 1
                frag = f"_f({text!r})({self.sequence(')')})"
            else:
                frag = self.atom(kind, text)
            parts += ["*", frag] if operand else [frag]
            operand = True
        if closer:
            raise Unreadable(f"{closer} missing")
        return "".join(parts)


def expression(latex, functions=()):
    """The sympy expression `latex` writes; `functions` are the names called with brackets.

    >>> expression(r"18x(3x^2 + 2)^2")
    18*x*(3*x**2 + 2)**2
    >>> expression(r"\\frac{1}{2}x^2y + 7.5W_{k+1}")
    15*W_{k+1}/2 + x**2*y/2
    >>> expression(r"f(1, y) + 2^n x", functions={"f"})
    2**n*x + f(1, y)
    >>> expression(r"\\frac{1}{1 + e^{-z}} - y \\ln p - \\ln(1 - p)")
    -y*log(p) - log(1 - p) + 1/(1 + exp(-z))
    >>> expression(r"\\texttt{grad} \\cdot b")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    latex_sympy.Unreadable: not a formula of the book: \\texttt
    """
    source = _Reader(tokens(latex), set(functions)).sequence()
    namespace = {
        "_n": sympy.Rational,
        "_s": sympy.Symbol,
        "_f": sympy.Function,
        "_e": sympy.E,
        "_ln": sympy.log,
    }
    try:
        expr = eval(source, {"__builtins__": {}}, namespace)
    except (SyntaxError, TypeError) as e:
        raise Unreadable(f"not an expression: {latex}") from e
    if not isinstance(expr, sympy.Expr):
        raise Unreadable(f"not an expression: {latex}")
    return expr


def symbol(name):
    """The symbol of a name, as `expression` reads it.

    >>> symbol(r"\\hat{y}")
    \\hat{y}
    """
    if not re.fullmatch(NAME, name):
        raise Unreadable(f"{name!r} is not a name")
    return sympy.Symbol(name)
