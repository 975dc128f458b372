"""Answers and their ratings in SQLite (data_dir/feedback.sqlite), and the export of down-rated ones.

Each /v1/ask answer is kept with its answer_id so that a later rating can be tied to the exact question,
answer and citations the person saw; the export turns down-rated ones into regression questions in the
schema of shared/evals/README.md, for an evaluator to complete."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tip.domain import Answer, Citation

SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    answer_id  TEXT PRIMARY KEY,
    created    TEXT NOT NULL,
    question   TEXT NOT NULL,
    lang       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    answer     TEXT NOT NULL,
    abstained  INTEGER NOT NULL,
    citations  TEXT NOT NULL,  -- JSON list of {doc_id, section_id, heading_path, quote, score}
    see_also   TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    answer_id  TEXT NOT NULL REFERENCES answers(answer_id),
    rating     TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment    TEXT,
    created    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_rating ON feedback(rating, answer_id);
"""

EVAL_LANGS = ("vi", "en", "vi-nodiac")
EVAL_KINDS = ("who_leads", "fact", "number", "date", "list", "compare", "abstain")
EXPORT_HEADER = """\
# Down-rated answers from the tip-assistant API, in the regression-set schema of shared/evals/README.md.
# TODO for each question before adding it to a set:
#   - expect.citations: keep the doc_ids that should be cited and put in `contains` a phrase of the right
#     section (an empty `contains` matches any section of that document); add or remove entries;
#   - answer_contains: the words a correct answer must contain; abstain: true if the documents do not answer;
#   - delete the `todo` and `feedback` fields once done (they are notes, ignored by the runner).
"""


class UnknownAnswer(LookupError):
    """Feedback names an answer_id this server never gave."""


class FeedbackUnavailable(RuntimeError):
    """The feedback database cannot be written or read; `full` when the disk or its size cap is reached."""

    def __init__(self, reason: str, full: bool) -> None:
        super().__init__(reason)
        self.full = full


def _storage_error(exc: sqlite3.Error) -> FeedbackUnavailable:
    text = str(exc)
    full = "full" in text.lower() or getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
    return FeedbackUnavailable(f"the feedback database cannot be written ({text})", full=full)


@dataclass
class DownRated:
    """One down-rated answer with every comment it received."""

    answer_id: str
    question: str
    lang: str
    kind: str
    answer: str
    abstained: bool
    citations: list[dict[str, Any]]
    see_also: list[dict[str, Any]]
    created: str
    comments: list[str] = field(default_factory=list)
    last_rated: str = ""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _cited(citations: list[Citation]) -> str:
    """Only what the export needs: the full section texts stay in the index, not in this file."""
    return json.dumps(
        [
            {
                "doc_id": c.doc_id,
                "section_id": c.section_id,
                "heading_path": c.heading_path,
                "quote": c.quote,
                "score": c.score,
            }
            for c in citations
        ],
        ensure_ascii=False,
    )


class FeedbackStore:
    """One SQLite connection behind a lock: writes are tiny, and WAL + FULL sync makes each one durable.
    `max_bytes` caps the database (a full disk and a full cap give the same FeedbackUnavailable)."""

    def __init__(self, path: Path, max_bytes: int | None = None) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None

    def _db(self) -> sqlite3.Connection:
        """Open on first use, so a server whose data dir is not ready yet still starts."""
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.executescript(SCHEMA)
            if self.max_bytes:
                page = int(conn.execute("PRAGMA page_size").fetchone()[0])
                conn.execute(f"PRAGMA max_page_count={max(1, self.max_bytes // page)}")
            self._conn = conn
        return self._conn

    def open(self) -> None:
        with self._lock:
            self._db()

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def record_answer(self, answer_id: str, answer: Answer) -> None:
        row = (
            answer_id,
            _now(),
            answer.question,
            answer.lang,
            answer.kind,
            answer.answer,
            int(answer.abstained),
            _cited(answer.citations),
            _cited(answer.see_also),
        )
        with self._lock, _storage_errors():
            self._db().execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row)

    def add_feedback(self, answer_id: str, rating: str, comment: str | None) -> int:
        with self._lock, _storage_errors():
            db = self._db()
            if db.execute("SELECT 1 FROM answers WHERE answer_id = ?", (answer_id,)).fetchone() is None:
                raise UnknownAnswer(answer_id)
            cur = db.execute(
                "INSERT INTO feedback (answer_id, rating, comment, created) VALUES (?, ?, ?, ?)",
                (answer_id, rating, comment, _now()),
            )
            return int(cur.lastrowid or 0)

    def counts(self) -> dict[str, int]:
        with self._lock:
            rows = self._db().execute("SELECT rating, COUNT(*) FROM feedback GROUP BY rating").fetchall()
        return {str(r): int(n) for r, n in rows}

    def down_rated(self) -> list[DownRated]:
        """Answers with at least one 'down', oldest first, each once with all its comments."""
        query = """
            SELECT a.answer_id, a.question, a.lang, a.kind, a.answer, a.abstained, a.citations, a.see_also,
                   a.created, f.comment, f.created
            FROM answers a JOIN feedback f ON f.answer_id = a.answer_id
            WHERE f.rating = 'down' ORDER BY f.id
        """
        with self._lock, _storage_errors():
            rows = self._db().execute(query).fetchall()
        out: dict[str, DownRated] = {}
        for aid, question, lang, kind, answer, abstained, cites, see_also, created, comment, rated in rows:
            item = out.get(aid) or DownRated(
                aid,
                question,
                lang,
                kind,
                answer,
                bool(abstained),
                json.loads(cites),
                json.loads(see_also),
                created,
            )
            if comment:
                item.comments.append(comment)
            item.last_rated = rated
            out[aid] = item
        return list(out.values())


@contextlib.contextmanager
def _storage_errors() -> Iterator[None]:
    """sqlite3's errors stop here: callers see FeedbackUnavailable."""
    try:
        yield
    except sqlite3.Error as exc:
        raise _storage_error(exc) from exc


def regression_question(item: DownRated) -> dict[str, Any]:
    """A question in the eval-set schema; `todo` and `feedback` are extra keys the runner ignores."""
    cited = item.citations or item.see_also
    doc_ids = list(dict.fromkeys(c["doc_id"] for c in cited))
    return {
        "id": f"fb-{item.answer_id[:12]}",
        "question": item.question,
        "lang": item.lang if item.lang in EVAL_LANGS else "vi",
        "kind": item.kind if item.kind in EVAL_KINDS else "fact",
        "expect": {
            "citations": [{"doc_id": d, "contains": ""} for d in doc_ids],
            "answer_contains": [],
            "abstain": False,
        },
        "todo": "Rated down by a user: fill expect.citations[].contains and answer_contains (or set abstain: true).",
        "feedback": {
            "answer_id": item.answer_id,
            "asked": item.created,
            "rated": item.last_rated,
            "comments": item.comments,
            "given_answer": item.answer,
            "abstained": item.abstained,
            "cited_sections": [f"{c['section_id']} — {c['heading_path']}" for c in cited],
        },
    }


def export_document(items: list[DownRated]) -> dict[str, Any]:
    return {"questions": [regression_question(i) for i in items]}


def export_yaml(items: list[DownRated]) -> str:
    body = yaml.safe_dump(export_document(items), allow_unicode=True, sort_keys=False, width=110)
    return EXPORT_HEADER + body
