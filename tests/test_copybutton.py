"""Copy buttons: on every code cell and listing, copying exactly the code, in Chromium.

sphinx-copybutton puts a button on each code block the configuration selects
(`copybutton_selector` in book/conf.py): the cells' inputs and the package's
listings, not the outputs. Clicking it must put the cell's source on the
clipboard, byte for byte as the page's Markdown has it, no prompt, no output.
In the Hebrew edition the button sits at the block's left, where a Hebrew line
ends, and speaks Hebrew.
"""

import pytest

from .chromium_pages import MISSING, Visit, browser, server  # noqa: F401
from .conftest import EDITIONS
from .test_parity import PAGES, code_cells, read

pytestmark = pytest.mark.skipif(MISSING is not None, reason=f"browser tests: {MISSING}")

TOOLTIP = {"he": "העתקה", "en": "Copy"}
LABEL = {"he": "העתקה ללוח", "en": "Copy to clipboard"}

BUTTONS = """() => [...document.querySelectorAll("div.highlight pre")].map((pre) => {
  const button = pre.parentElement.querySelector(":scope > button.copybtn");
  const box = pre.getBoundingClientRect(), at = button && button.getBoundingClientRect();
  return {
    input: !!pre.closest("div.cell_input"),
    output: !!pre.closest("div.cell_output"),
    listing: !!pre.closest("div.highlight-python"),
    button: !!button,
    tooltip: button && button.dataset.tooltip,
    // its accessible name: a label, or the title of its icon
    label: button
      && (button.getAttribute("aria-label") || button.querySelector("title").textContent),
    left: at && at.left + at.width / 2 < box.left + box.width / 2,
  };
})"""


def shown_sources(lang, name):
    return [
        source
        for source, meta in code_cells(read(lang, name))
        if "remove-cell" not in meta.get("tags", [])
    ]


@pytest.fixture(scope="module")
def page(browser, server):
    """A Chromium tab that may read the clipboard, and the site's base URL."""
    visit = Visit(browser, permissions=["clipboard-read", "clipboard-write"])
    visit.page.base = server
    yield visit.page
    visit.close()


@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize("name", [n for n in PAGES if shown_sources("en", n)])
def test_copy_buttons_copy_the_cells(page, lang, name):
    page.goto(f"{page.base}{lang}/{name.removesuffix('.md')}.html")
    page.wait_for_selector("button.copybtn", state="attached")
    blocks = page.evaluate(BUTTONS)
    for block in blocks:
        wanted = (block["input"] or block["listing"]) and not block["output"]
        assert block["button"] == wanted, f"{lang}/{name}: {block}"
        if wanted:
            assert (block["tooltip"], block["label"]) == (TOOLTIP[lang], LABEL[lang])
            assert block["left"] == (lang == "he"), f"{lang}/{name}: the button's side"
    sources = shown_sources(lang, name)
    # the solutions' cells are in dropdowns: open them all
    page.evaluate("document.querySelectorAll('button.toggle-button').forEach((b) => b.click())")
    buttons = page.locator("div.cell_input button.copybtn")
    assert buttons.count() == len(sources), f"{lang}/{name}: a cell without a button"
    for i, source in enumerate(sources):
        buttons.nth(i).hover()
        buttons.nth(i).click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == source.rstrip("\n"), f"{lang}/{name}: cell {i + 1} copies {copied!r}"
