"""Places through the API: one rule for an unknown place (404 with the known names and a "did you mean"),
a spelling of a known place resolves, and an answer from another unit's document carries its label."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from api.app import create_app
from tests.api.conftest import asgi_client, assert_error
from tip.settings import Settings

pytestmark = pytest.mark.anyio
QUESTION = "Ai chủ trì hỗ trợ nạn nhân?"


@pytest.fixture
async def places_client(places_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(create_app(places_settings)) as c:
        yield c


async def test_a_spelling_of_a_known_place_resolves(places_client: httpx.AsyncClient) -> None:
    r = await places_client.get("/v1/responsibilities", params={"jurisdiction": "Kontum"})
    assert r.status_code == 200, r.text
    assert r.json()["count"] > 0
    assert {a["doc_id"] for a in r.json()["assignments"]} == {"kh-kontum-test"}
    r = await places_client.post("/v1/ask", json={"question": QUESTION, "jurisdiction": "Kontum"})
    assert r.status_code == 200, r.text
    assert r.json()["jurisdictions"] == ["Kon Tum"]


@pytest.mark.parametrize(
    ("method", "path", "params"),
    [
        ("GET", "/v1/responsibilities", {"jurisdiction": "Kontom"}),
        ("GET", "/v1/search", {"q": "hỗ trợ nạn nhân", "jurisdiction": "Kontom"}),
        ("POST", "/v1/ask", {"question": QUESTION, "jurisdiction": "Kontom"}),
    ],
)
async def test_an_unknown_place_is_404_everywhere(
    places_client: httpx.AsyncClient, method: str, path: str, params: dict[str, str]
) -> None:
    if method == "GET":
        response = await places_client.get(path, params=params)
    else:
        response = await places_client.post(path, json=params)
    err = assert_error(response, 404, "not_found")
    assert "did you mean Kon Tum?" in err["message"]
    assert "Hòa Bình, Kon Tum, Việt Nam (toàn quốc), Đồng Nai" in err["message"]


async def test_a_place_without_a_document_is_404_and_says_why(places_client: httpx.AsyncClient) -> None:
    r = await places_client.get("/v1/responsibilities", params={"jurisdiction": "Binh Dinh"})
    err = assert_error(r, 404, "not_found")
    assert "no document for Bình Định (now part of Gia Lai)" in err["message"]
    r = await places_client.get("/v1/responsibilities", params={"jurisdiction": "Quảng Ngãi"})
    err = assert_error(r, 404, "not_found")
    assert "use jurisdiction='Kon Tum'" in err["message"]


async def test_an_answer_from_a_predecessor_carries_its_label(places_client: httpx.AsyncClient) -> None:
    r = await places_client.post("/v1/ask", json={"question": "Who leads victim support in Quang Ngai?"})
    assert r.status_code == 200, r.text
    body = r.json()
    label = (
        "No Quảng Ngãi plan in the corpus; the plan of former Kon Tum province (now part of Quảng Ngãi) says:"
    )
    assert body["scope_note"] == label and body["answer"].startswith(label + "\n")
    assert body["jurisdictions"] == ["Kon Tum"]
