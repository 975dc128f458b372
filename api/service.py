"""AskService: the one object the routes call. It owns the engine, the feedback store and the metrics;
retrieval and answer composition stay in index.engine.

Engine lifecycle: built and loaded once at startup; if the index cannot be loaded then (no build yet, the
Chroma server down), the service starts "not ready" and every request retries, so the API recovers on
its own when the index or the server comes back. A new build from `tip ingest` is picked up too."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable

from api.conversations import ConversationStore
from api.errors import ApiError
from api.feedback import (
    FeedbackStore,
    FeedbackUnavailable,
    UnknownAnswer,
    export_document,
    export_yaml,
)
from api.logging import log_event
from api.metrics import ApiMetrics
from api.schemas import (
    AskRequest,
    AskResponse,
    DocumentDetail,
    DocumentList,
    FeedbackAck,
    FeedbackRequest,
    Gloss,
    OutlineEntry,
    ResponsibilitiesResponse,
    SearchResponse,
    SectionDetail,
    Timings,
)
from index.engine import Engine, NotFound, Unavailable
from tip.domain import Answer
from tip.settings import Settings

RELOAD_CHECK_S = 5.0

EngineFactory = Callable[[Settings], Engine]


def quote_glosses(engine: Engine, answer: Answer) -> list[Gloss]:
    """The catalogue's English name of every agency the quotes name, each spelling once, in order: a
    client showing the Vietnamese quote to an English reader glosses the names without its own catalogue."""
    glosses: dict[str, Gloss] = {}
    for c in [*answer.citations, *answer.see_also]:
        for mention in engine.catalog.find_all(c.quote, c.jurisdiction):
            english = engine.catalog.english(mention.text, c.jurisdiction)
            if english and mention.text not in glosses:
                glosses[mention.text] = Gloss(vi=mention.text, en=english)
    return list(glosses.values())


class AskService:
    def __init__(
        self,
        settings: Settings,
        feedback: FeedbackStore,
        metrics: ApiMetrics,
        engine: Engine | None = None,
        engine_factory: EngineFactory = Engine,
    ) -> None:
        self.settings = settings
        self.conversations = ConversationStore(
            settings.max_conversations, settings.conversation_ttl_minutes * 60
        )
        self.feedback_store = feedback
        self.metrics = metrics
        self._engine = engine
        self._factory = engine_factory
        self._lock = threading.Lock()
        self._last_reload_check = time.monotonic()

    # -- lifecycle ------------------------------------------------------------------
    def start(self) -> None:
        """Load the engine and open the feedback store; a failure is logged, never fatal."""
        try:
            self.engine().snap  # noqa: B018 - loads the index now rather than on the first question
            log_event(logging.INFO, "index loaded", reason=self.ready()[1])
        except Unavailable as exc:
            log_event(logging.WARNING, "starting without an index (not ready)", reason=str(exc))
        try:
            self.feedback_store.open()
        except Exception as exc:  # the API still answers; /v1/feedback will report the problem
            log_event(
                logging.ERROR,
                "feedback store cannot be opened",
                path=str(self.feedback_store.path),
                error=str(exc),
            )

    def close(self) -> None:
        self.feedback_store.close()

    def engine(self) -> Engine:
        """The engine, built on first need (retried on every request until it succeeds)."""
        with self._lock:
            if self._engine is None:
                try:
                    self._engine = self._factory(self.settings)
                except Unavailable:
                    raise
                except Exception as exc:
                    raise Unavailable(
                        f"the answering engine could not start: {type(exc).__name__}: {exc}"
                    ) from exc
            engine = self._engine
        self._maybe_reload(engine)
        return engine

    def _maybe_reload(self, engine: Engine) -> None:
        """Swap in a new build after `tip ingest`, checking at most every few seconds."""
        now = time.monotonic()
        if now - self._last_reload_check < RELOAD_CHECK_S:
            return
        self._last_reload_check = now
        try:
            if engine.reload_if_changed():
                log_event(logging.INFO, "new index build loaded")
        except Unavailable as exc:
            log_event(
                logging.WARNING,
                "new index build could not be loaded; the previous one keeps serving",
                reason=str(exc),
            )

    def ready(self) -> tuple[bool, str]:
        """Loaded and its vector store answering; the reason says why not, for /readyz."""
        try:
            ok, reason = self.engine().ready()
        except Unavailable as exc:
            ok, reason = False, str(exc)
        except Exception as exc:  # a probe must report, not raise
            ok, reason = False, f"{type(exc).__name__}: {exc}"
        self.metrics.ready.set(1 if ok else 0)
        return ok, reason

    def refresh_index_metrics(self) -> None:
        ok, _ = self.ready()
        if ok and self._engine is not None:
            info = self._engine.snap.info
            self.metrics.documents.set(info.documents)
            self.metrics.sections.set(info.sections)
            self.metrics.chunks.set(info.chunks)

    # -- questions ------------------------------------------------------------------
    def check_length(self, text: str, field: str) -> None:
        limit = self.settings.max_question_chars
        if len(text) > limit:
            raise ApiError(
                413,
                "question_too_long",
                f"The {field} is {len(text)} characters long; the limit is {limit}. Shorten it and ask again.",
            )

    def ask(self, req: AskRequest) -> AskResponse:
        started = time.perf_counter()
        self.check_length(req.question, "question")
        engine = self.engine()
        conversation_id, previous, expired = self.conversations.open(req.conversation_id)
        answer = engine.ask(
            req.question,
            lang=req.lang,
            doc_ids=req.doc_ids,
            jurisdiction=req.jurisdiction,
            top_k=req.top_k,
            previous=previous,
        )
        if expired:
            answer = answer.model_copy(update={"flags": [*answer.flags, "conversation_expired"]})
        turn = self.conversations.record(conversation_id, answer)
        answer_id = uuid.uuid4().hex
        self._remember(answer_id, _standalone(answer))
        self.metrics.answers.labels(answer.lang, answer.kind).inc()
        if answer.abstained:
            self.metrics.abstentions.inc()
        timings = Timings(
            engine_ms=answer.timings_ms.get("total", 0.0),
            total_ms=round((time.perf_counter() - started) * 1000, 1),
        )
        self._log_answer(answer_id, req, answer, timings)
        return AskResponse(
            **answer.model_dump(),
            answer_id=answer_id,
            conversation_id=conversation_id,
            turn=turn,
            timings=timings,
            glosses=quote_glosses(engine, answer),
        )

    def _remember(self, answer_id: str, answer: Answer) -> None:
        """Keep the answer for feedback; losing it must not lose the answer itself."""
        try:
            self.feedback_store.record_answer(answer_id, answer)
        except Exception as exc:
            log_event(
                logging.ERROR,
                "answer not stored for feedback",
                answer_id=answer_id,
                error=f"{type(exc).__name__}: {exc}",
            )

    def _log_answer(self, answer_id: str, req: AskRequest, answer: Answer, timings: Timings) -> None:
        fields: dict[str, object] = {
            "answer_id": answer_id,
            "abstained": answer.abstained,
            "citations": [c.section_id for c in answer.citations],
            "lang": answer.lang,
            "kind": answer.kind,
            "follow_up": answer.understood.follow_up if answer.understood else None,
            "question_chars": len(req.question),
            "engine_ms": timings.engine_ms,
        }
        if self.settings.log_questions:
            fields["question"] = req.question
        log_event(logging.INFO, "answered", **fields)

    def search(self, q: str, k: int, doc_ids: list[str] | None, jurisdiction: str | None) -> SearchResponse:
        self.check_length(q, "query")
        hits = self.engine().search(q, k=k, doc_ids=doc_ids or None, jurisdiction=jurisdiction)
        return SearchResponse(query=q, count=len(hits), hits=hits)

    # -- browsing -------------------------------------------------------------------
    def documents(self) -> DocumentList:
        metas = self.engine().documents()
        return DocumentList(count=len(metas), documents=metas)

    def document(self, doc_id: str) -> DocumentDetail:
        doc = self.engine().document(doc_id)
        return DocumentDetail(
            meta=doc.meta,
            short_name=doc.meta.short_name,
            section_count=len(doc.sections),
            assignment_count=len(doc.assignments),
            outline=[OutlineEntry.of(s) for s in doc.sections],
        )

    def section(self, section_id: str) -> SectionDetail:
        engine = self.engine()
        try:
            section = engine.section(section_id)
        except NotFound as exc:
            if "#" not in section_id:
                raise NotFound(
                    f"unknown section_id {section_id!r}: section ids have the form <doc_id>#<label>, "
                    "and the '#' must be URL-encoded as %23 (e.g. /v1/sections/kh-kontum-actip%23II.3.2)"
                ) from exc
            raise
        doc = engine.document(section.doc_id)
        before, after = engine.neighbours(section_id)
        by_id = {s.section_id: s for s in doc.sections}
        parent = by_id.get(section.parent_id) if section.parent_id else None
        return SectionDetail(
            section=section,
            document=doc.meta,
            previous=OutlineEntry.of(before) if before else None,
            next=OutlineEntry.of(after) if after else None,
            parent=OutlineEntry.of(parent) if parent else None,
            children=[OutlineEntry.of(by_id[c]) for c in section.children if c in by_id],
            assignments=[a for a in doc.assignments if section_id in (a.section_id, a.task_section_id)],
        )

    def responsibilities(
        self, jurisdiction: str | None, agency: str | None, doc_id: str | None
    ) -> ResponsibilitiesResponse:
        records = self.engine().responsibilities(
            jurisdiction=jurisdiction or None, agency=agency or None, doc_id=doc_id or None
        )
        return ResponsibilitiesResponse(count=len(records), assignments=records)

    # -- feedback -------------------------------------------------------------------
    def feedback(self, req: FeedbackRequest) -> FeedbackAck:
        try:
            feedback_id = self.feedback_store.add_feedback(req.answer_id, req.rating, req.comment)
        except UnknownAnswer as exc:
            raise ApiError(
                404,
                "answer_not_found",
                f"No answer has the id {req.answer_id!r}; rate an answer_id returned by POST /v1/ask on this server.",
            ) from exc
        except FeedbackUnavailable as exc:
            raise feedback_error(exc) from exc
        self.metrics.feedback.labels(req.rating).inc()
        log_event(
            logging.INFO,
            "feedback",
            answer_id=req.answer_id,
            rating=req.rating,
            has_comment=bool(req.comment),
        )
        return FeedbackAck(feedback_id=feedback_id, answer_id=req.answer_id, rating=req.rating)

    def export(self, fmt: str) -> str | dict[str, object]:
        """Down-rated questions as YAML text or, for fmt='json', the same document as a dict."""
        try:
            items = self.feedback_store.down_rated()
        except FeedbackUnavailable as exc:
            raise feedback_error(exc) from exc
        return export_document(items) if fmt == "json" else export_yaml(items)


def _standalone(answer: Answer) -> Answer:
    """A follow-up as it is kept for feedback: the completed question, which a regression set can ask alone
    ("còn Kiên Giang?" is "Ai chủ trì hỗ trợ nạn nhân ở Kiên Giang?")."""
    understood = answer.understood
    if understood is None or understood.follow_up in (None, "sources"):
        return answer
    return answer.model_copy(update={"question": understood.question})


def feedback_error(exc: FeedbackUnavailable) -> ApiError:
    """A full disk is 507 (the client may retry later); any other storage failure is 503."""
    if exc.full:
        return ApiError(
            507,
            "insufficient_storage",
            "The feedback could not be saved: the server's disk (or the feedback store's size limit) is full. "
            "Answers still work; retry later or tell the server's operator.",
        )
    return ApiError(
        503,
        "feedback_unavailable",
        f"The feedback store is not available right now ({exc}). Answers still work; retry later.",
        headers={"Retry-After": "30"},
    )
