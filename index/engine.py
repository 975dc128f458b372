"""The answering engine: the one service every adapter (CLI, API, evals) calls."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from index.answer import Composer
from index.build import current_build_dir
from index.embeddings import EmbeddingBackend, build_embeddings
from index.query import Glossary, QueryAnalysis, analyse, docs_for_numbers, find_places
from index.retriever import Retriever, SearchFilters
from index.snapshot import IndexMissing, Snapshot
from index.store import StoreUnavailable
from ingest.agencies import AgencyCatalog
from tip.domain import Answer, Assignment, Document, DocumentMeta, SearchHit, Section
from tip.settings import Settings
from tip.text import collapse_ws, fold


class EngineError(Exception):
    """Base of the errors adapters turn into user-facing messages."""


class InvalidQuestion(EngineError):
    pass


class NotFound(EngineError):
    pass


class Unavailable(EngineError):
    """The index is missing or its vector store cannot be reached (retry later)."""


class Engine:
    def __init__(self, settings: Settings, embeddings: EmbeddingBackend | None = None) -> None:
        self.settings = settings
        self.embeddings = embeddings or build_embeddings(settings)
        self.catalog = AgencyCatalog.load()
        self.glossary = Glossary.load(extra=[(a.en, a.name) for a in self.catalog if a.en])
        self._lock = threading.Lock()
        self._snap: Snapshot | None = None
        self._build_dir: Path | None = None
        self.synthesizer = None
        if settings.llm_provider != "none":
            from index.llm import Synthesizer

            self.synthesizer = Synthesizer.from_settings(settings)

    # -- lifecycle ------------------------------------------------------------------
    def load(self) -> Engine:
        """Load the current build (raise Unavailable if there is none or the store is down)."""
        with self._lock:
            try:
                self._build_dir = current_build_dir(self.settings.data_dir)
                self._snap = Snapshot.load(self.settings)
            except (IndexMissing, StoreUnavailable) as exc:
                raise Unavailable(str(exc)) from exc
        return self

    def reload_if_changed(self) -> bool:
        """Pick up a new build after `tip ingest` (the swap is atomic, the old build keeps serving until then)."""
        if current_build_dir(self.settings.data_dir) != self._build_dir:
            self.load()
            return True
        return False

    @property
    def snap(self) -> Snapshot:
        if self._snap is None:
            self.load()
        assert self._snap is not None
        return self._snap

    def ready(self) -> tuple[bool, str]:
        try:
            snap = self.snap
            snap.store.ping()
            reason = f"build {snap.info.build_id}: {snap.info.documents} documents, {snap.info.chunks} chunks"
            return True, f"{reason} (WARNING: {snap.fallback})" if snap.fallback else reason
        except (Unavailable, StoreUnavailable) as exc:
            return False, str(exc)

    # -- questions ------------------------------------------------------------------
    def ask(
        self,
        question: str,
        lang: str | None = None,
        doc_ids: Sequence[str] | None = None,
        jurisdiction: str | None = None,
        top_k: int | None = None,
    ) -> Answer:
        started = time.perf_counter()
        question = self._check_question(question)
        snap = self.snap
        qa = analyse(question, snap.restorer, self.glossary, lang)
        filters, missing = self._filters(qa, doc_ids, jurisdiction)
        composer = Composer(
            Retriever(snap, self.embeddings, self.catalog), self.glossary, self.settings.abstain_threshold
        )
        if missing:
            answer = composer.abstain(qa, [], reason=self._no_document_reason(qa, missing))
        else:
            k = top_k or self.settings.top_k
            try:
                if len(filters.jurisdictions) > 1 and not filters.doc_ids:
                    answer = self._compare(qa, composer, filters, k)
                else:
                    answer = composer.compose(qa, composer.retriever.search(qa, filters, k=max(k, 5)), k)
            except StoreUnavailable as exc:
                raise Unavailable(str(exc)) from exc
            if self.synthesizer is not None and not answer.abstained:
                answer = self.synthesizer.synthesize(qa, answer)
        elapsed = (time.perf_counter() - started) * 1000
        return answer.model_copy(update={"timings_ms": {"total": round(elapsed, 1)}})

    def _compare(self, qa: QueryAnalysis, composer: Composer, filters: SearchFilters, k: int) -> Answer:
        """A question naming several jurisdictions ("Kon Tum compared with Kiên Giang", "the national plan
        and Kon Tum's"): answered for each one on its own, then side by side."""
        parts: list[tuple[str, Answer]] = []
        for place in filters.jurisdictions:
            sub_qa = replace(qa, places=[p for p in qa.places if not _same_place(p, place)] + [place])
            sub_filters = replace(filters, jurisdictions=(place,))
            scored = composer.retriever.search(sub_qa, sub_filters, k=max(k, 5))
            parts.append((place, composer.compose(sub_qa, scored, max(2, k // len(filters.jurisdictions)))))
        answered = [(p, a) for p, a in parts if not a.abstained]
        if not answered:
            return composer.abstain(qa, [], reason=None)
        lines = [f"■ {place}: {a.answer}" for place, a in parts]
        firsts = [a.citations[0] for _, a in answered]
        rest = [c for _, a in answered for c in a.citations[1:]]
        citations = list({c.section_id: c for c in [*firsts, *rest]}.values())
        return Answer(
            question=qa.question,
            answer="\n".join(lines),
            abstained=False,
            citations=citations[: max(k, len(firsts))],
            see_also=[c for _, a in parts if a.abstained for c in a.see_also][:3],
            lang=qa.lang,
            kind="compare",
        )

    def search(
        self, query: str, k: int = 10, doc_ids: Sequence[str] | None = None, jurisdiction: str | None = None
    ) -> list[SearchHit]:
        query = self._check_question(query)
        snap = self.snap
        qa = analyse(query, snap.restorer, self.glossary)
        filters, missing = self._filters(qa, doc_ids, jurisdiction)
        if missing:
            return []
        retriever = Retriever(snap, self.embeddings, self.catalog)
        try:
            scored = retriever.search(qa, filters, k=k)
        except StoreUnavailable as exc:
            raise Unavailable(str(exc)) from exc
        composer = Composer(retriever, self.glossary, self.settings.abstain_threshold)
        terms = retriever.query_terms(qa)
        return [
            SearchHit(
                section=s.section,
                doc=s.meta,
                score=round(s.score, 4),
                quote=composer._best_sentence(s, terms, qa.kind)[0],
            )
            for s in scored
        ]

    def analyse(self, question: str, lang: str | None = None) -> QueryAnalysis:
        return analyse(self._check_question(question), self.snap.restorer, self.glossary, lang)

    # -- browsing -------------------------------------------------------------------
    def documents(self) -> list[DocumentMeta]:
        return [d.meta for d in self.snap.documents.values()]

    def document(self, doc_id: str) -> Document:
        doc = self.snap.documents.get(doc_id)
        if doc is None:
            known = ", ".join(sorted(self.snap.documents))
            raise NotFound(f"unknown doc_id {doc_id!r}; known: {known}")
        return doc

    def section(self, section_id: str) -> Section:
        section = self.snap.sections.get(section_id)
        if section is None:
            raise NotFound(
                f"unknown section_id {section_id!r} (form: <doc_id>#<label>, e.g. kh-kontum-actip#II.3.2)"
            )
        return section

    def neighbours(self, section_id: str) -> tuple[Section | None, Section | None]:
        section = self.section(section_id)
        ordered = self.document(section.doc_id).sections
        i = next(i for i, s in enumerate(ordered) if s.section_id == section_id)
        return (ordered[i - 1] if i > 0 else None, ordered[i + 1] if i + 1 < len(ordered) else None)

    def responsibilities(
        self, jurisdiction: str | None = None, agency: str | None = None, doc_id: str | None = None
    ) -> list[Assignment]:
        if doc_id:
            self.document(doc_id)
        out = []
        for doc in self.snap.documents.values():
            if doc_id and doc.meta.doc_id != doc_id:
                continue
            if jurisdiction and not _same_place(jurisdiction, doc.meta.jurisdiction_name):
                continue
            for a in doc.assignments:
                if agency and not any(fold(agency) in fold(n) for n in (*a.leads, *a.coordinators)):
                    continue
                out.append(a)
        return out

    def jurisdictions(self) -> list[str]:
        return list(self.snap.jurisdictions)

    # -- helpers --------------------------------------------------------------------
    def _check_question(self, question: str) -> str:
        question = collapse_ws(question or "")
        if not question:
            raise InvalidQuestion("the question is empty")
        if not any(ch.isalnum() for ch in question):
            raise InvalidQuestion("the question has no letters or digits")
        if len(question) > self.settings.max_question_chars:
            raise InvalidQuestion(
                f"the question is {len(question)} characters long; the limit is {self.settings.max_question_chars}"
            )
        return question

    def _filters(
        self, qa: QueryAnalysis, doc_ids: Sequence[str] | None, jurisdiction: str | None
    ) -> tuple[SearchFilters, list[str]]:
        """Explicit filters win; otherwise the places the question names become a jurisdiction filter.
        Returns the places named that have no document (→ abstain, never another province's answer)."""
        for doc_id in doc_ids or ():
            self.document(doc_id)
        known = self.jurisdictions()
        national = self.snap.national_jurisdictions
        if jurisdiction and fold(jurisdiction).strip() in NATIONAL_WORDS:
            return SearchFilters(doc_ids=tuple(doc_ids or ()), jurisdictions=tuple(national)), []
        places = [jurisdiction] if jurisdiction else qa.places
        matched = [j for j in known for p in places if _same_place(p, j)]
        if matched and not jurisdiction:
            own, _ = docs_for_numbers(qa.doc_numbers, self.documents()) if qa.doc_numbers else ([], [])
            named = [self.snap.metas[d].jurisdiction_name for d in own]
            matched += [n for n in [*(national if qa.national else []), *named] if n not in matched]
        missing = [p for p in places if not any(_same_place(p, j) for j in known)]
        if jurisdiction and missing:
            raise NotFound(f"unknown jurisdiction {jurisdiction!r}; known: {', '.join(known)}")
        if missing and not matched and not doc_ids:
            return SearchFilters(), missing
        return SearchFilters(doc_ids=tuple(doc_ids or ()), jurisdictions=tuple(dict.fromkeys(matched))), []

    def _no_document_reason(self, qa: QueryAnalysis, missing: list[str]) -> str:
        known = ", ".join(j for j in self.jurisdictions())
        if qa.lang == "en":
            return f"The corpus has no document for {', '.join(missing)} (documents cover: {known})."
        return f"Kho dữ liệu không có văn bản nào của {', '.join(missing)} (hiện có: {known})."


NATIONAL_WORDS = {"national", "toan quoc", "quoc gia", "trung uong", "viet nam", "viet nam (toan quoc)"}


def _same_place(a: str, b: str) -> bool:
    fa, fb = fold(a).strip(), fold(b).strip()
    return fa == fb or (bool(find_places(a)) and find_places(a) == find_places(b))
