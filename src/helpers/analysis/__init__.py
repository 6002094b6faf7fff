"""Pure functions of the clean tables: counts by entity, theme, level and time, an
entity's profile, and the published claims re-checked against the data.
"""
