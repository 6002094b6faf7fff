"""Citable figures: house style, source note, four formats, manifest, byte-identical builds.

Also the labels every figure takes from helpers.words. Figures are drawn
from small invented count tables, so each test runs in about a second; the map uses the
real INEGI boundaries, simplified.
"""

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

from helpers import PROJECT_NAME, __version__
from helpers.analysis.counts import counts_by_entity, counts_by_level, counts_by_theme
from helpers.core.citation import citation_metadata
from helpers.figures import style
from helpers.figures.charts import (
    plot_agreements_timeline,
    plot_entity_counts,
    plot_entity_theme,
    plot_levels,
    plot_theme_counts,
)
from helpers.figures.index import base_figure_id, figure_id, read_manifest, write_manifest
from helpers.figures.maps import (
    engagement_classes,
    load_state_shapes,
    plot_engagement_map,
    ring_area,
    simplify_ring,
)
from helpers.figures.style import (
    FORMATS,
    PALETTE,
    colour_luminance,
    save_figure,
    source_note,
)
from helpers.reference.entities import load_entities
from helpers.reference.themes import theme_keys
from helpers.tables.fields import NONE_STATED
from helpers.words import labels

AGREEMENTS = pd.DataFrame(
    {
        "agreement_id": ["A1", "A2", "A3"],
        "entity_code": ["14", "14", "15"],
        "entity": ["Jalisco", "Jalisco", "Estado de México"],
        "level": ["state", "municipal", "state"],
        "municipality": ["", "Guadalajara", ""],
        "partner_country": ["US"] * 3,
        "theme": ["education", "", "culture"],
        "signed_on": ["2001-02-03", "2012", "2015-06"],
        "signed_precision": ["day", "year", "month"],
        "valid_until": ["2005-02", "", ""],
        "validity": ["fixed-term", "indefinite", "unspecified"],
        "foreign_party": ["University of Texas", "City of Austin", "State of California"],
    }
)
INTERACTIONS = pd.DataFrame(
    {
        "interaction_id": ["I1", "I2"],
        "bulletin_month": ["2020-04", "2022-01"],
        "date": ["2020-04-02", ""],
        "entity_code": ["02", ""],
        "entity": ["Baja California", ""],
        "level": ["municipal", ""],
        "municipality": ["Tijuana", ""],
        "municipality_code": ["02004", ""],
        "partner_countries": ["US", "US"],
        "themes": ["health;economy", ""],
    }
)
BY_ENTITY = counts_by_entity(AGREEMENTS, INTERACTIONS)
STATUS = pd.DataFrame(
    {"agreement_id": ["A1", "A2", "A3"], "status": ["expired", "active", "unspecified"]}
)


def small_figure():
    fig, data = plot_levels(counts_by_level(AGREEMENTS, INTERACTIONS), "en")
    return fig, data


def save_small(out_dir, figure="fig-test", lang="en"):
    fig, data = small_figure()
    return save_figure(
        fig,
        figure,
        "A test figure",
        "What it shows.",
        data,
        source=source_note(AGREEMENTS, INTERACTIONS, lang, agreements_year="2023"),
        out_dir=out_dir,
        lang=lang,
    )


# --- words -------------------------------------------------------------------------------


def test_labels_localise_names_themes_countries_numbers_and_lists():
    assert labels.entity_text("15", "en") == "State of Mexico"
    assert labels.entity_text("15", "es") == "Estado de México"
    assert labels.theme_text("health", "es") == "Salud"
    assert labels.theme_text(NONE_STATED, "en") == "None stated"
    assert labels.country_text("RU", "es") == "Rusia" and labels.country_text("RU") == "Russia"
    assert labels.country_text("", "en") == "all partner countries"
    assert labels.number_text(5.468, "es") == "5,47"
    assert labels.percent_text(0.947, "en") == "95%"
    assert labels.list_text(["a", "b", "c"], "es") == "a, b y c"
    assert labels.year_span(1999, 2015) == "1999–2015" and labels.year_span(2021, 2021) == "2021"
    assert labels.date_text("1999-10-11", "es") == "11 de octubre de 1999"
    with pytest.raises(ValueError, match="allowed: en, es"):
        labels.text("agreements", "fr")
    with pytest.raises(KeyError, match="needs value"):
        labels.text("fig-themes.title", "en")


# --- style and palette -----------------------------------------------------------------------


def test_house_style_ships_in_the_package_with_one_font_and_is_restored_after():
    assert style.STYLE_FILE.exists()
    before = matplotlib.rcParams["svg.hashsalt"]
    with style.house_style():
        assert matplotlib.rcParams["font.family"] == ["DejaVu Sans"]
        assert matplotlib.rcParams["svg.hashsalt"] == "mx-local-diplomacy"
    assert matplotlib.rcParams["svg.hashsalt"] == before


