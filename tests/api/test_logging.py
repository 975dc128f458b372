"""JSON-lines logs: one per request with its id; question text only when settings.log_questions."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from api.app import create_app
from api.logging import JsonFormatter
from tests.api.conftest import asgi_client
from tip.settings import Settings

pytestmark = pytest.mark.anyio

SECRET_QUESTION = "Ai chủ trì hỗ trợ nạn nhân ở Hòa Bình? (hồ sơ 4471)"


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    def records(self) -> list[dict[str, object]]:
        return [json.loads(line) for line in self.lines]


@pytest.fixture
def log_lines() -> Iterator[Lines]:
    handler = Lines()
    api_logger = logging.getLogger("tip.api")
    api_logger.addHandler(handler)
    level = api_logger.level
    api_logger.setLevel(logging.DEBUG)
    yield handler
    api_logger.removeHandler(handler)
    api_logger.setLevel(level)


async def _ask_and_search(settings: Settings) -> None:
    async with asgi_client(create_app(settings)) as client:
        r = await client.post(
            "/v1/ask", json={"question": SECRET_QUESTION}, headers={"X-Request-ID": "req-ask-1"}
        )
        assert r.status_code == 200
        await client.get(
            "/v1/search", params={"q": SECRET_QUESTION}, headers={"X-Request-ID": "req-search-1"}
        )


async def test_questions_not_logged_by_default(mini_settings: Settings, log_lines: Lines) -> None:
    await _ask_and_search(mini_settings)
    assert not any("4471" in line or "ch%E1" in line for line in log_lines.lines)
    records = log_lines.records()
    request = next(r for r in records if r["msg"] == "request" and r["route"] == "/v1/ask")
    assert request["request_id"] == "req-ask-1" and request["status"] == 200 and request["method"] == "POST"
    assert request["client"] == "ip:127.0.0.1" and isinstance(request["duration_ms"], float)
    answered = next(r for r in records if r["msg"] == "answered")
    assert answered["request_id"] == "req-ask-1", "the id reaches the threadpool where the engine runs"
    assert answered["question_chars"] == len(SECRET_QUESTION) and "question" not in answered
    search = next(r for r in records if r["msg"] == "request" and r["route"] == "/v1/search")
    assert search["path"] == "/v1/search", "the query string (the question) is not logged"


async def test_questions_logged_when_enabled(mini_settings: Settings, log_lines: Lines) -> None:
    await _ask_and_search(mini_settings.model_copy(update={"log_questions": True}))
    answered = next(r for r in log_lines.records() if r["msg"] == "answered")
    assert answered["question"] == SECRET_QUESTION


async def test_every_line_is_json(mini_settings: Settings, log_lines: Lines) -> None:
    async with asgi_client(create_app(mini_settings)) as client:
        await client.get("/v1/documents/nope")
    assert log_lines.lines and all(json.loads(line)["ts"] for line in log_lines.lines)
