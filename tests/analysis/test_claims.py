"""Published claims re-computed (helpers.analysis.claims, claim_checks, claims_file), and
notebook 03 end to end.

Each general check is tested on small invented tables both ways (supported, not
supported); the claims loader on invented claims files, right and broken; the rule that
decides which claims a report checks on invented scopes; then the real claims file on
the real data. Notebook 03 runs under papermill: on invented tables for another partner
country in Spanish (no claim covers it), and on the real data (cleaned from data/raw by
the helpers) in English and Spanish at the same time, sharing one figures folder as the
two report jobs do.
"""

import hashlib
import inspect
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pandas as pd
import papermill
import pytest
import yaml
from factories import REAL_TOTALS_BY_ENTITY, message_fragments

from helpers.analysis import claims
from helpers.analysis.claim_checks import (
    ClaimScope,
    check_agreement_themes_cover,
    check_level_share_above,
    check_oldest_agreement,
    check_only_municipal_actor,
    check_theme_share_rises,
    period_sources,
    scoped_events,
)
from helpers.analysis.claims import check_claims, claims_covering
from helpers.analysis.claims_file import CHECKS, ClaimsFileError, load_all_claims, load_claims
from helpers.build.execute import run_notebook
from helpers.build.parameters import declared_parameters
from helpers.core.languages import LANGUAGES
from helpers.core.paths import NOTEBOOKS_DIR, PROJECT_ROOT, RAW_DIR
from helpers.core.sources import ProvenanceWarning
from helpers.figures.catalogue import FIGURES
from helpers.figures.index import figure_id, read_manifest
from helpers.report.render import report_body, report_page

NOTEBOOK = NOTEBOOKS_DIR / "03_counts.ipynb"
REAL_CLAIMS = RAW_DIR / "claims" / "cemeri_2023_mx_ru_claims.yaml"


def agreement(**values) -> dict:
    return {
        "agreement_id": values.pop("agreement_id", "A"),
        "entity_code": "15",
        "entity": "Estado de México",
        "level": "state",
        "municipality": "",
        "partner_country": "RU",
        "theme": "education",
        "signed_on": "2005-01-01",
        "valid_until": "",
        "validity": "indefinite",
        "foreign_party": "Government of the Moscow Region",
        **values,
    }


def interaction(**values) -> dict:
    return {
        "interaction_id": "I",
        "bulletin_month": "2021-05",
        "date": "2021-05",
        "entity_code": "19",
        "entity": "Nuevo León",
        "level": "state",
        "municipality": "",
        "municipality_code": "",
        "partner_countries": "RU",
        "themes": "culture",
        **values,
    }


def frames(agreements=(), interactions=()) -> tuple[pd.DataFrame, pd.DataFrame]:
    a_columns = list(agreement())
    i_columns = list(interaction())
    return (
        pd.DataFrame(list(agreements), columns=a_columns),
        pd.DataFrame(list(interactions), columns=i_columns),
    )


TORREON = {"entity_code": "05", "level": "municipal", "municipality": "Torreón"}
STATE_LEVEL = {"level": "state", "threshold": 0.5}


# --- each check, both ways -------------------------------------------------------------------


def test_level_share_above():
    result = check_level_share_above(
        *frames([agreement(), agreement()], [interaction(), interaction(**TORREON)]),
        **STATE_LEVEL,
    )
    assert result.supported and result.values["share"] == 0.75
    assert "3 of 4 events (75%)" in result.evidence and "more than 50%" in result.evidence
    # The same events against a higher threshold, or for the other level.
    data = frames([agreement(), agreement()], [interaction(), interaction(**TORREON)])
    assert not check_level_share_above(*data, level="state", threshold=0.8).supported
    municipal = check_level_share_above(*data, level="municipal", threshold=0.2)
    assert municipal.supported and municipal.values["count"] == 1
    spanish = check_level_share_above(*data, "es", **STATE_LEVEL)
    assert "3 de 4 eventos (75\xa0%)" in spanish.evidence and "nivel estatal" in spanish.evidence
    mostly_municipal = check_level_share_above(
        *frames([agreement()], [interaction(**TORREON), interaction(**TORREON)]), **STATE_LEVEL
    )
    assert not mostly_municipal.supported
    assert not check_level_share_above(*frames(), **STATE_LEVEL).supported


def test_level_share_ignores_unresolved_places():
    result = check_level_share_above(
        *frames([], [interaction(), interaction(entity_code="", level="")]), **STATE_LEVEL
    )
    assert result.values["resolved"] == 1 and result.supported


TORREON_CLAIM = {"municipality": "Torreón", "entity": "Coahuila", "year": 2021}


