"""Telling a report's story in its language: headings, sentences, tables and figures.

Report notebooks choose what to show and in which order; this module shows it the same
way everywhere. Every sentence is a message of the translation catalogs (helpers.words)
whose values come from the data and are escaped; tables are escaped too, with headers
in the report's language.
"""

from __future__ import annotations

import html
import io

import pandas as pd
from IPython.display import HTML, Image, display

from helpers.figures.style import SavedFigure
from helpers.report.present import escaped_table, message_html, paragraph_html, warning_html
from helpers.words.labels import template, text


class Story:
    """The display helpers of one report, bound to its language."""

    def __init__(self, lang: str):
        self.lang = lang

    def heading(self, key: str, level: int = 2, **values) -> None:
        """A heading: a message in the report's language."""
        display(HTML(f"<h{level}>{html.escape(text(key, self.lang, **values))}</h{level}>"))

    def say(self, key: str, **values) -> None:
        """A paragraph: our template, the data's values escaped."""
        display(HTML(message_html(template(key, self.lang), **values)))

    def warn(self, key: str, **values) -> None:
        """A visible warning box."""
        display(HTML(warning_html(text(key, self.lang, **values), text("warning", self.lang))))

    def show_table(self, frame: pd.DataFrame, columns: dict[str, str]) -> None:
        """Some columns of a table, in order, headed by their labels (column -> label text)."""
        display(HTML(escaped_table(frame[list(columns)].rename(columns=columns))))

    def label(self, key: str, **values) -> str:
        """A label in the report's language (for table headers)."""
        return text(key, self.lang, **values)

    def show_figure(self, saved: SavedFigure, width: int = 680) -> None:
        """A citable figure (saved by helpers.figures.style) with its id, caption and citation."""
        display(Image(data=saved.preview_png, width=width))
        display(
            HTML(
                paragraph_html(
                    "<strong>{label} {id}.</strong> {caption}<br><small>{cite}: {citation}</small>",
                    label=self.label("figure"),
                    id=saved.figure_id,
                    caption=saved.caption,
                    cite=self.label("citation"),
                    citation=saved.citation,
                )
            )
        )

    def show_claim(self, claim, figure: SavedFigure | None = None) -> None:
        """A published claim checked against the data (a row of claims.check_claims): the
        statement, the article's words, what the data show and the verdict, with the figure
        that shows it, if any."""
        verdict = text("supported" if claim.supported else "not-supported", self.lang).upper()
        caveat = claim.caveat and text(
            "claim.verdict.caveat", self.lang, verdict="", caveat=claim.caveat
        )
        display(
            HTML(
                paragraph_html(
                    "<strong>{statement_label}:</strong> {statement}<br>"
                    "<em>{quote_label}: \u201c{quote}\u201d</em><br>"
                    "{evidence_label}: {evidence}<br>"
                    "<strong>{verdict_label}: {verdict}</strong>{caveat}"
                    + (" ({figure_label} {figure})" if figure else ""),
                    statement_label=self.label("statement"),
                    statement=claim.statement,
                    quote_label=claim.quote_label,
                    quote=claim.quote,
                    evidence_label=self.label("evidence"),
                    evidence=claim.evidence,
                    verdict_label=self.label("verdict"),
                    verdict=verdict,
                    caveat=caveat or "",
                    figure_label=self.label("figure"),
                    figure=figure.figure_id if figure else "",
                )
            )
        )
        if figure:
            display(Image(data=figure.preview_png, width=420))

    def show_drawing(self, fig, caption_key: str, width: int = 680, **values) -> None:
        """A figure drawn for this report only (not a citable figure), with its caption."""
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=110, metadata={"Software": None})
        display(Image(data=buffer.getvalue(), width=width))
        self.say(caption_key, **values)
