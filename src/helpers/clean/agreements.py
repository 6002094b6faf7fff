"""Cleaning the SRE table of inter-institutional agreements from its page text.

The table arrives as a web page gives it when copied: one line per row with its seven
cells (Federative Entity, Type, Between, Description, Subject, Date signed, Validity)
run together without separators, HTML debris in and between cells, a cell orphaned
above the header, the table's title and its source note around it. Each row is read by
general rules, from both ends:

* the start is the federal entity (recognised from INEGI's names in Spanish and
  English), then the type (State / Estatal, Municipal);
* the end is the signing date, then the validity ("Not specified" / "No especificada",
  "Indefinite" / "Indefinida", an end date with a reported status such as
  "-Completed-" / "-Concluido-", or a status alone such as "Vigente");
* what is left starts with the Between cell (the parties, closed by ", <country>.",
  the country named in English or Spanish, short or official) and ends with the Subject
  cell (a short phrase, usually a theme); the Description is in between.

A row whose Between cell is missing takes an orphaned cell whose parties its
description names. Numeric dates are read in the table's stated order (its sidecar's
``date_order``; day first by default, as Mexican sources write them).

No silent errors: every raw row ends as a clean row whose every field is what the
source says, or as a clean row carrying a review flag (its ``review`` column names the
rules, the cleaning log gives each reason), or as a reject with its reason. Where a rule
is unsure (a Between cell that splits more than one way, a status word it does not
know, digits run into the signing date) it flags the row; it never guesses silently.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from helpers.clean.log import (
    PARALLEL_MIN_ROWS,
    CleaningLog,
    CleaningResult,
    RowRejected,
    collector_paused,
    flag_duplicates,
    map_in_chunks,
)
from helpers.core.sources import RawDataError, read_raw_text
from helpers.core.text import (
    normalise_key,
    split_html_debris,
    squeeze_spaces,
    straighten_quotes,
    strip_html_debris,
)
from helpers.reference.countries import mentioned_countries, resolve_country
from helpers.reference.dates import (
    DATE_ORDERS,
    DEFAULT_DATE_ORDER,
    date_regex,
    is_ambiguous_numeric,
    iso_date,
)
from helpers.reference.entities import (
    HOME_COUNTRY,
    entity_aliases,
    entity_name,
    find_municipality_in_text,
    match_entity_prefix,
)
from helpers.reference.institutions import (
    cached_on_institutions,
    government_of,
    is_known_institution,
    lookup_institution,
    tidy_name,
)
from helpers.reference.themes import single_theme
from helpers.tables.schemas import AGREEMENT_COLUMNS, validate_agreements

# Column names of the header, in English and Spanish: a line naming four or more is it.
_HEADER_WORDS = [
    "federative entity",
    "entidad federativa",
    "type",
    "tipo",
    "between",
    "entre",
    "description",
    "descripcion",
    "subject",
    "objeto",
    "materia",
    "asunto",
    "date signed",
    "signature date",
    "date of signature",
    "fecha de firma",
    "fecha de suscripcion",
    "fecha de celebracion",
    "validity",
    "vigencia",
]
_SOURCE_NOTE = re.compile(r"^\s*(source|fuente)\s*:", re.IGNORECASE)
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
# Validity written in words, English and Spanish.
_UNSPECIFIED = (
    r"not\s+specified|unspecified|not\s+stated|no\s+especificad[ao]|sin\s+especificar"
    r"|no\s+se\s+especifica"
)
_INDEFINITE = (
    r"indefinite(?:ly)?|indefinid[ao]|indeterminad[ao]|permanent[e]?"
    r"|(?:por\s+)?tiempo\s+indefinido|open[-\s]ended"
)
# A reported status, in English and Spanish, and the English word the clean table gives
# it (reported_status): the same status reads the same whatever the table's language.
# A status word not listed here is kept as written and the row flagged.
STATUS_WORDS = {
    "completed": "completed",
    "complete": "completed",
    "concluded": "completed",
    "concluido": "completed",
    "concluida": "completed",
    "finished": "finished",
    "terminado": "finished",
    "terminada": "finished",
    "finalizado": "finished",
    "finalizada": "finished",
    "expired": "expired",
    "vencido": "expired",
    "vencida": "expired",
    "in force": "in force",
    "vigente": "in force",
    "en vigor": "in force",
}
_STATUS_ALONE = "|".join(
    word.replace(" ", r"\s+") for word in sorted(STATUS_WORDS, key=len, reverse=True)
)
# Punctuation a reporter puts around a status: "-Completed-", "- Finished-", "(Concluido)".
_STATUS = r"[-(]\s*(?P<status>[^\W\d_]+(?:\s[^\W\d_]+)?)\s*[-)]?"
# Party separators inside the Between cell. A spaced dash is the registry's own: one of
# them splits the cell for sure. Conjunctions ("and", "y", "with", "con") and dashes
# joined to the words may also stand inside a name ("Universidad de Artes y Oficios"),
# so a split at them is checked against what is known (see read_parties).
# Written \s\s* rather than \s+: a pattern that starts with a class lets re skip to each
# white space at C speed instead of trying the pattern at every position.
_DASHES = re.compile(r"\s\s*[–—-]\s+")
_AND = re.compile(r"\s\s*(?:and|y|e|&|with|con)\s+", re.IGNORECASE)
_JOINED_DASH = re.compile(r"(?<=\w)[–—](?=\w)")
_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
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
_QUOTE_CHARS = '"“”„«»'
_GENERIC_GOVERNMENT = re.compile(
    r"^(state\s+government|government|gobierno\s+del\s+estado|"
    r"gobierno\s+estatal|gobierno)$",
    re.IGNORECASE,
)
_SUBJECT_MAX_WORDS = 4
_COUNTRY_CLOSE = re.compile(r",\s*([^,.;]+?)\s*\.")  # ", <country>." closes the Between cell


def _digits_before(text: str, end: int) -> bool:
    """Whether ``text[:end]`` ends with digits joined to what follows ("No. 5.", "12/"):
    then a date read after it may be longer than what was read ("12/2034" cut short), or
    the digits another cell's. Only the last characters are looked at (this runs for
    every row: no copy of the text is made)."""
    while end and text[end - 1] == " ":
        end -= 1
    if not end:
        return False
    last = text[end - 1]
    return last.isdigit() or (last in "/.-" and end > 1 and text[end - 2].isdigit())


def _tail_regex(before: str, flags: re.RegexFlag = re.IGNORECASE) -> re.Pattern:
    """The row's last two cells, the signing date and the validity, up to the row's end,
    after ``before`` (what must precede the date). Every letter of the pattern is lower
    case (see _tail_groups)."""
    date = date_regex()
    validity = (
        rf"(?:(?P<unspecified>{_UNSPECIFIED})|(?P<indefinite>{_INDEFINITE})"
        rf"|(?P<end>{date})|[-(]?\s*(?P<status_alone>{_STATUS_ALONE})\s*[-)]?)"
        rf"\.?\s*(?:{_STATUS})?\s*\.?"
    )
    return re.compile(rf"{before}(?P<signed>{date})\s*\.?\s*{validity}\s*$", flags)


# The date starts a word: at the text's start, or after a character that is not part of
# a word. The second form starts with that character, a class: re then skips to each
# such character at C speed instead of trying the whole pattern at every position.
_TAIL = _tail_regex(r"(?<!\w)")
_TAIL_AFTER_SEPARATOR = _tail_regex(r"\W")
# The same patterns matching case, for ASCII text lowered (see _tail_groups).
_TAIL_LOWERED = _tail_regex(r"(?<!\w)", re.NOFLAG)
_TAIL_AFTER_SEPARATOR_LOWERED = _tail_regex(r"\W", re.NOFLAG)
# The groups parse_tail reads, and their numbers in all four patterns.
_TAIL_GROUPS = ("signed", "indefinite", "end", "status", "status_alone")
_TAIL_GROUP_NUMBERS = tuple(_TAIL.groupindex[name] for name in _TAIL_GROUPS)


def _search_tail(
    text: str,
    start: int,
    at_start: re.Pattern = _TAIL,
    after_separator: re.Pattern = _TAIL_AFTER_SEPARATOR,
) -> re.Match | None:
    """_TAIL.search(text, start), the same match (its date starts at .start("signed"))."""
    if start == 0 and (found := at_start.match(text)):
        return found
    return after_separator.search(text, max(0, start - 1))


def _tail_groups(text: str, start: int) -> tuple[int, list[str | None]] | None:
    """What parse_tail reads of _search_tail(text, start): where the signing date starts
    and the _TAIL_GROUPS as the text gives them (None for a group that took no part), or
    None when there is no match.

    Where the searched part is ASCII (most rows' end), it is searched lowered, by the
    patterns compiled without IGNORECASE: their letters are all lower case, so on ASCII
    text they match exactly where the case-blind ones do (lowering ASCII moves no
    character, and no other character folds to an ASCII letter), at about half the cost;
    the groups are then read from the text at the same places (no group matches empty
    text, so an empty slice is a group that took no part)."""
    window_start = max(0, start - 1)  # where _search_tail begins to look
    window = text[window_start:] if window_start else text
    if not window.isascii():
        match = _search_tail(text, start)
        return (match.start("signed"), list(match.group(*_TAIL_GROUPS))) if match else None
    match = _search_tail(
        window.lower(), start - window_start, _TAIL_LOWERED, _TAIL_AFTER_SEPARATOR_LOWERED
    )
    if match is None:
        return None
    regs = match.regs
    signed, indefinite, end, status, status_alone = map(regs.__getitem__, _TAIL_GROUP_NUMBERS)
    groups = [
        window[signed[0] : signed[1]],  # the one group always in a match
        window[indefinite[0] : indefinite[1]] or None,
        window[end[0] : end[1]] or None,
        window[status[0] : status[1]] or None,
        window[status_alone[0] : status_alone[1]] or None,
    ]
    return window_start + signed[0], groups


class _Line(NamedTuple):
    """A line of the raw file: a (number, text) pair, so that rows can be made at C speed
    by enumerate and handed to workers as they are."""

    number: int  # 1-based line of the raw file
    text: str


@dataclass
class TableLayout:
    """The parts of the raw page text: title, orphaned cells, header, rows, source note."""

    title: str
    header_line: int
    orphans: list[_Line]
    rows: list[tuple[int, str]]  # (line number, text), as _Line is
    stated_source: str


def is_header(line: str) -> bool:
    """Whether a line is the table's header (it names four or more of the columns)."""
    key = normalise_key(line)
    return sum(word in key for word in _HEADER_WORDS) >= 4


def split_layout(text: str, path: Path | str = "<text>") -> TableLayout:
    """Find the header and sort the other lines into title, orphans, rows and source note.

    Lines before the header: the first one without HTML debris is the table's title, the
    others are cells orphaned from their rows. After it: blank lines are skipped, a line
    starting "Source:" / "Fuente:" is the table's stated source, the rest are rows.
    """
    lines = list(enumerate(text.split("\n"), start=1))  # (number, text), made in C
    header_index = next((i for i, (_, line) in enumerate(lines) if is_header(line)), None)
    if header_index is None:
        raise RawDataError(
            path,
            "no table header found",
            expected="a line naming the columns Federative Entity, Type, "
            "Between, Description, Subject, Date signed, Validity",
        )
    title, orphans = "", []
    for number, line in lines[:header_index]:
        if not line.strip():
            continue
        if not title and strip_html_debris(line) == line:
            title = squeeze_spaces(line)
        else:
            orphans.append(_Line(number, line))
    rows, stated_source = [], ""
    for numbered in lines[header_index + 1 :]:
        line = numbered[1]
        if not line or line.isspace():  # blank (isspace: no stripped copy of each row)
            continue
        if ":" in line and _SOURCE_NOTE.match(line):  # the test in C first
            stated_source = squeeze_spaces(_SOURCE_NOTE.sub("", line))
        else:
            rows.append(numbered)
    return TableLayout(title, lines[header_index][0], orphans, rows, stated_source)


def _clean_cell_text(text: str) -> str:
    return squeeze_spaces(strip_html_debris(text))


def drop_unbalanced_quotes(cell: str) -> str:
    """Remove quote marks at a cell's ends that have no partner inside the cell."""
    cell = cell.strip()
    while cell and cell[-1] in _QUOTE_CHARS and _unbalanced(cell):
        cell = cell[:-1].rstrip()
    while cell and cell[0] in _QUOTE_CHARS and _unbalanced(cell):
        cell = cell[1:].lstrip()
    return cell


def _unbalanced(cell: str) -> bool:
    curly_open, curly_close = cell.count("“"), cell.count("”")
    return curly_open != curly_close or cell.count('"') % 2 == 1


class PartySplit(NamedTuple):
    """The two parties of a Between cell as written (tidied), and the doubt, if any:
    ``rule`` names the review flag ("" when the split is sure), ``reason`` explains it
    and lists the candidate splits."""

    mexican: str
    foreign: str
    rule: str = ""
    reason: str = ""


def _entity_keys(entity_code: str) -> tuple[str, ...]:
    """Every name of a federal entity as a comparison key (for whole-word search)."""
    return _entity_key_table().get(entity_code, ())


@lru_cache(maxsize=1)
def _entity_key_table() -> dict[str, tuple[str, ...]]:
    keys: dict[str, list[str]] = {}
    for alias, code in entity_aliases():
        keys.setdefault(code, []).append(f" {normalise_key(alias)} ")
    return {code: tuple(found) for code, found in keys.items()}


@lru_cache(maxsize=65536)
def _names_place(name: str, entity_code: str) -> bool:
    """Whether a name names the row's federal entity or one of its municipalities
    (INEGI's names): what the Mexican party's name usually does."""
    if not entity_code:
        return False
    key = f" {normalise_key(name)} "
    return any(alias in key for alias in _entity_keys(entity_code)) or bool(
        find_municipality_in_text(name, entity_code)
    )


def _support(left: str, right: str, entity_code: str, country: str) -> int:
    """How much what is known supports reading ``left`` as the Mexican party and
    ``right`` as the foreign one: a name the institutions table knows (or the generic
    state government) counts 2; the row's entity or one of its municipalities named in
    the Mexican party counts 1, named in the foreign party -1. The Mexican side is scored
    once per name and entity (the same partners sign again and again); the foreign side's
    two lookups are cached each (a foreign name meets every entity and country)."""
    known = 2 if is_known_institution(right, country) else 0
    return _mexican_support(left, entity_code) + known - _names_place(right, entity_code)


@cached_on_institutions
@lru_cache(maxsize=65536)
def _mexican_support(name: str, entity_code: str) -> int:
    """_support's score of a name read as the Mexican party."""
    known = _GENERIC_GOVERNMENT.match(name) or is_known_institution(name, "MX")
    return (2 if known else 0) + _names_place(name, entity_code)


def _described(name: str, description_key: str) -> int:
    """1 when the description names the party as a phrase of two words or more."""
    key = normalise_key(name)
    return int(" " in key and f" {key} " in description_key)


def _has_dash(text: str) -> bool:
    """Whether a text holds any of the dashes _DASHES splits at (a find in C: a cell
    without one need not be scanned by the pattern)."""
    return "-" in text or "–" in text or "—" in text


def _split_points(between: str) -> tuple[list[tuple[int, int]], ...]:
    """(spaced dashes, conjunctions and joined dashes, hyphens joined to words): where
    the Between cell may be split, as (start, end) of each separator, by kind."""
    dashes = [m.span() for m in _DASHES.finditer(between)] if _has_dash(between) else []
    joined = [m.span() for m in _AND.finditer(between)]
    if "–" in between or "—" in between:  # tested first: a look-behind scan costs more
        joined = sorted(joined + [m.span() for m in _JOINED_DASH.finditer(between)])
    hyphens = [m.span() for m in _HYPHEN.finditer(between)] if "-" in between else []
    return dashes, joined, hyphens


def read_parties(
    between: str, entity_code: str = "", country: str = "", description: str = ""
) -> PartySplit:
    """The two parties of a Between cell: the Mexican party first, as the SRE registry
    names them, then the foreign one.

    One spaced dash ("A – B") splits the cell for sure. Otherwise every separator is a
    candidate ("and", "y", "with", "con", a dash or hyphen joined to the words), and each
    split is scored by what is known (_support): the institutions table, INEGI's names
    of the row's entity and municipalities and, when that leaves a doubt, the
    Description, which usually names both parties. The best split is kept; it is sure
    when it has support and no other split has as much. Otherwise the row is flagged with
    the candidates: "Universidad de Artes y Oficios y Universidad de X" splits two ways.
    On a tie a conjunction is kept before a hyphen (mostly inside a hyphenated word),
    then the first separator.
    """
    parts = _DASHES.split(between, maxsplit=2) if _has_dash(between) else ()
    if len(parts) == 2:  # the usual cell, found by one scan
        return PartySplit(tidy_name(parts[0]), tidy_name(parts[1]))
    dashes, joined, hyphens = _split_points(between)
    if not (dashes or joined or hyphens):
        return PartySplit(
            tidy_name(between),
            "",
            "no_party_separator",
            "the Between cell has no separator between two parties (a dash, 'and', 'y', "
            "'with', 'con'): kept whole as the Mexican party, the foreign party is empty",
        )
    candidates = dashes or joined + hyphens  # in order of preference on a tie
    description_key = ""
    if description:
        # The description with the Between cell's own words taken out: what it says of
        # the parties apart from repeating the cell.
        description_key = f" {normalise_key(description)} ".replace(
            f" {normalise_key(between)} ", " | "
        )
    scored = []
    for preference, (start, end) in enumerate(candidates):
        left, right = tidy_name(between[:start]), tidy_name(between[end:])
        score = _support(left, right, entity_code, country)
        if description_key:
            score += _described(left, description_key) + _described(right, description_key)
        scored.append((-score, preference, left, right))
    scored.sort()
    best = scored[0]
    if -best[0] > 0 and (len(scored) == 1 or scored[1][0] > best[0]):
        return PartySplit(best[2], best[3])
    listed = "; ".join(f"'{left}' | '{right}' ({-score})" for score, _, left, right in scored)
    rule = "ambiguous_party_split" if len(scored) > 1 else "unconfirmed_party_split"
    reason = (
        f"the Between cell splits {len(scored)} way(s) and neither the institutions table, "
        "INEGI's names nor the description settles which: kept the first listed; "
        f"candidates (Mexican | foreign (support)): {listed}"
    )
    return PartySplit(best[2], best[3], rule, reason)


def split_parties(between: str) -> tuple[str, str]:
    """The two parties of a Between cell, read without the row's context (read_parties
    gives the doubt too, and uses the row's entity, country and description)."""
    split = read_parties(between)
    return split.mexican, split.foreign


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


def parse_tail(text: str, date_order: str = DEFAULT_DATE_ORDER) -> tuple[str, dict]:
    """Read the signing date and validity from the end of a row.

    Only the row's last TAIL_WINDOW characters are searched: the two cells are short, and
    a search over a whole long row would try every position of its description.
    Numeric dates are read in ``date_order`` (the table's). Returns (the text before
    them, the fields they give); the fields' "flags" lists what was read with doubt.
    """
    start = max(0, len(text) - TAIL_WINDOW)
    found = _tail_groups(text, start)
    joined = bool(found) and _digits_before(text, found[0])
    if joined and start:  # the window may have cut a date: read the whole row
        found = _tail_groups(text, 0)
        joined = _digits_before(text, found[0])
    if not found:
        raise RowRejected(
            "no signing date and validity at the end of the row (expected a date "
            "such as 'May 7, 2034.', '7 de mayo de 2034.' or '07/05/2034.' followed by "
            "'Not specified.', 'Indefinite.', 'No especificada.', 'Indefinida.' or an "
            "end date)"
        )
    signed_at, (signed_text, indefinite, end_text, status, status_alone) = found
    flags: list[tuple[str, str, str, str, str]] = []
    signed = iso_date(signed_text, date_order)
    if signed is None:
        raise RowRejected(
            f"signing date '{signed_text}' is not a calendar date (numeric dates are read "
            f"in the table's order, {date_order})"
        )
    signed_on, signed_precision = signed
    before = text[:signed_at]
    if joined:
        flags.append(
            (
                "digits_before_signing_date",
                "signed_on",
                before[-12:] + signed_text,
                signed_on,
                f"digits are joined to the signing date '{signed_text}': the date may be "
                "longer than what was read, or the digits may belong to another cell",
            )
        )
    valid_until, validity = "", "unspecified"
    if indefinite:
        validity = "indefinite"
    elif end_text:
        end = iso_date(end_text, date_order)
        if end is None:
            raise RowRejected(
                f"end date '{end_text}' is not a calendar date (numeric dates are read in "
                f"the table's order, {date_order})"
            )
        # ISO text sorts as the dates do; compared to the coarser of the two precisions.
        if end[0] < signed_on[: len(end[0])]:
            raise RowRejected(f"ends ({end[0]}) before it was signed ({signed_on})")
        valid_until, validity = end[0], "fixed-term"
    reported = ""
    for word in (status_alone, status) if status or status_alone else ():
        if not word:
            continue
        key = normalise_key(word)
        if reported and STATUS_WORDS.get(key, key) != reported:
            flags.append(
                (
                    "two_statuses",
                    "reported_status",
                    f"{status_alone} / {status}",
                    reported,
                    "the validity cell reports two different statuses: kept the first",
                )
            )
            break
        reported = STATUS_WORDS.get(key, key)
        if key not in STATUS_WORDS:
            flags.append(
                (
                    "unknown_status_word",
                    "reported_status",
                    word,
                    key,
                    f"the status '{word}' is not a known status word (English or Spanish): "
                    "kept as written",
                )
            )
    fields = {
        "signed_on": signed_on,
        "signed_precision": signed_precision,
        "valid_until": valid_until,
        "validity": validity,
        "reported_status": reported,
        "signed_text": signed_text,
        "end_text": end_text or "",
        "flags": flags,
    }
    return before.strip(), fields


TAIL_WINDOW = 120


def parse_row(text: str, date_order: str = DEFAULT_DATE_ORDER) -> dict:
    """One raw row to its fields (before canonical names, ids and orphans).

    Raises RowRejected with the reason when the row cannot be read.
    """
    return _parse_cleaned_row(_clean_cell_text(text), date_order)


def _parse_cleaned_row(cleaned: str, date_order: str = DEFAULT_DATE_ORDER) -> dict:
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
    rows: list[dict], orphans: list[_Line], log: CleaningLog, min_share: float = 0.6
) -> list[_Line]:
    """Give each orphaned cell to the row whose Between is missing and whose text names it.

    The orphan's parties must be found in the row's description (at least ``min_share``
    of their words); the best-scoring row wins, one orphan per row. Returns the orphans
    no row took.
    """
    left: list[_Line] = []
    for orphan in orphans:
        cell = drop_unbalanced_quotes(_clean_cell_text(orphan.text))
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


