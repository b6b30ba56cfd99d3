"""Figures are stable: the same input gives the same SVG bytes in every build.

Each kind of figure the book draws is rendered in two separate Python
processes (with different hash seeds, as two builds would be) and compared.
That guards against what one process cannot see: an order taken from a set or
from hashed strings (several leaves of a graph placed by it), or ids drawn at
random.
"""

import hashlib
import os
import subprocess
import sys

import pytest

from .conftest import ROOT

FIGURES = {
    "tangents": "from autograd_book.plots import tangent_plot\n"
    "fig = tangent_plot(lambda x: x**3 - 3 * x, [-1.5, -1.0, 0.5, 1.5], -2.2, 2.2,"
    " show_derivative=True)",
    "path": "from autograd_book.plots import path_plot\n"
    "fig = path_plot(lambda w: 7.5 * (w - 2) ** 2, {'$a$': [0.0, 1.5, 1.875]}, minimum=2.0)",
    "slices": "from autograd_book.plots import slices_plot\n"
    "fig = slices_plot(lambda x, y: 3 * x**2 + 2 * y**3 + 4 * x * y, 1, 2, (-1, 3), (0, 3))",
    "kinks": "import torch\nfrom autograd_book.plots import kink_plot\n"
    "fig = kink_plot({'$|x|$': torch.abs, r'$\\mathrm{ReLU}(x)$': torch.relu})",
    "errors": "from autograd_book.finite_diff import error_plot\n"
    "fig = error_plot(lambda y: y**3, 2, [10.0**-k for k in range(1, 13)])",
    "graph": "import torch\nfrom autograd_book.graph import record\n"
    "from autograd_book.graph_figure import draw\n"
    "x = torch.tensor([1.0], requires_grad=True)\n"
    "with record():\n    l = (4 * x - 1) ** 2\n"
    "l.backward()\nfig = draw(l, names={'x': x, 'l': l})",
    "graph with several leaves": "import torch\nfrom autograd_book.graph import record\n"
    "from autograd_book.graph_figure import draw\n"
    "w, x = (torch.tensor([v], requires_grad=True) for v in (4.0, 1.0))\n"
    "y = torch.tensor([1.0])\n"
    "with record():\n    l = (w * x - y) ** 2\n"
    "l.backward()\nfig = draw(l, names={'w': w, 'x': x, 'y': y, 'l': l})",
    "decision boundaries": "from autograd_book.neuron import START, two_groups\n"
    "from autograd_book.neuron_plots import boundary_plot\n"
    "X, Y = two_groups()\nfig = boundary_plot(X, Y, {0: START, 5: (2.0, 1.0, 0.0)})",
    "loss curves": "from autograd_book.neuron_plots import loss_plot\n"
    "fig = loss_plot({'a': [0.9, 0.5, 0.2], 'b': [0.9, 0.5, 0.2]})",
    "regions of a network": "from autograd_book.neuron import xor_groups\n"
    "from autograd_book.neuron_plots import regions_plot\n"
    "X, Y = xor_groups()\nfig = regions_plot(X, Y, lambda P: P[:, 0] * P[:, 1])",
}


def svg_digest(code, seed):
    script = code + "\nimport hashlib\nprint(hashlib.sha256(fig.svg.encode()).hexdigest())"
    env = dict(os.environ, PYTHONHASHSEED=str(seed), PYTHONPATH=str(ROOT / "code"))
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


@pytest.mark.parametrize("kind", FIGURES)
def test_same_svg_bytes_in_two_processes(kind):
    first, second = svg_digest(FIGURES[kind], 1), svg_digest(FIGURES[kind], 2)
    assert len(first) == 64 and first == second


def test_published_figures_are_named_by_their_content(site):
    """myst-nb names an output image by its content, so a stable figure keeps its file."""
    for svg in (site / "en" / "_images").glob("*.svg"):
        digest = hashlib.sha256(svg.read_bytes()).hexdigest()
        assert svg.stem == digest, svg.name