def test_only_municipal_actor():
    supported = check_only_municipal_actor(
        *frames([], [interaction(), interaction(**TORREON), interaction(**TORREON)]),
        **TORREON_CLAIM,
    )
    assert supported.supported and supported.values["actors"] == ["Torreón (Coahuila)"]
    another = interaction(entity_code="02", level="municipal", municipality="Tijuana")
    two = check_only_municipal_actor(
        *frames([], [interaction(**TORREON), another]), **TORREON_CLAIM
    )
    assert not two.supported and "Tijuana (Baja California)" in two.evidence
    none = check_only_municipal_actor(*frames([], [interaction()]), **TORREON_CLAIM)
    assert not none.supported and "municipal actors: none" in none.evidence
    # Torreón in another year, or a municipal agreement signed in 2021, change the answer.
    other_year = interaction(**TORREON, date="2020-03", bulletin_month="2020-03")
    assert not check_only_municipal_actor(*frames([], [other_year]), **TORREON_CLAIM).supported
    signed_2021 = agreement(
        entity_code="14", level="municipal", municipality="Guadalajara", signed_on="2021-02-01"
    )
    assert not check_only_municipal_actor(
        *frames([signed_2021], [interaction(**TORREON)]), **TORREON_CLAIM
    ).supported


def test_only_municipal_actor_needs_a_real_entity():
    with pytest.raises(ValueError, match="not a Mexican federal entity"):
        check_only_municipal_actor(*frames(), municipality="Torreón", entity="Atlantis", year=2021)


OLDEST_CLAIM = {"entity": "State of Mexico", "foreign_party": "Moscow Region", "year": 1999}


def test_oldest_agreement():
    oldest = agreement(agreement_id="A1", signed_on="1999-10-11")
    later = agreement(agreement_id="A2", entity_code="06", signed_on="2003-10-15")
    result = check_oldest_agreement(*frames([later, oldest]), **OLDEST_CLAIM)
    assert result.supported and result.values["oldest"] == ["A1"]
    assert "October 11, 1999" in result.evidence
    spanish = check_oldest_agreement(*frames([later, oldest]), "es", **OLDEST_CLAIM)
    assert "11 de octubre de 1999" in spanish.evidence


def test_the_oldest_agreements_party_is_the_same_institution_not_a_part_of_its_name():
    region = agreement(agreement_id="A1", signed_on="1999-10-11")
    # The table's variants, in either language, name the region's government ...
    for name in ("Moscow Region", "Región de Moscú", "Government of Moscow Oblast"):
        claim = {**OLDEST_CLAIM, "foreign_party": name}
        assert check_oldest_agreement(*frames([region]), **claim).supported, name
    # ... the city's name is inside the region's but names another institution ...
    city = {**OLDEST_CLAIM, "foreign_party": "Moscow"}
    assert not check_oldest_agreement(*frames([region]), **city).supported
    # ... and a party the table does not know must be written whole, case and accents aside.
    unknown = agreement(agreement_id="A2", signed_on="1999-10-11", foreign_party="Duma of Tver")
    whole = {**OLDEST_CLAIM, "foreign_party": "DUMA OF TVÉR"}
    assert check_oldest_agreement(*frames([unknown]), **whole).supported
    part = {**OLDEST_CLAIM, "foreign_party": "Tver"}
    assert not check_oldest_agreement(*frames([unknown]), **part).supported


def test_oldest_agreement_not_supported_by_another_entity_a_tie_or_no_agreements():
    older = agreement(agreement_id="A0", entity_code="06", signed_on="1998")
    mine = agreement(agreement_id="A1", signed_on="1999-10-11")
    assert not check_oldest_agreement(*frames([older, mine]), **OLDEST_CLAIM).supported
    # "1999" (year precision) may be any day of 1999: it ties with nothing, it is earlier.
    year_only = agreement(agreement_id="A2", entity_code="06", signed_on="1999")
    assert not check_oldest_agreement(*frames([year_only, mine]), **OLDEST_CLAIM).supported
    twin = agreement(agreement_id="A3", entity_code="06", signed_on="1999-10-11")
    tie = check_oldest_agreement(*frames([mine, twin]), **OLDEST_CLAIM)
    assert not tie.supported and tie.values["oldest"] == ["A1", "A3"]
    other_party = agreement(agreement_id="A4", signed_on="1999-10-11", foreign_party="Kazan")
    assert not check_oldest_agreement(*frames([other_party]), **OLDEST_CLAIM).supported
    other_year = agreement(agreement_id="A5", signed_on="2001-10-11")
    assert not check_oldest_agreement(*frames([other_year]), **OLDEST_CLAIM).supported
    assert not check_oldest_agreement(*frames(), **OLDEST_CLAIM).supported


