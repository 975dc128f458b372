"""API test helpers: an httpx client on the ASGI app (lifespan run), and a real uvicorn on a free port."""

from __future__ import annotations

import os
import signal
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from api.app import create_app
from tests.servers import CHROMA, ChromaServer, free_port, live_server  # noqa: F401  (live_server re-exported)
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


@pytest.fixture
def chroma(tmp_path: Path) -> Iterator[ChromaServer]:
    """A real `chroma run` for one test, on its own port and folder (the test may stop or freeze it)."""
    if not CHROMA.exists():
        pytest.skip("the chroma CLI is not installed beside this Python")
    server = ChromaServer(tmp_path / "chroma-server", free_port(), tmp_path / "chroma.log")
    server.start()
    yield server
    if server.proc is not None and server.proc.poll() is None:
        os.kill(server.proc.pid, signal.SIGCONT)  # a test that froze it (SIGSTOP) may have failed midway
    server.kill()
