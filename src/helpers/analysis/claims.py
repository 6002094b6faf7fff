"""Published claims about the data, re-computed and marked supported or not.

An article's reading of its own table can drift from the table: "economy, health and
culture" may be what the author remembers while the registry says education. The
claims are data, not code: the claims files under ``data/raw/claims/`` are read and
validated by helpers.analysis.claims_file, and each claim is evaluated by one of the
general checks of helpers.analysis.claim_checks (pure functions of the processed
tables). This module holds what notebook 03 calls: the rule that decides which claims a
report checks, and the check of those claims as rows the report shows.

Which claims a report checks (claims_covering): those whose partner country is the
report's and whose years all lie within the report's years. A selection that cuts some
of a claim's years away would test the claim on less than it speaks of; a selection of
another country, or of all countries at once, is not what it speaks of. Each claim is
then checked on its own scope only (scoped_events: its years, its sources), so a wider
selection (more years, or data added after the article) never tests it on more than it
speaks of either. A report with no claim covering its selection says so.
"""

from __future__ import annotations

import pandas as pd
from babel import Locale

# CLAIMS_DIR and load_all_claims are read through this module by notebook 03.
from helpers.analysis.claims_file import CLAIMS_DIR as CLAIMS_DIR
from helpers.analysis.claims_file import Claim
from helpers.analysis.claims_file import load_all_claims as load_all_claims
from helpers.words.labels import country_text, list_text, text, year_span

# --- which claims a report checks, and the check itself --------------------------------------


def claims_covering(
    claims: tuple[Claim, ...],
    partner_country: str,
    start_year: int | None = None,
    end_year: int | None = None,
) -> tuple[Claim, ...]:
    """The claims a report's selection covers (see the module's docstring for the rule)."""
    return tuple(c for c in claims if c.scope.covered_by(partner_country, start_year, end_year))


def claims_on_file_text(claims: tuple[Claim, ...], lang: str = "en") -> str:
    """What the claims on file speak of, for a report that none covers: each partner
    country with the span of its claims' years ("" when there are none)."""
    spans: dict[str, list[int]] = {}
    for claim in claims:
        first, last = spans.get(claim.scope.partner_country, [claim.scope.first_year] * 2)
        spans[claim.scope.partner_country] = [
            min(first, claim.scope.first_year),
            max(last, claim.scope.last_year),
        ]
    return list_text(
        [
            f"{country_text(code, lang)} ({year_span(first, last, lang)})"
            for code, (first, last) in sorted(spans.items())
        ],
        lang,
    )


def quote_label(quote_lang: str, lang: str = "en") -> str:
    """The label over an article's words; it names their language when it is not the
    report's (Babel's name for it in the report's language)."""
    if quote_lang == lang:
        return text("quote", lang)
    return text("quote.in", lang, language=Locale.parse(lang).languages.get(quote_lang, quote_lang))


CHECKED_COLUMNS = [
    "claim_id",
    "statement",
    "quote",
    "quote_label",
    "evidence",
    "supported",
    "caveat",
    "verdict",
    "figure",
]


def check_claims(
    agreements: pd.DataFrame,
    interactions: pd.DataFrame,
    lang: str = "en",
    claims: tuple[Claim, ...] = (),
) -> pd.DataFrame:
    """Every claim re-computed on its own scope of the tables given: one row each with
    CHECKED_COLUMNS. ``quote`` is the article's words in the report's language when the
    file gives them, else in the first language it gives (``quote_label`` says which);
    ``verdict`` is supported or not, with the caveat when there is one; ``figure`` is the
    base figure id (figures.figure_id adds the language suffix).
    """
    rows = []
    for claim in claims:
        result = claim.run(agreements, interactions, lang)
        quote_lang = lang if lang in claim.quote else next(iter(claim.quote))
        verdict = text("supported" if result.supported else "not-supported", lang)
        rows.append(
            {
                "claim_id": claim.claim_id,
                "statement": claim.statement[lang],
                "quote": claim.quote[quote_lang],
                "quote_label": quote_label(quote_lang, lang),
                "evidence": result.evidence,
                "supported": bool(result.supported),
                "caveat": result.caveat,
                "verdict": (
                    text("claim.verdict.caveat", lang, verdict=verdict, caveat=result.caveat)
                    if result.caveat
                    else verdict
                ),
                "figure": claim.figure,
            }
        )
    return pd.DataFrame(rows, columns=CHECKED_COLUMNS)
