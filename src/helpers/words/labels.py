"""Every word a report shows, in English and Spanish, from one translation table.

Reports are built twice, once per language, from the same code: a label typed in a
notebook or a figure function would exist in one language only and drift. So each
text a reader sees is a key here with both languages side by side; a template's
``{placeholders}`` take values computed from the data (numbers, names, dates), never
typed. Theme labels come from the theme vocabulary (helpers.reference.themes), entity names from the
INEGI reference table (helpers.reference.entities), country names and number formats from Babel's
CLDR data, dates from helpers.reference.dates.
"""

from __future__ import annotations

import string
from functools import lru_cache

from babel import Locale
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from helpers.reference.dates import format_partial_date
from helpers.reference.entities import entity_record
from helpers.reference.themes import theme_label

LANGUAGES = ("en", "es")

TEXTS: dict[str, dict[str, str]] = {
    # --- single words and column headers ---------------------------------------------------
    "agreements": {"en": "Agreements", "es": "Acuerdos"},
    "interactions": {"en": "Interactions", "es": "Interacciones"},
    "total": {"en": "Total", "es": "Total"},
    "events": {"en": "Events", "es": "Eventos"},
    "entity": {"en": "Federal entity", "es": "Entidad federativa"},
    "theme": {"en": "Theme", "es": "Tema"},
    "level": {"en": "Level", "es": "Nivel"},
    "year": {"en": "Year signed", "es": "Año de firma"},
    "decade": {"en": "Decade signed", "es": "Década de firma"},
    "population_2020": {"en": "Population 2020", "es": "Población 2020"},
    "total_per_million": {
        "en": "Events per million inhabitants",
        "es": "Eventos por millón de habitantes",
    },
    "status": {"en": "Standing", "es": "Situación"},
    "signed_on": {"en": "Signed", "es": "Firma"},
    "valid_until": {"en": "Valid until", "es": "Vigente hasta"},
    "validity": {"en": "Validity", "es": "Vigencia"},
    "foreign_party": {"en": "Foreign party", "es": "Contraparte extranjera"},
    "figure": {"en": "Figure", "es": "Figura"},
    "file": {"en": "File", "es": "Archivo"},
    "title": {"en": "Title", "es": "Título"},
    "period.range": {"en": "years {start}–{end}", "es": "años {start}–{end}"},
    "period.all": {
        "en": "all years on record ({span})",
        "es": "todos los años registrados ({span})",
    },
    "citation": {"en": "How to cite", "es": "Cómo citar"},
    "statement": {"en": "The article says", "es": "El artículo afirma"},
    "quote": {"en": "Article's words", "es": "Palabras del artículo"},
    "quote.in": {
        "en": "Article's words (in {language})",
        "es": "Palabras del artículo (en {language})",
    },
    "evidence": {"en": "What the data show", "es": "Lo que muestran los datos"},
    "verdict": {"en": "Verdict", "es": "Veredicto"},
    "supported": {"en": "supported", "es": "respaldada"},
    "not-supported": {"en": "not supported", "es": "no respaldada"},
    "decade_label": {"en": "{decade}s", "es": "Década de {decade}"},
    "all_partners": {"en": "all partner countries", "es": "todos los países socios"},
    "no_events": {"en": "none", "es": "ninguno"},
    # --- categories --------------------------------------------------------------------------
    "level.state": {"en": "State", "es": "Estatal"},
    "level.municipal": {"en": "Municipal", "es": "Municipal"},
    "level.unresolved": {"en": "Place not resolved", "es": "Lugar no identificado"},
    "theme.none-stated": {"en": "None stated", "es": "Sin tema indicado"},
    "status.active": {"en": "In force", "es": "Vigente"},
    "status.expired": {"en": "Ended", "es": "Concluido"},
    "status.unspecified": {
        "en": "Validity not specified (not counted as in force)",
        "es": "Vigencia no especificada (no se cuenta como vigente)",
    },
    "status.not-yet-signed": {"en": "Signed later", "es": "Firmado después"},
    "validity.fixed-term": {"en": "Fixed term", "es": "Plazo fijo"},
    "validity.indefinite": {"en": "Indefinite (open-ended)", "es": "Indefinida (sin término)"},
    "validity.unspecified": {"en": "Validity not specified", "es": "Vigencia no especificada"},
    "partial_signing": {
        "en": "Signing date known to month or year only",
        "es": "Fecha de firma conocida solo por mes o año",
    },
    "reference_line": {"en": "Reference date: {date}", "es": "Fecha de referencia: {date}"},
    "no_activity": {"en": "No recorded activity", "es": "Sin actividad registrada"},
    "map_legend": {
        "en": "Agreements + interactions",
        "es": "Acuerdos + interacciones",
    },
    "empty_figure": {
        "en": "Nothing to draw: no events in the selection",
        "es": "Nada que dibujar: no hay eventos en la selección",
    },
    # --- the source note under every figure --------------------------------------------------
    "source.prefix": {"en": "Source: ", "es": "Fuente: "},
    "source.agreements": {
        "en": "SRE, inter-institutional agreements registry, via CEMERI",
        "es": "SRE, registro de acuerdos interinstitucionales, vía CEMERI",
    },
    "source.interactions": {"en": "CEDL bulletins", "es": "boletines del CEDL"},
    "source.boundaries": {
        "en": "boundaries: INEGI geostatistical framework (simplified)",
        "es": "límites: Marco Geoestadístico del INEGI (simplificados)",
    },
    "source.figure": {"en": "Figure: {project}, {version}.", "es": "Figura: {project}, {version}."},
    # --- figure titles and captions -------------------------------------------------------
    "fig-entity-counts.title": {
        "en": "Agreements and interactions with {country}, by federal entity",
        "es": "Acuerdos e interacciones con {country}, por entidad federativa",
    },
    "fig-entity-counts.caption": {
        "en": "Inter-institutional agreements registered with the SRE (signed {agreement_years}) "
        "and interactions reported in the CEDL bulletins ({interaction_years}), by Mexican "
        "federal entity; municipal events count for their entity. {active} of {entities} "
        "entities have at least one event; the other {inactive} are not shown.",
        "es": "Acuerdos interinstitucionales registrados ante la SRE (firmados en "
        "{agreement_years}) e interacciones reportadas en los boletines del CEDL "
        "({interaction_years}), por entidad federativa; los eventos municipales cuentan para "
        "su entidad. {active} de {entities} entidades tienen al menos un evento; las otras "
        "{inactive} no se muestran.",
    },
    "fig-themes.title": {
        "en": "Themes of agreements and interactions with {country}",
        "es": "Temas de los acuerdos e interacciones con {country}",
    },
    "fig-themes.caption": {
        "en": "Agreements and interactions per theme. An interaction with several themes counts "
        "once for each of them ({theme_mentions} theme mentions for {interactions} "
        "interactions). '{none_stated}' gathers events whose source gives no theme. Themes "
        "with no event are not shown.",
        "es": "Acuerdos e interacciones por tema. Una interacción con varios temas cuenta una vez "
        "por cada uno ({theme_mentions} menciones de tema para {interactions} interacciones). "
        "'{none_stated}' reúne los eventos cuya fuente no indica tema. No se muestran los "
        "temas sin eventos.",
    },
    "fig-entity-theme.title": {
        "en": "Federal entities and themes of engagement with {country}",
        "es": "Entidades federativas y temas de la relación con {country}",
    },
    "fig-entity-theme.caption": {
        "en": "Agreements plus interactions per federal entity and theme (an interaction counts "
        "once for each of its themes). Blank cells: no event.",
        "es": "Acuerdos más interacciones por entidad federativa y tema (una interacción cuenta "
        "una vez por cada uno de sus temas). Celdas en blanco: ningún evento.",
    },
    "fig-agreements-timeline.title": {
        "en": "Inter-institutional agreements with {country}: signing and validity",
        "es": "Acuerdos interinstitucionales con {country}: firma y vigencia",
    },
    "fig-agreements-timeline.caption": {
        "en": "Each line runs from the signing date to the end of validity (to the end of the "
        "month or year when only those are known). Arrows: indefinite validity. Diamonds: "
        "validity not specified. Open circles: signing date known only to the month or year. "
        "Dashed line: the reference date, {date}, on which {active} of {agreements} "
        "agreements are in force.",
        "es": "Cada línea va de la fecha de firma al fin de la vigencia (al fin del mes o del "
        "año cuando solo se conocen estos). Flechas: vigencia indefinida. Rombos: vigencia no "
        "especificada. Círculos vacíos: fecha de firma conocida solo por mes o año. Línea "
        "discontinua: la fecha de referencia, {date}, en la que {active} de {agreements} "
        "acuerdos están vigentes.",
    },
    "fig-map-engagement.title": {
        "en": "Engagement with {country} by federal entity",
        "es": "Relación con {country} por entidad federativa",
    },
    "fig-map-engagement.caption": {
        "en": "Agreements plus interactions per federal entity. Hatched: no recorded activity "
        "({inactive} of {entities} entities), which is not the same as missing data.",
        "es": "Acuerdos más interacciones por entidad federativa. Con trama: sin actividad "
        "registrada ({inactive} de {entities} entidades), lo que no equivale a datos "
        "faltantes.",
    },
    "fig-levels.title": {
        "en": "Government level of the Mexican actors engaging with {country}",
        "es": "Nivel de gobierno de los actores mexicanos en la relación con {country}",
    },
    "fig-levels.caption": {
        "en": "Agreements and interactions by the level of the Mexican actor: state governments "
        "and state institutions, or municipalities.",
        "es": "Acuerdos e interacciones según el nivel del actor mexicano: gobiernos e "
        "instituciones estatales, o municipios.",
    },
    # --- the claims check (the statements and quotes are data: data/raw/claims/) ------------
    "claim.level-share.evidence": {
        "en": "{count} of {resolved} events ({share}) have a Mexican actor at {level} level: "
        "{agreements_level} of {agreements} agreements and {interactions_level} of "
        "{interactions} interactions; the statement needs more than {threshold}.",
        "es": "{count} de {resolved} eventos ({share}) tienen un actor mexicano de nivel "
        "{level}: {agreements_level} de {agreements} acuerdos y {interactions_level} de "
        "{interactions} interacciones; la afirmación requiere más del {threshold}.",
    },
    "claim.level.state": {"en": "state", "es": "estatal"},
    "claim.level.municipal": {"en": "municipal", "es": "municipal"},
    "claim.only-municipal.evidence": {
        "en": "{events} events in {year}, {municipal} of them municipal; municipal actors: "
        "{actors}.",
        "es": "{events} eventos en {year}; eventos municipales: {municipal}; actores "
        "municipales: {actors}.",
    },
    "claim.oldest-agreement.evidence": {
        "en": "The oldest of {agreements} agreements: {found}.",
        "es": "El más antiguo de {agreements} acuerdos: {found}.",
    },
    "claim.oldest-agreement.one": {
        "en": "{entity} with {foreign_party}, signed {date}",
        "es": "{entity} con {foreign_party}, firmado el {date}",
    },
    "claim.themes-cover.evidence": {
        "en": "Agreements by theme: {named} (of {agreements}); the most frequent theme is "
        "{top} ({top_count}).",
        "es": "Acuerdos por tema: {named} (de {agreements}); el tema más frecuente es {top} "
        "({top_count}).",
    },
    "claim.themes-cover.interactions": {
        "en": "Among interactions: {named_interactions}.",
        "es": "Entre las interacciones: {named_interactions}.",
    },
    "claim.theme-share.evidence": {
        "en": "{theme}: {later} of {events_later} events in {later_years} ({share_later}), "
        "against {earlier} of {events_earlier} events in {earlier_years} ({share_earlier}).",
        "es": "{theme}: {later} de {events_later} eventos en {later_years} ({share_later}), "
        "frente a {earlier} de {events_earlier} eventos en {earlier_years} ({share_earlier}).",
    },
    "claim.source.agreements": {"en": "agreements ({years})", "es": "acuerdos ({years})"},
    "claim.source.bulletins": {
        "en": "bulletin entries ({years})",
        "es": "entradas de los boletines ({years})",
    },
    "claim.caveat.sources": {
        "en": "it compares {earlier} with {later}: different sources",
        "es": "compara {earlier} con {later}: fuentes distintas",
    },
    "claim.verdict.caveat": {"en": "{verdict}, but {caveat}", "es": "{verdict}, pero {caveat}"},
    # --- the notebook's story ---------------------------------------------------------------
    "story.title": {
        "en": "Mexico's local diplomacy with {country}: counts by federal entity and theme",
        "es": "La diplomacia local de México con {country}: conteos por entidad federativa y tema",
    },
    "story.intro": {
        "en": "This report counts the inter-institutional agreements that Mexican states and "
        "municipalities registered with the Ministry of Foreign Affairs (SRE) and the "
        "interactions reported in the Mexican Local Diplomacy Bulletins of the CEDL (CEMERI), "
        "for {partner}, {period}. Every number below is computed from the processed tables "
        "when the report is built.",
        "es": "Este informe cuenta los acuerdos interinstitucionales que estados y municipios "
        "de México registraron ante la Secretaría de Relaciones Exteriores (SRE) y las "
        "interacciones reportadas en los Boletines de Diplomacia Local Mexicana del CEDL "
        "(CEMERI), para {partner}, {period}. Cada número de este informe se calcula a partir "
        "de las tablas procesadas al generar el informe.",
    },
    "story.overview.heading": {"en": "Overview", "es": "Panorama"},
    "story.overview": {
        "en": "The selection holds <strong>{events} events</strong>: {agreements} agreements "
        "(signed {agreement_years}) and {interactions} interactions ({interaction_years}). "
        "<strong>{active} of Mexico's {entities} federal entities</strong> have at least one; "
        "the other {inactive} have no recorded activity.",
        "es": "La selección reúne <strong>{events} eventos</strong>: {agreements} acuerdos "
        "(firmados en {agreement_years}) y {interactions} interacciones "
        "({interaction_years}). <strong>{active} de las {entities} entidades "
        "federativas</strong> tienen al menos uno; las otras {inactive} no tienen actividad "
        "registrada.",
    },
    "story.unresolved": {
        "en": "{count} interactions name a place that could not be resolved to an entity: "
        "they count in the theme and level tables, not in any entity's row.",
        "es": "{count} interacciones nombran un lugar que no pudo identificarse con una entidad: "
        "cuentan en las tablas por tema y por nivel, no en la fila de ninguna entidad.",
    },
    "story.no_interactions": {
        "en": "No interactions table was found at {path}: the report counts agreements only. "
        "Build the bulletins' table first (notebook 02, or make report).",
        "es": "No se encontró la tabla de interacciones en {path}: el informe cuenta solo "
        "acuerdos. Genere primero la tabla de los boletines (cuaderno 02, o make report).",
    },
    "story.entities.heading": {"en": "Who engages", "es": "Quién participa"},
    "story.entities": {
        "en": "{top_entity} leads with {top_total} events ({top_agreements} agreements, "
        "{top_interactions} interactions). Entities with both agreements and interactions: "
        "{both}.",
        "es": "{top_entity} encabeza con {top_total} eventos ({top_agreements} acuerdos, "
        "{top_interactions} interacciones). Entidades con acuerdos e interacciones: {both}.",
    },
    "story.per_million": {
        "en": "Per million inhabitants (2020 census), among the entities with any activity, "
        "the highest rate is {top_rate_entity}'s ({top_rate} events per million) and the "
        "lowest {bottom_rate_entity}'s ({bottom_rate}).",
        "es": "Por millón de habitantes (censo 2020), entre las entidades con actividad, la "
        "tasa más alta es la de {top_rate_entity} ({top_rate} eventos por millón) y la más "
        "baja la de {bottom_rate_entity} ({bottom_rate}).",
    },
    "story.themes.heading": {"en": "What about", "es": "Sobre qué temas"},
    "story.themes": {
        "en": "The most frequent theme of the agreements is {top_agreement_theme} "
        "({top_agreement_count} of {agreements}); of the interactions, "
        "{top_interaction_theme} ({top_interaction_count} of {interactions}).",
        "es": "El tema más frecuente de los acuerdos es {top_agreement_theme} "
        "({top_agreement_count} de {agreements}); de las interacciones, "
        "{top_interaction_theme} ({top_interaction_count} de {interactions}).",
    },
    "story.time.heading": {"en": "Over time", "es": "A lo largo del tiempo"},
    "story.time": {
        "en": "The oldest agreement was signed {oldest}; the most recent {newest}. Standing on "
        "{reference_date}: in force, {active}; ended, {expired}; validity not stated, "
        "{unspecified} (shown apart, never counted as in force); signed later, {later}.",
        "es": "El acuerdo más antiguo se firmó el {oldest}; el más reciente, el {newest}. "
        "Situación al {reference_date}: vigentes, {active}; concluidos, {expired}; sin "
        "vigencia indicada, {unspecified} (se muestran aparte, nunca se cuentan como "
        "vigentes); firmados después, {later}.",
    },
    "story.levels.heading": {"en": "At which level", "es": "A qué nivel"},
    "story.claims.heading": {"en": "Claims check", "es": "Verificación de afirmaciones"},
    "story.claims": {
        "en": "The published statements about {partner} whose years this selection ({period}) "
        "includes, each re-computed from the data on the years and sources it speaks of and "
        "marked supported or not.",
        "es": "Las afirmaciones publicadas sobre {partner} cuyos años incluye esta selección "
        "({period}), cada una recalculada con los datos de los años y las fuentes a los que "
        "se refiere y marcada como respaldada o no.",
    },
    "story.claims.none": {
        "en": "No published claims cover this selection ({partner}, {period}). The claims on "
        "file speak of {scopes}: a report checks a claim when it selects the claim's partner "
        "country and years that include all of the claim's years.",
        "es": "Ninguna afirmación publicada abarca esta selección ({partner}, {period}). Las "
        "afirmaciones registradas se refieren a {scopes}: un informe verifica una afirmación "
        "cuando selecciona su país socio y años que incluyen todos los de la afirmación.",
    },
    "story.claims.none-on-file": {
        "en": "No published claims cover this selection ({partner}, {period}): there are no "
        "claims files in {folder}.",
        "es": "Ninguna afirmación publicada abarca esta selección ({partner}, {period}): no hay "
        "archivos de afirmaciones en {folder}.",
    },
    "story.claims.summary": {
        "en": "{supported} of {claims} statements are supported by the data.",
        "es": "{supported} de {claims} afirmaciones están respaldadas por los datos.",
    },
    "story.outputs.heading": {"en": "Tables and figures to cite", "es": "Tablas y figuras"},
    # --- the entity profile (notebook 04) -------------------------------------------------------
    "mexican_party": {"en": "Mexican party", "es": "Parte mexicana"},
    "date": {"en": "Date", "es": "Fecha"},
    "place": {"en": "Place", "es": "Lugar"},
    "summary": {"en": "What happened", "es": "Qué ocurrió"},
    "source": {"en": "Source", "es": "Fuente"},
    "profile.title": {
        "en": "{entity}: local diplomacy with {partner}",
        "es": "{entity}: diplomacia local con {partner}",
    },
    "profile.summary": {
        "en": "{entity} has {agreements} registered agreement(s) and {interactions} recorded "
        "interaction(s) with {partner}. By total events it ranks {rank} among the {active} "
        "entities with any activity (of {entities}); {tied} other entity(ies) share its total.",
        "es": "{entity} tiene {agreements} acuerdo(s) registrado(s) y {interactions} "
        "interacción(es) documentada(s) con {partner}. Por total de eventos ocupa el lugar "
        "{rank} entre las {active} entidades con actividad (de {entities}); {tied} otra(s) "
        "entidad(es) comparten su total.",
    },
    "profile.agreements.heading": {
        "en": "Agreements registered by the SRE",
        "es": "Acuerdos registrados por la SRE",
    },
    "profile.interactions.heading": {
        "en": "Interactions in the CEDL bulletins",
        "es": "Interacciones en los boletines del CEDL",
    },
    "profile.themes.heading": {"en": "Themes", "es": "Temas"},
    "profile.timeline.heading": {
        "en": "The agreements over time",
        "es": "Los acuerdos en el tiempo",
    },
    "profile.timeline.caption": {
        "en": "Each line runs from signing to the end of validity; the dashed line is {reference_date}.",
        "es": "Cada línea va de la firma al fin de la vigencia; la línea discontinua es el "
        "{reference_date}.",
    },
    "profile.standing": {
        "en": "Standing on {reference_date}; an agreement whose validity is not specified is "
        "never counted as in force.",
        "es": "Situación al {reference_date}; un acuerdo sin vigencia especificada nunca se "
        "cuenta como vigente.",
    },
    "profile.rank.heading": {
        "en": "Among the federal entities",
        "es": "Entre las entidades federativas",
    },
    "profile.none": {"en": "None recorded.", "es": "Ninguno registrado."},
}


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def check_language(lang: str) -> None:
    """Refuse a language the table does not have, naming those it has."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; allowed: {', '.join(LANGUAGES)}")


def template(key: str, lang: str = "en") -> str:
    """The raw template of ``key`` (for present.paragraph_html, which escapes the values)."""
    check_language(lang)
    try:
        return TEXTS[key][lang]
    except KeyError:
        raise KeyError(f"no text {key!r} in the translation table (labels.TEXTS)") from None


def text(key: str, lang: str = "en", **values) -> str:
    """The text of ``key`` in ``lang``, its placeholders filled from ``values``."""
    pattern = template(key, lang)
    missing = _placeholders(pattern) - set(values)
    if missing:
        raise KeyError(f"text {key!r} needs value(s) for {', '.join(sorted(missing))}")
    return pattern.format(**values)


def theme_text(theme: str, lang: str = "en") -> str:
    """A theme key's label; the none-stated bucket has its own label here."""
    key = f"theme.{theme}"
    return text(key, lang) if key in TEXTS else theme_label(theme, lang)


