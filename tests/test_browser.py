"""The built site in three browser engines: Chromium, WebKit and Firefox read every page.

Each check is written once and runs in each engine (the `engine` fixture,
over the small driver interface of tests/browsers.py). The site is served
from a thread on 127.0.0.1; in each engine every page of both editions is
opened once at 1280 px and what the browser computed (directions, positions,
colours, boxes, errors) is collected into an audit that the tests below read.
Other tests open a few pages at phone width, in dark mode, from file://, and
search. Screenshots for a person to look at go to _build/screenshots/ (the
pixels checked are the layout's: the chapters' side, dark mode's darkness).

An engine missing on this machine skips its tests, and tests/conftest.py
prints a banner naming it at the end of the run.
"""

import re
from itertools import pairwise
from pathlib import Path

import pytest

from .browsers import ENGINES, Server, missing
from .conftest import EDITIONS, ROOT

SCREENSHOTS = ROOT / "_build" / "screenshots"
WIDE, PHONE = 1280, 390
# Requests a browser makes of its own accord, not the page's.
BROWSER_OWN = ("/favicon.ico",)

DIRECTION = {"he": "rtl", "en": "ltr"}
OTHER = {"he": "en", "en": "he"}
SWITCHER_LABEL = {"he": "English version of this page", "en": "גרסה עברית של העמוד"}

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
          xs.push(b.left);  // WebKit widens the box of a run's first character: its left edge holds
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

  // the engine's own math layout: a fraction's numerator above its denominator, a
  // superscript raised to the right of its base (math reads left to right). A short
  // fraction's boxes may overlap (Firefox sets 1 over x tight, its boxes hold the
  // font's whole height): the middle of each part lies beyond the other's edge.
  const box = (e) => e.getBoundingClientRect();
  const middle = (b) => (b.top + b.bottom) / 2;
  const stacked = (n, d) => middle(n) < d.top && middle(d) > n.bottom;
  const badMath = [
    ...[...document.querySelectorAll("mfrac")].filter(visible).filter(({children: c}) => !stacked(box(c[0]), box(c[1]))),
    ...[...document.querySelectorAll("msup")].filter(visible).filter(({children: c}) => !(box(c[1]).bottom < box(c[0]).bottom && box(c[1]).left >= box(c[0]).right - 1)),
  ].map((e) => `${e.tagName}: ${e.closest("math").querySelector("annotation")?.textContent}`);

  // icons: drawn (a glyph of the icon font, a box of their own), in a named control or beside words
  const badIcons = [...document.querySelectorAll(".fa-solid, .fas, .fa-regular, .far, .fa-brands, .fab")].filter(visible).filter((i) => {
    const before = getComputedStyle(i, "::before"), box = i.getBoundingClientRect();
    const holder = i.closest("a, button, label, summary") || i.parentElement;  // or words beside it
    const name = (holder.getAttribute("aria-label") || holder.getAttribute("title") || holder.textContent).trim();
    return !(box.width > 0 && box.height > 0 && /Font Awesome/.test(before.fontFamily) && !/^(none|normal)$/.test(before.content) && /\p{L}/u.test(name));
  }).map(describe);

  const sidebar = document.querySelector("#pst-primary-sidebar").getBoundingClientRect();
  const switcher = document.querySelector("a.lang-switch");
  return {
    dir: document.documentElement.dir,
    lang: document.documentElement.lang,
    proseDirection: prose ? getComputedStyle(prose).direction : null,
    rtlIslands: islands.filter((e) => getComputedStyle(e).direction !== "ltr").map(describe),
    mathContainers: article ? article.querySelectorAll("span.math, div.math").length : 0,
    emptyMath: article ? [...article.querySelectorAll("span.math, div.math")].filter((e) => !e.querySelector("math")).length : 0,
    flatMath: [...document.querySelectorAll("math")].filter((m) => { const b = m.getBoundingClientRect(); return visible(m.parentElement) && !(b.width > 0 && b.height > 0); }).map((m) => m.textContent.slice(0, 40)),
    rawTex: (proseText.match(/\$|\\[A-Za-z]{2,}/g) || []),
    reversedNumbers, scrambled, badges, uiText, attributes, headings, images, unnamedLinks, badIcons, badMath,
    sidebar: {left: sidebar.left, right: sidebar.right, width: sidebar.width},
    switcher: switcher ? {href: switcher.href, label: switcher.getAttribute("aria-label"), lang: switcher.lang} : null,
  };
}
"""

# Each shown figure of the article: sized in its markup, and drawn in its file's shape
# (width / height), before its file has arrived (lazy) and after. (Not the module
# index's 11 px "-" toggler, which Sphinx's template writes and doctools.js shows.)
FIGURE_ROOM_JS = r"""
() => [...document.querySelectorAll("article.bd-article img:not(.toggler)")].filter((i) => i.getClientRects().length).flatMap((i) => {
  const src = i.getAttribute("src"), w = +i.getAttribute("width"), h = +i.getAttribute("height");
  if (!(w > 0 && h > 0)) return [`${src}: no width and height`];
  const shape = h / w, off = (ratio) => !(Math.abs(ratio - shape) <= 0.02 * shape);
  const box = i.getBoundingClientRect();
  if (off(box.height / box.width)) return [`${src}: drawn ${box.width.toFixed(0)}x${box.height.toFixed(0)}, not ${w}x${h}'s shape`];
  if (i.naturalWidth && off(i.naturalHeight / i.naturalWidth)) return [`${src}: the file is ${i.naturalWidth}x${i.naturalHeight}, the markup says ${w}x${h}`];
  return [];
})
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


