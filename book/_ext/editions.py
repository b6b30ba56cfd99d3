"""The two editions: each page's language, its direction, and the way to the other edition.

Both editions are built from one configuration with `-D language=he|en`. This
extension writes `dir` into every page's `<html>` tag, links each page to the
same page of the other edition, loads the book's own UI translations, and
gives the Hebrew edition its right-to-left style sheet.
"""

import hashlib
import json
import re
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from docutils import nodes
from sphinx.locale import get_translation
from sphinx.transforms import SphinxTransform

_ = get_translation("book")

EDITIONS = {
    "he": {"dir": "rtl", "name": "עברית", "label": "גרסה עברית של העמוד"},
    "en": {"dir": "ltr", "name": "English", "label": "English version of this page"},
}
LOCALES = Path(__file__).resolve().parent.parent / "_locales"


def other_edition(language):
    """The language code of the other edition."""
    (other,) = set(EDITIONS) - {language}
    return other


def check_language(app, config):
    if config.language not in EDITIONS:
        raise ValueError(
            f"book/conf.py: language must be one of {sorted(EDITIONS)}, not {config.language!r}"
        )


def js_catalog(catalog):
    """The text of a Sphinx `translations.js` holding the messages of a babel catalog.

    >>> from babel.messages.catalog import Catalog
    >>> catalog = Catalog(locale="he")
    >>> added = catalog.add("Searching", "מחפשים")
    >>> added = catalog.add(("one page", "${n} pages"), ("עמוד אחד", "${n} עמודים"))
    >>> print(js_catalog(catalog))  # doctest: +ELLIPSIS
    Documentation.addTranslations({"locale": "he", "messages": {"Searching": "מחפשים", ...});
    """
    messages = {}
    for message in catalog:
        if not message.id or not message.string:
            continue
        if message.pluralizable:
            messages[message.id[0]] = list(message.string)
        else:
            messages[message.id] = message.string
    # gettext's plural expressions may be booleans, (n != 1); the script indexes with them
    plural = f"Number({catalog.plural_expr})"
    data = {"locale": str(catalog.locale), "messages": messages, "plural_expr": plural}
    return f"Documentation.addTranslations({json.dumps(data, ensure_ascii=False)});"


