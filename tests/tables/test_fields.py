"""One home per column: every table is built from the fields, and a variant says something new."""

import pandas as pd
import pandera.pandas as pa
import pytest

from helpers.tables.counts import COUNTS_TABLES
from helpers.tables.dictionary import data_dictionary, processed_tables
from helpers.tables.fields import FIELDS, Field, Table, count, text


def test_every_column_of_every_table_is_a_field_or_a_variant_of_this_table():
    for table in processed_tables():
        for name in table.columns:
            assert name in FIELDS or name in table.variants, f"{table.name}.{name}"


def test_a_variant_differs_from_the_fields_usual_meaning():
    # A variant that repeats the usual field would be the same column declared twice.
    def said(field):
        return field.description, field.dtype, field.nullable, field.unique

    for table in processed_tables():
        for name, variant in table.variants.items():
            if name in FIELDS:
                assert said(variant) != said(FIELDS[name]), f"{table.name}.{name}"


def test_every_field_is_used_by_some_table():
    used = {name for table in processed_tables() for name in table.columns}
    assert set(FIELDS) - used == set()


def test_the_schema_and_the_dictionary_read_the_same_declaration():
    invented = Table(
        "invented",
        ("invented.csv",),
        ("entity_code", "agreements"),
        variants={"agreements": count("Agreements signed under a full moon")},
    )
    schema = invented.schema()
    assert list(schema.columns) == ["entity_code", "agreements"]
    assert schema.columns["agreements"].description == "Agreements signed under a full moon"
    assert schema.columns["entity_code"].description == FIELDS["entity_code"].description
    with pytest.raises(pa.errors.SchemaErrors, match="agreements"):
        schema.validate(pd.DataFrame({"entity_code": ["21"], "agreements": [-1]}), lazy=True)
    with pytest.raises(pa.errors.SchemaErrors, match="entity_code"):
        schema.validate(pd.DataFrame({"entity_code": ["99"], "agreements": [1]}), lazy=True)
    assert "Agreements signed under a full moon" not in data_dictionary()  # not a table written


def test_a_variant_of_a_column_the_table_lacks_is_refused():
    table = Table("t", ("t.csv",), ("entity",), variants={"entity_code": text("A code")})
    with pytest.raises(KeyError, match="entity_code"):
        table.schema()


def test_a_step_reading_a_column_the_table_lacks_is_told_at_once():
    with pytest.raises(KeyError, match="colour"):
        COUNTS_TABLES["by_entity"].select("entity_code", "colour")
    assert COUNTS_TABLES["by_entity"].select("entity", "total") == ("entity", "total")


def test_a_field_is_one_column_whatever_table_holds_it():
    field = Field("Whole apples", int)
    assert field.column().dtype == pa.Column(int).dtype
    assert not field.column().nullable
