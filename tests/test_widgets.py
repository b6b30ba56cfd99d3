"""The widgets in Chromium, both editions: what they show is what autograd computes.

Each test drives a widget as a reader does (keys on the slider, Enter and
Space on the buttons) and checks every number shown against autograd, run
here from the book's package, not against the data the page embeds. Also:
no script error, no request leaves the site, file:// works, the static figure
is what a reader sees without JavaScript and in print, the controls read
right to left in Hebrew while numbers and plots stay left to right, and
a page's widgets fit the budget (how fast an input is answered is measured
by `make bench`, not asserted as a time).
Screenshots for a person to look at go to _build/screenshots/widgets-*.png.
"""

import re
from pathlib import Path

import pytest
import torch
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from autograd_book.derivatives import derivative, extrema
from autograd_book.descent import descend
from autograd_book.exercises import final_loss
from autograd_book.formatting import number
from autograd_book.graph import record, walk
from autograd_book.widgets import backward_stepper
from book._ext.widgets import BUDGET, WORDS

from .chromium_pages import MISSING, PHONE, SCREENSHOTS, Visit, browser, server  # noqa: F401
from .conftest import BOOK, EDITIONS, SITE

# Every widget of the book: (page, index on the page, function, plotted range).
TANGENTS = {
    "derivative-f": ("derivative", 0, lambda x: x**3 - 3 * x, (-2.2, 2.2)),
    "derivative-exercise": ("derivative", 1, lambda x: 3 * x**2 + 6 * x, (-3.5, 2.5)),
    "final-cubic": ("final-exercises", 0, lambda x: 2 * x**3 - 3 * x**2, (-2.2, 2.3)),
}
# The learning-rate player: the loss, the start, the plotted range and the cap on steps.
DESCENT = ("gradient-descent", final_loss, 0.0, (-2, 6), 30)


def chain(a):
    """l = (a·x - 1)² at x = 1, op by op: the nodes in forward order, the edges
    (src, dst) in the order the backward pass takes them, and the leaves."""
    x = torch.tensor([1.0], requires_grad=True)
    y_hat = a * x
    z = y_hat - 1
    l = z**2
    return [x, y_hat, z, l], [(2, 3), (1, 2), (0, 1)], {"x": x}


def two_leaves():
    """loss = (w·x - y)² at w = 4, x = 1, y = 1 (a constant)."""
    w = torch.tensor([4.0], requires_grad=True)
    x = torch.tensor([1.0], requires_grad=True)
    y = torch.tensor([1.0])
    m = w * x
    d = m - y
    loss = d**2
    return [w, x, m, y, d, loss], [(4, 5), (2, 4), (0, 2), (1, 2)], {"w": w, "x": x}


# The backward-pass steppers: (page, index on the page, the graph built here).
STEPPERS = {
    "graph": ("computation-graphs", 0, lambda: chain(4)),
    "exercise-3x": ("computation-graphs", 1, lambda: chain(3)),
    "exercise-1x": ("computation-graphs", 2, lambda: chain(1)),
    "two-leaves": ("autograd-basics", 0, two_leaves),
}

browser_only = pytest.mark.skipif(MISSING is not None, reason=f"browser tests: {MISSING}")


def words(lang):
    """The edition's text of each control's msgid (English: the msgid itself)."""
    if lang == "en":
        return lambda msgid: msgid
    with (BOOK / "_locales" / lang / "LC_MESSAGES" / "book.po").open("rb") as f:
        catalog = read_po(f)
    return lambda msgid: catalog[msgid].string


def open_page(browser, url, width=1280, dark=False, **options):
    visit = Visit(browser, width=width, dark=dark)
    visit.console = []
    # A failed load is in visit.failures, with its address, except the favicon that
    # Chromium asks for on its own: the site has none.
    visit.page.on(
        "console",
        lambda m: (
            m.type == "error"
            and not m.text.startswith("Failed to load resource")
            and visit.console.append(m.text)
        ),
    )
    if not dark:  # the theme reads its mode from localStorage, and complains when it is unset
        visit.context.add_init_script("localStorage.setItem('mode', 'light');")
    visit.open(url)
    visit.page.wait_for_selector("figure.book-widget.live", state="attached")  # the widgets ran
    return visit


