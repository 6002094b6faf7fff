"""The engagement map: Mexico's 32 entities coloured by their agreements and interactions.

The map is drawn from the INEGI state boundaries with matplotlib alone, simplified here
(Douglas–Peucker, tiny islands dropped) so its files stay small. It lives apart from the
charts of helpers.figures.charts because it alone reads a reference file and does
geometry; like them it returns ``(figure, data_drawn)`` for
``helpers.figures.style.save_figure``, drawn on a matplotlib ``Figure`` without pyplot.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath

from helpers.core.paths import REFERENCE_DIR
from helpers.core.sources import RawDataError, read_raw_text
from helpers.figures.style import SEQUENTIAL, house_style, new_figure
from helpers.words.labels import entity_text, text

BOUNDARIES_FILE = REFERENCE_DIR / "mexico_states.geojson"
NO_ACTIVITY = {"facecolor": "#FFFFFF", "hatch": "////", "edgecolor": "#999999"}
MAP_TOLERANCE = 0.02
"""Douglas–Peucker tolerance in degrees (about 2 km): below one pixel of a 7-inch map."""
MAP_MIN_AREA = 0.01
"""Islands smaller than this (square degrees, about 100 km²) are not drawn."""


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
    if len(shapes) != 32:  # an error, not an assert: python -O would draw a map with gaps
        raise RawDataError(
            path,
            f"features of {len(shapes)} entities ({', '.join(sorted(shapes))})",
            expected="the 32 federal entities, by CVE_ENT",
        )
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
