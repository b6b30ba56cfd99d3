"""The `{define}` role: a term at its first use, in bold and linked to the glossary.

``{define}`partial derivative``` (or ``{define}`label <glossary entry>```, as
with Sphinx's `{term}`) renders the term bold and links it to its glossary
entry. Writing `**{term}`...`**` instead breaks after a Hebrew prefix letter:
CommonMark opens no emphasis between a letter and `*`, so the page would show
the asterisks (`ה**נגזרת**`). A role needs no delimiter, so `ה{define}`נגזרת``
is right wherever it stands.
"""

from docutils import nodes
from sphinx.util.docutils import SphinxRole


class DefineRole(SphinxRole):
    """Sphinx's `term` cross-reference, wrapped in `strong`."""

    def run(self):
        term = self.env.get_domain("std").role("term")
        refs, messages = term(
            "term", self.rawtext, self.text, self.lineno, self.inliner, self.options, self.content
        )
        return [nodes.strong("", "", *refs, classes=["defined-term"])], messages


def setup(app):
    app.add_role("define", DefineRole())
    return {"parallel_read_safe": True, "parallel_write_safe": True}
