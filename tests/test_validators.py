"""The web's own checkers on every page of both editions and the language page.

- The Nu Html Checker (`vnu.jar` from npm's `vnu-jar`, run with Java): no error,
  and no warning beyond the few listed in ALLOWED_WARNINGS.
- axe-core (npm), in Chromium, in light and dark mode: no violation of WCAG 2.1
  A/AA or of axe's best practices.

A failure names the page, the rule and the element. Without Java, the
node_modules of `npm ci` or Chromium, the tests are skipped, and the banner of
tests/conftest.py says so.
"""

import json
import shutil
import subprocess

import pytest

from .browsers import NODE_MODULES, Chromium, Server, missing
from .conftest import EDITIONS

JAVA = shutil.which("java")
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

# Warnings of the Nu Html Checker that stay, each for a reason (matched at the
# start of the message).
ALLOWED_WARNINGS = (
    # Sphinx writes each page as <section><h1>...; the page still has one h1.
    "Consider using the “h1” element as a top-level heading only",
    # The theme's <article> holds that section, whose h1 is the article's heading.
    "Article lacks heading.",
    # pydata-sphinx-theme writes <main role="main">: redundant, and harmless.
    "The “main” role is unnecessary for element “main”.",
)


def pages(site):
    return [site / "index.html"] + [
        p for lang in EDITIONS for p in sorted((site / lang).glob("*.html"))
    ]


def test_nu_html_checker(site):
    if not JAVA or not VNU.exists():
        pytest.skip(
            "validators: the Nu Html Checker needs java and vnu.jar (npm ci; .ci/run installs both)"
        )
    files = pages(site)
    result = subprocess.run(
        [JAVA, "-jar", str(VNU), "--format", "json", "--skip-non-html", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stderr)["messages"]
    found = [
        f"{m['url'].removeprefix(site.resolve().as_uri())} line {m.get('lastLine')}: "
        f"{m['type']}{'/' + m['subType'] if 'subType' in m else ''}: {m['message']}"
        f" [{m.get('extract', '').strip()[:80]}]"
        for m in messages
        if m["type"] == "error"
        or m["type"] == "non-document-error"
        or (m.get("subType") == "warning" and not m["message"].startswith(ALLOWED_WARNINGS))
    ]
    assert len({m["url"] for m in messages} | {f.as_uri() for f in files}) >= len(files)
    assert found == [], "\n".join(found)


@pytest.fixture(scope="module")
def chromium():
    reason = missing("chromium") or (None if AXE.exists() else "axe-core: run npm ci")
    if reason:
        pytest.skip(f"validators: {reason}")
    browser = Chromium()
    yield browser
    browser.close()


AXE_RUN = (
    f"axe.run(document, {{runOnly: {{type: 'tag', values: {json.dumps(AXE_TAGS)}}}}})"
    ".then((r) => r.violations.flatMap((v) => v.nodes.map((n) =>"
    " `${v.id} (${v.impact}): ${n.target.join(' ')}: ${n.failureSummary.replace(/\\s+/g, ' ')}`)))"
)


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_axe(site, chromium, mode):
    """axe-core over every page in one colour mode: WCAG 2.1 A/AA and best practice."""
    server = Server(site)
    source = AXE.read_text()
    found = []
    try:
        chromium.open(1280)
        chromium.page.emulate_media(color_scheme=mode)  # the language page follows the system
        for path in pages(site):
            url = server.url + str(path.relative_to(site))
            chromium.goto(url)
            if mode == "dark":
                chromium.run(
                    "localStorage.setItem('mode', 'dark') || localStorage.setItem('theme', 'dark')"
                )
                chromium.goto(url)
            if path.parent != site:  # the book's theme, not the language page
                assert chromium.run("document.documentElement.dataset.theme") == mode, url
            chromium.run(f"(() => {{ {source}\n; return true; }})()")
            found += [f"{path.relative_to(site)}: {v}" for v in chromium.run(AXE_RUN)]
    finally:
        server.close()
    assert found == [], "\n".join(found)