def open_solution(widget):
    """A widget in an exercise's solution: open the dropdown first."""
    solution = widget.locator("xpath=ancestor::div[contains(@class, 'dropdown')]")
    if solution.count():
        solution.locator("button.toggle-button").first.click()


def shown(widget):
    """{name: text} of the widget's readout (x, f, d, trend; or k, W, L, d, left)."""
    # one round trip to the browser for the whole readout, at each of ~200 slider steps
    return widget.evaluate(
        """w => Object.fromEntries([...w.querySelectorAll('.book-widget-readout [data-value]')]
                   .map(e => [e.dataset.value, e.innerText]))"""
    )


def value(text):
    """The number after '=' in a shown 'x = -1.5'."""
    return text.split("=")[-1].strip()


def assert_clean(visit, base):
    assert not visit.failures, visit.failures
    assert not visit.console, visit.console
    assert not visit.external(base), visit.external(base)


@pytest.fixture(params=["served", "file"])
def base(request, server):
    """The site over HTTP and opened from disk: widgets work in both."""
    return server if request.param == "served" else SITE.as_uri() + "/"


@browser_only
@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize("name", TANGENTS)
def test_tangent_explorer_shows_autograds_numbers(browser, base, lang, name):
    page, index, f, (lo, hi) = TANGENTS[name]
    word = words(lang)
    with open_page(browser, f"{base}{lang}/{page}.html") as visit:
        widget = visit.page.locator("figure.book-widget").nth(index)
        open_solution(widget)
        slider = widget.locator("input[type=range]")
        positions = int(slider.get_attribute("max")) + 1
        assert 200 <= positions <= 250  # fine enough for the tangent to glide
        slider.focus()
        slider.press("Home")
        seen = []
        for i in range(positions):
            now = shown(widget)
            x = float(value(now["x"]))
            seen.append(x)
            assert value(now["f"]) == number(f(torch.tensor(x, dtype=torch.float64)))
            slope = derivative(f, x)
            assert value(now["d"]) == number(slope)
            trend = "flat" if number(slope) == "0" else "rising" if slope > 0 else "falling"
            assert now["trend"] == word(trend)
            if i % 37 == 0 or i == positions - 1:
                assert slider.get_attribute("aria-valuetext").startswith(f"x = {number(x)},")
            slider.press("ArrowRight")
        assert seen[0] == lo and seen[-1] == hi
        steps = {round(b - a, 9) for a, b in zip(seen, seen[1:], strict=False)}
        assert len(steps) == 1, steps  # evenly spaced
        for e in extrema(f, lo, hi):  # the slider stops on each extremum, where f' = 0
            assert number(e.x) in [number(x) for x in seen]
        slider.press("End")
        assert value(shown(widget)["x"]) == number(hi)
        assert_clean(visit, base)


def run_of(label):
    """The learning rate of a radio button's label 'η = 0.1 ...'."""
    return float(re.search(r"η = ([\d.]+)", label)[1])


