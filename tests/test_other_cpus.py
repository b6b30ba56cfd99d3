"""Every page runs on a processor without AVX2, as a reader's download would.

torch picks its CPU kernels by what the processor offers: AVX-512, AVX2, or
neither. `ATEN_CPU_CAPABILITY=default` makes it use the plain kernels of a
processor without AVX2, and those can round differently (the vector kernels
use a fused multiply-add, which rounds once), so an `assert` on the last bit
could pass where the book is built and fail on a reader's machine.

Each page is executed that way in the book's kernel, with the environment
book/conf.py gives it, two pages at a time. The code cells are the same in
both editions (tests/test_parity.py), so the English pages stand for both. A
cell that raises (unless tagged `raises-exception`) or writes to stderr
(either fails the build) fails its page's test, naming the line it starts on.
"""

import os
import runpy
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import pytest
from myst_nb.core.read import read_myst_markdown_notebook
from myst_parser.config.main import MdParserConfig
from nbclient import NotebookClient

from .conftest import BOOK

PAGES = sorted(p.name for p in (BOOK / "en").glob("*.md"))


def kernel_environment(capability):
    """Set this process's environment as the build gives its kernels, on the given CPU kernels."""
    runpy.run_path(str(BOOK / "conf.py"))  # sets PYTHONPATH and JUPYTER_PATH for kernels
    os.environ["ATEN_CPU_CAPABILITY"] = capability


def execute(path):
    """The page at `path` as a notebook, executed (errors kept in the outputs); None if no code."""
    text = path.read_text(encoding="utf-8")
    nb = read_myst_markdown_notebook(text, MdParserConfig(), add_source_map=True)
    if not any(cell.cell_type == "code" for cell in nb.cells):
        return None
    client = NotebookClient(
        nb, timeout=120, allow_errors=True, resources={"metadata": {"path": str(path.parent)}}
    )
    return client.execute()


def problems(nb):
    """`line N: what went wrong` for each cell that raised unexpectedly or wrote to stderr."""
    found = []
    for cell, line in zip(nb.cells, nb.metadata["source_map"], strict=True):
        if cell.cell_type != "code":
            continue
        for out in cell.outputs:
            expected = "raises-exception" in cell.metadata.get("tags", [])
            if out.output_type == "error" and not expected:
                found.append(f"line {line}: {out.ename}: {out.evalue}")
            elif out.output_type == "stream" and out.name == "stderr":
                found.append(f"line {line}: stderr: {out.text.strip()}")
    return found


def execute_all(capability, pages=PAGES, workers=2):
    """{page name: executed notebook or None}, one kernel per worker process."""
    paths = [BOOK / "en" / name for name in pages]
    with ProcessPoolExecutor(
        workers,
        mp_context=get_context("fork"),
        initializer=kernel_environment,
        initargs=(capability,),
    ) as pool:
        return dict(zip(pages, pool.map(execute, paths), strict=True))


@pytest.fixture(scope="module")
def plain_kernels():
    """{page name: its problems} with torch's plain CPU kernels."""
    executed = execute_all("default")
    return {page: [] if nb is None else problems(nb) for page, nb in executed.items()}


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_on_plain_cpu_kernels(plain_kernels, page):
    assert plain_kernels[page] == [], f"{page} with ATEN_CPU_CAPABILITY=default"
