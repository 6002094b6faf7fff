"""The environment files agree with each other and the lock pins every package."""

import re
import tomllib

import yaml

from helpers.core.paths import PROJECT_ROOT


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
    listed = [d for d in env["dependencies"] if isinstance(d, str)]
    # packages conda-forge lacks come from PyPI, in the pip section (not the project itself)
    listed += [
        d
        for section in env["dependencies"]
        if isinstance(section, dict)
        for d in section.get("pip", [])
        if not d.startswith("-")
    ]
    names = {_canonical(re.split(r"[<>=! #]", d)[0]) for d in listed}
    return names - {"python", "pip"}


def test_environment_yml_and_pyproject_list_the_same_packages():
    assert _conda_packages() == _pyproject_packages()


def test_environment_yml_installs_the_package_itself():
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    pip_entries = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip_entries


def _locked() -> dict[str, tuple[str, list[str]]]:
    """The lock's requirements: name -> (requirement line, its hashes)."""
    entries: dict[str, tuple[str, list[str]]] = {}
    name = ""
    for line in (PROJECT_ROOT / "requirements.lock").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            requirement = line.rstrip(" \\")
            name = _canonical(re.split(r"[<>=!~\[; ]", requirement)[0])
            entries[name] = (requirement, [])
        elif line.strip().startswith("--hash=sha256:"):
            entries[name][1].append(line.strip().rstrip(" \\").removeprefix("--hash=sha256:"))
    return entries


def test_lock_pins_every_package_exactly_with_hashes():
    locked = _locked()
    assert _pyproject_packages() <= set(locked)
    for name, (requirement, hashes) in locked.items():
        assert re.fullmatch(r"[A-Za-z0-9_.-]+==[A-Za-z0-9_.+!-]+", requirement), requirement
        assert hashes and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes), name


def test_the_lock_pins_the_uv_that_the_makefile_installs_first():
    assert "uv" in _locked()
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    assert "awk '/^uv==/" in makefile and "--require-hashes" in makefile
    assert "pip sync" in makefile
