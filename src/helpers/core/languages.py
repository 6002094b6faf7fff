"""The languages of the compendium, declared once.

Sources are read in them (month names, country names, column headers, validity words) and
every report is written in each of them. English is the language of the messages in the
code; every other language has its translation catalog (helpers.words), and a test fails
when one is missing.
"""

LANGUAGES = ("en", "es")
SOURCE_LANGUAGE = "en"
"""The language the messages are written in, in the code (the catalogs' msgids)."""


def check_language(lang: str) -> None:
    """Refuse a language the compendium does not speak, naming those it does."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; allowed: {', '.join(LANGUAGES)}")
