"""Measure the build: cold, no change, prose-only edit, and the naive baseline.

    python -m tools.bench            # what `make bench` runs

Each scenario builds a fresh copy of the book in a temporary folder, so the
real _build is untouched. The baseline is the naive build: myst-nb's `force`
mode, where each edition executes its own pages, one after the other.
"""

import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tools import chromium, pdf, static_host

ROOT = Path(__file__).resolve().parent.parent
PROSE_PAGE = Path("book/en/derivative.md")
PROSE_EDIT = ("A function turns a number", "A function changes a number")


def copy_book(target):
    for part in ("book", "code", "tools"):
        shutil.copytree(
            ROOT / part, target / part, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
        )
    shutil.copy(ROOT / "requirements.txt", target)


def timed_build(root, *defines):
    """(seconds, notebooks executed per edition) of one `tools.build` run."""
    args = [sys.executable, "-m", "tools.build", "--root", str(root)]
    for define in defines:
        args += ["-D", define]
    start = time.perf_counter()
    result = subprocess.run(args, cwd=root, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"benchmark build failed:\n{result.stdout}{result.stderr}")
    executed = [
        line.split(", ")[1].split()[0]
        for line in result.stdout.splitlines()
        if " notebook(s) executed" in line
    ]
    return seconds, "+".join(executed) or "0 (up to date)"


LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"  # npm ci
LIGHTHOUSE_PAGE = "derivative.html"  # a chapter page with figures, widgets and a self-check


def lighthouse_scores(book):
    """Lighthouse's scores, mobile profile, for a chapter page of each edition (or why not).

    The site is served from its own root, compressed as a static host serves it
    (tools/static_host.py); Lighthouse throttles it to a slow phone on 4G.
    """
    if not LIGHTHOUSE.exists() or chromium.path() is None:
        return "skipped: Lighthouse (npm ci) or Chromium is missing"
    scores = []
    with static_host.serve(book / "_build" / "html", compress=True) as base:
        for lang in ("he", "en"):
            args = [LIGHTHOUSE, f"{base}/{lang}/{LIGHTHOUSE_PAGE}"]
            args += [f"--chrome-path={chromium.path()}"]
            args += ["--chrome-flags=" + " ".join(chromium.FLAGS)]
            args += ["--only-categories=performance,accessibility,best-practices"]
            args += ["--output=json", "--output-path=stdout", "--quiet"]
            report = json.loads(subprocess.run(args, capture_output=True, text=True).stdout)
            found = [f"{c['title']} {100 * c['score']:.0f}" for c in report["categories"].values()]
            scores.append(f"{lang}: " + ", ".join(found))
    return "; ".join(scores)


def main():
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "book-cache"
        copy_book(book)
        rows.append(("cold build (empty cache)", *timed_build(book)))
        export = sum(  # written by book/_ext/notebook_download.py
            float((book / "_build" / "doctrees" / lang / "export-seconds.txt").read_text())
            for lang in ("he", "en")
        )
        rows.append(("rebuild, no change", *timed_build(book)))
        page = book / PROSE_PAGE
        page.write_text(page.read_text().replace(*PROSE_EDIT, 1))
        rows.append(("rebuild after a prose-only edit", *timed_build(book)))
        # The printed edition of the built copy (make pdf's printing, without its builds).
        missing = pdf.missing_tools(book)
        pdf_seconds = {} if missing else pdf.make_pdfs(book)
        lighthouse = lighthouse_scores(book)
        naive = Path(tmp) / "book-force"
        copy_book(naive)
        rows.append(("baseline: force mode, cold", *timed_build(naive, "nb_execution_mode=force")))
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    cold, same, prose, naive = (r[1] for r in rows)
    print("| build (both editions) | seconds | notebooks executed (he+en) |")
    print("|---|---:|---:|")
    for name, seconds, executed in rows:
        print(f"| {name} | {seconds:.1f} | {executed} |")
    print()
    print(f"cold build vs baseline: {naive / cold:.1f}x faster (goal: at least 2x)")
    print(f"no-change rebuild: {100 * same / cold:.0f} % of a cold build (goal: under 10 %)")
    print(
        f"exporting the plain notebooks: {export:.1f} s, {100 * export / cold:.0f} % of the cold"
        " build (goal: under 10 %)"
    )
    printing = ", ".join(f"{lang} {seconds:.1f} s" for lang, seconds in pdf_seconds.items())
    print(f"make pdf, printing each edition: {printing or 'skipped: ' + '; '.join(missing)}")
    print(f"Lighthouse, {LIGHTHOUSE_PAGE} (goal: 95 or more in each): {lighthouse}")
    print(f"peak memory of one process (build or kernel): {peak:.0f} MB")


if __name__ == "__main__":
    main()
