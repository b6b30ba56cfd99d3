"""Rebuild every page when the book's own extensions change.

Sphinx re-reads pages when their sources, the configuration or the templates
change, not when an extension's code does: a fix in, say, the notebook
exporter would leave every page written by the old code. A digest of
book/_ext/*.py, as an 'env' setting, makes such a change a full rebuild (the
execution cache is keyed elsewhere, on code/, so nothing runs again).
"""

import hashlib
from pathlib import Path

EXTENSIONS = Path(__file__).resolve().parent


def digest(folder=EXTENSIONS):
    """A short hash of the folder's Python files (names and contents).

    >>> len(digest()) == 16
    True
    """
    h = hashlib.sha256()
    for f in sorted(folder.glob("*.py")):
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def setup(app):
    app.add_config_value("book_extensions_digest", digest(), "env")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
