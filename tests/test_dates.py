"""Dates kept to the precision the source states."""

import pytest

from helpers.dates import format_partial_date, parse_date


@pytest.mark.parametrize(
    "text, iso, precision",
    [
        ("October 11, 1999", "1999-10-11", "day"),
        ("October 11, 1999.", "1999-10-11", "day"),
        ("31 December 2005", "2005-12-31", "day"),
        ("2012", "2012", "year"),
        ("2012.", "2012", "year"),
        ("March 2021", "2021-03", "month"),
        ("19 de enero de 2021", "2021-01-19", "day"),
        ("enero 2021", "2021-01", "month"),
        ("Sept. 3, 2020", "2020-09-03", "day"),
        ("2021-01-19", "2021-01-19", "day"),
        ("2021-08", "2021-08", "month"),
        ("1st of May 2019", "2019-05-01", "day"),
    ],
)
def test_parse_date(text, iso, precision):
    parsed = parse_date(text)
    assert (parsed.iso, parsed.precision) == (iso, precision)


@pytest.mark.parametrize(
    "text, iso, precision",
    [
        ("January 19", "2021-01-19", "day"),
        ("August", "2021-08", "month"),
        ("agosto", "2021-08", "month"),
    ],
)
def test_year_from_context(text, iso, precision):
    parsed = parse_date(text, default_year=2021)
    assert (parsed.iso, parsed.precision) == (iso, precision)


@pytest.mark.parametrize(
    "text",
    [
        "Not specified",
        "Indefinite",
        "February 30, 2020",
        "13/13/2020",
        "",
        "January 19",
        "March and April 2021",
    ],
)
def test_not_a_date(text):
    assert parse_date(text) is None


def test_format_partial_date_localised():
    assert format_partial_date("2014-10-30", "es") == "30 de octubre de 2014"
    assert format_partial_date("2014-10-30", "en") == "October 30, 2014"
    assert format_partial_date("2021-08", "es") == "agosto de 2021"
    assert format_partial_date("2021-08", "en") == "August 2021"
    assert format_partial_date("2012", "en") == "2012"
