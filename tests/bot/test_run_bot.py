"""`tip bot` as an operator runs it: a separate process configured by TIP_* variables, by long polling
and behind a webhook, against the fake Telegram and the real API."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from bot.app import webhook_secret
from tests.bot.conftest import API_KEY
from tests.bot.fake_telegram import TOKEN, FakeTelegram, user
from tests.bot.servers import UvicornThread, free_port

pytestmark = pytest.mark.slow


def tip_env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIP_")}
    env.update(values)
    return env


def wait(predicate: Callable[[], Any], timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {predicate}")


@pytest.fixture
def bot_env(api_server: UvicornThread, telegram: FakeTelegram, tmp_path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return tip_env(
        TIP_DATA_DIR=str(tmp_path / "bot-data"),
        TIP_TELEGRAM_TOKEN=TOKEN,
        TIP_TELEGRAM_API_BASE=telegram.base_url,
        TIP_API_URL=api_server.url,
        TIP_API_KEY=API_KEY,
        TIP_BOT_ALLOWED_USERS="42",
    )


@pytest.fixture
def start_bot() -> Iterator[Callable[[dict[str, str]], subprocess.Popen[str]]]:
    procs: list[subprocess.Popen[str]] = []

    def start(env: dict[str, str]) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tip.cli", "bot"],
            env=env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


def stop(proc: subprocess.Popen[str]) -> str:
    """Ctrl-C, as an operator would; returns everything the bot logged."""
    proc.send_signal(signal.SIGINT)
    output, _ = proc.communicate(timeout=20)
    return output


def test_tip_bot_without_a_token_says_what_to_do() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tip.cli", "bot"], env=tip_env(), capture_output=True, text=True, timeout=60
    )
    assert (
        result.returncode == 2 and "TIP_TELEGRAM_TOKEN" in result.stderr and "Traceback" not in result.stderr
    )


def test_tip_bot_long_polling(bot_env: dict[str, str], telegram: FakeTelegram, start_bot) -> None:  # type: ignore[no-untyped-def]
    proc = start_bot(bot_env)
    wait(lambda: telegram.sent("setMyCommands"))
    telegram.send_text("Ai chủ trì hỗ trợ nạn nhân ở Hòa Bình?")
    answer = wait(lambda: [c for c in telegram.sent(chat_id=42) if "Sở Lao động" in c.text])
    assert "12/KH-UBND" in answer[0].text
    telegram.send_text("xin chào", user(7))
    wait(lambda: telegram.sent(chat_id=7))
    output = stop(proc)
    assert proc.returncode == 0, output
    assert TOKEN not in output and "xin chào" not in output and "user_id=7" in output
    commands = telegram.sent("setMyCommands")
    assert {c.params.get("language_code") for c in commands} == {None, "en"}


def test_tip_bot_webhook(bot_env: dict[str, str], telegram: FakeTelegram, start_bot) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    env = {
        **bot_env,
        "TIP_BOT_MODE": "webhook",
        "TIP_BOT_WEBHOOK_URL": "https://bot.example.org/tg/hook",
        "TIP_BOT_WEBHOOK_PORT": str(port),
    }
    proc = start_bot(env)
    [registered] = wait(lambda: telegram.sent("setWebhook"))
    assert registered.params["url"] == "https://bot.example.org/tg/hook"
    assert registered.params["secret_token"] == webhook_secret(TOKEN)
    update = {"update_id": 1, "message": telegram.text_message("/start")}
    hook = f"http://127.0.0.1:{port}/tg/hook"
    assert httpx.post(hook, json=update, timeout=5).status_code == 403  # no secret: refused
    headers = {"X-Telegram-Bot-Api-Secret-Token": webhook_secret(TOKEN)}
    assert httpx.post(hook, json=update, headers=headers, timeout=5).status_code == 200
    wait(lambda: [c for c in telegram.sent(chat_id=42) if "Gửi câu hỏi" in c.text])
    stop(proc)
