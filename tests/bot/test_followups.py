"""Threads in the bot, end to end: the real PTB Application polls the fake Telegram server and asks the real
API over the invented places corpus (Kon Tum, Đồng Nai, Hòa Bình). Follow-ups in Vietnamese, English and
unaccented Vietnamese, the "Hiểu câu hỏi là" line on every answer, and /new."""

from __future__ import annotations

import asyncio
import html
from collections.abc import Iterator

import pytest

from tests.bot.conftest import running_bot, serve_api, settings_for_bot, wait_for
from tests.bot.fake_telegram import FakeTelegram, user
from tests.bot.servers import UvicornThread
from tests.bot.test_conversation import ask
from tip.settings import Settings

pytestmark = pytest.mark.slow

VI, EN = user(42), user(43, lang="en")


@pytest.fixture
def places_api(places_settings: Settings) -> Iterator[UvicornThread]:
    yield from serve_api(places_settings)


@pytest.fixture
def bot_settings(places_settings: Settings, places_api: UvicornThread, telegram: FakeTelegram) -> Settings:
    return settings_for_bot(places_settings, places_api.url, telegram)


THREADS = {
    "vi": (
        VI,
        [
            (
                "Ai chủ trì hỗ trợ nạn nhân ở Kon Tum?",
                "Hiểu câu hỏi là: Ai chủ trì hỗ trợ nạn nhân ở Kon Tum?",
                "Sở Y tế",
            ),
            ("còn Đồng Nai?", "Hiểu câu hỏi là: Ai chủ trì hỗ trợ nạn nhân ở Đồng Nai?", "Sở Nội vụ"),
            ("ai phối hợp?", "Hiểu câu hỏi là: Ai phối hợp hỗ trợ nạn nhân ở Đồng Nai?", "Phối hợp: Sở Y tế"),
            (
                "nguồn đâu?",
                "Nguồn của câu trả lời cho «Ai phối hợp hỗ trợ nạn nhân ở Đồng Nai?»",
                "07/KH-UBND",
            ),
        ],
    ),
    "en": (
        EN,
        [
            (
                "Who leads victim support in Kon Tum?",
                "Understood as: Who leads victim support in Kon Tum?",
                "Sở Y tế",
            ),
            ("what about Dong Nai?", "Understood as: Who leads victim support in Đồng Nai?", "Sở Nội vụ"),
            ("and who coordinates?", "Understood as: Who coordinates victim support in Đồng Nai?", "Sở Y tế"),
        ],
    ),
    "vi-nodiac": (
        VI,
        [
            (
                "ai chu tri ho tro nan nhan o kon tum",
                "Hiểu câu hỏi là: Ai chủ trì hỗ trợ nạn nhân ở Kon Tum",
                "Sở Y tế",
            ),
            ("con dong nai thi sao", "Hiểu câu hỏi là: Ai chủ trì hỗ trợ nạn nhân ở Đồng Nai?", "Sở Nội vụ"),
            ("ai phoi hop", "Hiểu câu hỏi là: Ai phối hợp hỗ trợ nạn nhân ở Đồng Nai?", "Sở Y tế"),
        ],
    ),
}


@pytest.mark.parametrize("lang", list(THREADS))
def test_a_thread_of_follow_ups_in_the_bot(bot_settings: Settings, telegram: FakeTelegram, lang: str) -> None:
    sender, turns = THREADS[lang]

    async def scenario() -> None:
        async with running_bot(bot_settings):
            for message, line, word in turns:
                reply = await ask(telegram, message, sender)
                text = html.unescape(reply.text)
                assert line in text.splitlines()[0], text  # the first line says how it was understood
                assert word in text, text
                assert reply.params["reply_parameters"]["message_id"]  # threaded under the question

    asyncio.run(scenario())


def test_new_starts_a_fresh_thread(bot_settings: Settings, telegram: FakeTelegram) -> None:
    async def scenario() -> None:
        async with running_bot(bot_settings):
            await ask(telegram, "Ai chủ trì hỗ trợ nạn nhân ở Kon Tum?")
            followed = await ask(telegram, "ai phối hợp?")
            assert "Ai phối hợp hỗ trợ nạn nhân ở Kon Tum?" in html.unescape(followed.text)
            mark = telegram.count()
            telegram.send_text("/new")
            started = await wait_for(lambda: [c for c in telegram.since(mark) if "mới" in c.text])
            assert "Đã bắt đầu cuộc hỏi đáp mới" in started[0].text
            alone = await ask(telegram, "ai phối hợp?")
            first_line = html.unescape(alone.text).splitlines()[0]
            assert first_line == "<i>Hiểu câu hỏi là: Ai phối hợp?</i>"  # no longer about Kon Tum

    asyncio.run(scenario())


def test_threads_are_per_chat(bot_settings: Settings, telegram: FakeTelegram) -> None:
    async def scenario() -> None:
        async with running_bot(bot_settings):
            await ask(telegram, "Ai chủ trì hỗ trợ nạn nhân ở Kon Tum?", VI)
            other = await ask(telegram, "and who coordinates?", EN)
            assert "Kon Tum" not in html.unescape(other.text).splitlines()[0]

    asyncio.run(scenario())
