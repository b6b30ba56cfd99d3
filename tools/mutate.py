"""Plant known defects one at a time and check that the tests catch each one.

    python -m tools.mutate           # what `make mutate` runs
    python -m tools.mutate glue-typed raw-markup    # only these mutations

A test earns its place by failing when the thing it guards breaks. Each
mutation below is a defect the tests are meant to catch: it is applied to a
scratch copy of the repository (book/, code/, tests/, tools/, the config
files and the execution cache, so builds stay incremental; `.venv` and
`node_modules` are linked), the tests it names are run there, and the edit
is undone before the next one. One scratch copy serves every mutation, so a
page is built in full once and then only re-read. First the tests run on the
unchanged copy: they must pass, or a failure would prove nothing.

A mutation is caught when its tests fail, missed when they pass; it is not
run when its old text is no longer in the file once (the page has changed:
update the mutation) or a test file it needs does not exist. The run exits
non-zero unless every mutation was caught.
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ["book", "code", "tests", "tools", "Makefile", "pyproject.toml", "pytest.ini"]
COPIED += ["requirements.txt", "_build/jupyter_cache"]


@dataclass(frozen=True)
class Mutation:
    name: str
    plants: str  # the defect, in words
    edits: tuple  # (file, old text, new text): old must occur exactly once
    tests: tuple  # the pytest selection that must fail


MUTATIONS = [
    Mutation(
        "wrong-formula",
        "the deck's 12x where the right 18x also appears, in both editions of chain-rule",
        (
            (
                "book/en/chain-rule.md",
                "= 18x(9x^4 + 12x^2 + 4) = 18x(3x^2 + 2)^2$$",
                "= 18x(9x^4 + 12x^2 + 4) = 12x(3x^2 + 2)^2$$",
            ),
            (
                "book/he/chain-rule.md",
                "= 18x(9x^4 + 12x^2 + 4) = 18x(3x^2 + 2)^2$$",
                "= 18x(9x^4 + 12x^2 + 4) = 12x(3x^2 + 2)^2$$",
            ),
        ),
        ("tests/test_formulas.py",),
    ),
    Mutation(
        "dropped-sentence",
        "a sentence (g(x) = x^3 has g'(0) = 0) dropped from the English derivative page",
        (
            (
                "book/en/derivative.md",
                ": $g(x) = x^3$ has $g'(0) = 0$, yet it rises\non both sides of 0.",
                ".",
            ),
        ),
        ("tests/test_prose_parity.py",),
    ),
    Mutation(
        "changed-number",
        "a number changed in a formula of the English tensor-gradients page (1.5 to 2.5)",
        (("book/en/tensor-gradients.md", "$4 \\cdot 1 - 1.5$", "$4 \\cdot 1 - 2.5$"),),
        ("tests/test_prose_parity.py",),
    ),
    Mutation(
        "glue-typed",
        "a glued slope typed by hand (3.75) in both editions of derivative",
        (
            ("book/en/derivative.md", "{glue:text}`slope_at_15:g`", "3.75"),
            ("book/he/derivative.md", "{glue:text}`slope_at_15:g`", "3.75"),
        ),
        ("tests/test_glued_numbers.py::test_every_glued_key_is_used",),
    ),
    Mutation(
        "computed-typed",
        "a printed slope (3.75 at x = -1.5) typed beside a glued one, in both editions",
        (
            (
                "book/en/derivative.md",
                "{glue:text}`slope_at_15:g`.",
                "{glue:text}`slope_at_15:g`, and 3.75 at $x = -1.5$.",
            ),
            (
                "book/he/derivative.md",
                "{glue:text}`slope_at_15:g`.",
                "{glue:text}`slope_at_15:g`, וב-$x = -1.5$ הוא 3.75.",
            ),
        ),
        ("tests/test_glued_numbers.py::test_no_computed_number_typed",),
    ),
    Mutation(
        "raw-markup",
        "bold around a role after a Hebrew prefix, which renders its asterisks",
        (
            (
                "book/he/derivative.md",
                "ה{define}`נגזרת <derivative>`",
                "ה**{term}`נגזרת <derivative>`**",
            ),
        ),
        ("tests/test_rendered_text.py",),
    ),
    # Edits of code/ give the cache a new key: they run last, and the cache is restored after.
    Mutation(
        "shown-plumbing",
        "a glue call back in a cell the reader sees (and copies), in both editions",
        tuple(
            (
                f"book/{lang}/derivative.md",
                "lowest = solution.minimum()\n```\n\n"
                "```{code-cell} ipython3\n:tags: [remove-cell]\n",
                "lowest = solution.minimum()\n",
            )
            for lang in ("en", "he")
        ),
        ("tests/test_shown_code.py",),
    ),
    Mutation(
        "solution-off-x1",
        "squared_error wrong wherever x is not 1 (its doctests use x = 1)",
        (
            (
                "code/autograd_book/exercises.py",
                "        y_hat = a * x\n        l = (y_hat - 1) ** 2",
                "        y_hat = a * x**2\n        l = (y_hat - 1) ** 2",
            ),
        ),
        ("tests/test_exercises.py",),
    ),
    Mutation(
        "figures-unsized",
        "images without width and height: the text jumps when a lazy figure arrives",
        (("book/conf.py", '    "figure_sizes",\n', ""),),
        ("tests/test_browser.py::test_figures_keep_their_room",),
    ),
]


def scratch_copy(target):
    """A copy of the repository to mutate, sharing the virtual environment."""
    for part in COPIED:
        src, dst = ROOT / part, target / part
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        elif src.exists():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    (target / ".venv").symlink_to((ROOT / ".venv").resolve())
    # the npm packages, only read: PurgeCSS in the build, the browser tests' drivers
    (target / "node_modules").symlink_to((ROOT / "node_modules").resolve())


def pytest(root, tests):
    """(exit status, the first failing test or error, output) of pytest on `tests`."""
    args = [sys.executable, "-m", "pytest", "-x", "-q", "-rfE", "-p", "no:cacheprovider", *tests]
    run = subprocess.run(args, cwd=root, capture_output=True, text=True, timeout=1800)
    first = re.search(r"^(?:FAILED|ERROR) \S+", run.stdout, re.M)  # an ERROR: a fixture broke
    return run.returncode, first.group() if first else "", run.stdout + run.stderr


def missing_tests(root, mutation):
    return [t for t in mutation.tests if not (root / t.partition("::")[0]).exists()]


def check(root, mutation):
    """Apply one mutation, run its tests, undo it: (result, detail)."""
    originals = {}
    for file, old, new in mutation.edits:
        path = root / file
        originals.setdefault(path, path.read_text(encoding="utf-8"))
        current = path.read_text(encoding="utf-8")
        if current.count(old) != 1:
            restore(root, originals)
            return "NOT RUN", f"{file}: the old text is there {current.count(old)} times, not once"
        path.write_text(current.replace(old, new), encoding="utf-8")
    try:
        status, first, output = pytest(root, mutation.tests)
    finally:
        restore(root, originals)
    if status == 1:
        return "caught", first
    if status == 0:
        return "MISSED", "the tests pass"
    return "ERROR", f"pytest exit status {status}: {output.strip().splitlines()[-1:]}"


def restore(root, originals):
    """Undo the edits, and bring back the execution cache if an edit of code/ re-keyed it."""
    for path, text in originals.items():
        path.write_text(text, encoding="utf-8")
    cache = root / "_build" / "jupyter_cache"
    if any(path.is_relative_to(root / "code") for path in originals):
        shutil.rmtree(cache, ignore_errors=True)
        shutil.copytree(ROOT / "_build" / "jupyter_cache", cache)


def table(rows):
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="run only these mutations")
    parser.add_argument("--keep", action="store_true", help="keep the scratch copy")
    args = parser.parse_args()
    chosen = [m for m in MUTATIONS if not args.names or m.name in args.names]
    unknown = set(args.names) - {m.name for m in MUTATIONS}
    if unknown:
        sys.exit(f"no such mutation: {', '.join(sorted(unknown))}")
    # Edits of code/ last: they re-key the cache, and each page would run again.
    chosen.sort(key=lambda m: any(f.startswith("code/") for f, _, _ in m.edits))

    root = Path(tempfile.mkdtemp(prefix="mutate-"))
    try:
        scratch_copy(root)
        present = sorted({t for m in chosen if not missing_tests(root, m) for t in m.tests})
        print(f"scratch copy: {root}\nthe tests on the unchanged copy: {' '.join(present)}")
        status, first, output = pytest(root, present)
        if status != 0:
            sys.exit(f"the tests fail without any mutation ({first}):\n{output[-3000:]}")
        rows = [("mutation", "plants", "tests", "result", "detail")]
        for mutation in chosen:
            missing = missing_tests(root, mutation)
            if missing:
                result = ("NOT RUN", f"{', '.join(missing)} does not exist yet")
            else:
                print(f"{mutation.name}: {mutation.plants}", flush=True)
                result = check(root, mutation)
            rows.append((mutation.name, mutation.plants, " ".join(mutation.tests), *result))
        print(table(rows))
        return 0 if all(r[3] == "caught" for r in rows[1:]) else 1
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
