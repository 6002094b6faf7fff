"""The end of an agreements row: its signing date and its validity, in English or Spanish.

A row's last two cells are short and written in few forms (a date, then "Not specified",
"Indefinida", an end date, a reported status such as "-Concluido-"), so they are read first,
from the row's end, by one pattern; what is left before them holds the other cells.
"""

from __future__ import annotations

import re

from helpers.clean.log import (
    RowRejected,
)
from helpers.core.text import (
    normalise_key,
)
from helpers.reference.dates import (
    DEFAULT_DATE_ORDER,
    date_regex,
    iso_date,
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
