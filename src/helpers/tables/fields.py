"""One home for every column: its name, type, checks and meaning, declared once.

Every table the pipeline writes is a list of these fields (helpers.tables.schemas and
helpers.tables.counts), and every pandera schema and the data dictionary are built from
them, so a column means the same wherever it appears and cannot drift between the code
that validates it and the page that documents it (as PUDL's field metadata does).

A column whose meaning in one table is narrower or wider than its usual one (an entity
code that may be empty where a place was not resolved, a count of agreements signed in
one year) says so in that table's declaration, as a variant of the field: the table is
then read with the variant, and the dictionary prints it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from helpers.core.lazy import lazy_module
from helpers.reference.themes import theme_keys
from helpers.tables.checks import (
    BULLETIN_MONTH,
    ENTRY_DATE,
    ISO_DAY,
    ISO_PARTIAL_DATE,
    ISO_PARTIAL_DATE_OR_EMPTY,
    PRECISION_LENGTH,
    RULE_NAME,
    VALIDITIES,
    country_codes,
    distinct_check,
    entity_codes,
    is_country,
    joined_codes_are,
    matches,
    municipality_codes,
)

pa = lazy_module("pandera.pandas")  # imported on the first validation (helpers.core.lazy)

_Checks = Callable[[], list]  # built on first use: checks read reference data

NONE_STATED = "none-stated"
"""The theme bucket of events whose source states no theme (agreement theme "")."""
UNRESOLVED = "unresolved"
"""The level of interactions whose place could not be resolved to an entity."""
LEVELS = ("state", "municipal")
STATUSES = ("active", "expired", "unspecified", "not-yet-signed")
"""An agreement's standing on a reference date; only ``active`` counts as in force."""


def _none() -> list:
    return []


@dataclass(frozen=True)
class Field:
    """A column: its meaning, its type, and the checks its values must pass."""

    description: str
    dtype: object = str  # str, int, bool, float, or "Int64" (whole numbers, may be missing)
    checks: _Checks = _none
    nullable: bool = False
    unique: bool = False

    def column(self) -> pa.Column:
        """The pandera column this field is."""
        return pa.Column(
            self.dtype,
            checks=self.checks(),
            nullable=self.nullable,
            unique=self.unique,
            description=self.description,
        )


def text(description: str, checks: _Checks = _none, **options) -> Field:
    """A text field (empty text means "not stated by the source")."""
    return Field(description, str, checks, **options)


def count(description: str) -> Field:
    """A count of events: a whole number, never negative."""
    return Field(description, int, lambda: [pa.Check.ge(0)])


def rate(description: str) -> Field:
    """A rate: a number, never negative."""
    return Field(description, float, lambda: [pa.Check.ge(0)])


def line_number(description: str, **options) -> Field:
    """A 1-based row or line number."""
    return Field(description, options.pop("dtype", int), lambda: [pa.Check.ge(1)], **options)


def year(description: str, **options) -> Field:
    """A year, a whole number of four digits (may be missing where ``nullable``)."""
    return Field(description, "Int64", lambda: [pa.Check.in_range(1000, 9999)], **options)


def one_of(values: Callable[[], list]) -> _Checks:
    """Checks: the value is one of ``values()``."""
    return lambda: [pa.Check.isin(values())]


def pattern(regex: str) -> _Checks:
    """Checks: the text matches ``regex``."""
    return lambda: [matches(regex)]


def _an_inegi_municipality_or_empty() -> list:
    municipalities = municipality_codes()
    return [
        pa.Check(
            lambda s: (s == "") | s.isin(municipalities),
            element_wise=False,
            error="must be an INEGI municipality code or empty",
        )
    ]


def _is_country_code() -> list:
    return [
        pa.Check(
            lambda s: s.isin(country_codes()),
            element_wise=False,
            error="must be an ISO 3166-1 alpha-2 code",
        )
    ]


def _joined(valid: Callable[[str], bool], error: str) -> _Checks:
    """Checks: the text is empty or codes joined by ';', each accepted by ``valid``."""
    return lambda: [distinct_check(joined_codes_are(valid), error=error)]


