"""Dates kept to the precision the source states."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.dates import _parse_words, format_partial_date, parse_date


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


_DATE_WORDS = st.sampled_from(
    [
        "October",
        "october",
        "OCT",
        "Sept",
        "sept",
        "May",
        "enero",
        "Diciembre",
        "agosto",
        "de",
        "del",
        "of",
        "the",
        "11",
        "1",
        "31",
        "0",
        "30",
        "2021",
        "1999",
        "0999",
        "123",
        "1st",
        "11th",
        "Not",
        "2021-01-19",
        "specified",
    ]
)
_GLUE = st.sampled_from([" ", "  ", ", ", ". ", ".", ",", " de ", "\t"])


@given(st.lists(st.tuples(_DATE_WORDS, _GLUE), min_size=1, max_size=5), _GLUE)
def test_common_forms_read_as_the_general_reading_does(parts, end):
    """The one-match reading of common forms agrees with the general word-by-word one."""
    text = "".join(word + glue for word, glue in parts[:-1]) + parts[-1][0] + end.strip(" ,")
    assert parse_date(text) == _parse_words(text)
    assert parse_date(text, default_year=2020) == _parse_words(text, default_year=2020)