@browser_only
@pytest.mark.parametrize("lang", EDITIONS)
def test_rate_player_steps_as_autograd_does(browser, base, lang):
    page, f, w0, (lo, hi), cap = DESCENT
    word = words(lang)
    with open_page(browser, f"{base}{lang}/{page}.html") as visit:
        widget = visit.page.locator("figure.book-widget")
        radios = widget.locator("input[type=radio]")
        labels = [label.inner_text() for label in widget.locator("fieldset label").all()]
        assert len(labels) == 5
        step = widget.locator("button[data-action=step]")
        for r, label in enumerate(labels):
            if r == 0:
                radios.nth(0).focus()
                radios.nth(0).press("Space")
            else:  # the arrow keys move through the radio group
                radios.nth(r - 1).press("ArrowRight" if lang == "en" else "ArrowLeft")
            assert radios.nth(r).is_checked()
            lr = run_of(label)
            path = descend(f, w0, lr, cap)
            k = 0
            while True:
                now = shown(widget)
                assert int(now["k"]) == k
                assert value(now["W"]) == number(path[k])
                assert value(now["L"]) == number(f(torch.tensor(path[k], dtype=torch.float64)))
                assert value(now["d"]) == number(derivative(f, path[k]))
                if step.is_disabled():
                    break
                step.press("Enter" if k % 2 else " ")  # both keys work on a button
                k += 1
            # the run ends at the cap, or at the last step inside the plot
            leaves = k < cap
            assert leaves == (not lo <= path[k + 1] <= hi if leaves else False)
            assert (now.get("left") == word("The next step leaves the plot")) == leaves
            assert lo <= path[k] <= hi
        assert any(run_of(label) == 0.15 for label in labels)  # one run diverges
        assert_clean(visit, base)


def expected_steps(build):
    """What a stepper's steps must show, from autograd run here on the graph `build` makes.

    The value of each node; for each edge, the gradient that reached its node,
    the node's local derivative and the gradient sent along it (numbers as the
    page writes them); and each leaf's .grad after backward().
    """
    nodes, edges, leaves = build()
    values = [number(t.item()) for t in nodes]
    tracked = [t for t in nodes if t.requires_grad]
    # d(root)/d(t) for every t that requires grad: what reaches t's output
    reach = torch.autograd.grad(nodes[-1], tracked, retain_graph=True)
    reach = {id(t): g for t, g in zip(tracked, reach, strict=True)}
    assert len({s for s, _ in edges}) == len(edges)  # one use each: an edge sends d(root)/d(src)
    backward = []
    for s, d in edges:
        (local,) = torch.autograd.grad(nodes[d], nodes[s], retain_graph=True)
        backward.append([number(reach[id(nodes[d])]), number(local), number(reach[id(nodes[s])])])
    nodes[-1].backward()
    grads = {name: (nodes.index(t), number(t.grad)) for name, t in leaves.items()}
    return values, backward, grads


def graph_numbers(widget):
    """{part: text} of the values and gradients the stepper's graph shows now."""
    return {
        t.get_attribute("data-part"): t.text_content().replace("\N{MINUS SIGN}", "-")
        for t in widget.locator("svg text[visibility=visible]").all()
        if re.match(r"(value|grad|seed|leaf)", t.get_attribute("data-part"))
    }


