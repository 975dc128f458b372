"""The composition root of the HTTP API: settings in, a FastAPI app out (and `tip serve` runs it)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
from fastapi import FastAPI, Security
from fastapi.middleware.cors import CORSMiddleware
from fastapi.security import APIKeyHeader, HTTPBearer
from fastapi.staticfiles import StaticFiles

from api import routes
from api.errors import install_error_handlers
from api.feedback import FeedbackStore
from api.logging import configure_logging, log_event
from api.metrics import ApiMetrics
from api.middleware import RequestContextMiddleware
from api.openapi import install_docs, operation_id
from api.security import ApiKeys, GuardMiddleware, RateLimiter, check_bind, server_options
from api.service import AskService
from index.engine import Engine
from tip.settings import Settings

DESCRIPTION = """Cited answers from Vietnam's counter-trafficking (TIP) plans and laws.

Every answer quotes the sections it rests on; when the documents do not answer, it says so (`abstained`).
Errors are JSON: `{"error": {"code", "message", "request_id"}}`. See docs/api.md for auth and limits."""


def create_app(settings: Settings, engine: Engine | None = None) -> FastAPI:
    """Wire settings, engine, feedback store, metrics and middleware; the engine loads in the lifespan."""
    metrics = ApiMetrics()
    feedback = FeedbackStore(
        settings.data_dir / "feedback.sqlite", max_bytes=int(settings.feedback_max_mb * 1024 * 1024)
    )
    service = AskService(settings, feedback, metrics, engine=engine)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await anyio.to_thread.run_sync(service.start)
        try:
            yield
        finally:
            service.close()

    app = FastAPI(
        title="tip-assistant API",
        version="1",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # api.openapi serves /docs and /redoc from local files
        redoc_url=None,
        openapi_url="/openapi.json",
        generate_unique_id_function=operation_id,
    )
    app.state.service = service
    install_error_handlers(app)
    app.include_router(routes.ops)
    app.include_router(routes.v1, dependencies=_documented_auth(settings))
    app.mount("/static", StaticFiles(directory=routes.STATIC_DIR, check_dir=False), name="static")
    install_docs(app)
    _add_middleware(app, settings, metrics)
    return app


def _documented_auth(settings: Settings) -> list[Any]:
    """Show the key schemes in /docs when keys are configured (GuardMiddleware does the checking)."""
    if not settings.api_keys:
        return []
    header = APIKeyHeader(name="X-API-Key", auto_error=False, description="One of TIP_API_KEYS")
    bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer <one of TIP_API_KEYS>")
    return [Security(header), Security(bearer)]


def _add_middleware(app: FastAPI, settings: Settings, metrics: ApiMetrics) -> None:
    """Outermost last: request context → CORS → key and rate limit → routes."""
    limiter = RateLimiter(settings.rate_limit_per_minute)
    app.add_middleware(
        GuardMiddleware,
        keys=ApiKeys(settings.api_keys),
        limiter=limiter,
        on_limited=metrics.rate_limited.inc,
        auth_failures=RateLimiter(settings.auth_failures_per_minute),
    )
    if settings.cors_origins:
        wildcard = "*" in settings.cors_origins
        app.add_middleware(
            CORSMiddleware,
            allow_origins=["*"] if wildcard else settings.cors_origins,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Content-Type", "X-API-Key", "Authorization", "X-Request-ID"],
            expose_headers=["X-Request-ID", "Retry-After"],
            allow_credentials=False,
            max_age=600,
        )
    app.add_middleware(RequestContextMiddleware, metrics=metrics)


def run_server(settings: Settings) -> None:
    """`tip serve`: refuse a public bind without keys, then serve with one uvicorn worker (one engine)."""
    import uvicorn

    check_bind(settings)
    configure_logging()
    log_event(
        logging.INFO,
        "starting",
        host=settings.api_host,
        port=settings.api_port,
        api_keys=len(settings.api_keys),
        rate_limit_per_minute=settings.rate_limit_per_minute,
        chroma_url=settings.chroma_url,
    )
    uvicorn.run(
        create_app(settings),
        host=settings.api_host,
        port=settings.api_port,
        log_config=None,
        access_log=False,
        server_header=False,
        **server_options(settings),
    )
