"""The printed edition: print styles on every page, and the PDF linked from the home page.

Every page links `print.css` and `print.js` (book/_static/), so the browser's
Print gives a clean handout of any page. `make pdf` (tools/pdf.py) writes
_build/pdf/autograd-<lang>.pdf; when that file exists, the build copies it into
the edition and the home page links it. Without it the home page says nothing.
"""

import json
import shutil
from pathlib import Path

from sphinx.locale import get_translation

_ = get_translation("book")


def pdf_name(language):
    """The file name of an edition's PDF.

    >>> pdf_name("he")
    'autograd-he.pdf'
    """
    return f"autograd-{language}.pdf"


def pdf_path(app):
    """Where `make pdf` writes this edition's PDF (the book's root is conf.py's parent)."""
    return Path(app.confdir).parent / "_build" / "pdf" / pdf_name(app.config.language)


def pdf_state(app):
    """What the home page depends on: whether the PDF exists, and which one."""
    path = pdf_path(app)
    return path.stat().st_mtime_ns if path.is_file() else None


def add_print_files(app, config):
    """The print style sheet and script, and the script's words in the page's language."""
    # after rtl.css; only for print, so a screen does not wait for it before it paints
    app.add_css_file("print.css", priority=950, media="print")
    words = {"solutions": str(_("Solutions"))}
    app.add_js_file(None, body=f"window.BOOK_PRINT = {json.dumps(words, ensure_ascii=False)};")
    app.add_js_file("print.js")


def home_outdated(app, env, added, changed, removed):
    """Write the home page again when its PDF appeared, changed or went away."""
    state = pdf_state(app)
    if getattr(env, "book_pdf_state", None) == state:
        return []
    env.book_pdf_state = state
    return [app.config.root_doc]


def link_pdf(app, pagename, templatename, context, doctree):
    """On the home page, a link to the edition's PDF, after the title (only if it exists)."""
    if pagename != app.config.root_doc or pdf_state(app) is None or "body" not in context:
        return
    href = pdf_name(app.config.language)
    link = (
        f'<p class="pdf-download"><a class="reference download" href="{href}" download>'
        f"{_('The printed edition (PDF)')}</a></p>"
    )
    body = context["body"]
    end = body.find("</h1>")
    at = end + len("</h1>") if end >= 0 else 0
    context["body"] = body[:at] + "\n" + link + body[at:]


def copy_pdf(app, exception):
    if exception is None and app.builder.format == "html" and pdf_state(app) is not None:
        shutil.copy2(pdf_path(app), Path(app.outdir) / pdf_name(app.config.language))


def setup(app):
    app.connect("config-inited", add_print_files)
    app.connect("env-get-outdated", home_outdated)
    app.connect("html-page-context", link_pdf)
    app.connect("build-finished", copy_pdf)
    return {"env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
