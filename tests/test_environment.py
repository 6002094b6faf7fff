"""The environment files agree with each other and the lock pins every package."""

import re
import tomllib

import yaml

from helpers.paths import PROJECT_ROOT


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject_packages() -> set[str]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    specs = project["dependencies"] + [
        d for group in project["optional-dependencies"].values() for d in group
    ]
    return {_canonical(re.split(r"[<>=!~\[; ]", spec)[0]) for spec in specs}


def _conda_packages() -> set[str]:
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    names = {
        _canonical(re.split(r"[<>=! ]", d)[0]) for d in env["dependencies"] if isinstance(d, str)
    }
    return names - {"python", "pip"}


def test_environment_yml_and_pyproject_list_the_same_packages():
    assert _conda_packages() == _pyproject_packages()


def test_environment_yml_installs_the_package_itself():
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    pip_entries = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip_entries


def test_lock_pins_every_declared_package_exactly():
    lines = (PROJECT_ROOT / "requirements.lock").read_text().splitlines()
    pinned = {_canonical(line.split("==")[0]) for line in lines if "==" in line}
    assert all("==" in line for line in lines if line and not line.startswith("#"))
    assert _pyproject_packages() <= pinned
