"""Threads for follow-up questions: the API keeps each conversation's last answer in memory, so a client
sends only `conversation_id` and the next message ("còn Kiên Giang?"). Bounded (the least recently used
thread goes first) and expiring (an idle thread is forgotten); a restart forgets every thread, and the
next question simply starts a new one."""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from index.followup import slim
from tip.domain import Answer


@dataclass
class Thread:
    last: Answer | None  # the answer a follow-up is completed from ("nguồn đâu?" does not replace it)
    turns: int
    touched: float


class ConversationStore:
    """conversation_id → the thread's last answer, for at most `limit` threads idle less than `ttl_s`."""

    def __init__(self, limit: int, ttl_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.ttl_s = ttl_s
        self.clock = clock
        self._threads: OrderedDict[str, Thread] = OrderedDict()
        self._lock = threading.Lock()

    def open(self, conversation_id: str | None) -> tuple[str, Answer | None, bool]:
        """(id, previous answer, expired): the thread to answer in. No id, or an id this server no
        longer knows (expired, evicted, restarted: `expired` is True), starts a new thread."""
        with self._lock:
            self._forget_idle()
            thread = self._threads.get(conversation_id) if conversation_id else None
            if thread is not None:
                self._threads.move_to_end(conversation_id)  # type: ignore[arg-type]
                thread.touched = self.clock()
                return conversation_id, thread.last, False  # type: ignore[return-value]
            new_id = secrets.token_hex(16)
            self._threads[new_id] = Thread(None, 0, self.clock())
            while len(self._threads) > self.limit:
                self._threads.popitem(last=False)
            return new_id, None, conversation_id is not None

    def record(self, conversation_id: str, answer: Answer) -> int:
        """Keep `answer` as the one the next message follows up on; the turn's number in the thread."""
        with self._lock:
            thread = self._threads.get(conversation_id)
            if thread is None:  # evicted while the answer was being composed: start over with it
                thread = self._threads[conversation_id] = Thread(None, 0, self.clock())
            self._threads.move_to_end(conversation_id)
            thread.turns += 1
            thread.touched = self.clock()
            if answer.kind != "sources":
                thread.last = slim(answer)
            return thread.turns

    def __len__(self) -> int:
        return len(self._threads)

    def _forget_idle(self) -> None:
        cutoff = self.clock() - self.ttl_s
        while self._threads:
            oldest_id, oldest = next(iter(self._threads.items()))
            if oldest.touched > cutoff:
                break
            del self._threads[oldest_id]
