"""The printed edition: one PDF per edition, laid out from the built site.

    python -m tools.pdf            # what `make pdf` runs

It builds the site (tools/build.py, incremental), assembles each edition into
one HTML document under _build/print/<lang>/ (a title page, the contents, then
every page of book/_toc.yml in order, each chapter's solutions at its end) and
prints it with Chromium, driven by Playwright, to _build/pdf/autograd-<lang>.pdf.
Then it builds the site again, so that each home page links its PDF
(book/_ext/printed.py).

Chromium lays out the pages itself (CSS paged media: page breaks, named pages,
margin boxes for the page numbers and running heads). What it cannot do is
`target-counter`, the page numbers of the contents: the book is printed
again until the pages its contents give are those of the previous print's
named destinations (`pdfinfo -dests`, poppler-utils): twice, usually. Paged.js,
which computes them in the page, was tried and set aside: it dropped the end
of a chapter, took 100 s an edition, and breaks on a right-to-left document
(pagedjs issue #308).
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from sphinx_external_toc.parsing import parse_toc_yaml

from tools import build, chromium
from tools.static_host import serve

ROOT = Path(__file__).resolve().parent.parent
EDITIONS = build.EDITIONS


def missing_tools(root=ROOT):
    """What must be installed before the PDFs can be made, one sentence each."""
    missing = []
    if chromium.path() is None:
        missing.append("Chromium is not installed (Debian: apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the Python package playwright is missing (make installs requirements.txt)")
    if shutil.which("pdfinfo") is None:
        missing.append("pdfinfo is not installed (Debian: apt-get install poppler-utils)")
    return missing


def toc_pages(root=ROOT):
    """The pages of the book in reading order, each as (name, numbered).

    >>> toc_pages()[:2]
    [('index', False), ('derivative', True)]
    """
    toc = parse_toc_yaml(root / "book" / "_toc.yml")

    def walk(docname, numbered):
        yield docname, numbered
        for subtree in toc[docname].subtrees:
            for item in subtree.items:
                if isinstance(item, str):
                    yield from walk(item, bool(subtree.numbered))

    return list(walk(toc.root.docname, False))


def ui_words(root, lang):
    """The printed edition's own words, in the edition's language (book/_locales/<lang>/book.po)."""
    words = {"Solutions": "Solutions", "Contents": "Contents"}
    po = root / "book" / "_locales" / lang / "LC_MESSAGES" / "book.po"
    if po.is_file():
        with po.open("rb") as f:
            catalog = read_po(f, locale=lang)
        for key in words:
            message = catalog.get(key)
            if message is not None and message.string:
                words[key] = message.string
    return words


def anchor(page, fragment=""):
    """The id, in the printed book, of a place in one of the site's pages.

    Pages share ids ("id1", "solution-content"), so each is prefixed with its page.

    >>> anchor("derivative", "derivative-slope")
    'derivative--derivative-slope'
    >>> anchor("derivative")
    'derivative'
    """
    return f"{page}--{fragment}" if fragment else page


def book_href(href, page, pages):
    """Where a link on `page` points in the printed book; None for a page it leaves out.

    >>> pages = {"derivative", "glossary"}
    >>> book_href("#derivative-slope", "derivative", pages)
    '#derivative--derivative-slope'
    >>> book_href("glossary.html#term-derivative", "derivative", pages)
    '#glossary--term-derivative'
    >>> book_href("glossary.html", "derivative", pages)
    '#glossary'
    >>> book_href("genindex.html", "derivative", pages) is None
    True
    >>> book_href("https://pytorch.org/docs/", "derivative", pages)
    'https://pytorch.org/docs/'
    """
    parts = urlsplit(href)
    if parts.scheme:
        return href
    target = Path(parts.path).stem if parts.path else page
    if parts.path and (not parts.path.endswith(".html") or target not in pages):
        return None
    return "#" + anchor(target, parts.fragment)


def chapter(site, page, pages, lang):
    """A page of the site as a section of the printed book, its ids and links rewritten."""
    soup = BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.bd-article")
    for tag in article.select(".headerlink, .pdf-download"):
        tag.decompose()
    for tag in article.find_all(id=True):
        tag["id"] = anchor(page, tag["id"])
    for link in article.find_all("a", href=True):
        href = book_href(link["href"], page, pages)
        if href is None:
            link.unwrap()
        else:
            link["href"] = href
    for image in article.find_all("img", src=True):
        if not urlsplit(image["src"]).scheme:
            image["src"] = f"/_build/html/{lang}/{image['src']}"
    article.name = "section"
    article.attrs = {"class": "print-chapter", "id": anchor(page)}
    return article


def heading_text(heading):
    """The words of a heading, its section number included."""
    return " ".join(heading.get_text(" ", strip=True).split())


def contents(sections, numbered, heading):
    """The table of contents: every page, and the sections of the numbered chapters.

    Each entry ends in an empty `span.contents-page`, filled in once the book is laid out.
    """

    def entry(target, text):
        return (
            f'<a href="#{target}"><span class="contents-title">{text}</span>'
            f'<span class="contents-page" data-target="{target}"></span></a>'
        )

    items = []
    for section in sections:
        subsections = ""
        if numbered[section["id"]]:
            rows = [
                f"<li>{entry(h2.parent['id'], heading_text(h2))}</li>"
                for h2 in section.select(":scope > section > section > h2")
            ]
            subsections = f"<ol>{''.join(rows)}</ol>" if rows else ""
        top = entry(section["id"], heading_text(section.find("h1")))
        items.append(f'<li class="contents-chapter">{top}{subsections}</li>')
    return f'<nav class="print-contents"><h1>{heading}</h1><ol>{"".join(items)}</ol></nav>'


def title_page(site):
    """The book's title and its copyright line, as the built home page states them."""
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    for tag in home.select(".headerlink"):
        tag.decompose()
    title = heading_text(home.select_one("article.bd-article h1"))
    copyright_line = " ".join(home.select_one("p.copyright").get_text(" ", strip=True).split())
    return (
        f'<section class="title-page"><h1>{title}</h1><p>{copyright_line}</p></section>',
        title,
    )


