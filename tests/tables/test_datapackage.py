"""The data package says what the schemas enforce, and frictionless holds the files to it."""

import json

import pytest
from frictionless import Package

from helpers.core.citation import citation_metadata
from helpers.tables.datapackage import data_package, table_schema
from helpers.tables.dictionary import processed_tables


def _write(folder, name, text):
    (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture
def processed(tmp_path):
    """Three counts tables of an invented build: a municipality-only year, a new entity."""
    folder = tmp_path / "data"
    folder.mkdir()
    _write(
        folder,
        "counts_by_level.csv",
        "level,agreements,interactions,total\nmunicipal,2,0,2\nstate,0,3,3\n",
    )
    _write(
        folder,
        "counts_by_entity.csv",
        "entity_code,entity,agreements,interactions,total\n"
        "32,Zacatecas,1,0,1\n05,Coahuila de Zaragoza,1,3,4\n",
    )
    _write(folder, "agreements_by_year.csv", "year,agreements\n2019,0\n2020,2\n")
    return folder


def _validate(folder, package: dict):
    (folder.parent / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    return Package(str(folder.parent / "datapackage.json")).validate()


def test_the_package_lists_only_the_tables_found_each_with_its_size_and_hash(processed):
    package = data_package(processed, metadata=citation_metadata())
    names = [resource["name"] for resource in package["resources"]]
    assert names == [
        "counts_by_entity",
        "counts_by_level",
        "agreements_by_year",
    ]  # declaration order
    level = package["resources"][1]
    assert level["path"] == "data/counts_by_level.csv"
    assert level["bytes"] == (processed / "counts_by_level.csv").stat().st_size
    assert level["hash"].startswith("sha256:") and len(level["hash"]) == 7 + 64
    assert package["version"] == citation_metadata()["version"]


def test_valid_files_validate(processed):
    report = _validate(processed, data_package(processed, metadata=citation_metadata()))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.mark.parametrize(
    ("name", "before", "after", "error"),
    [
        (
            "counts_by_entity.csv",
            "32,Zacatecas",
            "99,Zacatecas",
            "constraint-error",
        ),  # not an INEGI code
        (
            "counts_by_level.csv",
            "municipal,2",
            "municipal,-2",
            "constraint-error",
        ),  # a negative count
        ("counts_by_level.csv", "state,0", "regional,0", "constraint-error"),  # unknown level
        ("agreements_by_year.csv", "2020,2", "2019,2", "primary-key"),  # a year twice
        ("counts_by_level.csv", "municipal,2", "municipal,two", "type-error"),
    ],
)
def test_a_broken_file_fails_with_the_rule_it_breaks(processed, name, before, after, error):
    path = processed / name
    path.write_text(path.read_text(encoding="utf-8").replace(before, after), encoding="utf-8")
    report = _validate(processed, data_package(processed, metadata=citation_metadata()))
    assert not report.valid
    assert error in {row[0] for row in report.flatten(["type"])}


def test_a_file_changed_after_the_package_was_written_fails_its_hash(processed):
    package = data_package(processed, metadata=citation_metadata())
    _write(processed, "counts_by_level.csv", "level,agreements,interactions,total\nstate,9,9,18\n")
    report = _validate(processed, package)
    assert {row[0] for row in report.flatten(["type"])} >= {"hash-count"}


def test_every_table_schema_has_the_declared_columns_in_order():
    for table in processed_tables():
        schema = table_schema(table)
        assert [field["name"] for field in schema["fields"]] == list(table.columns)
        for field in schema["fields"]:
            assert field["type"] in {"string", "integer", "number", "boolean"}, field
            assert field["description"], (table.name, field["name"])
