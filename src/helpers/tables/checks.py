"""The checks a column or a table can carry, built for large tables.

pandera runs a check on a whole column; a check written here tests each distinct value
once (dates, codes and lists repeat across a table, and a Python call per cell is what
costs), and a rule across columns never lets a row off for a missing value. The patterns
and value lists the fields use are declared here too, so that a field names its check
and the data dictionary prints the same pattern the validation applies.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import compress

import pandas as pd
import pycountry

from helpers.core.lazy import lazy_module
from helpers.reference.entities import load_entities, load_municipalities

pa = lazy_module("pandera.pandas")  # imported on the first validation (helpers.core.lazy)

ISO_PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
ISO_PARTIAL_DATE_OR_EMPTY = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"
ISO_DAY = r"^\d{4}-\d{2}-\d{2}$"
BULLETIN_MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"
ENTRY_DATE = r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$"
RULE_NAME = r"^[a-z][a-z0-9_]*$"
VALIDITIES = ["fixed-term", "indefinite", "unspecified"]
PRECISION_LENGTH = {"year": 4, "month": 7, "day": 10}
LIST_SEPARATOR = ";"
"""Between the values of one cell: codes (partner_countries, themes) and rule names (review)."""


def entity_codes() -> list[str]:
    """The 32 INEGI entity codes."""
    return load_entities()["entity_code"].tolist()


def entity_names() -> dict[str, str]:
    """Each INEGI entity code's common name."""
    entities = load_entities()
    return dict(zip(entities["entity_code"], entities["entity"], strict=True))


def municipality_codes() -> set[str]:
    """Every INEGI municipality code, for checking interactions."""
    return set(load_municipalities()["municipality_code"])


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code (a set: checking a column is one vectorised isin)."""
    return frozenset(country.alpha_2 for country in pycountry.countries)


def is_country(code: str) -> bool:
    return code in country_codes()


def _each_distinct(test: Callable[[str], object]) -> Callable[[pd.Series], pd.Series]:
    """A column check that tests each distinct text once (a value passes when ``test``
    returns something true): dates, codes and lists repeat across a large table, and a
    test per cell would cost a Python call per row."""

    def check(column: pd.Series) -> pd.Series:
        # The distinct values are tested by map and compress at C speed (ids are all
        # distinct, so this loop is as long as the table). A value that is not text, a
        # missing one included, fails the test; missing values then pass the check, as
        # they are the nullable check's to report.
        values = column.unique().tolist()
        try:
            passed = list(compress(values, map(test, values)))
        except (TypeError, AttributeError):  # a value that is not text
            passed = [value for value in values if isinstance(value, str) and test(value)]
        if len(passed) == len(values):
            return pd.Series(True, index=column.index)  # the usual case: no lookup per row
        return column.isin(passed) | column.isna()

    return check


def distinct_check(test: Callable[[str], object], **options) -> pa.Check:
    """A pandera column check made of ``test``, run on each distinct text (see
    _each_distinct). Missing values are let through by the check itself, which spares
    pandera a copy of the column without them (ignore_na=False)."""
    return pa.Check(_each_distinct(test), ignore_na=False, **options)


def matches(pattern: str) -> pa.Check:
    """pandera's str_matches (same name, same pattern in the data dictionary), testing each
    distinct value once."""
    compiled = re.compile(pattern)
    return distinct_check(
        compiled.match,
        name="str_matches",
        error=f"str_matches('{pattern}')",
        statistics={"pattern": pattern},
    )


def joined_codes_are(valid: Callable[[str], bool]) -> Callable[[str], bool]:
    """Whether a cell is empty or codes joined by ';', each accepted by ``valid``."""
    return lambda cell: cell == "" or all(valid(code) for code in cell.split(LIST_SEPARATOR))


def table_rule(check: Callable[[pd.DataFrame], pd.Series], error: str) -> pa.Check:
    """A rule across a table's columns, with the error that states it.

    The columns may never be missing, so no row is let off for a missing value
    (ignore_na=False); this also spares pandera a pass over the whole table per rule.
    """
    return pa.Check(check, ignore_na=False, error=error)


def per_distinct(column: pd.Series, function: Callable[[str], object]) -> pd.Series:
    """``function`` of each cell, computed once per distinct text (missing cells give NaN):
    a table repeats its dates and codes, and a Python call per cell is what costs."""
    texts = [value for value in column.unique().tolist() if isinstance(value, str)]
    return column.map(dict(zip(texts, map(function, texts), strict=True)))


def precision_matches(frame: pd.DataFrame, value: str, precision: str) -> pd.Series:
    """Whether each date of ``value`` is written to the precision its row states."""
    lengths = frame[value].str.len()  # dates are mostly distinct: no gain per distinct
    return lengths == frame[precision].map(PRECISION_LENGTH)


def municipality_in_entity(frame: pd.DataFrame) -> pd.Series:
    """No municipality code, or one whose first two digits are the row's entity code."""
    codes = frame["municipality_code"]
    return (codes == "") | (per_distinct(codes, lambda code: code[:2]) == frame["entity_code"])
