"""The built site in a real browser: Chromium, driven by Playwright, reads every page.

One browser serves the whole module. The site is served from a thread on
127.0.0.1; every page of both editions is opened once at 1280 px and what
the browser computed (requests, directions, positions, colours) is collected
into an audit that the tests below read. Other tests open a few pages at
phone width, in dark mode, from file://, and search. Screenshots for a person
to look at go to _build/screenshots/.

Without Chromium (or Playwright) the tests are skipped, and tests/conftest.py
prints a banner saying so at the end of the run.
"""

import functools
import http.server
import re
import shutil
import threading
from itertools import pairwise
from pathlib import Path

import pytest

from .conftest import EDITIONS, ROOT

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Playwright gives the browser a fresh temporary --user-data-dir of its own.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "_build" / "screenshots"
WIDE, PHONE = 1280, 390

if sync_playwright is None:
    MISSING = "the Python package playwright is not installed (it is in requirements.txt)"
elif CHROMIUM is None:
    MISSING = "Chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)"
else:
    MISSING = None
pytestmark = pytest.mark.skipif(MISSING is not None, reason=f"browser tests: {MISSING}")

DIRECTION = {"he": "rtl", "en": "ltr"}
OTHER = {"he": "en", "en": "he"}
SWITCHER_LABEL = {"he": "English version of this page", "en": "הגרסה העברית של העמוד"}

# UI strings of the themes, Sphinx and the extensions that must not be left in
# English on a Hebrew page (checked in the page's UI and in attributes).
ENGLISH_UI = [
    "Skip to main content",
    "Back to top",
    "Search",
    "On this page",
    "Contents",
    "Section Navigation",
    "Color mode",
    "Light",
    "Dark",
    "System Settings",
    "previous",
    "next",
    "Home",
    "Breadcrumb",
    "Site navigation",
    "Toggle primary sidebar",
    "Toggle secondary sidebar",
    "Download",
    "Print to PDF",
    "Fullscreen",
    "Link to this",
    "Fig.",
    "Table",
    "Listing",
    "Exercise",
    "Solution",
    "Click to show",
    "Click to hide",
    "Show code cell",
    "Hide code cell",
    "Toggle hidden content",
    "Copyright",
    "By",
    "Main",
    "Page",
    "Index",
    "Version warning",
    "Announcement",
    "Error",
    "Please activate JavaScript",
    "Slide",
    "Slides",
]
ENGLISH_UI_RE = re.compile(r"\b(" + "|".join(map(re.escape, ENGLISH_UI)) + r")\b", re.IGNORECASE)

