"""The OpenAPI document a client generator and a reader of /docs see: readable operationIds, a described
field everywhere in Citation and Answer, an example per operation, and only the errors that can happen."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from api.openapi import DOCS_ASSETS_URL

pytestmark = pytest.mark.anyio

EXPECTED_IDS = {
    ("post", "/v1/ask"): "ask",
    ("get", "/v1/search"): "search",
    ("get", "/v1/documents"): "list_documents",
    ("get", "/v1/documents/{doc_id}"): "get_document",
    ("get", "/v1/sections/{section_id}"): "get_section",
    ("get", "/v1/responsibilities"): "list_responsibilities",
    ("post", "/v1/feedback"): "send_feedback",
    ("get", "/v1/feedback/export"): "export_feedback",
    ("get", "/healthz"): "healthz",
    ("get", "/readyz"): "readyz",
    ("get", "/metrics"): "metrics",
}


async def schema_of(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    return dict(response.json())


def operations(schema: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(method, path): op for path, item in schema["paths"].items() for method, op in item.items()}


async def test_operation_ids_are_readable_names(client: httpx.AsyncClient) -> None:
    ops = operations(await schema_of(client))
    assert {key: op["operationId"] for key, op in ops.items() if key in EXPECTED_IDS} == EXPECTED_IDS
    for op in ops.values():
        assert re.fullmatch(r"[a-z][a-z_]*", op["operationId"]), op["operationId"]


@pytest.mark.parametrize("model", ["Citation", "AskResponse"])  # AskResponse is Answer + 2 fields
async def test_every_answer_and_citation_field_is_described(client: httpx.AsyncClient, model: str) -> None:
    schemas = (await schema_of(client))["components"]["schemas"]
    props = schemas[model]["properties"]
    assert [name for name, prop in props.items() if not prop.get("description")] == []


async def test_every_operation_has_an_example(client: httpx.AsyncClient) -> None:
    for (method, path), op in operations(await schema_of(client)).items():
        bodies = [m for m in op.get("requestBody", {}).get("content", {}).values()]
        ok = next(r for code, r in op["responses"].items() if code.startswith("2"))
        replies = list(ok.get("content", {}).values())
        assert any("example" in m for m in replies), f"{method} {path}: no response example"
        if bodies:
            assert all("example" in m for m in bodies), f"{method} {path}: no request example"
        for param in op.get("parameters", []):
            if param.get("required"):
                assert "example" in param, f"{method} {path}: no example for {param['name']}"


async def test_examples_match_their_schemas(client: httpx.AsyncClient) -> None:
    from api.schemas import AskRequest, AskResponse, DocumentList, FeedbackRequest, SectionDetail

    ops = operations(await schema_of(client))

    def example(key: tuple[str, str], part: str = "response") -> Any:
        op = ops[key]
        if part == "request":
            return op["requestBody"]["content"]["application/json"]["example"]
        return op["responses"]["200"]["content"]["application/json"]["example"]

    AskRequest.model_validate(example(("post", "/v1/ask"), "request"))
    AskResponse.model_validate(example(("post", "/v1/ask")))
    DocumentList.model_validate(example(("get", "/v1/documents")))
    SectionDetail.model_validate(example(("get", "/v1/sections/{section_id}")))
    FeedbackRequest.model_validate(example(("post", "/v1/feedback"), "request"))


async def test_no_body_or_input_errors_on_operations_without_them(client: httpx.AsyncClient) -> None:
    ops = operations(await schema_of(client))
    for (method, path), op in ops.items():
        codes = set(op["responses"])
        has_body = "requestBody" in op
        params = [p["name"] for p in op.get("parameters", [])]
        if not has_body:
            assert "400" not in codes, f"{method} {path}"
        if not has_body and "q" not in params:
            assert "413" not in codes, f"{method} {path}"
        if not has_body and not params:
            assert "422" not in codes, f"{method} {path}"
    assert {"413", "422"} <= set(ops[("post", "/v1/ask")]["responses"])
    assert "413" in ops[("get", "/v1/search")]["responses"]  # the question travels in the query
    assert "422" not in ops[("get", "/v1/documents")]["responses"]


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_docs_pages_load_only_local_assets(client: httpx.AsyncClient, page: str) -> None:
    html = (await client.get(page)).text
    assert "cdn." not in html and "fonts.googleapis" not in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources
    for src in sources:
        if src.startswith(DOCS_ASSETS_URL):
            asset = await client.get(src)
            assert asset.status_code == 200 and len(asset.content) > 1000, src
