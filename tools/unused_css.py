"""The themes' style sheets cut down to the rules the book's pages can use.

pydata-sphinx-theme's style sheet is 311 kB, with Bootstrap's grid, utilities
and components the book never shows; a phone works through all of it before
the first paint. After both editions are built, `cut_down` runs PurgeCSS
(tools/unused_css.mjs) over each edition's copy of the themes' and extensions'
sheets, against that edition's pages and scripts. The book's own sheets stay
as they are. tests/test_unused_css.py checks that no rule the cut removed
matches an element of any page.
"""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "unused_css.mjs"
PURGECSS = ROOT / "node_modules" / "purgecss"  # npm ci
# the themes' and extensions' sheets, relative to an edition's _static
SHEETS = (
    "basic.css",
    "pygments.css",
    "styles/pydata-sphinx-theme.css",
    "styles/sphinx-book-theme.css",
    "mystnb.*.css",
    "togglebutton.css",
    "copybutton.css",
)


class CutDownError(Exception):
    """PurgeCSS is missing or failed."""


def sheets(edition):
    """The sheets of the edition folder that are cut down."""
    static = edition / "_static"
    return [path for pattern in SHEETS for path in sorted(static.glob(pattern))]


def cut_down(edition):
    """Rewrite the edition's theme sheets with only the rules its pages and scripts can use."""
    if not PURGECSS.is_dir():
        raise CutDownError(f"{PURGECSS} is missing: run `npm ci --ignore-scripts`")
    done = subprocess.run(
        ["node", SCRIPT, edition, *sheets(edition)], capture_output=True, text=True
    )
    if done.returncode:
        raise CutDownError(f"{SCRIPT} failed on {edition}:\n{done.stderr}")
