"""The pages' HTML from memory (coach.ui.page_cache): built once per address, user and encoding, and
never someone else's page."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from app_fixtures import serve_app
from starlette.types import Receive, Scope, Send

from coach.backends import build_engine
from coach.config import Settings
from coach.store import Store
from coach.ui.page_cache import PageCache

SIGNED_IN = frozenset({"coach_session"})


class CountingPage:
    """A page that says what it was built from and how many pages were built before it."""

    def __init__(self, status: int = 200, cookie: bool = False) -> None:
        self.built = 0
        self.status = status
        self.cookie = cookie

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.built += 1
        headers = dict(scope["headers"])
        body = (
            f"page {self.built} at {headers.get(b'host', b'').decode()} for {headers.get(b'cookie', b'')!r}"
        )
        sent_headers = [(b"content-type", b"text/html")]
        if self.cookie:
            sent_headers.append((b"set-cookie", b"x=1"))
        await send({"type": "http.response.start", "status": self.status, "headers": sent_headers})
        await send({"type": "http.response.body", "body": body.encode(), "more_body": True})
        await send({"type": "http.response.body", "body": b"."})


def get_all(app: PageCache, *requests: tuple[str, dict[str, str]]) -> list[httpx.Response]:
    async def run() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://coach.test") as client:
            return [await client.get(path, headers=headers) for path, headers in requests]

    return asyncio.run(run())


def test_a_page_is_built_once_and_served_again_whole() -> None:
    page = CountingPage()
    first, second = get_all(
        PageCache(page, frozenset({"/"}), SIGNED_IN), ("/", {}), ("/", {"user-agent": "other"})
    )
    assert first.text == second.text == "page 1 at coach.test for b''."
    assert page.built == 1


def test_another_address_user_or_query_gets_its_own_page() -> None:
    page = CountingPage()
    answers = get_all(
        PageCache(page, frozenset({"/"}), SIGNED_IN),
        ("/", {}),
        ("/", {"host": "ward.example"}),
        ("/", {"x-forwarded-host": "proxy.example"}),
        ("/", {"cookie": "coach_session=a"}),
        ("/", {"cookie": "coach_session=b"}),
        ("/?page=x", {}),
        ("/", {"cookie": "coach_session=a"}),
        ("/", {"cookie": "coach_route=r7; coach_session=a"}),
    )
    assert page.built == 6
    assert "ward.example" in answers[1].text
    assert "coach_session=a" in answers[3].text and "coach_session=b" in answers[4].text
    assert answers[6].text == answers[3].text, "the same user again: the page kept for them"
    assert answers[7].text == answers[3].text, "a cookie the page does not depend on changes nothing"


def test_only_whole_pages_without_cookies_on_the_named_paths_are_kept() -> None:
    for page, path in [
        (CountingPage(status=500), "/"),
        (CountingPage(cookie=True), "/"),
        (CountingPage(), "/api"),
    ]:
        get_all(PageCache(page, frozenset({"/"}), SIGNED_IN), (path, {}), (path, {}))
        assert page.built == 2


def test_the_oldest_page_goes_when_the_cache_is_full() -> None:
    page = CountingPage()
    hosts = [("/", {"host": f"h{i}.example"}) for i in (1, 2, 3, 1)]
    get_all(PageCache(page, frozenset({"/"}), SIGNED_IN, size=2), *hosts)
    assert page.built == 4, "h1 was dropped for h3, so it was built again"


def test_the_app_page_names_the_address_it_was_asked_at(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    with Store(f"sqlite:///{tmp_path / 't.db'}") as store:
        served, url = serve_app(build_engine(settings, backend="offline", store=store), settings)
        try:
            with httpx.Client() as client:
                plain = client.get(url).text
                proxied = client.get(url, headers={"x-forwarded-host": "ward.example"}).text
                again = client.get(url).text
        finally:
            served.close()
    assert "ward.example" in proxied and "ward.example" not in plain
    assert again == plain
