"""Build both editions of the book and publish them to _build/html.

    python -m tools.build            # what `make html` runs

Each edition is built from book/<lang>/ with the shared book/conf.py into a
staging folder (_build/stage/<lang>/html); only when both succeed are they
copied to _build/html, so a failed build never destroys the last good one.
On the way the themes' style sheets are cut down to the rules the pages use
(tools/unused_css.py); the staged copy keeps them whole.
"""

import argparse
import hashlib
import shutil
import subprocess
import sys
import time
from pathlib import Path

from sphinx_external_toc.parsing import parse_toc_yaml

from tools import unused_css

ROOT = Path(__file__).resolve().parent.parent
EDITIONS = ("he", "en")


class BookError(Exception):
    """Bad input, reported with the file it is in."""


def pages(edition_dir):
    """The page names of one edition (paths of its .md files, without suffix)."""
    return {
        p.relative_to(edition_dir).with_suffix("").as_posix() for p in edition_dir.rglob("*.md")
    }


# Written into book/_locales by the build itself, from the .po files beside them.
GENERATED = ("*.mo", "LC_MESSAGES/sphinx.js")


def fingerprint(root, defines):
    """A hash of every input of the build: names, sizes and times of files, and the overrides."""
    h = hashlib.sha256(repr(sorted(defines)).encode())
    # _build/pdf: the home pages link the PDFs `make pdf` wrote (book/_ext/printed.py)
    for part in ("book", "code", "tools", "requirements.txt", "_build/pdf"):
        path = root / part
        for f in sorted(path.rglob("*") if path.is_dir() else [path]):
            generated = any(f.match(pattern) for pattern in GENERATED)
            if f.is_file() and "__pycache__" not in f.parts and not generated:
                st = f.stat()
                h.update(f"{f.relative_to(root)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def check_sources(root):
    """Fail early, naming the file, on a malformed table of contents or unmatched pages."""
    book = root / "book"
    toc = book / "_toc.yml"
    try:
        parse_toc_yaml(toc)
    except Exception as exc:  # YAML or table-of-contents errors alike
        raise BookError(f"{toc}: malformed table of contents: {exc}") from exc
    he, en = (pages(book / lang) for lang in EDITIONS)
    unmatched = [
        f"{book / have / name}.md has no counterpart {book / lack / name}.md"
        for have, lack, names in (("he", "en", he - en), ("en", "he", en - he))
        for name in sorted(names)
    ]
    if unmatched:
        raise BookError("\n".join(unmatched))


def build_edition(root, lang, defines=()):
    """Run Sphinx on one edition; returns (exit status, notebooks executed)."""
    book, build = root / "book", root / "_build"
    executed = build / "doctrees" / lang / "executed.txt"  # written by book/_ext/prefill.py
    executed.unlink(missing_ok=True)
    # One process per edition: Sphinx and its extensions keep global state
    # (UI translations, registries) that must not leak from one to the other.
    args = [
        sys.executable,
        "-m",
        "sphinx",
        "build",
        "-b",
        "html",
        "-W",
        "--keep-going",
        "-q",
        "-c",
        str(book),
        "-d",
        str(build / "doctrees" / lang),
        "-D",
        f"language={lang}",
    ]
    for define in defines:
        args += ["-D", define]
    status = subprocess.run(
        args + [str(book / lang), str(build / "stage" / lang / "html")]
    ).returncode
    if status:
        # Sphinx would not repeat this run's warnings for unchanged pages:
        # forget the environment so the next build reads every page again.
        (build / "doctrees" / lang / "environment.pickle").unlink(missing_ok=True)
    return status, int(executed.read_text()) if executed.exists() else 0


def publish(root):
    """Copy the staged editions, their style sheets cut down, and the language page to
    _build/html in one swap."""
    build = root / "_build"
    new, old, live = build / "html.new", build / "html.old", build / "html"
    for folder in (new, old):
        shutil.rmtree(folder, ignore_errors=True)
    for lang in EDITIONS:
        shutil.copytree(build / "stage" / lang / "html", new / lang)
        unused_css.cut_down(new / lang)
    shutil.copy2(root / "book" / "_root" / "index.html", new / "index.html")
    if live.exists():
        live.rename(old)
    new.rename(live)
    shutil.rmtree(old, ignore_errors=True)


def build(root=ROOT, defines=()):
    """Check the sources, build both editions, publish; returns an exit status.

    Nothing is done when no input changed since the last published build
    (which passed with -W, or it would not have been published).
    """
    stamp = root / "_build" / "html" / ".inputs"
    inputs = fingerprint(root, defines)
    if stamp.is_file() and stamp.read_text() == inputs:
        print(f"up to date: {root / '_build' / 'html' / 'index.html'}")
        return 0
    try:
        check_sources(root)
    except BookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    failed = []
    for lang in EDITIONS:
        start = time.perf_counter()
        status, executed = build_edition(root, lang, defines)
        if status:
            failed.append(lang)
        print(
            f"{lang}: {'FAILED' if status else 'built'} in {time.perf_counter() - start:.1f} s, "
            f"{executed} notebook(s) executed"
        )
    if failed:
        print(
            f"error: the {' and '.join(failed)} edition failed (see above); "
            f"{root / '_build' / 'html'} still holds the last good build",
            file=sys.stderr,
        )
        return 1
    try:
        publish(root)
    except unused_css.CutDownError as exc:
        print(
            f"error: {exc}\n{root / '_build' / 'html'} still holds the last good build",
            file=sys.stderr,
        )
        return 1
    stamp.write_text(inputs)
    print(f"published {root / '_build' / 'html' / 'index.html'}")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the book's repository")
    parser.add_argument(
        "-D",
        dest="defines",
        action="append",
        default=[],
        help="override a setting of conf.py, as in sphinx-build",
    )
    args = parser.parse_args(argv)
    return build(args.root.resolve(), args.defines)


if __name__ == "__main__":
    sys.exit(main())
