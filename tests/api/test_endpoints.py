"""Every endpoint and its error cases, through httpx on the ASGI app over the mini index (fake embedder)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from api import routes
from api.app import create_app
from index.engine import Engine
from tests.api.conftest import asgi_client, assert_error
from tip.settings import Settings

pytestmark = pytest.mark.anyio

QUESTION = "Ai chủ trì hỗ trợ nạn nhân ở Hòa Bình?"


async def test_ask_returns_cited_answer_with_id_and_timings(client: httpx.AsyncClient) -> None:
    r = await client.post("/v1/ask", json={"question": QUESTION})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["abstained"] is False
    assert "Sở Lao động" in body["answer"]
    assert len(body["answer_id"]) == 32
    assert body["timings"]["total_ms"] >= body["timings"]["engine_ms"] > 0
    first = body["citations"][0]
    for key in (
        "doc_id",
        "section_id",
        "heading_path",
        "doc_title",
        "jurisdiction",
        "quote",
        "text",
        "score",
    ):
        assert key in first
    assert first["doc_id"] == "kh-hoabinh-test"
    assert first["quote"] in first["text"] or first["quote"]
    assert "see_also" in body


async def test_ask_filters_and_abstains(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/v1/ask", json={"question": QUESTION, "doc_ids": ["qd-99-test"], "top_k": 2, "lang": "vi"}
    )
    assert r.status_code == 200
    assert {c["doc_id"] for c in r.json()["citations"]} <= {"qd-99-test"}
    assert len(r.json()["citations"]) <= 2
    r = await client.post("/v1/ask", json={"question": "Thời tiết ở Hà Nội hôm nay thế nào?"})
    assert r.status_code == 200
    assert r.json()["abstained"] is True and r.json()["citations"] == []


async def test_ask_rejects_bad_questions(client: httpx.AsyncClient) -> None:
    err = assert_error(await client.post("/v1/ask", json={"question": ""}), 422, "invalid_request")
    assert "question" in err["message"] and "empty" in err["message"]
    assert_error(await client.post("/v1/ask", json={"question": "   "}), 422, "invalid_question")
    assert_error(await client.post("/v1/ask", json={}), 422, "invalid_request")
    err = assert_error(await client.post("/v1/ask", json={"question": "x" * 2001}), 413, "question_too_long")
    assert "2000" in err["message"] and "2001" in err["message"]
    assert (await client.post("/v1/ask", json={"question": "Hòa Bình " + "x" * 1990})).status_code == 200
    err = assert_error(
        await client.post("/v1/ask", content=b"{not json", headers={"content-type": "application/json"}), 422
    )
    assert "JSON" in err["message"]
    assert_error(
        await client.post("/v1/ask", json={"question": QUESTION, "top_k": 0}), 422, "invalid_request"
    )
    assert_error(
        await client.post("/v1/ask", json={"question": QUESTION, "lang": "fr"}), 422, "invalid_request"
    )
    err = assert_error(await client.post("/v1/ask", json={"question": QUESTION, "colour": "red"}), 422)
    assert "colour" in err["message"]


async def test_ask_unknown_filters_are_404(client: httpx.AsyncClient) -> None:
    err = assert_error(
        await client.post("/v1/ask", json={"question": QUESTION, "doc_ids": ["nope"]}), 404, "not_found"
    )
    assert "kh-hoabinh-test" in err["message"]  # the known ids, so the caller can fix the request
    assert_error(
        await client.post("/v1/ask", json={"question": QUESTION, "jurisdiction": "Atlantis"}),
        404,
        "not_found",
    )


async def test_search_ranks_sections(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/search", params={"q": "hỗ trợ nạn nhân", "k": 3})
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == len(body["hits"]) <= 3
    hit = body["hits"][0]
    assert {"section", "doc", "score", "quote"} <= set(hit)
    assert "answer" not in body
    r = await client.get("/v1/search", params=[("q", "nạn nhân"), ("doc_id", "qd-99-test")])
    assert {h["doc"]["doc_id"] for h in r.json()["hits"]} == {"qd-99-test"}


async def test_search_errors(client: httpx.AsyncClient) -> None:
    assert_error(await client.get("/v1/search"), 422, "invalid_request")
    assert_error(await client.get("/v1/search", params={"q": ""}), 422, "invalid_request")
    assert_error(await client.get("/v1/search", params={"q": "y" * 2001}), 413, "question_too_long")
    assert_error(await client.get("/v1/search", params={"q": "a", "k": 500}), 422, "invalid_request")
    assert_error(await client.get("/v1/search", params={"q": "a", "doc_id": "nope"}), 404, "not_found")


async def test_documents_and_outline(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/documents")
    assert r.status_code == 200
    ids = {d["doc_id"] for d in r.json()["documents"]}
    assert ids == {"kh-hoabinh-test", "qd-99-test"} and r.json()["count"] == 2
    r = await client.get("/v1/documents/kh-hoabinh-test")
    assert r.status_code == 200
    body = r.json()
    assert body["meta"]["number"] == "12/KH-UBND" and body["short_name"] == "12/KH-UBND"
    assert body["section_count"] == len(body["outline"]) > 5
    entry = next(e for e in body["outline"] if e["section_id"] == "kh-hoabinh-test#II.1")
    assert entry["parent_id"] == "kh-hoabinh-test#II" and entry["chars"] > 0 and "text" not in entry
    err = assert_error(await client.get("/v1/documents/nope"), 404, "not_found")
    assert "known" in err["message"]


async def test_section_with_encoded_hash(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/sections/kh-hoabinh-test%23II.1.2")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["section"]["section_id"] == "kh-hoabinh-test#II.1.2"
    assert "Sở Lao động" in body["section"]["text"]
    assert body["section"]["heading_path"][0].startswith("II.")
    assert body["previous"]["section_id"] == "kh-hoabinh-test#II.1.1"
    assert body["next"]["section_id"] == "kh-hoabinh-test#II.2"
    assert body["parent"]["section_id"] == "kh-hoabinh-test#II.1"
    assert body["document"]["doc_id"] == "kh-hoabinh-test"
    assert body["assignments"], "the Phân công section carries assignments"
    first = (await client.get("/v1/sections/kh-hoabinh-test%23preamble")).json()
    assert first["previous"] is None and first["children"]


async def test_section_errors_explain_the_id_form(client: httpx.AsyncClient) -> None:
    assert_error(await client.get("/v1/sections/kh-hoabinh-test%23IX.9"), 404, "not_found")
    # an unencoded '#' never reaches the server: the client strips it as a URL fragment
    err = assert_error(await client.get("/v1/sections/kh-hoabinh-test#II.1"), 404, "not_found")
    assert "%23" in err["message"]


async def test_responsibilities(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/responsibilities")
    assert r.status_code == 200
    everything = r.json()
    assert everything["count"] == len(everything["assignments"]) > 0
    r = await client.get(
        "/v1/responsibilities", params={"jurisdiction": "Hòa Bình", "agency": "Công an tỉnh"}
    )
    records = r.json()["assignments"]
    assert records and all(a["doc_id"] == "kh-hoabinh-test" for a in records)
    assert all(any("Công an" in n for n in a["leads"] + a["coordinators"]) for a in records)
    r = await client.get("/v1/responsibilities", params={"doc_id": "qd-99-test"})
    assert {a["doc_id"] for a in r.json()["assignments"]} <= {"qd-99-test"}
    assert_error(await client.get("/v1/responsibilities", params={"doc_id": "nope"}), 404, "not_found")


async def test_operations_endpoints(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    r = await client.get("/readyz")
    assert r.status_code == 200 and r.json()["status"] == "ready" and "2 documents" in r.json()["reason"]
    await client.post("/v1/ask", json={"question": QUESTION})
    await client.post("/v1/ask", json={"question": "Thời tiết ở Hà Nội hôm nay thế nào?"})
    r = await client.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    text = r.text
    assert 'tip_http_requests_total{method="POST",route="/v1/ask",status="200"} 2.0' in text
    assert "tip_http_request_duration_seconds_bucket" in text
    assert "tip_abstentions_total 1.0" in text
    assert "tip_index_documents 2.0" in text and "tip_index_ready 1.0" in text
    assert (await client.get("/openapi.json")).json()["paths"]["/v1/ask"]
    assert "swagger" in (await client.get("/docs")).text.lower()
    home = await client.get("/")
    assert home.status_code == 200 and home.headers["content-type"].startswith("text/html")


async def test_http_errors_are_json(client: httpx.AsyncClient) -> None:
    err = assert_error(await client.get("/v1/nothing-here"), 404, "not_found")
    assert "/docs" in err["message"]
    r = await client.get("/v1/ask")
    assert_error(r, 405, "method_not_allowed")
    assert "POST" in r.headers["allow"]
    assert_error(await client.post("/v1/ask", content=b"x" * 70_000), 413, "request_too_large")


async def test_request_id_is_echoed_or_made(client: httpx.AsyncClient) -> None:
    r = await client.get("/healthz", headers={"X-Request-ID": "trace-42"})
    assert r.headers["x-request-id"] == "trace-42"
    r = await client.get("/v1/documents/nope", headers={"X-Request-ID": "bad id\nwith newline"})
    made = r.headers["x-request-id"]
    assert made != "bad id\nwith newline" and len(made) == 32
    assert r.json()["error"]["request_id"] == made


async def test_home_serves_the_workshop_page_when_installed(
    client: httpx.AsyncClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(routes, "STATIC_DIR", tmp_path)
    placeholder = (await client.get("/")).text
    assert "not installed yet" in placeholder and "/docs" in placeholder
    (tmp_path / "index.html").write_text("<h1>Hội thảo</h1>", encoding="utf-8")
    r = await client.get("/")
    assert r.status_code == 200 and r.text == "<h1>Hội thảo</h1>"
    assert r.headers["content-type"].startswith("text/html")


@pytest.mark.slow
async def test_real_corpus_answer(real_settings: Settings, real_engine: Engine) -> None:
    async with asgi_client(create_app(real_settings, engine=real_engine)) as client:
        r = await client.post("/v1/ask", json={"question": "Who leads victim support in Kon Tum?"})
        assert r.status_code == 200
        body = r.json()
        assert not body["abstained"] and "Sở Lao động" in body["answer"]
        assert body["citations"][0]["doc_id"] == "kh-kontum-actip"
        docs = (await client.get("/v1/documents")).json()
        assert "kh-kontum-actip" in {d["doc_id"] for d in docs["documents"]}


async def test_chunked_body_over_the_limit_is_refused(client: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"question": "'
        for _ in range(20):
            yield b"x" * 4096
        yield b'"}'

    r = await client.post("/v1/ask", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in r.request.headers
    assert_error(r, 413, "request_too_large")


async def test_static_assets_need_no_key(mini_settings: Settings) -> None:
    settings = mini_settings.model_copy(update={"api_keys": [SecretStr("k-5f1d2c3b4a596877")]})
    async with asgi_client(create_app(settings)) as client:
        assert_error(await client.get("/static/nothing.js"), 404, "not_found")
        assert (await client.get("/")).status_code == 200
