"""Execute the pages Sphinx is about to read, in parallel, into the shared cache.

Sphinx reads pages one at a time, and `-j` breaks the execution cache. So
before reading, the pages the cache does not hold yet are executed side by side
(one kernel per core) and stored; myst-nb then finds every page in the cache.
A page that fails here is left to myst-nb, which reports it with the page name.

The number of notebooks this build executed is written to
<doctreedir>/executed.txt for tools/build.py to report (in `force` mode,
where myst-nb runs every page it reads, that is the number of notebook pages).
"""

import logging as std_logging
import os
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import nbformat
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution
from myst_nb.core.read import create_nb_reader
from sphinx.util import logging

logger = logging.getLogger(__name__)


def execute(nb_json, cwd, timeout, allow_errors):
    """Run one notebook in a fresh kernel; returns (notebook, seconds, error)."""
    nb = nbformat.reads(nb_json, as_version=4)
    result = single_nb_execution(nb, cwd=cwd, timeout=timeout, allow_errors=allow_errors)
    error = None if result.err is None else type(result.err).__name__
    return nbformat.writes(result.nb), result.time, error


def read_notebook(env, docname):
    """(path, notebook) of a page, with the notebook as myst-nb reads it (None if not one)."""
    path = Path(env.doc2path(docname))
    text = path.read_text(encoding="utf-8")
    reader = create_nb_reader(str(path), env.myst_config, env.mystnb_config, text)
    return path, (None if reader is None else reader.read(text))


def is_notebook(env, docname):
    return read_notebook(env, docname)[1] is not None


def notebooks_to_run(env, docnames, cache):
    """(path, notebook) for each page to read that is a notebook missing from the cache."""
    seen, pending = set(), []
    for docname in sorted(docnames):
        path, nb = read_notebook(env, docname)
        if nb is None:
            continue
        _, key = cache.create_hashed_notebook(nb)
        if key in seen:
            continue
        seen.add(key)
        try:
            cache.match_cache_notebook(nb)
        except KeyError:
            pending.append((path, nb))
    return pending


def prefill(app, env, docnames):
    config = env.mystnb_config
    executed = Path(app.doctreedir) / "executed.txt"
    if config.execution_mode == "force":
        executed.write_text(str(sum(1 for d in docnames if is_notebook(env, d))))
    if config.execution_mode != "cache":
        return
    cache = get_cache(config.execution_cache_path)
    pending = notebooks_to_run(env, docnames, cache)
    executed.write_text(str(len(pending)))
    if not pending:
        return
    workers = min(len(pending), os.cpu_count() or 1)
    logger.info(f"prefill: executing {len(pending)} notebook(s) on {workers} core(s)")
    start = time.perf_counter()
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        futures = [
            pool.submit(
                execute,
                nbformat.writes(nb),
                str(path.parent),
                config.execution_timeout,
                config.execution_allow_errors,
            )
            for path, nb in pending
        ]
        for (path, _), future in zip(pending, futures, strict=True):
            try:
                nb_json, seconds, error = future.result()
            except Exception as exc:  # a dead kernel, say: myst-nb will say more
                nb_json, seconds, error = None, 0, repr(exc)
            if error:
                logger.info(f"prefill: {path.name} failed ({error}); myst-nb will report it")
                continue
            cache.cache_notebook_bundle(
                CacheBundleIn(
                    nbformat.reads(nb_json, as_version=4),
                    str(path),
                    data={"execution_seconds": seconds},
                ),
                check_validity=False,
                overwrite=True,
            )
    logger.info(f"prefill: done in {time.perf_counter() - start:.1f} s")


def setup(app):
    # accessible-pygments sends the root logger to stderr at INFO on import;
    # nbclient's "Executing notebook" notes would then clutter the build log.
    std_logging.getLogger("traitlets").setLevel(std_logging.WARNING)
    app.connect("env-before-read-docs", prefill)
    return {"parallel_read_safe": False, "parallel_write_safe": True}
