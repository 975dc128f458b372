"""Callback data, the answer memory, the rate limit, access rules, and how the bot refuses to start."""

from __future__ import annotations

import asyncio
from collections import OrderedDict

import httpx
import pytest

from bot.app import build_bot, file_base_url, run_bot, webhook_secret
from bot.client import ApiClient, ApiRejected, ApiTimeout, ApiUnavailable
from bot.handlers import BotDeps
from bot.state import (
    MAX_ANSWERS_PER_CHAT,
    AnswerRecord,
    Callback,
    SlidingWindow,
    feedback_data,
    page_data,
    parse_callback,
    recall_answer,
    remember_answer,
    source_data,
)
from tests.bot.fake_telegram import TOKEN
from tests.bot.servers import SilentServer, UvicornThread
from tip.settings import Settings


def test_callback_data_round_trips_and_stays_short() -> None:
    key = "AbC-_123"
    assert parse_callback(source_data(key, 3)) == Callback("src", key, n=3)
    assert parse_callback(page_data(key, 12, 40)) == Callback("pg", key, n=12, page=40)
    assert parse_callback(feedback_data(key, "down")) == Callback("fb", key, rating="down")
    for data in (source_data(key, 99), page_data(key, 99, 9999), feedback_data(key, "down")):
        assert len(data.encode()) <= 64 and data.isascii()
    for forged in (None, "", "src:x", "src:x:one", "fb:x:meh", "pg:x:1", "kh-hoabinh-test#II.1.2"):
        assert parse_callback(forged) is None
    with pytest.raises(ValueError):
        source_data("k" * 70, 1)


def test_answer_memory_is_bounded_per_chat() -> None:
    chat: dict = {}
    keys = [remember_answer(chat, AnswerRecord(f"id{i}", [], "vi")) for i in range(MAX_ANSWERS_PER_CHAT + 5)]
    assert isinstance(chat["answers"], OrderedDict) and len(chat["answers"]) == MAX_ANSWERS_PER_CHAT
    assert recall_answer(chat, keys[0]) is None
    newest = recall_answer(chat, keys[-1])
    assert newest is not None and newest.answer_id == f"id{MAX_ANSWERS_PER_CHAT + 4}"
    assert len(set(keys)) == len(keys) and all(len(k) == 8 for k in keys)
    assert recall_answer({}, keys[-1]) is None


def test_sliding_window_rate_limit() -> None:
    now = [0.0]
    window = SlidingWindow(2, period=60, clock=lambda: now[0])
    assert window.allow("42") and window.allow("42") and not window.allow("42")
    assert window.allow("43")
    now[0] = 59.9
    assert not window.allow("42")
    now[0] = 60.0
    assert window.allow("42")
    assert all(SlidingWindow(0).allow("x") for _ in range(100))


def test_allowed_users(mini_settings: Settings) -> None:
    def deps(users: list[str]) -> BotDeps:
        settings = mini_settings.with_overrides(bot_allowed_users=users)
        return BotDeps(settings, ApiClient.from_settings(settings), SlidingWindow(1))

    assert deps(["42"]).allowed(42) and not deps(["42"]).allowed(4242)
    assert deps(["*"]).allowed(99)
    assert not deps([]).allowed(42)
    assert Settings.model_validate({"bot_allowed_users": "42, 43"}).bot_allowed_users == ["42", "43"]


def test_refuses_to_start_without_a_token(mini_settings: Settings) -> None:
    with pytest.raises(ValueError, match="TIP_TELEGRAM_TOKEN"):
        run_bot(mini_settings)
    with pytest.raises(ValueError, match="TIP_TELEGRAM_TOKEN"):
        build_bot(mini_settings)
    webhook = mini_settings.with_overrides(telegram_token=TOKEN, bot_mode="webhook")
    with pytest.raises(ValueError, match="TIP_BOT_WEBHOOK_URL"):
        run_bot(webhook)


def test_build_bot_points_ptb_at_the_configured_server(mini_settings: Settings) -> None:
    settings = mini_settings.with_overrides(
        telegram_token=TOKEN, telegram_api_base="http://127.0.0.1:8081/bot"
    )
    app = build_bot(settings)
    assert app.bot.base_url == f"http://127.0.0.1:8081/bot{TOKEN}"
    assert app.bot.base_file_url == f"http://127.0.0.1:8081/file/bot{TOKEN}"
    assert app.bot.rate_limiter is not None and app.error_handlers
    assert file_base_url("https://api.telegram.org/bot") == "https://api.telegram.org/file/bot"
    assert (
        file_base_url("https://api.telegram.org/bot{token}/test")
        == "https://api.telegram.org/file/bot{token}/test"
    )
    secret = webhook_secret(TOKEN)
    assert secret == webhook_secret(TOKEN) and TOKEN not in secret and secret.isalnum()


@pytest.mark.slow
def test_api_client_errors(mini_settings: Settings) -> None:
    """Down, hanging and refusing APIs become the three exceptions the handlers expect."""
    from tests.bot.conftest import API_KEY, real_api_app

    api = UvicornThread(real_api_app(mini_settings.with_overrides(api_keys=[API_KEY]))).start()
    silent = SilentServer()

    async def scenario() -> None:
        good = ApiClient(api.url, API_KEY, 3.0)
        with pytest.raises(ApiRejected) as refused:
            await good.section("kh-hoabinh-test#không-có")
        assert refused.value.status == 404 and refused.value.code
        assert (await good.section("kh-hoabinh-test#II.1.2")).text.startswith("1.2. Phân công")
        assert {d.jurisdiction_name for d in await good.documents()} == {"Hòa Bình", "Việt Nam (toàn quốc)"}
        with pytest.raises(ApiRejected):
            await good.feedback("no-such-answer", "up")
        await good.aclose()
        with pytest.raises(ApiUnavailable, match="TIP_API_KEY"):
            await ApiClient(api.url, "wrong-key-123", 3.0).ask("ai chủ trì?")
        with pytest.raises(ApiTimeout):
            await ApiClient(silent.url, None, 0.3).ask("ai chủ trì?")
        with pytest.raises(ApiUnavailable):
            await ApiClient("http://127.0.0.1:9", None, 1.0).documents()
        async with httpx.AsyncClient() as shared:
            client = ApiClient(api.url, API_KEY, 3.0, shared)
            await client.aclose()  # an injected client belongs to the caller
            assert not shared.is_closed

    try:
        asyncio.run(scenario())
    finally:
        silent.close()
        api.stop()