def level_text(level: str, lang: str = "en") -> str:
    """A government level's label (state, municipal, unresolved)."""
    key = f"level.{level}"
    return text(key, lang) if key in TEXTS else level


def status_text(status: str, lang: str = "en") -> str:
    """An agreement's standing on the reference date, as a label."""
    return text(f"status.{status}", lang)


def entity_text(entity_code: str, lang: str = "en") -> str:
    """An entity's name for readers: English name in English, common Spanish name in Spanish."""
    check_language(lang)
    record = entity_record(entity_code)
    return record["english_name"] if lang == "en" else record["entity"]


@lru_cache(maxsize=512)
def country_text(code: str, lang: str = "en") -> str:
    """A partner country's everyday name from CLDR ("Japan", "Japón"); "" means all."""
    check_language(lang)
    if not code:
        return text("all_partners", lang)
    return Locale.parse(lang).territories.get(code, code)


def number_text(value: float, lang: str = "en", digits: int = 2) -> str:
    """A number in the language's format (5.47, 5,47)."""
    check_language(lang)
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=lang)


def percent_text(share: float, lang: str = "en") -> str:
    """A share as a whole percentage in the language's format (95%, 95 %)."""
    check_language(lang)
    return format_percent(share, locale=lang)


def date_text(iso: str, lang: str = "en") -> str:
    """An ISO date to its precision in words, localised (dates.format_partial_date)."""
    check_language(lang)
    return format_partial_date(iso, lang)


def year_span(first: int | None, last: int | None, lang: str = "en") -> str:
    """ "1987–1995", "2030", or the word for none when there is no year."""
    if first is None or last is None:
        return text("no_events", lang)
    return str(first) if first == last else f"{first}–{last}"


def list_text(items: list[str], lang: str = "en") -> str:
    """Items joined as the language joins a list (CLDR: "a, b, and c", "a, b y c")."""
    check_language(lang)
    items = list(items)
    return format_list(items, locale=lang) if items else text("no_events", lang)
