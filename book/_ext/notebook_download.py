"""Let a student take any page home: plain notebooks, and the package they import.

For every page that runs, two executed notebooks (nbformat 4, outputs kept):
`<page>.ipynb`, the page as it is, and `<page>-student.ipynb`, with an empty
cell after each exercise and no solutions. Their Markdown is plain CommonMark
(`plain_markdown`), their code the cells the reader sees (the page's hidden
plumbing left out), their outputs the ones the build executed (from the shared
cache). A first cell says, in the edition's language, how to make the book's
package importable, and a code cell unpacks `autograd_book.zip` when it lies
beside the notebook (the folder `autograd_book` works as it is). Hebrew
Markdown is wrapped right to left, with code and display math left to right.

The page's download menu offers both notebooks and the package; the edition's
home page also offers all its notebooks with the package as one zip.
"""

import re
import time
import zipfile
from pathlib import Path

import nbformat
from jupyter_cache import get_cache
from myst_nb.core.variables import format_plain_text
from plain_markdown import Exercise, Unconvertible, convert_cell
from prefill import read_notebook
from sphinx.directives.code import LiteralIncludeReader
from sphinx.locale import get_translation
from sphinx.util import logging

_ = get_translation("book")
logger = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parents[2] / "code" / "autograd_book"
ZIP_DATE = (2026, 1, 1, 0, 0, 0)  # fixed dates: the same bytes every build
HOW_TO_RUN = {  # the first cell, translated in book/_locales/he/LC_MESSAGES/book.po
    False: "**How to run this notebook.** This is a chapter of the book *PyTorch Autograd*, "
    "with the outputs the book computed. To run it yourself you need `torch` and "
    "`matplotlib`, and the book's package: put `autograd_book.zip` (in the chapter's "
    "download menu) in the same folder as this notebook (in Colab, upload it in the Files "
    "panel). The next cell makes the package importable; then run the cells in order.",
    True: "**How to run this worksheet.** This is a chapter of the book *PyTorch Autograd* "
    "with an empty cell after each exercise for your answer; the solutions are in the full "
    "notebook and on the book's site. To run it you need `torch` and `matplotlib`, and the "
    "book's package: put `autograd_book.zip` (in the chapter's download menu) in the same "
    "folder as this notebook (in Colab, upload it in the Files panel). The next cell makes "
    "the package importable; then run the cells in order.",
}
SETUP_CODE = """\
# The book's package: unpack autograd_book.zip (beside this notebook) into ./autograd_book
import zipfile
from pathlib import Path

if Path("autograd_book.zip").exists() and not Path("autograd_book").exists():
    zipfile.ZipFile("autograd_book.zip").extractall()"""


def glued_values(notebook):
    """Each glued key's mime bundle, from the executed cells' outputs."""
    glued = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook")
            if record:
                prefix = record.get("mime_prefix", "")
                glued[record["name"]] = {k.removeprefix(prefix): v for k, v in output.data.items()}
    return glued


class Page:
    """What a page's roles and directives stand for, as the built page shows them."""

    def __init__(self, app, docname, glued):
        self.app, self.env, self.docname, self.glued = app, app.env, docname, glued
        self.labels = self.env.domaindata["std"]["labels"]

    def glue_text(self, key, fmt):
        return format_plain_text(self.glued[key]["text/plain"], fmt or "s")

    def glue_md(self, key):
        bundle = self.glued[key]
        return bundle.get("text/markdown") or bundle.get("text/latex") or bundle["text/plain"]

    def ref(self, label, text):
        return text or self.labels[label][2]

    def number(self, kind, label, docname=None):
        numbers = self.env.toc_fignumbers.get(docname or self.docname, {}).get(kind, {})
        return ".".join(map(str, numbers[label]))

    def numref(self, label, text):
        docname, labelid, _title = self.labels[label]
        number = self.number("figure", labelid, docname)
        return (text or self.app.config.numfig_format["figure"]).replace("%s", number)

    def slide(self, numbers):
        first, _sep, last = numbers.partition("-")
        word = _("Slides") if last else _("Slide")
        return f"{word} {first}\u2013{last}" if last else f"{word} {first}"

    def word(self, text):
        return str(_(text))

    def figure_number(self, number):
        return self.app.config.numfig_format["figure"] % number

    def figure(self, key):
        return f"{key}.svg", "image/svg+xml", self.glued[key]["image/svg+xml"]

    def include(self, argument, options):
        _rel, filename = self.env.relfn2path(argument, self.docname)
        typed = {k: int(v) if k == "dedent" else v for k, v in options.items()}
        return LiteralIncludeReader(filename, typed, self.app.config).read()[0]


def right_to_left(markdown):
    """Hebrew Markdown for Jupyter: prose right to left, code and display math left to right.

    >>> print(right_to_left("שלום $x$\\n\\n```python\\nx = 1\\n```"))
    <div dir="rtl">
    <BLANKLINE>
    שלום $x$
    <BLANKLINE>
    <div dir="ltr">
    <BLANKLINE>
    ```python
    x = 1
    ```
    <BLANKLINE>
    </div>
    <BLANKLINE>
    </div>
    """
    ltr = re.sub(
        r"(?ms)^(```.*?^```|\$\$.*?\$\$)$",
        lambda m: f'<div dir="ltr">\n\n{m[1]}\n\n</div>',
        markdown,
    )
    return f'<div dir="rtl">\n\n{ltr}\n\n</div>'


def code_cell(cell):
    """A shown code cell with its outputs, less the page's glue records."""
    new = nbformat.v4.new_code_cell(cell.source)
    new.outputs = [o for o in cell.get("outputs", []) if "scrapbook" not in o.get("metadata", {})]
    tags = [t for t in cell.metadata.get("tags", []) if t == "raises-exception"]
    if tags:
        new.metadata["tags"] = tags  # Jupyter runs on past an error a cell shows on purpose
    return new


