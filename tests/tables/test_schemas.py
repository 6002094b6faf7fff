"""The agreements schema: good data passes, broken data fails with a clear message."""

import re

import pandas as pd
import pandera.errors
import pytest

from helpers.clean.agreements import clean_agreements_file
from helpers.core.paths import RAW_DIR
from helpers.tables.checks import _each_distinct
from helpers.tables.schemas import validate_agreements


@pytest.fixture(scope="module")
def good():
    return clean_agreements_file(RAW_DIR / "sre" / "agreements_mx_ru_cemeri.txt").clean


def test_good_data_passes(good):
    assert len(validate_agreements(good)) == len(good)


@pytest.mark.parametrize(
    "column, value, message",
    [
        ("entity_code", "33", "isin"),
        ("level", "federal", "isin"),
        ("theme", "sports", "isin"),
        ("validity", "forever", "isin"),
        ("signed_on", "11/10/1999", "str_matches"),
        ("partner_country", "XX", "must be an ISO 3166-1 alpha-2 code"),
        ("municipality_code", "123", "must be an INEGI municipality code or empty"),
        ("municipality_code", "21999", "must be an INEGI municipality code or empty"),
    ],
)
def test_broken_values_fail_with_the_column_named(good, column, value, message):
    broken = good.copy()
    broken.loc[0, column] = value
    with pytest.raises(pandera.errors.SchemaErrors) as error:
        validate_agreements(broken)
    assert column in str(error.value) and message in str(error.value)


def test_a_pattern_check_names_the_failing_rows_and_leaves_missing_values_to_nullable(good):
    broken = good.copy()
    broken.loc[0, "agreement_id"] = "ru-06-1999-abcdef"  # lower-case country: no match
    broken.loc[2, "signed_on"] = None  # missing: one failure, from the nullable check
    with pytest.raises(pandera.errors.SchemaErrors) as error:
        validate_agreements(broken)
    cases = error.value.failure_cases
    failures = cases[cases["schema_context"] == "Column"]  # not the table rules
    id_failures = failures[failures["column"] == "agreement_id"]
    assert id_failures["index"].tolist() == [0]
    assert id_failures["check"].str.contains("str_matches").all()
    date_failures = failures[failures["column"] == "signed_on"]
    assert date_failures["check"].tolist() == ["not_nullable"]
    assert date_failures["index"].tolist() == [2]


def test_duplicate_ids_fail(good):
    broken = good.copy()
    broken.loc[1, "agreement_id"] = broken.loc[0, "agreement_id"]
    with pytest.raises(pandera.errors.SchemaErrors, match="field_uniqueness|unique"):
        validate_agreements(broken)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"signed_precision": "year"}, "signed_on must be written to its signed_precision"),
        ({"valid_until": ""}, "valid_until must be given exactly when validity is fixed-term"),
        ({"municipality_code": "06002"}, "municipality_code must belong to entity_code"),
    ],
)
def test_cross_column_rules(good, changes, message):
    broken = good.copy()
    row = good.index[good["validity"] == "fixed-term"][0]
    if "municipality_code" in changes:
        row = good.index[good["entity_code"] != "06"][0]
    for column, value in changes.items():
        broken.loc[row, column] = value
    with pytest.raises(pandera.errors.SchemaErrors, match=message):
        validate_agreements(broken)


def test_missing_and_extra_columns_fail(good):
    with pytest.raises(pandera.errors.SchemaErrors, match="column_in_dataframe|not in dataframe"):
        validate_agreements(good.drop(columns=["theme"]))
    with pytest.raises(
        pandera.errors.SchemaErrors, match="column_in_schema|not in DataFrameSchema"
    ):
        validate_agreements(good.assign(extra="x"))


def test_cleaning_log_and_rejects_are_validated_when_written(tmp_path):
    from helpers.clean.agreements import clean_agreements_text
    from helpers.tables.schemas import validate_cleaning_outputs

    result = clean_agreements_text(
        "Title\nFederative EntityTypeBetweenDescriptionSubjectDate signedValidity\n"
        "ColimaStateUniversity of Colima – Kazan University, Russia.Agreement.Education."
        "May 1, 2001.Indefinite.< /td>\nNot a row at all.\n"
    )
    log, rejects = validate_cleaning_outputs(result.log, result.rejects)
    assert list(rejects["reason"].str.contains("federal entity")) == [True]
    assert "strip_html_debris" in set(log["rule"])
    result.write(tmp_path)
    broken = result.rejects.assign(reason="")
    with pytest.raises(pandera.errors.SchemaErrors, match="str_length"):
        validate_cleaning_outputs(result.log, broken)
    bad_rule = result.log.assign(rule="Strip HTML")
    with pytest.raises(pandera.errors.SchemaErrors, match="str_matches"):
        validate_cleaning_outputs(bad_rule, result.rejects)


@pytest.mark.parametrize(
    "values, expected",
    [
        (["a1", "a2", "a1"], [True, True, True]),
        (["a1", "b", None, "a1"], [True, False, True, True]),  # missing: nullable's to report
        (["a1", 5, "b"], [True, False, False]),  # not text: fails, without an exception
    ],
)
def test_distinct_value_checks_answer_per_cell(values, expected):
    check = _each_distinct(re.compile(r"^a\d$").match)
    assert check(pd.Series(values, dtype=object)).tolist() == expected
