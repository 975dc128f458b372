"""issue 11, items 1-2, against a real `chroma run`: a hung server (SIGSTOP) and a server restarted empty."""

from __future__ import annotations

import os
import shutil
import signal
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from tests.api.conftest import assert_error
from tests.conftest import build
from tests.servers import ChromaServer, live_server, wait_ready
from tip.settings import Settings

pytestmark = pytest.mark.slow

QUESTION = {"question": "Ai chủ trì hỗ trợ nạn nhân bị mua bán trở về?"}
TIMEOUT_S = 2.0
MARGIN_S = 8.0  # the client gives up after the store timeout plus this: a hang fails the test


@pytest.fixture
def settings(mini_corpus: Path, tmp_path: Path, chroma: ChromaServer) -> Settings:
    return build(
        Settings(
            corpus_dir=mini_corpus,
            data_dir=tmp_path / "data",
            embedder="fake",
            chroma_url=chroma.url,
            chroma_timeout_s=TIMEOUT_S,
            rate_limit_per_minute=0,
        )
    )


def test_hung_chroma_gives_503_and_frees_the_workers(settings: Settings, chroma: ChromaServer) -> None:
    """Item 1: SIGSTOP'd server. Before: /v1/ask and /readyz hung > 90 s; with 45 hung asks, /v1/documents
    and /metrics stopped answering too."""
    assert chroma.proc is not None
    with (
        live_server(create_app(settings)) as url,
        httpx.Client(base_url=url, timeout=TIMEOUT_S + MARGIN_S) as client,
    ):
        assert client.post("/v1/ask", json=QUESTION).status_code == 200
        os.kill(chroma.proc.pid, signal.SIGSTOP)
        try:
            with ThreadPoolExecutor(45) as pool:
                asks = [pool.submit(client.post, "/v1/ask", json=QUESTION) for _ in range(45)]
                documents = client.get("/v1/documents")
                metrics = client.get("/metrics")
                statuses = [f.result().status_code for f in asks]
            assert documents.status_code == 200 and documents.json()["count"] == 2
            assert metrics.status_code == 200 and "tip_index_ready 0.0" in metrics.text
            assert set(statuses) == {503}, statuses
            err = assert_error(client.post("/v1/ask", json=QUESTION), 503, "index_unavailable")
            assert "did not answer within 2 s" in err["message"] or "not answering" in err["message"]
            assert "chroma" in assert_error(client.get("/readyz"), 503, "not_ready")["message"].lower()
        finally:
            os.kill(chroma.proc.pid, signal.SIGCONT)
        wait_ready(client)
        assert client.post("/v1/ask", json=QUESTION).status_code == 200


def test_chroma_restarted_empty_is_503_until_the_next_ingest(
    settings: Settings, chroma: ChromaServer
) -> None:
    """Item 2: before, /v1/ask and /v1/search gave 500 (NotFoundError) while /readyz said ready."""
    with live_server(create_app(settings)) as url, httpx.Client(base_url=url, timeout=30) as client:
        assert client.post("/v1/ask", json=QUESTION).status_code == 200
        build_id = client.get("/readyz").json()["reason"].split(":")[0].removeprefix("build ")
        chroma.kill()
        shutil.rmtree(chroma.path)
        chroma.start()  # same port, empty

        for response in (
            client.post("/v1/ask", json=QUESTION),
            client.get("/v1/search", params={"q": "hỗ trợ nạn nhân"}),
        ):
            err = assert_error(response, 503, "index_unavailable")
            assert f"does not hold build {build_id}" in err["message"] and "tip ingest" in err["message"]
        err = assert_error(client.get("/readyz"), 503, "not_ready")
        assert f"does not hold build {build_id}" in err["message"]

        build(settings)  # the next ingest: picked up without restarting the API
        wait_ready(client)
        assert client.post("/v1/ask", json=QUESTION).json()["abstained"] is False