@browser_only
@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize("name", STEPPERS)
def test_stepper_steps_as_autograd_does(browser, base, lang, name):
    page, index, build = STEPPERS[name]
    values, backward, grads = expected_steps(build)
    n, last = len(values), len(values) + 1 + len(backward)
    word = words(lang)
    with open_page(browser, f"{base}{lang}/{page}.html") as visit:
        widget = visit.page.locator("figure.book-widget-stepper").nth(index)
        open_solution(widget)
        back, next_, reset = (
            widget.locator(f"button[data-action={a}]") for a in ("back", "next", "reset")
        )
        say = lambda key: widget.locator(f".book-widget-say [data-value={key}]").inner_text()  # noqa: E731

        def at(k):
            """The widget shows step k: the numbers so far, and what step k did."""
            counter = widget.locator(".book-widget-counter").inner_text()
            assert counter == word("Step {k} of {n}").format(k=k, n=last)
            numbers = graph_numbers(widget)
            assert [numbers.get(f"value{i}") for i in range(n)] == [
                v if i < k else None for i, v in enumerate(values)
            ]
            assert sum(p.startswith("grad") for p in numbers) == max(0, k - n - 1)
            assert ("seed" in numbers) == (k > n)
            now = widget.locator("svg text.now").all_text_contents()
            if k == 0:
                text = word("Press Next to run the forward pass, node by node.")
                assert widget.locator(".book-widget-say").inner_text() == text
            elif k <= n:
                assert say("value") == values[k - 1] and now == [values[k - 1]]
            elif k == n + 1:
                assert say("grad").endswith("= 1") and now == ["1"]
            else:  # the edge's gradient, and the chain-rule product that made it
                arrived, local, sent = backward[k - n - 2]
                assert say("product") == f"{arrived} · {local} = {sent}"
                drawn = widget.locator("svg text.now[data-part^=grad]").all_text_contents()
                assert [g.replace("\N{MINUS SIGN}", "-") for g in drawn] == [sent]
            assert back.get_attribute("aria-disabled") == str(k == 0).lower()
            assert next_.get_attribute("aria-disabled") == str(k == last).lower()

        at(0)
        next_.focus()
        for k in range(1, last + 1):
            next_.press("Enter" if k % 2 else " ")  # both keys work on a button
            at(k)
        next_.press("Enter")  # past the end: nothing moves
        at(last)
        numbers = graph_numbers(widget)
        for leaf, (i, grad) in grads.items():  # the leaves' gradients are their .grad
            assert re.search(rf"/∂{leaf} = (\S+)$", numbers[f"leaf{i}"])[1] == grad
        final = next(iter(reversed(grads)))  # the last edge reaches the last leaf
        assert (
            say("leaf").endswith(f"∂{final} = {grads[final][1]}") and say("grad") == f"{final}.grad"
        )
        back.press("Enter")
        at(last - 1)
        reset.press(" ")
        at(0)
        back.press("Enter")  # before the start: nothing moves
        at(0)
        assert_clean(visit, base)


@browser_only
def test_rate_player_plays_and_pauses(browser, server):
    with open_page(browser, f"{server}en/gradient-descent.html") as visit:
        widget = visit.page.locator("figure.book-widget")
        play = widget.locator("button[data-action=play]")
        play.focus()
        play.press("Enter")
        assert play.get_attribute("aria-pressed") == "true"
        visit.page.wait_for_function(
            "() => +document.querySelector('[data-value=k]').textContent >= 2"
        )
        play.press("Enter")
        assert play.get_attribute("aria-pressed") == "false"
        k = shown(widget)["k"]
        visit.page.wait_for_timeout(1300)  # two periods of the player: paused, nothing moves
        assert shown(widget)["k"] == k
        widget.locator("button[data-action=reset]").press("Enter")
        assert shown(widget)["k"] == "0"
        assert_clean(visit, server)


# The widgets with buttons: (page, a button, a number shown, the buttons' msgids).
BUTTONS = {
    "descent": (
        "gradient-descent",
        "step",
        ".book-widget-readout [data-value=W]",
        ["Play", "Step", "Reset"],
    ),
    "stepper": (
        "autograd-basics",
        "next",
        ".book-widget-counter [data-value=k]",
        ["Back", "Next", "Reset"],
    ),
}


@browser_only
@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize("kind", BUTTONS)
def test_directions_focus_and_labels(browser, server, lang, kind):
    """Controls in the page's direction; plots and numbers left to right; focus visible."""
    page, action, number_shown, labels = BUTTONS[kind]
    with open_page(browser, f"{server}{lang}/{page}.html") as visit:
        widget = visit.page.locator(f"figure.book-widget-{kind}").first
        direction = "return getComputedStyle(e).direction"
        style = lambda sel, js: widget.locator(sel).first.evaluate(f"(e) => {{ {js} }}")  # noqa: E731
        assert style(".book-widget-controls", direction) == ("rtl" if lang == "he" else "ltr")
        assert style(".book-widget-plot", direction) == "ltr"
        assert style(number_shown, direction) == "ltr"
        button = widget.locator(f"button[data-action={action}]")
        button.focus()
        visit.page.keyboard.press("Shift+Tab")
        visit.page.keyboard.press("Tab")  # focus from the keyboard: :focus-visible
        outline = "return getComputedStyle(e).outlineStyle"
        assert style(f"button[data-action={action}]", outline) != "none"
        # a button is labelled by its text, in the edition's words
        assert widget.locator("button").all_inner_texts() == [words(lang)(w) for w in labels]
        if kind == "descent":
            assert widget.locator("legend").inner_text() == words(lang)("Learning rate")


