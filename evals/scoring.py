"""Regression sets: the schema of ../shared/evals/README.md, read unchanged, and its scoring rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tip.domain import Answer, Citation
from tip.text import answer_normalize, match_normalize

MRR_DEPTH = 10


class EvalSetError(Exception):
    """A question set that cannot be read: named with the file and the question at fault."""


class ExpectedCitation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    doc_id: str
    contains: str = ""


class Expect(BaseModel):
    model_config = ConfigDict(extra="forbid")
    citations: list[ExpectedCitation] = Field(default_factory=list)
    citations_all: bool = False
    answer_contains: list[str | list[str]] = Field(default_factory=list)
    abstain: bool = False


class Question(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    question: str
    lang: Literal["vi", "en", "vi-nodiac"] = "vi"
    kind: Literal["who_leads", "fact", "number", "date", "list", "compare", "abstain"] = "fact"
    expect: Expect = Field(default_factory=Expect)

    @field_validator("question")
    @classmethod
    def _not_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("question is empty")
        return value


def load_set(path: Path) -> list[Question]:
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise EvalSetError(f"{path}: file not found") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise EvalSetError(f"{path}: malformed YAML{where}") from exc
    items = raw.get("questions") if isinstance(raw, dict) else None
    if not isinstance(items, list) or not items:
        raise EvalSetError(f"{path}: expected a non-empty top-level 'questions:' list")
    questions: list[Question] = []
    for i, item in enumerate(items, start=1):
        try:
            questions.append(Question.model_validate(item))
        except ValidationError as exc:
            first = exc.errors()[0]
            qid = item.get("id", f"#{i}") if isinstance(item, dict) else f"#{i}"
            raise EvalSetError(
                f"{path}: question {qid}: {'.'.join(map(str, first['loc']))}: {first['msg']}"
            ) from exc
    ids = [q.id for q in questions]
    dupes = sorted({x for x in ids if ids.count(x) > 1})
    if dupes:
        raise EvalSetError(f"{path}: duplicate question ids: {', '.join(dupes)}")
    return questions


def citation_matches(citation: Citation, expected: ExpectedCitation) -> bool:
    return citation.doc_id == expected.doc_id and match_normalize(expected.contains) in match_normalize(
        citation.text
    )


def first_full_match_rank(citations: list[Citation], expect: Expect) -> int | None:
    """1-based rank at which the expectation is met (for citations_all: when every doc_id is covered)."""
    if not expect.citations:
        return None
    if not expect.citations_all:
        for rank, c in enumerate(citations, start=1):
            if any(citation_matches(c, e) for e in expect.citations):
                return rank
        return None
    needed = {e.doc_id for e in expect.citations}
    covered: set[str] = set()
    for rank, c in enumerate(citations, start=1):
        covered |= {e.doc_id for e in expect.citations if citation_matches(c, e)}
        if covered >= needed:
            return rank
    return None


def contains_item(answer_text: str, item: str | list[str]) -> bool:
    norm = answer_normalize(answer_text)
    alternatives = item if isinstance(item, list) else [item]
    return any(answer_normalize(alt) in norm for alt in alternatives)


class QuestionScore(BaseModel):
    id: str
    lang: str
    kind: str
    hit1: bool | None = None  # None: the question expects no citations
    hit5: bool | None = None
    rr: float | None = None
    answer_ok: bool | None = None  # None: an abstain question
    abstain_ok: bool | None = None  # only for abstain questions
    latency_ms: float = 0.0


def score_question(q: Question, answer: Answer, latency_ms: float) -> QuestionScore:
    rank = first_full_match_rank(answer.citations, q.expect)
    has_cites = bool(q.expect.citations)
    result = QuestionScore(id=q.id, lang=q.lang, kind=q.kind, latency_ms=latency_ms)
    if has_cites:
        result.hit1 = rank is not None and rank <= 1
        result.hit5 = rank is not None and rank <= 5
        result.rr = 1.0 / rank if rank is not None and rank <= MRR_DEPTH else 0.0
    if q.expect.abstain:
        result.abstain_ok = answer.abstained
    else:
        result.answer_ok = (not answer.abstained) and all(
            contains_item(answer.answer, i) for i in q.expect.answer_contains
        )
    return result