def css_string(text):
    """A CSS string holding `text`.

    >>> print(css_string('say "hi"'))
    "say \"hi\""
    """
    return json.dumps(text, ensure_ascii=False)


def running_heads(sections):
    """A named page per chapter, headed by its title (a new name also breaks the page)."""
    rules = []
    for number, section in enumerate(sections):
        name = f"chapter-{number}"
        section["style"] = f"page: {name}"
        head = css_string(heading_text(section.find("h1")))
        rules.append(f"@page {name} {{ @top-center {{ content: {head}; }} }}")
    return "\n".join(rules)


def assemble(root, lang):
    """The printed edition of `lang` as one HTML document, served from the book's root."""
    site = root / "_build" / "html" / lang
    order = toc_pages(root)
    pages = {page for page, _ in order}
    words = ui_words(root, lang)
    sections = [chapter(site, page, pages, lang) for page, _ in order]
    numbered = {anchor(page): numbered for page, numbered in order}
    front, title = title_page(site)
    # The site's direction and style sheets, as its pages have them (print.css among them).
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    direction = home.html["dir"]
    styles = [
        f'<link rel="stylesheet" href="/_build/html/{lang}/{link["href"].split("?")[0]}">'
        for link in home.select('link[rel="stylesheet"]')
    ]
    head = "\n".join(
        [
            '<meta charset="utf-8">',
            f"<title>{title}</title>",
            *styles,
            '<link rel="stylesheet" href="/tools/pdf.css">',
            f"<style>\n{running_heads(sections)}\n</style>",
            f'<script src="/_build/html/{lang}/_static/print.js"></script>',
        ]
    )
    body = "\n".join([front, contents(sections, numbered, words["Contents"]), *map(str, sections)])
    # data-solutions: the heading print.js writes over each chapter's solutions.
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}" dir="{direction}">\n<head>\n{head}\n</head>\n'
        f'<body data-solutions="{words["Solutions"]}">\n{body}\n</body>\n</html>\n'
    )


