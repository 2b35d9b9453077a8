"""`make serve` serves the book like a static host: gzip for text, the `_headers` cache rules,
304 on revalidation; and `_headers` covers every file of the built site."""

from __future__ import annotations

import gzip
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import serve  # noqa: E402

HEADERS = ROOT / "book" / "_site" / "_headers"
IMMUTABLE = "public, max-age=31536000, immutable"


def _get(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def small_site(tmp_path: Path):
    (tmp_path / "index.html").write_text("<!DOCTYPE html><title>t</title>" + "<p>text</p>" * 200)
    (tmp_path / "_frames").mkdir()
    (tmp_path / "_frames" / ("a" * 64 + ".png")).write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(500))
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "x.js").write_text("console.log('x');\n" * 100)
    (tmp_path / "404.html").write_text("<!DOCTYPE html><title>Not found</title>")
    (tmp_path / "_headers").write_text(HEADERS.read_text())
    httpd = serve.server(tmp_path)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_text_is_sent_gzipped_when_the_browser_asks_and_plain_when_it_does_not(small_site):
    status, headers, body = _get(small_site + "/", **{"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert headers["Vary"] == "Accept-Encoding"
    page = gzip.decompress(body).decode()
    assert page.startswith("<!DOCTYPE html>") and len(body) < len(page) / 5
    status, headers, body = _get(small_site + "/_static/x.js", **{"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip" and headers["Content-Type"].startswith("text/javascript")
    status, headers, body = _get(small_site + "/")
    assert "Content-Encoding" not in headers and body.decode().startswith("<!DOCTYPE html>")


def test_images_go_as_they_are_with_an_immutable_lifetime(small_site):
    status, headers, body = _get(small_site + "/_frames/" + "a" * 64 + ".png", **{"Accept-Encoding": "gzip"})
    assert status == 200 and "Content-Encoding" not in headers and body.startswith(b"\x89PNG")
    assert headers["Cache-Control"] == IMMUTABLE
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_pages_are_revalidated_and_answered_304_when_unchanged(small_site):
    status, headers, _ = _get(small_site + "/index.html")
    assert headers["Cache-Control"] == "public, max-age=0, must-revalidate"
    status, again, body = _get(small_site + "/index.html", **{"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""


def test_a_missing_path_gets_the_sites_404_page(small_site):
    status, headers, body = _get(small_site + "/no/such/page.html")
    assert status == 404 and b"Not found" in body
    status, _, _ = _get(small_site + "/../../etc/passwd")
    assert status == 404


def test_the_headers_file_parses_with_one_cache_rule_per_path():
    rules = serve.parse_headers(HEADERS.read_text())
    assert rules, "no rules in book/_site/_headers"
    for path in ("/_frames/" + "0" * 64 + ".png", "/_static/styles/x.css", "/book/intro.html", "/"):
        setting = [
            p
            for p, headers in rules
            if serve._matches(p, path) and any(n == "Cache-Control" for n, _ in headers)
        ]
        assert len(setting) == 1, f"{path}: Cache-Control set by {setting} (hosts join duplicate values)"


@pytest.mark.site
def test_every_file_of_the_built_site_has_a_cache_lifetime(site):
    """Frames and versioned assets immutable; every page revalidated."""
    rules = serve.parse_headers((site / "_headers").read_text())
    served = [p for p in site.rglob("*") if p.is_file() and not p.name.startswith((".", "_headers"))]
    from editions import EDITIONS

    # an edition (/it/...) is a copy of the site's layout: its _static is static like the English one
    static = ("/_frames/", "/_static/", *(f"/{lang}/_static/" for lang in EDITIONS))
    for path in sorted(served):
        url = "/" + path.relative_to(site).as_posix()
        found = serve.headers_for(rules, url)
        assert "Cache-Control" in found, f"{url} has no Cache-Control rule in _headers"
        if url.startswith(static):
            assert found["Cache-Control"] == IMMUTABLE, url
        if url.endswith(".html") and not url.startswith(static):
            assert "max-age=0" in found["Cache-Control"] and "must-revalidate" in found["Cache-Control"], url
