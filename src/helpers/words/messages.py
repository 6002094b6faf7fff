"""Every message a report shows, written once, in English, under a key.

This is the source of the translation catalogs: ``python -m helpers.words.catalog extract``
writes them into ``locale/messages.pot`` (each key is the message's context, its English
text the msgid) and merges them into each language's ``.po``, where translators work; the
build compiles the ``.po`` files (``make catalogs``). A message's ``{placeholders}`` take
values computed from the data, never typed; ``**`` around words marks them strong (the
report renders it, no HTML in a message). A message that depends on a number has plural
forms (``plural``), chosen by each language's own rule (gettext's ngettext).
"""

from __future__ import annotations

from typing import NamedTuple


class Message(NamedTuple):
    """A message: its key, its English text, and its English plural when it has one."""

    key: str
    english: str
    english_plural: str = ""


def message(key: str, english: str) -> Message:
    """A message without plural forms."""
    return Message(key, english)


def plural(key: str, singular: str, plural_form: str) -> Message:
    """A message that counts something (``{count}``): singular and plural in English."""
    return Message(key, singular, plural_form)


_DECLARED = (
    # --- single words and column headers ---------------------------------------------------
    message("agreements", "Agreements"),
    message("interactions", "Interactions"),
    message("total", "Total"),
    message("events", "Events"),
    message("entity", "Federal entity"),
    message("theme", "Theme"),
    message("level", "Level"),
    message("year", "Year signed"),
    message("decade", "Decade signed"),
    message("population_2020", "Population 2020"),
    message("total_per_million", "Events per million inhabitants"),
    message("status", "Standing"),
    message("signed_on", "Signed"),
    message("valid_until", "Valid until"),
    message("validity", "Validity"),
    message("foreign_party", "Foreign party"),
    message("figure", "Figure"),
    message("file", "File"),
    message("title", "Title"),
    message("period.range", "years {start}–{end}"),
    message("period.all", "all years on record ({span})"),
    message("citation", "How to cite"),
    message("statement", "The article says"),
    message("quote", "Article's words"),
    message("quote.in", "Article's words (in {language})"),
    message("evidence", "What the data show"),
    message("verdict", "Verdict"),
    message("supported", "supported"),
    message("not-supported", "not supported"),
    message("decade_label", "{decade}s"),
    message("all_partners", "all partner countries"),
    message("no_events", "none"),
    message("warning", "Warning:"),
    # --- categories --------------------------------------------------------------------------
    message("level.state", "State"),
    message("level.municipal", "Municipal"),
    message("level.unresolved", "Place not resolved"),
    message("theme.none-stated", "None stated"),
    message("status.active", "In force"),
    message("status.expired", "Ended"),
    message("status.unspecified", "Validity not specified (not counted as in force)"),
    message("status.not-yet-signed", "Signed later"),
    message("validity.fixed-term", "Fixed term"),
    message("validity.indefinite", "Indefinite (open-ended)"),
    message("validity.unspecified", "Validity not specified"),
    message("partial_signing", "Signing date known to month or year only"),
    message("reference_line", "Reference date: {date}"),
    message("no_activity", "No recorded activity"),
    message("map_legend", "Agreements + interactions"),
    message("empty_figure", "Nothing to draw: no events in the selection"),
    # --- the source note under every figure --------------------------------------------------
    message("source.prefix", "Source: "),
    message("source.agreements", "SRE, inter-institutional agreements registry, via CEMERI"),
    message("source.interactions", "CEDL bulletins"),
    message("source.boundaries", "boundaries: INEGI geostatistical framework (simplified)"),
    message("source.figure", "Figure: {project}, {version}."),
    # --- figure titles and captions -------------------------------------------------------
    message(
        "fig-entity-counts.title",
        "Agreements and interactions with {country}, by federal entity",
    ),
    message(
        "fig-entity-counts.caption",
        "Inter-institutional agreements registered with the SRE (signed {agreement_years}) and interactions reported in the CEDL bulletins ({interaction_years}), by Mexican federal entity; municipal events count for their entity. {active} of {entities} entities have at least one event; the other {inactive} are not shown.",
    ),
    message("fig-themes.title", "Themes of agreements and interactions with {country}"),
    message(
        "fig-themes.caption",
        "Agreements and interactions per theme. An interaction with several themes counts once for each of them ({theme_mentions} theme mentions for {interactions} interactions). '{none_stated}' gathers events whose source gives no theme. Themes with no event are not shown.",
    ),
    message("fig-entity-theme.title", "Federal entities and themes of engagement with {country}"),
    message(
        "fig-entity-theme.caption",
        "Agreements plus interactions per federal entity and theme (an interaction counts once for each of its themes). Blank cells: no event.",
    ),
    message(
        "fig-agreements-timeline.title",
        "Inter-institutional agreements with {country}: signing and validity",
    ),
    message(
        "fig-agreements-timeline.caption",
        "Each line runs from the signing date to the end of validity (to the end of the month or year when only those are known). Arrows: indefinite validity. Diamonds: validity not specified. Open circles: signing date known only to the month or year. Dashed line: the reference date, {date}, on which {active} of {agreements} agreements are in force.",
    ),
    message("fig-map-engagement.title", "Engagement with {country} by federal entity"),
    message(
        "fig-map-engagement.caption",
        "Agreements plus interactions per federal entity. Hatched: no recorded activity ({inactive} of {entities} entities), which is not the same as missing data.",
    ),
    message("fig-levels.title", "Government level of the Mexican actors engaging with {country}"),
    message(
        "fig-levels.caption",
        "Agreements and interactions by the level of the Mexican actor: state governments and state institutions, or municipalities.",
    ),
    # --- the claims check (the statements and quotes are data: data/raw/claims/) ------------
    message(
        "claim.level-share.evidence",
        "{count} of {resolved} events ({share}) have a Mexican actor at {level} level: {agreements_level} of {agreements} agreements and {interactions_level} of {interactions} interactions; the statement needs more than {threshold}.",
    ),
    message("claim.level.state", "state"),
    message("claim.level.municipal", "municipal"),
    message(
        "claim.only-municipal.evidence",
        "{events} events in {year}, {municipal} of them municipal; municipal actors: {actors}.",
    ),
    message("claim.oldest-agreement.evidence", "The oldest of {agreements} agreements: {found}."),
    message("claim.oldest-agreement.one", "{entity} with {foreign_party}, signed {date}"),
    message(
        "claim.themes-cover.evidence",
        "Agreements by theme: {named} (of {agreements}); the most frequent theme is {top} ({top_count}).",
    ),
    message("claim.themes-cover.interactions", "Among interactions: {named_interactions}."),
    message(
        "claim.theme-share.evidence",
        "{theme}: {later} of {events_later} events in {later_years} ({share_later}), against {earlier} of {events_earlier} events in {earlier_years} ({share_earlier}).",
    ),
    message("claim.source.agreements", "agreements ({years})"),
    message("claim.source.bulletins", "bulletin entries ({years})"),
    message("claim.caveat.sources", "it compares {earlier} with {later}: different sources"),
    message("claim.verdict.caveat", "{verdict}, but {caveat}"),
    # --- the report page around the notebook's outputs (helpers.report.render) ----------------
    message("report.parameters", "Parameters"),
    message("report.defaults", "notebook defaults"),
    message("report.data_version", "Data version"),
    message("report.code_version", "Code version"),
    # --- the published site (helpers.report.site) and its report headers --------------------
    message("site.home", "Compendium home"),
    message("site.pdf", "PDF"),
    message("site.title", "Mexico's local diplomacy with {country}"),
    message(
        "site.lead",
        "This compendium answers which Mexican states and municipalities act abroad with {country}, since when and on which themes. It reads the inter-institutional agreements registered with the Ministry of Foreign Affairs (SRE) and the activities recorded in the CEDL bulletins (CEMERI), cleans them, counts them by federal entity and theme, and draws them. Every number on these pages is computed from the data when the site is built.",
    ),
    message("site.in_numbers", "In numbers"),
    plural(
        "site.headline.agreements",
        "**{count}** inter-institutional agreement registered with the SRE, signed {years}",
        "**{count}** inter-institutional agreements registered with the SRE, signed {years}",
    ),
    plural(
        "site.headline.interactions",
        "**{count}** interaction recorded in the CEDL bulletins, {years}",
        "**{count}** interactions recorded in the CEDL bulletins, {years}",
    ),
    plural(
        "site.headline.entities",
        "**{count}** of {entities} federal entities with at least one of them",
        "**{count}** of {entities} federal entities with at least one of them",
    ),
    message("site.reports", "Reports"),
    message("site.reports.lead", "Each report as a web page and as a PDF."),
    message("site.in_language", "in {language}"),
    message("site.figures", "Figures"),
    message(
        "site.figures.lead",
        "Each figure has its own page, with its data, its files and how to cite it.",
    ),
    message("site.tables", "Tables"),
    message(
        "site.tables.lead",
        "The processed tables, each with its columns, its first rows and where it comes from.",
    ),
    message("site.data_package", "All the tables, described as a Frictionless Data Package"),
    plural("site.rows", "{count} row", "{count} rows"),
    message("site.downloads", "Downloads"),
    message("site.format", "Format"),
    message("site.bytes", "Size (bytes)"),
    message("site.sha256", "SHA-256"),
    message("site.figure.data", "The data drawn"),
    message("site.figure.data_lead", "The numbers the figure draws, exactly as in its CSV file."),
    message("site.figure.report", "Shown in the report"),
    message("site.citation_files", "Citation files"),
    message("site.table.first_rows", "The first rows"),
    message("site.table.columns", "Columns"),
    message(
        "site.table.columns_lead",
        "From the data dictionary, made from the same declarations the pipeline validates the table with.",
    ),
    message("site.table.provenance", "Provenance"),
    message("site.table.written_by", "Written by the report"),
    message("site.table.derived", "Computed from the cleaned tables, whose sources follow."),
    message("site.table.sources", "Sources"),
    message("site.table.reference", "Reference data"),
    message("site.source.producer", "Producer"),
    message("site.source.address", "Address"),
    message("site.source.terms", "Terms"),
    message("site.source.file", "File in the compendium"),
    message("site.built", "Built from data version {data} and code version {code}."),
    message("table.agreements", "Inter-institutional agreements, cleaned"),
    message("table.interactions", "Bulletin interactions, cleaned"),
    message("table.agreements_rejects", "Agreements table: rows rejected, with their reasons"),
    message("table.interactions_rejects", "Bulletin entries: rows rejected, with their reasons"),
    message("table.agreements_cleaning_log", "Agreements table: cleaning log"),
    message("table.interactions_cleaning_log", "Bulletin entries: cleaning log"),
    message("table.counts_by_entity", "Agreements and interactions by federal entity"),
    message("table.counts_by_theme", "Agreements and interactions by theme"),
    message("table.counts_entity_theme", "Agreements and interactions by federal entity and theme"),
    message("table.counts_by_level", "Agreements and interactions by government level"),
    message("table.agreements_by_year", "Agreements by year signed"),
    message("table.agreements_by_decade", "Agreements by decade signed"),
    message("table.counts_per_million", "Agreements and interactions per million inhabitants"),
    message("table.agreements_status", "Agreements and their standing on the reference date"),
    message("table.counts_overview", "Overview: totals and the years covered"),
    # --- report titles (notebooks/reports.yml names them by key: title_message) ----------------
    message(
        "report.clean-agreements.title", "Inter-institutional agreements: the cleaned SRE table"
    ),
    message("report.clean-bulletins.title", "Local diplomacy bulletins: the cleaned interactions"),
    # --- the notebook's story ---------------------------------------------------------------
    message(
        "story.title",
        "Mexico's local diplomacy with {country}: counts by federal entity and theme",
    ),
    message(
        "story.intro",
        "This report counts the inter-institutional agreements that Mexican states and municipalities registered with the Ministry of Foreign Affairs (SRE) and the interactions reported in the Mexican Local Diplomacy Bulletins of the CEDL (CEMERI), for {partner}, {period}. Every number below is computed from the processed tables when the report is built.",
    ),
    message(
        "story.overview",
        "The selection holds **{events} events**: {agreements} agreements (signed {agreement_years}) and {interactions} interactions ({interaction_years}). **{active} of Mexico's {entities} federal entities** have at least one; the other {inactive} have no recorded activity.",
    ),
    message(
        "story.unresolved",
        "{count} interactions name a place that could not be resolved to an entity: they count in the theme and level tables, not in any entity's row.",
    ),
    message(
        "story.no_interactions",
        "No interactions table was found at {path}: the report counts agreements only. Build the bulletins' table first (notebook 02, or make report).",
    ),
    message(
        "story.entities",
        "{top_entity} leads with {top_total} events ({top_agreements} agreements, {top_interactions} interactions). Entities with both agreements and interactions: {both}.",
    ),
    message(
        "story.per_million",
        "Per million inhabitants (2020 census), among the entities with any activity, the highest rate is {top_rate_entity}'s ({top_rate} events per million) and the lowest {bottom_rate_entity}'s ({bottom_rate}).",
    ),
    message(
        "story.themes",
        "The most frequent theme of the agreements is {top_agreement_theme} ({top_agreement_count} of {agreements}); of the interactions, {top_interaction_theme} ({top_interaction_count} of {interactions}).",
    ),
    message(
        "story.time",
        "The oldest agreement was signed {oldest}; the most recent {newest}. Standing on {reference_date}: in force, {active}; ended, {expired}; validity not stated, {unspecified} (shown apart, never counted as in force); signed later, {later}.",
    ),
    message(
        "story.claims",
        "The published statements about {partner} whose years this selection ({period}) includes, each re-computed from the data on the years and sources it speaks of and marked supported or not.",
    ),
    message(
        "story.claims.none",
        "No published claims cover this selection ({partner}, {period}). The claims on file speak of {scopes}: a report checks a claim when it selects the claim's partner country and years that include all of the claim's years.",
    ),
    message(
        "story.claims.none-on-file",
        "No published claims cover this selection ({partner}, {period}): there are no claims files in {folder}.",
    ),
    message(
        "story.claims.summary",
        "{supported} of {claims} statements are supported by the data.",
    ),
    # --- the entity profile (notebook 04) -------------------------------------------------------
    message("mexican_party", "Mexican party"),
    message("date", "Date"),
    message("place", "Place"),
    message("summary", "What happened"),
    message("source", "Source"),
    message("profile.title", "{entity}: local diplomacy with {partner}"),
    message(
        "profile.summary",
        "{entity} has {agreements} and {interactions} with {partner}. By total events it ranks {rank} among the {active} entities with any activity (of {entities}); {tied}.",
    ),
    plural("profile.agreements", "{count} registered agreement", "{count} registered agreements"),
    plural("profile.interactions", "{count} recorded interaction", "{count} recorded interactions"),
    plural(
        "profile.tied",
        "{count} other entity shares its total",
        "{count} other entities share its total",
    ),
    message("profile.timeline.heading", "The agreements over time"),
    message(
        "profile.timeline.caption",
        "Each line runs from signing to the end of validity; the dashed line is {reference_date}.",
    ),
    message(
        "profile.standing",
        "Standing on {reference_date}; an agreement whose validity is not specified is never counted as in force.",
    ),
    message("profile.none", "None recorded."),
)
MESSAGES: dict[str, Message] = {entry.key: entry for entry in _DECLARED}
if len(MESSAGES) != len(_DECLARED):  # the later one would silently replace the first
    _twice = sorted({e.key for e in _DECLARED if sum(d.key == e.key for d in _DECLARED) > 1})
    raise ValueError(f"message key(s) declared twice: {', '.join(_twice)}")
