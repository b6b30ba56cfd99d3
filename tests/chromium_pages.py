"""Chromium pages for the tests that need more than the three-engine checks.

The widgets, the self-checks and the copy buttons are tried in Chromium alone,
through Playwright's own API (keyboard, clipboard, screenshots of one element),
which tests/browsers.py does not offer in every engine. They share what is
here: a reason to skip when Chromium is missing, the site over HTTP, one
browser per module, and `Visit`, a page in a fresh context that records the
requests it made and the errors it met.
"""

import functools
import http.server
import threading

import pytest

from tools import chromium

from .browsers import missing
from .conftest import ROOT

MISSING = missing("chromium")
WIDE, PHONE = 1280, 390
SCREENSHOTS = ROOT / "_build" / "screenshots"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(site):
    """The published site over HTTP on 127.0.0.1, on a free port: its base URL."""
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium.path(), args=chromium.FLAGS)
        yield launched
        launched.close()


class Visit:
    """A page opened in a fresh context, with every request and script error it caused."""

    def __init__(self, browser, width=WIDE, dark=False, **options):
        self.context = browser.new_context(viewport={"width": width, "height": 900}, **options)
        if dark:
            self.context.add_init_script(
                "localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');"
            )
        self.page = self.context.new_page()
        self.requests, self.failures = [], []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfailed", lambda r: self.failures.append(f"{r.url} ({r.failure})"))
        self.page.on(
            "response", lambda r: r.status >= 400 and self.failures.append(f"{r.url} ({r.status})")
        )
        self.page.on("pageerror", lambda e: self.failures.append(f"script error: {e}"))

    def open(self, url):
        self.page.goto(url, wait_until="load")
        return self

    def external(self, base):
        return [u for u in self.requests if not u.startswith((base, "data:", "blob:", "about:"))]

    def close(self):
        self.context.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