# Everything one page tells about itself, computed by the browser.
AUDIT_JS = r"""
() => {
  const visible = (e) => e.getClientRects().length > 0;
  const describe = (e) => e.tagName.toLowerCase() + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "");
  const article = document.querySelector("article.bd-article");
  const prose = article ? [...article.querySelectorAll("p")].find((p) => visible(p) && /\p{L}/u.test(p.textContent) && !p.closest(".admonition, .cell, figure, table")) : null;

  // text nodes of an element outside code, math and scripts
  const textNodes = (root, skip) => {
    const out = [];
    if (!root) return out;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let n;
    while ((n = walker.nextNode())) if (!n.parentElement.closest(skip)) out.push(n);
    return out;
  };

  // characters of a number (2.4, 9–10, 10, -6) must lie left to right
  const reversedNumbers = [];
  for (const el of document.querySelectorAll("h1, h2, h3, h4, h5, h6, nav.bd-links a, nav.page-toc a, .prev-next-title, .caption-number, .slide-ref, .pasted-text")) {
    if (!visible(el)) continue;
    for (const node of textNodes(el, "script")) {
      for (const m of node.data.matchAll(/[-\u2212]?\d+(?:[.\u2013-]\d+)*/g)) {
        if (m[0].length < 2) continue;
        const xs = [];
        for (let k = m.index; k < m.index + m[0].length; k++) {
          const r = document.createRange(); r.setStart(node, k); r.setEnd(node, k + 1);
          const b = r.getBoundingClientRect();
          xs.push(b.left + b.width / 2);
        }
        if (xs.some((x, i) => i > 0 && x <= xs[i - 1])) reversedNumbers.push(`${describe(el)}: ${m[0]}`);
      }
    }
  }

  // mixed Hebrew and Latin text: consecutive runs of the two scripts follow the
  // element's direction on the line (the first run is rightmost in Hebrew text;
  // an English island, such as the appendix's docstrings, reads left to right)
  const scrambled = [];
  for (const el of document.querySelectorAll("h1, h2, h3, h4, h5, h6, nav.bd-links a, nav.page-toc a, .prev-next-title, article p, article li, article td")) {
    if (!visible(el)) continue;
    const rtl = getComputedStyle(el).direction === "rtl";
    const letters = [];
    for (const node of textNodes(el, "pre, math, .math, script, .highlight, .slide-ref")) {
      for (let k = 0; k < node.data.length; k++) {
        const script = /[\u05d0-\u05ea]/.test(node.data[k]) ? "he" : /[A-Za-z]/.test(node.data[k]) ? "latin" : null;
        if (!script) continue;
        const r = document.createRange(); r.setStart(node, k); r.setEnd(node, k + 1);
        const b = r.getBoundingClientRect();
        if (b.width) letters.push({script, char: node.data[k], x: b.left + b.width / 2, y: b.top + b.height / 2});
      }
    }
    for (let i = 1; i < letters.length; i++) {
      const [a, b] = [letters[i - 1], letters[i]];
      if (a.script === b.script || Math.abs(a.y - b.y) > 8) continue;
      if (rtl ? a.x <= b.x : a.x >= b.x) scrambled.push(`${describe(el)}: ${el.textContent.trim().slice(0, 60)}`);
    }
  }

  // the slide badge: the word first, then the number, in the page's direction
  const badges = [...document.querySelectorAll(".slide-ref")].filter(visible).map((el) => {
    const word = document.createRange(); word.selectNodeContents(el.firstChild);
    const w = word.getBoundingClientRect(), n = el.querySelector("bdi").getBoundingClientRect();
    return {text: el.textContent, wordLeft: w.left, wordRight: w.right, numberLeft: n.left, numberRight: n.right};
  });

  // left-to-right islands inside the article
  const islands = article ? [...article.querySelectorAll("div.cell_input, div.cell_output, .output, pre, code, math, span.math, div.math, .pasted-text")] : [];

  // visible text of the prose outside code and math: raw TeX would show here
  const proseText = textNodes(article, "pre, code, math, script, style, .highlight").filter((n) => visible(n.parentElement)).map((n) => n.data).join(" ");

  // UI text: everything but the article's prose, and the article's own labels
  const skip = "script, style, noscript, pre, code, math";
  const uiText = [
    ...textNodes(document.body, skip + ", article.bd-article"),
    ...(article ? [...article.querySelectorAll(".caption-number, p.admonition-title, summary, button")].flatMap((e) => textNodes(e, skip)) : []),
  ].map((n) => n.data.trim()).filter((t) => t);
  const attributes = [...document.querySelectorAll("[title], [aria-label], [placeholder], [alt]")].flatMap(
    (e) => ["title", "aria-label", "placeholder", "alt"].filter((a) => e.hasAttribute(a)).map((a) => `${describe(e)}@${a}=${e.getAttribute(a)}`));

  // accessibility: headings in order, image texts, link names
  const headings = [...document.querySelectorAll("#main-content h1, #main-content h2, #main-content h3, #main-content h4, #main-content h5, #main-content h6")].filter(visible).map((h) => Number(h.tagName[1]));
  const images = [...document.querySelectorAll("img")].filter((i) => !(i.getAttribute("alt") || "").trim()).map((i) => i.getAttribute("src"));
  const unnamedLinks = [...document.querySelectorAll("a[href]")].filter((a) => {
    const name = (a.getAttribute("aria-label") || a.getAttribute("title") || a.textContent || "").trim()
      || [...a.querySelectorAll("img[alt]")].map((i) => i.alt).join("").trim();
    return !/[\p{L}\p{N}]/u.test(name);
  }).map((a) => a.outerHTML.slice(0, 120));

  const sidebar = document.querySelector("#pst-primary-sidebar").getBoundingClientRect();
  const switcher = document.querySelector("a.lang-switch");
  return {
    dir: document.documentElement.dir,
    lang: document.documentElement.lang,
    proseDirection: prose ? getComputedStyle(prose).direction : null,
    rtlIslands: islands.filter((e) => getComputedStyle(e).direction !== "ltr").map(describe),
    mathContainers: article ? article.querySelectorAll("span.math, div.math").length : 0,
    emptyMath: article ? [...article.querySelectorAll("span.math, div.math")].filter((e) => !e.querySelector("math")).length : 0,
    rawTex: (proseText.match(/\$|\\[A-Za-z]{2,}/g) || []),
    reversedNumbers, scrambled, badges, uiText, attributes, headings, images, unnamedLinks,
    sidebar: {left: sidebar.left, right: sidebar.right, width: sidebar.width},
    switcher: switcher ? {href: switcher.href, label: switcher.getAttribute("aria-label"), lang: switcher.lang} : null,
  };
}
"""

