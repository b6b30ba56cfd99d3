"""The `{answer}` directive: answer fields and a Check button under an exercise.

````
```{answer} check_ex_derivative
d0: $f'(0)$
s0: $f$ at $x = 0$ is
```
````

The argument is a key the page glued (in a hidden cell) with
`autograd_book.answers.Answers`, computed at build time by the exercise's
reference solution. Each line of the body is a field: its name in those
answers, then its label in the page's language. A number field takes typed
text; a word answer (rising/falling/flat, minimum/maximum) is a choice, its
words from the book's catalog. The page embeds the expected answers; the
script `_static/widgets/selfcheck.js` only parses what a student typed and
compares. Without JavaScript, and in print, the form stays hidden.
"""

import html
import json

from docutils import nodes
from myst_nb.ext.glue.utils import RetrievalError, retrieve_glue_data
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective
from sphinx_exercise.nodes import exercise_enumerable_node, exercise_node

_ = get_translation("book")

SCRIPT, STYLE = "widgets/selfcheck.js", "widgets/selfcheck.css"


def words():
    """The script's words, in the page's language."""
    return {
        "right": str(_("Right!")),
        "wrong": str(_("Not yet: look again at the marked answers.")),
        "field_wrong": str(_("not yet")),
        "field_right": str(_("right")),
        "not_number": str(_("That is not a number we can read: try, for example, -6, 0.5 or 1/2.")),
        "empty": str(_("Fill in every answer, then check.")),
    }


def choices(kind):
    """The words of a choice, in the page's language."""
    return {
        "trend": [
            ("rising", _("increasing")),
            ("falling", _("decreasing")),
            ("flat", _("flat (neither)")),
        ],
        "extremum": [("minimum", _("a minimum")), ("maximum", _("a maximum"))],
    }[kind]


class answer_form(nodes.General, nodes.Element):
    """The self-check of one exercise: its fields, the Check button and the verdict."""


class answer_field(nodes.Inline, nodes.TextElement):
    """One answer field; its children are the label."""


def parse_fields(lines):
    """[(name, label)] from the directive's body, one `name: label` per line.

    >>> parse_fields(["d0: $f'(0)$", "", "s0: at $x = 0$, $f$ is"])
    [('d0', "$f'(0)$"), ('s0', 'at $x = 0$, $f$ is')]
    """
    fields = []
    for line in filter(str.strip, lines):
        name, colon, label = line.partition(":")
        if not colon or not name.strip().isidentifier() or not label.strip():
            raise ValueError(f"a field is `name: label`, not {line!r}")
        fields.append((name.strip(), label.strip()))
    return fields


class AnswerDirective(SphinxDirective):
    required_arguments = 1
    has_content = True

    def run(self):
        key = self.arguments[0]
        try:
            spec = json.loads(retrieve_glue_data(self.state.document, key).data["text/plain"])
        except (RetrievalError, KeyError, ValueError):
            raise self.error(
                f"{{answer}} {key}: glue the answers of this exercise as {key!r} "
                "(autograd_book.answers) in a hidden cell of the page"
            ) from None
        try:
            fields = parse_fields(self.content)
        except ValueError as e:
            raise self.error(f"{{answer}} {key}: {e}") from None
        named, expected = [n for n, _ in fields], list(spec["fields"])
        if sorted(named) != sorted(expected) or len(set(named)) != len(named):
            raise self.error(
                f"{{answer}} {key}: the fields {named} must be the answers {expected}, each once"
            )
        form = answer_form(key=key, spec=spec)
        self.set_source_info(form)
        for name, label in fields:
            field = answer_field(name=name, key=key, kind=spec["fields"][name]["kind"])
            label_nodes, messages = self.state.inline_text(label, self.lineno)
            field.extend(label_nodes + messages)
            form += field
        return [form]


def attribute(value):
    return html.escape(json.dumps(value, ensure_ascii=False, sort_keys=True), quote=True)


def visit_form(self, node):
    self.body.append(
        # no name of its own: a named form is a landmark, and a page's several
        # self-checks would be landmarks of one name (axe: landmark-unique)
        f'<form class="selfcheck" hidden novalidate id="selfcheck-{node["key"]}"'
        f' data-answers="{attribute(node["spec"])}" data-words="{attribute(words())}">'
    )


def depart_form(self, node):
    self.body.append(
        f'<div class="selfcheck-actions"><button type="submit">{html.escape(str(_("Check")))}'
        '</button><p class="selfcheck-status" role="status" aria-live="polite"></p></div></form>'
    )


def visit_field(self, node):
    field_id = f"selfcheck-{node['key']}-{node['name']}"
    self.body.append(f'<div class="selfcheck-field"><label for="{field_id}">')


def depart_field(self, node):
    field_id = f"selfcheck-{node['key']}-{node['name']}"
    # the label's text as the field's name too: a label of math alone (f'(0)) gives
    # some screen readers no name; its TeX source reads as what it says
    common = (
        f'id="{field_id}" name="{node["name"]}" aria-describedby="{field_id}-note"'
        f' aria-label="{html.escape(node.astext().strip())}"'
    )
    if node["kind"] == "number":
        # numbers are typed and read left to right, in both editions
        control = f'<input type="text" {common} dir="ltr" autocomplete="off" spellcheck="false">'
    else:
        options = "".join(
            f'<option value="{value}">{html.escape(str(word))}</option>'
            for value, word in choices(node["kind"])
        )
        control = f'<select {common}><option value="">–</option>{options}</select>'
    self.body.append(
        f'</label>{control}<span class="selfcheck-note" id="{field_id}-note"></span></div>'
    )


def skip(self, node):
    raise nodes.SkipNode


def add_script(app, pagename, templatename, context, doctree):
    """The script and its style, on the pages that have a self-check only."""
    if doctree is not None and next(doctree.findall(answer_form), None) is not None:
        app.add_js_file(SCRIPT)
        app.add_css_file(STYLE)


def into_exercise(app, doctree):
    """A self-check written right after its exercise goes inside the exercise's box."""
    for form in list(doctree.findall(answer_form)):
        parent = form.parent
        i = parent.index(form)
        exercise = parent[i - 1] if i else None
        if isinstance(exercise, (exercise_node, exercise_enumerable_node)):
            parent.remove(form)
            exercise.append(form)


def setup(app):
    skipped = {b: (skip, None) for b in ("latex", "text", "man", "texinfo")}
    app.add_node(answer_form, html=(visit_form, depart_form), **skipped)
    app.add_node(answer_field, html=(visit_field, depart_field), **skipped)
    app.add_directive("answer", AnswerDirective)
    app.connect("doctree-read", into_exercise)
    app.connect("html-page-context", add_script)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
