"""Progress of a long command (the first ingest embeds for minutes) where nobody sees a progress bar.

`tip ingest` writes to a terminal (a rich bar) or to a log file, a CI job or `make run` piped through
something (then: one line every few seconds). Both take the three calls that rich's Progress takes
(`add_task`, `advance`, `update`, with rich's task ids), so the command does not care which one it got.
TIP_PROGRESS picks one: auto (bar on a terminal, lines otherwise), bar, log, off."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from rich.progress import TaskID

# What each step of the ingest counts, as a person reads it in a log line.
UNITS = {"reading": "documents parsed", "embedding": "chunks embedded"}


@dataclass
class _Task:
    description: str
    total: float | None
    completed: float = 0
    started: float = field(default_factory=time.monotonic)
    logged_at: float | None = None


class LogProgress:
    """One line per task every `interval_s` seconds, and one when the task completes:
    `embedding: chunks embedded 120/618 (35.2/s, ETA 14 s)`."""

    def __init__(
        self,
        write: Callable[[str], None],
        interval_s: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.write = write
        self.interval_s = interval_s
        self.clock = clock
        self.tasks: list[_Task] = []

    def __enter__(self) -> LogProgress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        return None

    def add_task(self, description: str, total: float | None = None, **_: Any) -> TaskID:
        self.tasks.append(_Task(description, total, started=self.clock()))
        return TaskID(len(self.tasks) - 1)

    def advance(self, task_id: TaskID, advance: float = 1) -> None:
        task = self.tasks[task_id]
        self._changed(task, task.completed + advance, task.total)

    def update(
        self, task_id: TaskID, completed: float | None = None, total: float | None = None, **_: Any
    ) -> None:
        task = self.tasks[task_id]
        self._changed(task, task.completed if completed is None else completed, total or task.total)

    def _changed(self, task: _Task, completed: float, total: float | None) -> None:
        task.completed, task.total = completed, total
        now = self.clock()
        done = total is not None and completed >= total
        due = task.logged_at is None or now - task.logged_at >= self.interval_s
        if due or done:
            task.logged_at = now
            self.write(progress_line(task.description, completed, total, now - task.started))


def progress_line(description: str, completed: float, total: float | None, elapsed_s: float) -> str:
    """`embedding: chunks embedded 120/618 (35.2/s, ETA 14 s)`; the ETA once a rate is known."""
    unit = UNITS.get(description, "done")
    count = f"{completed:.0f}/{total:.0f}" if total else f"{completed:.0f}"
    rate = completed / elapsed_s if elapsed_s > 0 else 0.0
    parts = [f"{rate:.1f}/s"] if rate else []
    if total and rate and completed < total:
        parts.append(f"ETA {format_seconds((total - completed) / rate)}")
    elif total and completed >= total:
        parts.append(f"done in {format_seconds(elapsed_s)}")
    details = f" ({', '.join(parts)})" if parts else ""
    return f"{description}: {unit} {count}{details}"


def format_seconds(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest:02d} s"
