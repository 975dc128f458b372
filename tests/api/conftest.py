"""API test helpers: an httpx client on the ASGI app (lifespan run), and a real uvicorn on a free port."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from tests.servers import free_port, live_server  # noqa: F401  (re-exported for the api tests)
from tip.settings import Settings


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@asynccontextmanager
async def asgi_client(app: FastAPI, client_ip: str = "127.0.0.1") -> AsyncIterator[httpx.AsyncClient]:
    """httpx straight into the app, with its lifespan (engine load) run first, as uvicorn would."""
    transport = httpx.ASGITransport(app=app, client=(client_ip, 50000))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as client,
    ):
        yield client


@pytest.fixture
async def client(mini_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(create_app(mini_settings)) as c:
        yield c


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> dict[str, str]:
    """Every error is JSON {"error": {"code", "message", ...}} with a sentence for a person."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and len(error["message"]) > 15
    if code is not None:
        assert error["code"] == code, error
    return dict(error)
