"""Where the project's folders are, so that notebooks and tests need no path tricks.

The package lives in ``src/helpers`` of the repository (editable install), so the
repository root is three levels above this file (src/helpers/core/paths.py).
"""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[3]
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
REFERENCE_DIR = RAW_DIR / "reference"
PROCESSED_DIR = DATA_DIR / "processed"
REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
HELPERS_DIR = PROJECT_ROOT / "src" / "helpers"


def project_relative(path: Path | str, root: Path = PROJECT_ROOT) -> str:
    """A path as recorded and cited (manifests, caches, provenance, citations): relative
    to the project root when inside it, so that it reads the same in every clone; else
    absolute."""
    path = Path(path).resolve()
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
