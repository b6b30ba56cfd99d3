"""Debian's Chromium, as the printed edition and the browser tests start it.

Playwright cannot download a browser here, so it drives the system's Chromium.
The flags keep it headless, quiet and offline: as root it needs no sandbox, and
without the background-networking flags it tries to reach outside services the
closed network refuses.
"""

import shutil

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def path():
    """The Chromium on the PATH, or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")
