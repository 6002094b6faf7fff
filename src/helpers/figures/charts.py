"""The bar charts, the heat map and the timeline: counts tables drawn as citable figures.

Each plot function here takes the tables of helpers.analysis.counts and returns
``(figure, data_drawn)``, ready for ``helpers.figures.style.save_figure``; the map, which
needs the state boundaries, is in helpers.figures.maps. They create matplotlib ``Figure``
objects directly (no pyplot), so nothing is shown twice in a notebook and nothing global
is left behind.
"""

from __future__ import annotations

import datetime as dt

import matplotlib
import matplotlib.lines
import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from helpers.analysis.selection import split_codes
from helpers.analysis.standing import period_end, period_start
from helpers.figures.style import PALETTE, SEQUENTIAL, colour_luminance, house_style, new_figure
from helpers.tables.fields import NONE_STATED
from helpers.words.labels import date_text, entity_text, level_text, text, theme_text

# --- bar charts ------------------------------------------------------------------------------


def _empty(fig: Figure, lang: str) -> None:
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(0.5, 0.5, text("empty_figure", lang), ha="center", va="center", color="#555555")


def _grouped_bars(
    fig: Figure, labels: list[str], agreements: list[int], interactions: list[int], lang: str
) -> None:
    """Horizontal bars, agreements and interactions side by side, first label on top."""
    ax = fig.add_subplot()
    positions = np.arange(len(labels))[::-1]
    height = 0.38
    series = (
        ("agreements", agreements, height / 2),
        ("interactions", interactions, -height / 2),
    )
    for name, values, offset in series:
        bars = ax.barh(
            positions + offset,
            values,
            height=height,
            color=PALETTE[name],
            label=text(name, lang),
            edgecolor="white",
            linewidth=0.4,
        )
        ax.bar_label(bars, labels=[str(v) if v else "" for v in values], padding=2, fontsize=7)
    ax.set_yticks(positions, labels)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x")
    ax.tick_params(axis="y", length=0)
    ax.legend(loc="lower right")
    ax.margins(x=0.08)


def _bar_height(rows: int) -> float:
    return min(9.0, 1.6 + 0.36 * max(rows, 1))


def _count_bars(
    drawn: pd.DataFrame, lang: str, nothing: bool | None = None
) -> tuple[Figure, pd.DataFrame]:
    """Agreements and interactions side by side for each labelled row; a note instead when
    there is ``nothing`` to draw (by default, no row)."""
    fig = new_figure(7.0, _bar_height(len(drawn)))
    with house_style():
        if drawn.empty if nothing is None else nothing:
            _empty(fig, lang)
        else:
            _grouped_bars(
                fig,
                drawn["label"].tolist(),
                drawn["agreements"].tolist(),
                drawn["interactions"].tolist(),
                lang,
            )
    return fig, drawn.reset_index(drop=True)


def plot_entity_counts(by_entity: pd.DataFrame, lang: str = "en") -> tuple[Figure, pd.DataFrame]:
    """Agreements and interactions per entity with any activity, largest total on top."""
    drawn = by_entity[by_entity["total"] > 0].copy()
    drawn.insert(2, "label", [entity_text(code, lang) for code in drawn["entity_code"]])
    drawn = drawn[["entity_code", "entity", "label", "agreements", "interactions", "total"]]
    return _count_bars(drawn, lang)


def plot_theme_counts(by_theme: pd.DataFrame, lang: str = "en") -> tuple[Figure, pd.DataFrame]:
    """Agreements and interactions per theme with any event, most frequent on top."""
    drawn = by_theme[by_theme["total"] > 0].copy()
    drawn.insert(1, "label", [theme_text(theme, lang) for theme in drawn["theme"]])
    return _count_bars(drawn, lang)


def plot_levels(by_level: pd.DataFrame, lang: str = "en") -> tuple[Figure, pd.DataFrame]:
    """Agreements and interactions by the government level of the Mexican actor."""
    drawn = by_level.copy()
    drawn.insert(1, "label", [level_text(level, lang) for level in drawn["level"]])
    # Every level is a row, with zeros: nothing to draw is a total of zero, not no row.
    return _count_bars(drawn, lang, nothing=drawn["total"].sum() == 0)


# --- heat map --------------------------------------------------------------------------------


def _ink_for(rgb: tuple[float, float, float]) -> str:
    """Black or white text, whichever reads on the cell colour."""
    return "#000000" if colour_luminance(rgb) > 0.45 else "#FFFFFF"


