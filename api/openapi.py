"""The OpenAPI document and the two pages that read it (Swagger UI at /docs, ReDoc at /redoc).

The workshop runs offline, so the readers' JavaScript and CSS come from the `fastapi-offline` package
(MIT; it ships Swagger UI, Apache-2.0, and ReDoc, MIT), never from a CDN. That package is used only
here, for the folder of its static files. The schema itself is FastAPI's, finished in one place:
an example for every operation (api/openapi_examples.json) and no error response that cannot happen."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

DOCS_ASSETS_DIR = Path(fastapi_offline.__file__).parent / "static"
DOCS_ASSETS_URL = "/static/docs"  # under /static/: public, like the workshop page's own files
EXAMPLES_FILE = Path(__file__).parent / "openapi_examples.json"
BODY_ERRORS = ("400",)  # a body that cannot be read
LENGTH_ERRORS = ("413",)  # a body, or a question in the query, that is too long
INPUT_ERRORS = ("422",)  # input that does not match the schema


def operation_id(route: APIRoute) -> str:
    """The operationId a client generator turns into a method name: the route function's own name."""
    return route.name


def install_docs(app: FastAPI) -> None:
    """Serve /docs and /redoc from local assets, and finish the schema once when it is first asked for."""
    app.router.routes.insert(0, _assets_mount())  # before the /static mount, which would otherwise shadow it
    app.router.routes.insert(0, _offline_redoc_route())
    app.add_api_route("/docs", _swagger_page(app), include_in_schema=False)
    app.add_api_route("/docs/oauth2-redirect", _oauth2_redirect, include_in_schema=False)
    app.add_api_route("/redoc", _redoc_page(app), include_in_schema=False)
    app.openapi = lambda: _cached_schema(app)  # type: ignore[method-assign]


REDOC_CDN_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"  # ReDoc's "powered by" badge, fetched online


@lru_cache(maxsize=1)
def _offline_redoc_js() -> bytes:
    """ReDoc's bundle with its one online image pointed at our own icon: the workshop runs offline."""
    text = (DOCS_ASSETS_DIR / "redoc.standalone.js").read_text(encoding="utf-8")
    return text.replace(REDOC_CDN_LOGO, "/static/icon.svg").encode("utf-8")


def _offline_redoc_route() -> Any:
    from starlette.routing import Route

    async def redoc_js(request: Any) -> Response:
        return Response(_offline_redoc_js(), media_type="application/javascript")

    return Route(f"{DOCS_ASSETS_URL}/redoc.standalone.js", redoc_js, name="redoc-js")


def _assets_mount() -> Any:
    from starlette.routing import Mount

    return Mount(DOCS_ASSETS_URL, app=StaticFiles(directory=DOCS_ASSETS_DIR), name="docs-assets")


def _swagger_page(app: FastAPI) -> Any:
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} — Swagger UI",
            swagger_js_url=f"{DOCS_ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url="/static/icon.svg",
            oauth2_redirect_url="/docs/oauth2-redirect",
        )

    return swagger_ui


async def _oauth2_redirect() -> HTMLResponse:
    return get_swagger_ui_oauth2_redirect_html()


def _redoc_page(app: FastAPI) -> Any:
    async def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} — ReDoc",
            redoc_js_url=f"{DOCS_ASSETS_URL}/redoc.standalone.js",
            redoc_favicon_url="/static/icon.svg",
            with_google_fonts=False,
        )

    return redoc


def _cached_schema(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
            tags=app.openapi_tags,
        )
        app.openapi_schema = finish_schema(schema, load_examples())
    return app.openapi_schema


def load_examples() -> dict[str, Any]:
    """{operationId: {"request"?: body, "response": body}}: what a reader of /docs sees filled in."""
    examples: dict[str, Any] = json.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))
    examples.pop("_comment", None)
    return examples


def finish_schema(schema: dict[str, Any], examples: dict[str, Any]) -> dict[str, Any]:
    """Add each operation's example and drop the 413/422 responses it cannot give."""
    for operation in _operations(schema):
        _prune_impossible_errors(operation)
        example = examples.get(operation.get("operationId", ""))
        if example:
            _add_example(operation, example)
    return schema


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    methods = ("get", "post", "put", "patch", "delete")
    return [op for item in schema.get("paths", {}).values() for m, op in item.items() if m in methods]


def _prune_impossible_errors(operation: dict[str, Any]) -> None:
    """No body: no 400; no body and no question in the query: no 413; no input at all: no 422."""
    responses = operation.get("responses", {})
    has_body = "requestBody" in operation
    params = operation.get("parameters", [])
    has_question = any(p.get("name") == "q" for p in params)
    dropped = [
        *(BODY_ERRORS if not has_body else ()),
        *(LENGTH_ERRORS if not (has_body or has_question) else ()),
        *(INPUT_ERRORS if not (has_body or params) else ()),
    ]
    for code in dropped:
        responses.pop(code, None)


def _add_example(operation: dict[str, Any], example: dict[str, Any]) -> None:
    if "request" in example and "requestBody" in operation:
        for media in operation["requestBody"].get("content", {}).values():
            media["example"] = example["request"]
    if "parameters" in example:
        for param in operation.get("parameters", []):
            if param["name"] in example["parameters"]:
                param["example"] = example["parameters"][param["name"]]
    if "response" in example:
        ok = next((r for code, r in operation.get("responses", {}).items() if code.startswith("2")), None)
        text = isinstance(example["response"], str)
        for media_type, media in (ok or {}).get("content", {}).items():
            if media_type == ("text/plain" if text else "application/json"):
                media["example"] = example["response"]
