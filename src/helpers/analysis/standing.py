"""An agreement's standing on a reference date: active, expired, unspecified or not yet signed.

Dates are kept to the precision the source gives (a year, a month, a day); a period such
as "1987" starts on its first day and ends on its last, so that an agreement is counted in
force only when every day the source allows is in force. Only ``active`` counts as in force.
"""

from __future__ import annotations

import calendar
import datetime as dt

import pandas as pd

from helpers.analysis.selection import filter_agreements
from helpers.tables.fields import STATUSES


def period_start(value: str) -> dt.date:
    """The first day an ISO partial date can mean ("1987" -> 1987-01-01)."""
    parts = [int(p) for p in value.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def period_end(value: str) -> dt.date:
    """The last day an ISO partial date can mean ("1987" -> 1987-12-31, "1987-02" -> 28th)."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    month = parts[1] if len(parts) == 2 else 12
    return dt.date(parts[0], month, calendar.monthrange(parts[0], month)[1])


def agreement_status(
    signed_on: str, validity: str, valid_until: str, reference_date: dt.date
) -> str:
    """One agreement's standing on a date: active, expired, unspecified or not-yet-signed.

    Signing and end dates known only to a month or year are given the benefit of the doubt:
    an agreement counts as signed from the first day of its signing period and runs to
    the last day of its end period. A fixed-term agreement is active while its end is on
    or after the date; an indefinite one is active once signed; one whose validity is
    unspecified (or a fixed term with no end given) is never counted as active.
    """
    if signed_on.strip() and period_start(signed_on) > reference_date:
        return "not-yet-signed"
    if validity == "indefinite":
        return "active"
    if validity == "fixed-term" and valid_until.strip():
        return "active" if period_end(valid_until) >= reference_date else "expired"
    return "unspecified"


def agreements_status_on(
    agreements: pd.DataFrame,
    reference_date: str | dt.date,
    partner_country: str = "",
    start_year: int | None = None,
    end_year: int | None = None,
) -> pd.DataFrame:
    """Each agreement's standing on the reference date, with the date in a column."""
    agreements = filter_agreements(agreements, partner_country, start_year, end_year)
    if isinstance(reference_date, str):
        reference_date = dt.date.fromisoformat(reference_date)
    table = agreements[
        ["agreement_id", "entity_code", "entity", "signed_on", "validity", "valid_until"]
    ].copy()
    table["status"] = [
        agreement_status(a.signed_on, a.validity, a.valid_until, reference_date)
        for a in agreements.itertuples()
    ]
    table["reference_date"] = reference_date.isoformat()
    return table


def status_summary(status: pd.DataFrame) -> pd.DataFrame:
    """How many agreements stand in each status (every status listed, zero included)."""
    counts = status["status"].value_counts().reindex(list(STATUSES), fill_value=0)
    return pd.DataFrame({"status": list(STATUSES), "agreements": counts.to_numpy().astype("int64")})