@cached_on_institutions
@lru_cache(maxsize=65536)
def _mexican_party(name: str, entity_code: str, level: str) -> str | None:
    """The canonical name of the Mexican party written ``name``, or None when the
    institutions table does not know it.

    A state-level row that names its party only as "the State Government" means the
    government of the row's own entity. Cached, as the table is (a process reads it
    once); helpers.reference.institutions.clear_caches clears this cache too.
    """
    if level == "state" and _GENERIC_GOVERNMENT.match(name):
        return government_of(entity_code)
    return lookup_institution(name, "MX")


def agreement_id(row: dict) -> str:
    """An id made of the agreement's own facts as its row gives them.

    Not of its row number: reordering or adding raw rows keeps every id. Not of anything a
    reference table decides either (canonical party names, the split of the Between cell
    into parties, where the Description ends and the Subject begins): editing the
    institutions or themes table renames parties and re-reads subjects, never moves an
    id. ``row`` gives the _ID_FIELDS, among them ``between``: the Between cell as the row
    gives it (quotes straightened), whole. An invented example: "JP-14-20180202-3f2a9c".
    """
    return _content_id(*(row[column] for column in _ID_FIELDS))


# What an agreement's id is made of, in this order.
_ID_FIELDS = (
    "partner_country",
    "entity_code",
    "level",
    "between",
    "title",
    "subject",
    "signed_on",
    "valid_until",
    "validity",
)


