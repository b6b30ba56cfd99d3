"""The notebooks a student takes home are plain Jupyter, and run anywhere.

Each page that runs is offered as two notebooks per edition (book/_ext/
notebook_download.py): the full page and a student worksheet. Here they are
validated, searched for MyST syntax and for solutions, and executed in a clean
environment that has only torch, matplotlib, ipykernel and nbclient (the
versions of requirements.txt) with nothing but the package zip beside them; what
they print must be what the page printed. The Hebrew notebooks run there; an
English notebook holds the same code as its Hebrew twin, and prints the same.
"""

import json
import re
import subprocess
import venv
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

from .conftest import EDITIONS, ROOT
from .run_notebooks import printed
from .test_parity import PAGES, code_cells, read

MYST = re.compile(r"\{[\w:-]+\}`|^\([\w-]+\)=\s*$|^(`{3,}|:{3,})\s*\{|\bmyst_nb\b", re.M)
CLEAN = ROOT / "_build" / "clean-env"
CLEAN_PACKAGES = ("torch", "matplotlib", "ipykernel", "nbclient")
# a student's machine: its own home (matplotlib's font cache), no PYTHONPATH, no Jupyter paths
CLEAN_ENV = {"PATH": "/usr/bin:/bin", "HOME": str(CLEAN / "home")}
SOLUTION_HEADING = {"en": "Solution to exercise", "he": "פתרון לתרגיל"}


def notebook_pages():
    return [name.removesuffix(".md") for name in PAGES if code_cells(read("en", name))]


NOTEBOOKS = [
    (lang, page, kind)
    for lang in EDITIONS
    for page in notebook_pages()
    for kind in ("", "-student")
]


# The two editions' code cells are the same byte for byte, so their notebooks run
# alike: each runs in the first edition, and its twin must hold the same code.
RUN = [key for key in NOTEBOOKS if key[0] == EDITIONS[0]]


def code(notebook):
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def path_of(site, lang, page, kind):
    return site / lang / "_sources" / f"{page}{kind}.ipynb"


@pytest.fixture(scope="module")
def notebooks(site):
    return {key: nbformat.read(path_of(site, *key), as_version=4) for key in NOTEBOOKS}


def solution_sources(lang, page):
    """The shown code of the cells between a page's solution-start and solution-end."""
    text = read(lang, f"{page}.md")
    inside = "".join(re.findall(r"\{solution-start\}.*?\{solution-end\}", text, re.S))
    return inside and [
        source
        for source, meta in code_cells(inside)
        if source.strip() and "remove-cell" not in meta.get("tags", [])
    ]


@pytest.mark.parametrize("key", NOTEBOOKS, ids=lambda k: f"{k[0]}/{k[1]}{k[2]}")
def test_plain_jupyter(notebooks, key):
    """nbformat 4 and valid; no MyST in any cell; Hebrew Markdown right to left."""
    lang, page, kind = key
    nb = notebooks[key]
    assert nb.nbformat == 4
    nbformat.validate(nb)
    for i, cell in enumerate(nb.cells):
        leftover = MYST.search(cell.source)
        assert not leftover, f"{lang}/{page}{kind} cell {i}: {leftover[0]!r}"
        if lang == "he" and cell.cell_type == "markdown":
            assert cell.source.startswith('<div dir="rtl">'), f"{lang}/{page}{kind} cell {i}"


@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize("page", notebook_pages())
def test_student_worksheet_has_no_solutions(notebooks, lang, page):
    """No solution heading or solution code; an empty cell after each exercise."""
    full, student = notebooks[lang, page, ""], notebooks[lang, page, "-student"]
    student_text = "\n".join(c.source for c in student.cells)
    solutions = solution_sources(lang, page)
    for source in solutions:
        assert source not in student_text, f"{lang}/{page}: a solution cell is in the worksheet"
    assert SOLUTION_HEADING[lang] not in student_text
    exercises = read(lang, f"{page}.md").count("```{exercise}")
    empty = sum(c.cell_type == "code" and not c.source for c in student.cells)
    assert empty == exercises
    full_text = "\n".join(c.source for c in full.cells)
    assert all(source in full_text for source in solutions), "the full notebook lost a solution"
    assert full_text.count(SOLUTION_HEADING[lang]) == exercises


@pytest.fixture(scope="session")
def clean_python():
    """A virtual environment with only what a student installs (made once, kept in _build)."""
    python = CLEAN / "bin" / "python"
    stamp = CLEAN / "installed.txt"
    pins = [
        line
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.split("==")[0].lower() in CLEAN_PACKAGES
    ]
    assert len(pins) == len(CLEAN_PACKAGES), pins
    if not stamp.is_file() or stamp.read_text() != "\n".join(pins):
        venv.create(CLEAN, clear=True, with_pip=True)
        # the pins of requirements.txt as constraints: the same versions of what they pull in
        subprocess.run(
            [
                python,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--no-compile",  # compiled on first import: CLEAN_ENV lets Python write .pyc files
                "-c",
                ROOT / "requirements.txt",
                *pins,
            ],
            check=True,
        )
        # matplotlib builds its font cache once, with a notice on stderr: not in a notebook
        subprocess.run([python, "-c", "import matplotlib.font_manager"], env=CLEAN_ENV, check=True)
        stamp.write_text("\n".join(pins))
    found = subprocess.run([python, "-c", "import sphinx"], capture_output=True)
    assert found.returncode != 0, "the clean environment must not have sphinx"
    return python


@pytest.fixture(scope="module")
def clean_runs(site, clean_python):
    """What each notebook of the first edition printed in the clean environment, two at a time."""

    def run(keys):
        args = [
            clean_python,
            ROOT / "tests" / "run_notebooks.py",
            site / "en" / "autograd_book.zip",
        ]
        args += [path_of(site, *key) for key in keys]
        done = subprocess.run(args, capture_output=True, text=True, env=CLEAN_ENV, timeout=1800)
        assert done.returncode == 0, done.stderr
        return [json.loads(line) for line in done.stdout.splitlines()]

    halves = [RUN[0::2], RUN[1::2]]
    with ThreadPoolExecutor(2) as pool:
        results = [r for part in pool.map(run, halves) for r in part]
    return {key: r for key, r in zip(halves[0] + halves[1], results, strict=True)}


@pytest.mark.parametrize("key", NOTEBOOKS, ids=lambda k: f"{k[0]}/{k[1]}{k[2]}")
def test_runs_anywhere(notebooks, clean_runs, key):
    """Top to bottom in the clean environment, printing what the page printed."""
    _, page, kind = key
    ran = (EDITIONS[0], page, kind)
    assert code(notebooks[key]) == code(notebooks[ran]), f"{key}: not the code of {ran}"
    result = clean_runs[ran]
    assert "failed" not in result, f"{result['notebook']}: {result.get('failed')}"
    stored = [printed(c) for c in notebooks[key].cells if c.cell_type == "code"]
    assert result["printed"] == stored


def test_a_construct_with_no_plain_form_fails_the_build(scratch):
    """An admonition has no plain notebook form: the build names the page and the
    construct instead of leaking MyST into a notebook, and keeps the last good site."""
    assert scratch.build().returncode == 0
    scratch.page(
        "page", "# Page\n\n```{note}\nA note.\n```\n\n```{code-cell} ipython3\nprint(6 * 7)\n```\n"
    )
    result = scratch.build()
    assert result.returncode != 0
    report = result.stdout + result.stderr
    assert "page.md" in report and "the directive {note}" in report, report
    assert "42" in scratch.html("en", "page")
