"""Helpers for the Mexico local-diplomacy compendium.

One package per stage of the data flow (docs/architecture.md draws it). A stage imports
only the stages below it, a contract that `make lint` checks (import-linter, in
pyproject.toml). From the bottom up:

- core: paths, raw files and their provenance, text, outputs, citation;
- reference: entities and municipalities, countries, dates, institutions, themes;
- tables: the schemas of every table written, and the data dictionary;
- clean: the agreements and bulletins cleanings, and their log;
- words: every word a report shows, in English and Spanish;
- analysis: counts, profiles and claims, pure functions of the clean tables;
- figures: drawing and saving citable figures, and their index;
- report: the story told in a notebook, and its rendering to HTML and PDF;
- build: the report jobs, their parameters, running, caching, and the command line.
"""

PROJECT_NAME = "Mexico Local Diplomacy Compendium"
DISTRIBUTION = "mx-local-diplomacy"
"""The package's name (pyproject.toml): its installed metadata, the archive's name."""


def __getattr__(name: str) -> str:
    """``__version__``, read from the installed package's metadata when first asked for:
    the lookup scans every installed distribution (about 0.08 s), which a build that finds
    nothing to do, and most imports of the package, never need."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version(DISTRIBUTION)
    except PackageNotFoundError:  # running from a source tree that was never installed
        value = "0.0.0+unknown"
    globals()["__version__"] = value
    return value