def _content_id(
    country: str,
    entity_code: str,
    level: str,
    between: str,
    title: str,
    subject: str,
    signed_on: str,
    valid_until: str,
    validity: str,
) -> str:
    """agreement_id from the values themselves (a finished row is a tuple, not a dict).

    ``between`` is the Between cell as the row gives it (tidied), whole: how it splits
    into parties may depend on the institutions table, the cell does not. Case, spaces,
    full stops and quote marks are left out: they are how a page was copied, not what
    was agreed; and without them, where the boundary falls between the Description and
    the Subject (a subject keeps no final full stop, a description loses an unbalanced
    quote at its end) no longer matters. (Title and Between are already straightened.
    Lowered, then the three characters deleted from the UTF-8 bytes in one pass: this
    runs once per row, and a pattern substitution or casefold costs several times more.)
    """
    content = (
        f"{entity_code}|{level}|{between}|{title}{straighten_quotes(subject)}"
        f"|{signed_on}|{valid_until}|{validity}"
    )
    digest = hashlib.sha256(content.lower().encode().translate(None, b' ."')).hexdigest()[:6]
    return f"{country}-{entity_code}-{signed_on.replace('-', '')}-{digest}"


def _parties(row: dict, between: str, country: str, title: str, splits: dict) -> PartySplit:
    """The row's parties (read_parties), remembered in ``splits`` for the rest of this
    cleaning: the same partners sign agreement after agreement. The description is
    consulted only when what is known leaves a doubt (it is the row's own)."""
    if not between:
        return PartySplit("", "")
    key = (between, row["entity_code"], country)
    split = splits.get(key)
    if split is None:
        split = splits[key] = read_parties(between, row["entity_code"], country)
    if split.rule and title:
        split = read_parties(between, row["entity_code"], country, title)
    return split


