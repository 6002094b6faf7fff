"""The processed tables as a Frictionless Data Package (``datapackage.json``).

Written from the same declarations as the pandera schemas and the data dictionary
(helpers.tables.fields, through each table's schema), so the package cannot say one
thing while the pipeline enforces another: each column's type, whether it is required
or unique, its allowed values, pattern or bounds, and its meaning. Repositories and
dataset search engines read it; ``frictionless validate`` checks every file against it,
byte counts and sha256 included.

A rule the package format cannot express (a code that must be in INEGI's catalogue, a
rule across columns) is kept in the column's or the table's description, as the data
dictionary words it.
"""

from __future__ import annotations

from pathlib import Path

import pandera.pandas as pa

from helpers.core.citation import person_name
from helpers.core.sources import file_sha256
from helpers.tables.dictionary import processed_tables
from helpers.tables.fields import Table

PROFILE = "tabular-data-package"
# pandas dtypes, as the package names them.
_TYPES = {
    "string[python]": "string",
    "str": "string",
    "int64": "integer",
    "Int64": "integer",
    "bool": "boolean",
    "float64": "number",
}


def _constraints(column: pa.Column, type_name: str) -> dict:
    """What the package can state of a column's checks; "" is "not stated" (missing)."""
    constraints: dict = {}
    if not column.nullable and type_name != "string":
        constraints["required"] = True  # empty text is allowed: it means "not stated"
    if column.unique:
        constraints["unique"] = True
    for check in column.checks:
        stats = check.statistics or {}
        if "allowed_values" in stats:
            constraints["enum"] = [value for value in stats["allowed_values"] if value != ""]
        elif "pattern" in stats:
            constraints["pattern"] = stats["pattern"]
        else:
            if stats.get("min_value") is not None and check.name != "str_length":
                constraints["minimum"] = stats["min_value"]
            if stats.get("max_value") is not None and check.name != "str_length":
                constraints["maximum"] = stats["max_value"]
    return constraints


def _unstated_rules(column: pa.Column) -> list[str]:
    """The column's checks the package format cannot express, in words."""
    stated = ("allowed_values", "pattern", "min_value", "max_value")
    return [
        check.error or check.name
        for check in column.checks
        if not any(key in (check.statistics or {}) for key in stated)
    ]


def table_schema(table: Table) -> dict:
    """A table's Table Schema: its fields, then its primary key where rows have one."""
    schema = table.schema()
    fields = []
    for name, column in schema.columns.items():
        type_name = _TYPES.get(str(column.dtype), "any")
        description = column.description or ""
        unstated = _unstated_rules(column)
        if unstated:
            description = f"{description} ({'; '.join(unstated)})".strip()
        field = {"name": name, "type": type_name, "description": description}
        constraints = _constraints(column, type_name)
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    described = {"fields": fields, "missingValues": [""]}
    if schema.unique:
        described["primaryKey"] = list(schema.unique)
    return described


def table_description(table: Table) -> str:
    """What a table is: its columns' rules across the table, as the dictionary lists them."""
    schema = table.schema()
    rules = [check.error for check in schema.checks if check.error]
    return "; ".join(rules)


def resource(table: Table, path: Path, relative: str) -> dict:
    """One file of a table as a package resource, with its size and sha256."""
    described = {
        "name": path.stem,
        "path": relative,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": path.stat().st_size,
        "hash": f"sha256:{file_sha256(path)}",
        "schema": table_schema(table),
    }
    description = table_description(table)
    if description:
        described["description"] = description
    return described


def data_package(
    processed_dir: Path,
    *,
    metadata: dict,
    prefix: str = "data/",
    sources: list[dict] | None = None,
    licences: list[dict] | None = None,
) -> dict:
    """The package of every processed table found in ``processed_dir``.

    ``metadata`` is the compendium's citation metadata (helpers.core.citation); each
    resource's path is ``prefix`` + its file name, where the package's reader finds it;
    ``sources`` and ``licences`` are the package's, as the Data Package spec words them.
    """
    resources = [
        resource(table, processed_dir / name, f"{prefix}{name}")
        for table in processed_tables()
        for name in table.files
        if (processed_dir / name).is_file()
    ]
    package = {
        "profile": PROFILE,
        "name": "-".join(metadata["title"].lower().split()),
        "title": metadata["title"],
        "description": metadata["abstract"],
        "version": metadata["version"],
        "keywords": metadata["keywords"],
        "contributors": [
            {"title": person_name(person), "role": "author"} for person in metadata["people"]
        ],
        "resources": resources,
    }
    if metadata["released"]:
        package["created"] = f"{metadata['released']}T00:00:00Z"
    if metadata["url"]:
        package["homepage"] = metadata["url"]
    if sources:
        package["sources"] = sources
    if licences:
        package["licenses"] = licences
    return package
