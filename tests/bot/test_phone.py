"""The bot on a phone (issue 12 §2), end to end: the real PTB Application against the fake Bot API server
and the real API. Threaded in-order replies, examples from the index, 429/401 messages, 👎 then an optional
comment, state that survives a restart, and a Telegram outage."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest

from bot.app import build_bot, poll_until_stopped, state_path
from tests.bot.conftest import API_KEY, real_api_app, running_bot, settings_for_bot, wait_for
from tests.bot.fake_telegram import Call, FakeTelegram, user
from tests.bot.servers import UvicornThread
from tests.bot.test_conversation import WHO_LEADS, answer_behind, ask, reply_to
from tip.settings import Settings

pytestmark = pytest.mark.slow

QUESTIONS = [
    WHO_LEADS,
    "Tuyên truyền về thủ đoạn việc nhẹ lương cao",
    "ai chu tri ho tro nan nhan o hoa binh",
]


def answers_in(telegram: FakeTelegram, chat_id: int) -> list[Call]:
    """The bot's answer messages (those with 👍) in a chat, in the order they were sent."""
    return [c for c in telegram.sent(chat_id=chat_id) if any(b["text"] == "👍" for b in c.buttons)]


def test_answers_arrive_in_order_each_replying_to_its_question(
    bot_settings: Settings, telegram: FakeTelegram
) -> None:
    async def scenario() -> None:
        async with running_bot(bot_settings):
            sent = [telegram.send_text(q) for q in QUESTIONS]  # typed quickly, before any answer
            other = telegram.send_text(WHO_LEADS, user(43, lang="en"))
            answers = await wait_for(lambda: len(answers_in(telegram, 42)) == 3 and answers_in(telegram, 42))
            replied = [int(a.params["reply_parameters"]["message_id"]) for a in answers]
            assert replied == [telegram.message_id_of(u) for u in sent]  # in order, each under its question
            [english] = await wait_for(lambda: answers_in(telegram, 43))
            assert english.params["reply_parameters"]["message_id"] == telegram.message_id_of(other)
            assert "Sources" in english.text
            assert not telegram.errors()

    asyncio.run(scenario())


def test_start_and_help_examples_come_from_the_index_and_are_answered(
    bot_settings: Settings, telegram: FakeTelegram
) -> None:
    async def scenario() -> None:
        async with running_bot(bot_settings):
            mark = telegram.count()
            telegram.send_text("/start")
            start = await wait_for(lambda: reply_to(telegram, mark))
            examples = start.params["_visible"].split("ví dụ:\n")[1].split("\n\n")[0].splitlines()
            assert examples == [
                "Ai chủ trì hỗ trợ nạn nhân ở Hòa Bình?",
                "Theo 12/KH-UBND, ai chủ trì tuyên truyền?",
            ]
            for example in examples:
                answer = await ask(telegram, example)
                assert "không trả lời" not in answer.text and "12/KH-UBND (Hòa Bình)" in answer.text
            mark = telegram.count()
            telegram.send_text("/help", user(43, lang="en"))
            help_en = await wait_for(lambda: reply_to(telegram, mark, chat_id=43))
            assert (
                "Who leads victim support in Hòa Bình?" in help_en.text and "/scope Hòa Bình" in help_en.text
            )

    asyncio.run(scenario())


def test_start_still_answers_when_the_api_is_down(
    bot_settings: Settings, telegram: FakeTelegram, api_server: UvicornThread
) -> None:
    async def scenario() -> None:
        async with running_bot(bot_settings):
            await asyncio.to_thread(api_server.stop)
            mark = telegram.count()
            telegram.send_text("/start", user(43, lang="en"))
            start = await wait_for(lambda: reply_to(telegram, mark, chat_id=43))
            assert "Who leads victim support?" in start.text

    asyncio.run(scenario())


