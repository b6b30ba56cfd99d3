"""The printed edition (`make pdf`): both PDFs, read back with poppler-utils.

The PDFs are made by `make pdf` (tools/pdf.py), which `.ci/run` runs before
the tests. Without them, or without poppler-utils, the tests that read them
are skipped, and the summary says "PDF TESTS SKIPPED" and what is missing.
The print style of single pages is checked in Chromium, when it is installed.
"""

import functools
import os
import re
import shutil
import subprocess
import sys
from itertools import pairwise

import pytest
from bs4 import BeautifulSoup

from tools import chromium
from tools import pdf as printed

from .conftest import EDITIONS, ROOT, SITE

PDFS = ROOT / "_build" / "pdf"
POPPLER = ("pdfinfo", "pdftotext", "pdffonts")
# Bidirectional controls pdftotext puts around right-to-left runs: not text.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def missing():
    """Why the PDFs cannot be read here, or None."""
    tools = [tool for tool in POPPLER if shutil.which(tool) is None]
    if tools:
        return f"{', '.join(tools)} not installed (Debian: apt-get install poppler-utils)"
    absent = [
        f"autograd-{lang}.pdf" for lang in EDITIONS if not (PDFS / f"autograd-{lang}.pdf").is_file()
    ]
    if absent:
        return f"{', '.join(absent)} not in {PDFS} (run `make pdf`)"
    return None


MISSING = missing()
# pytest -ra (pytest.ini) lists the reason in the summary of every run.
needs_pdfs = pytest.mark.skipif(MISSING is not None, reason=f"PDF TESTS SKIPPED: {MISSING}")


def run(*args):
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def normal(text):
    """Text without bidirectional controls, its white space runs made single spaces."""
    return " ".join(BIDI_CONTROLS.sub("", text).split())


@functools.cache
def page_texts(lang):
    """The text of each page of an edition's PDF (pdftotext ends every page with a form feed)."""
    text = run("pdftotext", "-enc", "UTF-8", str(PDFS / f"autograd-{lang}.pdf"), "-")
    return [normal(page) for page in text.split("\f")[:-1]]


@functools.cache
def body_text(lang):
    """The text inside the page margins (tools/pdf.css: A4, 20 mm above, 22 mm below),
    without the running heads and page numbers, so a paragraph reads across pages."""
    crop = ["-x", "0", "-y", "57", "-W", "595", "-H", "723"]  # points
    return normal(run("pdftotext", *crop, "-enc", "UTF-8", str(PDFS / f"autograd-{lang}.pdf"), "-"))


def page_count(lang):
    return int(
        re.search(r"^Pages:\s+(\d+)", run("pdfinfo", str(PDFS / f"autograd-{lang}.pdf")), re.M)[1]
    )


def destinations(lang):
    """The PDF's named destinations (the ids the contents link to) and their pages, 1-based."""
    out = run("pdfinfo", "-dests", str(PDFS / f"autograd-{lang}.pdf"))
    return {m[2]: int(m[1]) for m in re.finditer(r'^\s*(\d+)\s+\[.*\]\s+"(.*)"$', out, re.M)}