def catalogs_digest(language):
    """A short hash of the edition's .po files.

    It is an 'env' setting, so a changed UI string makes Sphinx read every
    page again (the strings are also in the pages, e.g. "Exercise 1.1").

    >>> len(catalogs_digest("en")) == 16
    True
    """
    h = hashlib.sha256()
    for po in sorted((LOCALES / language / "LC_MESSAGES").glob("*.po")):
        h.update(po.name.encode() + b"\0" + po.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def load_translations(app):
    """Compile book/_locales/<lang>/LC_MESSAGES/*.po and register each catalog.

    Runs at set-up, before other extensions translate their strings. The
    `sphinx` catalog (the strings of Sphinx and of the themes' templates) is
    the exception: conf.py's `locale_dirs` makes Sphinx load it itself, ahead
    of its own Hebrew catalog, so ours wins where the two differ. Here it only
    becomes the `translations.js` of the search page's script, which Sphinx
    looks for beside it.
    """
    source = LOCALES / app.config.language / "LC_MESSAGES"
    target = Path(app.doctreedir) / "_locale"
    mo_dir = target / app.config.language / "LC_MESSAGES"
    mo_dir.mkdir(parents=True, exist_ok=True)
    for po in sorted(source.glob("*.po")):
        with po.open("rb") as f:
            catalog = read_po(f, locale=app.config.language)
        if po.stem == "sphinx":
            js = po.with_suffix(".js")
            if not js.exists() or js.read_text(encoding="utf-8") != js_catalog(catalog):
                js.write_text(js_catalog(catalog), encoding="utf-8")
            continue
        with (mo_dir / f"{po.stem}.mo").open("wb") as f:
            write_mo(f, catalog)
        app.add_message_catalog(po.stem, str(target))


def translate_config(app, config):
    """Settings that hold words: in the page's language.

    Connected ahead of other extensions' `config-inited` handlers, because
    sphinx-togglebutton writes its hints into the pages there.
    """
    config.togglebutton_hint = str(_("Click to show"))
    config.togglebutton_hint_hide = str(_("Click to hide"))
    config.nb_code_prompt_show = str(_("Show code cell {type}"))
    config.nb_code_prompt_hide = str(_("Hide code cell {type}"))
    config.copyright = config.copyright.replace(config.author, str(_(config.author)))
    config.author = str(_(config.author))


def label_toggle_buttons(app, config):
    """sphinx-togglebutton's script names each button "Toggle hidden content": translate it.

    The script adds the buttons when the page has loaded; this one runs after it.
    """
    label = str(_("Toggle hidden content"))
    if label != "Toggle hidden content":
        app.add_js_file(
            None,
            priority=600,
            body=(
                'document.addEventListener("DOMContentLoaded", () => document.querySelectorAll('
                '"button.toggle-button").forEach((b) => '
                f'b.setAttribute("aria-label", {json.dumps(label)})));'
            ),
        )


COPY_BUTTON_STRINGS = {  # sphinx-copybutton's message keys: their English words
    "copy": "Copy",
    "copy_to_clipboard": "Copy to clipboard",
    "copy_success": "Copied!",
    "copy_failure": "Failed to copy",
}


def label_copy_buttons(app, config):
    """sphinx-copybutton (0.5.2) knows no Hebrew: give it the edition's words.

    Its script keeps its words in the global `messages` and picks `locale` from
    the page's language. The page defers it (book/_ext/light_pages.py), and a
    deferred script finds the page parsed, so it makes its buttons at once, in
    English. This module script runs right after it (module scripts are
    deferred too, in the same order): it adds the edition's words, which the
    script reads on each copy, and renames the buttons already made.
    """
    words = {key: str(_(english)) for key, english in COPY_BUTTON_STRINGS.items()}
    if words == COPY_BUTTON_STRINGS:
        return
    lang = json.dumps(config.language)
    app.add_js_file(
        None,
        priority=600,
        type="module",
        body=(
            f"messages[{lang}] = {json.dumps(words, ensure_ascii=False)}; locale = {lang};"
            'document.querySelectorAll("button.copybtn").forEach((b) => {'
            f" b.setAttribute('aria-label', messages[{lang}].copy_to_clipboard);"
            f" b.dataset.tooltip = messages[{lang}].copy;"
            ' b.querySelectorAll("title").forEach((t) => {'
            f" t.textContent = messages[{lang}].copy_to_clipboard; }}); }});"
        ),
    )


PREFIX_HYPHEN = re.compile(r"(?<=[\u05d0-\u05ea])-$")


def join_prefix(text):
    """Hebrew glues a one-letter prefix to math or code with a hyphen ("ב-$x$"); a
    word joiner after the hyphen keeps a line from breaking between the two.

    >>> join_prefix("הנגזרת ב-") == "הנגזרת ב-\u2060"
    True
    >>> join_prefix("x-")
    'x-'
    """
    return PREFIX_HYPHEN.sub("-\u2060", text)


class KeepPrefixWithNext(SphinxTransform):
    """In the Hebrew edition, a text ending "ב-" stays on one line with what follows."""

    default_priority = 700

    def apply(self):
        if self.config.language != "he":
            return
        for text in list(self.document.findall(nodes.Text)):
            following = text.next_node(descend=False, siblings=True)
            joined = join_prefix(str(text))
            if following is not None and joined != str(text):
                text.parent.replace(text, nodes.Text(joined))


def write_direction(app):
    """Put `dir` on the `<html>` tag of every page the HTML builder renders."""
    if app.builder.format != "html":
        return
    direction = EDITIONS[app.config.language]["dir"]
    render = app.builder.templates.render

    def render_with_direction(template, context):
        return render(template, context).replace("<html ", f'<html dir="{direction}" ', 1)

    app.builder.templates.render = render_with_direction


def link_other_edition(app, pagename, templatename, context, doctree):
    """Give the templates the address of this page in the other edition."""
    other = other_edition(app.config.language)
    href = "../" * (pagename.count("/") + 1) + f"{other}/{pagename}.html"
    context["other_edition"] = {"href": href, "lang": other, **EDITIONS[other]}
    context["metatags"] = context.get("metatags", "") + (
        f'\n    <link rel="alternate" hreflang="{other}" href="{href}" />'
    )


def setup(app):
    check_language(app, app.config)
    load_translations(app)
    app.add_config_value("book_ui_strings", catalogs_digest(app.config.language), "env")
    if EDITIONS[app.config.language]["dir"] == "rtl":
        app.add_css_file("rtl.css", priority=900)  # after the themes' and book.css
    app.connect("config-inited", translate_config, priority=400)
    app.connect("config-inited", label_toggle_buttons)
    app.connect("config-inited", label_copy_buttons)
    app.add_transform(KeepPrefixWithNext)
    app.connect("builder-inited", write_direction)
    app.connect("html-page-context", link_other_edition)
    # env_version: bump it when a change here alters how pages are read
    return {"env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}
