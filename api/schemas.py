"""Request models and the response wrappers around the domain types (which are reused as they are)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tip.domain import Answer, Assignment, DocumentMeta, SearchHit, Section

Lang = Literal["vi", "en", "vi-nodiac"]


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


# A question must hold at least one letter or digit (any script): "\u0000\u0000" or "?!" is refused with 422.
HAS_LETTER_OR_DIGIT = r"[^\W_]"


class AskRequest(Request):
    model_config = ConfigDict(
        extra="forbid",
        regex_engine="python-re",  # the same \w as the schema's readers (str.isalnum), not Rust's
        json_schema_extra={
            "examples": [
                {"question": "Who leads victim support in Kon Tum?"},
                {"question": "còn Kiên Giang?", "conversation_id": "5d0c7e1f9a8b4c2d8e6f1a3b5c7d9e0f"},
            ]
        },
    )

    question: str = Field(
        min_length=1,
        pattern=HAS_LETTER_OR_DIGIT,
        description="The question, in Vietnamese (with or without diacritics) or English. "
        "It must contain at least one letter or digit.",
    )
    lang: Lang | None = Field(None, description="Force the language instead of detecting it.")
    doc_ids: list[str] | None = Field(
        None, max_length=20, description="Only cite these documents (see /v1/documents)."
    )
    jurisdiction: str | None = Field(None, max_length=200, description="Only this province, or 'national'.")
    top_k: int | None = Field(
        None, ge=1, le=20, description="How many citations at most (default: the server's)."
    )
    conversation_id: str | None = Field(
        None,
        min_length=1,
        max_length=64,
        description="Continue this thread (the conversation_id of an earlier answer): a follow-up such as "
        "'còn Kiên Giang?', 'and who coordinates?' or 'nguồn đâu?' is completed from the thread's previous "
        "question. Omit it to start a new thread. A thread the server no longer knows (idle longer than "
        "TIP_CONVERSATION_TTL_MINUTES, or the server restarted) starts anew, flagged 'conversation_expired'.",
    )


class Timings(BaseModel):
    engine_ms: float = Field(description="Time spent retrieving and composing the answer.")
    total_ms: float = Field(description="Time spent in the API service, engine included.")


class Gloss(BaseModel):
    vi: str = Field(description="An agency name as a cited quote writes it.")
    en: str = Field(description="Its English name, from the agency catalogue.")


class Glossed(BaseModel):
    glosses: list[Gloss] = Field(
        default_factory=list,
        description="English names of the agencies the citations' quotes name, for readers of the "
        "Vietnamese quotes who read English.",
    )


class AskResponse(Answer, Glossed):
    """The engine's answer, with the id to rate it by (POST /v1/feedback) and the server-side timings."""

    answer_id: str = Field(description="Rate this answer with it: POST /v1/feedback.")
    conversation_id: str = Field(
        description="The thread this answer belongs to: send it with the next question to ask a follow-up."
    )
    turn: int = Field(description="This answer's position in its thread (1 for a new thread).")
    timings: Timings = Field(description="Server-side time spent on this request.")


class SearchResponse(BaseModel):
    query: str
    count: int
    hits: list[SearchHit]


class DocumentList(BaseModel):
    count: int
    documents: list[DocumentMeta]


class OutlineEntry(BaseModel):
    """A section's place in its document, without its text (fetch /v1/sections/{section_id} for that)."""

    section_id: str
    label: str
    kind: str
    heading: str
    depth: int
    parent_id: str | None
    chars: int

    @classmethod
    def of(cls, section: Section) -> OutlineEntry:
        return cls(
            section_id=section.section_id,
            label=section.label,
            kind=section.kind,
            heading=section.heading,
            depth=len(section.heading_path),
            parent_id=section.parent_id,
            chars=len(section.text),
        )


class DocumentDetail(BaseModel):
    meta: DocumentMeta
    short_name: str
    section_count: int
    assignment_count: int
    outline: list[OutlineEntry]


class SectionDetail(BaseModel):
    section: Section
    document: DocumentMeta
    previous: OutlineEntry | None
    next: OutlineEntry | None
    parent: OutlineEntry | None
    children: list[OutlineEntry]
    assignments: list[Assignment] = Field(
        description="Task assignments read from, or assigning, this section."
    )


class ResponsibilitiesResponse(BaseModel):
    count: int
    assignments: list[Assignment]


class FeedbackRequest(Request):
    answer_id: str = Field(min_length=1, max_length=64, description="The answer_id returned by POST /v1/ask.")
    rating: Literal["up", "down"]
    comment: str | None = Field(None, max_length=2000, description="What was wrong or missing (optional).")


class FeedbackAck(BaseModel):
    feedback_id: int
    answer_id: str
    rating: Literal["up", "down"]


class RegressionSet(BaseModel):
    """The regression-set schema (shared/evals/README.md): a `questions` list."""

    questions: list[dict[str, Any]]


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    status: Literal["ready"] = "ready"
    reason: str


class ErrorBody(BaseModel):
    code: str = Field(description="Stable, machine-readable: not_found, invalid_request, rate_limited, ...")
    message: str = Field(description="A sentence a person can act on.")
    request_id: str | None = Field(None, description="Also in the X-Request-ID header and the server's log.")
    details: list[dict[str, Any]] | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody
