"""The site's link check names every broken rule, and passes a sound folder of pages."""

from helpers.report.links import check_site


def _page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html lang='en'><head>{head}</head><body>{body}</body></html>"


def _site(tmp_path, pages: dict[str, str]):
    for name, content in pages.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return tmp_path


def test_a_sound_site_has_no_problem(tmp_path):
    site = _site(
        tmp_path,
        {
            "index.html": _page(
                "<a href='en/index.html#figures'>en</a><a href='#top' id='top'>t</a>"
            ),
            "en/index.html": _page(
                "<h2 id='figures'>F</h2><img src='../figures/a.png' alt=''>"
                "<a href='https://example.org/source' rel='external'>source</a>"
                "<img src='data:image/png;base64,AAAA' alt=''>",
                "<link rel='stylesheet' href='../style.css'>"
                "<script type='application/ld+json'>{}</script>",
            ),
            "figures/a.png": "png",
            # nbconvert's heading anchors: the id written percent-encoded, as the link is
            "en/report.html": _page(
                "<h1 id='Qui%C3%A9n'>Q</h1><a href='#Qui%C3%A9n'>Q</a><a href='#Año'>A</a><h2 id='A%C3%B1o'>A</h2>"
            ),
            "style.css": "",
        },
    )
    assert check_site(site) == []


def test_every_kind_of_broken_address_is_named(tmp_path):
    site = _site(
        tmp_path,
        {
            "outside.html": "x",
            "site/index.html": _page(
                "<a href='missing.html'>1</a>"
                "<a href='other.html#nowhere'>2</a>"
                "<a href='#absent'>3</a>"
                "<a href='/etc/passwd'>4</a>"
                "<a href='../outside.html'>5</a>"
                "<img src='https://cdn.example.org/x.png' alt=''>"
                "<a href='javascript:alert(1)'>6</a>",
                "<link rel='stylesheet' href='//cdn.example.org/s.css'><script>alert(1)</script>",
            ),
            "site/other.html": _page("<p id='here'>x</p>"),
        },
    )
    problems = check_site(site / "site")
    reasons = {
        problem.split(": ", 2)[1]: problem.split(": ", 2)[2]
        for problem in problems
        if "script element" not in problem
    }
    assert reasons == {
        "missing.html": "no such file in the site",
        "other.html#nowhere": "no element with this id in the page it names",
        "#absent": "no element with this id in the page",
        "/etc/passwd": "an absolute path: the site must work from any folder",
        "../outside.html": "outside the site's folder",
        "https://cdn.example.org/x.png": "an address outside the site (https:)",
        "javascript:alert(1)": "an address outside the site (javascript:)",
        "//cdn.example.org/s.css": "an address outside the site (network:)",
    }
    assert any("a script element (type none)" in problem for problem in problems)
    assert all(problem.startswith("index.html: ") for problem in problems)


def test_no_image_of_the_site_waits_to_be_scrolled_to():
    """A lazy image is not loaded with its page: offline readers, printing and the browser
    tests would see it missing."""
    from helpers.core.paths import HELPERS_DIR

    templates = (HELPERS_DIR / "report" / "templates").rglob("*.j2")
    assert not [path.name for path in templates if 'loading="lazy"' in path.read_text()]
