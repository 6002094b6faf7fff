"""The picture of the site's front page that opens the README (``make picture``).

Debian's Chromium (as in the browser tests) shows ``reports/site/en/index.html`` as built
by ``make report``, 1200 pixels wide, and the top of the page is saved as
``docs/front-page.png``. Run it after a change to the site's look, and commit the picture.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FRONT_PAGE = ROOT / "reports" / "site" / "en" / "index.html"
PICTURE = ROOT / "docs" / "front-page.png"
WIDTH, HEIGHT = 1200, 1000


def main() -> int:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None or not FRONT_PAGE.is_file():
        print(
            "needs Debian's chromium (make system-deps) and the site (make report)", file=sys.stderr
        )
        return 1
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        page.goto(FRONT_PAGE.as_uri(), wait_until="load")
        page.screenshot(path=str(PICTURE))
        browser.close()
    print(f"{PICTURE.relative_to(ROOT)}: the top of {FRONT_PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
