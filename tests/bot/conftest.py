"""Fixtures for the bot tests: the real API (api.app.create_app) serving the mini-corpus index, a fake
Telegram Bot API server, and a helper that runs the real PTB Application against both."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
from telegram.ext import Application

from bot.app import build_bot
from tests.bot.fake_telegram import TOKEN, FakeTelegram
from tests.bot.servers import UvicornThread
from tip.settings import Settings

API_KEY = "bot-test-key-4f1c9a"
ALLOWED = ["42", "43"]  # 42: Vietnamese user, 43: English user; anyone else is refused


def real_api_app(settings: Settings) -> Any:
    """The real HTTP API. The bot tests must run against it, never against a stand-in."""
    try:
        from api.app import create_app
    except ImportError as exc:  # pragma: no cover - only while the API package is being written
        pytest.fail(f"api.app.create_app is not importable ({exc}); the bot tests need the real API")
    return create_app(settings)


def serve_api(index: Settings) -> Iterator[UvicornThread]:
    """The real API on a free port over this index, with an API key (as the bot sends one)."""
    settings = index.with_overrides(api_keys=[API_KEY], rate_limit_per_minute=1000)
    server = UvicornThread(real_api_app(settings)).start()
    yield server
    server.stop()


@pytest.fixture
def api_server(mini_settings: Settings) -> Iterator[UvicornThread]:
    """The real API serving the mini-corpus index."""
    yield from serve_api(mini_settings)


@pytest.fixture
def telegram() -> Iterator[FakeTelegram]:
    fake = FakeTelegram()
    server = UvicornThread(fake.app).start()
    fake.base_url = f"{server.url}/bot"
    fake.server = server  # a test may stop and restart it (a Telegram outage)
    yield fake
    server.stop()


def settings_for_bot(
    base: Settings, api_url: str, telegram: FakeTelegram, timeout_s: float = 3.0
) -> Settings:
    """The bot's settings: the fake Telegram server, the API at api_url with its key, users 42 and 43."""
    return base.with_overrides(
        telegram_token=TOKEN,
        telegram_api_base=telegram.base_url,
        api_url=api_url,
        api_key=API_KEY,
        bot_allowed_users=ALLOWED,
        bot_api_timeout_s=timeout_s,
    )


@pytest.fixture
def bot_settings(mini_settings: Settings, api_server: UvicornThread, telegram: FakeTelegram) -> Settings:
    return settings_for_bot(mini_settings, api_server.url, telegram)


class ApiCalls:
    """Counts the bot's requests to the API (an httpx event hook on a real client)."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    async def hook(self, request: httpx.Request) -> None:
        self.paths.append(request.url.path)

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(event_hooks={"request": [self.hook]})


@contextlib.asynccontextmanager
async def running_bot(
    settings: Settings, http: httpx.AsyncClient | None = None, **options: Any
) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """The real Application, long-polling the fake Telegram from the test's event loop."""
    app = build_bot(settings, http, **options)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.02, timeout=1)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()
    if http is not None:
        await http.aclose()


async def wait_for(predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
    """Poll until `predicate()` is truthy and return its value (fail after `timeout` seconds)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {predicate}")
        await asyncio.sleep(0.02)
