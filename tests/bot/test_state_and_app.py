"""Callback data, the answer memory, the rate limit, access rules, and how the bot refuses to start."""

from __future__ import annotations

import asyncio
import logging
import pickle

import httpx
import pytest
from telegram import Chat, Message, Update
from telegram.error import NetworkError

from bot.app import PerChatSequential, PollBackoff, build_bot, file_base_url, run_bot, webhook_secret
from bot.client import ApiBusy, ApiClient, ApiMisconfigured, ApiRejected, ApiTimeout, ApiUnavailable
from bot.handlers import BotDeps
from bot.state import (
    MAX_REMEMBERED,
    OpenSource,
    Rate,
    ShownAnswer,
    SlidingWindow,
    TurnPage,
    await_comment,
    has_voted,
    remember_vote,
    take_comment_target,
)
from tests.bot.fake_telegram import TOKEN
from tests.bot.servers import SilentServer, UvicornThread
from tip.settings import Settings


def test_button_data_and_chat_memory_survive_pickling() -> None:
    """Persistence pickles the buttons' objects and chat_data: both must round-trip."""
    shown = ShownAnswer("a1", (), "en")
    presses = [OpenSource(shown, 1), TurnPage(shown, 1, 2, "văn bản"), Rate(shown, "down")]
    assert pickle.loads(pickle.dumps(presses)) == presses
    chat: dict = {}
    for i in range(MAX_REMEMBERED + 5):
        remember_vote(chat, f"id{i}")
        await_comment(chat, 1000 + i, f"id{i}")
    chat = pickle.loads(pickle.dumps(chat))
    assert has_voted(chat, f"id{MAX_REMEMBERED + 4}") and not has_voted(chat, "id0")
    assert len(chat["voted"]) == len(chat["comment_prompts"]) == MAX_REMEMBERED
    assert take_comment_target(chat, 1000 + MAX_REMEMBERED) == f"id{MAX_REMEMBERED}"
    assert take_comment_target(chat, 1000 + MAX_REMEMBERED) is None  # a prompt takes one comment
    assert take_comment_target(chat, 1000) is None and take_comment_target(chat, None) is None


def test_poll_backoff_logs_one_line_per_step(caplog: pytest.LogCaptureFixture) -> None:
    backoff = PollBackoff()
    with caplog.at_level(logging.WARNING, logger="bot.app"):
        for _ in range(12):
            backoff(NetworkError("httpx.ConnectError: All connection attempts failed"))
        backoff.reset()  # a poll was answered
        backoff.reset()
        backoff(NetworkError("again"))
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 14 and all(r.exc_info is None and "\n" not in r.getMessage() for r in caplog.records)
    assert "poll 1 failed, next try in 1.0 s" in lines[0] and "poll 2 failed, next try in 1.5 s" in lines[1]
    assert "next try in 30.0 s" in lines[11] and "reachable again after 12 failed polls" in lines[12]
    assert "poll 1 failed, next try in 1.0 s" in lines[13] and "NetworkError: httpx.ConnectError" in lines[0]


def test_per_chat_updates_run_in_order_and_chats_in_parallel() -> None:
    def update(update_id: int, chat_id: int) -> Update:
        chat = Chat(chat_id, "private")
        return Update(update_id, message=Message(update_id, None, chat, text="q"))  # type: ignore[arg-type]

    async def scenario() -> list[tuple[str, int, int]]:
        processor = PerChatSequential(8)
        events: list[tuple[str, int, int]] = []

        async def handle(u: int, chat: int, delay: float) -> None:
            events.append(("start", chat, u))
            await asyncio.sleep(delay)
            events.append(("end", chat, u))

        plan = [(1, 42, 0.2), (2, 42, 0.0), (3, 43, 0.0), (4, 42, 0.05), (5, 43, 0.0)]
        tasks = [
            asyncio.create_task(processor.process_update(update(u, c), handle(u, c, d))) for u, c, d in plan
        ]
        await asyncio.gather(*tasks)
        return events

    events = asyncio.run(scenario())
    chat42 = [(kind, u) for kind, c, u in events if c == 42]
    assert chat42 == [("start", 1), ("end", 1), ("start", 2), ("end", 2), ("start", 4), ("end", 4)]
    assert events.index(("end", 43, 5)) < events.index(("end", 42, 1))  # chat 43 did not wait for 42


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

    api = UvicornThread(
        real_api_app(mini_settings.with_overrides(api_keys=[API_KEY], rate_limit_per_minute=4))
    ).start()
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
        with pytest.raises(ApiMisconfigured, match="TIP_API_KEY"):
            await ApiClient(api.url, "wrong-key-123", 3.0).ask("ai chủ trì?")
        with pytest.raises(ApiTimeout):
            await ApiClient(silent.url, None, 0.3).ask("ai chủ trì?")
        with pytest.raises(ApiUnavailable):
            await ApiClient("http://127.0.0.1:9", None, 1.0).documents()
        async with httpx.AsyncClient() as shared:
            client = ApiClient(api.url, API_KEY, 3.0, shared)
            await client.aclose()  # an injected client belongs to the caller
            assert not shared.is_closed
        with pytest.raises(ApiBusy) as busy:  # the key's 4 requests a minute are spent
            await ApiClient(api.url, API_KEY, 3.0).ask("ai chủ trì?")
        assert busy.value.retry_after is not None and 1 <= busy.value.retry_after <= 60

    try:
        asyncio.run(scenario())
    finally:
        silent.close()
        api.stop()
