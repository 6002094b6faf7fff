"""The foundations every stage stands on: where the folders are, reading raw files with
their provenance, normalising text, writing outputs atomically, citing the compendium.
It imports no other stage.
"""