TOPICS = {"themes": ("economy", "health", "culture")}


def test_agreement_themes_cover():
    covering = [agreement(theme=t) for t in ("economy", "health", "culture", "education")]
    assert check_agreement_themes_cover(*frames(covering), **TOPICS).supported
    education = [agreement(), agreement(), agreement(theme="culture"), agreement(theme="")]
    result = check_agreement_themes_cover(
        *frames(education, [interaction(themes="economy;health")]), **TOPICS
    )
    assert not result.supported
    assert result.values["named"] == {"economy": 0, "health": 0, "culture": 1}
    assert result.values["named_interactions"] == {"economy": 1, "health": 1, "culture": 0}
    assert (result.values["top"], result.values["top_count"]) == ("education", 2)
    assert "the most frequent theme is Education (2)" in result.evidence
    assert "Among interactions: Economy 1" in result.evidence
    # Without interactions (a claim about the agreements only), no comparison is shown.
    alone = check_agreement_themes_cover(*frames(education), **TOPICS)
    assert "interactions" not in alone.evidence and not alone.supported


def test_theme_share_rises():
    before = [agreement(), agreement(theme="health")]  # 1 of 2 in 2005
    rising = [interaction(themes="health;economy"), interaction(themes="health")]
    periods = {"theme": "health", "earlier": (2000, 2020), "later": (2021, 2021)}
    result = check_theme_share_rises(*frames(before, rising), **periods)
    assert result.supported
    assert (result.values["share_later"], result.values["share_earlier"]) == (1.0, 0.5)
    assert "2 of 2 events in 2021 (100%), against 1 of 2 events in 2000–2020 (50%)" in (
        result.evidence
    )
    level = [interaction(themes="health"), interaction()]  # 1 of 2 in the year: no gain
    assert not check_theme_share_rises(*frames(before, level), **periods).supported
    nothing_before = check_theme_share_rises(*frames([], rising), **periods)
    assert not nothing_before.supported and nothing_before.values["events_earlier"] == 0
    # Events outside both periods count in neither.
    outside = [agreement(theme="health", signed_on="1995-01-01")]
    assert (
        check_theme_share_rises(*frames(before + outside, rising), **periods).values[
            "events_earlier"
        ]
        == 2
    )


def test_theme_share_rises_says_when_the_periods_come_from_different_sources():
    before = [agreement(), agreement(theme="health", signed_on="2008-03-01")]
    after = [interaction(themes="health")]
    result = check_theme_share_rises(
        *frames(before, after), theme="health", earlier=(2000, 2020), later=(2021, 2021)
    )
    assert result.values["sources_earlier"] == {"agreements": (2005, 2008, 2)}
    assert result.values["sources_later"] == {"bulletins": (2021, 2021, 1)}
    assert result.caveat == (
        "it compares agreements (2005–2008) with bulletin entries (2021): different sources"
    )
    spanish = check_theme_share_rises(
        *frames(before, after), "es", theme="health", earlier=(2000, 2020), later=(2021, 2021)
    )
    assert spanish.caveat == (
        "compara acuerdos (2005–2008) con entradas de los boletines (2021): fuentes distintas"
    )
    # Both periods from both sources: like with like, no caveat.
    both_before = [*before]
    both_after = [agreement(theme="health", signed_on="2021-06-01")]
    like = check_theme_share_rises(
        *frames(both_before + both_after, [interaction(date="2019-02"), *after]),
        theme="health",
        earlier=(2000, 2020),
        later=(2021, 2021),
    )
    assert like.caveat == "" and set(like.values["sources_later"]) == {"agreements", "bulletins"}
    # One period empty: nothing compared, nothing to caveat.
    empty = check_theme_share_rises(
        *frames([], after), theme="health", earlier=(2000, 2020), later=(2021, 2021)
    )
    assert empty.caveat == "" and not empty.supported


def test_period_sources_reads_the_data():
    data = frames(
        [agreement(signed_on="2002"), agreement(signed_on="")],
        [interaction(date="", bulletin_month="2004-01")],
    )
    assert period_sources(*data) == {"agreements": (2002, 2002, 1), "bulletins": (2004, 2004, 1)}
    assert period_sources(*frames()) == {}


def test_every_check_declares_exactly_its_arguments():
    for name, spec in CHECKS.items():
        keywords = [
            p.name
            for p in inspect.signature(spec.function).parameters.values()
            if p.kind is inspect.Parameter.KEYWORD_ONLY
        ]
        assert keywords == list(spec.arguments), name


