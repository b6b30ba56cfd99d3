"""The doctests of the book's pages: the examples in the appendix on the book's code.

pytest runs the docstrings of code/ directly (--doctest-modules); this runs
them again as the pages show them, with Sphinx's doctest builder, so that what
a reader sees is what was tested. The docstrings are the same in both
editions (tests/test_parity.py), so one edition is enough.
"""

import re
import subprocess
import sys

from .conftest import BOOK, ROOT


def test_sphinx_doctest_builder_passes(build):
    out = ROOT / "_build" / "doctest"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "build",
            "-b",
            "doctest",
            "-q",
            "-c",
            str(BOOK),
            "-d",
            str(ROOT / "_build" / "doctrees" / "en"),
            "-D",
            "language=en",
            str(BOOK / "en"),
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    summary = (out / "output.txt").read_text()
    tests, failures = map(
        int, re.search(r"(\d+) tests?\s*\n\s*(\d+) failures? in tests", summary).groups()
    )
    assert tests >= 10 and failures == 0, summary
