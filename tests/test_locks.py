"""The lock files agree with pyproject.toml: every declared dependency is pinned, within its range, so a
dependency added to pyproject without `make lock` fails here rather than on a fresh machine."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

CHECKOUT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((CHECKOUT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def pins(lock: str) -> dict[str, str]:
    found = {}
    for line in (CHECKOUT / lock).read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.lstrip().startswith("#"):
            # A pin may carry an environment marker after ';' (uvloop: not on Windows).
            name, version = line.split(";")[0].split("==")
            found[canonicalize_name(name)] = version.strip()
    return found


def declared(*extras: str) -> list[Requirement]:
    wanted = [Requirement(r) for r in PROJECT["dependencies"]]
    for extra in extras:
        for spec in PROJECT["optional-dependencies"][extra]:
            requirement = Requirement(spec)
            if canonicalize_name(requirement.name) == "coach":  # dev names the other extras
                wanted += declared(*requirement.extras)
            else:
                wanted.append(requirement)
    return wanted


@pytest.mark.parametrize(
    ("lock", "extras"), [("requirements.lock", ("postgres",)), ("requirements-dev.lock", ("dev",))]
)
def test_every_declared_dependency_is_pinned_within_its_range(lock: str, extras: tuple[str, ...]) -> None:
    pinned = pins(lock)
    problems = []
    for requirement in declared(*extras):
        version = pinned.get(canonicalize_name(requirement.name))
        if version is None:
            problems.append(f"{requirement.name} is not pinned")
        elif not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement.name}=={version} is outside {requirement.specifier}")
    assert not problems, f"{lock} is stale, run `make lock`: " + "; ".join(problems)


def test_the_app_lock_pins_the_same_versions_as_the_dev_lock() -> None:
    dev = pins("requirements-dev.lock")
    differ = {name: (v, dev.get(name)) for name, v in pins("requirements.lock").items() if dev.get(name) != v}
    assert not differ


def test_the_app_lock_leaves_out_what_only_training_and_tests_need() -> None:
    assert not {"scikit-learn", "scipy", "pytest", "playwright"} & set(pins("requirements.lock"))
