"""Offer each executed page as a Jupyter notebook in the theme's download menu.

myst-nb writes the executed notebook of every page next to the build; the
theme lists a page's .ipynb among its downloads only when launch buttons are
configured. This puts the notebook beside the page's sources and tells the
theme about it, so a student can take any page home and run it offline.
"""

import shutil
from pathlib import Path


def offer_notebook(app, pagename, templatename, context, doctree):
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not executed.is_file():
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(executed, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app):
    # before sphinx-book-theme builds its header buttons (priority 501)
    app.connect("html-page-context", offer_notebook, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
