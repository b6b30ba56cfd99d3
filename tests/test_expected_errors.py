"""Errors shown on purpose are real: each tagged cell raised exactly the expected exception.

A cell tagged `raises-exception` may fail without failing the build; this test
pins down which exception and message each one shows, page by page.
"""

import re

import pytest
from bs4 import BeautifulSoup

from .conftest import EDITIONS

# A second backward() through a graph whose saved tensors were freed.
SECOND_BACKWARD = (
    "RuntimeError",
    "Trying to backward through the graph a second time (or directly access saved "
    "tensors after they have already been freed). Saved intermediate values of the "
    "graph are freed when you call .backward() or autograd.grad(). Specify "
    "retain_graph=True if you need to backward through the graph a second time or "
    "if you need to access saved tensors after calling backward.",
)
# backward() through a saved tensor that changed in place since (its version counter moved).
MODIFIED_IN_PLACE = (
    "RuntimeError",
    "one of the variables needed for gradient computation has been modified by an "
    "inplace operation: [torch.FloatTensor [1]] is at version 1; expected version 0 "
    "instead. Hint: enable anomaly detection to find the operation that failed to "
    "compute its gradient, with torch.autograd.set_detect_anomaly(True, "
    "check_nan=False).",
)

EXPECTED = {
    "tensor-gradients": [
        ("RuntimeError", "grad can be implicitly created only for scalar outputs"),
    ],
    "inside-autograd": [
        ("RuntimeError", "grad can be implicitly created only for scalar outputs"),
        SECOND_BACKWARD,
        MODIFIED_IN_PLACE,
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
    "autograd-toolbox": [
        ("ValueError", "can't optimize a non-leaf Tensor"),
        SECOND_BACKWARD,
        MODIFIED_IN_PLACE,
        (
            "RuntimeError",
            "Inference tensors cannot be saved for backward. Please do not use Tensors "
            "created in inference mode in computation tracked by autograd. To work around "
            "this, you can make a clone to get a normal tensor and use it in autograd, or use "
            "`torch.no_grad()` instead of `torch.inference_mode()`.",
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
