"""Light pages: the themes' icons without FontAwesome's script, and figures loaded when seen.

A student on a cheap phone and slow Wi-Fi pays for every byte (tests/test_weight.py
measures them).

pydata-sphinx-theme loads FontAwesome's SVG script (1.5 MB, most of a first
visit's bytes) for a handful of icons. Its style sheet already draws the same
icons from FontAwesome's font (`<i class="fa-solid fa-bars">` gets the glyph of
`.fa-bars{--fa:"\\f0c9"}`). So the script's tag is dropped from every page, and
the solid font (115 kB) is cut down with fontTools to the glyphs the pages,
the themes' scripts and the style sheets use: a few kilobytes. The icons stay
decorative (`content: var(--fa) / ""`); the buttons and links that hold them
carry the names.

Figures below the first screen are fetched when the reader scrolls near them
(`loading="lazy"` on every image but the page's first).

The scripts of the themes and extensions sit in the page's head, each one
holding up the first paint until it has arrived: they are deferred (run in the
same order, once the page is parsed; each waits for the document already).
Only `documentation_options.js` stays as it is: the inline scripts after it
write into the object it defines. The theme's `theme.css` does nothing but
`@import` Sphinx's `basic.css`, so the page waits for one file, then the
other: the page links `basic.css` itself.

pydata-sphinx-theme puts Sphinx's search scripts and the whole search index
(140 kB) on every page, for results shown while typing; the book's search
field opens the search page instead (`search_as_you_type` is off), so only
the search page loads them.
"""

import re
from pathlib import Path

import pydata_sphinx_theme
from fontTools import subset
from sphinx.errors import ExtensionError

THEME_STATIC = (
    Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
)
THEME_CSS = Path("styles") / "pydata-sphinx-theme.css"
FONT = Path("vendor") / "fontawesome" / "webfonts" / "fa-solid-900.woff2"
SCRIPT_TAG = re.compile(
    r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>'
)
# `.fa-pencil,.fa-pencil-alt{--fa:"\f303"}`: the icon table in the theme's style sheet
ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+,?)+)\{--fa:"\\([0-9a-f]+)"\}')
IMAGE = re.compile(r"<img (?!loading=)")
# a script the parser waits for, but documentation_options.js
BLOCKING_SCRIPT = re.compile(r'<script src="(?![^"]*documentation_options\.js)')
# pydata-sphinx-theme's style sheet that only imports basic.css, and the rule it holds
THEME_IMPORT = re.compile(r'(href="[^"]*_static/)styles/theme\.css\?digest=[0-9a-f]+"')
THEME_IMPORT_ONLY = '@import "../basic.css";'
# the search tools and index, which only the search page uses
SEARCH_SCRIPT = re.compile(
    r'\s*<script defer src="(?:_static/searchtools|_static/language_data|searchindex)\.js">'
    r"</script>"
)
ICON_NAME = re.compile(r"\bfa-[a-z0-9-]+")
# a private-use character written in a style sheet: "\f303"
CSS_ESCAPE = re.compile(r'"\\([ef][0-9a-f]{3})"')


def icon_table(css):
    """{class name: code point} from FontAwesome's rules.

    >>> icon_table('.fa-pencil,.fa-pencil-alt{--fa:"\\\\f303"}.fa-x{--fa:"x"}')
    {'fa-pencil': 62211, 'fa-pencil-alt': 62211}
    """
    return {
        name.lstrip("."): int(code, 16)
        for names, code in ICON_RULE.findall(css)
        for name in names.rstrip(",").split(",")
    }


def icons_used(static, pages):
    """The icon classes named in the pages and the themes' scripts (fa-bars, fa-xmark ...)."""
    scripts = [p for p in static.rglob("*.js") if not p.name.startswith("fontawesome")]
    names = set()
    for path in [*pages, *scripts]:
        names |= set(ICON_NAME.findall(path.read_text(encoding="utf-8")))
    return names


