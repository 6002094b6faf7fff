"""Words as translation catalogs: complete, in step with the messages, never a silent fallback."""

import io
import os
import re

import pytest
from babel.messages.pofile import write_po

from helpers.core.languages import LANGUAGES
from helpers.report.present import message_html
from helpers.words import catalog, labels
from helpers.words.messages import MESSAGES


def test_every_language_but_english_has_a_complete_catalog():
    assert catalog.translated_languages() == tuple(lang for lang in LANGUAGES if lang != "en")
    for lang in catalog.translated_languages():
        assert catalog.catalog_problems(lang) == []


def test_the_committed_template_is_made_from_the_messages():
    written = io.BytesIO()
    write_po(written, catalog.template_catalog(), width=100, sort_output=False)
    assert catalog.TEMPLATE.read_bytes() == written.getvalue(), (
        "messages.pot is out of date: make messages"
    )


def test_every_message_in_english_is_its_declaration_and_spanish_keeps_its_placeholders():
    for key, message in MESSAGES.items():
        if message.english_plural:
            continue
        english, spanish = labels.template(key, "en"), labels.template(key, "es")
        assert english == message.english
        fields = set(re.findall(r"{(\w+)}", english))
        assert set(re.findall(r"{(\w+)}", spanish)) == fields, key


def test_no_message_holds_html():
    for lang in LANGUAGES:
        for key, message in MESSAGES.items():
            text = (
                labels.plural_template(key, 2, lang)
                if message.english_plural
                else labels.template(key, lang)
            )
            assert "<" not in text and ">" not in text, (lang, key)


def test_plural_forms_follow_each_languages_rule():
    assert labels.plural_text("profile.agreements", 1, "en") == "1 registered agreement"
    assert labels.plural_text("profile.agreements", 0, "en") == "0 registered agreements"
    assert labels.plural_text("profile.agreements", 1, "es") == "1 acuerdo registrado"
    assert labels.plural_text("profile.agreements", 2, "es") == "2 acuerdos registrados"
    assert labels.plural_text("profile.tied", 1, "es") == "1 otra entidad comparte su total"
    # CLDR gives Spanish a third form for round millions ("1 millón de acuerdos"): filled too.
    assert labels.plural_text("profile.tied", 1_000_000, "es") == (
        "1.000.000 otras entidades comparten su total"
    )
    with pytest.raises(KeyError, match="use plural_text"):
        labels.text("profile.agreements", "en")
    with pytest.raises(KeyError, match="use text"):
        labels.plural_text("agreements", 2, "en")


def test_lists_are_joined_as_each_language_joins_them():
    assert labels.list_text(["Gopar", "Pérez", "Estrada"], "es") == "Gopar, Pérez y Estrada"
    assert labels.list_text(["Gopar", "Pérez", "Estrada"], "en") == "Gopar, Pérez, and Estrada"


def test_a_message_is_text_its_strong_words_marked_and_its_values_escaped():
    html = message_html("**{n} events** & more", n="<script>")
    assert html == "<p><strong>&lt;script&gt; events</strong> &amp; more</p>"


def test_a_missing_or_stale_catalog_is_an_error_not_english(tmp_path, monkeypatch):
    po = tmp_path / "es" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_bytes(catalog.catalog_path("es").read_bytes())
    monkeypatch.setattr(catalog, "LOCALE_DIR", tmp_path)
    catalog.translations.cache_clear()
    try:
        with pytest.raises(catalog.CatalogError, match="not compiled: run make catalogs"):
            catalog.translations("es")
        catalog.compile_catalogs()
        assert catalog.translations("es").pgettext("agreements", "Agreements") == "Acuerdos"
        catalog.translations.cache_clear()
        later = po.stat().st_mtime + 10
        os.utime(po, (later, later))  # the .po edited after it was compiled
        with pytest.raises(catalog.CatalogError, match="older than its .po"):
            catalog.translations("es")
    finally:
        catalog.translations.cache_clear()


def test_an_untranslated_message_stops_the_compilation(tmp_path, monkeypatch):
    po = tmp_path / "es" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    text = catalog.catalog_path("es").read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "Acuerdos"', 'msgstr ""', 1), encoding="utf-8")
    monkeypatch.setattr(catalog, "LOCALE_DIR", tmp_path)
    with pytest.raises(catalog.CatalogError, match="'agreements' is not translated"):
        catalog.compile_catalogs()
    assert not po.with_suffix(".mo").exists()


def test_an_author_year_citation_joins_its_authors_in_the_reports_language():
    assert labels.author_year_text("Gopar, Pérez and Estrada, 2021", "es") == (
        "Gopar, Pérez y Estrada, 2021"
    )
    assert labels.author_year_text("Ortiz y Lee, 2019b", "en") == "Ortiz and Lee, 2019b"
    assert labels.author_year_text("CEMERI, 2021", "es") == "CEMERI, 2021"
    # Any other form is the source's own words, shown as written.
    for written in ("Boletín núm. 3, 2021", "SRE (2015)", "see the annex, 2021", ""):
        assert labels.author_year_text(written, "es") == written


def test_every_message_is_used_by_the_code_a_notebook_or_the_report_jobs():
    from helpers.core.paths import HELPERS_DIR, NOTEBOOKS_DIR

    sources = [
        path.read_text(encoding="utf-8")
        for path in [*HELPERS_DIR.rglob("*.py"), *NOTEBOOKS_DIR.glob("*.ipynb")]
        if path.name != "messages.py"
    ] + [(NOTEBOOKS_DIR / "reports.yml").read_text(encoding="utf-8")]
    everything = "\n".join(sources)
    # Keys built from a value: f"status.{value}" (a prefix), f"{base}.title" (a suffix, the
    # base written in full elsewhere).
    prefixes = set(re.findall(r'f\\?"([a-z_.-]+)\.\{', everything))
    suffixes = set(re.findall(r'f\\?"\{[\w.]+\}\.([a-z_]+)', everything))
    unused = []
    for key in MESSAGES:
        head, _, tail = key.rpartition(".")
        if key in everything or head in prefixes or (tail in suffixes and head in everything):
            continue
        unused.append(key)
    assert unused == []
