"""Provenance sidecars and reading raw files."""

import hashlib
import warnings
from datetime import date

import pandas as pd
import pytest
import yaml

from helpers.core.paths import RAW_DIR
from helpers.core.sources import (
    REQUIRED_SIDECAR_FIELDS,
    ProvenanceWarning,
    RawDataError,
    decode_utf8,
    read_raw_text,
    sidecar_path,
    verify_provenance,
)

RAW_FILES = sorted(
    p
    for p in RAW_DIR.rglob("*")
    if p.is_file() and not p.name.endswith(".meta.yaml") and p.name != "README.md"
)


def test_there_are_raw_files():
    assert {p.parent.name for p in RAW_FILES} >= {"sre", "reference"}


@pytest.mark.parametrize("raw_file", RAW_FILES, ids=lambda p: str(p.relative_to(RAW_DIR)))
def test_every_raw_file_has_a_complete_sidecar_with_its_checksum(raw_file):
    meta_path = sidecar_path(raw_file)
    assert meta_path.exists(), f"{raw_file} has no sidecar"
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    missing = [f for f in REQUIRED_SIDECAR_FIELDS if not meta.get(f)]
    assert not missing, f"{meta_path} lacks {missing}"
    assert meta["sha256"] == hashlib.sha256(raw_file.read_bytes()).hexdigest()
    assert str(meta["source_url"]).startswith("https://")
    date.fromisoformat(str(meta["accessed"]))


def test_every_sidecar_belongs_to_a_file():
    for meta_path in RAW_DIR.rglob("*.meta.yaml"):
        assert meta_path.with_name(meta_path.name.removesuffix(".meta.yaml")).exists(), meta_path


def _raw_copy(tmp_path, content: bytes, with_sidecar=True, sha=None):
    raw_dir = tmp_path / "raw"
    (raw_dir / "src").mkdir(parents=True)
    path = raw_dir / "src" / "table.txt"
    path.write_bytes(content)
    if with_sidecar:
        meta = {field: "x" for field in REQUIRED_SIDECAR_FIELDS}
        meta["sha256"] = sha or hashlib.sha256(content).hexdigest()
        sidecar_path(path).write_text(yaml.safe_dump(meta), encoding="utf-8")
    return raw_dir, path


def test_changed_raw_file_stops_naming_the_file(tmp_path):
    raw_dir, path = _raw_copy(tmp_path, b"abc\n", sha="0" * 64)
    with pytest.raises(RawDataError, match=r"table\.txt: checksum does not match"):
        verify_provenance(path, raw_dir)


def test_raw_file_without_sidecar_stops(tmp_path):
    raw_dir, path = _raw_copy(tmp_path, b"abc\n", with_sidecar=False)
    with pytest.raises(RawDataError, match="no provenance sidecar"):
        verify_provenance(path, raw_dir)


def test_file_outside_raw_is_read_with_a_provenance_warning(tmp_path):
    path = tmp_path / "elsewhere.txt"
    path.write_text("Yucatán\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        raw = read_raw_text(path)
    assert raw.text == "Yucatán\n"
    assert raw.provenance_warning and "no recorded provenance" in raw.provenance_warning
    assert any(issubclass(w.category, ProvenanceWarning) for w in caught)


def test_latin1_is_refused_with_the_line():
    data = "first line\nYucatán\n".encode("latin-1")
    with pytest.raises(RawDataError, match=r"line 2: not UTF-8.*Latin-1") as error:
        decode_utf8("t.txt", data)
    assert error.value.line == 2


def test_bom_and_crlf_are_accepted():
    assert decode_utf8("t.txt", "\ufeffa\r\nb\r\n".encode()) == "a\nb\n"


def test_empty_file_is_refused():
    with pytest.raises(RawDataError, match="file is empty"):
        decode_utf8("t.txt", b"  \n")


def test_a_reference_key_that_repeats_is_named_with_its_lines(tmp_path):
    from helpers.core.sources import require_reference_shape

    frame = pd.DataFrame({"code": ["01", "02", "01", "03", "02"]})
    with pytest.raises(RawDataError) as raised:
        require_reference_shape(frame, tmp_path / "t.csv", key="code", first_line=2)
    message = str(raised.value)
    assert "t.csv, line 2: code repeats" in message
    assert "'01' on lines 2, 4; '02' on lines 3, 6" in message
    require_reference_shape(frame.drop_duplicates(), tmp_path / "t.csv", key="code", first_line=2)


def test_a_reference_table_of_the_wrong_size_is_refused(tmp_path):
    from helpers.core.sources import require_reference_shape

    frame = pd.DataFrame({"entity_code": [f"{n:02d}" for n in range(1, 32)]})
    with pytest.raises(RawDataError, match=r"31 rows \(expected 32 rows, one per entity_code\)"):
        require_reference_shape(frame, "e.csv", key="entity_code", first_line=2, rows=32)
