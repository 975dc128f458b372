"""Threads through a real uvicorn socket: multi-turn follow-ups in Vietnamese, English and unaccented
Vietnamese (the invented places corpus: Kon Tum, Đồng Nai, Hòa Bình and a national decision), the
"understood as" line on every answer, and the thread store's bounds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.conversations import ConversationStore
from tests.api.conftest import live_server
from tip.domain import Answer, Understanding
from tip.settings import Settings

THREADS: dict[str, list[tuple[str, str, str | None, str]]] = {
    # message → (understood question, follow_up, a word of the answer)
    "vi": [
        ("Ai chủ trì hỗ trợ nạn nhân ở Kon Tum?", "Ai chủ trì hỗ trợ nạn nhân ở Kon Tum?", None, "Sở Y tế"),
        ("còn Đồng Nai?", "Ai chủ trì hỗ trợ nạn nhân ở Đồng Nai?", "place", "Sở Nội vụ"),
        ("ai phối hợp?", "Ai phối hợp hỗ trợ nạn nhân ở Đồng Nai?", "role", "Sở Y tế"),
        (
            "nguồn đâu?",
            "Nguồn của câu trả lời cho «Ai phối hợp hỗ trợ nạn nhân ở Đồng Nai?»",
            "sources",
            "07/KH-UBND",
        ),
        ("ở Hòa Bình thì sao", "Ai phối hợp hỗ trợ nạn nhân ở Hòa Bình?", "place", "Hội Liên hiệp Phụ nữ"),
        ("văn bản này ban hành khi nào?", "Văn bản này ban hành khi nào?", "document", "05/03/2025"),
    ],
    "en": [
        ("Who leads victim support in Kon Tum?", "Who leads victim support in Kon Tum?", None, "Sở Y tế"),
        ("what about Dong Nai?", "Who leads victim support in Đồng Nai?", "place", "Sở Nội vụ"),
        ("and who coordinates?", "Who coordinates victim support in Đồng Nai?", "role", "Sở Y tế"),
        (
            "source?",
            "The sources of the answer to «Who coordinates victim support in Đồng Nai?»",
            "sources",
            "07/KH-UBND",
        ),
        (
            "what about the national plan?",
            "Who coordinates victim support in the national plan?",
            "place",
            "Bộ Y tế",
        ),
    ],
    "vi-nodiac": [
        ("ai chu tri ho tro nan nhan o kon tum", "Ai chủ trì hỗ trợ nạn nhân ở Kon Tum", None, "Sở Y tế"),
        ("con dong nai thi sao", "Ai chủ trì hỗ trợ nạn nhân ở Đồng Nai?", "place", "Sở Nội vụ"),
        ("ai phoi hop", "Ai phối hợp hỗ trợ nạn nhân ở Đồng Nai?", "role", "Sở Y tế"),
        (
            "nguon dau",
            "Nguồn của câu trả lời cho «Ai phối hợp hỗ trợ nạn nhân ở Đồng Nai?»",
            "sources",
            "07/KH-UBND",
        ),
    ],
}
LABEL = {"vi": "Hiểu câu hỏi là: ", "en": "Understood as: ", "vi-nodiac": "Hiểu câu hỏi là: "}


@pytest.fixture(scope="module")
def site(places_settings: Settings) -> Iterator[str]:
    settings = places_settings.with_overrides(rate_limit_per_minute=0)
    with live_server(create_app(settings)) as url:
        yield url


def ask(client: httpx.Client, question: str, **extra: Any) -> dict[str, Any]:
    r = client.post("/v1/ask", json={"question": question, **extra})
    assert r.status_code == 200, r.text
    return dict(r.json())


@pytest.mark.parametrize("lang", list(THREADS))
def test_a_thread_of_follow_ups(site: str, lang: str) -> None:
    with httpx.Client(base_url=site, timeout=60) as client:
        conversation: str | None = None
        for turn, (message, understood, kind, word) in enumerate(THREADS[lang], 1):
            body = ask(client, message, **({"conversation_id": conversation} if conversation else {}))
            conversation = conversation or body["conversation_id"]
            assert body["conversation_id"] == conversation and body["turn"] == turn
            assert body["question"] == message  # as typed
            assert body["understood"]["question"] == understood, body["understood"]
            assert body["understood"]["follow_up"] == kind
            assert body["understood"]["text"].startswith(LABEL[lang] + understood)
            assert not body["abstained"] and word in body["answer"], body["answer"]


def test_the_sources_follow_up_repeats_the_previous_citations(site: str) -> None:
    with httpx.Client(base_url=site, timeout=60) as client:
        first = ask(client, "Ai chủ trì hỗ trợ nạn nhân ở Kon Tum?")
        sources = ask(client, "nguồn đâu?", conversation_id=first["conversation_id"])
        marked = [c["section_id"] for n, c in enumerate(first["citations"], 1) if f"[{n}]" in first["answer"]]
        assert (
            marked and [c["section_id"] for c in sources["citations"]] == marked
        )  # the ones the answer cites
        assert sources["citations"][0]["text"] == first["citations"][0]["text"]  # full text from the index
        assert sources["kind"] == "sources"
        again = ask(
            client, "còn Đồng Nai?", conversation_id=first["conversation_id"]
        )  # still about Kon Tum's
        assert again["understood"]["question"] == "Ai chủ trì hỗ trợ nạn nhân ở Đồng Nai?"


def test_a_message_that_stands_on_its_own_is_not_rewritten_in_a_thread(site: str) -> None:
    with httpx.Client(base_url=site, timeout=60) as client:
        first = ask(client, "Ai chủ trì hỗ trợ nạn nhân ở Kon Tum?")
        own = ask(client, "Ai chủ trì tuyên truyền?", conversation_id=first["conversation_id"])
        assert own["understood"]["question"] == "Ai chủ trì tuyên truyền?"
        assert own["understood"]["follow_up"] is None and own["understood"]["places"] == []


def test_without_a_thread_a_follow_up_is_answered_as_typed(site: str) -> None:
    with httpx.Client(base_url=site, timeout=60) as client:
        alone = ask(client, "ai phối hợp?")
        assert alone["turn"] == 1 and alone["understood"]["follow_up"] is None


def test_an_unknown_thread_starts_a_new_one_and_says_so(site: str) -> None:
    with httpx.Client(base_url=site, timeout=60) as client:
        body = ask(client, "còn Đồng Nai?", conversation_id="f" * 32)
        assert body["conversation_id"] != "f" * 32 and body["turn"] == 1
        assert "conversation_expired" in body["flags"]
        assert body["understood"]["follow_up"] is None


def test_direct_questions_show_restoration_place_and_document_filter(site: str) -> None:
    with httpx.Client(base_url=site, timeout=60) as client:
        body = ask(client, "hoa binh ai chu tri tuyen truyen")
        assert body["understood"]["question"] == "Hòa Bình ai chủ trì tuyên truyền"
        assert body["understood"]["places"] == ["Hòa Bình"]
        filtered = ask(client, "Ai chủ trì hỗ trợ nạn nhân?", doc_ids=["kh-kontum-test"])
        assert filtered["understood"]["documents"] == ["45/KH-UBND"]
        assert (
            filtered["understood"]["text"]
            == "Hiểu câu hỏi là: Ai chủ trì hỗ trợ nạn nhân? · văn bản: 45/KH-UBND"
        )


def test_a_bad_conversation_id_is_a_clear_422(site: str) -> None:
    with httpx.Client(base_url=site, timeout=60) as client:
        r = client.post("/v1/ask", json={"question": "còn Đồng Nai?", "conversation_id": "x" * 65})
        assert r.status_code == 422 and "conversation_id" in r.text


# -- the store ---------------------------------------------------------------------------------
def answer(question: str, kind: str = "who_leads") -> Answer:
    understood = Understanding(question=question, text=question)
    return Answer(
        question=question, answer="…", abstained=True, citations=[], kind=kind, understood=understood
    )


def test_threads_expire_when_idle_and_are_bounded() -> None:
    now = [0.0]
    store = ConversationStore(limit=2, ttl_s=60, clock=lambda: now[0])
    a, previous, expired = store.open(None)
    assert previous is None and not expired
    store.record(a, answer("q1"))
    now[0] = 30
    assert store.open(a)[1] == answer("q1")
    now[0] = 89  # 59 s after the last use
    assert store.open(a)[1] is not None
    now[0] = 150
    new, previous, expired = store.open(a)
    assert new != a and previous is None and expired
    store.open(None)
    store.open(None)
    assert len(store) == 2 and store.open(new)[2]  # the least recently used went first


def test_a_sources_turn_keeps_the_answer_it_follows_up_on() -> None:
    store = ConversationStore(limit=5, ttl_s=60)
    a, _, _ = store.open(None)
    assert store.record(a, answer("q1")) == 1
    assert store.record(a, answer("sources of q1", kind="sources")) == 2
    assert store.open(a)[1] == answer("q1")


def test_a_thread_stays_at_the_national_level(site: str) -> None:
    with httpx.Client(base_url=site, timeout=60) as client:
        first = ask(client, "Who leads victim support in Kon Tum?")
        thread = first["conversation_id"]
        for message in ("what about the national plan?", "and who coordinates?"):
            body = ask(client, message, conversation_id=thread)
            assert body["understood"]["places"] == ["Việt Nam (toàn quốc)"], body["understood"]
            assert body["citations"][0]["doc_id"] == "qd-99-test"
