"""Chroma client/server mode against a real `chroma run`: 503 with the reason while it is down, recovery after."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from api.app import create_app
from tests.api.conftest import assert_error
from tests.conftest import build
from tests.servers import ChromaServer, live_server, wait_ready
from tip.settings import Settings

pytestmark = pytest.mark.slow

QUESTION = {"question": "Ai chủ trì hỗ trợ nạn nhân ở Hòa Bình?"}


@pytest.fixture
def server_settings(mini_corpus: Path, tmp_path: Path, chroma: ChromaServer) -> Settings:
    settings = Settings(
        corpus_dir=mini_corpus,
        data_dir=tmp_path / "data",
        embedder="fake",
        chroma_url=chroma.url,
        chroma_timeout_s=3,
    )
    return build(settings)


def test_chroma_down_gives_503_and_recovers(server_settings: Settings, chroma: ChromaServer) -> None:
    with live_server(create_app(server_settings)) as url, httpx.Client(base_url=url, timeout=30) as client:
        assert client.get("/readyz").status_code == 200
        before = client.post("/v1/ask", json=QUESTION)
        assert before.status_code == 200 and before.json()["abstained"] is False

        chroma.kill()
        err = assert_error(client.get("/readyz"), 503, "not_ready")
        assert "chroma" in err["message"].lower()
        r = client.post("/v1/ask", json=QUESTION)
        err = assert_error(r, 503, "index_unavailable")
        assert "chroma" in err["message"].lower() and r.headers["retry-after"]
        assert "tip_index_ready 0.0" in client.get("/metrics").text

        chroma.start()
        wait_ready(client)
        after = client.post("/v1/ask", json=QUESTION)
        assert after.status_code == 200, after.text
        assert after.json()["answer"] == before.json()["answer"]


def test_starts_while_chroma_is_down(server_settings: Settings, chroma: ChromaServer) -> None:
    chroma.kill()
    with live_server(create_app(server_settings)) as url, httpx.Client(base_url=url, timeout=30) as client:
        assert client.get("/healthz").status_code == 200
        assert_error(client.get("/readyz"), 503, "not_ready")
        assert_error(client.post("/v1/ask", json=QUESTION), 503, "index_unavailable")
        chroma.start()
        wait_ready(client)
        assert client.post("/v1/ask", json=QUESTION).json()["abstained"] is False