@pytest.fixture(scope="module")
def server(site):
    """The published site over HTTP on 127.0.0.1 (tests/browsers.py records what it serves)."""
    server = Server(site)
    yield server
    server.close()


@pytest.fixture(scope="module", params=list(ENGINES))
def engine(request):
    """One browser engine for the module; the tests that use it run once per engine."""
    reason = missing(request.param)
    if reason:
        pytest.skip(f"browser tests: {reason}")
    browser = ENGINES[request.param]()
    yield browser
    browser.close()


def visit(engine, url, width=WIDE, dark=False):
    """Open `url` in a fresh tab, in dark mode if asked (the theme reads localStorage)."""
    engine.open(width)
    if dark:
        engine.goto(url)
        engine.run("localStorage.setItem('mode', 'dark') || localStorage.setItem('theme', 'dark')")
    engine.goto(url)
    # the theme's and sphinx-togglebutton's scripts run on DOMContentLoaded or later
    engine.wait_for("() => document.documentElement.dataset.theme !== undefined")


def problems(engine, server):
    """What went wrong on the page open in `engine`, and on the server since the last call."""
    return engine.problems(server.url) + [
        f for f in server.failures() if not f.startswith(BROWSER_OWN)
    ]


def page_names(site, lang):
    return sorted(p.name for p in (site / lang).glob("*.html"))


@pytest.fixture(scope="module")
def audits(site, server, engine):
    """{(lang, page name): what the browser saw} for every page of both editions."""
    result = {}
    engine.open(WIDE)
    server.failures()
    for lang in EDITIONS:
        for name in page_names(site, lang):
            engine.goto(f"{server.url}{lang}/{name}")
            facts = engine.evaluate(AUDIT_JS)
            facts["figureRoom"] = engine.evaluate(FIGURE_ROOM_JS)
            facts["problems"] = problems(engine, server)
            result[lang, name] = facts
    return result


def each(audits, key, lang=None):
    """(page, value) of one fact on every page (of one edition)."""
    return [(f"{l}/{name}", facts[key]) for (l, name), facts in audits.items() if lang in (None, l)]


def test_no_error_no_failed_request_and_nothing_leaves_the_site(audits):
    """No script or console error, no failed load, no request outside 127.0.0.1, on any page."""
    assert [(p, v) for p, v in each(audits, "problems") if v] == []


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
    """Every formula is MathML drawn in a box of its own; no TeX source ($, \\frac ...) is left in the text."""
    assert sum(v for _, v in each(audits, "mathContainers", lang)) > 0
    assert [(p, v) for p, v in each(audits, "emptyMath", lang) if v] == []
    assert [(p, v) for p, v in each(audits, "flatMath", lang) if v] == []
    assert [(p, v) for p, v in each(audits, "rawTex", lang) if v] == []


@pytest.mark.parametrize("lang", EDITIONS)
def test_math_layout_in_the_engines_own_font(audits, lang):
    """Fractions stack and exponents rise in each engine's default math font.

    The book ships no math font: a maintained one (STIX Two Math, Latin Modern
    Math) weighs hundreds of kilobytes as woff2, a large share of a first
    visit's 1 MB; each engine's MathML Core layout with its own font is
    checked here instead.
    """
    assert [(p, v) for p, v in each(audits, "badMath", lang) if v] == []


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
        assert switcher["href"] == f"{server.url}{OTHER[lang]}/{name}", name
        assert switcher["label"] == SWITCHER_LABEL[lang] and switcher["lang"] == OTHER[lang]
        assert (OTHER[lang], name) in audits and not audits[OTHER[lang], name]["problems"]


@pytest.mark.parametrize("lang", EDITIONS)
def test_accessible_structure(audits, lang):
    """Headings start at h1 and never skip a level; images have alt text; links have names."""
    for page, levels in each(audits, "headings", lang):
        assert levels and levels[0] == 1, (page, levels)
        assert all(b - a <= 1 for a, b in pairwise(levels)), (page, levels)
    assert [(p, v) for p, v in each(audits, "images", lang) if v] == []
    assert [(p, v) for p, v in each(audits, "unnamedLinks", lang) if v] == []


