#!/usr/bin/env python3
"""Screenshot the HTML report of the seeds (and of the sample news page in
page mode) in headless Chromium, to look at what an editor sees.

    .venv/bin/python bench/report_screenshot.py [--out DIR] [--width 1400 --height 1100]

Writes DIR/seeds-report.html, DIR/seeds-report.png, DIR/page-report.html and
DIR/page-report.png (DIR defaults to a new temporary folder, printed).
Needs Debian's chromium (.ci/chromium.sh installs it)."""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]
REPORTS = {
    "seeds-report": sorted(str(p) for p in (ROOT / "seeds").glob("*.txt")),
    "page-report": [str(ROOT / "tests" / "data" / "page" / "news-page.html")],
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--height", type=int, default=1100)
    args = ap.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        print("report_screenshot: chromium is not installed (bash .ci/chromium.sh)", file=sys.stderr)
        return 2
    out = args.out or Path(tempfile.mkdtemp(prefix="artlint-report-"))
    out.mkdir(parents=True, exist_ok=True)
    for name, files in REPORTS.items():
        report = out / f"{name}.html"
        subprocess.run([sys.executable, "-m", "linter", "check", "--format", "html", "-o", str(report), *files],
                       cwd=ROOT, check=False)
        shot = out / f"{name}.png"
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}", f"--window-size={args.width},{args.height}",
                            f"--screenshot={shot}", report.as_uri()], capture_output=True, timeout=120, check=False)
        print(f"{shot} ({shot.stat().st_size if shot.exists() else 0} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
