"""Every image carries its width and height, so the page keeps its room before it arrives.

Figures below the first screen load when the reader scrolls near them
(book/_ext/light_pages.py). An `<img>` without a size takes no room until its
file has arrived, and the text under it jumps down then: Lighthouse's "layout
shift". With `width` and `height` the browser reserves a box of the figure's
shape at once; book.css lets a narrow column scale it down in that shape
(`height: auto`).

The size is the figure's own (an SVG's width and height, 1 pt = 4/3 px), read
with `imagesize`, the library Sphinx itself reads image sizes with.
"""

from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.util.images import get_image_size


def size_images(app, doctree, docname):
    """Give each image of the page without a size the size of its file."""
    for image in doctree.findall(nodes.image):
        if "width" in image or "height" in image or "://" in image["uri"]:
            continue
        size = get_image_size(Path(app.srcdir) / image["uri"])
        if size is None:
            raise ExtensionError(f"{app.env.doc2path(docname)}: no size in {image['uri']}")
        image["width"], image["height"] = (str(n) for n in size)


def setup(app):
    app.connect("doctree-resolved", size_images)
    return {"env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
