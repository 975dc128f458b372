"""End to end: the real PTB Application polls a fake Telegram server and asks the real API (mini corpus).
Nothing of ours is mocked; each test drives the bot through Telegram updates and reads what it sent."""

from __future__ import annotations

import asyncio
import html
import logging
import time
from functools import partial

import httpx
import pytest

from bot.handlers import BotDeps
from bot.state import ShownAnswer
from tests.bot.conftest import API_KEY, ApiCalls, running_bot, wait_for
from tests.bot.fake_telegram import Call, FakeTelegram, user
from tests.bot.servers import SilentServer, UvicornThread
from tip.settings import Settings

pytestmark = pytest.mark.slow

WHO_LEADS = "Ai chủ trì hỗ trợ nạn nhân ở Hòa Bình?"


def reply_to(
    telegram: FakeTelegram, mark: int, contains: str | None = None, chat_id: int = 42
) -> Call | None:
    """The first message the bot sent after `mark` (containing `contains`, if given)."""
    for call in telegram.since(mark):
        if int(call.params["chat_id"]) == chat_id and (contains is None or contains in call.text):
            return call
    return None


async def ask(
    telegram: FakeTelegram,
    text: str,
    sender: dict | None = None,
    contains: str | None = None,
    timeout: float = 10.0,
) -> Call:
    """Send `text` and wait for the bot's reply carrying the 👍 button (the last page of an answer)."""
    mark = telegram.count()
    telegram.send_text(text, sender)
    chat = (sender or user())["id"]

    def answered() -> Call | None:
        for call in telegram.since(mark):
            if int(call.params["chat_id"]) == chat and any(b["text"] == "👍" for b in call.buttons):
                return call
        return None

    return await wait_for(answered, timeout)


def answer_behind(app, reply: Call) -> ShownAnswer:  # type: ignore[no-untyped-def]
    """The answer behind a reply's buttons, read back from PTB's callback-data cache."""
    data = reply.button("👍")["callback_data"]
    keyboards, _ = app.bot.callback_data_cache.persistence_data
    for keyboard_id, _, buttons in keyboards:
        if data.startswith(keyboard_id):
            return buttons[data[len(keyboard_id) :]].answer
    raise AssertionError("the button's data is not in the cache")


def run(coro) -> None:  # type: ignore[no-untyped-def]
    asyncio.run(coro)


# -- answers -------------------------------------------------------------------------
def test_question_gets_a_cited_answer(bot_settings: Settings, telegram: FakeTelegram) -> None:
    async def scenario() -> None:
        async with running_bot(bot_settings) as app:
            mark = telegram.count()
            reply = await ask(telegram, WHO_LEADS)
            assert "Chủ trì: Sở Lao động" in reply.text and "Thương binh và Xã hội" in reply.text
            assert (
                "<b>Nguồn</b>" in reply.text and "<b>[1]</b> 12/KH-UBND (Hòa Bình) · mục II.1.2" in reply.text
            )
            labels = [b["text"] for b in reply.buttons]
            assert labels[0] == "📄 Nguồn 1" and labels[-2:] == ["👍", "👎"]
            assert all(
                len(b["callback_data"].encode()) <= 64 and b["callback_data"].isascii() for b in reply.buttons
            )
            actions = [c for c in telegram.since(mark, "sendChatAction") if c.params["action"] == "typing"]
            assert actions and actions[0].at <= reply.at
            record = answer_behind(app, reply)
            assert record.citations[0].doc_id == "kh-hoabinh-test" and len(record.answer_id) >= 16
            assert not telegram.errors()

    run(scenario())


def test_unaccented_question_is_understood(bot_settings: Settings, telegram: FakeTelegram) -> None:
    async def scenario() -> None:
        async with running_bot(bot_settings) as app:
            reply = await ask(telegram, "ai chu tri ho tro nan nhan o hoa binh")
            assert "Sở Lao động" in reply.text
            assert answer_behind(app, reply).citations[0].doc_id == "kh-hoabinh-test"

    run(scenario())


def test_document_text_is_escaped(bot_settings: Settings, telegram: FakeTelegram) -> None:
    """`<lừa đảo>` and `&` from the document reach the user as text (the fake refuses unparsable HTML)."""

    async def scenario() -> None:
        async with running_bot(bot_settings):
            reply = await ask(telegram, "Tuyên truyền về thủ đoạn việc nhẹ lương cao")
            assert "&lt;lừa đảo&gt;" in reply.text and "&amp;" in reply.text and "<lừa" not in reply.text
            assert (
                "<lừa đảo>" in reply.params["_visible"]
                and '"việc nhẹ lương cao" &' in reply.params["_visible"]
            )
            mark = telegram.count()
            telegram.press(reply, "Nguồn 1")
            source = await wait_for(lambda: reply_to(telegram, mark, "📄 [1]"))
            assert "&lt;lừa đảo&gt;" in source.text and "<lừa đảo>" in source.params["_visible"]
            assert not telegram.errors()

    run(scenario())


