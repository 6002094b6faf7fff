"""Figures people can cite: house style, four formats, the data drawn, a manifest entry.

A figure in a paper outlives the notebook that drew it, so each one is saved with what
a reader needs to trust and cite it: a stable id, a title and caption, a source note
under the plot, PNG (300 dpi), SVG and PDF, the CSV of exactly the numbers drawn, and an
entry (``<id>.json`` beside the files) with a ready citation and each file's sha256; the
build gathers the entries into ``reports/figures/figures.json``.
Files are byte-identical from one build to the next (fixed SVG ids, no dates in the
metadata, font subsets stamped with SOURCE_DATE_EPOCH), so a checksum in a citation
stays true as long as the data and code do.

The English and Spanish reports may run at the same time: each figure has its own id per
language (``-es`` suffix) and its own entry file, so every file here has exactly one
writer (the report that draws the figure), and the build, which knows each file's
producer, can tell when one was changed behind its back. ``figures.json`` is an index of
those entries that only the build writes (``write_manifest``).

Plot functions take the tables of helpers.analysis.counts and return ``(figure, data_drawn)``; they
create matplotlib ``Figure`` objects directly (no pyplot), so nothing is shown twice in
a notebook and nothing global is left behind. The map is drawn from the INEGI state
boundaries with matplotlib alone, simplified here (Douglas–Peucker, tiny islands
dropped) so its files stay small.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import matplotlib
import matplotlib.lines
import matplotlib.style
import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap, to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.ticker import MaxNLocator

from helpers import PROJECT_NAME, __version__
from helpers.analysis.counts import NONE_STATED, period_end, period_start, split_codes
from helpers.core.citation import citation_metadata, cite
from helpers.core.outputs import REPRODUCIBLE_EPOCH, write_atomic, write_csv, write_json
from helpers.core.paths import REFERENCE_DIR, project_relative
from helpers.core.sources import read_raw_text
from helpers.figures.index import FIGURES_DIR
from helpers.words.labels import (
    date_text,
    entity_text,
    level_text,
    text,
    theme_text,
    year_span,
)

STYLE_FILE = Path(__file__).resolve().with_name("house.mplstyle")
BOUNDARIES_FILE = REFERENCE_DIR / "mexico_states.geojson"
FORMATS = ("png", "svg", "pdf")
PALETTE = {"agreements": "#004488", "interactions": "#DDAA33", "accent": "#BB5566"}
"""Paul Tol's high-contrast scheme: colour-blind safe, three distinct greys in print."""
SEQUENTIAL = "YlOrBr"
"""ColorBrewer yellow-orange-brown: lightness falls steadily, so order survives greyscale."""
NO_ACTIVITY = {"facecolor": "#FFFFFF", "hatch": "////", "edgecolor": "#999999"}
MAP_TOLERANCE = 0.02
"""Douglas–Peucker tolerance in degrees (about 2 km): below one pixel of a 7-inch map."""
MAP_MIN_AREA = 0.01
"""Islands smaller than this (square degrees, about 100 km²) are not drawn."""


# --- style, ids, source note -----------------------------------------------------------------


@contextlib.contextmanager
def house_style():
    """The house style for drawing and saving (matplotlib rcParams, restored afterwards)."""
    with matplotlib.style.context(STYLE_FILE):
        yield


def new_figure(width: float = 7.0, height: float = 4.5) -> Figure:
    """An empty figure in the house style, not registered with pyplot."""
    with house_style():
        return Figure(figsize=(width, height), layout="constrained")


def figure_id(base: str, lang: str = "en") -> str:
    """A figure's id in a language: English keeps the base id, others add ``-<lang>``."""
    return base if lang == "en" else f"{base}-{lang}"


def published_year(provenance_path: Path | str) -> str | None:
    """The year a cleaned table's source was published, from its provenance record.

    The cleaning step writes ``<table>_provenance.json`` with the raw file's sidecar;
    its ``published`` date gives the year cited in the source note (CEMERI's article).
    """
    path = Path(provenance_path)
    if not path.exists():
        return None
    sidecar = json.loads(path.read_text(encoding="utf-8")).get("sidecar") or {}
    published = str(sidecar.get("published", ""))
    return published[:4] if published[:4].isdigit() else None


