"""How the book writes a number in figures and tables: 18, -1.5, 46.875, 0.3333.

>>> [number(v) for v in (18.0, -1.5, 46.875, 1 / 3, -0.0, 1e-13)]
['18', '-1.5', '46.875', '0.3333', '0', '0']
"""


def number(v):
    """`v` rounded to 4 decimals, without a trailing `.0` (and never `-0`)."""
    v = round(float(v), 4) + 0.0  # + 0.0 turns -0.0 into 0.0
    return str(int(v)) if v.is_integer() else f"{v:g}"