def _theme_keys_joined() -> list:
    themes = set(theme_keys())
    return _joined(themes.__contains__, "must be theme vocabulary keys joined by ';', or empty")()


# Every column's usual meaning, by name. Tables list the names they hold, in order.
FIELDS: dict[str, Field] = {
    # --- where a value comes from in the raw file
    "source_row": line_number("1-based row of the raw table body"),
    "raw_line": line_number("Line of the raw file"),
    "raw_text": text("The raw row exactly as read"),
    "is_duplicate": Field("An exact repeat of an earlier row", bool),
    # --- places
    "entity_code": text("INEGI CVE_ENT, two digits", one_of(entity_codes)),
    "entity": text("Common Spanish name of the federal entity"),
    "level": text("Government level of the Mexican party", one_of(lambda: ["state", "municipal"])),
    "municipality": text("Municipality, for municipal agreements"),
    "municipality_code": text(
        "INEGI five-digit municipality code, or empty", _an_inegi_municipality_or_empty
    ),
    "partner_country": text("ISO 3166-1 alpha-2 code of the partner country", _is_country_code),
    # --- agreements
    "agreement_id": text(
        "Stable id: partner, entity code, signing date, content hash",
        pattern(r"^[A-Z]{2}-\d{2}-\d{4,8}-[0-9a-f]{6}(-dup\d+)?$"),
        unique=True,
    ),
    "mexican_party": text("Mexican party, canonical name"),
    "foreign_party": text("Foreign party, canonical name"),
    "title": text("Description of the agreement as the registry gives it"),
    "subject": text("Subject as written in the source"),
    "theme": text(
        "Theme vocabulary key; empty when the source states none",
        one_of(lambda: ["", *theme_keys()]),
    ),
    "signed_on": text("Date signed, ISO 8601 to its precision", pattern(ISO_PARTIAL_DATE)),
    "signed_precision": text("Precision of signed_on", one_of(lambda: list(PRECISION_LENGTH))),
    "valid_until": text("End of validity, ISO date, or empty", pattern(ISO_PARTIAL_DATE_OR_EMPTY)),
    "validity": text("fixed-term, indefinite or unspecified", one_of(lambda: VALIDITIES)),
    "reported_status": text(
        "Status as reported with the validity, in English (completed, finished, "
        "in force, expired), or as written when the word is unknown (flagged)"
    ),
    "review": text(
        "Review flags of the row (rule names joined by ';', reasons in the "
        "cleaning log); empty when every field was read without doubt",
        pattern(r"^([a-z][a-z0-9_]*(;[a-z][a-z0-9_]*)*)?$"),
    ),
    "between": text(
        "The Between cell as the source gives it (quotes straightened), whole: the "
        "parties as written, before any split or canonical name; agreement_id is "
        "made from it"
    ),
    # --- interactions (bulletin entries)
    "interaction_id": text(
        "Stable id: bulletin month and a hash of the entry's content",
        pattern(r"^\d{4}-\d{2}-[0-9a-f]{10}(-dup\d+)?$"),
        unique=True,
    ),
    "bulletin_month": text("Edition of the bulletin, YYYY-MM", pattern(BULLETIN_MONTH)),
    "date": text("Date of the interaction, ISO 8601 to its precision", pattern(ENTRY_DATE)),
    "date_precision": text("Precision of date", one_of(lambda: ["day", "month"])),
    "partner_countries": text(
        "ISO 3166-1 alpha-2 codes joined by ';'; empty for organisations and regions",
        _joined(is_country, "must be ISO 3166-1 alpha-2 codes joined by ';', or empty"),
    ),
    "themes": text(
        "Theme vocabulary keys joined by ';'; empty when the source states none",
        _theme_keys_joined,
    ),
    "actor": text("Mexican actor as the bulletin names it"),
    "counterpart": text("Foreign counterpart as the bulletin names it"),
    "summary": text("Short evidence quote from the source"),
    "source": text("Citation as the source gives it"),
    "date_text": text("Date as written in the entry"),
    "date_from": text(
        "Where date comes from: the entry's date_text or the bulletin month",
        one_of(lambda: ["date_text", "bulletin_month"]),
    ),
    "place_text": text("Place as written in the entry"),
    "place_unresolved_reason": text("Why the place was not resolved; empty when it was"),
    "country_text": text("Countries as written in the entry"),
    "theme_text": text("Subject as written in the entry"),
    # --- the cleaning log and the rejects
    "rule": text(
        "Name of the rule applied (strip_html_debris, year_from_bulletin_month, …)",
        pattern(RULE_NAME),
    ),
    "field": text("Column the repair changed"),
    "before": text("Value before the repair, as read"),
    "after": text("Value after the repair; empty when the value was dropped"),
    "reason": text(
        "Why the row was rejected and what was expected",
        lambda: [pa.Check.str_length(min_value=1)],
    ),
    # --- counts (helpers.analysis.counts)
    "agreements": count("Agreements (repeats left out)"),
    "interactions": count("Interactions (repeats left out)"),
    "total": count("agreements + interactions"),
    "events": count("agreements + interactions"),
    "year": year("Year signed"),
    "decade": Field(
        "First year of the decade (1980 for 1980–1989)",
        "Int64",
        lambda: [pa.Check(lambda s: s % 10 == 0, error="must be a multiple of 10")],
    ),
    "population_2020": Field("Population, INEGI Census 2020", int, lambda: [pa.Check.gt(0)]),
    "agreements_per_million": rate("Agreements per million inhabitants"),
    "interactions_per_million": rate("Interactions per million inhabitants"),
    "total_per_million": rate("Events per million inhabitants"),
    "status": text(
        f"Standing on reference_date: {', '.join(STATUSES)}; only active is in force",
        one_of(lambda: list(STATUSES)),
    ),
    "reference_date": text("Date the standing is taken on", pattern(ISO_DAY)),
    "start_year": year("First year of the filter; empty for none", nullable=True),
    "end_year": year("Last year of the filter; empty for none", nullable=True),
    "entities_with_activity": count("Entities with at least one event"),
    "entities_total": count("Federal entities"),
    "interactions_unresolved": count("Interactions whose place is unknown"),
    **{
        f"{end}_{kind}": year(
            f"{'First' if end == 'first' else 'Last'} year {meaning}; empty when none",
            nullable=True,
        )
        for kind, meaning in (
            ("signed", "an agreement was signed"),
            ("interaction", "of an interaction"),
            ("bulletin", "of a bulletin edition"),
        )
        for end in ("first", "last")
    },
}