# WCAG contrast of an element's text against the first opaque background behind it.
CONTRAST_JS = r"""
(selector) => {
  const rgba = (c) => { const v = c.match(/[\d.]+/g).map(Number); return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1]; };
  const over = (top, bottom) => top.map((t, i) => i < 3 ? t * top[3] + bottom[i] * (1 - top[3]) : 1);
  const el = document.querySelector(selector);
  let background = [0, 0, 0, 0];
  for (let e = el; e; e = e.parentElement) {
    const b = rgba(getComputedStyle(e).backgroundColor);
    if (b[3] === 0) continue;
    background = background[3] === 0 ? b : over(background, b);
    if (background[3] >= 1) break;
  }
  if (background[3] < 1) background = over(background, [255, 255, 255, 1]);
  const text = over(rgba(getComputedStyle(el).color), background);
  const luminance = (c) => { const [r, g, b] = c.slice(0, 3).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const [a, b] = [luminance(text), luminance(background)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(site):
    """The published site over HTTP on 127.0.0.1, on a free port."""
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site))
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


class Visit:
    """A page opened in a fresh context, with every request and script error it caused."""

    def __init__(self, browser, width=WIDE, dark=False):
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        if dark:
            self.context.add_init_script(
                "localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');"
            )
        self.page = self.context.new_page()
        self.requests, self.failures = [], []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfailed", lambda r: self.failures.append(f"{r.url} ({r.failure})"))
        self.page.on(
            "response", lambda r: r.status >= 400 and self.failures.append(f"{r.url} ({r.status})")
        )
        self.page.on("pageerror", lambda e: self.failures.append(f"script error: {e}"))

    def open(self, url):
        self.page.goto(url, wait_until="load")
        return self

    def external(self, base):
        return [u for u in self.requests if not u.startswith((base, "data:", "blob:", "about:"))]

    def close(self):
        self.context.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def page_names(site, lang):
    return sorted(p.name for p in (site / lang).glob("*.html"))


@pytest.fixture(scope="module")
def audits(site, server, browser):
    """{(lang, page name): what the browser saw} for every page of both editions."""
    result = {}
    with Visit(browser) as visit:
        for lang in EDITIONS:
            for name in page_names(site, lang):
                visit.requests.clear()
                visit.failures.clear()
                visit.open(f"{server}{lang}/{name}")
                facts = visit.page.evaluate(AUDIT_JS)
                facts["failures"] = list(visit.failures)
                facts["external"] = visit.external(server)
                result[lang, name] = facts
    return result


def each(audits, key, lang=None):
    """(page, value) of one fact on every page (of one edition)."""
    return [(f"{l}/{name}", facts[key]) for (l, name), facts in audits.items() if lang in (None, l)]


def test_no_failed_request_and_nothing_leaves_the_site(audits):
    assert [(p, v) for p, v in each(audits, "failures") if v] == []
    assert [(p, v) for p, v in each(audits, "external") if v] == []


@pytest.mark.parametrize("lang", EDITIONS)
def test_direction_of_page_prose_and_islands(audits, lang):
    """`dir` on the page; prose in the page's direction; code, outputs, math and glued numbers LTR."""
    assert {v for _, v in each(audits, "dir", lang)} == {DIRECTION[lang]}
    assert {v for _, v in each(audits, "lang", lang)} == {lang}
    prose = [(p, v) for p, v in each(audits, "proseDirection", lang) if v is not None]
    assert prose and all(v == DIRECTION[lang] for _, v in prose), prose
    assert [(p, v) for p, v in each(audits, "rtlIslands", lang) if v] == []


