"""make bench's local host compresses text as a real host does (tools/static_host.py)."""

import gzip
import urllib.request

import pytest

from tools.static_host import serve


@pytest.mark.parametrize("compress", [False, True])
def test_serves_files_compressed_when_asked(tmp_path, compress):
    text = "<p>" + "∂" * 2000 + "</p>"
    (tmp_path / "page.html").write_text(text, encoding="utf-8")
    (tmp_path / "figure.png").write_bytes(b"\x89PNG" * 500)
    with serve(tmp_path, compress=compress) as base:
        responses = {
            name: urllib.request.urlopen(
                urllib.request.Request(f"{base}/{name}", headers={"Accept-Encoding": "gzip"})
            )
            for name in ("page.html", "figure.png")
        }
        page, figure = (responses[n].read() for n in ("page.html", "figure.png"))
    encoding = responses["page.html"].headers.get("Content-Encoding")
    assert encoding == ("gzip" if compress else None)
    if compress:
        assert len(page) < len(text.encode()) / 10
        page = gzip.decompress(page)
    assert page.decode() == text
    # a PNG is compressed already: never gzipped
    assert responses["figure.png"].headers.get("Content-Encoding") is None
    assert figure == b"\x89PNG" * 500
