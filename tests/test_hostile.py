"""Hostile text in raw fields appears in the HTML and PDF reports as text: never run.

A raw agreements table carrying script tags, event-handler attributes, javascript:
links, Markdown and LaTeX specials, a very long word, right-to-left text, emoji and
control characters is built into a report by the real build. The HTML is checked
statically (every tag and attribute), then opened in headless Chromium (Debian's
package, driven by playwright): no dialog opens, no request leaves the file, every image
loads, and the hostile strings are on the page as text. The PDF's text is read back.
"""

from html.parser import HTMLParser

import pytest
import yaml
from factories import CHROMIUM_ARGS, chromium_path, pdf_text

from helpers.build.runner import Build, BuildOptions
from helpers.core.paths import NOTEBOOKS_DIR

SCRIPT = "<script>alert('script')</script>"
IMG = "<img src=x onerror=alert('img')>"
JS_LINK = "[click](javascript:alert('link'))"
LATEX = r"$\frac{1}{0}$ \begin{document} \input{/etc/passwd}"
LONG = "Supercalifragilistic" * 40
RTL = "مرحبا بالعالم שלום"
EMOJI = "🎉🇲🇽"
CONTROL = "bell\x07nul\x00esc\x1b"
HEADER = "Federative EntityTypeBetweenDescriptionSubject of the AgreementDate signed Validity"
ROWS = [
    f"ColimaStateUniversity of Colima – {SCRIPT} University, Russia.Agreement on {IMG} and "
    f"{JS_LINK}.Education.May 1, 2010.Indefinite.",
    f"JaliscoStateUniversity of Guadalajara – {RTL} Institute, Spain.Agreement {LATEX} "
    f"{EMOJI} {LONG}.Culture.June 2, 2011.Not specified.",
    f"{SCRIPT}{CONTROL} row that cannot be read",
]
HOSTILE_TABLE = "\n".join([f"Agreements {SCRIPT}", "", HEADER, *ROWS, "", f"Source: {IMG}", ""])


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self.events, self.js_urls, self.images = 0, [], [], []

    def handle_starttag(self, tag, attrs):
        self.scripts += tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.events.append((tag, name))
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.js_urls.append(value)
        if tag == "img":
            self.images.append(dict(attrs).get("src", ""))


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    raw = root / "hostile.txt"
    raw.write_text(HOSTILE_TABLE, encoding="utf-8")
    jobs = {
        "jobs": [
            {
                "id": "hostile",
                "notebook": str(NOTEBOOKS_DIR / "01_clean_agreements.ipynb"),
                "title": f"Hostile {SCRIPT}",
                "parameters": {"raw_path": str(raw), "output_dir": str(root / "out")},
            }
        ]
    }
    (root / "reports.yml").write_text(yaml.safe_dump(jobs), encoding="utf-8")
    build = Build(
        BuildOptions(
            jobs_file=root / "reports.yml",
            reports_dir=root / "reports",
            processed_dir=root / "out",
            quiet=True,
            jobs=1,
        )
    )
    assert build.run() == 0, build.outcomes["hostile"].error
    return root / "reports" / "html" / "hostile.html", root / "reports" / "pdf" / "hostile.pdf"


@pytest.mark.slow
def test_html_has_no_active_content_from_data(hostile_report):
    html = hostile_report[0].read_text(encoding="utf-8")
    tags = _Tags()
    tags.feed(html)
    assert tags.scripts == 0  # the template puts none; none may come from the data
    assert tags.events == [] and tags.js_urls == []
    assert all(src.startswith("data:") for src in tags.images)
    assert "&lt;script&gt;alert('script')&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert('img')&gt;" in html
    assert "\x00" not in html and "␀" in html


def test_pdf_shows_the_hostile_text_as_text(hostile_report):
    text = pdf_text(hostile_report[1].read_bytes()).replace("\n", "")
    assert "alert('script')" in text and "onerror" in text and "javascript:" in text
    assert "Supercalifragilistic" in text


CHROMIUM = chromium_path()


@pytest.mark.slow
@pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (make system-deps)"
)
def test_browser_runs_nothing_and_loads_nothing_from_outside(hostile_report):
    from playwright.sync_api import sync_playwright

    dialogs, requests = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("request", lambda request: requests.append(request.url))
        page.goto(hostile_report[0].as_uri())
        page.wait_for_load_state("load")
        images_ok = page.evaluate(
            "Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"
        )
        body = page.evaluate("document.body.innerText")
        scripts = page.evaluate("document.scripts.length")
        browser.close()
    assert dialogs == []
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
    assert images_ok and scripts == 0
    assert SCRIPT in body and "onerror=alert('img')" in body and RTL in body and EMOJI in body


def test_defence_in_depth_touches_markup_only():
    from helpers.report.render import neutralise_active_content

    body = (
        '<p onclick="x()">&lt;img onerror=alert(1)&gt;</p><a href="javascript:x()">a</a>'
        "<script>alert(2)</script>"
    )
    assert neutralise_active_content(body) == (
        '<p>&lt;img onerror=alert(1)&gt;</p><a href="#blocked:x()">a</a>'
    )
