"""axe-core, the accessibility engine, installed from the npm registry (never a CDN) and run in pages.

``make test`` installs it into ``.venv/node`` (see the Makefile); when a test run finds it missing,
the ``axe_script`` fixture installs it there itself with ``npm install``. Without npm the
accessibility tests are skipped with a reason, or fail when ``WEBINARS_REQUIRE_BROWSER=1`` (CI).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
AXE_PREFIX = Path(os.environ.get("WEBINARS_AXE_PREFIX", PROJECT / ".venv" / "node"))
AXE_SCRIPT = AXE_PREFIX / "node_modules" / "axe-core" / "axe.min.js"
AXE_PACKAGE = "axe-core@4"
# Serious and critical violations fail a test; moderate and minor ones are reported only.
FAILING_IMPACTS = ("serious", "critical")


def ensure_axe() -> Path:
    if AXE_SCRIPT.exists():
        return AXE_SCRIPT
    npm = shutil.which("npm")
    if npm is None:
        message = "accessibility tests need axe-core from npm, and npm is not installed (apt-get install npm)"
        if os.environ.get("WEBINARS_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    subprocess.run(
        [npm, "install", "--prefix", str(AXE_PREFIX), AXE_PACKAGE, "--no-audit", "--no-fund", "--silent"],
        check=True,
        timeout=300,
    )
    return AXE_SCRIPT


def serious_violations(page, label: str) -> list[str]:
    """axe's serious and critical violations on the page as it is now, one line per element."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    results = page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(" ")).slice(0, 5),
            }));
        }"""
    )
    return [
        f"{label}: [{violation['impact']}] {violation['id']}: {violation['help']} — {', '.join(violation['targets'])}"
        for violation in results
        if violation["impact"] in FAILING_IMPACTS
    ]