_NUMERIC_SEPARATORS = ("/", ".", "-")  # a tuple: "" is in every string, in no tuple


def _partner_country(row: dict, between: str, title: str, flags: list) -> str:
    """The partner country: the one closing the Between cell; else the one country the
    Between cell and description name (flagged when they name several: the first is
    kept); else the row is rejected."""
    if row["between_country"]:
        return row["between_country"]
    named = mentioned_countries(f"{between} {title}")
    if not named:
        raise RowRejected("no partner country named in the Between cell or the description")
    if len(named) > 1:
        flags.append(
            (
                "several_countries_named",
                "partner_country",
                ";".join(named),
                named[0],
                "no country closes the Between cell and the row names several: kept the "
                f"first named of {', '.join(named)}",
            )
        )
    return named[0]


def _finish_row(row: dict, log: CleaningLog, splits: dict | None = None) -> tuple:
    """Parties, country, canonical names, municipality, theme and id for a parsed row:
    its values in _ROW_COLUMNS order (a tuple, from which the frame is built directly).

    What was read with doubt is logged as review flags, and named in the row's
    ``review`` column."""
    source_row, line = row["source_row"], row["raw_line"]
    flags = row["flags"]  # the row's own list: what finishing doubts is added to it
    between = drop_unbalanced_quotes(straighten_quotes(row["between"]))
    description = row["description"]
    title = drop_unbalanced_quotes(straighten_quotes(description)).rstrip()
    if title != description:  # what log.repair tests, in line: most titles are as written
        log.repair(source_row, line, "quotes_and_debris", "title", description, title)
    country = row["between_country"]
    if not country:
        country = _partner_country(row, between, title, flags)
        log.repair(source_row, line, "partner_country_from_text", "partner_country", "", country)
    split = _parties(row, between, country, title, {} if splits is None else splits)
    mexican_raw, foreign_raw = split.mexican, split.foreign
    if split.rule:
        kept = f"{mexican_raw} | {foreign_raw}"
        flags.append((split.rule, "mexican_party", between, kept, split.reason))
    # The parties under their canonical names. A name the institutions table does not
    # know is kept as written and logged as unknown_institution (a notice: log.repair,
    # which records changes only, would drop it), so that the user sees what to add.
    mexican = _mexican_party(mexican_raw, row["entity_code"], row["level"]) if mexican_raw else ""
    if mexican is None:
        mexican = mexican_raw
        log.note(source_row, line, "unknown_institution", "mexican_party", mexican)
    else:
        log.repair(source_row, line, "canonical_institution", "mexican_party", mexican_raw, mexican)
    foreign = lookup_institution(foreign_raw, country) if foreign_raw else ""
    if foreign is None:
        foreign = foreign_raw
        log.note(source_row, line, "unknown_institution", "foreign_party", foreign)
    else:
        log.repair(source_row, line, "canonical_institution", "foreign_party", foreign_raw, foreign)
    theme, unmapped = single_theme(row["subject"])
    if row["subject"] and not theme:
        flags.append(
            (
                "unmapped_subject",
                "theme",
                row["subject"],
                "",
                "the subject names no theme of the vocabulary (add a synonym to "
                "themes.csv): the theme is left empty",
            )
        )
    elif unmapped:
        flags.append(
            (
                "subject_partly_unmapped",
                "theme",
                row["subject"],
                theme,
                f"part of the subject names no theme of the vocabulary: {', '.join(unmapped)}",
            )
        )
    if not row["subject"]:
        log.repair(source_row, line, "no_subject_stated", "theme", "(missing)", "")
        if title:
            flags.append(
                (
                    "no_subject_found",
                    "theme",
                    title[-60:],
                    "",
                    "no Subject cell was recognised after the description: the theme is "
                    "left empty, and the description's end may hold the subject",
                )
            )
    if not between:
        log.repair(source_row, line, "no_between_cell", "mexican_party", "(missing)", "")
    # Dates written in numbers (a separator before the year) are few: tested first.
    if row["signed_text"][-5:-4] in _NUMERIC_SEPARATORS and is_ambiguous_numeric(
        row["signed_text"]
    ):
        log.repair(
            source_row,
            line,
            "numeric_date_in_table_order",
            "signed_on",
            row["signed_text"],
            row["signed_on"],
        )
    if row["end_text"][-5:-4] in _NUMERIC_SEPARATORS and is_ambiguous_numeric(row["end_text"]):
        log.repair(
            source_row,
            line,
            "numeric_date_in_table_order",
            "valid_until",
            row["end_text"],
            row["valid_until"],
        )
    municipality, municipality_code = "", ""
    if row["level"] == "municipal":
        found = find_municipality_in_text(mexican_raw or title, row["entity_code"])
        if found:
            municipality_code, municipality = found
        else:
            flags.append(
                (
                    "municipality_not_found",
                    "municipality",
                    mexican_raw or title,
                    "",
                    "a municipal agreement whose Mexican party names no municipality of "
                    "its federal entity (INEGI's catalogue): the municipality is left empty",
                )
            )
    review = ""
    if flags:
        for rule, field_name, before, after, reason in flags:
            log.flag(source_row, line, rule, field_name, before, after, reason)
        review = ";".join(dict.fromkeys(flag[0] for flag in flags))
    entity_code, level = row["entity_code"], row["level"]
    signed_on, valid_until, validity = row["signed_on"], row["valid_until"], row["validity"]
    content_id = _content_id(
        country,
        entity_code,
        level,
        between,
        title,
        row["subject"],
        signed_on,
        valid_until,
        validity,
    )
    return (  # in _ROW_COLUMNS order (AGREEMENT_COLUMNS without is_duplicate)
        content_id,
        source_row,
        entity_code,
        entity_name(entity_code),
        level,
        municipality,
        municipality_code,
        mexican,
        foreign,
        country,
        title,
        row["subject"],
        theme,
        signed_on,
        row["signed_precision"],
        valid_until,
        validity,
        row["reported_status"],
        line,
        review,
        between,
    )


