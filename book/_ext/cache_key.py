"""Key the execution cache on what the pages import, not only on their code.

jupyter-cache knows a page by its code cells alone: a change in `code/` or in
the pinned requirements would leave stale outputs. So the cache folder is named
after a digest of those files (and of the kernelspec the pages run in); a change
gives a new, empty cache, and since the cache path is an 'env' setting, Sphinx
also re-reads every page.
"""

import hashlib
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INPUTS = [ROOT / "code", ROOT / "requirements.txt", ROOT / "book" / "_jupyter"]


def digest(paths=INPUTS):
    """A short hash of the files under `paths` (names and contents; .py and .json).

    >>> len(digest([])) == 16
    True
    """
    h = hashlib.sha256()
    for path in paths:
        files = (
            sorted(p for p in path.rglob("*") if p.suffix in (".py", ".json"))
            if path.is_dir()
            else [path]
        )
        for f in files:
            h.update(str(f.relative_to(ROOT)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def key_cache(app, config):
    """Point the cache at <nb_execution_cache_path>/<digest>, dropping older keys."""
    base = Path(config.nb_execution_cache_path)
    keyed = base / digest()
    if base.is_dir():
        for old in base.iterdir():
            if old != keyed:
                shutil.rmtree(old)
    config.nb_execution_cache_path = str(keyed)


def setup(app):
    app.connect("config-inited", key_cache, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
