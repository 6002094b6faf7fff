"""Helpers for the Mexico local-diplomacy compendium.

One module per pipeline stage (the README's Layout section): lower modules never import higher ones.
Order, lowest first:

- foundations: paths, text, outputs, sources, parameters, citation;
- reference data: entities, institutions, themes, dates, countries;
- cleaning: cleaning, schemas, agreements, bulletins, dictionary;
- analysis: labels, counts, claims, figures, profiles;
- presentation: present, story, render;
- the build: build, cli.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mx-local-diplomacy")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

PROJECT_NAME = "Mexico Local Diplomacy Compendium"
