"""The tests stand alone: a developer's shell settings, real API key included, do not reach them; nothing
they write lands in the checkout or the shared temporary folder; no connection leaves this machine."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from no_network import RealNetworkRefused

from coach.config import get_settings

CHECKOUT = Path(__file__).resolve().parents[1]


def test_each_test_sees_the_offline_defaults_with_its_own_data_folder(
    tmp_path: Path, session_temp: Path
) -> None:
    settings = get_settings()
    assert settings.openai_api_key is None and settings.openai_base_url is None
    assert settings.resolved_backend == "offline"
    assert settings.data_dir == tmp_path / "data"
    assert Path(tempfile.gettempdir()) == session_temp
    assert Path(tempfile.mkdtemp(prefix="coach-exports-")).parent == session_temp


@pytest.mark.slow
def test_a_real_api_key_in_the_shell_does_not_change_the_backend_the_tests_use(tmp_path: Path) -> None:
    # The suite run by a developer whose shell points at the real API: the settings test above and a CLI
    # test that simulates a scene must still run offline, with nothing written to the checkout.
    shell = {
        **os.environ,
        "OPENAI_API_KEY": "sk-a-real-looking-key",
        "OPENAI_BASE_URL": "https://api.openai.com/v1",
        "COACH_BACKEND": "llm",
        "COACH_DATA_DIR": str(CHECKOUT / "data"),
    }
    nodes = [
        "tests/test_isolation.py::test_each_test_sees_the_offline_defaults_with_its_own_data_folder",
        "tests/test_cli.py::test_simulate_follows_the_contract_for_every_persona[fearful]",
    ]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *nodes],
        cwd=CHECKOUT,
        env=shell,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


def test_a_connection_off_this_machine_is_refused() -> None:
    with socket.socket() as sock, pytest.raises(RealNetworkRefused, match=r"192\.0\.2\.1"):
        sock.connect(("192.0.2.1", 443))  # TEST-NET-1: would go out through the default route


def test_a_loopback_connection_still_works() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server, socket.create_connection(server.getsockname()):
        accepted, _ = server.accept()
        accepted.close()