@pytest.mark.parametrize("lang", EDITIONS)
def test_math_is_rendered(audits, lang):
    """Every formula is MathML; no TeX source ($, \\frac ...) is left in the visible text."""
    assert sum(v for _, v in each(audits, "mathContainers", lang)) > 0
    assert [(p, v) for p, v in each(audits, "emptyMath", lang) if v] == []
    assert [(p, v) for p, v in each(audits, "rawTex", lang) if v] == []


@pytest.mark.parametrize("lang", EDITIONS)
def test_numbers_read_left_to_right(audits, lang):
    """Section numbers (2.4), slide ranges (9–10) and glued numbers (-6) are never reversed."""
    assert [(p, v) for p, v in each(audits, "reversedNumbers", lang) if v] == []


@pytest.mark.parametrize("lang", EDITIONS)
def test_mixed_runs_keep_their_order(audits, lang):
    """ "נגזרת ו-autograd", "x.grad שווה 24": Hebrew and Latin runs in reading order, on every line."""
    assert [(p, v) for p, v in each(audits, "scrambled", lang) if v] == []


@pytest.mark.parametrize("lang", EDITIONS)
def test_slide_badge_reads_word_then_number(audits, lang):
    badges = [(p, b) for p, bs in each(audits, "badges", lang) for b in bs]
    assert badges
    for page, b in badges:
        if lang == "he":  # "שקף 3": the word on the right, the number to its left
            assert b["numberRight"] <= b["wordLeft"] + 1, (page, b)
        else:
            assert b["wordRight"] <= b["numberLeft"] + 1, (page, b)


def test_no_english_ui_strings_on_hebrew_pages(audits):
    found = []
    for page, texts in each(audits, "uiText", "he"):
        found += [(page, t) for t in texts if ENGLISH_UI_RE.search(t)]
    for page, attributes in each(audits, "attributes", "he"):
        found += [
            (page, a)
            for a in attributes
            if ENGLISH_UI_RE.search(a.split("=", 1)[1]) and "lang-switch" not in a
        ]
    assert found == []


@pytest.mark.parametrize("lang", EDITIONS)
def test_primary_sidebar_side(audits, lang):
    """At 1280 px the chapters are on the right in Hebrew, on the left in English."""
    for page, box in each(audits, "sidebar", lang):
        assert box["width"] > 100, page
        if lang == "he":
            assert box["left"] >= WIDE / 2, (page, box)
        else:
            assert box["right"] <= WIDE / 2, (page, box)


