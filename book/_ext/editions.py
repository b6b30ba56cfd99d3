"""The two editions: each page's language, its direction, and the way to the other edition.

Both editions are built from one configuration with `-D language=he|en`. This
extension writes `dir` into every page's `<html>` tag, links each page to the
same page of the other edition, and loads the book's own UI translations.
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx.locale import get_translation

_ = get_translation("book")

EDITIONS = {
    "he": {"dir": "rtl", "name": "עברית"},
    "en": {"dir": "ltr", "name": "English"},
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


def load_translations(app):
    """Compile book/_locales/<lang>/LC_MESSAGES/*.po and register each catalog.

    Runs at set-up, before other extensions translate their strings.
    """
    source = LOCALES / app.config.language / "LC_MESSAGES"
    target = Path(app.doctreedir) / "_locale"
    mo_dir = target / app.config.language / "LC_MESSAGES"
    mo_dir.mkdir(parents=True, exist_ok=True)
    for po in sorted(source.glob("*.po")):
        with po.open("rb") as f:
            catalog = read_po(f, locale=app.config.language)
        with (mo_dir / f"{po.stem}.mo").open("wb") as f:
            write_mo(f, catalog)
        app.add_message_catalog(po.stem, str(target))


def translate_toggle_hints(app, config):
    """sphinx-togglebutton translates its hints before the book's catalogs load."""
    config.togglebutton_hint = str(_("Click to show"))
    config.togglebutton_hint_hide = str(_("Click to hide"))


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
    context["other_edition"] = {"href": href, "lang": other, "name": EDITIONS[other]["name"]}
    context["metatags"] = context.get("metatags", "") + (
        f'\n    <link rel="alternate" hreflang="{other}" href="{href}" />'
    )


def setup(app):
    check_language(app, app.config)
    load_translations(app)
    app.connect("config-inited", translate_toggle_hints)
    app.connect("builder-inited", write_direction)
    app.connect("html-page-context", link_other_edition)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
