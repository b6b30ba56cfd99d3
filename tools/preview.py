"""Live preview of one edition: rebuilds on save, served on http://127.0.0.1:8000.

    make preview               # the Hebrew edition
    make preview EDITION=en    # the English one

Watches the edition's pages, the configuration and code/ (a change there
re-executes the pages, as in `make html`).
"""

import argparse
import sys

from sphinx_autobuild.__main__ import main as autobuild

from .build import ROOT


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("edition", nargs="?", default="he", choices=["he", "en"])
    parser.add_argument("--port", default="8000")
    edition = parser.parse_args(argv).edition
    book, out = ROOT / "book", ROOT / "_build" / "preview"
    return autobuild(
        [
            str(book / edition),
            str(out / edition),
            "-c",
            str(book),
            "-D",
            f"language={edition}",
            "-d",
            str(out / "doctrees" / edition),
            "--host",
            "127.0.0.1",
            "--port",
            parser.parse_args(argv).port,
            "--watch",
            str(book),
            "--watch",
            str(ROOT / "code"),
            "--ignore",
            "*.mo",
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
