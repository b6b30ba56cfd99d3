"""The self-checks under the exercises, in Chromium, in both editions.

Every form's expected answers are computed here, by calling the package
function the page's hidden cell glued (`autograd_book.answers`), and must
equal what the page embeds. Then the right answers are typed in each accepted
form (-6, −6, -6.0, spaces, 1/2 for 0.5), and a wrong answer and text that is
not a number are typed, through the keyboard; the verdicts must be the
edition's words from book/_locales/he/LC_MESSAGES/book.po. No script error, no
console error, no request outside the site; the same from file://.
"""

import json
import re
from fractions import Fraction

import pytest
from babel.messages.pofile import read_po

from autograd_book import answers

from .chromium_pages import MISSING, SCREENSHOTS, Visit, browser, server  # noqa: F401
from .conftest import EDITIONS, ROOT

pytestmark = pytest.mark.skipif(MISSING is not None, reason=f"browser tests: {MISSING}")

# The hidden cell that glues a self-check's answers: glue("key", answers.f(...), ...).
GLUED = re.compile(r'glue\("(check_\w+)", answers\.(\w+)\(([^)]*)\)')


def glued_calls():
    """{(page, key): the expected answers, computed now by the function the page calls}."""
    calls = {}
    for md in sorted((ROOT / "book" / "en").glob("*.md")):
        for key, function, args in GLUED.findall(md.read_text()):
            values = [float(a) for a in args.split(",") if a.strip()]
            calls[md.stem, key] = getattr(answers, function)(*values).spec()
    return calls


CALLS = glued_calls()
PAGES = sorted({page for page, _ in CALLS})


def catalog(lang):
    """The translation of an English message in the edition's language."""
    if lang == "en":
        return lambda message: message
    with open(ROOT / "book/_locales/he/LC_MESSAGES/book.po", encoding="utf-8") as f:
        messages = {m.id: m.string for m in read_po(f) if m.id}
    return messages.__getitem__


RIGHT, WRONG = "Right!", "Not yet: look again at the marked answers."
NOT_NUMBER = "That is not a number we can read: try, for example, -6, 0.5 or 1/2."


def spellings(value):
    """Ways a student may type the number `value`, all of which must be accepted."""
    forms = [f"{value:g}", f" {value:g} "]
    if value < 0:
        forms += [f"\u2212{-value:g}", f"- {-value:g}"]
    if value == int(value):
        forms.append(f"{value:.1f}")
    fraction = Fraction(value).limit_denominator(100)
    if fraction.denominator > 1 and abs(float(fraction) - value) < 1e-9:
        forms.append(f"{fraction.numerator}/{fraction.denominator}")
    return forms


def wrong(field):
    """A wrong answer: the number plus one, or another word of the same choice."""
    if field["kind"] == "number":
        return f"{field['value'] + 1:g}"
    return next(w for w in answers.KINDS[field["kind"]] if w != field["value"])


def answer(page, form, name, text):
    """Type (or choose) `text` in a field through the keyboard."""
    control = form.locator(f'[name="{name}"]')
    control.focus()
    if control.evaluate("e => e.tagName") == "SELECT":
        control.select_option(text)
    else:
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
        if text:
            page.keyboard.type(text)


def check(page, form, key="Enter"):
    """Press the Check button from the keyboard; returns the verdict shown."""
    form.locator("button").focus()
    page.keyboard.press(key)
    return form.locator(".selfcheck-status").inner_text()


# Console errors that are not the self-check's: the theme's notice on a first visit, and a
# failed load, which Visit.failures reports with its address when the page asked for it
# (the browser's own favicon request is not the site's).
THEIRS = ("Got invalid theme mode", "Failed to load resource")


def open_page(browser, url):  # noqa: F811
    visit = Visit(browser)
    visit.console = []
    visit.page.on(
        "console",
        lambda m: (
            m.type == "error" and not m.text.startswith(THEIRS) and visit.console.append(m.text)
        ),
    )
    return visit.open(url)


