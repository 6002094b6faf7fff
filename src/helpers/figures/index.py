"""figures.json: the index of every citable figure, gathered from each figure's own entry.

Each figure is saved with an ``<id>.json`` entry beside its files (helpers.figures.style), so
every file in the figures folder has one writer, the report that draws it. The index
gathers the entries; only the build writes it, once all reports ran. It lives apart
from helpers.figures.style so that the build can write it without importing the plotting
libraries.
"""

from __future__ import annotations

import json
from pathlib import Path

from helpers import PROJECT_NAME, __version__
from helpers.core.languages import SOURCE_LANGUAGE
from helpers.core.outputs import write_json
from helpers.core.paths import REPORTS_DIR

FIGURES_DIR = REPORTS_DIR / "figures"
MANIFEST_NAME = "figures.json"


def figure_id(base: str, lang: str = SOURCE_LANGUAGE) -> str:
    """A figure's id in a language: English keeps the base id, others add ``-<lang>``."""
    return base if lang == SOURCE_LANGUAGE else f"{base}-{lang}"


def base_figure_id(identifier: str, lang: str) -> str:
    """The id a figure has in every language (figure_id's inverse)."""
    suffix = f"-{lang}"
    if lang != SOURCE_LANGUAGE and identifier.endswith(suffix):
        return identifier[: -len(suffix)]
    return identifier


def read_manifest(out_dir: Path | str = FIGURES_DIR) -> dict:
    """The figures' entries gathered from their ``<id>.json`` files, as figures.json holds them."""
    out_dir = Path(out_dir)
    figures = {}
    for path in sorted(out_dir.glob("*.json")) if out_dir.is_dir() else []:
        if path.name == MANIFEST_NAME:
            continue
        entry = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(entry, dict) and entry.get("id") == path.stem:
            figures[path.stem] = entry
    return {"project": PROJECT_NAME, "version": __version__, "figures": figures}


def write_manifest(out_dir: Path | str = FIGURES_DIR) -> Path:
    """Write figures.json, the index of every figure's entry; the build calls it once, last."""
    return write_json(read_manifest(out_dir), Path(out_dir) / MANIFEST_NAME)