def source_note(
    agreements: pd.DataFrame | None,
    interactions: pd.DataFrame | None,
    lang: str = "en",
    *,
    agreements_year: str | None = None,
    boundaries: bool = False,
) -> str:
    """The note printed under a figure, its years taken from the data and provenance.

    "Source: SRE, inter-institutional agreements registry, via CEMERI (2023); CEDL
    bulletins <years>. Figure: <project>, <version>." A table passed as None was not used
    and is not cited; the bulletins' years are those of the interactions' editions.
    """
    parts = []
    if agreements is not None:
        year = f" ({agreements_year})" if agreements_year else ""
        parts.append(text("source.agreements", lang) + year)
    if interactions is not None:
        years = sorted({int(m[:4]) for m in interactions["bulletin_month"] if str(m)[:4].isdigit()})
        span = f" {year_span(years[0], years[-1], lang)}" if years else ""
        parts.append(text("source.interactions", lang) + span)
    if boundaries:
        parts.append(text("source.boundaries", lang))
    figure = text("source.figure", lang, project=PROJECT_NAME, version=__version__)
    return f"{text('source.prefix', lang)}{'; '.join(parts)}. {figure}"


# --- saving ----------------------------------------------------------------------------------


@dataclass
class SavedFigure:
    """A saved figure: its files, its manifest entry, and a small PNG for the notebook."""

    figure_id: str
    title: str
    caption: str
    source: str
    citation: str
    files: dict[str, Path]
    entry: dict = field(repr=False)
    preview_png: bytes = field(repr=False, default=b"")


def _metadata(fmt: str, figure_id: str, title: str, caption: str, source: str, lang: str) -> dict:
    """Per-format metadata: what a file says about itself, and no date."""
    if fmt == "png":
        return {"Title": title, "Description": caption, "Source": source}
    if fmt == "svg":
        return {
            "Title": title,
            "Description": caption,
            "Source": source,
            "Identifier": figure_id,
            "Language": lang,
            "Date": None,
        }
    return {
        "Title": title,
        "Subject": caption,
        "Author": citation_metadata()["authors"],
        "Keywords": figure_id,
        "CreationDate": None,
        "ModDate": None,
    }


def _decorate(fig: Figure, title: str, source: str) -> None:
    """Title above, source note below; a second save replaces them instead of stacking."""
    width = fig.get_figwidth()
    fig.suptitle(textwrap.fill(title, max(30, int(width * 11))), x=0.01, ha="left")
    for old in [t for t in fig.texts if t.get_gid() == "source-note"]:
        old.remove()
    fig.text(
        0.01,
        0.0,
        textwrap.fill(source, max(40, int(width * 17))),
        ha="left",
        va="top",
        fontsize=7,
        color="#444444",
        gid="source-note",
    )


