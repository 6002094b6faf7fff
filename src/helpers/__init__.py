"""Helpers for the Mexico local-diplomacy compendium.

One module per pipeline stage (the README's Layout section): lower modules never import higher ones.
Order, lowest first:

- foundations: paths, text, outputs, sources, parameters, citation;
- reference data: entities, institutions, themes, dates, countries;
- cleaning: cleaning, schemas, agreements, bulletins, dictionary;
- analysis: labels, counts, claims, figures, profiles;
- presentation: present, story, render;
- the build: execute, warm_kernels, build, cli.
"""

PROJECT_NAME = "Mexico Local Diplomacy Compendium"


def __getattr__(name: str) -> str:
    """``__version__``, read from the installed package's metadata when first asked for:
    the lookup scans every installed distribution (about 0.08 s), which a build that finds
    nothing to do, and most imports of the package, never need."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("mx-local-diplomacy")
    except PackageNotFoundError:  # running from a source tree that was never installed
        value = "0.0.0+unknown"
    globals()["__version__"] = value
    return value