@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize("name", PAGES)
def test_self_checks(browser, server, name, lang):  # noqa: F811
    words = catalog(lang)
    with open_page(browser, f"{server}{lang}/{name}.html") as visit:
        page = visit.page
        for (page_name, key), spec in CALLS.items():
            if page_name != name:
                continue
            form = page.locator(f"#selfcheck-{key}")
            assert form.is_visible(), f"{lang}/{name}: the self-check {key} is not shown"
            assert json.loads(form.get_attribute("data-answers")) == spec, (
                f"{lang}/{name}: the page's answers of {key} are not autograd's now"
            )
            fields = spec["fields"]
            numbers = [n for n, f in fields.items() if f["kind"] == "number"]
            rounds = max((len(spellings(fields[n]["value"])) for n in numbers), default=1)
            for r in range(rounds):
                for field_name, field in fields.items():
                    if field["kind"] == "number":
                        typed = spellings(field["value"])
                        answer(page, form, field_name, typed[r % len(typed)])
                    else:
                        answer(page, form, field_name, field["value"])
                assert check(page, form, "Enter" if r % 2 else " ") == words(RIGHT), (
                    f"{lang}/{name} {key}: the right answers were not accepted (round {r})"
                )
            for field_name, field in fields.items():
                answer(page, form, field_name, wrong(field))
                assert check(page, form) == words(WRONG), f"{key}.{field_name}: wrong accepted"
                marked = form.locator('[aria-invalid="true"]')
                assert marked.count() == 1 and marked.get_attribute("name") == field_name
                answer(
                    page,
                    form,
                    field_name,
                    spellings(field["value"])[0] if field["kind"] == "number" else field["value"],
                )
            for number in numbers[:1]:
                answer(page, form, number, "six")
                assert check(page, form) == words(NOT_NUMBER)
        assert not visit.failures and not visit.console, visit.failures + visit.console
        assert not visit.external(server), visit.external(server)


@pytest.mark.parametrize("lang", EDITIONS)
def test_self_check_from_file(browser, site, lang):  # noqa: F811
    """Opened from the folder, a self-check works the same."""
    words = catalog(lang)
    with open_page(browser, (site / lang / "derivative.html").as_uri()) as visit:
        form = visit.page.locator("#selfcheck-check_derivative")
        for name, field in CALLS["derivative", "check_derivative"]["fields"].items():
            answer(
                visit.page,
                form,
                name,
                f"{field['value']:g}" if field["kind"] == "number" else field["value"],
            )
        assert check(visit.page, form) == words(RIGHT)
        assert not visit.failures and not visit.console, visit.failures + visit.console


@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_self_check_at_phone_width(browser, server, lang, dark):  # noqa: F811
    """At 390 px the form fits the screen; a screenshot for the eye in _build/screenshots."""
    visit = Visit(browser, width=390, dark=dark)
    with visit:
        visit.open(f"{server}{lang}/derivative.html")
        form = visit.page.locator("#selfcheck-check_derivative")
        answer(visit.page, form, "d0", "5")
        check(visit.page, form)
        box = form.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        form.screenshot(path=SCREENSHOTS / f"selfcheck-{lang}-{'dark' if dark else 'light'}.png")


@pytest.mark.parametrize("lang", EDITIONS)
def test_no_self_check_without_javascript_or_in_print(browser, server, lang):  # noqa: F811
    """Without JavaScript the form stays hidden (nothing to press), and it is not printed."""
    url = f"{server}{lang}/derivative.html"
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        assert page.locator("#selfcheck-check_derivative").count() == 1
        assert not page.locator("#selfcheck-check_derivative").is_visible()
    finally:
        context.close()
    with open_page(browser, url) as visit:
        form = visit.page.locator("#selfcheck-check_derivative")
        assert form.is_visible()
        visit.page.emulate_media(media="print")
        assert not form.is_visible()