@pytest.mark.parametrize("lang", EDITIONS)
def test_switcher_leads_to_the_mirrored_page(audits, server, lang):
    for (l, name), facts in audits.items():
        if l != lang:
            continue
        switcher = facts["switcher"]
        assert switcher["href"] == f"{server}{OTHER[lang]}/{name}", name
        assert switcher["label"] == SWITCHER_LABEL[lang] and switcher["lang"] == OTHER[lang]
        assert (OTHER[lang], name) in audits and not audits[OTHER[lang], name]["failures"]


@pytest.mark.parametrize("lang", EDITIONS)
def test_accessible_structure(audits, lang):
    """Headings start at h1 and never skip a level; images have alt text; links have names."""
    for page, levels in each(audits, "headings", lang):
        assert levels and levels[0] == 1, (page, levels)
        assert all(b - a <= 1 for a, b in pairwise(levels)), (page, levels)
    assert [(p, v) for p, v in each(audits, "images", lang) if v] == []
    assert [(p, v) for p, v in each(audits, "unnamedLinks", lang) if v] == []


def test_switcher_click_loads_the_other_edition(browser, server):
    with Visit(browser) as visit:
        visit.open(f"{server}he/derivative.html")
        visit.page.click("a.lang-switch")
        visit.page.wait_for_load_state("load")
        assert visit.page.url == f"{server}en/derivative.html"
        assert visit.page.evaluate(
            "[document.documentElement.lang, document.documentElement.dir]"
        ) == ["en", "ltr"]
        assert not visit.failures


@pytest.mark.parametrize("lang", EDITIONS)
def test_phone_drawers_open_from_their_sides(browser, server, lang):
    """At 390 px the chapters' drawer slides in from the reading side, the page's contents from the other."""
    with Visit(browser, width=PHONE) as visit:
        visit.open(f"{server}{lang}/derivative.html")
        sides = {}
        for toggle, dialog in (
            (".bd-header-article .primary-toggle", "#pst-primary-sidebar-modal"),
            (".bd-header-article .secondary-toggle", "#pst-secondary-sidebar-modal"),
        ):
            visit.page.click(toggle)
            visit.page.wait_for_function(f"document.querySelector('{dialog}').open")
            visit.page.wait_for_timeout(400)  # the slide-in transition
            box = visit.page.locator(dialog).bounding_box()
            sides[dialog] = box
            visit.page.keyboard.press("Escape")
            visit.page.wait_for_function(f"!document.querySelector('{dialog}').open")
        primary, secondary = (
            sides["#pst-primary-sidebar-modal"],
            sides["#pst-secondary-sidebar-modal"],
        )
        assert primary["width"] > PHONE / 2 and secondary["width"] > PHONE / 2
        at_right = lambda box: abs(box["x"] + box["width"] - PHONE) < 2 and box["x"] > 0  # noqa: E731
        at_left = lambda box: abs(box["x"]) < 2 and box["x"] + box["width"] < PHONE  # noqa: E731
        if lang == "he":
            assert at_right(primary) and at_left(secondary), sides
        else:
            assert at_left(primary) and at_right(secondary), sides
        assert not visit.failures


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("lang", EDITIONS)
def test_contrast(browser, server, lang, mode):
    """Body text, the slide badge, the switcher and the sidebar keep WCAG AA contrast (4.5:1) in both modes."""
    with Visit(browser, dark=mode == "dark") as visit:
        visit.open(f"{server}{lang}/derivative.html")
        assert visit.page.evaluate("document.documentElement.dataset.theme") == mode
        for selector in (
            "article.bd-article p",
            ".slide-ref",
            "a.lang-switch",
            "nav.bd-links a",
            "nav.bd-links .current > a",
            "code.literal",
            ".prev-next-subtitle",
        ):
            ratio = visit.page.evaluate(CONTRAST_JS, selector)
            assert ratio >= 4.5, (selector, mode, round(ratio, 2))


