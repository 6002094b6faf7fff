"""The site in a real browser (Debian's Chromium): every page loads from the file system
with no console error and no request outside the site's folder, every image shows, and
axe-core finds no serious or critical accessibility violation."""

import pytest
from factories import CHROMIUM_ARGS, chromium_path

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        chromium_path() is None, reason="Debian's chromium is not installed (make system-deps)"
    ),
]

BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _visit(browser, path, site_uri):
    """Load a page; what it logged, what it requested outside the site, whether every image
    shows, and axe-core's serious and critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page()
    errors, outside = [], []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith((site_uri, "data:")) else outside.append(request.url)
        ),
    )
    # "load" waits for every image: none may be lazy, or a busy machine would show it unloaded
    page.goto(path.as_uri(), wait_until="load")
    images = page.evaluate(
        "Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0))"
        ".map(i => i.getAttribute('src').slice(0, 80))"
    )
    scripts = page.evaluate(
        "Array.from(document.scripts).filter(s => s.type !== 'application/ld+json').length"
    )
    seen = (list(errors), list(outside))  # before axe injects its own script
    results = Axe().run(page)
    page.close()
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['target']}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]
    return {
        "errors": seen[0],
        "outside": seen[1],
        "broken images": images,
        "scripts": scripts,
        "violations": violations,
    }


def test_every_page_loads_clean_and_passes_axe(built_site, browser):
    site = built_site / "reports" / "site"
    site_uri = site.as_uri() + "/"
    problems = {}
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 40
    for path in pages:
        found = _visit(browser, path, site_uri)
        found = {what: value for what, value in found.items() if value}
        if found:
            problems[path.relative_to(site).as_posix()] = found
    assert problems == {}
