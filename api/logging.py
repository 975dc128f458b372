"""JSON-lines logs carrying the request id, so one request's lines can be found with grep.

Question text is personal data in this domain (people ask about their own situation): it is logged only
when settings.log_questions is on, and request logs carry the path without the query string."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from contextvars import ContextVar
from typing import Any

request_id_var: ContextVar[str | None] = ContextVar("tip_request_id", default=None)
client_var: ContextVar[str | None] = ContextVar("tip_client", default=None)

logger = logging.getLogger("tip.api")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id and the record's fields."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        rid = request_id_var.get()
        if rid:
            data["request_id"] = rid
        data.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


def log_event(level: int, msg: str, **fields: Any) -> None:
    """Log `msg` with structured fields (rendered as JSON keys by JsonFormatter)."""
    logger.log(level, msg, extra={"fields": fields})


def configure_logging(level: int = logging.INFO) -> None:
    """Route every logger (ours, uvicorn's, chromadb's) through one JSON handler on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        uv = logging.getLogger(name)
        uv.handlers[:] = []
        uv.propagate = True