def test_api_busy_and_refused_key_get_their_own_messages(
    mini_settings: Settings, telegram: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    api = UvicornThread(
        real_api_app(mini_settings.with_overrides(api_keys=[API_KEY], rate_limit_per_minute=1))
    ).start()
    busy_settings = settings_for_bot(mini_settings, api.url, telegram)
    wrong_key = busy_settings.with_overrides(api_key="not-the-key-0000")

    async def scenario() -> None:
        async with running_bot(busy_settings):
            await ask(telegram, WHO_LEADS)
            mark = telegram.count()
            telegram.send_text(WHO_LEADS)
            busy = await wait_for(lambda: reply_to(telegram, mark))
            assert "Đang có quá nhiều câu hỏi" in busy.text and "giây" in busy.text
            seconds = int(busy.text.split("đợi ")[1].split(" giây")[0])
            assert 1 <= seconds <= 60
        async with running_bot(wrong_key):
            mark = telegram.count()
            telegram.send_text(WHO_LEADS, user(43, lang="en"))
            refused = await wait_for(lambda: reply_to(telegram, mark, chat_id=43))
            assert "misconfigured" in refused.text and "not responding" not in refused.text

    try:
        with caplog.at_level(logging.INFO):
            asyncio.run(scenario())
    finally:
        api.stop()
    loud = [r for r in caplog.records if r.levelno >= logging.ERROR and "MISCONFIGURED" in r.getMessage()]
    assert loud and "TIP_API_KEY" in loud[0].getMessage()


def test_thumbs_down_is_recorded_at_once_then_a_comment_is_optional(
    bot_settings: Settings, telegram: FakeTelegram, api_server: UvicornThread
) -> None:
    async def exported() -> list[dict]:
        async with httpx.AsyncClient(headers={"X-API-Key": API_KEY}) as client:
            response = await client.get(f"{api_server.url}/v1/feedback/export", params={"format": "json"})
        return list(response.json()["questions"])

    async def scenario() -> None:
        async with running_bot(bot_settings):
            answer = await ask(telegram, WHO_LEADS)
            mark = telegram.count()
            telegram.press(answer, "👎")
            prompt = await wait_for(lambda: reply_to(telegram, mark, "trả lời tin nhắn này"))
            assert prompt.params["reply_markup"]["force_reply"] is True
            assert prompt.params["reply_parameters"]["message_id"] == answer.params["_message_id"]
            [rated] = await exported()  # recorded before any comment
            assert rated["feedback"]["comments"] == []
            mark = telegram.count()
            telegram.send_text("Thiếu cơ quan phối hợp", reply_to=prompt)
            thanks = await wait_for(lambda: reply_to(telegram, mark))
            assert "góp ý của bạn đã được ghi nhận" in thanks.text
            [rated] = await exported()
            assert rated["feedback"]["comments"] == ["Thiếu cơ quan phối hợp"]
            mark = telegram.count()
            telegram.send_text(
                "Một câu trả lời lại tin nhắn đó", reply_to=prompt
            )  # the prompt took one comment
            await ask(telegram, WHO_LEADS)  # …so this and later messages are questions again
            assert len((await exported())[0]["feedback"]["comments"]) == 1

    asyncio.run(scenario())


def test_scope_votes_and_buttons_survive_a_restart(bot_settings: Settings, telegram: FakeTelegram) -> None:
    async def scenario() -> None:
        async with running_bot(bot_settings):
            mark = telegram.count()
            telegram.send_text("/scope hoa binh")
            await wait_for(lambda: reply_to(telegram, mark))
            answer = await ask(telegram, "Ai chủ trì hỗ trợ nạn nhân?")
            telegram.press(answer, "👍")
            await wait_for(lambda: telegram.since(mark, "answerCallbackQuery"))
        assert state_path(bot_settings).is_file()
        async with running_bot(bot_settings) as app:  # a new process would read the same file
            mark = telegram.count()
            telegram.press(answer, "Nguồn 1")
            source = await wait_for(lambda: reply_to(telegram, mark, "📄 [1]"))
            assert "12/KH-UBND" in source.text
            telegram.press(answer, "👍")
            toast = await wait_for(lambda: telegram.since(mark, "answerCallbackQuery")[1:])
            assert "rồi" in toast[0].text  # the vote was remembered
            mark = telegram.count()
            telegram.send_text("/help")
            help_vi = await wait_for(lambda: reply_to(telegram, mark))
            assert "chỉ tra cứu văn bản của <b>Hòa Bình</b>" in help_vi.text
            assert answer_behind(app, answer).citations[0].jurisdiction == "Hòa Bình"

    asyncio.run(scenario())


def test_telegram_outage_logs_a_line_per_backoff_step_and_stops_without_waiting(
    bot_settings: Settings, telegram: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    fake_server = telegram.server

    def unreachable_lines() -> list[str]:
        return [r.getMessage() for r in caplog.records if "Telegram unreachable" in r.getMessage()]

    async def scenario() -> float:
        app, stop = build_bot(bot_settings), asyncio.Event()
        polling = asyncio.create_task(poll_until_stopped(app, stop, handle_signals=False))
        await ask(telegram, WHO_LEADS)
        await asyncio.to_thread(fake_server.stop)
        await wait_for(lambda: len(unreachable_lines()) >= 3, timeout=30)
        await asyncio.to_thread(fake_server.start)
        await ask(telegram, WHO_LEADS)  # back: answered again
        await asyncio.to_thread(fake_server.stop)
        await wait_for(lambda: any("next try in 3.4 s" in line for line in unreachable_lines()), timeout=30)
        started = asyncio.get_running_loop().time()
        stop.set()  # in the middle of a 3.4 s back-off sleep
        await asyncio.wait_for(polling, timeout=30)
        return asyncio.get_running_loop().time() - started

    with caplog.at_level(logging.INFO):
        took = asyncio.run(scenario())
    print(f"stopped {took:.2f} s after the signal, during a back-off sleep")
    lines = unreachable_lines()
    assert [line.split("poll ")[1].split(" failed")[0] for line in lines[:3]] == ["1", "2", "3"]
    assert any("reachable again" in r.getMessage() for r in caplog.records)
    assert not [r for r in caplog.records if r.exc_info and r.name.startswith("telegram")]  # no tracebacks
    assert any("polling abandoned" in r.getMessage() for r in caplog.records)  # did not sleep it out


def test_a_bot_started_while_telegram_is_down_waits_for_it(
    bot_settings: Settings, telegram: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    telegram.server.stop()

    async def scenario() -> None:
        app, stop = build_bot(bot_settings), asyncio.Event()
        polling = asyncio.create_task(poll_until_stopped(app, stop, handle_signals=False))
        await wait_for(lambda: "poll 2 failed" in caplog.text, timeout=30)
        await asyncio.to_thread(telegram.server.start)
        await ask(telegram, WHO_LEADS, timeout=30)
        stop.set()
        await asyncio.wait_for(polling, timeout=30)

    with caplog.at_level(logging.INFO):
        asyncio.run(scenario())
    assert "Telegram unreachable" in caplog.text and "Traceback" not in caplog.text
    assert not [r for r in caplog.records if r.exc_info]
