"""What the bot remembers between updates. Buttons carry the objects below through PTB's
arbitrary_callback_data (Telegram sees only a short id), and the chat's own memory (scope, votes, open
comment prompts) is plain data in chat_data; both are persisted (bot.app), so buttons work after a restart.
Also a per-user sliding window for the question rate limit."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import Any, Literal

from bot.client import ApiCitation
from bot.texts import Lang

MAX_REMEMBERED = 50  # votes and comment prompts kept per chat
Rating = Literal["up", "down"]


@dataclass(frozen=True)
class ShownAnswer:
    """What the buttons under an answer need: its API id (for feedback) and its sources (for 📄)."""

    answer_id: str
    citations: tuple[ApiCitation, ...]
    lang: Lang


@dataclass(frozen=True)
class OpenSource:
    """📄 n: send the full text of source n as a new message."""

    answer: ShownAnswer
    n: int


@dataclass(frozen=True)
class TurnPage:
    """◀ / ▶: show page `page` of source n's text (already fetched) in the same message."""

    answer: ShownAnswer
    n: int
    page: int
    text: str


@dataclass(frozen=True)
class Rate:
    """👍 / 👎 on an answer."""

    answer: ShownAnswer
    rating: Rating


Press = OpenSource | TurnPage | Rate


def has_voted(chat_data: MutableMapping[str, Any], answer_id: str) -> bool:
    return answer_id in chat_data.get("voted", [])


def remember_vote(chat_data: MutableMapping[str, Any], answer_id: str) -> None:
    """Record that the chat rated `answer_id` (the oldest votes are forgotten)."""
    voted: list[str] = chat_data.setdefault("voted", [])
    voted.append(answer_id)
    del voted[:-MAX_REMEMBERED]


def await_comment(chat_data: MutableMapping[str, Any], prompt_message_id: int, answer_id: str) -> None:
    """Remember that a reply to the prompt message is a comment on `answer_id`."""
    prompts: dict[int, str] = chat_data.setdefault("comment_prompts", {})
    prompts[prompt_message_id] = answer_id
    for old in list(prompts)[:-MAX_REMEMBERED]:
        del prompts[old]


def take_comment_target(chat_data: MutableMapping[str, Any], replied_to: int | None) -> str | None:
    """The answer a reply to message `replied_to` comments on (once), or None for any other message."""
    prompts: dict[int, str] = chat_data.get("comment_prompts", {})
    return prompts.pop(replied_to, None) if replied_to is not None else None


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
