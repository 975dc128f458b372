"""API keys, the per-client rate limit, and the rule that a public bind needs keys.

Both checks run as ASGI middleware, before the body is read or validated: an unauthenticated or
over-limit client learns nothing about the request format and costs no engine time."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import re
import threading
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import error_response
from api.logging import client_var
from tip.settings import Settings

PUBLIC_PATHS = frozenset(
    {
        "/",
        "/healthz",
        "/readyz",
        "/metrics",
        "/docs",
        "/docs/oauth2-redirect",
        "/redoc",
        "/openapi.json",
        "/favicon.ico",
    }
)
PUBLIC_PREFIXES = ("/static/",)
MAX_BODY_BYTES = 64 * 1024


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def is_loopback(host: str) -> bool:
    """True for localhost and 127.0.0.0/8 / ::1; any other name or address may be reachable from outside."""
    host = host.strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


MIN_PUBLIC_KEY_CHARS = 16
PLACEHOLDER_KEYS = Path(__file__).parent / "data" / "placeholder_keys.txt"


def check_bind(settings: Settings) -> None:
    """Refuse to expose the API beyond this machine without API keys, or with keys anyone could guess."""
    if is_loopback(settings.api_host):
        return
    where = f"{settings.api_host}:{settings.api_port}"
    if not settings.api_keys:
        raise ValueError(
            f"refusing to listen on {where} without API keys: "
            "set TIP_API_KEYS (comma-separated) or bind to 127.0.0.1"
        )
    for number, key in enumerate(settings.api_keys, start=1):
        why = weak_key_reason(key.get_secret_value())
        if why:
            raise ValueError(
                f"refusing to listen on {where}: key {number} of TIP_API_KEYS is {why}; "
                f"use random keys of at least {MIN_PUBLIC_KEY_CHARS} characters "
                "(python -c 'import secrets; print(secrets.token_urlsafe(24))')"
            )


def weak_key_reason(key: str) -> str | None:
    """Why a key is too weak for a public bind, or None."""
    if len(key) < MIN_PUBLIC_KEY_CHARS:
        return f"shorter than {MIN_PUBLIC_KEY_CHARS} characters"
    folded = re.sub(r"[^0-9a-z]", "", key.lower())
    if any(folded == p or folded.startswith(p) for p in _placeholders() if len(p) >= 5):
        return "a placeholder or a guessable word"
    if len(set(key)) < 6:
        return "made of too few distinct characters"
    return None


@lru_cache(maxsize=1)
def _placeholders() -> frozenset[str]:
    lines = PLACEHOLDER_KEYS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


class ApiKeys:
    """Constant-time check of the presented key against the configured ones."""

    def __init__(self, keys: list[SecretStr]) -> None:
        self._keys = [k.get_secret_value().encode() for k in keys]

    @property
    def enabled(self) -> bool:
        return bool(self._keys)

    @staticmethod
    def presented(headers: Headers) -> str | None:
        """The key from X-API-Key, else from Authorization: Bearer."""
        key = headers.get("x-api-key")
        if key:
            return key.strip()
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        return token.strip() or None

    def identify(self, key: str) -> str | None:
        """A stable, non-secret id for a valid key (for rate limiting and logs), or None."""
        raw = key.encode()
        matched = False
        for known in self._keys:
            matched |= hmac.compare_digest(raw, known)
        return "key:" + hashlib.sha256(raw).hexdigest()[:10] if matched else None


class RateLimiter:
    """A token bucket per client: `per_minute` requests of burst, refilled evenly over a minute."""

    MAX_CLIENTS = 10_000

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._rate = per_minute / 60.0
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, client: str) -> float:
        """0 if the request may go ahead, else the seconds until it may."""
        if self.per_minute <= 0:
            return 0.0
        now = self._clock()
        with self._lock:
            tokens, last = self._buckets.get(client, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - last) * self._rate)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)
                self._prune(now)
                return 0.0
            self._buckets[client] = (tokens, now)
            return (1.0 - tokens) / self._rate

    def _prune(self, now: float) -> None:
        """Forget clients whose bucket is full again, so the table cannot grow without bound."""
        if len(self._buckets) <= self.MAX_CLIENTS:
            return
        full_after = 60.0
        self._buckets = {c: (t, last) for c, (t, last) in self._buckets.items() if now - last < full_after}


class GuardMiddleware:
    """API key (when configured), body size and rate limit for every non-public path."""

    def __init__(
        self,
        app: ASGIApp,
        keys: ApiKeys,
        limiter: RateLimiter,
        on_limited: Callable[[], Any] | None = None,
        auth_failures: RateLimiter | None = None,
    ) -> None:
        self.app = app
        self.keys = keys
        self.limiter = limiter
        self.on_limited = on_limited
        self.auth_failures = auth_failures or RateLimiter(0)  # wrong or missing keys, per client address

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or is_public(scope["path"]):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        if scope["method"] in ("POST", "PUT", "PATCH"):
            replay = await _bounded_body(receive)
            if replay is None:
                await _too_large()(scope, _no_body, send)
                return
            receive = replay
        await self.app(scope, receive, send)

    def _refusal(self, scope: Scope, headers: Headers) -> ASGIApp | None:
        client = self._client(scope, headers)
        if isinstance(client, tuple):
            wait = self.auth_failures.take(f"ip:{_address(scope)}")
            if wait > 0:
                return self._limited(wait, self.auth_failures, "failed API key checks")
            return error_response(
                401, client[0], client[1], headers={"WWW-Authenticate": 'Bearer realm="tip"'}
            )
        client_var.set(client)
        if _content_length(headers) > MAX_BODY_BYTES:
            return _too_large()
        wait = self.limiter.take(client)
        if wait > 0:
            return self._limited(wait, self.limiter, "requests")
        return None

    def _limited(self, wait: float, limiter: RateLimiter, what: str) -> ASGIApp:
        if self.on_limited:
            self.on_limited()
        seconds = max(1, math.ceil(wait))
        return error_response(
            429,
            "rate_limited",
            f"Too many {what}: the limit is {limiter.per_minute} per minute. Retry in {seconds} s.",
            headers={"Retry-After": str(seconds)},
        )

    def _client(self, scope: Scope, headers: Headers) -> str | tuple[str, str]:
        """The rate-limit identity (key id or client IP), or the (code, message) of a 401."""
        if not self.keys.enabled:
            return f"ip:{_address(scope)}"
        key = self.keys.presented(headers)
        if not key:
            return (
                "missing_api_key",
                "This endpoint needs an API key: send it in the X-API-Key header or as 'Authorization: Bearer <key>'.",
            )
        ident = self.keys.identify(key)
        if ident is None:
            return (
                "invalid_api_key",
                "The API key is not valid; check it, or ask the server's operator for one.",
            )
        return ident


def _address(scope: Scope) -> str:
    """The client's address: the peer's, or the one a trusted proxy forwarded (see server_options)."""
    return str((scope.get("client") or ("unknown", 0))[0])


def server_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's proxy settings: X-Forwarded-For is believed only from TIP_TRUSTED_PROXIES (none by
    default; uvicorn's own default trusts 127.0.0.1, so any local client could pick its rate-limit id)."""
    if not settings.trusted_proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": ",".join(settings.trusted_proxies)}


def _too_large() -> ASGIApp:
    return error_response(
        413,
        "request_too_large",
        f"The request body is larger than {MAX_BODY_BYTES // 1024} KiB; send a shorter one.",
    )


async def _no_body() -> Message:
    return {"type": "http.disconnect"}


async def _bounded_body(receive: Receive) -> Receive | None:
    """Read the body up front (it is small JSON) so a chunked upload without Content-Length is bounded too;
    None when it is over the limit, else a `receive` that replays it."""
    messages: list[Message] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        size += len(message.get("body", b""))
        if size > MAX_BODY_BYTES:
            return None
        if not message.get("more_body", False):
            break

    async def replay() -> Message:
        return messages.pop(0) if messages else await receive()

    return replay


def _content_length(headers: Headers) -> int:
    try:
        return int(headers.get("content-length", "0"))
    except ValueError:
        return 0
