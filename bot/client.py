"""The bot's only way to the answers: the HTTP API. Errors become three exceptions the handlers turn into
short messages, so an API that is down, slow or refusing never crashes the bot."""

from __future__ import annotations

import asyncio
import logging
import math
import re
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tip.settings import Settings

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)


class ApiError(Exception):
    """Base of the errors the API client raises."""


class ApiUnavailable(ApiError):
    """The API is down, not ready (503) or sending nonsense: the user can only try later (the operator
    finds the reason in the log)."""


class ApiBusy(ApiUnavailable):
    """429: the API's rate limit; `retry_after` is its Retry-After in seconds (None when it sent none)."""

    def __init__(self, message: str, retry_after: int | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ApiMisconfigured(ApiUnavailable):
    """401/403: the API refuses the bot's key. An operator problem, not the user's: logged loudly."""


class ApiTimeout(ApiUnavailable):
    """The API did not answer within settings.bot_api_timeout_s."""


class ApiRejected(ApiError):
    """The API refused the request (4xx): the request itself is wrong, retrying will not help."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


class _Lenient(BaseModel):
    """API responses may grow new fields; the bot reads only what it needs."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class ApiCitation(_Lenient):
    doc_id: str
    section_id: str
    heading_path: str = ""
    doc_title: str = ""
    doc_short_name: str = ""
    jurisdiction: str = ""
    quote: str = ""
    text: str = ""
    score: float = 0.0


class ApiGloss(_Lenient):
    vi: str
    en: str


class ApiUnderstood(_Lenient):
    question: str = ""
    places: list[str] = Field(default_factory=list)
    documents: list[str] = Field(default_factory=list)
    follow_up: str | None = None


class ApiAnswer(_Lenient):
    answer_id: str
    answer: str
    abstained: bool = False
    citations: list[ApiCitation] = Field(default_factory=list)
    see_also: list[ApiCitation] = Field(default_factory=list)
    lang: str = "vi"
    kind: str = ""
    glosses: list[ApiGloss] = Field(default_factory=list)
    flags: list[str] = Field(default_factory=list)
    understood: ApiUnderstood | None = None
    conversation_id: str | None = None


class ApiDocument(_Lenient):
    doc_id: str
    title: str = ""
    doc_type: str = "other"
    number: str | None = None
    issued: str | None = None
    year: int | None = None
    jurisdiction: str = ""
    jurisdiction_name: str = ""


class ApiSection(_Lenient):
    section_id: str
    heading_path: list[str] | str = Field(default_factory=list)
    text: str = ""

    @property
    def path_display(self) -> str:
        return self.heading_path if isinstance(self.heading_path, str) else " › ".join(self.heading_path)


class ApiClient:
    """Async client of the tip HTTP API (one httpx.AsyncClient, reused for every call)."""

    def __init__(
        self, base_url: str, api_key: str | None, timeout_s: float, http: httpx.AsyncClient | None = None
    ):
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self.timeout = httpx.Timeout(timeout_s)
        self._headers = {"X-API-Key": api_key} if api_key else {}
        self._owns_http = http is None
        self.http = http or httpx.AsyncClient(timeout=self.timeout)

    @classmethod
    def from_settings(cls, settings: Settings, http: httpx.AsyncClient | None = None) -> ApiClient:
        key = settings.api_key.get_secret_value() if settings.api_key else None
        return cls(settings.api_url, key, settings.bot_api_timeout_s, http)

    async def aclose(self) -> None:
        """Close the HTTP client if this object created it (an injected one belongs to the caller)."""
        if self._owns_http:
            await self.http.aclose()

    # -- endpoints -------------------------------------------------------------------
    async def ask(
        self, question: str, jurisdiction: str | None = None, conversation_id: str | None = None
    ) -> ApiAnswer:
        """Ask in the thread `conversation_id` (a follow-up is completed from it), or in a new one."""
        body: dict[str, Any] = {"question": question}
        if jurisdiction:
            body["jurisdiction"] = jurisdiction
        if conversation_id:
            body["conversation_id"] = conversation_id
        return _parse(ApiAnswer, await self._request("POST", "/v1/ask", json=body))

    async def documents(self) -> list[ApiDocument]:
        data = await self._request("GET", "/v1/documents")
        items = data.get("documents", data) if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise ApiUnavailable("GET /v1/documents did not return a list")
        return [_parse(ApiDocument, item) for item in items]

    async def section(self, section_id: str) -> ApiSection:
        data = await self._request("GET", f"/v1/sections/{quote(section_id, safe='')}")
        return _parse(ApiSection, data.get("section", data) if isinstance(data, dict) else data)

    async def feedback(self, answer_id: str, rating: str, comment: str | None = None) -> None:
        body = {"answer_id": answer_id, "rating": rating}
        if comment:
            body["comment"] = comment
        await self._request("POST", "/v1/feedback", json=body)

    # -- transport -------------------------------------------------------------------
    async def _request(self, method: str, path: str, json: dict[str, Any] | None = None) -> Any:
        """One call with the bot's timeout as a hard deadline (httpx's timeouts are per phase, so connect
        plus read could add up); every transport failure becomes an ApiError."""
        try:
            async with asyncio.timeout(self.timeout_s):
                response = await self.http.request(
                    method, self.base_url + path, json=json, headers=self._headers, timeout=self.timeout
                )
        except (httpx.TimeoutException, TimeoutError) as exc:
            raise ApiTimeout(f"{method} {path}: no answer within {self.timeout_s}s") from exc
        except httpx.HTTPError as exc:
            raise ApiUnavailable(f"{method} {path}: {type(exc).__name__}: {exc}") from exc
        return _checked(method, path, response)


def _checked(method: str, path: str, response: httpx.Response) -> Any:
    """The JSON body of a 2xx response; 4xx → ApiRejected, anything else → ApiUnavailable."""
    if response.status_code in (401, 403):
        log.error(
            "MISCONFIGURED: the API at %s refused the bot's key (HTTP %s): set TIP_API_KEY to one of the "
            "API's TIP_API_KEYS",
            response.url.host,
            response.status_code,
        )
        raise ApiMisconfigured(f"{method} {path}: HTTP {response.status_code}, check TIP_API_KEY")
    if response.status_code == 429:
        raise ApiBusy(f"{method} {path}: HTTP 429", retry_after_s(response))
    if 400 <= response.status_code < 500 and response.status_code != 408:
        code, message = _error_of(response)
        raise ApiRejected(response.status_code, code, message)
    if not response.is_success:
        raise ApiUnavailable(f"{method} {path}: HTTP {response.status_code}")
    try:
        return response.json()
    except ValueError as exc:
        raise ApiUnavailable(f"{method} {path}: the response is not JSON") from exc


def retry_after_s(response: httpx.Response) -> int | None:
    """Retry-After in whole seconds (at least 1), or None when absent or an HTTP date."""
    value = response.headers.get("Retry-After", "").strip()
    return max(1, math.ceil(float(value))) if re.fullmatch(r"\d+(\.\d+)?", value) else None


def _error_of(response: httpx.Response) -> tuple[str, str]:
    """The contract's {"error": {"code", "message"}}, tolerating FastAPI's {"detail": ...}."""
    try:
        body = response.json()
    except ValueError:
        return "http_error", response.text[:200]
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        return str(error.get("code", "error")), str(error.get("message", ""))
    detail = body.get("detail") if isinstance(body, dict) else None
    return "http_error", str(detail if detail is not None else body)[:200]


def _parse(model: type[M], data: Any) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ApiUnavailable(f"unexpected response shape for {model.__name__}: {exc.errors()[:1]}") from exc
