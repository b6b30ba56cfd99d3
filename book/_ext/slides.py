"""The `{slide}` role: where the book meets the lecture deck.

``{slide}`3``` or ``{slide}`3-6``` marks the text that covers those slides of
the deck. Readers and teachers see a small "Slide 3" badge; the tests read the
same marks from the built pages to prove every slide is covered in order.
"""

from docutils import nodes
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxRole

_ = get_translation("book")


class slide_ref(nodes.Inline, nodes.TextElement):
    """A reference to one or more consecutive slides of the deck."""


def parse_slides(text):
    """The slide numbers of "3" or "3-6".

    >>> parse_slides("3-6")
    [3, 4, 5, 6]
    >>> parse_slides("14")
    [14]
    """
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


class SlideRole(SphinxRole):
    def run(self):
        try:
            numbers = parse_slides(self.text)
        except ValueError:
            msg = self.inliner.reporter.error(
                f"{{slide}} takes a slide number or a range like 3-6, not {self.text!r}",
                line=self.lineno,
            )
            return [], [msg]
        return [slide_ref(self.text, numbers=numbers)], []


def visit_slide_ref(self, node):
    numbers = node["numbers"]
    word = _("Slide") if len(numbers) == 1 else _("Slides")
    span = f"{numbers[0]}\u2013{numbers[-1]}" if len(numbers) > 1 else str(numbers[0])
    self.body.append(
        f'<span class="slide-ref" data-slides="{" ".join(map(str, numbers))}">'
        f'{word} <bdi dir="ltr">{span}</bdi></span>'
    )
    raise nodes.SkipNode


def skip(self, node):
    raise nodes.SkipNode


def setup(app):
    app.add_node(
        slide_ref,
        html=(visit_slide_ref, None),
        latex=(skip, None),
        text=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.add_role("slide", SlideRole())
    return {"parallel_read_safe": True, "parallel_write_safe": True}
