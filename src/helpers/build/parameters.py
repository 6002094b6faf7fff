"""A notebook's ``parameters`` cell as a contract, checked before anything runs.

papermill only warns about unknown names and guesses types. Here the cell is read
(plain ``name: type = value  # comment`` lines), and a set of values is refused when a
name is unknown or a value has the wrong type, with a message listing what is allowed.
"""

from __future__ import annotations

import ast
import csv
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from helpers.core.languages import LANGUAGES
from helpers.core.paths import REFERENCE_DIR

_TYPES = {"str": str, "int": int, "float": (int, float), "bool": bool}


class ParameterError(ValueError):
    """Parameters that the notebook does not accept."""


@dataclass(frozen=True)
class Parameter:
    """One declared parameter: its name, type name, default value and comment."""

    name: str
    type_name: str
    default: object
    help: str


def parameters_cell(notebook: Path | str) -> str:
    """The source of the cell tagged ``parameters`` (an error when there is none)."""
    # Plain JSON, not nbformat: importing nbformat's validator costs seconds, and the build
    # reads every notebook's parameters even when nothing needs rebuilding.
    cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    for cell in cells:
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get(
            "tags", []
        ):
            source = cell.get("source", "")
            return "".join(source) if isinstance(source, list) else source
    raise ParameterError(f"{notebook}: no cell tagged 'parameters'")


def declared_parameters(notebook: Path | str) -> dict[str, Parameter]:
    """The parameters a notebook declares, from annotated assignments in its cell."""
    source = parameters_cell(notebook)
    comments = {
        number: line.split("#", 1)[1].strip()
        for number, line in enumerate(source.splitlines(), start=1)
        if "#" in line
    }
    declared: dict[str, Parameter] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            type_name = ast.unparse(node.annotation)
            if type_name not in _TYPES:
                raise ParameterError(
                    f"{notebook}: parameter {node.target.id} has type "
                    f"{type_name}; plain types only ({', '.join(_TYPES)})"
                )
            declared[node.target.id] = Parameter(
                node.target.id,
                type_name,
                ast.literal_eval(node.value),
                comments.get(node.lineno, ""),
            )
        elif not isinstance(node, ast.Expr):
            raise ParameterError(
                f"{notebook}: the parameters cell holds more than plain "
                f"typed values (line {node.lineno})"
            )
    return declared


def check_parameter_values(values: dict, declared: dict[str, Parameter], where: str = "") -> None:
    """Refuse unknown names and wrong types, listing what the notebook allows."""
    allowed = ", ".join(f"{p.name} ({p.type_name})" for p in declared.values())
    prefix = f"{where}: " if where else ""
    for name, value in values.items():
        if name not in declared:
            raise ParameterError(f"{prefix}unknown parameter {name!r}; allowed: {allowed}")
        expected = _TYPES[declared[name].type_name]
        if (
            isinstance(value, bool)
            and declared[name].type_name != "bool"
            or not isinstance(value, expected)
        ):
            raise ParameterError(
                f"{prefix}parameter {name!r} must be "
                f"{declared[name].type_name}, got {type(value).__name__} "
                f"{value!r}; allowed: {allowed}"
            )


def check_notebook_parameters(notebook: Path | str, values: dict) -> None:
    """Check values against a notebook's parameters cell before it runs."""
    check_parameter_values(values, declared_parameters(notebook), str(notebook))


def check_choice(name: str, value, allowed) -> None:
    """A value that must be one of a set, refused with the set listed."""
    allowed = list(allowed)
    if value not in allowed:
        raise ParameterError(
            f"parameter {name!r} is {value!r}; allowed: {', '.join(map(str, allowed))}"
        )


def check_parameters(namespace: dict) -> None:
    """In a notebook's cell after its parameters: every parameter checked in one call.

    ``check_parameters(globals())``. The parameters are what the ``parameters`` cell
    declares, each once, as an annotated assignment (``lang: str = "en"  # meaning``): the
    annotations give their names and types, the namespace their values as the run received
    them (papermill's injected cell assigns after the declarations). Types first
    (require_types), then meaning (check_parameter_meaning). Returns nothing, so that
    the cell shows nothing.
    """
    declared = dict(namespace.get("__annotations__", {}))
    if not declared:
        raise ParameterError("no parameters declared: the parameters cell has no annotations")
    values = {name: namespace[name] for name in declared}
    require_types(**{name: (values[name], kind) for name, kind in declared.items()})
    check_parameter_meaning(values)


def require_types(**values: tuple[object, type]) -> None:
    """In a notebook's second cell: each parameter must have its declared type.

    ``require_types(strict=(strict, bool))``; papermill may pass "1" for 1 or a string
    for a bool when called from the command line without ``-y``.
    """
    for name, (value, expected) in values.items():
        if expected is not bool and isinstance(value, bool) or not isinstance(value, expected):
            raise ParameterError(
                f"parameter {name!r} must be {expected.__name__}, got "
                f"{type(value).__name__} {value!r}"
            )


@lru_cache(maxsize=1)
def _entity_codes() -> list[str]:
    """INEGI entity codes from the reference table, read without pandas.

    The build checks every job's parameters even when nothing needs rebuilding; importing
    pandas (through helpers.reference.entities) would cost that no-op build half a second.
    """
    with (REFERENCE_DIR / "entities.csv").open(encoding="utf-8", newline="") as stream:
        return [row["entity_code"] for row in csv.DictReader(stream)]


def check_parameter_meaning(values: dict) -> None:
    """Values that have the right type but no meaning are refused, listing what is allowed.

    One rule per parameter name, shared by every notebook and by the build (which calls
    it before a job runs): ``lang``, ``entity_code``, ``partner_country``,
    ``reference_date``, and ``start_year`` <= ``end_year``.
    """
    import datetime as dt

    import pycountry

    if "lang" in values:
        check_choice("lang", values["lang"], LANGUAGES)
    if "entity_code" in values:
        check_choice("entity_code", values["entity_code"], _entity_codes())
    if "partner_country" in values and values["partner_country"] != "":
        if pycountry.countries.get(alpha_2=str(values["partner_country"])) is None:
            raise ParameterError(
                f"parameter 'partner_country' is {values['partner_country']!r}; "
                "allowed: an ISO 3166-1 alpha-2 code such as RU, US, DE"
            )
    if "reference_date" in values:
        try:
            dt.date.fromisoformat(str(values["reference_date"]))
        except ValueError:
            raise ParameterError(
                f"parameter 'reference_date' is {values['reference_date']!r}; "
                "allowed: an ISO date YYYY-MM-DD"
            ) from None
    start, end = values.get("start_year"), values.get("end_year")
    if start is not None and end is not None and start > end:
        raise ParameterError(
            f"start_year {start} is after end_year {end}; allowed: start_year <= end_year"
        )


def check_notebook_call(notebook: Path | str, values: dict) -> None:
    """Everything checked before a notebook runs: names, types, then meaning (with defaults)."""
    declared = declared_parameters(notebook)
    check_parameter_values(values, declared, str(notebook))
    merged = {name: parameter.default for name, parameter in declared.items()} | values
    try:
        check_parameter_meaning(merged)
    except ParameterError as error:
        raise ParameterError(f"{notebook}: {error}") from None