_ROW_COLUMNS = [c for c in AGREEMENT_COLUMNS if c != "is_duplicate"]


def _rows_frame(rows: list[tuple]) -> pd.DataFrame:
    """Finished rows (tuples in _ROW_COLUMNS order: a frame is built from them at half
    the cost of dicts, whose keys pandas must gather first)."""
    return pd.DataFrame.from_records(rows, columns=_ROW_COLUMNS)


@collector_paused()  # in a worker process too, however it was started
def _clean_chunk(
    lines: list[tuple[int, str]],
    first_row: int,
    hold_open: bool,
    date_order: str = DEFAULT_DATE_ORDER,
) -> tuple[pd.DataFrame, list[dict], CleaningLog]:
    """Parse and finish a run of numbered raw rows, in one pass.

    Returns (finished rows as a frame, open rows, the chunk's log); a frame, because a
    worker builds it in parallel and it travels between processes faster than dicts.
    With ``hold_open`` (the table has orphaned cells), rows missing their Between cell
    are returned parsed but not finished: an orphan may still complete them, which needs
    the whole table. Numeric dates are read in ``date_order``.
    """
    log, finished, open_rows, splits = CleaningLog(), [], [], {}
    for source_row, (line_number, text) in enumerate(lines, start=first_row):
        without_tags, tags = split_html_debris(text)  # one scan gives both
        cleaned = squeeze_spaces(without_tags)  # = _clean_cell_text(text)
        if tags:  # The log names the tags removed, not the row twice.
            log.repair(source_row, line_number, "strip_html_debris", "raw_text", "".join(tags), "")
        try:
            row = _parse_cleaned_row(cleaned, date_order)
        except RowRejected as reason:
            log.reject(source_row, line_number, text, str(reason))
            continue
        row.update(source_row=source_row, raw_line=line_number, raw_text=text)
        if hold_open and not row["between"]:
            open_rows.append(row)
        else:
            _finish_into(row, finished, log, splits)
    log.frame_repairs()  # here, in parallel with the other chunks (see map_in_chunks)
    return _rows_frame(finished), open_rows, log


