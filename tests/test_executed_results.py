"""Results the chapters compute, asserted from what the pages executed.

myst-nb keeps every glued value of an executed page (`<page>.glue.json`);
these tests read them from the build of each edition.
"""

import json

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
