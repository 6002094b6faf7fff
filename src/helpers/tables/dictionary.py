"""The data dictionary of every processed table, generated from the tables' fields.

Written from the same declarations the pipeline validates with (helpers.tables.fields,
through the pandera schemas), it cannot drift from what is enforced: each column's type,
whether it may be empty or must be unique, its allowed values or pattern, and its
meaning; then the rules that tie columns together.
"""

from __future__ import annotations

from collections.abc import Callable

import pandera.pandas as pa

from helpers.tables.counts import COUNTS_TABLES
from helpers.tables.fields import Table
from helpers.tables.schemas import CLEAN_TABLES

_MAX_LISTED_VALUES = 16


def processed_tables() -> list[Table]:
    """Every table the pipeline writes to data/processed/: what the cleaning writes, then
    the counts."""
    return [*CLEAN_TABLES, *COUNTS_TABLES.values()]


def dictionary_schemas() -> dict[str, Callable[[], pa.DataFrameSchema]]:
    """Every processed table's schema, by its file name(s)."""
    return {", ".join(table.files): table.schema for table in processed_tables()}


def _type_name(column: pa.Column) -> str:
    name = str(column.dtype)
    return {
        "string[python]": "text",
        "str": "text",
        "int64": "integer",
        "Int64": "integer",
        "bool": "boolean",
        "float64": "number",
    }.get(name, name)


def _rule(check: pa.Check) -> str:
    stats = check.statistics or {}
    if "allowed_values" in stats:
        values = list(stats["allowed_values"])
        shown = ", ".join(f"`{v}`" if v != "" else "(empty)" for v in values[:_MAX_LISTED_VALUES])
        more = f" … ({len(values)} values)" if len(values) > _MAX_LISTED_VALUES else ""
        return f"one of {shown}{more}"
    if "pattern" in stats:
        return f"matches `{stats['pattern']}`"
    low, high = stats.get("min_value"), stats.get("max_value")
    if low is not None and high is not None:
        return f"from {low} to {high}"
    if low is not None:
        unit = " character(s)" if check.name == "str_length" else ""
        return f"at least {low}{unit}"
    return check.error or check.name


def table_dictionary(file_name: str, schema: pa.DataFrameSchema, heading: bool = True) -> str:
    """One table's section: a Markdown table of columns and a list of cross-column rules
    (under a heading naming the file(s), unless the page around it names them)."""
    names = ", ".join(f"`{name}`" for name in file_name.split(", "))
    lines = [f"## {names}", ""] if heading else []
    lines += ["| column | type | rules | meaning |", "|---|---|---|---|"]
    for name, column in schema.columns.items():
        rules = [_rule(check) for check in column.checks]
        if column.unique:
            rules.insert(0, "unique")
        if column.nullable:
            rules.insert(0, "may be missing")
        lines.append(
            f"| `{name}` | {_type_name(column)} | {'; '.join(rules) or '—'} | "
            f"{column.description or ''} |"
        )
    rules = [check.error for check in schema.checks]
    if schema.unique:
        rules.insert(0, f"one row per {', '.join(schema.unique)}")
    if rules:
        lines += ["", "Rules across columns:", ""]
        lines += [f"- {rule}" for rule in rules]
    return "\n".join(lines) + "\n"


def data_dictionary() -> str:
    """The whole dictionary as Markdown."""
    sections = [table_dictionary(name, factory()) for name, factory in dictionary_schemas().items()]
    header = (
        "# Data dictionary\n\nGenerated from the pandera schemas in `src/helpers/tables/` "
        "(`python -m helpers.tables.dictionary`); every processed table is validated against them "
        'before it is written. Empty text means "not stated by the source".\n'
    )
    return "\n".join([header, *sections])


def main() -> None:
    """Print the dictionary (``python -m helpers.tables.dictionary > docs/data_dictionary.md``)."""
    print(data_dictionary(), end="")


if __name__ == "__main__":
    main()
