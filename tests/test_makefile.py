"""`make run` on a fresh machine says what it does at each step, and pip shows its progress."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the checkout: the Makefile is not packaged


def test_make_run_on_a_fresh_machine_announces_each_step_and_pip_is_not_quiet(tmp_path: Path) -> None:
    venv = tmp_path / "fresh-venv"  # does not exist: make plans the whole install
    planned = subprocess.run(
        ["make", "-n", "run", f"VENV={venv}"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()

    pip_lines = [line for line in planned if "/bin/pip install" in line]
    assert len(pip_lines) == 2
    assert not any("--quiet" in line or " -q" in line for line in pip_lines), "pip must show progress"
    for command in ("-m venv", "-r requirements-dev.lock", "--no-deps -e", "app.py"):
        index = next(i for i, line in enumerate(planned) if command in line)
        assert planned[index - 1].startswith('echo "coach:'), f"nothing is said before {command!r}"


def test_lint_and_the_full_run_check_types() -> None:
    for target in ("lint", "test"):
        planned = subprocess.run(
            ["make", "-n", target], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.splitlines()
        checks = [line for line in planned if "/bin/mypy" in line]
        assert checks, f"make {target} does not run mypy"
        if target == "test":
            pytest_line = next(i for i, line in enumerate(planned) if "-m pytest" in line)
            assert planned.index(checks[0]) < pytest_line, "types are checked before the tests run"


def test_a_missing_system_package_without_apt_names_the_package_to_install(tmp_path: Path) -> None:
    # A machine without apt (or a user without root): the scripts that need chromium, PostgreSQL or nginx
    # say which Debian package to install, on stderr, and stop.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "id", "dirname"):
        found = subprocess.run(["which", tool], capture_output=True, text=True, check=True).stdout.strip()
        (bin_dir / tool).symlink_to(found)
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "apt-install.sh"), "nginx", "nginx-light"],
        env={"PATH": str(bin_dir)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert "nginx is not installed" in done.stderr and "apt-get install nginx-light" in done.stderr
