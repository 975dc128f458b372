"""POST /v1/ask's `glosses`: the English names of the agencies its quotes name, for clients (the bot) that
show the Vietnamese quote to English readers without a catalogue of their own."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.anyio

QUESTION = "Ai chủ trì hỗ trợ nạn nhân ở Hòa Bình?"


async def test_glosses_name_the_agencies_of_the_quotes(client: httpx.AsyncClient) -> None:
    body = (await client.post("/v1/ask", json={"question": QUESTION})).json()
    quotes = " ".join(c["quote"] for c in body["citations"] + body["see_also"])
    glosses = {g["vi"]: g["en"] for g in body["glosses"]}
    assert glosses and all(vi in quotes for vi in glosses)  # each spelling as the quote writes it
    labour = next(en for vi, en in glosses.items() if vi.startswith("Sở Lao động"))
    assert labour == "Department of Labour, Invalids and Social Affairs"
    assert len(body["glosses"]) == len(glosses)  # each spelling once


async def test_no_glosses_without_citations(client: httpx.AsyncClient) -> None:
    body = (await client.post("/v1/ask", json={"question": "Thời tiết ở Hà Nội hôm nay thế nào?"})).json()
    assert body["abstained"] is True and body["glosses"] == []
