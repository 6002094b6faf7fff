"""One agreements row into its cells: entity, type, Between, Description, Subject, and its tail.

The page runs a row's seven cells together without separators. The row is read from both
ends: the federal entity and the type from the start, the signing date and validity from
the end (helpers.clean.agreement_tail); the Between cell is what the first ", <country>."
closes, the Subject the last short phrase. A row missing its Between cell may take a cell
orphaned above the header whose parties its description names (attach_orphans).
"""

from __future__ import annotations

import re
from functools import lru_cache

from helpers.clean.agreement_layout import RawLine, clean_cell_text, drop_unbalanced_quotes
from helpers.clean.agreement_tail import parse_tail
from helpers.clean.log import (
    CleaningLog,
    RowRejected,
)
from helpers.core.text import (
    normalise_key,
)
from helpers.reference.countries import resolve_country
from helpers.reference.dates import (
    DEFAULT_DATE_ORDER,
)
from helpers.reference.entities import HOME_COUNTRY, match_entity_prefix
from helpers.reference.themes import single_theme

_LEVELS = {
    "state": "state",
    "estatal": "state",
    "municipal": "municipal",
    "municipality": "municipal",
    "municipio": "municipal",
}


_LEVEL_AT_START = re.compile(
    r"^\s*(" + "|".join(sorted(_LEVELS, key=len, reverse=True)) + ")", re.IGNORECASE
)


# Documents, not parties: a cell starting so is a description, not the Between cell.
_DOCUMENT_WORDS = re.compile(
    r"^\s*(agreement|convenio|acuerdo|memorandum|memorándum|carta|"
    r"letter|protocol|protocolo|contract|contrato)\b",
    re.IGNORECASE,
)


# Cells run together: a boundary is closing punctuation followed by a capital. The
# punctuation is matched, not looked behind for: a pattern that starts with a class lets
# re skip to each candidate at C speed. The boundary is the match's end.
_CELL_BOUNDARY = re.compile(r"[.)\"'”’»](\s*)(?=[A-ZÁÉÍÓÚÑ(])")


_SUBJECT_MAX_WORDS = 4


_COUNTRY_CLOSE = re.compile(r",\s*([^,.;]+?)\s*\.")  # ", <country>." closes the Between cell


def take_between(head: str) -> tuple[str, str, str] | None:
    """Split the Between cell off the start of a row's middle text.

    The cell ends with ", <country>." ("…State University of X, Ruritania."), the
    country named in English or Spanish; the first such ending that names a country
    closes it. Returns (between, country code,
    rest) or None when the row has no Between cell.
    """
    if _DOCUMENT_WORDS.match(head):
        return None
    for match in _COUNTRY_CLOSE.finditer(head):
        code = resolve_country(match.group(1))
        if code and code != HOME_COUNTRY:  # ", <home country>." names a Mexican party's
            return head[: match.start()].strip(), code, head[match.end() :].strip()
    return None


def take_subject(middle: str) -> tuple[str, str]:
    """Split the Subject cell off the end of the row's middle text.

    The subject is the last cell: after the last boundary where closing punctuation
    meets a capital. It is accepted when it names a theme, or when it is a short phrase
    run into the description without a space (how the page joins cells). Returns
    (description, subject).
    """
    # Only the last few words can be the subject: a boundary further left would give a
    # subject longer than _SUBJECT_MAX_WORDS (two spare words for a lone "." and a gap).
    before_last_words = middle.rsplit(None, _SUBJECT_MAX_WORDS + 2)
    if len(before_last_words) > _SUBJECT_MAX_WORDS + 2:
        # The answer depends on those words alone (and the character before them, the
        # punctuation of a boundary): read once per distinct ending (registries end
        # their descriptions the same way again and again). The whole text, too long to
        # be a subject, is never one.
        first = len(before_last_words[0]) - 1
        start, subject = _subject_in_ending(middle[first:])
        return (middle[: first + start].strip(), subject) if start > 0 else (middle.strip(), "")
    start, subject = _subject_after_boundary(middle)
    if start > 0:
        return middle[:start].strip(), subject
    if start == 0:  # no boundary gave it: the whole text, when it is a short theme
        subject = middle.strip()
        words = subject.rstrip(".").split()
        if words and len(words) <= _SUBJECT_MAX_WORDS:
            theme, unmapped = single_theme(subject)
            if theme and not unmapped:
                return "", subject.rstrip(" .")
    return middle.strip(), ""