def test_palette_reads_in_grey_and_the_sequential_scale_darkens_steadily():
    greys = sorted(colour_luminance(colour) for colour in PALETTE.values())
    assert all(b - a > 0.15 for a, b in zip(greys, greys[1:], strict=False)), greys
    scale = matplotlib.colormaps[style.SEQUENTIAL]
    steps = [colour_luminance(scale(x)[:3]) for x in np.linspace(0.25, 0.95, 8)]
    assert steps == sorted(steps, reverse=True)


# --- source note and ids ---------------------------------------------------------------------


def test_source_note_takes_its_years_from_the_data():
    note = source_note(AGREEMENTS, INTERACTIONS, "en", agreements_year="2023")
    assert note == (
        "Source: SRE, inter-institutional agreements registry, via CEMERI (2023); "
        f"CEDL bulletins 2020–2022. Figure: {PROJECT_NAME}, {__version__}."
    )
    assert "CEDL" not in source_note(AGREEMENTS, None, "en")
    spanish = source_note(AGREEMENTS, INTERACTIONS.iloc[:1], "es", boundaries=True)
    assert "boletines del CEDL 2020" in spanish and "INEGI" in spanish
    assert spanish.startswith("Fuente: SRE")


def test_published_year_comes_from_the_provenance_record(tmp_path):
    record = tmp_path / "agreements_provenance.json"
    record.write_text(json.dumps({"sidecar": {"published": "2023-08-14"}}))
    assert style.published_year(record) == "2023"
    assert style.published_year(tmp_path / "missing.json") is None


def test_figure_ids_per_language():
    assert figure_id("fig-entity-counts", "en") == "fig-entity-counts"
    assert figure_id("fig-entity-counts", "es") == "fig-entity-counts-es"
    # and back: the id a figure has in every language, whatever its own id's language
    assert base_figure_id("fig-entity-counts-es", "es") == "fig-entity-counts"
    assert base_figure_id("fig-entity-counts", "en") == "fig-entity-counts"
    assert base_figure_id("fig-es-map", "es") == "fig-es-map"  # no suffix, nothing cut


# --- saving and the manifest -----------------------------------------------------------------


@pytest.fixture(scope="module")
def saved_small(tmp_path_factory):
    """One figure saved once, inspected by several tests (saving costs about a second)."""
    folder = tmp_path_factory.mktemp("figures")
    return folder, save_small(folder)


@pytest.mark.slow
def test_save_figure_writes_four_formats_and_a_manifest_entry_with_checksums(saved_small):
    tmp_path, saved = saved_small
    assert set(saved.files) == {*FORMATS, "csv"}
    for path in saved.files.values():
        assert path.exists() and path.stat().st_size > 0
    assert saved.files["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert saved.files["pdf"].read_bytes()[:5] == b"%PDF-"
    manifest = read_manifest(tmp_path)
    entry = manifest["figures"]["fig-test"]
    assert entry["title"] == "A test figure" and entry["caption"] == "What it shows."
    assert entry["source"].startswith("Source: SRE") and entry["lang"] == "en"
    for kind, record in entry["files"].items():
        data = (tmp_path / record["path"]).read_bytes()
        assert record["sha256"] == hashlib.sha256(data).hexdigest(), kind
    meta = citation_metadata()
    assert entry["citation"] == (
        f"{meta['authors']} ({meta['year']}). A test figure [figure]. "
        f"{meta['title']} {meta['version']}. {saved.files['png']}"
    )
    assert manifest["project"] == PROJECT_NAME and manifest["version"] == __version__
    drawn = pd.read_csv(saved.files["csv"], dtype={"level": str})
    assert drawn["total"].tolist() == small_figure()[1]["total"].tolist()
    assert saved.preview_png[:4] == b"\x89PNG"


def test_the_source_note_is_drawn_under_the_plot(saved_small):
    _, saved = saved_small
    svg = saved.files["svg"].read_text()
    assert 'id="source-note"' in svg
    assert "<dc:title>A test figure</dc:title>" in svg
    assert "<dc:date>" not in svg


@pytest.mark.slow
def test_saving_again_replaces_title_and_note_instead_of_stacking_them(tmp_path):
    fig, data = small_figure()
    for _ in range(2):
        save_figure(fig, "fig-twice", "T", "C", data, source="Source: x.", out_dir=tmp_path)
    assert sum(t.get_gid() == "source-note" for t in fig.texts) == 1


@pytest.mark.slow
def test_the_manifest_gathers_each_figures_own_entry_and_only_the_build_writes_it(tmp_path):
    fig, data = small_figure()
    save_figure(fig, "fig-a", "Old", "C", data, source="S.", out_dir=tmp_path)
    save_figure(fig, "fig-a-es", "Vieja", "C", data, source="F.", out_dir=tmp_path, lang="es")
    save_figure(fig, "fig-a", "New", "C", data, source="S.", out_dir=tmp_path)
    (tmp_path / "notes.json").write_text('{"id": "something-else"}')  # not an entry: skipped
    assert not (tmp_path / "figures.json").exists()  # saving a figure never writes the index
    entries = read_manifest(tmp_path)["figures"]
    assert set(entries) == {"fig-a", "fig-a-es"}
    assert entries["fig-a"]["title"] == "New" and entries["fig-a-es"]["lang"] == "es"
    written = write_manifest(tmp_path)
    assert json.loads(written.read_text())["figures"] == entries
    assert read_manifest(tmp_path)["figures"] == entries  # the index is not read as an entry
    assert read_manifest(tmp_path / "none") == {
        "project": PROJECT_NAME,
        "version": __version__,
        "figures": {},
    }


def _build_figures(folder) -> dict:
    """A timeline (dates, arrows, Spanish) and the map (hatches, 32 patches), saved."""
    fig, data = plot_agreements_timeline(AGREEMENTS, STATUS, "2021-12-31", "es")
    timeline = save_figure(
        fig, "fig-timeline-es", "Línea", "Pie", data, source="Fuente: x.", out_dir=folder
    )
    fig, data = plot_engagement_map(BY_ENTITY, "en")
    mapped = save_figure(fig, "fig-map", "Map", "Caption", data, source="S.", out_dir=folder)
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for saved in (timeline, mapped)
        for path in saved.files.values()
    }


