"""Through a real uvicorn socket: endpoints, concurrency, starting without an index, picking up a new build."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import yaml

from api.app import create_app
from tests.api.conftest import assert_error, live_server
from tests.conftest import build
from tip.settings import Settings

pytestmark = pytest.mark.slow

QUESTIONS = [
    "Ai chủ trì hỗ trợ nạn nhân ở Hòa Bình?",
    "Who leads victim support in Hoa Binh?",
    "hoa binh ai chu tri tuyen truyen",
    "Kinh phí thực hiện kế hoạch Hòa Bình lấy từ đâu?",
]


def test_endpoints_over_a_socket(mini_settings: Settings) -> None:
    with live_server(create_app(mini_settings)) as url, httpx.Client(base_url=url, timeout=30) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        assert client.get("/readyz").status_code == 200
        r = client.post("/v1/ask", json={"question": QUESTIONS[0]}, headers={"X-Request-ID": "live-1"})
        assert r.status_code == 200 and r.headers["x-request-id"] == "live-1"
        section_id = r.json()["citations"][0]["section_id"]
        encoded = section_id.replace("#", "%23")
        assert client.get(f"/v1/sections/{encoded}").json()["section"]["section_id"] == section_id
        assert client.get("/v1/search", params={"q": "nạn nhân"}).json()["count"] > 0
        assert_error(client.post("/v1/ask", json={"question": ""}), 422)
        assert_error(client.get("/v1/documents/nope"), 404)
        assert "tip_http_requests_total" in client.get("/metrics").text


def test_concurrent_asks(mini_settings: Settings) -> None:
    """The engine is shared by the threadpool: parallel questions get the same answers as serial ones."""
    with live_server(create_app(mini_settings)) as url, httpx.Client(base_url=url, timeout=60) as client:
        serial = {q: client.post("/v1/ask", json={"question": q}).json()["answer"] for q in QUESTIONS}

        def ask(q: str) -> tuple[str, int, str, str]:
            r = client.post("/v1/ask", json={"question": q})
            return q, r.status_code, r.json()["answer"], r.json()["answer_id"]

        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(ask, QUESTIONS * 6))
    assert all(status == 200 for _, status, _, _ in results)
    assert all(answer == serial[q] for q, _, answer, _ in results)
    assert len({aid for *_, aid in results}) == len(results)


def test_starts_not_ready_and_recovers_when_an_index_appears(mini_corpus: Path, tmp_path: Path) -> None:
    settings = Settings(corpus_dir=mini_corpus, data_dir=tmp_path / "late-data", embedder="fake")
    with live_server(create_app(settings)) as url, httpx.Client(base_url=url, timeout=30) as client:
        assert client.get("/healthz").status_code == 200
        err = assert_error(client.get("/readyz"), 503, "not_ready")
        assert "tip ingest" in err["message"]
        r = client.post("/v1/ask", json={"question": QUESTIONS[0]})
        assert_error(r, 503, "index_unavailable")
        assert r.headers["retry-after"] == "5"
        assert_error(client.get("/v1/documents"), 503, "index_unavailable")
        assert "tip_index_ready 0.0" in client.get("/metrics").text
        build(settings)
        assert client.get("/readyz").status_code == 200
        assert client.post("/v1/ask", json={"question": QUESTIONS[0]}).json()["abstained"] is False


def test_picks_up_a_new_build(mini_settings: Settings) -> None:
    with live_server(create_app(mini_settings)) as url, httpx.Client(base_url=url, timeout=30) as client:
        assert client.get("/v1/documents").json()["count"] == 2
        corpus = mini_settings.corpus_dir
        manifest = yaml.safe_load((corpus / "manifest.yaml").read_text(encoding="utf-8"))
        manifest["documents"] = [d for d in manifest["documents"] if d["doc_id"] != "qd-99-test"]
        (corpus / "manifest.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
        (corpus / "qd-99-test.md").unlink()
        build(mini_settings)
        deadline = time.monotonic() + 15
        while client.get("/v1/documents").json()["count"] != 1:
            assert time.monotonic() < deadline, "the new build was not picked up"
            time.sleep(0.5)
        assert_error(client.get("/v1/documents/qd-99-test"), 404)


def test_tip_serve_refuses_a_public_bind_without_keys(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIP_")} | {"TIP_DATA_DIR": str(tmp_path)}
    tip = Path(sys.executable).parent / "tip"
    proc = subprocess.run(
        [str(tip), "serve", "--host", "0.0.0.0"], env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2
    assert "TIP_API_KEYS" in proc.stderr