@pytest.mark.parametrize("lang", EDITIONS)
def test_figures_keep_their_room(audits, site, engine, server, lang):
    """Every figure holds a box of its own shape before it loads, at desktop width on
    every page, and at phone width, scaled down, on the pages with most figures."""
    assert [(p, v) for p, v in each(audits, "figureRoom", lang) if v] == []
    figures = {
        name: (site / lang / name).read_text().count("<img ") for name in page_names(site, lang)
    }
    for name in sorted(figures, key=figures.get)[-2:]:
        visit(engine, f"{server.url}{lang}/{name}", width=PHONE)
        assert engine.evaluate(FIGURE_ROOM_JS) == [], name


@pytest.mark.parametrize("lang", EDITIONS)
def test_icons_are_drawn_and_labelled(audits, lang):
    """Every visible icon is a glyph of the icon font in a box, in a named link or button or beside words."""
    assert [(p, v) for p, v in each(audits, "badIcons", lang) if v] == []


def test_switcher_click_loads_the_other_edition(engine, server):
    visit(engine, f"{server.url}he/derivative.html")
    engine.click("a.lang-switch")
    assert engine.wait_for_navigation(f"{server.url}he/derivative.html") == (
        f"{server.url}en/derivative.html"
    )
    assert engine.run("[document.documentElement.lang, document.documentElement.dir]") == [
        "en",
        "ltr",
    ]
    assert problems(engine, server) == []


DIALOG_BOX_JS = """(dialog) => {
  const d = document.querySelector(dialog);
  const b = d.getBoundingClientRect();
  return d.open && d.getAnimations().length === 0 && {x: b.x, width: b.width};
}"""


@pytest.mark.parametrize("lang", EDITIONS)
def test_phone_drawers_open_from_their_sides(engine, server, lang):
    """At 390 px the chapters' drawer slides in from the reading side, the page's contents from the other."""
    visit(engine, f"{server.url}{lang}/derivative.html", width=PHONE)
    # the layout's width, without a scrollbar (Firefox draws one); WebKitGTK's
    # MiniBrowser window is at least 447 px wide: still a phone's layout
    width = engine.run("document.documentElement.clientWidth")
    assert width < 576, width
    sides = {}
    for toggle, dialog in (
        (".bd-header-article .primary-toggle", "#pst-primary-sidebar-modal"),
        (".bd-header-article .secondary-toggle", "#pst-secondary-sidebar-modal"),
    ):
        engine.click(toggle)
        sides[dialog] = engine.wait_for(DIALOG_BOX_JS, dialog)  # open, slide-in finished
        engine.press("Escape")
        engine.wait_for("(d) => !document.querySelector(d).open", dialog)
    primary, secondary = sides["#pst-primary-sidebar-modal"], sides["#pst-secondary-sidebar-modal"]
    assert primary["width"] > width / 2 and secondary["width"] > width / 2
    at_right = lambda box: abs(box["x"] + box["width"] - width) < 2 and box["x"] > 0  # noqa: E731
    at_left = lambda box: abs(box["x"]) < 2 and box["x"] + box["width"] < width  # noqa: E731
    if lang == "he":
        assert at_right(primary) and at_left(secondary), sides
    else:
        assert at_left(primary) and at_right(secondary), sides
    assert problems(engine, server) == []


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("lang", EDITIONS)
def test_contrast(engine, server, lang, mode):
    """Body text, the slide badge, the switcher and the sidebar keep WCAG AA contrast (4.5:1) in both modes."""
    visit(engine, f"{server.url}{lang}/derivative.html", dark=mode == "dark")
    assert engine.run("document.documentElement.dataset.theme") == mode
    for selector in (
        "article.bd-article p",
        ".slide-ref",
        "a.lang-switch",
        "nav.bd-links a",
        "nav.bd-links .current > a",
        "code.literal",
        ".prev-next-subtitle",
    ):
        ratio = engine.evaluate(CONTRAST_JS, selector)
        assert ratio >= 4.5, (selector, mode, round(ratio, 2))


# The search is finished when its status line has its text and every result
# that fetches its page's summary shows it: reading earlier, or starting the
# next search, would race those fetches (and cancel them).
SEARCH_DONE_JS = """() => {
  const status = document.querySelector('#search-results > p.search-summary');
  const items = [...document.querySelectorAll('#search-results ul.search > li')];
  return Boolean(status?.textContent.trim())
    && items.every((li) => li.querySelector('span') || li.querySelector('p.context'))
    && items.map((li) => li.querySelector('a').getAttribute('href'));
}"""


def search(engine, url, query):
    """The page names a search for `query` lists, once the page has shown all it found."""
    engine.goto(f"{url}?q={query}")
    return {Path(href.split("#")[0]).name for href in engine.wait_for(SEARCH_DONE_JS)}


