"""Text normalisation: the fast paths give what the plain definitions give."""

import re

from hypothesis import given
from hypothesis import strategies as st

from helpers.core.text import (
    fold_case,
    html_debris,
    normalise_key,
    split_html_debris,
    squeeze_spaces,
    straighten_quotes,
    strip_html_debris,
)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Text as pages give it: words, every kind of white space, control characters, quotes.
_PAGE_TEXT = st.text(
    alphabet=st.sampled_from(
        list("ab Zé1.,")
        + [" ", "\t", "\n", "\xa0", "\u2003", "\u3000", "\x07", "\x00"]
        + list("“”„«»‘’\"'<>/")
    ),
    max_size=40,
)


@given(_PAGE_TEXT)
def test_squeeze_spaces_is_split_and_join_without_control_characters(text):
    assert squeeze_spaces(text) == " ".join(_CONTROL.sub("", text).split())


def test_squeeze_spaces_examples():
    assert squeeze_spaces("  Colima \t State\xa0Government ") == "Colima State Government"
    assert squeeze_spaces("Colima State") == "Colima State"
    assert squeeze_spaces("Co\x07lima") == "Colima"
    assert squeeze_spaces(" Colima") == "Colima"
    assert squeeze_spaces("Colima ") == "Colima"
    assert squeeze_spaces("") == ""


@given(_PAGE_TEXT)
def test_straighten_quotes_leaves_no_curly_quote(text):
    straight = straighten_quotes(text)
    assert not set(straight) & set("“”„«»‘’")
    assert len(straight) == len(text)


@given(_PAGE_TEXT)
def test_straighten_quotes_is_the_translation_where_a_mark_is_found(text):
    plain = text.translate(str.maketrans("“”„«»‘’", '"""""\'\''))  # the definition
    assert straighten_quotes(text) == plain


_TAGGED_TEXT = st.lists(
    st.sampled_from(["< /td>", "<br/>", "</strong>", "< em>", "<td class=x>", "<", ">", "3 < 4"])
    | _PAGE_TEXT,
    max_size=8,
).map("".join)


@given(_TAGGED_TEXT)
def test_split_html_debris_is_strip_and_debris_in_one_scan(text):
    assert split_html_debris(text) == (strip_html_debris(text), html_debris(text))


def test_html_debris_and_strip_html_debris_agree():
    text = "Multi-thematic.< /td>October 11, 1999.<br/>Not specified.</strong>"
    assert strip_html_debris(text) == "Multi-thematic.October 11, 1999.Not specified."
    assert html_debris(text) == ["< /td>", "<br/>", "</strong>"]
    assert html_debris("3 < 4 and 5 > 2") == []
    assert strip_html_debris("3 < 4 and 5 > 2") == "3 < 4 and 5 > 2"


def test_normalise_key_and_fold_case():
    assert normalise_key("Autonomous University “Benito Juárez” of Oaxaca") == (
        "autonomous university benito juarez of oaxaca"
    )
    assert fold_case("Straße") == "strasse"
    assert fold_case("ABC") == "abc"