# --- claims files: invented ones, right and broken -------------------------------------------


def a_claim(**changes) -> dict:
    entry = {
        "id": "mostly-state",
        "statement": {"en": "Mostly states.", "es": "Sobre todo estados."},
        "quote": {"en": "mostly states, the article says"},
        "scope": {"partner_country": "JP", "years": [2030, 2034], "sources": ["agreements"]},
        "check": "level_share_above",
        "arguments": {"level": "state", "threshold": 0.5},
        "figure": "fig-levels",
    }
    entry.update(changes)
    return {key: value for key, value in entry.items() if value is not None}


def write_claims(folder, name: str, entries, *, sidecar: bool = True, top=None):
    """An invented claims file under ``folder`` (our stand-in for data/raw), with a sidecar."""
    path = folder / name
    path.write_text(
        yaml.safe_dump(top if top is not None else {"claims": entries}, allow_unicode=True),
        encoding="utf-8",
    )
    if sidecar:
        meta = {
            "title": "Invented claims",
            "description": "for a test",
            "producer": "the test",
            "source_url": "https://example.org/",
            "accessed": "2030-01-01",
            "licence": "CC0-1.0",
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        }
        path.with_name(path.name + ".meta.yaml").write_text(yaml.safe_dump(meta))
    return path


def test_load_claims_reads_an_invented_file(tmp_path):
    path = write_claims(
        tmp_path,
        "jp.yaml",
        [
            a_claim(),
            a_claim(
                id="rising",
                scope={
                    "partner_country": "JP",
                    "years": [2030, 2034],
                    "sources": ["bulletins", "agreements"],
                },
                check="theme_share_rises",
                arguments={"theme": "health", "earlier": [2030, 2032], "later": [2033, 2034]},
                figure=None,
            ),
        ],
    )
    loaded = load_claims(path, raw_dir=tmp_path)
    assert [c.claim_id for c in loaded] == ["mostly-state", "rising"]
    first, second = loaded
    assert first.scope == ClaimScope("JP", 2030, 2034, ("agreements",))
    assert first.statement["es"] == "Sobre todo estados." and first.figure == "fig-levels"
    assert second.scope.sources == ("agreements", "bulletins")  # in the fixed order
    assert second.arguments == {"theme": "health", "earlier": (2030, 2032), "later": (2033, 2034)}
    assert second.figure == ""
    assert load_all_claims(tmp_path, raw_dir=tmp_path) == loaded  # sidecars are not claims


BROKEN = [
    (a_claim(check="share_rising"), "claim 2 ('mostly-state'): unknown check 'share_rising'"),
    (a_claim(scope=None), "lacks scope"),
    (a_claim(statement={"en": "Only English."}), "statement lacks es"),
    (a_claim(quote={}), "quote is not a mapping"),
    (a_claim(arguments={"level": "state"}), "missing argument(s) threshold"),
    (a_claim(arguments={**STATE_LEVEL, "share": 1}), "unknown argument(s) share"),
    (a_claim(arguments={"level": "federal", "threshold": 0.5}), "argument level is 'federal'"),
    (a_claim(arguments={"level": "state", "threshold": 50}), "argument threshold is 50"),
    (a_claim(colour="red"), "unknown field(s) colour"),
    (
        a_claim(scope={"partner_country": "XX", "years": [2030, 2034], "sources": ["agreements"]}),
        "scope names country 'XX'",
    ),
    (
        a_claim(scope={"partner_country": "JP", "years": [2034, 2030], "sources": ["agreements"]}),
        "scope has years [2034, 2030]",
    ),
    (
        a_claim(scope={"partner_country": "JP", "years": [2030, 2034], "sources": ["tweets"]}),
        "scope has sources ['tweets']",
    ),
    (
        a_claim(
            check="oldest_agreement",
            arguments={"entity": "Atlantis", "foreign_party": "Somewhere", "year": 2031},
        ),
        "argument entity is 'Atlantis'",
    ),
    (
        a_claim(
            check="oldest_agreement",
            arguments={"entity": "Jalisco", "foreign_party": "Somewhere", "year": 2040},
        ),
        "argument year 2040 lies outside the scope's years 2030-2034",
    ),
    (
        a_claim(
            scope={"partner_country": "JP", "years": [2030, 2034], "sources": ["bulletins"]},
            check="oldest_agreement",
            arguments={"entity": "Jalisco", "foreign_party": "Somewhere", "year": 2031},
        ),
        "check oldest_agreement reads agreements, which the scope leaves out",
    ),
    (
        a_claim(check="agreement_themes_cover", arguments={"themes": ["economy", "alchemy"]}),
        "argument themes is ['economy', 'alchemy']",
    ),
    (
        a_claim(
            check="theme_share_rises",
            arguments={"theme": "health", "earlier": [2030], "later": [2033, 2034]},
        ),
        "argument earlier is [2030]",
    ),
]


