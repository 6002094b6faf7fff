"""Heavy libraries are imported on first use: a report that never validates never pays."""

import subprocess
import sys

import pytest

from helpers.core.lazy import lazy_module


def test_a_lazy_module_imports_on_first_attribute_and_gives_the_real_attributes():
    json_module = lazy_module("json")
    assert json_module.dumps({"a": 1}) == '{"a": 1}'
    assert json_module.loads("[2]") == [2]


@pytest.mark.slow
def test_the_counts_and_schema_modules_import_pandera_only_to_validate():
    script = (
        "import sys\n"
        "import helpers.analysis.counts, helpers.tables.schemas, helpers.analysis.profiles\n"
        "print('pandera' in sys.modules)\n"
        "helpers.tables.schemas.agreements_schema()\n"
        "print('pandera' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["False", "True"]