def glyphs_used(sheets, names):
    """Code points of the icons `names`, and of those the style sheets write themselves."""
    table = {}
    for text in sheets:
        table |= icon_table(text)
    used = {table[n] for n in names if n in table}
    for text in sheets:
        used |= {int(c, 16) for c in CSS_ESCAPE.findall(ICON_RULE.sub("", text))}
    return used


def keep_rules(css, names):
    r"""The theme's style sheet with the icon table cut down to `names`.

    >>> keep_rules('a{}.fa-x,.fa-y{--fa:"\\f00d"}.fa-z{--fa:"\\f00e"}b{}', {"fa-y"})
    'a{}.fa-x,.fa-y{--fa:"\\f00d"}b{}'
    """
    return ICON_RULE.sub(lambda m: m.group(0) if set(icon_table(m.group(0))) & names else "", css)


def lighten(page, search=False):
    """The page without FontAwesome's script, its images after the first loaded lazily,
    its scripts deferred; the search scripts only if it is the `search` page.

    >>> lighten('<img src="a.svg"><img src="b.svg">'
    ...         '<script defer src="_static/scripts/fontawesome.js"></script>')
    '<img src="a.svg"><img loading="lazy" src="b.svg">'
    >>> lighten('<script src="documentation_options.js"></script><script src="doctools.js">')
    '<script src="documentation_options.js"></script><script defer src="doctools.js">'
    >>> lighten('<link href="_static/styles/theme.css?digest=90905a" rel="stylesheet" />')
    '<link href="_static/basic.css" rel="stylesheet" />'
    >>> lighten('<script src="searchindex.js"></script>'), lighten('<script src="x.js">', True)
    ('', '<script defer src="x.js">')
    """
    page = BLOCKING_SCRIPT.sub('<script defer src="', SCRIPT_TAG.sub("", page))
    if not search:
        page = SEARCH_SCRIPT.sub("", page)
    page = THEME_IMPORT.sub(r'\1basic.css"', page)
    head, first, rest = page.partition("<img ")
    return head + first + IMAGE.sub('<img loading="lazy" ', rest)


def lighten_pages(app):
    """Every page the HTML builder renders goes through `lighten`."""
    if app.builder.format != "html":
        return
    theme_css = THEME_STATIC / "styles" / "theme.css"
    rules = re.sub(r"/\*.*?\*/", "", theme_css.read_text(encoding="utf-8"), flags=re.S).strip()
    if rules != THEME_IMPORT_ONLY:
        raise ExtensionError(f"{theme_css} now holds more than {THEME_IMPORT_ONLY}: link it again")
    if app.config.html_theme_options.get("search_as_you_type"):
        raise ExtensionError("search_as_you_type needs the search index on every page")
    render = app.builder.templates.render
    app.builder.templates.render = lambda template, context: lighten(
        render(template, context), search=context.get("pagename") == "search"
    )


def write_font(app, exception):
    """The edition's icons only: in the font, in the theme's icon table; no FontAwesome script."""
    if exception or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    # from the theme's own files: the copies in the output may be cut down already
    theme_css = (THEME_STATIC / THEME_CSS).read_text(encoding="utf-8")
    sheets = [theme_css] + [
        p.read_text(encoding="utf-8") for p in static.rglob("*.css") if p.name != THEME_CSS.name
    ]
    names = icons_used(static, Path(app.outdir).glob("*.html"))
    options = subset.Options()
    options.flavor = "woff2"
    font = subset.load_font(str(THEME_STATIC / FONT), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=glyphs_used(sheets, names))
    subsetter.subset(font)
    subset.save_font(font, str(static / FONT), options)
    (static / THEME_CSS).write_text(keep_rules(theme_css, names), encoding="utf-8")
    for script in (static / "scripts").glob("fontawesome.js*"):
        script.unlink()


def setup(app):
    app.connect("builder-inited", lighten_pages)
    app.connect("build-finished", write_font)
    return {"env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
