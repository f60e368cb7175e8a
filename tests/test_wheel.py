"""The built wheel installs and runs anywhere: in a fresh venv, from a folder outside the checkout, `coach
personas`, `coach simulate` and the app's start-up work on the data shipped inside the package."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from app_fixtures import free_port

CHECKOUT = Path(__file__).resolve().parents[1]
READY_TIMEOUT_S = 120

pytestmark = pytest.mark.slow


def run(*command: str | Path, cwd: Path, env: dict[str, str], timeout: float = 600) -> str:
    done = subprocess.run(
        [str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, f"{command}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A venv with the wheel and its run-time dependencies (pinned by requirements.lock), nothing else."""
    root = tmp_path_factory.mktemp("wheel")
    # pip downloads from the package index over TLS: it gets the machine's authorities, not the one the
    # suite's own clients trust (tests/conftest.py, one_certificate_authority).
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", "SSL_CERT_FILE"}}
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "-w",
        root / "dist",
        CHECKOUT,
        cwd=root,
        env=env,
    )
    (wheel,) = (root / "dist").glob("coach-*.whl")
    run(sys.executable, "-m", "venv", root / "venv", cwd=root, env=env)
    pip = root / "venv" / "bin" / "pip"
    run(pip, "install", "--quiet", "--constraint", CHECKOUT / "requirements.lock", wheel, cwd=root, env=env)
    return root / "venv" / "bin", {**env, "COACH_DATA_DIR": str(root / "data")}


def test_the_installed_coach_lists_its_packaged_personas(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    bin_dir, env = installed
    listed = run(bin_dir / "coach", "personas", cwd=tmp_path, env=env)
    assert len(listed.splitlines()) == 6 and "refused-request" in listed


def test_the_installed_coach_simulates_a_scene(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    bin_dir, env = installed
    script = tmp_path / "script.txt"
    script.write_text("Hello, I'm Sam.\n[voice=quiet] Would you like a cup of tea?\n", encoding="utf-8")
    out = run(
        bin_dir / "coach",
        "simulate",
        "--persona",
        "fearful",
        "--script",
        script,
        "--json",
        cwd=tmp_path,
        env=env,
    )
    records = [json.loads(line) for line in out.splitlines()]
    assert records[1]["staff"] == "Hello, I'm Sam." and set(records[1]["scores"]) >= {"tone", "options"}
    assert records[-1]["outcome"] in {"de-escalated", "crisis", "unresolved"}


def test_the_installed_app_starts_and_serves_its_page(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    bin_dir, env = installed
    port = free_port()
    app = subprocess.Popen(
        [str(bin_dir / "coach"), "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        status = None
        while status is None and time.monotonic() < deadline:
            assert app.poll() is None, app.stderr.read().decode()  # type: ignore[union-attr]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as page:
                    status = page.status
            except OSError:
                time.sleep(0.2)
        assert status == 200
    finally:
        app.terminate()
        app.wait(timeout=30)


def test_the_installed_app_does_without_the_training_and_test_tools(
    installed: tuple[Path, dict[str, str]],
) -> None:
    bin_dir, env = installed
    out = run(
        bin_dir / "python",
        "-c",
        "import importlib.util as u;"
        "print([m for m in ('sklearn', 'scipy', 'pytest', 'psycopg') if u.find_spec(m)])",
        cwd=CHECKOUT.parent,
        env=env,
    )
    assert out.strip() == "[]"
