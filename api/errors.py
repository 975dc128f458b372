"""One error shape for every failure: {"error": {"code", "message", "request_id", "details"?}}.

Clients (the bot, the workshop page, scripts) branch on `code` and show `message` to a person, so every
message is a sentence that says what to do next."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.logging import request_id_var
from index.engine import InvalidQuestion, NotFound, Unavailable

RETRY_AFTER_UNAVAILABLE_S = 5

_HTTP_CODES = {
    400: ("bad_request", "The request body could not be read; send UTF-8 JSON as described in /docs."),
    401: ("unauthorized", "This endpoint needs an API key (X-API-Key header or Authorization: Bearer)."),
    403: ("forbidden", "This API key may not use this endpoint."),
    404: ("not_found", "There is no endpoint at this path; see /docs for the list of endpoints."),
    405: ("method_not_allowed", "This endpoint does not accept this HTTP method; see /docs."),
    413: ("request_too_large", "The request is too large; send a shorter one."),
    415: ("unsupported_media_type", "Send the request body as JSON (Content-Type: application/json)."),
}


class ApiError(Exception):
    """An error the API raises on purpose, with its HTTP status, code and message."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def error_body(code: str, message: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The JSON body of an error response (the request id ties it to the server's log line)."""
    error: dict[str, Any] = {"code": code, "message": message, "request_id": request_id_var.get()}
    if details:
        error["details"] = details
    return {"error": error}


def error_response(
    status: int,
    code: str,
    message: str,
    headers: dict[str, str] | None = None,
    details: list[dict[str, Any]] | None = None,
) -> JSONResponse:
    return JSONResponse(error_body(code, message, details), status_code=status, headers=headers)


def sentence(text: str) -> str:
    """Engine messages are lower-case fragments; a person reads a sentence."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def validation_message(errors: list[dict[str, Any]]) -> str:
    """Turn pydantic's first complaint into one actionable sentence."""
    if not errors:
        return "The request is invalid; see /docs for the expected format."
    first = errors[0]
    loc = [str(p) for p in first.get("loc", ())]
    where_kind = loc[0] if loc else "request"
    field = ".".join(loc[1:]) or where_kind
    kind = first.get("type", "")
    if kind == "json_invalid":
        return "The request body is not valid JSON; send a JSON object as described in /docs."
    if loc == ["body"]:
        return "The request body must be a JSON object sent as Content-Type: application/json; see /docs for its fields."
    if kind == "missing":
        return f"The {where_kind} field '{field}' is required; see /docs for the expected format."
    if kind == "string_too_short" and field in ("question", "q"):
        return f"The {where_kind} field '{field}' is empty; send a question of at least one character."
    if kind == "string_pattern_mismatch" and field in ("question", "q"):
        return f"The {where_kind} field '{field}' has no letters or digits; write the question in words."
    if kind == "extra_forbidden":
        return f"The {where_kind} field '{field}' is not recognised; remove it (see /docs for the fields)."
    msg = str(first.get("msg", "is invalid")).rstrip(".")
    return f"The {where_kind} field '{field}' is invalid: {msg}."


def _details(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "loc": [str(p) for p in e.get("loc", ())],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in errors
    ]


async def _api_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, exc.headers)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    code = "invalid_question" if _is_wordless_question(errors) else "invalid_request"
    return error_response(422, code, validation_message(errors), details=_details(errors))


def _is_wordless_question(errors: list[dict[str, Any]]) -> bool:
    """A question with no letters or digits keeps the code the engine gives an empty one."""
    first = errors[0] if errors else {}
    field = [str(p) for p in first.get("loc", ())][-1:]
    return first.get("type") == "string_pattern_mismatch" and field in (["question"], ["q"])


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code, default = _HTTP_CODES.get(exc.status_code, (f"http_{exc.status_code}", "The request failed."))
    message = default
    if exc.status_code == 404 and isinstance(exc.detail, str) and exc.detail != "Not Found":
        message = sentence(exc.detail)
    elif exc.status_code == 404:
        message = f"There is no endpoint at {request.url.path}; see /docs for the list of endpoints."
    return error_response(exc.status_code, code, message, headers=dict(exc.headers or {}))


async def _invalid_question(_: Request, exc: Exception) -> JSONResponse:
    return error_response(422, "invalid_question", sentence(str(exc)) + " Send a non-empty question.")


async def _not_found(_: Request, exc: Exception) -> JSONResponse:
    return error_response(404, "not_found", sentence(str(exc)))


async def _unavailable(_: Request, exc: Exception) -> JSONResponse:
    message = (
        f"The index is not available right now ({str(exc).rstrip('.')}). Retry in a few seconds; "
        "if it persists, run `tip ingest` or check the Chroma server."
    )
    return error_response(
        503, "index_unavailable", message, headers={"Retry-After": str(RETRY_AFTER_UNAVAILABLE_S)}
    )


def install_error_handlers(app: FastAPI) -> None:
    """Unhandled exceptions (500) are turned into the same shape by the request middleware."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(InvalidQuestion, _invalid_question)
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(Unavailable, _unavailable)
