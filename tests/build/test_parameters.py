"""Parameters refused before a notebook runs, with what is allowed."""

import pytest

from helpers.build.parameters import (
    ParameterError,
    check_notebook_call,
    check_parameter_meaning,
    check_parameters,
    declared_parameters,
    require_types,
)
from helpers.core.paths import NOTEBOOKS_DIR

NB01 = NOTEBOOKS_DIR / "01_clean_agreements.ipynb"


@pytest.mark.parametrize(
    "values, message",
    [
        ({"lang": "fr"}, "parameter 'lang' is 'fr'; allowed: en, es"),
        ({"entity_code": "33"}, "parameter 'entity_code' is '33'; allowed: 01, 02"),
        ({"partner_country": "Russia"}, "ISO 3166-1 alpha-2"),
        ({"reference_date": "2021-13-01"}, "allowed: an ISO date"),
        ({"start_year": 2022, "end_year": 2021}, "start_year 2022 is after end_year 2021"),
    ],
)
def test_meaningless_values_are_refused(values, message):
    with pytest.raises(ParameterError, match=message):
        check_parameter_meaning(values)


def test_meaningful_values_pass():
    check_parameter_meaning(
        {
            "lang": "es",
            "entity_code": "05",
            "partner_country": "RU",
            "reference_date": "2021-12-31",
            "start_year": 1999,
            "end_year": 2021,
        }
    )


def test_names_and_types_are_checked_against_the_parameters_cell():
    with pytest.raises(
        ParameterError, match="unknown parameter 'raw_pth'; allowed: raw_path \\(str\\)"
    ):
        check_notebook_call(NB01, {"raw_pth": "x"})
    with pytest.raises(ParameterError, match="parameter 'strict' must be bool, got str"):
        check_notebook_call(NB01, {"strict": "yes"})
    check_notebook_call(NB01, {"strict": True, "raw_path": "x.txt"})


def test_declared_parameters_read_types_defaults_and_help():
    declared = declared_parameters(NB01)
    assert declared["strict"].default is False and declared["strict"].type_name == "bool"
    assert "unreadable row" in declared["strict"].help


def test_require_types_in_a_notebook():
    require_types(year=(2021, int))
    with pytest.raises(ParameterError, match="must be int, got bool"):
        require_types(year=(True, int))


def test_check_parameters_reads_the_declarations_and_checks_types_then_meaning():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.run_cell('lang: str = "en"  # language\nstart_year: int = 1990  # first year\n')
    shell.run_cell('lang = "es"')  # what papermill's injected cell does
    assert check_parameters(shell.user_ns) is None  # nothing to show under the cell
    shell.run_cell("start_year = '1990'")
    with pytest.raises(ParameterError, match="'start_year' must be int"):
        check_parameters(shell.user_ns)
    shell.run_cell('start_year = 1990\nlang = "fr"')
    with pytest.raises(ParameterError, match="lang"):
        check_parameters(shell.user_ns)
    with pytest.raises(ParameterError, match="no parameters declared"):
        check_parameters({"lang": "en"})
