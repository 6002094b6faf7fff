"""Every link and image of a folder of pages, checked without a browser.

The site is written so that it works offline, from any folder: every address in it is
relative and inside the site, every image is a file of the site or a ``data:`` URI, and
no page carries a script that runs. ``check_site`` reads every page and names each
address that breaks one of these rules; the build refuses a site with any (so a fresh
clone's ``make report`` has no broken link), and the browser tests load the pages to
confirm it.

Addresses to other sites (a source's web page) are allowed in links the reader follows,
never in anything a page loads (images, stylesheets, scripts).
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

_LOADED = {
    ("img", "src"),
    ("link", "href"),
    ("script", "src"),
    ("source", "src"),
    ("iframe", "src"),
}
_EXTERNAL_LINKS = ("http", "https", "mailto")
DATA_SCRIPT = "application/ld+json"
"""The one kind of script element a page may hold: data for machines, never run."""


class _Page(HTMLParser):
    """The addresses a page loads and links to, its element ids and its scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.addresses: list[tuple[str, str]] = []  # (how: loads | links, address)
        self.ids: set[str] = set()
        self.scripts: list[str] = []  # the type of each script element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        if tag == "script":
            self.scripts.append(values.get("type", ""))
        for attribute, value in values.items():
            how = _how(tag, attribute, values.get("rel", ""))
            if how:
                self.addresses.append((how, value))


def _how(tag: str, attribute: str, rel: str) -> str:
    """Whether an attribute's address is followed by the reader (a link, or the page in
    another language: ``rel="alternate"``) or loaded with the page; "" if it is neither."""
    if attribute == "href" and (tag == "a" or (tag == "link" and rel == "alternate")):
        return "links"
    return "loads" if (tag, attribute) in _LOADED else ""


def _read(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def check_site(root: Path) -> list[str]:
    """Each broken rule of the pages under ``root``, as "<page>: <address>: <why>"."""
    root = Path(root).resolve()
    pages = {path: _read(path) for path in sorted(root.rglob("*.html"))}
    problems = []
    for path, page in pages.items():
        name = path.relative_to(root).as_posix()
        for kind in page.scripts:
            if kind != DATA_SCRIPT:
                problems.append(
                    f"{name}: a script element (type {kind or 'none'}): pages run nothing"
                )
        for how, address in page.addresses:
            why = _broken(root, path, page, pages, how, address)
            if why:
                problems.append(f"{name}: {address[:120]}: {why}")
    return problems


def _has_id(page: _Page, fragment: str) -> bool:
    """Whether a fragment names an element, as browsers look (HTML's "indicated part": the
    address's fragment percent-encoded as written, then decoded), so an id and a link may
    each be written encoded or not (nbconvert writes both encoded)."""
    return unquote(fragment) in {unquote(identifier) for identifier in page.ids}


def _broken(root: Path, path: Path, page: _Page, pages: dict, how: str, address: str) -> str:
    parts = urlsplit(address)
    if parts.scheme == "data":
        return "" if how == "loads" else "a link to a data: address"
    if parts.scheme or parts.netloc:
        if how == "links" and parts.scheme in _EXTERNAL_LINKS:
            return ""
        return f"an address outside the site ({parts.scheme or 'network'}:)"
    if not parts.path:
        if parts.fragment and not _has_id(page, parts.fragment):
            return "no element with this id in the page"
        return ""
    if PurePosixPath(parts.path).is_absolute():
        return "an absolute path: the site must work from any folder"
    target = (path.parent / unquote(parts.path)).resolve()
    if not target.is_relative_to(root):
        return "outside the site's folder"
    if not target.is_file():
        return "no such file in the site"
    if parts.fragment and target in pages and not _has_id(pages[target], parts.fragment):
        return "no element with this id in the page it names"
    return ""