def search(visit, url, query):
    """The page names a search for `query` lists."""
    visit.open(f"{url}?q={query}")
    # the summary gets its text only when the last result is listed
    visit.page.wait_for_function(
        "document.querySelector('#search-results > p.search-summary')?.textContent.trim()"
    )
    return {
        Path(a.split("#")[0]).name
        for a in visit.page.eval_on_selector_all(
            "#search-results ul.search a", "links => links.map((a) => a.getAttribute('href'))"
        )
    }


def test_hebrew_search_finds_words_with_and_without_prefixes(browser, server):
    """Query "ובנקודה" finds "נקודה", "נגזרת" finds "הנגזרת" and the other way round."""
    with Visit(browser) as visit:
        for query in ("ובנקודה", "נקודה", "הנגזרת", "נגזרת", "לנגזרת", "autograd"):
            assert "derivative.html" in search(visit, f"{server}he/search.html", query), query
        # the page's stemmer (JavaScript) strips what the index's (Python) strips
        from book._ext.hebrew_search import SearchHebrew

        words = ["ובנקודה", "הנגזרת", "כלל", "שיפוע", "ובשיפוע", "Derivatives", "gradients", "x"]
        in_page = visit.page.evaluate(
            "(ws) => ws.map((w) => new Stemmer().stemWord(w.toLowerCase()))", words
        )
        assert in_page == [SearchHebrew({}).stem(w).lower() for w in words]
        assert not visit.failures


def test_english_search(browser, server):
    with Visit(browser) as visit:
        assert "derivative.html" in search(visit, f"{server}en/search.html", "derivatives")
        assert not visit.failures


@pytest.mark.parametrize("scheme", ["file", "http"])
def test_language_page_search_and_switcher(browser, site, server, scheme):
    """From a folder (file://) and from 127.0.0.1: the language page, both editions, search, the switcher."""
    root = site.resolve().as_uri() + "/" if scheme == "file" else server
    with Visit(browser) as visit:
        visit.open(root + "index.html")
        for lang in EDITIONS:
            visit.page.click(f"a[href='{lang}/index.html']")
            visit.page.wait_for_load_state("load")
            assert visit.page.url == f"{root}{lang}/index.html"
            assert visit.page.evaluate("document.documentElement.dir") == DIRECTION[lang]
            visit.page.go_back()
        visit.open(root + "he/derivative.html")
        visit.page.click("a.lang-switch")
        visit.page.wait_for_load_state("load")
        assert visit.page.url == root + "en/derivative.html"
        # the search page reads its index from a script tag, which works from files too
        assert "derivative.html" in search(visit, root + "he/search.html", "ובנקודה")
        assert visit.external(root) == []
        if scheme == "http":  # from files, the page summaries under the results cannot be fetched
            assert not visit.failures


@pytest.mark.parametrize("lang", EDITIONS)
def test_screenshots(browser, server, lang):
    """Pictures for a person to look at: _build/screenshots/<lang>-<page>-<width>[-dark].png.

    Whole pages at 1280 px; the first screen at 390 px, and with the chapters' drawer open.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = [
        ("index", WIDE, False, True),
        ("derivative", WIDE, False, True),
        ("glossary", WIDE, False, True),
        ("derivative", WIDE, True, False),
        ("derivative", PHONE, False, False),
        ("derivative", PHONE, True, False),
    ]
    for name, width, dark, full in shots:
        with Visit(browser, width=width, dark=dark) as visit:
            visit.open(f"{server}{lang}/{name}.html")
            path = SCREENSHOTS / f"{lang}-{name}-{width}{'-dark' if dark else ''}.png"
            visit.page.screenshot(path=str(path), full_page=full)
            assert path.stat().st_size > 10_000
    with Visit(browser, width=PHONE) as visit:
        visit.open(f"{server}{lang}/derivative.html")
        visit.page.click(".bd-header-article .primary-toggle")
        visit.page.wait_for_timeout(400)
        visit.page.screenshot(path=str(SCREENSHOTS / f"{lang}-derivative-{PHONE}-drawer.png"))
