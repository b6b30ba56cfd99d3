"""Measure the build: cold, no change, prose-only edit, and the naive baseline.

    python -m tools.bench            # what `make bench` runs

Each scenario builds a fresh copy of the book in a temporary folder, so the
real _build is untouched. The baseline is the naive build: myst-nb's `force`
mode, where each edition executes its own pages, one after the other.
"""

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import nbformat
from jupyter_cache import get_cache
from nbclient import NotebookClient

from book._ext.cache_key import digest
from tools import chromium, pdf, static_host

ROOT = Path(__file__).resolve().parent.parent
PROSE_PAGE = Path("book/en/derivative.md")
PROSE_EDIT = ("A function turns a number", "A function changes a number")
# the chapters after the deck's own and the first additions (issue 14): what they add
ADDED_CHAPTERS = ("more-rules", "autograd-toolbox", "first-neuron")
# what a glued widget's output is, in the cached notebooks (code/autograd_book/widgets.py)
WIDGET_MIME = "application/vnd.autograd-book.widget+json"


def copy_book(target):
    for part in ("book", "code", "tools"):
        shutil.copytree(
            ROOT / part, target / part, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
        )
    shutil.copy(ROOT / "requirements.txt", target)
    # the npm packages are only read (PurgeCSS in the build): shared, not copied
    (target / "node_modules").symlink_to(ROOT / "node_modules")


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
LIGHTHOUSE_RUNS = 5


def cached_notebooks(book):
    """(page, notebook) of every page in the build's execution cache (one per page)."""
    # the folder of the cache is named for the code's digest (book/_ext/cache_key.py)
    cache = get_cache(str(book / "_build" / "jupyter_cache" / digest()))
    for record in cache.list_cache_records():
        yield Path(record.uri), record, cache.get_cache_bundle(record.pk).nb


def kernel_seconds(book):
    """{page: seconds its kernel ran} in the cold build (book/_ext/prefill.py records them)."""
    return {
        path.stem: record.data["execution_seconds"] for path, record, _ in cached_notebooks(book)
    }


def widget_seconds(book):
    """Seconds the cells that make a widget's data take, over the book: an upper
    bound, since such a cell also draws the widget's static figure.

    Each page with a widget runs again, with nbclient timing every cell, in
    the kernel the build uses (book/conf.py: the book's code, a quiet ipykernel).
    """
    os.environ["PYTHONPATH"] = str(book / "code")
    os.environ["JUPYTER_PATH"] = str(book / "book" / "_jupyter")
    total = 0.0
    for path, _, nb in cached_notebooks(book):
        cells = [
            i
            for i, cell in enumerate(nb.cells)
            if any(
                WIDGET_MIME in key for out in cell.get("outputs", []) for key in out.get("data", {})
            )
        ]
        if not cells:
            continue
        nb = nbformat.from_dict(nb)
        NotebookClient(
            nb, record_timing=True, resources={"metadata": {"path": str(path.parent)}}
        ).execute()
        for i in cells:
            times = nb.cells[i].metadata["execution"]
            start, end = (
                datetime.fromisoformat(times[key])
                for key in ("iopub.execute_input", "shell.execute_reply")
            )
            total += (end - start).total_seconds()
    return total


# One input after another, as JavaScript: (page, what `input(i)` does, how many there are).
WIDGET_INPUTS = {
    "tangent explorer": (
        "derivative",
        """const s = document.querySelector("figure.book-widget input[type=range]");
        const input = (i) => { s.value = i; s.dispatchEvent(new Event("input")); };
        const count = +s.max + 1;""",
    ),
    "backward-pass stepper": (
        "autograd-basics",
        """const w = document.querySelector("figure.book-widget-stepper");
        const button = (a) => w.querySelector(`[data-action=${a}]`);
        const input = (i) => button(i % 12 === 11 ? "reset" : "next").click();
        const count = 48;""",
    ),
}


def slowest_widget_inputs(book):
    """{widget: the slowest of its inputs, in ms}: each input only looks up and draws."""
    from playwright.sync_api import sync_playwright

    slowest = {}
    with static_host.serve(book / "_build" / "html") as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium.path(), args=chromium.FLAGS)
        for widget, (page, setup) in WIDGET_INPUTS.items():
            tab = browser.new_page()
            tab.goto(f"{base}/en/{page}.html")
            tab.wait_for_selector("figure.book-widget .book-widget-live")
            slowest[widget] = tab.evaluate(f"""() => {{
              {setup}
              let worst = 0;
              for (let i = 0; i < count; i++) {{
                const t = performance.now();
                input(i);
                worst = Math.max(worst, performance.now() - t);
              }}
              return worst;
            }}""")
            tab.close()
        browser.close()
    return slowest