@browser_only
@pytest.mark.parametrize("lang", EDITIONS)
def test_slider_is_labelled(browser, server, lang):
    with open_page(browser, f"{server}{lang}/derivative.html") as visit:
        slider = visit.page.locator("figure.book-widget input[type=range]").first
        # a slider is labelled by its <label>, in the edition's words
        assert slider.evaluate("(e) => e.labels[0].textContent") == words(lang)(
            "Move the point along the curve"
        )
        assert slider.evaluate("(e) => getComputedStyle(e).direction") == "ltr"


@browser_only
@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize("page", ["derivative", "computation-graphs"])
def test_static_figure_without_javascript_and_in_print(browser, server, lang, page):
    url = f"{server}{lang}/{page}.html"
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url)
    figure = page.locator("figure.book-widget").first
    # figures after a page's first load when the reader comes near them (loading=lazy)
    figure.scroll_into_view_if_needed()
    figure.locator("img").wait_for(state="visible", timeout=15000)
    assert figure.locator(".book-widget-live").count() == 0
    context.close()
    with open_page(browser, url) as visit:
        figure = visit.page.locator("figure.book-widget").first
        assert figure.locator(".book-widget-live").is_visible()
        assert not figure.locator("img").is_visible()
        visit.page.emulate_media(media="print")
        figure.scroll_into_view_if_needed()
        figure.locator("img").wait_for(state="visible", timeout=15000)
        assert not figure.locator(".book-widget-live").is_visible()


@browser_only
@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_screenshots_at_phone_width(browser, server, lang, dark):
    """Nothing wider than a phone; screenshots of each widget for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for page in ("derivative", "gradient-descent", "computation-graphs", "autograd-basics"):
        with open_page(browser, f"{server}{lang}/{page}.html", width=PHONE, dark=dark) as visit:
            widget = visit.page.locator("figure.book-widget").first
            widget.scroll_into_view_if_needed()
            live = widget.locator(".book-widget-live")
            assert live.evaluate("(e) => e.scrollWidth <= e.clientWidth")
            assert live.bounding_box()["width"] <= PHONE
            mode = "dark" if dark else "light"
            widget.screenshot(path=str(SCREENSHOTS / f"widgets-{lang}-{page}-{mode}.png"))
            assert_clean(visit, server)


def widget_bytes(html_path):
    """Bytes of the widget scripts and embedded data of one built page."""
    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    data = sum(
        len(s.string.encode())
        for s in soup.select("script.book-widget-data, script.book-widget-words")
    )
    scripts = {s["src"].split("?")[0] for s in soup.select("script[src*='widgets/']")}
    return data + sum((html_path.parent / src).stat().st_size for src in scripts), len(scripts)


@pytest.mark.parametrize("lang", EDITIONS)
def test_widgets_of_a_page_fit_the_budget(site, lang):
    pages = {p: widget_bytes(p) for p in sorted((site / lang).glob("*.html"))}
    with_widgets = {p.stem: size for p, (size, scripts) in pages.items() if scripts}
    # the pages that place a widget or a self-check (both count against the budget)
    placing = re.compile(r"^```\{(widget|answer)\}", re.M)
    expected = {p.stem for p in (BOOK / lang).glob("*.md") if placing.search(p.read_text())}
    assert set(with_widgets) == expected
    print(f"widget bytes per page ({lang}):", with_widgets)
    assert max(with_widgets.values()) <= BUDGET


@pytest.mark.parametrize("kind", WORDS)
def test_every_control_word_is_translated(kind):
    """A widget's words are in the Hebrew catalog, with the same {values} to fill in."""
    hebrew = words("he")
    for msgid in WORDS[kind]:
        values = sorted(re.findall(r"\{\w+\}", msgid))
        assert hebrew(msgid) and sorted(re.findall(r"\{\w+\}", hebrew(msgid))) == values, msgid


