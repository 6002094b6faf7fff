"""A report as a reader sees it: the notebook's story in its language, tables shown as
text, the executed notebook rendered to HTML and PDF, and the published site.

The templates of the report pages and of the site are in ``templates/``, read by one
Jinja environment (``template_environment``): it escapes every value, and a value a
template names that nobody gave is an error, not an empty string.
"""

from functools import lru_cache
from pathlib import Path

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def template_environment():
    """The Jinja environment of every page (imported here without nbconvert or WeasyPrint)."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