def lighthouse_scores(book):
    """Lighthouse's scores, mobile profile, for a chapter page of each edition (or why not).

    The site is served from its own root, compressed as a static host serves it
    (tools/static_host.py); Lighthouse throttles it to a slow phone on 4G. Its
    performance score moves by a few points from run to run, so each page is
    measured LIGHTHOUSE_RUNS times and the median run reported, as Lighthouse's
    guide to variability advises, with the lowest and highest scores.
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
            runs = [
                {
                    c["title"]: round(100 * c["score"])
                    for c in json.loads(
                        subprocess.run(args, capture_output=True, text=True).stdout
                    )["categories"].values()
                }
                for _ in range(LIGHTHOUSE_RUNS)
            ]
            found = []
            for title in runs[0]:
                each = sorted(run[title] for run in runs)
                spread = f" ({each[0]}-{each[-1]})" if each[0] != each[-1] else ""
                found.append(f"{title} {statistics.median(each):.0f}{spread}")
            scores.append(f"{lang}: " + ", ".join(found))
    return f"median of {LIGHTHOUSE_RUNS} runs; " + "; ".join(scores)


def main():
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "book-cache"
        copy_book(book)
        rows.append(("cold build (empty cache)", *timed_build(book)))
        kernels = kernel_seconds(book)
        widgets = widget_seconds(book)
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
        inputs = {} if chromium.path() is None else slowest_widget_inputs(book)
        naive = Path(tmp) / "book-force"
        copy_book(naive)
        # The plain notebooks are exported from the execution cache, which force mode
        # does not fill: the baseline no longer builds, and says so instead of stopping here.
        try:
            rows.append(
                ("baseline: force mode, cold", *timed_build(naive, "nb_execution_mode=force"))
            )
        except SystemExit:
            rows.append(("baseline: force mode, cold (fails: no cache to export from)", 0.0, "-"))
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    cold, same, prose, naive = (r[1] for r in rows)
    print("| build (both editions) | seconds | notebooks executed (he+en) |")
    print("|---|---:|---:|")
    for name, seconds, executed in rows:
        print(f"| {name} | {seconds:.1f} | {executed} |")
    print()
    if naive:
        print(f"cold build vs baseline: {naive / cold:.1f}x faster (goal: at least 2x)")
    print(f"no-change rebuild: {100 * same / cold:.0f} % of a cold build (goal: under 10 %)")
    print(
        f"exporting the plain notebooks: {export:.1f} s, {100 * export / cold:.0f} % of the cold"
        " build (goal: under 10 %)"
    )
    printing = ", ".join(f"{lang} {seconds:.1f} s" for lang, seconds in pdf_seconds.items())
    added = sum(kernels.get(page, 0) for page in ADDED_CHAPTERS)
    print(
        f"kernels: {sum(kernels.values()):.1f} s over {len(kernels)} pages (two run at a time);"
        f" the chapters {', '.join(ADDED_CHAPTERS)}: {added:.1f} s, adding"
        f" {100 * added / (sum(kernels.values()) - added):.0f} % to the other pages'"
        " (goal: under 40 %)"
    )
    print(
        f"the cells that make the widgets (and their static figures): {widgets:.2f} s of kernel"
        f" time, at most {100 * widgets / cold:.1f} % of the cold build (goal: under 15 %)"
    )
    answered = ", ".join(f"{widget} {ms:.1f} ms" for widget, ms in inputs.items())
    print(
        "the slowest input of each widget (goal: within a frame, 16.7 ms):"
        f" {answered or 'skipped: no Chromium'}"
    )
    print(f"make pdf, printing each edition: {printing or 'skipped: ' + '; '.join(missing)}")
    print(f"Lighthouse, {LIGHTHOUSE_PAGE} (goal: 95 or more in each): {lighthouse}")
    print(f"peak memory of one process (build or kernel): {peak:.0f} MB")


if __name__ == "__main__":
    main()
