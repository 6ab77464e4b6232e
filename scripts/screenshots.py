"""Takes the README's screenshots: `make screenshots` (or `.venv/bin/python scripts/screenshots.py [folder]`).

The pictures come from the browser tests' own set-up (tests/browser/test_screenshots.py: the demo
loaded into the test database, the app on a loopback port, Debian's Chromium through Playwright),
so they show what the tests check. That module is skipped unless WEBINARS_SCREENSHOTS names the
folder to write, which this script sets (docs/screenshots by default). Prints each file's size.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    environment = {**os.environ, "WEBINARS_SCREENSHOTS": str(folder)}
    environment.pop("WEBINARS_TEST_DATABASE_URL", None)  # the embedded SQLite database is enough
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "tests/browser/test_screenshots.py"], cwd=ROOT, env=environment, check=False
    )
    if result.returncode != 0:
        return result.returncode
    total = 0
    for picture in sorted((ROOT / folder).glob("*.png")):
        size = picture.stat().st_size
        total += size
        print(f"{picture.relative_to(ROOT)}  {size // 1024} KB")
    print(f"total {total // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