def save_figure(
    fig: Figure,
    figure_id: str,
    title: str,
    caption: str,
    data: pd.DataFrame,
    *,
    source: str,
    out_dir: Path | str = FIGURES_DIR,
    lang: str = "en",
    preview_dpi: int = 110,
) -> SavedFigure:
    """Save a figure as a citable figure must be saved, with its entry beside it.

    Draws the title and the source note on the figure, writes PNG (300 dpi), SVG, PDF
    and the CSV of ``data`` (exactly the numbers drawn), each atomically, then the
    figure's entry (id, title, caption, source, citation, files with sha256) as
    ``<id>.json``. Returns the paths, the entry and a small PNG for notebooks.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("SOURCE_DATE_EPOCH", REPRODUCIBLE_EPOCH)
    files: dict[str, Path] = {}
    with house_style():
        _decorate(fig, title, source)
        for fmt in FORMATS:
            buffer = io.BytesIO()
            fig.savefig(
                buffer,
                format=fmt,
                metadata=_metadata(fmt, figure_id, title, caption, source, lang),
                **({"dpi": 300} if fmt == "png" else {}),
            )
            files[fmt] = write_atomic(out_dir / f"{figure_id}.{fmt}", buffer.getvalue())
        preview = io.BytesIO()
        fig.savefig(preview, format="png", dpi=preview_dpi, metadata={"Software": None})
    files["csv"] = write_csv(data, out_dir / f"{figure_id}.csv")
    citation = cite(title, "figure", project_relative(files["png"]))
    entry = {
        "id": figure_id,
        "title": title,
        "caption": caption,
        "source": source,
        "citation": citation,
        "lang": lang,
        "files": {
            kind: {
                "path": path.name,
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                "bytes": path.stat().st_size,
            }
            for kind, path in files.items()
        },
    }
    write_json(entry, out_dir / f"{figure_id}.json")
    return SavedFigure(
        figure_id, title, caption, source, citation, files, entry, preview.getvalue()
    )


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


def _count_bars(drawn: pd.DataFrame, lang: str) -> tuple[Figure, pd.DataFrame]:
    """Agreements and interactions side by side for each labelled row (a note when none)."""
    fig = new_figure(7.0, _bar_height(len(drawn)))
    with house_style():
        if drawn.empty:
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
    fig = new_figure(7.0, _bar_height(len(drawn)))
    with house_style():
        if drawn["total"].sum() == 0:
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


# --- map -------------------------------------------------------------------------------------


def simplify_ring(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas–Peucker simplification of one closed ring (first point repeated last).

    Keeps every vertex farther than ``tolerance`` from the chord it would be dropped
    onto; the ring is split at the vertex farthest from its start so that the chord of
    a closed ring is never a point.
    """
    points = np.asarray(points, dtype=float)
    count = len(points)
    if count <= 4:
        return points
    keep = np.zeros(count, dtype=bool)
    keep[0] = keep[-1] = True
    far = int(np.argmax(np.hypot(*(points - points[0]).T)))
    keep[far] = True
    stack = [(0, far), (far, count - 1)]
    while stack:
        start, end = stack.pop()
        if end <= start + 1:
            continue
        a, b = points[start], points[end]
        inner = points[start + 1 : end]
        chord = b - a
        length = np.hypot(*chord)
        if length == 0:
            distances = np.hypot(*(inner - a).T)
        else:
            distances = np.abs(chord[0] * (inner[:, 1] - a[1]) - chord[1] * (inner[:, 0] - a[0]))
            distances = distances / length
        index = int(np.argmax(distances))
        if distances[index] > tolerance:
            keep[start + 1 + index] = True
            stack += [(start, start + 1 + index), (start + 1 + index, end)]
    return points[keep]


def ring_area(points: np.ndarray) -> float:
    """Absolute area of a ring (shoelace formula), in the units of its coordinates."""
    x, y = np.asarray(points, dtype=float).T
    return abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))) / 2


@lru_cache(maxsize=4)
def load_state_shapes(
    path: Path = BOUNDARIES_FILE,
    tolerance: float = MAP_TOLERANCE,
    min_area: float = MAP_MIN_AREA,
) -> dict[str, tuple[np.ndarray, ...]]:
    """Simplified rings of each entity (entity code -> rings, longitude/latitude).

    Read through the provenance check. Each ring is simplified, coordinates rounded to
    three decimals (about 100 m), and islands below ``min_area`` dropped; an entity's
    largest ring is always kept, so all 32 are drawn.
    """
    collection = json.loads(read_raw_text(path).text)
    shapes: dict[str, list[np.ndarray]] = {}
    for feature in collection["features"]:
        code = str(feature["properties"]["CVE_ENT"]).zfill(2)
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        rings = [np.asarray(ring, dtype=float)[:, :2] for polygon in polygons for ring in polygon]
        largest = max(range(len(rings)), key=lambda i: ring_area(rings[i]))
        kept = []
        for index, ring in enumerate(rings):
            if index != largest and ring_area(ring) < min_area:
                continue
            simple = np.round(simplify_ring(ring, tolerance), 3)
            if len(simple) >= 4:
                kept.append(simple)
        shapes.setdefault(code, []).extend(kept)
    assert (n := len(shapes)) == (expected := 32), f"expected {expected} entities, found {n}"
    return {code: tuple(rings) for code, rings in sorted(shapes.items())}


