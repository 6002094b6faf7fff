"""Text normalisation shared by every parser.

Web pages and transcriptions carry HTML debris, curly quotes and stray spaces; names
are written with and without accents. These functions remove what carries no
information, and build comparison keys that ignore case, accents and punctuation.
"""

import re
from functools import lru_cache

from unidecode import unidecode

# A tag as web copy-paste leaves it: "< td>", "</strong>", "< em>", "<br/>".
_HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?\s*>")
_HTML_TAG_KEPT = re.compile(f"({_HTML_TAG.pattern})")  # split keeps each tag between pieces
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})
_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")


def strip_html_debris(text: str) -> str:
    """Remove HTML tags left by copying a web table; the cell text around them is kept."""
    return _HTML_TAG.sub("", text) if "<" in text else text


def html_debris(text: str) -> list[str]:
    """The HTML tags strip_html_debris removes, as written, in order (for the log)."""
    return _HTML_TAG.findall(text) if "<" in text else []  # no group: whole tags


def split_html_debris(text: str) -> tuple[str, list[str]]:
    """(strip_html_debris(text), html_debris(text)) from one scan of the text: a cleaning
    step that logs the tags it removes reads each row once, not twice."""
    if "<" not in text:
        return text, []
    pieces = _HTML_TAG_KEPT.split(text)  # text, tag, text, tag, …, text
    return "".join(pieces[::2]), pieces[1::2]


def squeeze_spaces(text: str) -> str:
    """Collapse runs of white space (and drop control characters) to one space, trimmed."""
    if text.isprintable():
        # The one printable white space is " ": with no run of it and none at the ends
        # the text is already squeezed, found at C speed without splitting it into words.
        if "  " not in text and text[:1] != " " and text[-1:] != " ":
            return text
    elif _CONTROL.search(text):  # control characters are rare: only then a substitution
        text = _CONTROL.sub("", text)
    return " ".join(text.split())


def straighten_quotes(text: str) -> str:
    """Curly and angled quotes to straight ones, so names compare equal however typed."""
    # Most text has none: ASCII text (known without reading it) has none at all, other
    # text is looked through for each of the seven marks (a find in C, several times
    # faster than a pattern's search); translate looks every character up in a dict, so
    # only when needed.
    if text.isascii() or not (
        "“" in text
        or "”" in text
        or "„" in text
        or "«" in text
        or "»" in text
        or "‘" in text
        or "’" in text
    ):
        return text
    return text.translate(_QUOTES)


def fold_case(text: str) -> str:
    """Case-folded text; plain ASCII takes str.lower, which gives the same and is far faster."""
    return text.lower() if text.isascii() else text.casefold()


@lru_cache(maxsize=65536)
def normalise_key(text: str) -> str:
    """A comparison key: no accents, case-folded, punctuation as spaces, single-spaced.

    Cached: registries repeat the same names thousands of times.

    "Free University “José Vasconcelos” of the Coast" and
    "free university jose vasconcelos of the coast" give the same key.
    """
    ascii_text = unidecode(text or "").casefold()
    return " ".join(_NOT_ALPHANUMERIC.sub(" ", ascii_text).split())
