"""The bot's acceptance on the real corpus: the real API over ../shared/corpus (bundled e5 model), the real
PTB Application polling a fake Telegram Bot API server on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from tests.bot.conftest import API_KEY, real_api_app, running_bot, settings_for_bot, wait_for
from tests.bot.fake_telegram import FakeTelegram, user
from tests.bot.servers import UvicornThread
from tests.bot.test_conversation import answer_behind, ask, reply_to
from tip.settings import Settings

pytestmark = pytest.mark.slow


@pytest.fixture
def real_bot_settings(real_settings: Settings, telegram: FakeTelegram) -> Iterator[Settings]:
    api = UvicornThread(
        real_api_app(real_settings.with_overrides(api_keys=[API_KEY], rate_limit_per_minute=1000))
    ).start()
    yield settings_for_bot(real_settings, api.url, telegram, timeout_s=8.0)
    api.stop()


def test_officer_questions_on_the_real_corpus(real_bot_settings: Settings, telegram: FakeTelegram) -> None:
    async def scenario() -> None:
        async with running_bot(real_bot_settings) as app:
            reply = await ask(telegram, "Who leads victim support in Kon Tum?", user(43, lang="en"))
            assert "Sở Lao động" in reply.text and "Thương binh và Xã hội" in reply.text
            assert answer_behind(app, reply).citations[0].doc_id == "kh-kontum-actip"
            assert "Department of Labour, Invalids and Social Affairs" in reply.text  # glossed quote

            reply = await ask(telegram, "ai chu tri ho tro nan nhan o kien giang")
            assert "Sở Lao động" in reply.text
            cited = answer_behind(app, reply).citations[0]
            assert cited.doc_id == "kh-kiengiang-78-2021" and cited.jurisdiction == "Kiên Giang"
            assert len(reply.params["_visible"]) <= 1000  # short on a phone (was 1.1k-2.3k)

            mark = telegram.count()
            telegram.send_text("/start")
            start = await wait_for(lambda: reply_to(telegram, mark))
            assert "Hòa Bình" not in start.text and "Kiên Giang" in start.text  # examples from the index
            mark = telegram.count()
            telegram.send_text("/help", user(43, lang="en"))
            help_en = await wait_for(lambda: reply_to(telegram, mark, chat_id=43))
            examples = [
                *start.params["_visible"].split("ví dụ:\n")[1].split("\n\n")[0].splitlines(),
                *help_en.params["_visible"].split("for example:\n")[1].split("\n•")[0].splitlines(),
            ]
            assert len(examples) == 4
            for example in examples:  # every example is answered on the real corpus
                english = example.startswith("Who")
                answer = await ask(telegram, example, user(43, lang="en") if english else None)
                sources = "<b>Sources</b>" if english else "<b>Nguồn</b>"
                assert sources in answer.text, example  # an answer, not an abstention ("Possibly related")

            mark = telegram.count()
            telegram.send_text("Who leads victim support in Kon Tum?", user(777))
            refusal = await wait_for(lambda: reply_to(telegram, mark, chat_id=777))
            assert "<code>777</code>" in refusal.text

    asyncio.run(scenario())