@pytest.mark.slow
def test_two_builds_give_byte_identical_files(tmp_path):
    """One build here, one in a fresh interpreter with another hash seed: same bytes."""
    first = _build_figures(tmp_path / "a")
    script = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import test_figures as t; "
        "print(json.dumps(t._build_figures(sys.argv[2])))"
    )
    environment = {**os.environ, "PYTHONHASHSEED": "12345"}
    environment.pop("SOURCE_DATE_EPOCH", None)
    run = subprocess.run(
        [sys.executable, "-c", script, str(Path(__file__).parent), str(tmp_path / "b")],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    )
    second = json.loads(run.stdout.strip().splitlines()[-1])
    assert len(first) == 8 and {name.rsplit(".", 1)[1] for name in first} == {*FORMATS, "csv"}
    assert first == second
    manifest = write_manifest(tmp_path / "a").read_bytes()
    _build_figures(tmp_path / "a")
    assert write_manifest(tmp_path / "a").read_bytes() == manifest


# --- the plots -------------------------------------------------------------------------------


def test_entity_counts_draws_only_entities_with_activity_in_the_language():
    fig, data = plot_entity_counts(BY_ENTITY, "es")
    assert data["entity_code"].tolist() == ["14", "15", "02"]
    assert data["label"].tolist() == ["Jalisco", "Estado de México", "Baja California"]
    assert data[["agreements", "interactions"]].sum().tolist() == [3, 1]
    labels_drawn = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels_drawn == data["label"].tolist()


def test_theme_and_level_plots_show_what_occurs():
    by_theme = counts_by_theme(AGREEMENTS, INTERACTIONS)
    _, themes = plot_theme_counts(by_theme, "en")
    assert set(themes["theme"]) == {"education", "culture", "health", "economy", NONE_STATED}
    assert "None stated" in set(themes["label"])
    assert len(by_theme) == len(theme_keys()) + 1  # the CSV table keeps the zeros
    _, levels = plot_levels(counts_by_level(AGREEMENTS, INTERACTIONS), "es")
    assert levels["label"].tolist() == ["Estatal", "Municipal", "Lugar no identificado"]


def test_heat_map_cells_are_the_pairs_drawn():
    from helpers.analysis.counts import counts_entity_theme

    pairs = counts_entity_theme(AGREEMENTS, INTERACTIONS)
    fig, data = plot_entity_theme(pairs, BY_ENTITY, "en")
    assert len(data) == len(pairs[pairs["total"] > 0])
    numbers = sorted(t.get_text() for t in fig.axes[0].texts)
    assert numbers == sorted(str(v) for v in data["total"])


def test_timeline_lines_end_where_validity_ends():
    fig, data = plot_agreements_timeline(AGREEMENTS, STATUS, "2021-12-31", "en")
    rows = data.set_index("agreement_id")
    assert rows.loc["A1", ["line_start", "line_end"]].tolist() == ["2001-02-03", "2005-02-28"]
    assert rows.loc["A2", "line_start"] == "2012-01-01"  # year precision: the first day
    assert rows.loc["A2", "line_end"] == "2023-01-01"  # indefinite: to the right edge
    assert rows.loc["A3", "line_end"] == ""  # unspecified: a marker only
    assert rows["status"].tolist() == ["expired", "active", "unspecified"]


