"""Serve the built book on 127.0.0.1 the way a static host does (``make serve``).

A plain ``python -m http.server`` sends every file uncompressed and with no cache lifetime,
which no host does and which made the pages measure two to three times slower than they
are. This server, using the standard library only:

* compresses text (HTML, CSS, JavaScript, JSON, SVG) with gzip when the browser asks for it
  (``Accept-Encoding``), with ``Vary: Accept-Encoding``; images and fonts go as they are;
* sends the headers of the site's ``_headers`` file (Netlify / Cloudflare Pages syntax, from
  ``book/_site/_headers``): ``Cache-Control`` immutable for content-addressed frames and
  versioned assets, revalidated for HTML;
* answers ``If-None-Match`` with ``304 Not Modified`` (an ``ETag`` on every file), so a
  revalidated page costs one small round trip;
* serves ``404.html`` for a missing path when the site has one, as hosts do.

    python tools/serve.py _build/html --port 8000
"""

from __future__ import annotations

import argparse
import email.utils
import fnmatch
import gzip
import hashlib
import http.server
import mimetypes
import os
import re
import sys
import threading
import urllib.parse
from pathlib import Path

COMPRESSIBLE = re.compile(r"^(text/|application/(javascript|json|xml|manifest\+json)|image/svg\+xml)")
TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ico": "image/x-icon",
    ".ipynb": "application/x-ipynb+json",
    ".webmanifest": "application/manifest+json",
}


def parse_headers(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rules of a ``_headers`` file: [(path pattern, [(name, value), ...]), ...].

    A line that starts at the left margin is a path pattern (``*`` matches anything,
    ``:name`` one path segment); the indented ``Name: value`` lines under it are its headers.
    Lines starting with ``#`` are comments."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules and ":" in line:
            name, value = line.strip().split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def _matches(pattern: str, path: str) -> bool:
    glob = re.sub(r":[A-Za-z_]+", "[!/]*", pattern)
    return fnmatch.fnmatchcase(path, glob)


def headers_for(rules: list[tuple[str, list[tuple[str, str]]]], path: str) -> dict[str, str]:
    """The headers ``rules`` give the URL path ``path``; a later rule overrides an earlier one."""
    found: dict[str, str] = {}
    for pattern, headers in rules:
        if _matches(pattern, path):
            for name, value in headers:
                found[name] = value
    return found


class Site:
    """The files of one built site, their headers, and their gzip copies (kept in memory)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        rules_file = self.root / "_headers"
        self.rules = parse_headers(rules_file.read_text()) if rules_file.exists() else []
        self._gzip: dict[tuple[Path, float], bytes] = {}
        self._lock = threading.Lock()

    def locate(self, url_path: str) -> Path | None:
        path = urllib.parse.unquote(url_path.split("?", 1)[0].split("#", 1)[0])
        target = (self.root / path.lstrip("/")).resolve()
        if target != self.root and self.root not in target.parents:
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def gzipped(self, path: Path) -> bytes:
        key = (path, path.stat().st_mtime)
        with self._lock:
            if key not in self._gzip:
                self._gzip[key] = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
            return self._gzip[key]


def content_type(path: Path) -> str:
    kind = TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return kind + ("; charset=utf-8" if kind.startswith("text/") or kind.endswith("json") else "")


class Handler(http.server.BaseHTTPRequestHandler):
    site: Site
    protocol_version = "HTTP/1.1"

    def do_HEAD(self) -> None:  # noqa: N802 (the standard library's name)
        self._answer(body=False)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        url_path = urllib.parse.urlsplit(self.path).path
        path = self.site.locate(url_path)
        status = 200
        if path is None:
            status, path = 404, self.site.locate("/404.html")
            if path is None:
                self._send(404, b"not found\n", {"Content-Type": "text/plain; charset=utf-8"}, body)
                return
        kind = content_type(path)
        data = path.read_bytes()
        tag = '"' + hashlib.sha256(data).hexdigest()[:20] + '"'
        headers = {"Content-Type": kind, "ETag": tag}
        headers["Last-Modified"] = email.utils.formatdate(path.stat().st_mtime, usegmt=True)
        headers.update(headers_for(self.site.rules, url_path if status == 200 else "/404.html"))
        compressible = bool(COMPRESSIBLE.match(kind))
        if compressible:
            headers["Vary"] = "Accept-Encoding"
        if status == 200 and tag in (self.headers.get("If-None-Match") or ""):
            self._send(304, b"", headers, False)
            return
        if compressible and "gzip" in (self.headers.get("Accept-Encoding") or "").lower():
            data = self.site.gzipped(path)
            headers["Content-Encoding"] = "gzip"
        self._send(status, data, headers, body)

    def _send(self, status: int, data: bytes, headers: dict[str, str], body: bool) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)) if status != 304 else "0")
        self.end_headers()
        if body and status != 304:
            self.wfile.write(data)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the standard library's name)
        if os.environ.get("NXC_SERVE_LOG"):
            super().log_message(format, *args)


def server(root: Path, port: int = 0, host: str = "127.0.0.1") -> http.server.ThreadingHTTPServer:
    """A server for the site at ``root`` (not yet serving: call ``serve_forever``)."""
    handler = type("SiteHandler", (Handler,), {"site": Site(Path(root))})
    httpd = http.server.ThreadingHTTPServer((host, port), handler)
    httpd.daemon_threads = True
    return httpd


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default="_build/html")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    root = Path(args.root)
    if not (root / "index.html").exists():
        print(f"{root}/index.html is missing: build the book first with `make book`", file=sys.stderr)
        return 2
    httpd = server(root, args.port)
    print(f"Serving {root} on http://127.0.0.1:{httpd.server_address[1]}/ (gzip, _headers; Ctrl+C stops)")
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
