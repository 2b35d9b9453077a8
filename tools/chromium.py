"""How the tests and the benchmark start Debian's Chromium (never a downloaded browser).

The flags keep a root, offline machine quiet: no sandbox, no GPU, and none of the
background connections Chromium would otherwise try (and have refused) at start.
"""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
