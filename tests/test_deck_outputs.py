"""Where the deck shows an output, the book's executed output matches it.

Each line below is an output printed on a slide (OUTLINE.md, slides 14-22);
the page that covers the slide must show it among its executed outputs, in
both editions. Spacing is compared loosely: torch pads numbers in columns.
"""

import re

import pytest
from bs4 import BeautifulSoup

from .conftest import EDITIONS

DECK = {
    "autograd-basics": [  # slides 14-16
        "tensor([1.], requires_grad=True)",
        "tensor([4.], grad_fn=<MulBackward0>)",
        "tensor([3.], grad_fn=<SubBackward0>)",
        "tensor([9.], grad_fn=<PowBackward0>)",
        "tensor([24.])",
        "loss: tensor([9.], grad_fn=<PowBackward0>)",
        "loss'(x=1) = tensor([24.])",
        "loss'(w=4) = tensor([6.])",
    ],
    "tensor-gradients": [  # slides 17-18
        "tensor(46.8750, grad_fn=<MeanBackward0>)",
        "loss'(x) = tensor([ 5., 10., 15., 20.])",
        "loss'(w) = tensor([ 1.2500, 5.0000, 11.2500, 20.0000])",
        "tensor([ 6.2500, 25.0000, 56.2500, 100.0000], grad_fn=<PowBackward0>)",
        "loss'(x) = tensor([20., 40., 60., 80.])",
        "loss'(w) = tensor([ 5., 20., 45., 80.])",
    ],
    "controlling-autograd": [  # slides 19-22
        "tensor([26.])",
        "tensor([1.], grad_fn=<PowBackward0>)",
        "[1.]",
        "tensor([0.7500, 0.7500, 0.7500, 0.7500])",
        "tensor([1.5000, 1.5000, 1.5000, 1.5000])",
        "tensor([2.2500, 2.2500, 2.2500, 2.2500])",
    ],
}


def loose(text):
    """Spacing-insensitive form: no space after "[" and single spaces elsewhere.

    >>> loose("tensor([  6.2500,  25.0000])") == loose("tensor([ 6.2500, 25.0000])")
    True
    """
    return re.sub(r"\s+", " ", re.sub(r"\[\s+", "[", text)).strip()


def output_lines(site, lang, page):
    html = BeautifulSoup((site / lang / f"{page}.html").read_text(), "html.parser")
    return {
        loose(line)
        for out in html.select("div.cell_output")
        for line in out.get_text().splitlines()
    }


@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize("page", DECK)
def test_the_deck_outputs_appear(site, lang, page):
    shown = output_lines(site, lang, page)
    missing = [line for line in DECK[page] if loose(line) not in shown]
    assert missing == []
