"""Finishing a parsed agreements row: parties, partner country, canonical names, municipality,
theme and id, with every doubt logged.

What a row's cells say is read against the reference tables here. A value read with doubt
(an ambiguous split, an unknown status word, a subject naming no theme) is kept and
flagged with its reason in the cleaning log; a name the institutions table does not know is
kept as written and logged, so the user knows what to add. The id is made of the row's own
facts, never of what a reference table decides, so editing a reference table moves no id.
"""

from __future__ import annotations

import hashlib

import pandas as pd

from helpers.clean.agreement_layout import drop_unbalanced_quotes
from helpers.clean.agreement_parties import PartySplit, canonical_mexican_party, read_parties
from helpers.clean.log import (
    CleaningLog,
    RowRejected,
)
from helpers.core.text import (
    straighten_quotes,
)
from helpers.reference.countries import mentioned_countries
from helpers.reference.dates import (
    is_ambiguous_numeric,
)
from helpers.reference.entities import entity_name, find_municipality_in_text
from helpers.reference.institutions import (
    lookup_institution,
)
from helpers.reference.themes import single_theme
from helpers.tables.checks import LIST_SEPARATOR
from helpers.tables.schemas import AGREEMENT_COLUMNS


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
                LIST_SEPARATOR.join(named),
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
    mexican = (
        canonical_mexican_party(mexican_raw, row["entity_code"], row["level"])
        if mexican_raw
        else ""
    )
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
        review = LIST_SEPARATOR.join(dict.fromkeys(flag[0] for flag in flags))
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


def rows_frame(rows: list[tuple]) -> pd.DataFrame:
    """Finished rows (tuples in _ROW_COLUMNS order: a frame is built from them at half
    the cost of dicts, whose keys pandas must gather first)."""
    return pd.DataFrame.from_records(rows, columns=_ROW_COLUMNS)


def finish_into(
    row: dict, finished: list[tuple], log: CleaningLog, splits: dict | None = None
) -> None:
    """Finish a parsed row into ``finished`` (as a tuple for rows_frame), or reject it
    (no partner country) in the log."""
    try:
        finished.append(_finish_row(row, log, splits))
    except RowRejected as reason:
        log.reject(row["source_row"], row["raw_line"], row["raw_text"], str(reason))