def plot_entity_theme(
    entity_theme: pd.DataFrame, by_entity: pd.DataFrame, lang: str = "en"
) -> tuple[Figure, pd.DataFrame]:
    """Heat map of events per entity (rows, by total) and theme (columns, by frequency).

    Cells hold agreements plus interactions, the number written in each coloured cell.
    """
    drawn = entity_theme[entity_theme["total"] > 0].copy()
    entity_order = [c for c in by_entity["entity_code"] if c in set(drawn["entity_code"])]
    theme_totals = drawn.groupby("theme")["total"].sum()
    theme_order = sorted(theme_totals.index, key=lambda t: (t == NONE_STATED, -theme_totals[t], t))
    drawn["entity_label"] = [entity_text(code, lang) for code in drawn["entity_code"]]
    drawn["theme_label"] = [theme_text(theme, lang) for theme in drawn["theme"]]
    drawn["row_index"] = drawn["entity_code"].map({c: i for i, c in enumerate(entity_order)})
    drawn["col_index"] = drawn["theme"].map({t: i for i, t in enumerate(theme_order)})
    drawn = drawn.sort_values(["row_index", "col_index"])
    fig = new_figure(
        max(5.0, 1.8 + 0.62 * len(theme_order)), max(2.6, 1.6 + 0.3 * len(entity_order))
    )
    with house_style():
        if drawn.empty:
            _empty(fig, lang)
        else:
            matrix = np.zeros((len(entity_order), len(theme_order)))
            matrix[drawn["row_index"], drawn["col_index"]] = drawn["total"]
            # The scale's palest quarter is too close to white to read as "one event".
            cmap = ListedColormap(
                matplotlib.colormaps[SEQUENTIAL](np.linspace(0.25, 0.95, 256))
            ).with_extremes(under="white")
            ax = fig.add_subplot()
            image = ax.imshow(
                matrix, cmap=cmap, vmin=0.5, vmax=max(matrix.max(), 1.0) + 0.5, aspect="auto"
            )
            for row in drawn.itertuples():
                colour = image.cmap(image.norm(row.total))
                ax.text(
                    row.col_index,
                    row.row_index,
                    str(row.total),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color=_ink_for(colour[:3]),
                )
            ax.set_xticks(range(len(theme_order)), [theme_text(t, lang) for t in theme_order])
            ax.set_yticks(range(len(entity_order)), [entity_text(c, lang) for c in entity_order])
            ax.tick_params(axis="x", rotation=40, length=0)
            ax.tick_params(axis="y", length=0)
            for label in ax.get_xticklabels():
                label.set_horizontalalignment("right")
            ax.set_xticks(np.arange(len(theme_order) + 1) - 0.5, minor=True)
            ax.set_yticks(np.arange(len(entity_order) + 1) - 0.5, minor=True)
            ax.grid(which="minor", color="#DDDDDD", linewidth=0.6)
            ax.tick_params(which="minor", length=0)
            for spine in ax.spines.values():
                spine.set_visible(False)
    columns = [
        "entity_code",
        "entity",
        "entity_label",
        "theme",
        "theme_label",
        "agreements",
        "interactions",
        "total",
    ]
    return fig, drawn[columns].reset_index(drop=True)


# --- timeline --------------------------------------------------------------------------------


def _shorten(value: str, width: int) -> str:
    return value if len(value) <= width else value[: width - 1].rstrip() + "…"


