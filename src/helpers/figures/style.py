"""Making and saving a citable figure: house style, ids, source note, four formats, entry.

The drawing modules (helpers.figures.charts, helpers.figures.maps) all start from
``new_figure`` and draw inside ``house_style``; this module is what they share and what a
notebook calls to save the result, kept apart from the drawing so that each stays short.

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
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib.style
import pandas as pd
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from helpers import PROJECT_NAME, __version__
from helpers.core.citation import citation_metadata, cite
from helpers.core.outputs import REPRODUCIBLE_EPOCH, write_atomic, write_csv, write_json
from helpers.core.paths import project_relative
from helpers.core.sources import file_sha256
from helpers.figures.index import FIGURES_DIR
from helpers.words.labels import text, year_span

STYLE_FILE = Path(__file__).resolve().with_name("house.mplstyle")
FORMATS = ("png", "svg", "pdf")
PALETTE = {"agreements": "#004488", "interactions": "#DDAA33", "accent": "#BB5566"}
"""Paul Tol's high-contrast scheme: colour-blind safe, three distinct greys in print."""
SEQUENTIAL = "YlOrBr"
"""ColorBrewer yellow-orange-brown: lightness falls steadily, so order survives greyscale."""


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
                "sha256": file_sha256(path),
                "bytes": path.stat().st_size,
            }
            for kind, path in files.items()
        },
    }
    write_json(entry, out_dir / f"{figure_id}.json")
    return SavedFigure(
        figure_id, title, caption, source, citation, files, entry, preview.getvalue()
    )


# --- colours ---------------------------------------------------------------------------------


def colour_luminance(colour) -> float:
    """Relative luminance of a colour (0 black, 1 white): palettes are tested with it."""
    red, green, blue = to_rgb(colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue
