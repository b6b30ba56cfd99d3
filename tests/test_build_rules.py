"""The build's promises, each shown on a small scratch book built from the real configuration.

Bad input fails with a message naming the file and leaves the last good site;
outputs never go stale when code/ changes; errors, stray stderr and hung cells
are caught.
"""

from bs4 import BeautifulSoup

from .conftest import EDITIONS

HELPER = "code/autograd_book/derivatives.py"


def output_of(book, lang="en"):
    """The text of the page's last cell output."""
    page = BeautifulSoup(book.html(lang, "page"), "html.parser")
    return page.select("div.cell_output pre")[-1].get_text().strip()


def assert_fails_naming(result, path):
    assert result.returncode != 0
    assert str(path) in result.stdout + result.stderr, result.stdout + result.stderr


def assert_last_good_site_kept(book):
    for lang in EDITIONS:
        assert "42" in book.html(lang, "page")


def test_a_good_build_publishes_both_editions(scratch):
    result = scratch.build()
    assert result.returncode == 0, result.stderr
    for lang in EDITIONS:
        assert output_of(scratch, lang) == "42"


def test_changing_a_module_in_code_runs_the_pages_again(scratch):
    """The cache key includes code/: a helper's new output shows on the next build."""
    scratch.page(
        "page",
        "# Page\n\n```{code-cell} ipython3\n"
        "from autograd_book.derivatives import derivative\n"
        "print(derivative(lambda x: x**2, 3))\n```\n",
    )
    assert scratch.build().returncode == 0
    assert output_of(scratch) == "6.0"
    helper = scratch.root / HELPER
    helper.write_text(
        helper.read_text().replace("    return x.grad.item()", "    return x.grad.item() + 1000", 1)
    )
    assert scratch.build().returncode == 0
    assert output_of(scratch) == "1006.0"


def test_a_page_missing_from_one_edition_is_named(scratch):
    assert scratch.build().returncode == 0
    scratch.page("extra", "# Extra\n", editions=["en"], notebook=False)
    result = scratch.build()
    assert_fails_naming(result, scratch.root / "book" / "en" / "extra.md")
    assert_last_good_site_kept(scratch)


def test_a_malformed_table_of_contents_is_named(scratch):
    assert scratch.build().returncode == 0
    (scratch.root / "book" / "_toc.yml").write_text("format: jb-book\nroot: [index\n")
    result = scratch.build()
    assert_fails_naming(result, scratch.root / "book" / "_toc.yml")
    assert_last_good_site_kept(scratch)


def test_a_broken_cross_reference_is_named(scratch):
    assert scratch.build().returncode == 0
    scratch.page("index", "# Index\n\nSee {ref}`no-such-label`.\n", notebook=False)
    result = scratch.build()
    assert_fails_naming(result, scratch.root / "book" / "he" / "index.md")
    assert_last_good_site_kept(scratch)


def test_an_untagged_error_in_a_cell_is_named(scratch):
    assert scratch.build().returncode == 0
    scratch.page("page", "# Page\n\n```{code-cell} ipython3\n1 / 0\n```\n")
    result = scratch.build()
    assert_fails_naming(result, scratch.root / "book" / "he" / "page.md")
    assert "ZeroDivisionError" in result.stdout + result.stderr
    assert_last_good_site_kept(scratch)


def test_a_tagged_error_is_shown_and_the_build_passes(scratch):
    scratch.page(
        "page", "# Page\n\n```{code-cell} ipython3\n:tags: [raises-exception]\n1 / 0\n```\n"
    )
    result = scratch.build()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ZeroDivisionError" in scratch.html("en", "page")


def test_stray_stderr_fails_the_build(scratch):
    scratch.page(
        "page",
        "# Page\n\n```{code-cell} ipython3\nimport sys\nprint('careful', file=sys.stderr)\n```\n",
    )
    result = scratch.build()
    assert_fails_naming(result, scratch.root / "book" / "he" / "page.md")


def test_a_hung_cell_is_stopped_by_the_timeout(scratch):
    scratch.page("page", "# Page\n\n```{code-cell} ipython3\nimport time\ntime.sleep(600)\n```\n")
    result = scratch.build("nb_execution_timeout=3")
    assert_fails_naming(result, scratch.root / "book" / "he" / "page.md")
    assert "CellTimeoutError" in result.stdout + result.stderr


def test_the_second_edition_executes_nothing(scratch):
    """Both editions' pages have the same code, so one execution serves both."""
    result = scratch.build()
    assert result.returncode == 0
    assert "he: built" in result.stdout and "1 notebook(s) executed" in result.stdout
    assert "en: built" in result.stdout and "0 notebook(s) executed" in result.stdout


def test_a_self_check_with_a_field_its_answers_lack_is_named(scratch):
    """{answer}: the fields must be the glued answers; a stray field fails, naming the page."""
    cell = (
        "```{code-cell} ipython3\n:tags: [remove-cell]\nfrom myst_nb import glue\n"
        "from autograd_book.answers import Answers\n"
        'glue("check_x", Answers({"d": 6.0}), display=False)\n```\n\n'
    )
    scratch.page("page", "# Page\n\n" + cell + "```{answer} check_x\nd: $f'(0)$\n```\n")
    assert scratch.build().returncode == 0
    assert 'id="selfcheck-check_x-d"' in scratch.html("en", "page")
    scratch.page("page", "# Page\n\n" + cell + "```{answer} check_x\nd2: $f'(2)$\n```\n")
    result = scratch.build()
    assert_fails_naming(result, scratch.root / "book" / "he" / "page.md")
    assert (
        "{answer} check_x: the fields ['d2'] must be the answers ['d']"
        in result.stdout + result.stderr
    )
    assert 'id="selfcheck-check_x-d"' in scratch.html("en", "page")  # the last good site
