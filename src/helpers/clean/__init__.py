"""Cleaning the raw sources into the clean tables: the SRE agreements table, the CEDL
bulletin entries, and the log that accounts for every raw row (clean, flagged or
rejected).
"""