def plot_agreements_timeline(
    agreements: pd.DataFrame,
    status: pd.DataFrame,
    reference_date: str,
    lang: str = "en",
) -> tuple[Figure, pd.DataFrame]:
    """One line per agreement from signing to the end of its validity, oldest on top.

    Fixed-term lines end on the last day their end date can mean; indefinite ones run to
    the right edge with an arrow (open-ended); unspecified ones are a diamond at the
    signing date. An open circle marks a signing date known only to month or year. The
    reference date is a dashed line.
    """
    reference = dt.date.fromisoformat(reference_date)
    rows = agreements.merge(
        status[["agreement_id", "status"]], on="agreement_id", how="left", validate="1:1"
    )
    rows = rows[rows["signed_on"].str.strip() != ""].copy()
    rows["start"] = rows["signed_on"].map(period_start)
    rows = rows.sort_values(["start", "agreement_id"]).reset_index(drop=True)
    fixed = (rows["validity"] == "fixed-term") & (rows["valid_until"].str.strip() != "")
    rows["end"] = [
        period_end(v) if f else None for v, f in zip(rows["valid_until"], fixed, strict=True)
    ]
    ends = [d for d in rows["end"] if d is not None]
    right = dt.date(max([reference, *ends, *rows["start"]], default=reference).year + 2, 1, 1)
    left = dt.date(min([*rows["start"], reference], default=reference).year - 1, 1, 1)
    rows["drawn_end"] = [
        end if end is not None else (right if validity == "indefinite" else None)
        for end, validity in zip(rows["end"], rows["validity"], strict=True)
    ]
    rows["label"] = [
        _shorten(f"{entity_text(r.entity_code, lang)} – {r.foreign_party}", 58)
        for r in rows.itertuples()
    ]
    fig = new_figure(7.5, _bar_height(len(rows)) + 0.6)
    with house_style():
        if rows.empty:
            _empty(fig, lang)
        else:
            ax = fig.add_subplot()
            _draw_timeline(ax, rows, reference, right, left, lang)
    drawn = pd.DataFrame(
        {
            "agreement_id": rows["agreement_id"],
            "entity_code": rows["entity_code"],
            "label": rows["label"],
            "signed_on": rows["signed_on"],
            "signed_precision": rows.get("signed_precision", ""),
            "validity": rows["validity"],
            "valid_until": rows["valid_until"],
            "line_start": [d.isoformat() for d in rows["start"]],
            "line_end": [d.isoformat() if d else "" for d in rows["drawn_end"]],
            "status": rows["status"],
            "reference_date": reference.isoformat(),
        }
    )
    return fig, drawn


def _draw_timeline(ax, rows: pd.DataFrame, reference, right, left, lang: str) -> None:
    colours = {
        "fixed-term": PALETTE["agreements"],
        "indefinite": PALETTE["accent"],
        "unspecified": PALETTE["interactions"],
    }
    positions = np.arange(len(rows))[::-1]
    for y, row in zip(positions, rows.itertuples(), strict=True):
        partial = len(row.signed_on) < 10
        kind = row.validity if row.validity in colours else "unspecified"
        if kind == "fixed-term" and row.end is None:
            kind = "unspecified"
        colour = colours[kind]
        if kind == "fixed-term":
            ax.plot([row.start, row.end], [y, y], color=colour, linewidth=4, solid_capstyle="butt")
        elif kind == "indefinite":
            ax.annotate(
                "",
                xy=(right, y),
                xytext=(row.start, y),
                arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 2.5},
            )
        else:
            ax.plot(
                [row.start], [y], marker="D", markersize=7, color=colour, markeredgecolor="#222222"
            )
        if kind != "unspecified":
            ax.plot(
                [row.start],
                [y],
                marker="o",
                markersize=5,
                color="white" if partial else colour,
                markeredgecolor=colour,
                markeredgewidth=1.4,
            )
    ax.axvline(reference, color="#222222", linestyle="--", linewidth=0.9)
    ax.set_yticks(positions, rows["label"].tolist())
    ax.tick_params(axis="y", length=0, labelsize=7)
    ax.set_xlim(left, right)
    ax.set_ylim(-0.8, len(rows) - 0.2)
    ax.grid(axis="x")
    handles = [
        matplotlib.lines.Line2D([], [], color=colours["fixed-term"], linewidth=4),
        matplotlib.lines.Line2D(
            [], [], color=colours["indefinite"], linewidth=2.5, marker=">", markersize=6
        ),
        matplotlib.lines.Line2D(
            [],
            [],
            color=colours["unspecified"],
            marker="D",
            linestyle="",
            markeredgecolor="#222222",
        ),
        matplotlib.lines.Line2D(
            [], [], color="white", marker="o", linestyle="", markeredgecolor="#555555"
        ),
        matplotlib.lines.Line2D([], [], color="#222222", linestyle="--", linewidth=0.9),
    ]
    labels = [
        text("validity.fixed-term", lang),
        text("validity.indefinite", lang),
        text("validity.unspecified", lang),
        text("partial_signing", lang),
        text("reference_line", lang, date=date_text(reference.isoformat(), lang)),
    ]
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2)


# --- captions --------------------------------------------------------------------------------


def theme_mentions(interactions: pd.DataFrame) -> int:
    """How many (interaction, theme) pairs the theme counts add up (for captions)."""
    return sum(len(split_codes(v)) or 1 for v in interactions["themes"])