def test_source_button_pages_through_the_section(bot_settings: Settings, telegram: FakeTelegram) -> None:
    async def scenario() -> None:
        async with running_bot(bot_settings, page_limit=200) as app:
            reply = await ask(telegram, WHO_LEADS)
            full_text = answer_behind(app, reply).citations[0].text
            mark = telegram.count()
            telegram.press(reply, "Nguồn 1")
            first = await wait_for(lambda: reply_to(telegram, mark, "📄 [1]"))
            assert "(trang 1/" in first.text and [b["text"] for b in first.buttons] == ["▶"]
            pages = [first]
            while any(b["text"] == "▶" for b in pages[-1].buttons):
                mark = telegram.count()
                telegram.press(pages[-1], "▶")
                edits = await wait_for(partial(telegram.since, mark, "editMessageText"))
                pages.append(edits[0])
            assert len(pages) >= 2 and all(len(p.text) <= 200 for p in pages)
            assert [b["text"] for b in pages[-1].buttons] == ["◀"]
            shown = " ".join(html.unescape(p.text.split("\n\n", 1)[1]) for p in pages)
            assert shown.split() == full_text.split()
            mark = telegram.count()
            telegram.press(pages[-1], "◀")
            back = await wait_for(lambda: telegram.since(mark, "editMessageText"))
            assert back[0].text == pages[-2].text
            assert not telegram.errors()

    run(scenario())


def test_feedback_reaches_the_api(
    bot_settings: Settings, telegram: FakeTelegram, api_server: UvicornThread
) -> None:
    async def scenario() -> None:
        async with running_bot(bot_settings) as app:
            reply = await ask(telegram, WHO_LEADS)
            mark = telegram.count()
            telegram.press(reply, "👎")
            toast = await wait_for(lambda: telegram.since(mark, "answerCallbackQuery"))
            assert "Cảm ơn" in toast[0].text
            mark = telegram.count()
            telegram.press(reply, "👎")
            again = await wait_for(lambda: telegram.since(mark, "answerCallbackQuery"))
            assert "rồi" in again[0].text
            answer_id = answer_behind(app, reply).answer_id
        async with httpx.AsyncClient(headers={"X-API-Key": API_KEY}) as client:
            exported = (
                await client.get(f"{api_server.url}/v1/feedback/export", params={"format": "json"})
            ).json()
        [rated] = exported["questions"]
        assert rated["question"] == WHO_LEADS and rated["feedback"]["answer_id"] == answer_id

    run(scenario())