@pytest.mark.parametrize(("entry", "problem"), BROKEN)
def test_a_broken_claim_stops_with_the_file_the_claim_and_what_was_expected(
    tmp_path, entry, problem
):
    path = write_claims(tmp_path, "broken.yaml", [a_claim(id="fine"), entry])
    with pytest.raises(ClaimsFileError) as caught:
        load_claims(path, raw_dir=tmp_path)
    message = str(caught.value)
    assert str(path) in message and "claim 2" in message and problem in message
    assert "(expected " in message


def test_an_unknown_check_lists_the_known_ones(tmp_path):
    path = write_claims(tmp_path, "c.yaml", [a_claim(check="vibes")])
    with pytest.raises(ClaimsFileError, match="expected one of agreement_themes_cover, "):
        load_claims(path, raw_dir=tmp_path)


def test_broken_files_stop_with_the_file_named(tmp_path):
    no_list = write_claims(tmp_path, "a.yaml", None, top={"claim": [a_claim()]})
    with pytest.raises(ClaimsFileError, match=r"a\.yaml: no list of claims"):
        load_claims(no_list, raw_dir=tmp_path)
    extra = write_claims(tmp_path, "b.yaml", None, top={"claims": [], "notes": "x"})
    with pytest.raises(ClaimsFileError, match="unknown top-level field"):
        load_claims(extra, raw_dir=tmp_path)
    bad_yaml = tmp_path / "c.yaml"
    bad_yaml.write_text("claims:\n  - id: [unclosed\n", encoding="utf-8")
    with (
        pytest.warns(ProvenanceWarning),  # outside raw_dir: read, with a warning
        pytest.raises(ClaimsFileError, match=r"c\.yaml, line \d+: not valid YAML"),
    ):
        load_claims(bad_yaml, raw_dir=tmp_path / "elsewhere")
    unsigned = write_claims(tmp_path, "d.yaml", [a_claim()], sidecar=False)
    with pytest.raises(Exception, match="no provenance sidecar"):
        load_claims(unsigned, raw_dir=tmp_path)
    changed = write_claims(tmp_path, "e.yaml", [a_claim()])
    changed.write_text(changed.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    with pytest.raises(Exception, match="checksum does not match"):
        load_claims(changed, raw_dir=tmp_path)


def test_claim_ids_are_unique_across_files(tmp_path):
    write_claims(tmp_path, "one.yaml", [a_claim()])
    write_claims(tmp_path, "two.yaml", [a_claim()])
    with pytest.raises(ClaimsFileError, match="claim id 'mostly-state' repeats"):
        load_all_claims(tmp_path, raw_dir=tmp_path)
    assert load_all_claims(tmp_path / "none", raw_dir=tmp_path) == ()


# --- which claims a report checks ------------------------------------------------------------


def _claims_for_coverage(tmp_path):
    entries = [
        a_claim(id="jp-30s"),
        a_claim(
            id="ca-40s",
            scope={"partner_country": "CA", "years": [2040, 2044], "sources": ["agreements"]},
        ),
        a_claim(
            id="jp-one-year",
            scope={"partner_country": "JP", "years": [2036, 2036], "sources": ["bulletins"]},
        ),
    ]
    return load_claims(write_claims(tmp_path, "c.yaml", entries), raw_dir=tmp_path)


def test_a_report_checks_the_claims_its_selection_covers(tmp_path):
    on_file = _claims_for_coverage(tmp_path)

    def ids(*selection):
        return [c.claim_id for c in claims_covering(on_file, *selection)]

    assert ids("JP", 1900, 2100) == ["jp-30s", "jp-one-year"]
    assert ids("JP", 2030, 2034) == ["jp-30s"]  # exactly the claim's years
    assert ids("JP", 2031, 2100) == ["jp-one-year"]  # cuts 2030 away from the first
    assert ids("JP", 2000, 2033) == []  # cuts 2034 away
    assert ids("CA", 2000, 2050) == ["ca-40s"]  # another country, its own claims
    assert ids("", 1900, 2100) == []  # all countries at once: not what any claim speaks of
    assert ids("US", 1900, 2100) == []
    assert ids("JP", None, None) == ["jp-30s", "jp-one-year"]  # open limits cover


def test_claims_on_file_are_described_for_a_report_none_covers(tmp_path):
    on_file = _claims_for_coverage(tmp_path)
    assert claims.claims_on_file_text(on_file) == "Canada (2040–2044) and Japan (2030–2036)"
    assert claims.claims_on_file_text(on_file, "es") == "Canadá (2040–2044) y Japón (2030–2036)"


def test_a_claim_is_checked_on_its_own_years_and_sources_only():
    scope = ClaimScope("RU", 2030, 2034, ("agreements",))
    data = frames(
        [agreement(signed_on="2031-01-01"), agreement(signed_on="2040-01-01", level="municipal")],
        [interaction(date="2032-01")],
    )
    agreements, interactions = scoped_events(scope, *data)
    assert agreements["signed_on"].tolist() == ["2031-01-01"] and interactions.empty
    assert list(interactions.columns) == list(data[1].columns)
    # The later municipal agreement, inside a wider selection, does not change the verdict.
    result = check_level_share_above(agreements, interactions, **STATE_LEVEL)
    assert result.supported and result.values["resolved"] == 1


def test_check_claims_on_invented_claims_and_tables(tmp_path):
    on_file = _claims_for_coverage(tmp_path)
    data = frames(
        [agreement(partner_country="JP", signed_on="2031-05-02")],
        [interaction(partner_countries="JP", date="2036-01", **TORREON)],
    )
    english = check_claims(*data, "en", on_file[:1] + on_file[2:])
    assert list(english.columns) == claims.CHECKED_COLUMNS
    assert english["claim_id"].tolist() == ["jp-30s", "jp-one-year"]
    # jp-30s reads agreements only (1 of 1 state); jp-one-year bulletins of 2036 (municipal).
    assert english["supported"].tolist() == [True, False]
    assert english["verdict"].tolist() == ["supported", "not supported"]
    assert english["quote_label"].tolist() == ["Article's words"] * 2
    spanish = check_claims(*data, "es", on_file[:1])
    assert spanish.loc[0, "statement"] == "Sobre todo estados."
    assert spanish.loc[0, "quote"] == "mostly states, the article says"  # the article's words
    assert spanish.loc[0, "quote_label"] == "Palabras del artículo (en inglés)"
    assert check_claims(*data, "en", ()).empty


# --- the real claims on the real data --------------------------------------------------------


@pytest.fixture(scope="module")
def real_tables():
    from helpers.analysis.selection import select_events
    from helpers.clean.agreements import clean_agreements_file
    from helpers.clean.bulletins import clean_bulletins_file

    agreements = clean_agreements_file(RAW_DIR / "sre" / "agreements_mx_ru_cemeri.txt").clean
    interactions = clean_bulletins_file(RAW_DIR / "cedl" / "bulletins_2021_mx_ru.csv").clean
    return select_events(agreements, interactions, "RU", 1900, 2100)


def test_the_real_claims_file_loads():
    on_file = load_all_claims()
    assert [c.claim_id for c in on_file] == [
        "state-level",
        "only-municipal",
        "oldest-agreement",
        "topics",
        "gained-relevance",
    ]
    assert {c.scope.partner_country for c in on_file} == {"RU"}
    assert all(c.source_file == str(REAL_CLAIMS) for c in on_file)
    assert "Estado de México" in on_file[2].statement["es"]


def test_the_real_claims_on_the_real_data_in_both_languages(real_tables):
    covered = claims_covering(load_all_claims(), "RU", 1900, 2100)
    english = check_claims(*real_tables, "en", covered).set_index("claim_id")
    assert english["supported"].to_dict() == {
        "state-level": True,
        "only-municipal": True,
        "oldest-agreement": True,
        "topics": False,
        "gained-relevance": True,
    }
    assert "18 of 19 events (95%)" in english.loc["state-level", "evidence"]
    assert "Torreón (Coahuila)" in english.loc["only-municipal", "evidence"]
    assert "October 11, 1999" in english.loc["oldest-agreement", "evidence"]
    assert "Education (8)" in english.loc["topics", "evidence"]
    assert "2 of 8 events in 2021 (25%)" in english.loc["gained-relevance", "evidence"]
    assert english.loc["gained-relevance", "verdict"] == (
        "supported, but it compares agreements (1999–2015) with bulletin entries (2021): "
        "different sources"
    )
    assert (english["caveat"] != "").sum() == 1
    spanish = check_claims(*real_tables, "es", covered).set_index("claim_id")
    assert spanish["supported"].to_dict() == english["supported"].to_dict()
    assert spanish["quote"].to_dict() == english["quote"].to_dict()  # the article's own words
    assert "11 de octubre de 1999" in spanish.loc["oldest-agreement", "evidence"]
    assert spanish.loc["gained-relevance", "verdict"].startswith("respaldada, pero compara")


def test_the_real_claims_are_not_checked_for_other_selections():
    on_file = load_all_claims()
    assert claims_covering(on_file, "US", 1900, 2100) == ()
    assert claims_covering(on_file, "", 1900, 2100) == ()
    # From 2000 on, the oldest agreement and every claim reaching back further drop out;
    # the one about 2021 alone stays.
    assert [c.claim_id for c in claims_covering(on_file, "RU", 2000, 2100)] == ["only-municipal"]


# --- notebook 03 -----------------------------------------------------------------------------


def test_notebook_03_parameters_are_typed_and_documented():
    declared = declared_parameters(NOTEBOOK)
    assert {name: p.type_name for name, p in declared.items()} == {
        "partner_country": "str",
        "start_year": "int",
        "end_year": "int",
        "reference_date": "str",
        "lang": "str",
        "agreements_path": "str",
        "interactions_path": "str",
        "output_dir": "str",
        "figures_dir": "str",
    }
    assert declared["partner_country"].default == "RU" and declared["lang"].default == "en"
    assert all(p.help for p in declared.values())
    documented = papermill.inspect_notebook(str(NOTEBOOK))
    assert all(documented[name]["help"] for name in declared)


def _outputs_text(path) -> str:
    notebook = nbformat.read(str(path), as_version=4)
    return "".join(
        str(output.get("data", {}).get("text/html", ""))
        for cell in notebook.cells
        for output in cell.get("outputs", [])
    )


def _run(tmp_path, name: str, **parameters):
    output = tmp_path / f"{name}.ipynb"
    run_notebook(NOTEBOOK, output, parameters, cwd=PROJECT_ROOT)
    return output


@pytest.mark.slow
def test_notebook_03_on_invented_tables_for_another_partner_in_spanish(tmp_path):
    agreements, interactions = frames(
        [
            agreement(agreement_id="A1", partner_country="US", entity_code="14", theme=""),
            agreement(agreement_id="A2", partner_country="US", signed_on="1990-01-01"),
            agreement(agreement_id="A3", partner_country="RU"),
        ],
        [
            interaction(interaction_id="I1", partner_countries="US;CA", themes="health;economy"),
            interaction(
                interaction_id="I2", partner_countries="US", entity_code="", level="", themes=""
            ),
        ],
    )
    agreements.to_csv(tmp_path / "agreements.csv", index=False)
    interactions.to_csv(tmp_path / "interactions.csv", index=False)
    output = _run(
        tmp_path,
        "es",
        partner_country="US",
        start_year=2000,
        end_year=2030,
        reference_date="2021-01-01",
        lang="es",
        agreements_path=str(tmp_path / "agreements.csv"),
        interactions_path=str(tmp_path / "interactions.csv"),
        output_dir=str(tmp_path / "processed"),
        figures_dir=str(tmp_path / "figures"),
    )
    by_entity = pd.read_csv(tmp_path / "processed" / "counts_by_entity.csv", dtype=str)
    assert len(by_entity) == 32
    rows = by_entity.set_index("entity_code")
    assert rows.loc["14", ["agreements", "interactions", "total"]].tolist() == ["1", "0", "1"]
    assert rows.loc["19", "total"] == "1" and rows.loc["15", "total"] == "0"  # A2 is from 1990
    recorded = pd.read_csv(tmp_path / "processed" / "counts_overview.csv", dtype=str).iloc[0]
    assert recorded[["partner_country", "start_year", "end_year", "events"]].tolist() == [
        "US",
        "2000",
        "2030",
        "3",
    ]
    themes = pd.read_csv(tmp_path / "processed" / "counts_by_theme.csv").set_index("theme")
    assert themes.loc["none-stated", "total"] == 2  # A1 and I2 state no theme
    manifest = read_manifest(tmp_path / "figures")
    assert set(manifest["figures"]) == {
        f"{base}-es"
        for base in (
            "fig-entity-counts",
            "fig-map-engagement",
            "fig-themes",
            "fig-entity-theme",
            "fig-agreements-timeline",
            "fig-levels",
        )
    }
    html = _outputs_text(output)
    assert "Estados Unidos" in html and "años 2000–2030" in html
    assert "2 de las 32 entidades federativas" in html
    assert "Lugar no identificado" in html  # the unresolved place, shown as such
    # The rendered report keeps the notebook's Spanish narrative and drops the English.
    page = report_page(
        report_body(output, "es"),
        title="t",
        lang="es",
        parameters={"lang": "es"},
        data_version="d",
        code_version="c",
        file_name="reports/html/t.html",
    )
    assert "Verificación de afirmaciones" in page and "Claims check" not in page
    assert "Quién participa" in page and "Who engages" not in page
    # The article's claims speak of another partner country: none is checked here.
    assert "Ninguna afirmación publicada abarca esta selección (Estados Unidos" in html
    assert "Rusia (1999–2021)" in html and "RESPALDADA" not in html


@pytest.mark.slow
def test_notebook_03_without_interactions_and_with_no_events_says_so(tmp_path):
    agreements, _ = frames([agreement(partner_country="US")])
    agreements.to_csv(tmp_path / "agreements.csv", index=False)
    output = _run(
        tmp_path,
        "empty",
        partner_country="JP",
        agreements_path=str(tmp_path / "agreements.csv"),
        interactions_path=str(tmp_path / "missing.csv"),
        output_dir=str(tmp_path / "processed"),
        figures_dir=str(tmp_path / "figures"),
    )
    html = _outputs_text(output)
    assert "report-warning" in html and "No interactions table was found" in html
    assert "0 of Mexico&#x27;s 32 federal entities" in html or "0 of Mexico's 32" in html
    assert "No published claims cover this selection (Japan" in html
    assert "statements are supported" not in html
    entry = read_manifest(tmp_path / "figures")["figures"]
    assert "CEDL" not in entry["fig-themes"]["source"]  # a table not used is not cited
    assert len(entry) == 6


@pytest.fixture(scope="module")
def real_processed(tmp_path_factory):
    """data/processed as `make report` builds it, written by the cleaning helpers."""
    from helpers.clean import bulletins
    from helpers.clean.agreements import clean_agreements_file

    folder = tmp_path_factory.mktemp("processed")
    clean_agreements_file(RAW_DIR / "sre" / "agreements_mx_ru_cemeri.txt").write(folder)
    raw = sorted((RAW_DIR / "cedl").glob("*.csv"))
    assert len(raw) == 1, f"expected one bulletins file in data/raw/cedl, found {raw}"
    bulletins.clean_bulletins_file(raw[0]).write(folder)
    return folder


@pytest.mark.slow
def test_notebook_03_on_the_real_data_in_both_languages_at_once(real_processed, tmp_path):
    """Two kernels started at the same moment, as the two report jobs are in the build."""

    def run(lang: str):
        output = tmp_path / f"03_{lang}.ipynb"
        parameters = {
            "lang": lang,
            "agreements_path": str(real_processed / "agreements.csv"),
            "interactions_path": str(real_processed / "interactions.csv"),
            "output_dir": str(tmp_path / "processed"),
            "figures_dir": str(tmp_path / "figures"),
        }
        run_notebook(NOTEBOOK, output, parameters, cwd=PROJECT_ROOT)
        return output

    with ThreadPoolExecutor(max_workers=2) as pool:
        english, spanish = pool.map(run, ["en", "es"])

    by_entity = pd.read_csv(tmp_path / "processed" / "counts_by_entity.csv", dtype={"total": int})
    active = by_entity[by_entity["total"] > 0]
    assert dict(zip(active["entity"], active["total"], strict=True)) == REAL_TOTALS_BY_ENTITY
    assert len(by_entity) == 32 and by_entity["total"].sum() == 19

    manifest = read_manifest(tmp_path / "figures")
    # Every declared figure, in each language, none lost and none undeclared.
    assert set(manifest["figures"]) == {
        figure_id(name, lang) for name in FIGURES for lang in LANGUAGES
    }
    for entry in manifest["figures"].values():
        assert set(entry["files"]) == {"png", "svg", "pdf", "csv"}
        assert "CEMERI (2023); CEDL bulletins 2021" in entry["source"] or (
            "CEMERI (2023); boletines del CEDL 2021" in entry["source"]
        )

    html = _outputs_text(english)
    assert "19 events" in html and "12 of Mexico's 32 federal entities" in html
    assert "Colima leads with 4 events" in html
    assert "4 of 5 statements are supported by the data." in html
    assert "NOT SUPPORTED" in html and "Education (8)" in html
    assert "18 of 19 events (95%)" in html
    assert "in force, 2; ended, 8; validity not stated, 1" in html
    spanish_html = _outputs_text(spanish)
    assert "12 de las 32 entidades federativas" in spanish_html
    # Each report entirely in its own language: none of the project's words of the other.
    english_words, spanish_words = message_fragments("en"), message_fragments("es")
    for key in english_words.keys() & spanish_words.keys():
        if english_words[key] != spanish_words[key]:
            assert english_words[key] not in spanish_html, key
            assert spanish_words[key] not in html, key
    assert "4 de 5 afirmaciones están respaldadas" in spanish_html
    assert "11 de octubre de 1999" in spanish_html
