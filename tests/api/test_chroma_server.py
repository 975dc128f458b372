"""Chroma client/server mode against a real `chroma run`: 503 with the reason while it is down, recovery after."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from tests.api.conftest import assert_error, free_port, live_server
from tests.conftest import build
from tip.settings import Settings

pytestmark = pytest.mark.slow

CHROMA = Path(sys.executable).parent / "chroma"
QUESTION = {"question": "Ai chủ trì hỗ trợ nạn nhân ở Hòa Bình?"}


class ChromaServer:
    """A `chroma run` subprocess on a fixed port and folder, so it can be stopped and started again."""

    def __init__(self, path: Path, port: int, log: Path) -> None:
        self.path, self.port, self.log = path, port, log
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [
                    str(CHROMA),
                    "run",
                    "--path",
                    str(self.path),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"chroma did not start:\n{self.log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)
        self.proc = None


@pytest.fixture
def chroma(tmp_path: Path) -> Iterator[ChromaServer]:
    if not CHROMA.exists():
        pytest.skip("the chroma CLI is not installed beside this Python")
    server = ChromaServer(tmp_path / "chroma-server", free_port(), tmp_path / "chroma.log")
    server.start()
    yield server
    server.kill()


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


def _wait_ready(client: httpx.Client, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while client.get("/readyz").status_code != 200:
        assert time.monotonic() < deadline, client.get("/readyz").text
        time.sleep(0.3)


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
        _wait_ready(client)
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
        _wait_ready(client)
        assert client.post("/v1/ask", json=QUESTION).json()["abstained"] is False
