"""Three browser engines behind one small interface, and the test server they read.

A check in tests/test_browser.py is written once against `Browser` (open a tab
of a given width, go to a URL, evaluate JavaScript, click, press a key, go
back, take a screenshot) and runs in each engine:

- Chromium: Debian's `chromium`, driven by Playwright (no browser download);
- WebKit (Safari's engine): WebKitGTK's MiniBrowser through Debian's
  `WebKitWebDriver` and Selenium, under an Xvfb display (it has no headless mode);
- Firefox (Gecko): Debian's `firefox-esr` through puppeteer-core over WebDriver
  BiDi, by the Node script tests/js/firefox.mjs (Debian ships no geckodriver).

What a page did wrong is seen the same way in every engine: the test server
records each request and its status, and puts a small script at the top of every
page it serves that collects script errors, failed loads and `console.error`
calls; requests that leave the site are read from the page's resource timings.
"""

import functools
import http.server
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
import warnings
from pathlib import Path

from tools import chromium

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
CHROMIUM = chromium.path()
WEBKIT_DRIVER = shutil.which("WebKitWebDriver")
MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
FIREFOX = shutil.which("firefox-esr") or shutil.which("firefox")
NODE = shutil.which("node")
XVFB = shutil.which("Xvfb")

# Collects what went wrong on a page, before the page's own scripts run.
HARNESS = b"""<script>(() => {
  const errors = (window.__bookErrors = []);
  const what = (e) => e.message || `failed to load ${e.target.src || e.target.href}`;
  addEventListener("error", (e) => errors.push(what(e)), true);
  addEventListener("unhandledrejection", (e) => errors.push(`unhandled rejection: ${e.reason}`));
  const error = console.error;
  console.error = (...args) => { errors.push(args.join(" ")); error.apply(console, args); };
})();</script>"""

PROBLEMS_JS = """(base) => [
  ...(window.__bookErrors || []),
  ...performance.getEntriesByType("resource").map((r) => r.name)
    .filter((u) => !u.startsWith(base) && !/^(data|blob|about):/.test(u))
    .map((u) => `request leaving the site: ${u}`),
]"""


def missing(engine):
    """Why `engine` cannot run on this machine, or None."""
    needs = {
        "chromium": [
            (CHROMIUM, "Chromium is not installed (Debian: apt-get install chromium)"),
            (_importable("playwright"), "the Python package playwright is not installed"),
        ],
        "webkit": [
            (
                WEBKIT_DRIVER,
                "WebKitWebDriver is missing (Debian: apt-get install webkit2gtk-driver)",
            ),
            (Path(MINIBROWSER).exists() or None, f"{MINIBROWSER} is missing (webkit2gtk-driver)"),
            (XVFB, "Xvfb is missing (Debian: apt-get install xvfb xauth)"),
            (_importable("selenium"), "the Python package selenium is not installed"),
        ],
        "firefox": [
            (FIREFOX, "Firefox is missing (Debian: apt-get install firefox-esr)"),
            (NODE, "Node is missing"),
            ((NODE_MODULES / "puppeteer-core").exists() or None, "puppeteer-core: run npm ci"),
        ],
    }[engine]
    reasons = [reason for found, reason in needs if not found]
    return f"{engine}: " + "; ".join(reasons) + " (.ci/run installs it)" if reasons else None


def _importable(module):
    try:
        __import__(module)
    except ImportError:
        return None
    return True