@functools.cache
def built(lang, page):
    return BeautifulSoup((SITE / lang / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def title(lang, page):
    """A page's title without its section number ("What is a derivative").

    pdftotext moves a number that starts a right-to-left line ("1. מהי נגזרת"
    comes out ".1מהי נגזרת"), so the words are compared without it.
    """
    heading = BeautifulSoup(str(built(lang, page).select_one("article h1")), "html.parser")
    for extra in heading.select(".headerlink, .section-number"):
        extra.decompose()
    return printed.heading_text(heading)


def words(text):
    """The letters and digits of a text, in order: what survives pdftotext's guesses.

    On a right-to-left line pdftotext may move punctuation and the space
    beside it ("PyTorch, ואז" comes out "PyTorchואז").

    >>> words("(1. x) = {-2}")
    '1x2'
    """
    return "".join(re.findall(r"\w+", text))


PAGES = [page for page, _ in printed.toc_pages()]


@pytest.fixture(autouse=True, scope="module")
def _built(site):
    """The tests read the built site (the same incremental build as the other tests)."""


@needs_pdfs
def test_page_counts_are_plausible():
    """Each page of the book starts a page, and the two editions are about as long."""
    counts = {lang: page_count(lang) for lang in EDITIONS}
    for lang, count in counts.items():
        assert len(PAGES) + 2 <= count <= 25 * len(PAGES), (lang, count)
    assert max(counts.values()) <= 1.2 * min(counts.values()), counts


@needs_pdfs
@pytest.mark.parametrize("lang", EDITIONS)
def test_chapters_in_order_each_on_a_new_page(lang):
    """The pages of _toc.yml in order, after the title page and the contents, each titled."""
    dests = destinations(lang)
    starts = [dests[printed.anchor(page)] for page in PAGES]
    assert starts == sorted(set(starts)), dict(zip(PAGES, starts, strict=True))
    assert starts[0] >= 3, "a title page and the contents come first"
    texts = page_texts(lang)
    for page, start in zip(PAGES, starts, strict=True):
        assert words(title(lang, page)) in words(texts[start - 1]), (
            page,
            start,
            texts[start - 1][:200],
        )


@needs_pdfs
@pytest.mark.parametrize("lang", EDITIONS)
def test_contents_give_the_right_page_numbers(lang):
    """The contents (from page 2 to the first chapter) list every title, on one line with
    the page it starts on."""
    dests = destinations(lang)
    last = min(dests[printed.anchor(page)] for page in PAGES) - 1
    out = run(
        "pdftotext",
        "-layout",
        "-f",
        "2",
        "-l",
        str(last),
        "-enc",
        "UTF-8",
        str(PDFS / f"autograd-{lang}.pdf"),
        "-",
    )
    lines = out.splitlines()
    for page in PAGES:
        # the first line holding the title (the book's title is also the home page's)
        line = next(line for line in lines if words(title(lang, page)) in words(line))
        assert str(dests[printed.anchor(page)]) in re.findall(r"\d+", line), (page, line)


def plain_paragraphs(lang, page):
    """The paragraphs of a page without math, code or glued numbers, as they read."""
    article = built(lang, page).select_one("article")
    return [
        normal(p.get_text())
        for p in article.select("section > p")
        if not p.select("math, code, img, .slide-ref, .pasted-text")
        and len(p.get_text().split()) >= 6
    ]


# A run of Hebrew words with nothing but spaces between them.
HEBREW_RUN = re.compile(r"[\u05d0-\u05ea]+(?:\s+[\u05d0-\u05ea]+)+")


def runs(lang, paragraph):
    """The parts of a paragraph that must come out of the PDF as they are written.

    The English edition: the whole paragraph. The Hebrew one: each run of
    Hebrew words (a lone word shows no order). pdftotext orders the runs of
    a line by the direction it guesses for the whole page (left to right on
    a page of code), but the words inside a run come out in the order they
    were written, unless the text was laid out in visual order.

    >>> runs("he", "הנגזרת של torch היא, כמובן, מספר אחד")
    ['הנגזרת של', 'מספר אחד']
    """
    if lang != "he":
        return [paragraph]
    return [m[0] for m in HEBREW_RUN.finditer(paragraph)] or []


def found(run, text):
    """Whether `run` reads in order in `text` (its `words`), allowing one line break in it.

    A run that the page wraps onto two lines comes out as two runs, and
    pdftotext may put them in either order (see `runs`); each part must
    still read in order.

    >>> found("לא של מתמטיקה", words("לא של ... מתמטיקה"))
    True
    >>> found("אחד שניים שלושה", words("שלושה שניים אחד"))
    False
    """
    parts = run.split()
    return (
        any(
            words(" ".join(parts[:k])) in text and words(" ".join(parts[k:])) in text
            for k in range(1, len(parts))
        )
        or words(run) in text
    )


@needs_pdfs
@pytest.mark.parametrize("lang", EDITIONS)
def test_text_reads_in_logical_order(lang):
    """The paragraphs of plain prose of every chapter are found, word for word, in order."""
    text = words(body_text(lang))
    paragraphs = [p for page in PAGES for p in plain_paragraphs(lang, page)]
    assert len(paragraphs) >= len(PAGES)
    lost = [run for p in paragraphs for run in runs(lang, p) if not found(run, text)]
    assert not lost, lost


@needs_pdfs
def test_hebrew_sentence_in_logical_order():
    """A known sentence of the Hebrew edition, found character for character."""
    sentence = "לא נדרש ידע קודם בחשבון דיפרנציאלי"
    assert sentence in normal(built("he", "index").select_one("article").get_text())
    assert sentence in " ".join(page_texts("he"))


@needs_pdfs
@pytest.mark.parametrize("lang", EDITIONS)
def test_all_fonts_embedded(lang):
    out = run("pdffonts", str(PDFS / f"autograd-{lang}.pdf")).splitlines()[2:]
    assert out, "no fonts"
    # columns: name type encoding emb sub uni object-id generation
    not_embedded = [line for line in out if line.split()[-5] != "yes"]
    assert not not_embedded, not_embedded


def code_text(lang):
    """The code of an edition's pages, in cells and in the prose, as one string."""
    return "".join(
        code.get_text()
        for page in PAGES
        for code in built(lang, page).select("article pre, article code")
    )


MARKUP = ("**", "{term}", "{define}", "{glue", "{ref}", ":::", "```", "$")


@needs_pdfs
@pytest.mark.parametrize("lang", EDITIONS)
def test_no_raw_markup_in_the_prose(lang):
    """No MyST markup shows outside code: each mark is no more frequent than in the code
    (where `x**2` and `"$x$"` are Python)."""
    code = code_text(lang)
    text = run("pdftotext", "-enc", "UTF-8", str(PDFS / f"autograd-{lang}.pdf"), "-")
    extra = {mark: (text.count(mark), code.count(mark)) for mark in MARKUP}
    assert all(found <= in_code for found, in_code in extra.values()), extra


def ui_strings(lang):
    """The words of the site's controls on a chapter page: header buttons, switcher, toggles."""
    page = built(lang, "derivative")
    words = set(page.select_one(".bd-header-article").stripped_strings)
    # a self-check's button says "Check", a word the prose uses too; print hides it
    words |= {
        b.get_text(" ", strip=True)
        for b in page.select("button")
        if not b.find_parent("form", class_="selfcheck")
    }
    words |= {"Toggle", "Click to show", "Click to hide", "Show code cell", "Hide code cell"}
    catalog = ROOT / "book" / "_locales" / lang / "LC_MESSAGES" / "book.po"
    if catalog.is_file():  # the toggle hints in the edition's language
        text = catalog.read_text(encoding="utf-8")
        words |= set(
            re.findall(r'msgid "(?:Click to \w+|Toggle hidden content)"\nmsgstr "(.+)"', text)
        )
    return {w for w in words if len(w) >= 4}


@needs_pdfs
@pytest.mark.parametrize("lang", EDITIONS)
def test_no_buttons_or_widgets(lang):
    text = " ".join(page_texts(lang))
    shown = sorted(w for w in ui_strings(lang) if w in text)
    assert not shown


@needs_pdfs
@pytest.mark.parametrize("lang", EDITIONS)
def test_solutions_at_the_end_of_their_chapter(lang):
    """Each chapter's solutions come after all its other text, under the Solutions heading."""
    dests = destinations(lang)
    texts = page_texts(lang)
    heading = printed.ui_words(ROOT, lang)["Solutions"]
    assert lang == "en" or re.search("[\u05d0-\u05ea]", heading), heading  # translated
    starts = [dests[printed.anchor(page)] for page in PAGES] + [len(texts) + 1]
    checked = 0
    for page, (start, end) in zip(PAGES, pairwise(starts), strict=True):
        solutions = [
            normal(t.get_text(" "))
            for t in built(lang, page).select("div.solution > .admonition-title")
        ]
        if not solutions:
            continue
        chapter = " ".join(texts[start - 1 : end - 1])
        exercises = [
            normal(t.get_text(" "))
            for t in built(lang, page).select("div.exercise > .admonition-title")
        ]
        at = chapter.rfind(heading)
        assert at >= 0, (page, heading)
        before, after = chapter[:at], chapter[at:]
        for solution in solutions:
            assert solution in after and solution not in before, (page, solution)
        for exercise in exercises:
            assert exercise in before, (page, exercise)
        checked += 1
    assert checked >= 5


@needs_pdfs
@pytest.mark.parametrize("lang", EDITIONS)
def test_code_cells_not_split(lang):
    """A code cell's first and last lines are on one page (each cell shorter than a page)."""

    # letters and digits only: pdftotext may move a trailing "_" of a code line
    # on a right-to-left page (`zero_()` comes out as `_zero()`)
    def letters(text):
        return re.sub(r"[\W_]", "", words(text))

    texts = [letters(t) for t in page_texts(lang)]
    split = []
    cells = [
        pre for page in PAGES for pre in built(lang, page).select("article div.cell_input pre")
    ]
    for pre in cells:
        lines = [letters(line) for line in pre.get_text().splitlines() if letters(line)]
        if not 2 <= len(lines) <= 40:
            continue
        first, last = lines[0], lines[-1]
        if not any(first in t and last in t for t in texts):
            split.append(lines[0])
    assert not split, split[:3]


@needs_pdfs
@pytest.mark.parametrize("lang", EDITIONS)
def test_home_page_links_its_pdf(lang):
    """After `make pdf` the site is built again, and the home page links the PDF it holds."""
    home = built(lang, "index")
    link = home.select_one(f'a[href="autograd-{lang}.pdf"]')
    assert link is not None
    assert (SITE / lang / f"autograd-{lang}.pdf").read_bytes() == (
        PDFS / f"autograd-{lang}.pdf"
    ).read_bytes()


def test_without_chromium_make_pdf_says_what_to_install(tmp_path):
    """No Chromium on the PATH: tools/pdf.py (what `make pdf` runs) names the package and fails."""
    env = {**os.environ, "PATH": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "tools.pdf"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "apt-get install chromium" in done.stderr
    assert "published" not in done.stdout  # it stopped before building anything


CONTROLS = [
    ".bd-header-article",
    ".bd-sidebar-primary",
    ".bd-sidebar-secondary",
    ".prev-next-area",
    ".search-button-field",
    ".lang-switch",
    "button",
]
# What the browser's Print shows of a chapter: the controls that are visible,
# and the solutions: whether all are visible, inside the last part of the chapter.
PRINTED_PAGE = """(controls) => {
  const shown = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
  const chapter = document.querySelector("article.bd-article > section");
  const last = chapter.lastElementChild;
  const solutions = [...document.querySelectorAll("div.solution")];
  return {
    controls: controls.filter((c) => [...document.querySelectorAll(c)].some(shown)),
    lastHeading: last.querySelector("h2") && last.querySelector("h2").textContent,
    solutionsLast: last.classList.contains("print-solutions")
      && solutions.length > 0 && solutions.every((s) => last.contains(s)),
    solutionsShown: solutions.every((s) => [...s.children].every(shown)),
  };
}"""


@pytest.mark.skipif(chromium.path() is None, reason="Chromium is not installed")
@pytest.mark.parametrize("lang", EDITIONS)
def test_a_page_printed_from_the_browser_is_a_handout(lang, tmp_path):
    """Print on a chapter: no controls, the solutions shown under their heading at the end."""
    from playwright.sync_api import sync_playwright

    with printed.serve(ROOT) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium.path(), args=chromium.FLAGS)
        page = browser.new_page()
        page.goto(f"{base}/_build/html/{lang}/derivative.html", wait_until="load")
        page.emulate_media(media="print")
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        state = page.evaluate(PRINTED_PAGE, CONTROLS)
        page.pdf(path=str(tmp_path / "page.pdf"))
        page.evaluate("window.dispatchEvent(new Event('afterprint'))")
        after = page.evaluate(PRINTED_PAGE, [])
        browser.close()
    assert state == {
        "controls": [],
        "lastHeading": printed.ui_words(ROOT, lang)["Solutions"],
        "solutionsLast": True,
        "solutionsShown": True,
    }
    assert not after["solutionsLast"], "after printing, the solutions are back in place"
    text = run("pdftotext", "-enc", "UTF-8", str(tmp_path / "page.pdf"), "-")
    assert not [w for w in ui_strings(lang) if w in normal(text)]
