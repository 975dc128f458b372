"""What the bot remembers between updates (in memory): recent answers per chat, keyed by a short random id
so inline buttons carry only that id (callback data is at most 64 bytes and must not carry section ids
with Vietnamese letters), and a per-user sliding window for the question rate limit."""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict, deque
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.client import ApiCitation
from bot.texts import Lang

MAX_ANSWERS_PER_CHAT = 50
CALLBACK_LIMIT = 64  # bytes, Telegram's limit for callback_data
Rating = Literal["up", "down"]


@dataclass
class AnswerRecord:
    """An answer the user can still act on: its API id (for feedback) and its sources (for 📄 buttons)."""

    answer_id: str
    citations: list[ApiCitation]
    lang: Lang
    section_texts: dict[int, str] = field(default_factory=dict)  # full section text by citation number
    voted: bool = False


def remember_answer(chat_data: MutableMapping[str, Any], record: AnswerRecord) -> str:
    """Store the answer under a new short key; the oldest answers of the chat are forgotten."""
    answers: OrderedDict[str, AnswerRecord] = chat_data.setdefault("answers", OrderedDict())
    key = secrets.token_urlsafe(6)
    while key in answers:
        key = secrets.token_urlsafe(6)
    answers[key] = record
    while len(answers) > MAX_ANSWERS_PER_CHAT:
        answers.popitem(last=False)
    return key


def recall_answer(chat_data: MutableMapping[str, Any], key: str) -> AnswerRecord | None:
    answers = chat_data.get("answers")
    return answers.get(key) if isinstance(answers, OrderedDict) else None


# -- callback data -------------------------------------------------------------------
@dataclass(frozen=True)
class Callback:
    """A decoded button press: open source n of answer `key` (src), turn to page p of it (pg), or rate it (fb)."""

    action: Literal["src", "pg", "fb"]
    key: str
    n: int = 0
    page: int = 0
    rating: Rating = "up"


def source_data(key: str, n: int) -> str:
    return _checked(f"src:{key}:{n}")


def page_data(key: str, n: int, page: int) -> str:
    return _checked(f"pg:{key}:{n}:{page}")


def feedback_data(key: str, rating: Rating) -> str:
    return _checked(f"fb:{key}:{rating}")


def parse_callback(data: str | None) -> Callback | None:
    """The button press, or None for data this bot did not produce (old versions, forged presses)."""
    parts = (data or "").split(":")
    try:
        if parts[0] == "src" and len(parts) == 3:
            return Callback("src", parts[1], n=int(parts[2]))
        if parts[0] == "pg" and len(parts) == 4:
            return Callback("pg", parts[1], n=int(parts[2]), page=int(parts[3]))
        if parts[0] == "fb" and len(parts) == 3 and parts[2] in ("up", "down"):
            return Callback("fb", parts[1], rating="up" if parts[2] == "up" else "down")
    except ValueError:
        return None
    return None


def _checked(data: str) -> str:
    if len(data.encode()) > CALLBACK_LIMIT:
        raise ValueError(f"callback data over {CALLBACK_LIMIT} bytes: {data!r}")
    return data


# -- rate limit ----------------------------------------------------------------------
class SlidingWindow:
    """At most `limit` events per key in any `period` seconds (a limit of 0 or less disables it)."""

    def __init__(self, limit: int, period: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.period = period
        self.clock = clock
        self._events: dict[str, deque[float]] = {}

    def allow(self, key: str) -> bool:
        if self.limit <= 0:
            return True
        now = self.clock()
        events = self._events.setdefault(key, deque())
        while events and now - events[0] >= self.period:
            events.popleft()
        if len(events) >= self.limit:
            return False
        events.append(now)
        return True