# -- access, limits, commands --------------------------------------------------------
def test_strangers_are_refused_without_calling_the_api(
    bot_settings: Settings, telegram: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    calls = ApiCalls()
    secret_question = "câu hỏi riêng tư của người lạ về Hòa Bình"

    async def scenario() -> None:
        async with running_bot(bot_settings, calls.client()):
            mark = telegram.count()
            telegram.send_text(secret_question, user(99))
            refusal = await wait_for(lambda: reply_to(telegram, mark, chat_id=99))
            assert "<code>99</code>" in refusal.text and "quyền" in refusal.text
            reply = await ask(telegram, WHO_LEADS)  # an allowed user afterwards: the bot is fine
            telegram.press(reply, "👍", sender=user(99))
            alert = await wait_for(lambda: telegram.since(mark, "answerCallbackQuery"))
            assert "99" in alert[0].text and alert[0].params.get("show_alert") is True
            await asyncio.sleep(0.2)
        assert calls.paths == ["/v1/ask"]  # only the allowed user's question
        assert len([c for c in telegram.sent(chat_id=99)]) == 1

    with caplog.at_level(logging.INFO):
        run(scenario())
    assert "user_id=99" in caplog.text and secret_question not in caplog.text


def test_start_and_help_follow_the_users_language(bot_settings: Settings, telegram: FakeTelegram) -> None:
    async def scenario() -> None:
        async with running_bot(bot_settings):
            mark = telegram.count()
            telegram.send_text("/start")
            vi = await wait_for(lambda: reply_to(telegram, mark, chat_id=42))
            assert "Gửi câu hỏi" in vi.text
            telegram.send_text("/help", user(43, lang="en-GB"))
            en = await wait_for(lambda: reply_to(telegram, mark, chat_id=43))
            assert "How to use" in en.text and "Now: searching all documents." in en.text
            mark = telegram.count()
            telegram.send_text("/nonsense")
            unknown = await wait_for(lambda: reply_to(telegram, mark))
            assert "Không có lệnh này" in unknown.text
            mark = telegram.count()
            telegram.send_sticker()
            sticker = await wait_for(lambda: reply_to(telegram, mark))
            assert "chữ" in sticker.text
            assert not telegram.errors()

    run(scenario())


def test_empty_and_huge_messages_never_reach_the_api(bot_settings: Settings, telegram: FakeTelegram) -> None:
    calls = ApiCalls()

    async def scenario() -> None:
        async with running_bot(bot_settings, calls.client()):
            mark = telegram.count()
            telegram.send_text("x" * 2001)
            too_long = await wait_for(lambda: reply_to(telegram, mark))
            assert "2001" in too_long.text and "2000" in too_long.text
            mark = telegram.count()
            telegram.send_text("   ")
            empty = await wait_for(lambda: reply_to(telegram, mark))
            assert "trống" in empty.text
        assert calls.paths == []

    run(scenario())


def test_per_user_rate_limit(bot_settings: Settings, telegram: FakeTelegram) -> None:
    settings = bot_settings.with_overrides(bot_rate_limit_per_minute=2)

    async def scenario() -> None:
        async with running_bot(settings):
            await ask(telegram, WHO_LEADS)
            await ask(telegram, WHO_LEADS)
            mark = telegram.count()
            telegram.send_text(WHO_LEADS)
            limited = await wait_for(lambda: reply_to(telegram, mark))
            assert "quá nhiều" in limited.text
            await ask(telegram, WHO_LEADS, sender=user(43, lang="en"))  # another user is not limited

    run(scenario())


def test_scope_pins_a_province(bot_settings: Settings, telegram: FakeTelegram) -> None:
    async def scenario() -> None:
        async with running_bot(bot_settings) as app:
            mark = telegram.count()
            telegram.send_text("/scope hoa binh")
            pinned = await wait_for(lambda: reply_to(telegram, mark))
            assert "<b>Hòa Bình</b>" in pinned.text and app.chat_data[42]["scope"] == "Hòa Bình"
            reply = await ask(telegram, "Ai chủ trì hỗ trợ nạn nhân?")
            assert "Phạm vi: Hòa Bình" in reply.text
            assert all(c.jurisdiction == "Hòa Bình" for c in answer_behind(app, reply).citations)
            mark = telegram.count()
            telegram.send_text("/scope Hà Nội")
            unknown = await wait_for(lambda: reply_to(telegram, mark))
            assert (
                "Hà Nội" in unknown.text
                and "• Hòa Bình" in unknown.text
                and "• Việt Nam (toàn quốc)" in unknown.text
            )
            assert app.chat_data[42]["scope"] == "Hòa Bình"
            mark = telegram.count()
            telegram.send_text("/scope")
            cleared = await wait_for(lambda: reply_to(telegram, mark))
            assert "bỏ giới hạn" in cleared.text.lower() and "scope" not in app.chat_data[42]

    run(scenario())


def test_docs_lists_the_documents(bot_settings: Settings, telegram: FakeTelegram) -> None:
    async def scenario() -> None:
        async with running_bot(bot_settings):
            mark = telegram.count()
            telegram.send_text("/docs")
            listing = await wait_for(lambda: reply_to(telegram, mark))
            assert "(2)" in listing.text and "12/KH-UBND" in listing.text and "99/QĐ-TTg" in listing.text

    run(scenario())


# -- the API failing -----------------------------------------------------------------
def test_api_down_then_back(
    bot_settings: Settings, telegram: FakeTelegram, api_server: UvicornThread
) -> None:
    async def scenario() -> None:
        async with running_bot(bot_settings):
            await ask(telegram, WHO_LEADS)
            await asyncio.to_thread(api_server.stop)
            mark, started = telegram.count(), time.monotonic()
            telegram.send_text(WHO_LEADS)
            down = await wait_for(lambda: reply_to(telegram, mark))
            assert "tạm thời không phản hồi" in down.text and down.at - started < 10
            await asyncio.to_thread(api_server.start)
            reply = await ask(telegram, WHO_LEADS)
            assert "Sở Lao động" in reply.text

    run(scenario())


def test_slow_api_gets_a_short_message(bot_settings: Settings, telegram: FakeTelegram) -> None:
    silent = SilentServer()
    settings = bot_settings.with_overrides(api_url=silent.url, bot_api_timeout_s=1.0)

    async def scenario() -> None:
        async with running_bot(settings) as app:
            mark, started = telegram.count(), time.monotonic()
            telegram.send_text(WHO_LEADS)
            slow = await wait_for(lambda: reply_to(telegram, mark))
            assert "tạm thời không phản hồi" in slow.text and slow.at - started < 5
            assert isinstance(app.bot_data["deps"], BotDeps) and app.running

    try:
        run(scenario())
    finally:
        silent.close()
