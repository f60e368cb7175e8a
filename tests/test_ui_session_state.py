"""A page's state on the server (coach.ui.session_state): a page plays a whole session without the server
working out a config for each of the app's blocks, and a deep link of the page (Gradio's route that saves
a page's components, built on demand now) still opens with every component of the app."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from app_fixtures import serve_app
from gradio.blocks import BlocksConfig

from benchmarks.lite_http import Browser
from benchmarks.web_page import AppConfig, Page
from coach.backends import build_engine
from coach.config import Settings
from coach.store import Store

LINE = "I can see this is hard. Would you like to sit in the quiet lounge, or talk here?"


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    settings = Settings(data_dir=tmp_path)
    with Store(f"sqlite:///{tmp_path / 't.db'}") as store:
        served, url = serve_app(build_engine(settings, backend="offline", store=store), settings)
        try:
            yield url
        finally:
            served.close()


async def _play(client: Browser, url: str) -> Page:
    """A page opened, a scenario chosen, a session started and one turn sent."""
    page = Page(client, url, await AppConfig.fetch(client, url))
    await page.open()
    await page.click("choose-fearful")
    await page.enter("trainee", "sam")
    await page.click("start")
    await page.enter("message", LINE)
    await page.click("send")
    return page


def test_a_page_plays_a_session_without_a_config_built_for_each_block(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Gradio's own session state works out the config of all 150-odd blocks (the trainer page's too)
    on a page's first event, and one again for each input and updated output of every event."""
    built: list[int] = []
    config_for_block = BlocksConfig.config_for_block

    def counted(*args: Any, **kwargs: Any) -> Any:
        built.append(1)
        return config_for_block(*args, **kwargs)

    async def run() -> Page:
        async with Browser(timeout_s=30) as client:
            (await client.get(url)).ok()  # the page's HTML, built (and kept) before counting
            monkeypatch.setattr(BlocksConfig, "config_for_block", staticmethod(counted))
            return await _play(client, url)

    page = asyncio.run(run())
    assert len(page.value("chat")) == 3, "the opening line, the turn and the reply"
    assert built == [], f"{len(built)} block configs built for one page's events"


def test_a_deep_link_of_a_page_still_opens_with_every_component(url: str) -> None:
    async def run() -> tuple[Page, dict[str, Any], dict[str, Any]]:
        async with Browser(timeout_s=30) as client:
            page = await _play(client, url)
            asked = {"session_hash": page.session_hash}
            link = (await client.get(f"{url}gradio_api/deep_link", params=asked)).ok().json()
            assert link, "a link was made"
            opened = (await client.get(f"{url}config", params={"deep_link": link})).ok().json()
            plain = (await client.get(f"{url}config")).ok().json()
            return page, opened, plain

    page, opened, plain = asyncio.run(run())
    assert {c["id"] for c in plain["components"]} <= {c["id"] for c in opened["components"]}
    saved = {c["id"]: c.get("props", {}).get("value") for c in opened["components"]}
    assert saved[page.config.elem_ids["chat"]], "the page's conversation is in the link"