def plain_notebook(app, docname, executed, student):
    """The page as a plain Jupyter notebook (validated); raises Unconvertible."""
    page = Page(app, docname, glued_values(executed))
    rtl = app.config.language == "he"
    cells = []

    def markdown(text, attachments=None):
        cell = nbformat.v4.new_markdown_cell(right_to_left(text) if rtl else text)
        if attachments:
            cell.attachments = attachments
        cells.append(cell)

    markdown(str(_(HOW_TO_RUN[student])))
    cells.append(nbformat.v4.new_code_cell(SETUP_CODE))
    in_solution = False
    for cell in executed.cells:
        if cell.cell_type == "markdown":
            items, in_solution = convert_cell(cell.source, page, in_solution, student)
            for item in items:
                if isinstance(item, Exercise):
                    if student:
                        cells.append(nbformat.v4.new_code_cell(""))
                else:
                    markdown(item.text, item.attachments)
        elif "remove-cell" not in cell.metadata.get("tags", []) and not (in_solution and student):
            cells.append(code_cell(cell))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    }
    nbformat.validate(nb)
    return nb


def offer_notebooks(app, pagename, templatename, context, doctree):
    """Write the page's two notebooks beside its sources and list them for the theme."""
    start = time.perf_counter()
    try:
        write_notebooks(app, pagename, context)
    finally:  # the cost of the export, for `make bench`
        app.env.notebook_export_seconds = (
            getattr(app.env, "notebook_export_seconds", 0.0) + time.perf_counter() - start
        )


def write_notebooks(app, pagename, context):
    path, nb = read_notebook(app.env, pagename) if pagename in app.env.all_docs else (None, None)
    if nb is None:
        return
    _key, executed = get_cache(app.config.nb_execution_cache_path).merge_match_into_notebook(nb)
    folder = Path(app.outdir) / "_sources"
    folder.mkdir(parents=True, exist_ok=True)
    for student, name in ((False, f"{pagename}.ipynb"), (True, f"{pagename}-student.ipynb")):
        try:
            notebook = plain_notebook(app, pagename, executed, student)
        except (Unconvertible, KeyError) as err:
            kind = "unknown key" if isinstance(err, KeyError) else "construct"
            logger.warning(f"no plain notebook: {kind} {err}", location=pagename)
            return
        nbformat.write(notebook, folder / name)
    context["ipynb_source"] = f"{pagename}.ipynb"


def download_menu(app, pagename, templatename, context, doctree):
    """The download menu: the notebooks, the package, and on the home page everything."""
    group = next(
        (b for b in context.get("header_buttons", []) if b.get("label") == "download-buttons"),
        None,
    )
    if group is None:
        return
    to_root = context["pathto"]("_sources", 1).rsplit("_sources", 1)[0]
    links = []
    if context.get("ipynb_source"):
        student = context["ipynb_source"].replace(".ipynb", "-student.ipynb")
        links += [
            (f"_sources/{context['ipynb_source']}", _("Notebook (.ipynb)"), "fas fa-code"),
            (
                f"_sources/{student}",
                _("Worksheet: exercises, no solutions (.ipynb)"),
                "fas fa-code",
            ),
            ("autograd_book.zip", _("The book's package (.zip)"), "fas fa-file-archive"),
        ]
    if pagename == app.config.root_doc:
        links.append(
            (
                edition_zip_name(app),
                _("All notebooks and the package (.zip)"),
                "fas fa-file-archive",
            )
        )
    kept = [b for b in group["buttons"] if b.get("label") == "download-pdf-button"]
    group["buttons"] = [
        {
            "type": "link",
            "url": to_root + url,
            "text": str(text),
            "tooltip": str(text),
            "icon": icon,
            "label": "download-" + Path(url).name,
        }
        for url, text, icon in links
    ] + kept


def edition_zip_name(app):
    return f"autograd-notebooks-{app.config.language}.zip"


def write_zip(target, files):
    """A zip of (name in the zip, bytes) with fixed dates."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files:
            z.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), data, zipfile.ZIP_DEFLATED)


def package_files():
    return [(f"autograd_book/{f.name}", f.read_bytes()) for f in sorted(PACKAGE.glob("*.py"))]


def zip_package(app):
    """Write autograd_book.zip and publish it at the edition's root."""
    folder = Path(app.doctreedir) / "_downloads"
    folder.mkdir(parents=True, exist_ok=True)
    write_zip(folder / "autograd_book.zip", package_files())
    app.config.html_extra_path.append(str(folder))


def zip_edition(app, exception):
    """All the edition's notebooks, with the package zip beside them, as one zip."""
    if exception is not None or app.builder.format != "html":
        return
    seconds = getattr(app.env, "notebook_export_seconds", 0.0)
    (Path(app.doctreedir) / "export-seconds.txt").write_text(f"{seconds:.3f}")
    out = Path(app.outdir)
    notebooks = sorted((out / "_sources").glob("*.ipynb"))
    files = [(f"notebooks/{nb.name}", nb.read_bytes()) for nb in notebooks]
    files.append(("notebooks/autograd_book.zip", (out / "autograd_book.zip").read_bytes()))
    write_zip(out / edition_zip_name(app), files)


def setup(app):
    app.connect("builder-inited", zip_package)
    # before sphinx-book-theme builds its header buttons (priority 501), and after
    app.connect("html-page-context", offer_notebooks, priority=400)
    app.connect("html-page-context", download_menu, priority=502)
    app.connect("build-finished", zip_edition)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
