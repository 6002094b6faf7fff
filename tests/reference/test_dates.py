"""Dates kept to the precision the source states."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.reference.dates import (
    _parse_words,
    format_partial_date,
    is_ambiguous_numeric,
    iso_date,
    parse_date,
)


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


@given(
    st.lists(st.tuples(_DATE_WORDS, _GLUE), min_size=1, max_size=5),
    _GLUE,
    st.sampled_from(["DMY", "MDY"]),
)
def test_iso_date_is_parse_date_as_plain_strings(parts, end, order):
    text = "".join(word + glue for word, glue in parts[:-1]) + parts[-1][0] + end.strip(" ,")
    date = parse_date(text, date_order=order)
    assert iso_date(text, order) == ((date.iso, date.precision) if date else None)


@pytest.mark.parametrize(
    "text, iso, precision",
    [
        ("07/11/2016", "2016-11-07", "day"),  # day first: how Mexican sources write
        ("7.11.2016", "2016-11-07", "day"),
        ("07-11-2016", "2016-11-07", "day"),
        ("07/11/2016.", "2016-11-07", "day"),
        ("25/12/2031", "2031-12-25", "day"),
        ("2016/11/07", "2016-11-07", "day"),
        ("11/2016", "2016-11", "month"),
        ("7 de mayo de 2014", "2014-05-07", "day"),
        ("7 de mayo del 2014", "2014-05-07", "day"),
        ("1º de mayo de 2014", "2014-05-01", "day"),
        ("mayo de 2014", "2014-05", "month"),
        ("May 7, 2014", "2014-05-07", "day"),
        ("7 May 2014", "2014-05-07", "day"),
        ("septiembre 2030", "2030-09", "month"),
        ("2014-05-07", "2014-05-07", "day"),
        ("1996", "1996", "year"),
    ],
)
def test_every_form_in_both_languages(text, iso, precision):
    parsed = parse_date(text)
    assert (parsed.iso, parsed.precision) == (iso, precision)


def test_numeric_dates_follow_the_stated_order_never_a_guess():
    assert parse_date("07/11/2016", date_order="MDY").iso == "2016-07-11"
    assert parse_date("07/11/2016", date_order="DMY").iso == "2016-11-07"
    # 25 cannot be a month: in the month-first order the date does not exist at all
    assert parse_date("25/12/2031", date_order="MDY") is None
    assert parse_date("12/25/2031", date_order="MDY").iso == "2031-12-25"
    assert parse_date("12/25/2031") is None
    with pytest.raises(ValueError, match="numeric date order"):
        parse_date("07/11/2016", date_order="YDM")


@pytest.mark.parametrize(
    "text", ["31/02/2014", "13/13/2014", "00/05/2014", "29.02.2023", "7/11/16"]
)
def test_numeric_dates_that_cannot_exist_are_not_dates(text):
    assert parse_date(text) is None


def test_ambiguous_numeric_dates_are_recognised():
    assert is_ambiguous_numeric("07/11/2016")
    assert not is_ambiguous_numeric("25/11/2016")  # only one reading exists
    assert not is_ambiguous_numeric("05/05/2016")  # both readings are the same date
    assert not is_ambiguous_numeric("May 7, 2016")


@given(st.dates(), st.sampled_from(["/", ".", "-"]), st.booleans())
def test_a_numeric_date_reads_back_in_either_order(day, separator, padded):
    d, m = (f"{day.day:02d}", f"{day.month:02d}") if padded else (str(day.day), str(day.month))
    if day.year < 1000:
        return
    assert parse_date(f"{d}{separator}{m}{separator}{day.year}").iso == day.isoformat()
    mdy = parse_date(f"{m}{separator}{d}{separator}{day.year}", date_order="MDY")
    assert mdy.iso == day.isoformat()