def test_hebrew_search_finds_words_with_and_without_prefixes(engine, server):
    """Query "ובנקודה" finds "נקודה", "נגזרת" finds "הנגזרת" and the other way round."""
    engine.open(WIDE)
    for query in ("ובנקודה", "נקודה", "הנגזרת", "נגזרת", "לנגזרת", "autograd"):
        found = search(engine, f"{server.url}he/search.html", query)
        assert "derivative.html" in found, query
        assert problems(engine, server) == [], query
    # the page's stemmer (JavaScript) strips what the index's (Python) strips
    from book._ext.hebrew_search import SearchHebrew

    words = ["ובנקודה", "הנגזרת", "כלל", "שיפוע", "ובשיפוע", "Derivatives", "gradients", "x"]
    in_page = engine.evaluate(
        "(ws) => ws.map((w) => new Stemmer().stemWord(w.toLowerCase()))", words
    )
    assert in_page == [SearchHebrew({}).stem(w).lower() for w in words]


def test_english_search(engine, server):
    engine.open(WIDE)
    assert "derivative.html" in search(engine, f"{server.url}en/search.html", "derivatives")
    assert problems(engine, server) == []


@pytest.mark.parametrize("scheme", ["file", "http"])
def test_language_page_search_and_switcher(engine, site, server, scheme):
    """From a folder (file://) and from 127.0.0.1: the language page, both editions, search, the switcher."""
    root = site.resolve().as_uri() + "/" if scheme == "file" else server.url
    engine.open(WIDE)
    for lang in EDITIONS:
        engine.goto(root + "index.html")
        engine.click(f"a[href='{lang}/index.html']")
        assert engine.wait_for_navigation(root + "index.html") == f"{root}{lang}/index.html"
        assert engine.run("document.documentElement.dir") == DIRECTION[lang]
    engine.goto(root + "he/derivative.html")
    engine.click("a.lang-switch")
    assert engine.wait_for_navigation(root + "he/derivative.html") == root + "en/derivative.html"
    # the search page reads its index from a script tag, which works from files too
    engine.goto(f"{root}he/search.html?q=ובנקודה")
    found = engine.wait_for(
        "() => document.querySelector('#search-results > p.search-summary')?.textContent.trim()"
        " && [...document.querySelectorAll('#search-results ul.search a')].map((a) => a.href)"
    )
    assert f"{root}he/derivative.html" in {href.split("#")[0] for href in found}
    if scheme == "http":  # from files, the page summaries under the results cannot be fetched
        engine.wait_for(SEARCH_DONE_JS)
        assert problems(engine, server) == []


# Pixels of a screenshot: the mean brightness (0-255) of a region of it.
def brightness(path, box=None):
    from PIL import Image, ImageStat

    with Image.open(path) as image:
        gray = image.convert("L")
        return ImageStat.Stat(gray.crop(box) if box else gray).mean[0]


SIDEBAR_JS = """() => { const b = document.querySelector('#pst-primary-sidebar nav.bd-links').getBoundingClientRect();
  return [Math.round(b.left), Math.round(b.top), Math.round(b.right), Math.round(Math.min(b.bottom, innerHeight))]; }"""


def ink(path, box):
    """The share of pixels in `box` that differ from the region's most common colour (text, lines)."""
    from PIL import Image

    with Image.open(path) as image:
        region = image.convert("L").crop(box)
        histogram = region.histogram()
        return 1 - max(histogram) / sum(histogram)


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("lang", EDITIONS)
def test_screenshots_show_the_layout(engine, server, lang, mode):
    """The first screen at 1280 and 390 px, saved for a person to look at
    (_build/screenshots/<engine>-<lang>-derivative-<width>-<mode>.png), and its pixels checked:
    the chapters' list is drawn on the reading side (ink there, a blank margin on the other
    side of the page), and dark mode is dark (light mode light)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dark = mode == "dark"
    for width in (WIDE, PHONE):
        visit(engine, f"{server.url}{lang}/derivative.html", width=width, dark=dark)
        path = SCREENSHOTS / f"{engine.name}-{lang}-derivative-{width}-{mode}.png"
        engine.screenshot(path)
        level = brightness(path)
        assert level < 80 if dark else level > 190, (path.name, level)
        if width == WIDE:
            left, top, right, bottom = engine.evaluate(SIDEBAR_JS)
            assert (left >= WIDE / 2) == (lang == "he"), (path.name, left)
            mirror = (WIDE - right, top, WIDE - left, bottom)
            assert ink(path, (left, top, right, bottom)) > 0.03, path.name
            # on the mirrored side of the sidebar's list: the article's margin or the contents
            assert ink(path, (left, top, right, bottom)) > ink(path, mirror), path.name
