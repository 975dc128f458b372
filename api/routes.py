"""HTTP routes: parse, call the one service object, return its models. No retrieval logic here.

Engine-bound endpoints are plain `def`: FastAPI runs them in its threadpool, so a slow embedding or a
Chroma round-trip never blocks the event loop."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from api.errors import error_response
from api.schemas import (
    HAS_LETTER_OR_DIGIT,
    AskRequest,
    AskResponse,
    DocumentDetail,
    DocumentList,
    ErrorResponse,
    FeedbackAck,
    FeedbackRequest,
    Health,
    Readiness,
    RegressionSet,
    ResponsibilitiesResponse,
    SearchResponse,
    SectionDetail,
)
from api.service import AskService

STATIC_DIR = Path(__file__).parent / "static"
PLACEHOLDER_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tip-assistant</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>tip-assistant</h1>
<p>Cited answers from Vietnam's counter-trafficking plans and laws. The workshop page is not installed yet.</p>
<p>API reference: <a href="/docs">/docs</a> &middot; schema: <a href="/openapi.json">/openapi.json</a></p>
</body></html>
"""


def _err(description: str) -> dict[str, Any]:
    return {"model": ErrorResponse, "description": description}


COMMON_ERRORS: dict[int | str, dict[str, Any]] = {
    400: _err("The request body could not be read (not UTF-8 JSON)."),
    401: _err("Missing or invalid API key (only when the server has TIP_API_KEYS)."),
    413: _err("The request body or the question is too long."),
    422: _err("The request does not match the schema."),
    429: _err("Rate limit exceeded; see the Retry-After header."),
    500: _err("Unexpected server error; quote the request_id when reporting it."),
    503: _err("The index is not loaded or its vector store is unreachable; retry later."),
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: _err("Unknown doc_id, section_id, jurisdiction or answer_id.")
}


def get_service(request: Request) -> AskService:
    service: AskService = request.app.state.service
    return service


Service = Annotated[AskService, Depends(get_service)]

ops = APIRouter(tags=["operations"])
v1 = APIRouter(prefix="/v1", responses=COMMON_ERRORS)


# -- operations (no API key) ----------------------------------------------------------
@ops.get("/", include_in_schema=False)
def home() -> HTMLResponse:
    """The workshop page when it is installed (api/static/index.html), else a pointer to the docs."""
    page = STATIC_DIR / "index.html"
    return HTMLResponse(page.read_text(encoding="utf-8") if page.is_file() else PLACEHOLDER_PAGE)


@ops.get("/healthz", response_model=Health, summary="The process is up")
async def healthz() -> Health:
    return Health()


@ops.get(
    "/readyz",
    response_model=Readiness,
    summary="The index is loaded and its vector store answers",
    responses={503: _err("Not ready; the message gives the reason.")},
)
def readyz(service: Service) -> Readiness | JSONResponse:
    ok, reason = service.ready()
    if not ok:
        return error_response(503, "not_ready", f"Not ready: {reason}.", headers={"Retry-After": "5"})
    return Readiness(reason=reason)


@ops.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={
        200: {
            "content": {"text/plain": {"schema": {"type": "string"}}},
            "description": "Prometheus text format",
        }
    },
)
def metrics(service: Service) -> Response:
    service.refresh_index_metrics()
    return Response(service.metrics.render(), media_type=service.metrics.content_type)


# -- questions ------------------------------------------------------------------------
@v1.post(
    "/ask",
    response_model=AskResponse,
    tags=["questions"],
    responses=NOT_FOUND,
    summary="Answer a question with cited sections",
)
def ask(body: AskRequest, service: Service) -> AskResponse:
    return service.ask(body)


@v1.get(
    "/search",
    response_model=SearchResponse,
    tags=["questions"],
    responses=NOT_FOUND,
    summary="Ranked sections, no answer",
)
def search(
    service: Service,
    q: Annotated[
        str,
        Query(
            min_length=1,
            pattern=HAS_LETTER_OR_DIGIT,
            description="The query (same languages as /v1/ask); at least one letter or digit.",
        ),
    ],
    k: Annotated[int, Query(ge=1, le=50, description="How many sections.")] = 10,
    doc_id: Annotated[list[str] | None, Query(description="Only these documents (repeatable).")] = None,
    jurisdiction: Annotated[str | None, Query(max_length=200)] = None,
) -> SearchResponse:
    return service.search(q, k, doc_id, jurisdiction)


# -- browsing -------------------------------------------------------------------------
@v1.get("/documents", response_model=DocumentList, tags=["documents"], summary="The indexed documents")
def list_documents(service: Service) -> DocumentList:
    return service.documents()


@v1.get(
    "/documents/{doc_id}",
    response_model=DocumentDetail,
    tags=["documents"],
    responses=NOT_FOUND,
    summary="Metadata and outline",
)
def get_document(doc_id: str, service: Service) -> DocumentDetail:
    return service.document(doc_id)


@v1.get(
    "/sections/{section_id:path}",
    response_model=SectionDetail,
    tags=["documents"],
    responses=NOT_FOUND,
    summary="A section's full text, heading path and neighbours (URL-encode '#' as %23)",
)
def get_section(section_id: str, service: Service) -> SectionDetail:
    return service.section(section_id)


@v1.get(
    "/responsibilities",
    response_model=ResponsibilitiesResponse,
    tags=["documents"],
    responses=NOT_FOUND,
    summary="Who leads and who coordinates each task",
)
def list_responsibilities(
    service: Service,
    jurisdiction: Annotated[
        str | None, Query(max_length=200, description="A province name or 'national'.")
    ] = None,
    agency: Annotated[
        str | None, Query(max_length=200, description="Tasks naming this agency (lead or coordinator).")
    ] = None,
    doc_id: Annotated[str | None, Query(max_length=200)] = None,
) -> ResponsibilitiesResponse:
    return service.responsibilities(jurisdiction, agency, doc_id)


# -- feedback -------------------------------------------------------------------------
@v1.post(
    "/feedback",
    response_model=FeedbackAck,
    status_code=201,
    tags=["feedback"],
    responses={
        **NOT_FOUND,
        507: _err("The feedback store is full (disk or size limit); answers still work."),
    },
    summary="Rate an answer",
)
def send_feedback(body: FeedbackRequest, service: Service) -> FeedbackAck:
    return service.feedback(body)


@v1.get(
    "/feedback/export",
    tags=["feedback"],
    summary="Down-rated questions as a regression set (YAML, or JSON with ?format=json)",
    response_model=None,
    responses={
        200: {
            "description": "A regression set in the schema of shared/evals/README.md",
            "content": {
                "application/yaml": {"schema": RegressionSet.model_json_schema()},
                "application/json": {"schema": RegressionSet.model_json_schema()},
            },
        }
    },
)
def export_feedback(service: Service, format: Literal["yaml", "json"] = "yaml") -> Response:
    result = service.export(format)
    if isinstance(result, str):
        return Response(result.encode("utf-8"), media_type="application/yaml")
    return JSONResponse(result)
