"""Results the chapters compute, asserted from what the pages executed.

myst-nb keeps every glued value of an executed page (`<page>.glue.json`);
these tests read them from the build of each edition.
"""

import json
import math

import pytest

from .conftest import EDITIONS, ROOT


def glued(lang, page):
    """{key: the text of the glued value} of a page, as the build executed it."""
    path = ROOT / "_build" / "stage" / lang / "jupyter_execute" / f"{page}.glue.json"
    return {k: v["data"]["text/plain"] for k, v in json.loads(path.read_text()).items()}


@pytest.mark.parametrize("lang", EDITIONS)
def test_gradient_descent_fits_W_to_2(site, lang):
    """The W of the final exercise's loss reaches 2 after 12 steps, as the chapter says."""
    values = glued(lang, "gradient-descent")
    assert float(values["fit_W12"]) == pytest.approx(2, abs=1e-6)
    assert float(values["fit_error"]) < 1e-6


@pytest.mark.parametrize("lang", EDITIONS)
def test_first_exercise_minimum(site, lang):
    values = glued(lang, "derivative")
    assert (float(values["ex_min_x"]), float(values["ex_min_y"])) == (-1.0, -3.0)


@pytest.mark.parametrize("lang", EDITIONS)
def test_one_neuron_separates_the_two_groups(site, lang):
    """After 200 steps every point is on its side, and the loss has fallen far below its start."""
    values = glued(lang, "first-neuron")
    assert 0.01 < float(values["final_loss"]) < 0.03
    assert float(values["start_loss"]) == pytest.approx(0.8556, abs=1e-4)
    assert int(values["final_right"]) == int(values["points"]) == 20


@pytest.mark.parametrize("lang", EDITIONS)
def test_xor_needs_two_layers(site, lang):
    """One neuron stays near ln 2 on the XOR points; the two-layer network gets them all."""
    values = glued(lang, "first-neuron")
    assert float(values["alone_loss"]) == pytest.approx(math.log(2), abs=0.01)
    assert int(values["alone_right"]) <= 15
    assert int(values["net_right"]) == int(values["xor_points"]) == 20
    assert float(values["net_loss"]) < 0.05