BAD = {
    "not differentiable": (
        "glue('w', tangent_explorer(lambda x: x.detach() ** 2, -1, 1), display=False)",
        "```{widget} w\n:fallback: fig\n```\n",
        "autograd cannot differentiate",
        "x.detach() ** 2",  # myst-nb shows the failing cell's source
    ),
    "over the budget": (
        "for i in range(12):\n    glue(f'w{i}', tangent_explorer(torch.sin, -3, 3), display=False)",
        "".join(f"```{{widget}} w{i}\n:fallback: fig\n```\n\n" for i in range(12)),
        "over the budget of 60000",
        "widget 'w11' (glued in code cell 1)",
    ),
    "a stepper, not differentiable": (
        "x = torch.tensor([1.0], requires_grad=True)\nwith record():\n"
        "    l = (4 * x.detach() - 1) ** 2\nglue('s', backward_stepper(l), display=False)",
        "```{widget} s\n:fallback: fig\n```\n",
        "autograd cannot differentiate",
        "4 * x.detach() - 1",
    ),
    "steppers over the budget": (
        "x = torch.tensor([1.0], requires_grad=True)\nwith record():\n    l = (4 * x - 1) ** 2\n"
        "l.backward()\nfor i in range(40):\n    glue(f's{i}', backward_stepper(l), display=False)",
        "".join(f"```{{widget}} s{i}\n:fallback: fig\n```\n\n" for i in range(40)),
        "over the budget of 60000",
        "(glued in code cell 1)",
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_widget_fails_the_build_naming_the_page_and_cell(scratch, case):
    cell, directives, message, names_cell = BAD[case]
    scratch.page(
        "page",
        "# Page\n\n```{code-cell} ipython3\nimport torch\nfrom myst_nb import glue\n"
        "from autograd_book.plots import tangent_plot\n"
        "from autograd_book.graph import record\n"
        "from autograd_book.widgets import backward_stepper, tangent_explorer\n\n"
        "glue('fig', tangent_plot(torch.sin, [0], -3, 3), display=False)\n"
        f"{cell}\n```\n\n{directives}",
    )
    result = scratch.build()
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert message in out, out[-3000:]
    assert (
        str(Path(scratch.root) / "book" / "en" / "page.md") in out
        or str(Path(scratch.root) / "book" / "he" / "page.md") in out
    ), out[-3000:]
    assert names_cell in out, out[-3000:]


def recorded_graph(backward=True):
    """The graph of l = (4x - 1)² at x = 1, recorded, after backward() if asked."""
    x = torch.tensor([1.0], requires_grad=True)
    with record():
        l = (4 * x - 1) ** 2
    if backward:
        l.backward()
    return walk(l, names={"x": x, "l": l})


def with_wrong_local():
    graph = recorded_graph()
    graph.edges[0].local = torch.tensor([5.0])  # x's edge: d(4x)/dx is 4, not 5
    return graph


# Graphs the stepper refuses, with what it says.
REFUSED = {
    "no backward pass": (lambda: recorded_graph(backward=False), "no gradients recorded"),
    "a product that is not the gradient": (with_wrong_local, "6 · 5 is not the 24 sent back"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_the_stepper_refuses_a_graph_it_cannot_show(case):
    make, message = REFUSED[case]
    with pytest.raises(ValueError, match=message):
        backward_stepper(make())