@dataclass(frozen=True)
class Table:
    """A table the pipeline writes: its fields in order and the rules tying them.

    ``columns`` names fields of FIELDS, or of ``variants`` where the column means
    something narrower or wider in this table. ``rules`` gives the checks across columns
    (built on first use); ``unique`` the columns that identify a row. With ``coerce``,
    validation converts each column to its type (tables computed by pandas), otherwise a
    column of the wrong type is an error (tables the cleaning builds value by value).
    """

    name: str
    files: tuple[str, ...]
    columns: tuple[str, ...]
    variants: dict[str, Field] = field(default_factory=dict)
    rules: _Checks = _none
    unique: tuple[str, ...] | None = None
    coerce: bool = False

    def select(self, *names: str) -> tuple[str, ...]:
        """Some of the table's columns, by name (a step that reads only these says so):
        a name the table does not have is an error here, not a missing column later."""
        unknown = [name for name in names if name not in self.columns]
        if unknown:
            raise KeyError(f"{self.name} has no column(s) {unknown}")
        return names

    def field(self, name: str) -> Field:
        """The field a column of this table is: its variant here, or its usual meaning."""
        return self.variants.get(name) or FIELDS[name]

    def schema(self) -> pa.DataFrameSchema:
        """The pandera schema of the table, from its fields."""
        unknown = set(self.variants) - set(self.columns)
        if unknown:
            raise KeyError(f"{self.name}: variants of columns it lacks: {sorted(unknown)}")
        return pa.DataFrameSchema(
            {name: self.field(name).column() for name in self.columns},
            checks=self.rules(),
            unique=list(self.unique) if self.unique else None,
            strict=True,
            ordered=True,
            coerce=self.coerce,
            name=self.name,
        )
