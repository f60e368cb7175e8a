"""`make serve-multi`: two app processes behind nginx on one PostgreSQL, played through the proxy.

A page's events and its event stream stay on one process (the route cookie), and a session started on
one process carries on, turn by turn, on the other: everything a turn needs is in the shared database.
Needs PostgreSQL (COACH_TEST_POSTGRES_URL, as `make test` sets it) and nginx (the script installs it).
"""

from __future__ import annotations

import asyncio
import inspect
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from postgres_schemas import POSTGRES_URL, postgres_schema

from benchmarks.lite_http import Browser as HttpBrowser
from benchmarks.lite_http import Response
from benchmarks.web_page import AppConfig, Page
from coach.models import Speaker
from coach.store import Store
from scripts.load_check import free_port

ROOT = Path(__file__).resolve().parents[1]
READY_S = 180
UPSTREAM = "x-coach-upstream"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.skipif(
        POSTGRES_URL is None, reason="two processes share PostgreSQL: COACH_TEST_POSTGRES_URL"
    ),
]


@pytest.fixture
def proxy(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The front URL of two app processes behind nginx, and their database URL."""
    assert POSTGRES_URL is not None
    for database in postgres_schema(POSTGRES_URL):
        front = f"127.0.0.1:{free_port()}"
        env = {
            **os.environ,
            "COACH_PROCESSES": "2",
            "COACH_FRONT": front,
            "COACH_BASE_PORT": str(free_port()),
            "COACH_RUN_DIR": str(tmp_path / "run"),
            "COACH_DATABASE_URL": database,
            "COACH_BACKEND": "offline",
            "PYTHON": sys.executable,
        }
        (tmp_path / "run").mkdir()
        script = subprocess.Popen([str(ROOT / "scripts" / "serve-multi.sh")], cwd=ROOT, env=env)
        try:
            wait_for(f"http://{front}/", script)
            yield f"http://{front}/", database
        finally:
            script.terminate()
            script.wait(timeout=60)
        logs = "".join(p.read_text() for p in sorted((tmp_path / "run").glob("app-*.log")))
        assert "Traceback" not in logs, logs


def wait_for(url: str, script: subprocess.Popen) -> None:
    deadline = time.monotonic() + READY_S
    while time.monotonic() < deadline:
        assert script.poll() is None, "serve-multi.sh exited"
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"nothing answered at {url} within {READY_S}s")


class Browser:
    """One browser (one cookie jar) through the proxy, noting which process answered each request."""

    def __init__(self, url: str) -> None:
        self.upstreams: set[str] = set()
        self.client = HttpBrowser(timeout_s=60, on_response=self._note)
        self.url = url

    def _note(self, response: Response) -> None:
        if UPSTREAM in response.headers:
            self.upstreams.add(response.headers[UPSTREAM])

    async def page(self) -> Page:
        return Page(self.client, self.url, await AppConfig.fetch(self.client, self.url))


async def other_browser(url: str, than: set[str]) -> Browser:
    """A browser whose route cookie sends it to another process than `than`."""
    for _ in range(40):
        browser = Browser(url)
        await browser.client.get(url)
        if browser.upstreams and not browser.upstreams & than:
            return browser
        await browser.client.aclose()
    raise AssertionError("forty new browsers were all routed to one process")


async def play(url: str) -> tuple[str, Browser, Browser]:
    first = Browser(url)
    page = await first.page()
    await page.open()
    await page.click("choose-fearful")
    await page.enter("trainee", "amy")
    await page.click("start")
    await page.enter("message", "I can see this is frightening. I'm here, and I'll keep my distance.")
    await page.click("send")
    session_slot = page.config.by_api_name("resume")["inputs"][0]
    session_id = page.values[session_slot]

    # The same session in a browser routed to the other process (a second device, or a lost cookie).
    second = await other_browser(url, first.upstreams)
    later = await second.page()
    later.values[session_slot] = session_id
    await later.open()
    await later.enter("message", "Would you like to sit in the quiet lounge, or talk here?")
    await later.click("send")
    assert 'role="alert"' not in (later.value("turn-notice") or "")
    chat = str(later.value("chat"))
    assert "frightening" in chat and "quiet lounge" in chat
    await first.client.aclose()
    await second.client.aclose()
    return session_id, first, second


def test_the_proxy_lets_an_idle_connection_go_before_the_process_does(
    proxy: tuple[str, str], tmp_path: Path
) -> None:
    """Else a request can go out on a connection the process is closing: a 502 the trainee sees."""
    conf = (tmp_path / "run" / "nginx.conf").read_text()
    upstream = conf[conf.index("upstream coach") :]
    upstream = upstream[: upstream.index("}")]
    found = re.search(r"keepalive_timeout\s+(\d+)s;", upstream)
    assert found is not None, upstream
    uvicorn_idle_s = inspect.signature(uvicorn.Config).parameters["timeout_keep_alive"].default
    assert int(found.group(1)) < uvicorn_idle_s


def test_a_session_started_on_one_process_carries_on_through_the_other(proxy: tuple[str, str]) -> None:
    url, database = proxy
    session_id, first, second = asyncio.run(play(url))
    assert len(first.upstreams) == 1, f"one page's events went to {first.upstreams}"
    assert len(second.upstreams) == 1 and second.upstreams != first.upstreams
    with Store(database) as store:
        staff = [t for t in store.branch(session_id) if t.speaker is Speaker.staff]
    assert [t.text[:18] for t in staff] == ["I can see this is ", "Would you like to "]
