"""Writing tables so that a reader never sees a half-written file.

Each file is written to a temporary name in the same folder and moved into place only
when complete, so an interrupted step leaves the previous version intact.

When the build runs a notebook it names a record file in ``HELPERS_OUTPUTS_RECORD``;
every file written here is then listed in it, so the build knows exactly which files
each report job produced (and can tell when one was changed or removed behind its back).
A notebook run by hand, in JupyterLab or with papermill, records nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported by whoever passes a frame; the build needs it not
    import pandas as pd

OUTPUTS_RECORD = "HELPERS_OUTPUTS_RECORD"
# The SOURCE_DATE_EPOCH (2023-11-14) the project sets when none is set, declared only here: the time written
# into figures and PDF fonts, fixed so that outputs do not record when they were built.
REPRODUCIBLE_EPOCH = "1700000000"
REPRODUCIBLE_TIME = dt.datetime.fromtimestamp(int(REPRODUCIBLE_EPOCH), dt.UTC)
"""The same moment as a datetime: the date written into catalogs' headers and zip members."""
_UMASK = os.umask(0)
os.umask(_UMASK)


def write_atomic(path: Path | str, content: str | bytes) -> Path:
    """Write text or bytes to ``path`` through a temporary file and an atomic rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_UMASK)  # mkstemp makes 0600; give the usual mode
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    record = os.environ.get(OUTPUTS_RECORD)
    if record:  # one short line per write, appended whole: safe beside other writers
        with open(record, "a", encoding="utf-8") as stream:
            stream.write(f"{path.resolve()}\n")
    return path


def write_csv(frame: pd.DataFrame, path: Path | str) -> Path:
    """A table as UTF-8 CSV with LF line ends, written atomically, byte-stable across runs."""
    return write_atomic(path, frame.to_csv(index=False, lineterminator="\n"))


def write_json(data: dict | list, path: Path | str) -> Path:
    """JSON with sorted keys and a final newline, written atomically."""
    return write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
