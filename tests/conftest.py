"""Shared fixtures: the real raw files, and a tmp copy of data/raw for provenance tests."""

from pathlib import Path

import pytest

from helpers.core.paths import PROJECT_ROOT, RAW_DIR

SRE_RAW = RAW_DIR / "sre" / "agreements_mx_ru_cemeri.txt"


@pytest.fixture
def repo_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture
def sre_raw_text() -> str:
    return SRE_RAW.read_text(encoding="utf-8")