@lru_cache(maxsize=65536)
def _subject_in_ending(ending: str) -> tuple[int, str]:
    """_subject_after_boundary of a description's last words, cached."""
    return _subject_after_boundary(ending)


def _subject_after_boundary(text: str) -> tuple[int, str]:
    """(where the subject starts, the subject) after the last cell boundary of ``text``
    that gives one (take_subject's rules); (-1, "") when a boundary gives a text too
    long to be a subject, so that none further left can; (0, "") when no boundary gives
    one."""
    boundaries = [(m.end(), m.group(1)) for m in _CELL_BOUNDARY.finditer(text)]
    for start, gap in reversed(boundaries):
        subject = text[start:].strip()
        words = subject.rstrip(".").split()
        if not words or len(words) > _SUBJECT_MAX_WORDS:
            return -1, ""
        theme, unmapped = single_theme(subject)
        if (theme and not unmapped) or gap == "":  # a boundary never starts the text
            return start, subject.rstrip(" .")
    return 0, ""


def parse_row(text: str, date_order: str = DEFAULT_DATE_ORDER) -> dict:
    """One raw row to its fields (before canonical names, ids and orphans).

    Raises RowRejected with the reason when the row cannot be read.
    """
    return parse_cleaned_row(clean_cell_text(text), date_order)


def parse_cleaned_row(cleaned: str, date_order: str = DEFAULT_DATE_ORDER) -> dict:
    """parse_row for a row already free of HTML debris and runs of white space."""
    entity = match_entity_prefix(cleaned)
    if entity is None:
        raise RowRejected(
            "the row does not start with a Mexican federal entity (expected one "
            "of the 32 INEGI entities, in Spanish or English)"
        )
    entity_code, length = entity
    rest = cleaned[length:]
    level_match = _LEVEL_AT_START.match(rest)
    if level_match is None:
        raise RowRejected(
            "no agreement type after the federal entity (expected State or Municipal)"
        )
    rest = rest[level_match.end() :].strip()
    head, fields = parse_tail(rest, date_order)
    between = take_between(head)
    if between:
        between_text, country, middle = between
    else:
        between_text, country, middle = "", "", head
    description, subject = take_subject(middle)
    fields.update(
        entity_code=entity_code,
        level=_LEVELS[level_match.group(1).lower()],
        between=between_text,
        between_country=country,
        description=description,
        subject=subject,
    )
    return fields


def _containment(needle: str, haystack: str) -> float:
    """Share of the needle's words found in the haystack (accents and case ignored)."""
    words = {w for w in normalise_key(needle).split() if len(w) > 2}
    found = set(normalise_key(haystack).split())
    return len(words & found) / len(words) if words else 0.0


def attach_orphans(
    rows: list[dict], orphans: list[RawLine], log: CleaningLog, min_share: float = 0.6
) -> list[RawLine]:
    """Give each orphaned cell to the row whose Between is missing and whose text names it.

    The orphan's parties must be found in the row's description (at least ``min_share``
    of their words); the best-scoring row wins, one orphan per row. Returns the orphans
    no row took.
    """
    left: list[RawLine] = []
    for orphan in orphans:
        cell = drop_unbalanced_quotes(clean_cell_text(orphan.text))
        open_rows = [row for row in rows if not row["between"]]
        scored = sorted(
            (
                (_containment(cell, f"{row['description']} {row['subject']}"), i)
                for i, row in enumerate(open_rows)
            ),
            reverse=True,
        )
        if scored and scored[0][0] >= min_share:
            row = open_rows[scored[0][1]]
            row["between"] = cell
            log.repair(
                row["source_row"], orphan.number, "reattach_orphan_cell", "between", "", cell
            )
        else:
            left.append(orphan)
    return left
