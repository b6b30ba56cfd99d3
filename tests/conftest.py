"""Shared fixtures: the built site (one build for the whole session) and small scratch books."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from filelock import FileLock
from hypothesis import settings

# hypothesis's profiles (pytest --hypothesis-profile=NAME). "book", the default, is
# the same examples on every run, with no example database; "properties" (make
# properties) searches much further, from a fresh seed each run, and prints how to
# reproduce a failure.
settings.register_profile(
    "book", max_examples=300, derandomize=True, database=None, deadline=None, print_blob=True
)
settings.register_profile(
    "properties", settings.get_profile("book"), max_examples=10_000, derandomize=False
)
settings.load_profile("book")

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
SITE = ROOT / "_build" / "html"
EDITIONS = ("he", "en")
# the tests that need a browser engine, Java or node_modules (skipped loudly without them)
BROWSER_TESTS = ("tests/test_browser.py", "tests/test_validators.py", "tests/test_weight.py")


def run_build(root, *defines):
    """Run `python -m tools.build` on the book at `root`; returns the finished process."""
    args = [sys.executable, "-m", "tools.build", "--root", str(root)]
    for define in defines:
        args += ["-D", define]
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="session")
def build():
    """The build of the real book that `make html` runs (incremental: cheap when up to date).

    Each pytest-xdist worker asks for it: the first builds, the others wait for
    the lock and find the site up to date.
    """
    (ROOT / "_build").mkdir(exist_ok=True)
    with FileLock(ROOT / "_build" / "build.lock"):
        return run_build(ROOT)


@pytest.fixture(scope="session")
def site(build):
    """The published site, after a build that must have succeeded."""
    assert build.returncode == 0, build.stdout + build.stderr
    return SITE


class ScratchBook:
    """A one-chapter book beside a copy of the real configuration and code/."""

    def __init__(self, root):
        self.root = root
        book = root / "book"
        book.mkdir()
        for part in ("conf.py", "_ext", "_static", "_templates", "_locales", "_jupyter", "_root"):
            src = BOOK / part
            (shutil.copytree if src.is_dir() else shutil.copy)(src, book / part)
        shutil.copytree(ROOT / "code", root / "code", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / "requirements.txt", root / "requirements.txt")
        self.toc(["page"])

    def toc(self, chapters):
        lines = ["format: jb-book", "root: index", "chapters:"]
        lines += [f"  - file: {name}" for name in chapters]
        (self.root / "book" / "_toc.yml").write_text("\n".join(lines) + "\n")

    def page(self, name, body, editions=EDITIONS, notebook=True):
        """Write the same page into each edition (code cells must match anyway)."""
        front = "---\nfile_format: mystnb\nkernelspec:\n  name: python3\n---\n" if notebook else ""
        for lang in editions:
            path = self.root / "book" / lang / f"{name}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(front + body)

    def build(self, *defines):
        return run_build(self.root, *defines)

    def html(self, lang, name):
        return (self.root / "_build" / "html" / lang / f"{name}.html").read_text()


@pytest.fixture
def scratch(tmp_path):
    """A scratch book with an index page and one notebook page, not built yet."""
    book = ScratchBook(tmp_path)
    book.page("index", "# Index\n\nA scratch book.\n", notebook=False)
    book.page("page", "# Page\n\n```{code-cell} ipython3\nprint(6 * 7)\n```\n")
    return book


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter):
    """A banner that cannot be missed when browser or validator tests did not run."""
    result = yield
    skipped = [
        r for r in terminalreporter.stats.get("skipped", []) if r.nodeid.startswith(BROWSER_TESTS)
    ]
    if not skipped:
        return result
    reasons = sorted(
        {
            r.longrepr[2].removeprefix("Skipped: ")
            if isinstance(r.longrepr, tuple)
            else str(r.longrepr)
            for r in skipped
        }
    )
    terminalreporter.write_sep("!", "BROWSER TESTS SKIPPED", red=True, bold=True)
    terminalreporter.write_line(
        f"{len(skipped)} browser or validator test(s) did not run, so right-to-left layout,"
        " offline loading, search, contrast, valid HTML, accessibility and page weight are"
        " NOT proven here:",
        red=True,
        bold=True,
    )
    for reason in reasons:
        terminalreporter.write_line(f"  {reason}", red=True, bold=True)
    terminalreporter.write_sep("!", red=True, bold=True)
    return result
