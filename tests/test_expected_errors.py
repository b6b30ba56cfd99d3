"""Errors shown on purpose are real: each tagged cell raised exactly the expected exception.

A cell tagged `raises-exception` may fail without failing the build; this test
pins down which exception and message each one shows, page by page.
"""

import re

import pytest
from bs4 import BeautifulSoup

from .conftest import EDITIONS

EXPECTED = {
    "tensor-gradients": [
        ("RuntimeError", "grad can be implicitly created only for scalar outputs"),
    ],
    "inside-autograd": [
        ("RuntimeError", "grad can be implicitly created only for scalar outputs"),
    ],
    "controlling-autograd": [
        (
            "RuntimeError",
            "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.",
        ),
        (
            "RuntimeError",
            "you can only change requires_grad flags of leaf variables. "
            "If you want to use a computed variable in a subgraph that doesn't "
            "require differentiation use var_no_grad = var.detach().",
        ),
    ],
    "gradient-descent": [
        (
            "RuntimeError",
            "a leaf Variable that requires grad is being used in an in-place operation.",
        ),
    ],
}

LAST_LINE = re.compile(r"^(\w+): (.*)$", re.M)


def shown_errors(site, lang, page):
    """(exception, message) of each tagged cell of a built page, in order."""
    html = BeautifulSoup((site / lang / f"{page}.html").read_text(), "html.parser")
    errors = []
    for cell in html.select("div.cell.tag_raises-exception"):
        text = cell.select_one("div.cell_output").get_text()
        errors.append(LAST_LINE.findall(text)[-1])
    return errors


@pytest.mark.parametrize("lang", EDITIONS)
def test_each_page_shows_exactly_its_expected_errors(site, lang):
    for path in sorted((site / lang).glob("*.html")):
        assert shown_errors(site, lang, path.stem) == EXPECTED.get(path.stem, []), path.name
