"""The outermost middleware: request id, one JSON log line and metrics per request, and the 500 shape.

It sits outside CORS and the key check so that every response, refusals and crashes included, carries
X-Request-ID and is counted."""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_response
from api.logging import client_var, log_event, logger, request_id_var
from api.metrics import ApiMetrics

_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def request_id(headers: Headers) -> str:
    """The caller's X-Request-ID when it is safe to echo and log, else a new one."""
    given = headers.get("x-request-id", "")
    return given if _SAFE_ID.match(given) else uuid.uuid4().hex


def route_template(scope: Scope) -> str:
    """The matched route's path template (bounded label values), or 'unmatched'."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return str(path) if path else "unmatched"


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, metrics: ApiMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id(Headers(scope=scope))
        rid_token = request_id_var.set(rid)
        client_token = client_var.set(None)
        started = time.perf_counter()
        state = {"status": 500, "started": False}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
                state["started"] = True
                MutableHeaders(scope=message)["X-Request-ID"] = rid
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            logger.exception("unhandled error", extra={"fields": {"path": scope["path"]}})
            if state["started"]:
                raise
            response = error_response(
                500,
                "internal_error",
                f"The server hit an unexpected error. Retry; if it happens again, report request id {rid}.",
            )
            await response(scope, receive, send_with_id)
        finally:
            self._record(scope, int(state["status"]), time.perf_counter() - started)
            client_var.reset(client_token)
            request_id_var.reset(rid_token)

    def _record(self, scope: Scope, status: int, seconds: float) -> None:
        route = route_template(scope)
        self.metrics.observe_request(scope["method"], route, status, seconds)
        level = logging.WARNING if status >= 500 else logging.INFO
        log_event(
            level,
            "request",
            method=scope["method"],
            path=scope["path"],  # never the query string: /v1/search?q= carries the question
            route=route,
            status=status,
            duration_ms=round(seconds * 1000, 1),
            client=client_var.get(),
        )
