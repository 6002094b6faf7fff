"""Reading raw files: provenance first, then the text.

Every file under ``data/raw/`` has a ``<file>.meta.yaml`` sidecar recording where it
comes from and its sha256. Raw data that changed without its provenance must stop the
pipeline, so reading verifies the checksum. A file outside ``data/raw/`` (an analyst
trying another table) is read too, with a warning that it has no recorded provenance.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

import yaml

from helpers.core.lazy import lazy_module
from helpers.core.paths import RAW_DIR

# Only read_raw_csv needs pandas: the build, which reads sidecars and YAML here, never does.
pd = lazy_module("pandas")

SIDECAR_SUFFIX = ".meta.yaml"
# libyaml's safe loader where PyYAML was built with it: the same documents, read about ten
# times faster, which a build that finds nothing to do (every sidecar read) notices.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
REQUIRED_SIDECAR_FIELDS = (
    "title",
    "producer",
    "source_url",
    "accessed",
    "licence",
    "sha256",
    "description",
)


class RawDataError(ValueError):
    """A raw file that cannot be used, naming the file, the line and what was expected."""

    def __init__(
        self,
        path: Path | str,
        problem: str,
        *,
        line: int | None = None,
        expected: str | None = None,
    ):
        self.path = Path(path)
        self.line = line
        self.problem = problem
        self.expected = expected
        where = f"{self.path}" + (f", line {line}" if line is not None else "")
        message = f"{where}: {problem}"
        if expected:
            message += f" (expected {expected})"
        super().__init__(message)


class ProvenanceWarning(UserWarning):
    """A raw file read from outside data/raw/, with no recorded provenance."""


@dataclass(frozen=True)
class RawText:
    """A raw file's decoded text with what is known of its provenance."""

    path: Path
    text: str
    sha256: str
    sidecar: dict | None
    provenance_warning: str | None


def load_yaml(text: str):
    """A YAML document as plain data (safe loading: no Python objects), read with libyaml
    where available. Every YAML file the project reads goes through here."""
    return yaml.load(text, Loader=_YAML_LOADER)


def sidecar_path(path: Path | str) -> Path:
    """The provenance sidecar that belongs beside a raw file."""
    path = Path(path)
    return path.with_name(path.name + SIDECAR_SUFFIX)


def file_sha256(path: Path | str) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_sidecar(path: Path | str) -> dict:
    """The sidecar of ``path`` as a dict, checked for the fields a citation needs."""
    meta_path = sidecar_path(path)
    if not meta_path.exists():
        raise RawDataError(
            path,
            "raw file has no provenance sidecar",
            expected=f"a sidecar {meta_path.name} beside it",
        )
    meta = load_yaml(meta_path.read_text(encoding="utf-8")) or {}
    missing = [field for field in REQUIRED_SIDECAR_FIELDS if not meta.get(field)]
    if missing:
        raise RawDataError(
            meta_path,
            f"sidecar lacks {', '.join(missing)}",
            expected=f"fields {', '.join(REQUIRED_SIDECAR_FIELDS)}",
        )
    return meta


def is_under_raw(path: Path | str, raw_dir: Path = RAW_DIR) -> bool:
    """Whether a path lies inside the project's immutable raw-data folder."""
    return Path(path).resolve().is_relative_to(Path(raw_dir).resolve())


def verify_provenance(path: Path | str, raw_dir: Path = RAW_DIR) -> tuple[dict | None, str | None]:
    """Check a raw file against its sidecar.

    Returns (sidecar, warning). Inside ``raw_dir`` a missing sidecar or a checksum that
    does not match is an error; outside it the file is accepted with a warning text.
    """
    path = Path(path)
    if not path.exists():
        raise RawDataError(path, "file not found")
    if not is_under_raw(path, raw_dir):
        meta_path = sidecar_path(path)
        meta = load_yaml(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else None
        return meta, (
            f"{path} is outside {raw_dir}: it has no recorded provenance, "
            "so results from it cannot be cited as this compendium's data"
        )
    meta = read_sidecar(path)
    found = file_sha256(path)
    if found != meta["sha256"]:
        raise RawDataError(
            path,
            "checksum does not match its sidecar: the raw data changed without its provenance",
            expected=f"sha256 {meta['sha256']}, found {found}",
        )
    return meta, None


def decode_utf8(path: Path | str, data: bytes) -> str:
    """Decode bytes as UTF-8 (a byte-order mark is accepted), CRLF and CR as LF.

    Latin-1 / Windows-1252 files are refused with the line of the first bad byte: a
    silent guess would turn "Querétaro" into "QuerÃ©taro" or worse.
    """
    if not data.strip():
        raise RawDataError(path, "file is empty", expected="at least a header and one row")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RawDataError(
            path,
            f"not UTF-8: byte 0x{data[error.start]:02x} cannot be decoded; "
            "the file looks like Latin-1 or Windows-1252",
            line=line,
            expected="UTF-8 text (re-save the file as UTF-8)",
        ) from error
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_raw_text(path: Path | str, raw_dir: Path = RAW_DIR) -> RawText:
    """Verify a raw file's provenance, then decode it as UTF-8."""
    path = Path(path)
    meta, warning = verify_provenance(path, raw_dir)
    if warning:
        warnings.warn(warning, ProvenanceWarning, stacklevel=2)
    data = path.read_bytes()
    return RawText(
        path=path,
        text=decode_utf8(path, data),
        sha256=hashlib.sha256(data).hexdigest(),
        sidecar=meta,
        provenance_warning=warning,
    )


def read_raw_csv(
    path: Path | str, required_columns: list[str], raw_dir: Path = RAW_DIR
) -> tuple[pd.DataFrame, RawText]:
    """Read a raw CSV as strings (nothing inferred), checking its header."""
    raw = read_raw_text(path, raw_dir)
    frame = pd.read_csv(io.StringIO(raw.text), dtype=str, keep_default_na=False)
    missing = [column for column in required_columns if column not in frame.columns]
    if missing:
        raise RawDataError(
            path,
            f"header lacks column(s) {', '.join(missing)}; found "
            f"{', '.join(map(str, frame.columns))}",
            line=1,
            expected=f"a header with {', '.join(required_columns)}",
        )
    return frame, raw


def require_reference_shape(
    frame: pd.DataFrame,
    path: Path | str,
    *,
    key: str,
    first_line: int,
    rows: int | None = None,
) -> None:
    """Stop on a reference table that cannot be right: a key that repeats (named, with its
    lines) or, when ``rows`` is given, another number of rows (INEGI's 32 entities).

    An explicit error, not an assert: a reference table read wrong gives wrong values to
    every row that looks it up, and ``python -O`` drops asserts. ``first_line`` is the
    file line of the frame's row 0 (the frame's index must still be the file's order).
    """
    repeated = frame[frame[key].duplicated(keep=False)]
    if len(repeated):
        lines = {}
        for index, value in repeated[key].items():
            lines.setdefault(value, []).append(str(index + first_line))
        listed = "; ".join(f"{value!r} on lines {', '.join(at)}" for value, at in lines.items())
        raise RawDataError(
            path,
            f"{key} repeats: {listed}",
            line=int(repeated.index[0]) + first_line,
            expected=f"each {key} once",
        )
    if rows is not None and len(frame) != rows:
        raise RawDataError(path, f"{len(frame)} rows", expected=f"{rows} rows, one per {key}")
