"""The built book over HTTP on 127.0.0.1, as a static host serves it.

The standard library's server is enough for a local reader (Chromium printing
the PDF, the tests). A real host (GitHub Pages, Netlify, a school's nginx)
also compresses text with gzip; `compress=True` does the same, so that
Lighthouse (`make bench`) measures what a student's phone would download.
"""

import functools
import gzip
import http.server
import threading
from contextlib import contextmanager

# what a host compresses: text, scripts, style sheets, SVG figures, JSON
COMPRESSED = ("text/", "application/javascript", "image/svg+xml", "application/json")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging each request."""

    def log_message(self, *args):
        pass


class GzipHandler(QuietHandler):
    """Serves text gzip-compressed to a client that accepts it, as a static host does."""

    def do_GET(self):
        path = self.translate_path(self.path)
        kind = self.guess_type(path)
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and kind.startswith(COMPRESSED)):
            return super().do_GET()
        try:
            with open(path, "rb") as file:
                body = gzip.compress(file.read(), mtime=0)
        except (IsADirectoryError, FileNotFoundError):
            return super().do_GET()
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve(root, compress=False):
    """Serve the folder `root`; yields its address, http://127.0.0.1:<port>."""
    handler = functools.partial(GzipHandler if compress else QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
