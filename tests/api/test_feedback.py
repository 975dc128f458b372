"""Feedback is stored in SQLite, survives a restart, and exports down-rated questions as a loadable set."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import httpx
import pytest
import yaml

from api.app import create_app
from evals.scoring import load_set
from tests.api.conftest import asgi_client, assert_error
from tip.settings import Settings

pytestmark = pytest.mark.anyio

GOOD = "Ai chủ trì hỗ trợ nạn nhân ở Hòa Bình?"
BAD = "Who leads propaganda on mass media in Hoa Binh?"


async def _ask(client: httpx.AsyncClient, question: str) -> dict[str, object]:
    r = await client.post("/v1/ask", json={"question": question})
    assert r.status_code == 200, r.text
    return dict(r.json())


async def test_feedback_is_stored_and_exported(
    client: httpx.AsyncClient, mini_settings: Settings, tmp_path: Path
) -> None:
    good, bad = await _ask(client, GOOD), await _ask(client, BAD)
    r = await client.post("/v1/feedback", json={"answer_id": good["answer_id"], "rating": "up"})
    assert r.status_code == 201 and r.json()["rating"] == "up" and r.json()["feedback_id"] > 0
    for comment in ("wrong department", None):
        r = await client.post(
            "/v1/feedback", json={"answer_id": bad["answer_id"], "rating": "down", "comment": comment}
        )
        assert r.status_code == 201

    r = await client.get("/v1/feedback/export")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/yaml")
    assert r.text.startswith("# Down-rated answers")
    data = yaml.safe_load(r.text)
    assert len(data["questions"]) == 1, "one entry per down-rated answer, however many ratings"
    q = data["questions"][0]
    assert q["question"] == BAD and q["lang"] == "en"
    assert q["feedback"]["comments"] == ["wrong department"]
    assert q["feedback"]["answer_id"] == bad["answer_id"] and q["feedback"]["given_answer"] == bad["answer"]
    cited = {c["doc_id"] for c in bad["citations"] or bad["see_also"]}  # type: ignore[attr-defined]
    assert {c["doc_id"] for c in q["expect"]["citations"]} == cited
    assert "TODO" in r.text and q["todo"]

    exported = tmp_path / "feedback.yaml"
    exported.write_text(r.text, encoding="utf-8")
    (loaded,) = load_set(exported)  # the eval runner's own loader accepts it unchanged
    assert loaded.question == BAD and loaded.kind == "who_leads"

    r = await client.get("/v1/feedback/export", params={"format": "json"})
    assert r.headers["content-type"].startswith("application/json")
    assert r.json() == data
    exported.write_text(json.dumps(r.json()), encoding="utf-8")  # JSON is YAML: loads the same way
    assert load_set(exported)[0].id == loaded.id


async def test_feedback_survives_a_restart(mini_settings: Settings) -> None:
    async with asgi_client(create_app(mini_settings)) as first:
        answer = await _ask(first, BAD)
        await first.post(
            "/v1/feedback", json={"answer_id": answer["answer_id"], "rating": "down", "comment": "x"}
        )
    async with asgi_client(create_app(mini_settings)) as second:
        data = yaml.safe_load((await second.get("/v1/feedback/export")).text)
        assert [q["feedback"]["answer_id"] for q in data["questions"]] == [answer["answer_id"]]
    with sqlite3.connect(mini_settings.data_dir / "feedback.sqlite") as db:
        stored = db.execute("SELECT question, answer, citations FROM answers").fetchone()
    assert stored[0] == BAD and stored[1] == answer["answer"] and json.loads(stored[2]) is not None


async def test_feedback_errors(client: httpx.AsyncClient) -> None:
    err = assert_error(
        await client.post("/v1/feedback", json={"answer_id": "0" * 32, "rating": "down"}),
        404,
        "answer_not_found",
    )
    assert "/v1/ask" in err["message"]
    answer = await _ask(client, GOOD)
    assert_error(
        await client.post("/v1/feedback", json={"answer_id": answer["answer_id"], "rating": "meh"}),
        422,
        "invalid_request",
    )
    assert_error(await client.post("/v1/feedback", json={"rating": "up"}), 422, "invalid_request")
    long_comment = {"answer_id": answer["answer_id"], "rating": "up", "comment": "c" * 2001}
    assert_error(await client.post("/v1/feedback", json=long_comment), 422, "invalid_request")
    assert_error(await client.get("/v1/feedback/export", params={"format": "xml"}), 422, "invalid_request")
    assert (await client.get("/v1/feedback/export", params={"format": "json"})).json() == {"questions": []}
    metrics = (await client.get("/metrics")).text
    assert 'tip_feedback_total{rating="up"}' not in metrics  # nothing was accepted


async def test_feedback_store_failure_is_a_json_503(mini_settings: Settings) -> None:
    """A data dir where the database cannot be created: answers still work, feedback fails with the reason."""
    (mini_settings.data_dir / "feedback.sqlite").mkdir()
    async with asgi_client(create_app(mini_settings)) as client:
        answer = await _ask(client, GOOD)
        r = await client.post("/v1/feedback", json={"answer_id": answer["answer_id"], "rating": "up"})
        err = assert_error(r, 503, "feedback_unavailable")
        assert "cannot be written" in err["message"] and r.headers["retry-after"]
        assert "Traceback" not in r.text and "sqlite" not in r.text.lower()


async def test_feedback_on_a_full_store_is_507_and_answers_go_on(mini_settings: Settings) -> None:
    """issue 11.6: SQLITE_FULL (a full disk, here the store's size cap) was a 500."""
    settings = mini_settings.model_copy(update={"feedback_max_mb": 0.08, "rate_limit_per_minute": 0})
    async with asgi_client(create_app(settings)) as client:
        answer = await _ask(client, GOOD)
        statuses = []
        for _ in range(120):  # fill the store: each rating adds a row until SQLite reports it full
            r = await client.post(
                "/v1/feedback",
                json={"answer_id": answer["answer_id"], "rating": "down", "comment": "x" * 1900},
            )
            statuses.append(r.status_code)
            if r.status_code != 201:
                break
        err = assert_error(r, 507, "insufficient_storage")
        assert "full" in err["message"] and statuses[0] == 201
        assert (await client.post("/v1/ask", json={"question": GOOD})).status_code == 200