def test_empty_selections_still_give_a_figure(tmp_path):
    empty = BY_ENTITY.assign(agreements=0, interactions=0, total=0)
    fig, data = plot_entity_counts(empty, "en")
    assert data.empty
    saved = save_figure(fig, "fig-empty", "T", "C", data, source="S.", out_dir=tmp_path)
    assert saved.files["png"].exists()
    fig, data = plot_agreements_timeline(AGREEMENTS.iloc[:0], STATUS.iloc[:0], "2021-12-31")
    assert data.empty


# --- the map ---------------------------------------------------------------------------------


def test_douglas_peucker_keeps_corners_and_spikes_only():
    square = np.array([[0, 0], [0.5, 0], [1, 0], [1, 0.5], [1, 1], [0.5, 1], [0, 1], [0, 0]])
    assert simplify_ring(square, 0.01).tolist() == [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    spiked = np.array([[0, 0], [0.5, 0.3], [1, 0], [1, 1], [0, 1], [0, 0]])
    assert [0.5, 0.3] in simplify_ring(spiked, 0.1).tolist()
    assert [0.5, 0.3] not in simplify_ring(spiked, 0.5).tolist()
    assert ring_area(square) == 1.0


def test_simplified_boundaries_keep_all_32_entities_and_few_points():
    shapes = load_state_shapes()
    assert sorted(shapes) == sorted(load_entities()["entity_code"])
    assert all(rings for rings in shapes.values())
    points = sum(len(ring) for rings in shapes.values() for ring in rings)
    assert points < 7_000, points  # the raw file has about 70,000


def test_boundaries_missing_an_entity_are_refused_with_the_ones_found(tmp_path):
    from helpers.core.sources import ProvenanceWarning, RawDataError

    square = [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]
    features = [
        {"properties": {"CVE_ENT": code}, "geometry": {"type": "Polygon", "coordinates": square}}
        for code in ("5", "21")
    ]
    path = tmp_path / "boundaries.json"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    with (
        pytest.warns(ProvenanceWarning),
        pytest.raises(RawDataError, match=r"features of 2 entities \(05, 21\)"),
    ):
        load_state_shapes(path)


@pytest.mark.slow
def test_map_draws_all_32_entities_and_marks_no_activity(tmp_path):
    fig, data = plot_engagement_map(BY_ENTITY, "en")
    assert len(data) == 32
    inactive = data[data["total"] == 0]
    assert set(inactive["class"]) == {"No recorded activity"} and len(inactive) == 29
    assert data.set_index("entity_code").loc["14", "class"] == "2"
    gids = {patch.get_gid() for patch in fig.axes[0].patches}
    assert gids == {f"entity-{code}" for code in load_entities()["entity_code"]}
    saved = save_figure(fig, "fig-map", "Map", "C", data, source="S.", out_dir=tmp_path)
    svg = saved.files["svg"].read_text()
    assert len(set(re.findall(r'id="entity-(\d\d)"', svg))) == 32
    assert "No recorded activity" in data["class"].tolist()
    assert saved.files["svg"].stat().st_size < 400_000
    assert saved.files["pdf"].stat().st_size < 200_000


def test_engagement_classes_one_per_value_or_grouped():
    assert engagement_classes(pd.Series([0, 1, 2, 4, 4])) == [(1, 1), (2, 2), (4, 4)]
    grouped = engagement_classes(pd.Series(range(0, 21)))
    assert len(grouped) == 5 and grouped[0][0] == 1 and grouped[-1][1] == 20


def test_every_declared_figure_has_its_title_and_caption_and_fills_every_placeholder():
    import string

    from helpers.analysis.counts import count_tables, overview
    from helpers.analysis.standing import status_summary
    from helpers.figures.catalogue import FIGURES, FigureInputs
    from helpers.words.messages import MESSAGES

    tables = count_tables(AGREEMENTS, INTERACTIONS, reference_date="2020-06-30")
    inputs = FigureInputs(
        AGREEMENTS,
        INTERACTIONS,
        tables,
        overview(AGREEMENTS, INTERACTIONS),
        status_summary(tables["status"]).set_index("status")["agreements"],
        "US",
        "2020-06-30",
    )
    for spec in FIGURES.values():
        assert spec.title_key in MESSAGES and spec.caption_key in MESSAGES, spec.id
        caption = MESSAGES[spec.caption_key].english
        wanted = {name for _, name, _, _ in string.Formatter().parse(caption) if name}
        for lang in ("en", "es"):
            assert set(spec.caption_values(inputs, lang)) == wanted, (spec.id, lang)
