"""Let a student take any page home: its notebook, and the package it imports.

myst-nb writes the executed notebook of every page next to the build; the
theme lists a page's .ipynb among its downloads only when launch buttons are
configured. This puts the notebook beside the page's sources and tells the
theme about it. The notebooks import the book's package, so the site also
offers `autograd_book.zip` at the root of each edition.
"""

import shutil
import zipfile
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "code" / "autograd_book"


def offer_notebook(app, pagename, templatename, context, doctree):
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not executed.is_file():
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(executed, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def zip_package(app):
    """Write autograd_book.zip (fixed dates: same bytes every build) and publish it."""
    folder = Path(app.doctreedir) / "_downloads"
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(folder / "autograd_book.zip", "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(PACKAGE.glob("*.py")):
            info = zipfile.ZipInfo(f"autograd_book/{f.name}", date_time=(2026, 1, 1, 0, 0, 0))
            z.writestr(info, f.read_bytes(), zipfile.ZIP_DEFLATED)
    app.config.html_extra_path.append(str(folder))


def setup(app):
    app.connect("builder-inited", zip_package)
    # before sphinx-book-theme builds its header buttons (priority 501)
    app.connect("html-page-context", offer_notebook, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