def _finish_into(
    row: dict, finished: list[tuple], log: CleaningLog, splits: dict | None = None
) -> None:
    """Finish a parsed row into ``finished`` (as a tuple for _rows_frame), or reject it
    (no partner country) in the log."""
    try:
        finished.append(_finish_row(row, log, splits))
    except RowRejected as reason:
        log.reject(row["source_row"], row["raw_line"], row["raw_text"], str(reason))


def numeric_date_order(sidecar: dict | None, path: Path | str = "<text>") -> tuple[str, str]:
    """(order, where it comes from) of a table's numeric dates: its sidecar's
    ``date_order`` (DMY or MDY) when stated, else day first, as Mexican sources write."""
    stated = (sidecar or {}).get("date_order")
    if stated is None:
        return DEFAULT_DATE_ORDER, "default: Mexican sources write the day first"
    order = str(stated).strip().upper()
    if order not in DATE_ORDERS:
        raise RawDataError(
            path,
            f"sidecar states date_order {stated!r}",
            expected=f"one of {', '.join(DATE_ORDERS)}",
        )
    return order, "stated in the sidecar"


@collector_paused()
def clean_agreements_text(
    text: str,
    path: Path | str = "<text>",
    workers: int | None = None,
    date_order: str | None = None,
) -> CleaningResult:
    """The whole cleaning, from page text to the clean table, rejects and log.

    Rows are read independently, so a large table is split across ``workers`` processes
    (default: one per core). Only rows missing their Between cell wait for the whole
    table, when it has orphaned cells to offer them. The result does not depend on the
    number of workers: rows, rejects and log entries are put in the raw file's order.
    Numeric dates are read in ``date_order`` (DMY or MDY; by default day first), one
    order for the whole table, recorded in the result's metadata.
    """
    workers = (os.cpu_count() or 1) if workers is None else workers
    stated = None if date_order is None else {"date_order": date_order}
    date_order, order_source = numeric_date_order(stated, path)
    if stated:
        order_source = "stated by the caller"
    layout = split_layout(text, path)
    chunks = map_in_chunks(
        _clean_chunk,
        layout.rows,
        workers,
        PARALLEL_MIN_ROWS,
        hold_open=bool(layout.orphans),
        date_order=date_order,
    )
    log, frames, open_rows = CleaningLog(), [], []
    for finished, waiting, chunk_log in chunks:
        frames.append(finished)
        open_rows += waiting
        log.extend(chunk_log)
    unclaimed = attach_orphans(open_rows, list(layout.orphans), log)
    for orphan in unclaimed:
        log.reject(
            None,
            orphan.number,
            orphan.text,
            "cell outside any row that no row missing its Between cell could take",
        )
    completed: list[tuple] = []
    for row in open_rows:
        _finish_into(row, completed, log)
    frames = [frame for frame in [*frames, _rows_frame(completed)] if len(frame)]
    clean = pd.concat(frames, ignore_index=True) if frames else _rows_frame([])
    if completed:  # rows completed by orphans go back to their place
        clean = clean.sort_values("source_row", kind="stable", ignore_index=True)
    clean = flag_duplicates(clean, "agreement_id", log)
    clean = clean.astype({"source_row": "int64", "raw_line": "int64"})
    result = CleaningResult(
        name="agreements",
        clean=clean[AGREEMENT_COLUMNS],
        rejects=log.rejects_frame(),
        log=log.log_frame(),
        rows_in=len(layout.rows) + len(layout.orphans),
        merged_rows=len(layout.orphans) - len(unclaimed),
        metadata={
            "table_title": layout.title,
            "stated_source": layout.stated_source,
            "raw_file": str(path),
            "header_line": layout.header_line,
            "numeric_date_order": date_order,
            "numeric_date_order_from": order_source,
            "rows_flagged_for_review": int((clean["review"] != "").sum()),
        },
    )
    result.check_accounting()
    return result


def clean_agreements_file(raw_path: Path | str, *, strict: bool = False) -> CleaningResult:
    """Read a raw agreements table (provenance checked), clean it, validate the schema."""
    raw = read_raw_text(raw_path)
    date_order, order_source = numeric_date_order(raw.sidecar, raw_path)
    result = clean_agreements_text(raw.text, raw_path, date_order=date_order)
    result.metadata["numeric_date_order_from"] = order_source
    result.note_source(raw)
    if strict:
        result.raise_if_rejects(raw_path)
    result.clean = validate_agreements(result.clean)
    return result