class Browser:
    """The operations the checks need; one subclass per engine."""

    name = ""
    # what the engine raises when the page a script runs in unloads under it
    unloaded = ()

    def open(self, width, height=900):
        """A fresh tab (no history, no storage of the last one) with this viewport."""
        raise NotImplementedError

    def goto(self, url):
        """Load `url` and wait for its `load` event."""
        raise NotImplementedError

    def run(self, expression):
        """The value of a JavaScript expression in the page (a promise is awaited)."""
        raise NotImplementedError

    def click(self, selector):
        raise NotImplementedError

    def press(self, key):
        """Press a key ("Escape") on the focused element."""
        raise NotImplementedError

    def back(self):
        raise NotImplementedError

    @property
    def url(self):
        return self.run("location.href")

    def screenshot(self, path):
        """The viewport as a PNG at `path`."""
        raise NotImplementedError

    def close(self):
        raise NotImplementedError

    def evaluate(self, function, *args):
        """Call a JavaScript function (given as source) with JSON arguments."""
        return self.run(f"({function})(...{json.dumps(args)})")

    def wait_for(self, function, *args, timeout=15):
        """Wait until a JavaScript function returns something truthy; return it."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                value = self.evaluate(function, *args)
            except self.unloaded:  # a navigation under way: not yet
                value = None
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name}: still false after {timeout} s: {function}")
            time.sleep(0.05)

    def problems(self, base):
        """Script errors, failed loads, console errors and requests leaving `base`, on this page."""
        return self.evaluate(PROBLEMS_JS, base)

    def wait_for_navigation(self, old_url):
        """After a click on a link: the next page's URL, once it has loaded (not the blank
        document Firefox may show between the two)."""
        return self.wait_for(
            "(old) => ![old, 'about:blank'].includes(location.href)"
            " && document.readyState === 'complete' && location.href",
            old_url,
        )


class Chromium(Browser):
    name = "chromium"

    def __init__(self):
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=CHROMIUM, args=chromium.FLAGS
        )
        self._context = None

    def open(self, width, height=900):
        if self._context:
            self._context.close()
        self._context = self._browser.new_context(viewport={"width": width, "height": height})
        self.page = self._context.new_page()

    def goto(self, url):
        self.page.goto(url, wait_until="load")

    def run(self, expression):
        return self.page.evaluate(expression)

    def click(self, selector):
        self.page.click(selector)

    def press(self, key):
        self.page.keyboard.press(key)

    def back(self):
        self.page.go_back(wait_until="load")

    def screenshot(self, path):
        self.page.screenshot(path=str(path))

    def close(self):
        self._browser.close()
        self._playwright.stop()


class WebKit(Browser):
    name = "webkit"

    def __init__(self):
        from selenium import webdriver
        from selenium.common.exceptions import NoSuchFrameException
        from selenium.webdriver.webkitgtk.options import Options
        from selenium.webdriver.webkitgtk.service import Service

        os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never fetch a driver
        self._xvfb = subprocess.Popen(
            [XVFB, "-displayfd", "1", "-screen", "0", "1600x1200x24", "-nolisten", "tcp"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        display = self._xvfb.stdout.readline().decode().strip()
        self._xvfb.stdout.close()
        options = Options()
        options.binary_location = MINIBROWSER
        options.add_argument("--automation")
        # MiniBrowser's toolbar keeps its window at least 447 px wide; a GTK user style
        # sheet shrinks the toolbar's buttons and address field (GTK widgets only: WebKitGTK
        # draws the page's own controls itself), so a phone's 390 px fits.
        self._gtk_config = tempfile.TemporaryDirectory()
        style = Path(self._gtk_config.name) / "gtk-3.0" / "gtk.css"
        style.parent.mkdir()
        style.write_text("button, entry { min-width: 0; padding: 0; margin: 0; font-size: 1px; }\n")
        service = Service(
            executable_path=WEBKIT_DRIVER,
            env={**os.environ, "DISPLAY": f":{display}", "XDG_CONFIG_HOME": self._gtk_config.name},
        )
        try:
            with warnings.catch_warnings():
                # Selenium 4.51 itself passes an argument it has deprecated
                warnings.simplefilter("ignore", DeprecationWarning)
                self._driver = webdriver.WebKitGTK(options=options, service=service)
        except BaseException:
            self._xvfb.terminate()
            self._xvfb.wait()
            self._gtk_config.cleanup()
            raise
        self._driver.set_script_timeout(30)
        # "Callback was not called before the unload event": the page left under a script
        self.unloaded = (NoSuchFrameException,)

    def open(self, width, height=900):
        # a blank page, no storage left: what a fresh tab would be
        if self._driver.current_url.startswith("http"):
            self.run("localStorage.clear() || sessionStorage.clear() || true")
        self._driver.get("about:blank")
        # The window's frame takes its share of the size asked for, and WebKitGTK applies a
        # resize a little later: grow the window by what the viewport still lacks until it fits.
        deadline = time.monotonic() + 15
        self._driver.set_window_size(width, height)
        while (inner := self._settled_viewport()) != [width, height]:
            if time.monotonic() > deadline:
                raise AssertionError(f"WebKit's viewport stays {inner}, not {[width, height]}")
            outer = self._driver.get_window_size()
            self._driver.set_window_size(
                outer["width"] + width - inner[0], outer["height"] + height - inner[1]
            )

    def _settled_viewport(self):
        """[innerWidth, innerHeight] once two readings 0.1 s apart agree."""
        last = None
        while (inner := self.run("[innerWidth, innerHeight]")) != last:
            last = inner
            time.sleep(0.1)
        return inner

    def goto(self, url):
        self._driver.get(url)  # returns after `load`

    def run(self, expression):
        return self._driver.execute_script(f"return ({expression});")

    def click(self, selector):
        from selenium.webdriver.common.by import By

        self._driver.find_element(By.CSS_SELECTOR, selector).click()

    def press(self, key):
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        ActionChains(self._driver).send_keys(getattr(Keys, key.upper())).perform()

    def back(self):
        self._driver.back()

    def screenshot(self, path):
        self._driver.save_screenshot(str(path))

    def close(self):
        self._driver.quit()
        self._xvfb.terminate()
        self._xvfb.wait()
        self._gtk_config.cleanup()


class Firefox(Browser):
    name = "firefox"

    def __init__(self):
        self._process = subprocess.Popen(
            [NODE, str(Path(__file__).parent / "js" / "firefox.mjs"), FIREFOX],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self._next = 0
        self.version = self._answer(0)

    def _answer(self, id):
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError(f"firefox.mjs stopped (exit code {self._process.poll()})")
        message = json.loads(line)
        assert message["id"] == id, message
        if "error" in message:
            raise RuntimeError(f"firefox: {message['error']}")
        return message["value"]

    def _send(self, op, **args):
        self._next += 1
        self._process.stdin.write(json.dumps({"id": self._next, "op": op, **args}) + "\n")
        self._process.stdin.flush()
        return self._answer(self._next)

    def open(self, width, height=900):
        self._send("open", width=width, height=height)

    def goto(self, url):
        self._send("goto", url=url)

    def run(self, expression):
        return self._send("evaluate", expression=expression)

    def click(self, selector):
        self._send("click", selector=selector)

    def press(self, key):
        self._send("key", key=key)

    def back(self):
        self._send("back")

    def screenshot(self, path):
        self._send("screenshot", path=str(path), fullPage=False)

    def close(self):
        self._process.stdin.close()
        self._process.wait(timeout=30)
        self._process.stdout.close()


ENGINES = {"chromium": Chromium, "webkit": WebKit, "firefox": Firefox}


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site, records each response, and puts HARNESS into every page."""

    def log_message(self, *args):
        pass

    def send_response(self, code, message=None):
        self.server.responses.append((self.path, code))
        super().send_response(code, message)

    def copyfile(self, source, outputfile):
        body = source.read()
        self.server.bytes_sent += len(body)  # what the site itself sends, not the harness
        if self.path.split("?")[0].endswith((".html", "/")):
            body = body.replace(b"<head>", b"<head>" + HARNESS, 1)
        outputfile.write(body)

    def end_headers(self):
        # the harness changes a page's length: let the connection close instead
        if self.path.split("?")[0].endswith((".html", "/")):
            self._headers_buffer = [
                h for h in self._headers_buffer if not h.lower().startswith(b"content-length")
            ]
            self.close_connection = True
        super().end_headers()


class Server:
    """The site over HTTP on 127.0.0.1, on a free port, in a thread."""

    def __init__(self, directory):
        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Handler, directory=str(directory))
        )
        self.httpd.responses, self.httpd.bytes_sent = [], 0
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def failures(self):
        """Responses with an error status since the last call."""
        bad = [f"{path} ({code})" for path, code in self.httpd.responses if code >= 400]
        self.httpd.responses.clear()
        return bad

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()