def destinations(pdf):
    """The named destinations of a PDF (Chromium names one for each linked id) and their pages."""
    out = subprocess.run(
        ["pdfinfo", "-dests", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return {m[2]: int(m[1]) for m in re.finditer(r'^\s*(\d+)\s+\[.*\]\s+"(.*)"$', out, re.M)}


# Move each chapter's solutions to its end (book/_static/print.js).
COLLECT_SOLUTIONS = """() => document.querySelectorAll("section.print-chapter").forEach(
  (chapter) => bookPrint.collectSolutions(chapter, document.body.dataset.solutions))"""
# Write the page of each entry of the contents.
NUMBER_CONTENTS = """(pages) => document.querySelectorAll("span.contents-page").forEach(
  (span) => { span.textContent = pages[span.dataset.target]; })"""


def print_edition(browser, url, pdf, draft, passes=4):
    """Print the document at `url` to `pdf`; returns the number of pages.

    The contents' page numbers are read from the previous print, until a
    print gives the pages it states (the first one states "000" everywhere).
    Each print starts from a freshly loaded document: a document printed once
    is not laid out the same the next time (its lazy figures have loaded since),
    so the numbers would swing between two layouts and never settle.
    """
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    options = {"prefer_css_page_size": True, "print_background": True, "outline": True}
    numbers = None
    for _ in range(passes):
        page.goto(url, wait_until="load")
        page.evaluate(COLLECT_SOLUTIONS)
        page.evaluate("document.fonts.ready")
        if numbers is None:
            targets = page.eval_on_selector_all(
                "span.contents-page", "s => s.map(e => e.dataset.target)"
            )
            numbers = dict.fromkeys(targets, "000")
        page.evaluate(NUMBER_CONTENTS, numbers)
        page.pdf(path=str(draft), **options)
        found = destinations(draft)
        printed = {target: str(found[target]) for target in targets}
        if printed == numbers:
            break
        numbers = printed
    else:
        raise RuntimeError(f"{url}: the contents' page numbers did not settle in {passes} prints")
    page.close()
    if errors:
        raise RuntimeError(f"{url}: script errors {errors}")
    shutil.move(draft, pdf)
    return int(re.search(r"^Pages:\s+(\d+)", pdfinfo(pdf), re.M)[1])


def pdfinfo(pdf):
    return subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout


def make_pdfs(root=ROOT, editions=EDITIONS):
    """Assemble and print each edition; returns {lang: seconds}."""
    from playwright.sync_api import sync_playwright

    out = root / "_build" / "pdf"
    out.mkdir(parents=True, exist_ok=True)
    timings = {}
    with serve(root) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium.path(), args=chromium.FLAGS)
        for lang in editions:
            start = time.perf_counter()
            work = root / "_build" / "print" / lang
            work.mkdir(parents=True, exist_ok=True)
            (work / "book.html").write_text(assemble(root, lang), encoding="utf-8")
            pdf = out / f"autograd-{lang}.pdf"
            url = f"{base}/_build/print/{lang}/book.html"
            pages = print_edition(browser, url, pdf, work / "draft.pdf")
            timings[lang] = time.perf_counter() - start
            print(f"{lang}: {pdf.relative_to(root)}, {pages} pages, in {timings[lang]:.1f} s")
        browser.close()
    return timings


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args(argv)
    missing = missing_tools(ROOT)
    if missing:
        for sentence in missing:
            print(f"error: make pdf: {sentence}", file=sys.stderr)
        return 2
    status = build.build(ROOT)
    if status:
        return status
    make_pdfs(ROOT)
    # The home pages link the new PDFs.
    return build.build(ROOT)


if __name__ == "__main__":
    sys.exit(main())
