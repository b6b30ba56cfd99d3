"""One configuration for both editions of the book.

The edition is chosen on the command line: `-D language=he` or `-D language=en`
(see tools/build.py). Paths are absolute, so the same file serves the Hebrew
and the English source trees, which share one execution cache.
"""

import doctest
import os
import sys
from pathlib import Path

BOOK = Path(__file__).resolve().parent
ROOT = BOOK.parent
sys.path.insert(0, str(BOOK / "_ext"))
sys.path.insert(0, str(ROOT / "code"))  # for autodoc, in the appendix on the book's code

# Kernels import the book's package from code/, and find the book's kernelspec
# (a quiet ipykernel) before the one installed in the environment.
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(ROOT / "code")] + os.environ.get("PYTHONPATH", "").split(os.pathsep)
).rstrip(os.pathsep)
os.environ["JUPYTER_PATH"] = str(BOOK / "_jupyter")

project = "PyTorch Autograd"
author = "The PyTorch Autograd book authors"
copyright = "2026, " + author
language = "en"

extensions = [
    "myst_nb",
    "sphinx_external_toc",
    "sphinx_exercise",
    "sphinx_togglebutton",
    "sphinx_copybutton",
    "exercise_html",
    "light_pages",
    "figure_sizes",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "editions",
    "mathml",
    "cache_key",
    "prefill",
    "slides",
    "notebook_download",
    "hebrew_search",
    "terms",
    "answers",
    "widgets",
    "extension_digest",
    "printed",
]

external_toc_path = str(BOOK / "_toc.yml")
external_toc_exclude_missing = False
templates_path = [str(BOOK / "_templates")]
# The UI strings of Sphinx and the themes (sphinx.po) come before Sphinx's own
# catalog; the book's other catalogs are loaded by the `editions` extension.
locale_dirs = [str(BOOK / "_locales")]
html_static_path = [str(BOOK / "_static")]
# without an icon of its own, a page makes the browser ask for /favicon.ico
html_favicon = str(BOOK / "_static" / "favicon.svg")
html_css_files = ["book.css"]
# A sized image (book/_ext/figure_sizes.py) is not wrapped in a link to its own file:
# a figure is read in the page, and such a link would have no name of its own.
html_scaled_image_link = False
exclude_patterns = ["**/.ipynb_checkpoints"]

# MyST: $...$ math, ::: fences, and {glue} numbers in the prose.
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
numfig = True
# Docstrings are reStructuredText: `name` is code there, as in Markdown.
default_role = "code"
autodoc_member_order = "bysource"
# The appendix lists its modules in "On this page", not each function of them: with every
# function there, the page alone weighed more than a next page may (tests/test_weight.py).
toc_object_entries = False
doctest_default_flags = (
    doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | doctest.DONT_ACCEPT_TRUE_FOR_1
)
# Sphinx's doctest builder runs the docstrings the appendix shows, in one
# namespace that holds the public names of every module of the package.
doctest_global_setup = "\n".join(
    f"from autograd_book.{m.stem} import *"
    for m in sorted((ROOT / "code" / "autograd_book").glob("[!_]*.py"))
)

# Copy buttons on the code a reader runs or reads (cell inputs and the package's
# listings), not on outputs; sphinx-copybutton is the one Jupyter Book and the
# PyTorch tutorials use.
copybutton_selector = "div.highlight-ipython3 pre, div.highlight-python pre"

html_math_renderer = "mathml"  # book/_ext/mathml.py

# Execution: every page runs at build time; one cache serves both editions
# (book/_ext/cache_key.py keys it on code/ and requirements.txt as well).
nb_execution_mode = "cache"
nb_execution_cache_path = str(ROOT / "_build" / "jupyter_cache")
nb_execution_timeout = 120
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_output_stderr = "warn"
nb_merge_streams = True

html_theme = "sphinx_book_theme"
html_title = "PyTorch Autograd"
html_last_updated_fmt = None
html_show_sourcelink = False
html_theme_options = {
    "article_header_end": ["lang-switch.html", "article-header-buttons.html"],
    "use_download_button": True,
    "use_fullscreen_button": False,
    "show_toc_level": 2,
    "home_page_in_toc": True,
    # No top bar (pydata-sphinx-theme 0.20 adds one with a search field that
    # sphinx-book-theme 1.4 means to remove): its hidden sidebar buttons would
    # take the clicks of the article header's, and the drawers never open.
    "navbar_persistent": [],
}

# pydata-sphinx-theme reads the colour mode from localStorage, and on a first
# visit (nothing stored) logs a console error unless a default is given.
html_context = {"default_mode": "auto"}