def engagement_classes(totals: pd.Series, most: int = 5) -> list[tuple[int, int]]:
    """Colour classes for positive totals: one per value when few, else about equal groups."""
    values = sorted({int(v) for v in totals if v > 0})
    if len(values) <= most:
        return [(v, v) for v in values]
    return [(int(chunk[0]), int(chunk[-1])) for chunk in np.array_split(values, most)]


def _class_label(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}–{high}"


def _entity_path(rings: tuple[np.ndarray, ...]) -> MplPath:
    vertices, codes = [], []
    for ring in rings:
        vertices.extend(ring.tolist())
        codes.extend([MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 2) + [MplPath.CLOSEPOLY])
    return MplPath(np.asarray(vertices), codes)


def plot_engagement_map(
    by_entity: pd.DataFrame,
    lang: str = "en",
    shapes: dict[str, tuple[np.ndarray, ...]] | None = None,
) -> tuple[Figure, pd.DataFrame]:
    """Mexico's 32 entities coloured by events; no activity hatched, never left blank.

    Each entity is one patch whose gid is ``entity-<code>`` (visible in the SVG), so a
    test can count that every entity was drawn.
    """
    shapes = load_state_shapes() if shapes is None else shapes
    table = by_entity.set_index("entity_code")
    classes = engagement_classes(table["total"])
    colours = (
        [matplotlib.colormaps[SEQUENTIAL](x) for x in np.linspace(0.3, 0.9, len(classes))]
        if len(classes) > 1
        else [matplotlib.colormaps[SEQUENTIAL](0.6)] * len(classes)
    )

    def class_of(total: int) -> int | None:
        for index, (low, high) in enumerate(classes):
            if low <= total <= high:
                return index
        return None

    rows = []
    fig = new_figure(7.0, 5.0)
    with house_style():
        ax = fig.add_subplot()
        for code, rings in shapes.items():
            total = int(table["total"].get(code, 0))
            index = class_of(total)
            style = (
                dict(NO_ACTIVITY)
                if index is None
                else {"facecolor": colours[index], "edgecolor": "#777777"}
            )
            patch = PathPatch(_entity_path(rings), linewidth=0.4, **style)
            patch.set_gid(f"entity-{code}")
            ax.add_patch(patch)
            rows.append(
                {
                    "entity_code": code,
                    "entity": table["entity"].get(code, ""),
                    "label": entity_text(code, lang),
                    "agreements": int(table["agreements"].get(code, 0)),
                    "interactions": int(table["interactions"].get(code, 0)),
                    "total": total,
                    "class": text("no_activity", lang)
                    if index is None
                    else _class_label(*classes[index]),
                }
            )
        every = np.concatenate([ring for rings in shapes.values() for ring in rings])
        ax.set_xlim(every[:, 0].min() - 0.5, every[:, 0].max() + 0.5)
        ax.set_ylim(every[:, 1].min() - 0.5, every[:, 1].max() + 0.5)
        ax.set_aspect(1 / np.cos(np.radians(every[:, 1].mean())))
        ax.set_axis_off()
        handles = [Patch(**NO_ACTIVITY, linewidth=0.4)] + [
            Patch(facecolor=colour, edgecolor="#777777", linewidth=0.4) for colour in colours
        ]
        labels = [text("no_activity", lang)] + [_class_label(*c) for c in classes]
        ax.legend(
            handles,
            labels,
            title=text("map_legend", lang),
            loc="lower left",
            alignment="left",
        )
    return fig, pd.DataFrame(rows)


def colour_luminance(colour) -> float:
    """Relative luminance of a colour (0 black, 1 white): palettes are tested with it."""
    red, green, blue = to_rgb(colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def theme_mentions(interactions: pd.DataFrame) -> int:
    """How many (interaction, theme) pairs the theme counts add up (for captions)."""
    return sum(len(split_codes(v)) or 1 for v in interactions["themes"])
