"""Every citable figure, declared once: its id, what draws it, from which table, its words
and its sources.

A report draws a figure by its id (make_figure); the title and caption are the messages
``<id>.title`` and ``<id>.caption`` of helpers.words, filled with values computed here from
the same inputs; the source note names the sources the figure draws on. Adding a figure is
one entry here, its two messages, and one call in a notebook; the manifest (figures.json)
and the tests read the list of ids from FIGURES.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.figures import charts, maps
from helpers.figures.index import figure_id
from helpers.figures.style import SavedFigure, save_figure, source_note
from helpers.tables.fields import NONE_STATED
from helpers.words.labels import country_text, date_text, text, theme_text, year_span


@dataclass
class FigureInputs:
    """What a report's figures are drawn from: its selection and the counts made from it.

    ``tables`` are the counts tables (helpers.analysis.counts.count_tables), ``facts`` the
    overview (counts.overview), ``in_force`` the agreements by standing on
    ``reference_date``; ``interactions_used`` is False when the report had no interactions
    table (the bulletins are then not cited); ``agreements_year`` is the year the agreements
    table was published (its provenance), for the source note.
    """

    agreements: pd.DataFrame
    interactions: pd.DataFrame
    tables: dict[str, pd.DataFrame]
    facts: dict
    in_force: pd.Series
    partner_country: str
    reference_date: str
    interactions_used: bool = True
    agreements_year: str | None = None
    saved: dict[str, SavedFigure] = field(default_factory=dict)

    def inactive(self) -> int:
        return self.facts["entities_total"] - self.facts["entities_with_activity"]


@dataclass(frozen=True)
class FigureSpec:
    """A figure: its id (the Spanish figure's is ``<id>-es``), the function drawing it from
    the inputs, the values its caption message takes, and whether its source note names
    the state boundaries (a map)."""

    id: str
    draw: Callable[[FigureInputs, str], tuple]
    caption_values: Callable[[FigureInputs, str], dict] = lambda inputs, lang: {}
    boundaries: bool = False

    @property
    def title_key(self) -> str:
        return f"{self.id}.title"

    @property
    def caption_key(self) -> str:
        return f"{self.id}.caption"


def _years(facts: dict, kind: str, lang: str) -> str:
    return year_span(facts[f"first_{kind}"], facts[f"last_{kind}"], lang)


FIGURES: dict[str, FigureSpec] = {
    spec.id: spec
    for spec in (
        FigureSpec(
            "fig-entity-counts",
            lambda inputs, lang: charts.plot_entity_counts(inputs.tables["by_entity"], lang),
            lambda inputs, lang: {
                "agreement_years": _years(inputs.facts, "signed", lang),
                "interaction_years": _years(inputs.facts, "interaction", lang),
                "active": inputs.facts["entities_with_activity"],
                "entities": inputs.facts["entities_total"],
                "inactive": inputs.inactive(),
            },
        ),
        FigureSpec(
            "fig-map-engagement",
            lambda inputs, lang: maps.plot_engagement_map(inputs.tables["by_entity"], lang),
            lambda inputs, lang: {
                "inactive": inputs.inactive(),
                "entities": inputs.facts["entities_total"],
            },
            boundaries=True,
        ),
        FigureSpec(
            "fig-themes",
            lambda inputs, lang: charts.plot_theme_counts(inputs.tables["by_theme"], lang),
            lambda inputs, lang: {
                "theme_mentions": charts.theme_mentions(inputs.interactions),
                "interactions": inputs.facts["interactions"],
                "none_stated": theme_text(NONE_STATED, lang),
            },
        ),
        FigureSpec(
            "fig-entity-theme",
            lambda inputs, lang: charts.plot_entity_theme(
                inputs.tables["entity_theme"], inputs.tables["by_entity"], lang
            ),
        ),
        FigureSpec(
            "fig-agreements-timeline",
            lambda inputs, lang: charts.plot_agreements_timeline(
                inputs.agreements, inputs.tables["status"], inputs.reference_date, lang
            ),
            lambda inputs, lang: {
                "date": date_text(inputs.reference_date, lang),
                "active": inputs.in_force["active"],
                "agreements": inputs.facts["agreements"],
            },
        ),
        FigureSpec(
            "fig-levels",
            lambda inputs, lang: charts.plot_levels(inputs.tables["by_level"], lang),
        ),
    )
}
"""Every citable figure, in the order the counts report shows them."""


def make_figure(figure: str, inputs: FigureInputs, lang: str, out_dir: Path | str) -> SavedFigure:
    """Draw a declared figure from the inputs and save it, citable (helpers.figures.style):
    its title and caption in ``lang``, its source note naming what it draws on."""
    spec = FIGURES[figure]
    fig, data = spec.draw(inputs, lang)
    note = source_note(
        inputs.agreements,
        inputs.interactions if inputs.interactions_used else None,
        lang,
        agreements_year=inputs.agreements_year,
        boundaries=spec.boundaries,
    )
    saved = save_figure(
        fig,
        figure_id(spec.id, lang),
        text(spec.title_key, lang, country=country_text(inputs.partner_country, lang)),
        text(spec.caption_key, lang, **spec.caption_values(inputs, lang)),
        data,
        source=note,
        out_dir=out_dir,
        lang=lang,
    )
    inputs.saved[spec.id] = saved
    return saved
