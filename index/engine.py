"""The answering engine: the one service every adapter (CLI, API, evals) calls."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from index.answer import Composer
from index.build import current_build_dir
from index.embeddings import EmbeddingBackend, build_embeddings
from index.followup import resolve, sources_answer, understood
from index.intent import Cues, QueryAnalysis, analyse, detect_language
from index.jurisdictions import Coverage, Resolution
from index.legal import (
    LEGAL_DOC_TYPES,
    Instrument,
    Located,
    acted_on,
    best_documents,
    descendants,
    fold_aligned,
    instrument_score,
    kind_label,
    links_instruments,
    locate,
    one_side,
    sides_joined,
    source_instruments,
    unheld_kind,
)
from index.legal import (
    resolve as resolve_part,
)
from index.lexical import folded_terms, with_bigrams
from index.places import Gazetteer, Place, default_gazetteer
from index.query import Glossary, docs_for_numbers
from index.ranking import DEFAULT_WEIGHTS
from index.retriever import Concept, Retriever, Scored, SearchFilters
from index.snapshot import IndexMissing, Snapshot
from index.store import StoreUnavailable
from ingest.agencies import AgencyCatalog
from tip.domain import Answer, Assignment, Document, DocumentMeta, SearchHit, Section
from tip.settings import Settings
from tip.text import collapse_ws, fold, tokens


class EngineError(Exception):
    """Base of the errors adapters turn into user-facing messages."""


class InvalidQuestion(EngineError):
    pass


class NotFound(EngineError):
    pass


class Unavailable(EngineError):
    """The index is missing or its vector store cannot be reached (retry later)."""


@dataclass
class Scope:
    """Where a question is answered from: the search filters, and the places it names that are answered
    from another unit's document (labelled) or from none."""

    filters: SearchFilters
    substituted: list[Resolution] = field(default_factory=list)
    missing: list[Resolution] = field(default_factory=list)

    @property
    def unanswerable(self) -> bool:
        """Every place named lacks a document, and nothing else narrows the search."""
        return bool(self.missing) and not self.filters.jurisdictions and not self.filters.doc_ids

    def note(self, lang: str, answered: bool) -> str | None:
        """The label an answer opens with when it is not from the place asked about (None otherwise)."""
        lines = [r.note(lang, answered) for r in self.substituted]
        if self.missing:
            lines.append(_no_document(self.missing, lang) + ".")
        return "\n".join(line for line in lines if line) or None


class Engine:
    def __init__(
        self,
        settings: Settings,
        embeddings: EmbeddingBackend | None = None,
        gazetteer: Gazetteer | None = None,
    ) -> None:
        self.settings = settings
        self.embeddings = embeddings or build_embeddings(settings)
        self.gazetteer = gazetteer or default_gazetteer()
        self.coverage = Coverage(self.gazetteer, [])
        self.catalog = AgencyCatalog.load()
        self.glossary = Glossary.load(extra=[(a.en, a.name) for a in self.catalog if a.en])
        self.weights = DEFAULT_WEIGHTS
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
                self.coverage = Coverage(self.gazetteer, self._snap.metas.values())
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
        previous: Answer | None = None,
    ) -> Answer:
        """`previous` is the thread's previous answer: an elliptical message is completed from it."""
        started = time.perf_counter()
        question = self._check_question(question)
        snap = self.snap
        # -- follow-ups in a thread (index/followup.py) -----------------------------------------
        follow = resolve(question, previous, lang)
        if follow.kind == "sources":
            return sources_answer(follow, lang or detect_language(question), self._section_text)
        question, doc_ids = follow.question, doc_ids or follow.doc_ids or None
        jurisdiction = jurisdiction or follow.jurisdiction
        lang = None if follow.rewritten else lang  # the completed question is in the previous one's language
        # ---------------------------------------------------------------------------------------
        qa = self._analyse(question, lang)
        scope = self._filters(qa, doc_ids, jurisdiction)
        filters = self._legal_scope(qa, scope.filters)
        qa.named_docs = self._documents_named(qa, scope.filters)
        composer = self._composer(snap)
        unheld = self._unheld_text(qa, filters)
        if scope.unanswerable:
            answer = composer.abstain(qa, [], reason=self._no_document_reason(qa, scope.missing))
            scope = Scope(filters)
        elif unheld:
            answer = composer.abstain(qa, [], reason=_no_text_of_kind(unheld, qa.doc_numbers, qa.lang))
        else:
            k = top_k or self.settings.top_k
            try:
                named = [] if doc_ids else self._compared_documents(qa)
                if len(filters.jurisdictions) > 1 and not filters.doc_ids:
                    answer = self._compare(qa, composer, filters, k)
                elif len(named) > 1:
                    answer = self._compare_documents(qa, composer, filters, named, k)
                else:
                    answer = composer.compose(qa, composer.retriever.search(qa, filters, k=max(k, 5)), k)
            except StoreUnavailable as exc:
                raise Unavailable(str(exc)) from exc
            if self.synthesizer is not None and not answer.abstained:
                answer = self.synthesizer.synthesize(qa, answer)
        answer = _labelled(answer, scope, qa.lang)
        answer = understood(answer, qa, follow, filters.doc_ids, snap.metas)  # the "Hiểu câu hỏi là" line
        elapsed = (time.perf_counter() - started) * 1000
        return answer.model_copy(update={"timings_ms": {"total": round(elapsed, 1)}})

    def _section_text(self, section_id: str) -> str | None:
        section = self.snap.sections.get(section_id)
        return section.text if section else None

    def _compare(self, qa: QueryAnalysis, composer: Composer, filters: SearchFilters, k: int) -> Answer:
        """A question naming several jurisdictions ("Kon Tum compared with Kiên Giang", "the national plan
        and Kon Tum's"): answered for each one on its own, then side by side."""
        sides = [
            (
                place,
                self._asked_of_side(
                    replace(qa, places=[p for p in qa.places if not self._same_place(p, place)] + [place]),
                    place,
                    [j for j in filters.jurisdictions if j != place],
                ),
                replace(filters, jurisdictions=(place,)),
            )
            for place in filters.jurisdictions
        ]
        return self._side_by_side(qa, composer, sides, k)

    def _asked_of_side(self, qa: QueryAnalysis, place: str, others: list[str]) -> QueryAnalysis:
        """The question as asked of one side of a comparison. It keeps the years and periods of its own
        documents: "Kiên Giang's 2021-2025 plan and Hà Tĩnh's 2026-2030 plan" asks neither side about the
        other's period (a side whose own year or period is not named keeps the periods named, and says it
        has no document of that period); and it leaves out the word that ranks the sides ("cao hơn", "higher")."""
        mine, theirs = self._years_of([place]), self._years_of(others)
        periods = {y for r in qa.year_ranges for y in r}
        if periods and not {*qa.years, *periods} & mine:  # "the 2021-2025 plans of Kiên Giang and Đồng Nai"
            theirs = set()
        other_periods = {
            y for r in qa.year_ranges for y in r if any(x in theirs and x not in mine for x in r)
        }

        def foreign(year: int | str | None) -> bool:
            """A year (or year-like number) only the other sides' documents hold, or in their period."""
            value = int(year) if isinstance(year, str) and year.isdigit() else year
            return isinstance(value, int) and (
                value in other_periods or (value in theirs and value not in mine)
            )

        def without_foreign(text: str) -> str:
            """The text with the other sides' years and periods left out ("2026-2030" asked of Kiên Giang)."""
            return re.sub(
                r"\b(\d{4})(?:\s*[-–—]\s*(\d{4}))?\b",
                lambda m: " " if foreign(m.group(1)) or foreign(m.group(2)) else m.group(0),
                text,
            )

        return replace(
            qa,
            restored=_without_comparatives(without_foreign(qa.restored)),
            residual=_without_comparatives(without_foreign(qa.residual)),
            years=[y for y in qa.years if not foreign(y)],
            year_ranges=[r for r in qa.year_ranges if not any(map(foreign, r))],
            instruments=[i for i in qa.instruments if not (foreign(i.year) or foreign(i.number))],
            named_texts=[i for i in qa.named_texts if not (foreign(i.year) or foreign(i.number))],
        )

    def _years_of(self, jurisdictions: list[str]) -> set[int]:
        """The years the places' documents are for: their year and the periods their titles name (not every
        year their text mentions: "Nghị định 162/2025" does not make a 2026-2030 plan one of 2025)."""
        years: set[int] = set()
        for meta in self.snap.metas.values():
            if meta.jurisdiction_name not in jurisdictions:
                continue
            years.update([meta.effective_year] if meta.effective_year else [])
            for first, last in _TITLE_PERIOD.findall(meta.title):
                years.update(range(int(first), int(last or first) + 1))
        return years

    def _compared_documents(self, qa: QueryAnalysis) -> list[str]:
        """The corpus documents a question names one by one (by number, title, year or acronym) when it
        asks about each ("Quyết định 1957 giao ai …, còn kế hoạch Ngày toàn dân năm 2021 giao ai …"), not
        when it relates one to the other ("the plan implementing Decision 1957") or cites a part of one."""
        if qa.legal_refs or qa.answer_type == "instrument_id" or links_instruments(qa.question):
            return []
        if not qa.compare and not sides_joined(qa.question):
            return []
        metas = list(self.snap.metas.values())
        found, _ = docs_for_numbers(qa.doc_numbers, metas) if qa.doc_numbers else ([], [])
        for named in qa.named_texts:
            best = best_documents(named, metas) if named.specific and not named.this else []
            if len(best) == 1:
                found.append(best[0].doc_id)
        return list(dict.fromkeys(found))

    def _compare_documents(
        self, qa: QueryAnalysis, composer: Composer, filters: SearchFilters, docs: list[str], k: int
    ) -> Answer:
        """Two documents of the corpus named in one question (two national plans; the Convention and the
        law): each answered from its own text, side by side, like two places."""
        sides = []
        for doc_id in docs:
            meta = self.snap.metas[doc_id]
            own = [i for i in qa.named_texts if not i.specific or best_documents(i, [meta])]
            question = one_side(qa.question, [i for i in qa.named_texts if i not in own])
            side = self._analyse(
                _without_comparatives(question), qa.lang
            )  # the other side's part is not its topic
            sub_qa = replace(
                side,
                answer_type=qa.answer_type,
                asked_term=qa.asked_term,
                unit=qa.unit,
                date_relations=qa.date_relations,
                places=[],
            )
            sides.append((meta.short_name, sub_qa, replace(filters, doc_ids=(doc_id,), jurisdictions=())))
        return self._side_by_side(qa, composer, sides, k)

    def _side_by_side(
        self,
        qa: QueryAnalysis,
        composer: Composer,
        sides: list[tuple[str, QueryAnalysis, SearchFilters]],
        k: int,
    ) -> Answer:
        """Each side answered on its own, then the answers one under the other, labelled."""
        side_k = max(2, k // len(sides))
        searched = [
            (label, sub_qa, composer.retriever.search(sub_qa, sub_filters, k=max(k, 5)))
            for label, sub_qa, sub_filters in sides
        ]
        parts = [(label, composer.compose(sub_qa, scored, side_k)) for label, sub_qa, scored in searched]
        if any(not a.abstained for _, a in parts):  # the topic is in the corpus: read the other sides again
            cited = [self._cited_terms(a) for _, a in parts]
            sources = {c.doc_id for _, a in parts if not a.abstained for c in a.citations}
            relaxed = self.weights.compare_side_threshold_factor
            for i, ((label, answer), (_, sub_qa, scored), (*_, sub_filters)) in enumerate(
                zip(parts, searched, sides, strict=True)
            ):
                if answer.abstained:
                    others = set().union(*(c for j, c in enumerate(cited) if j != i))
                    side = (sub_qa, scored, sub_filters)
                    parts[i] = (label, self._relaxed_side(composer, side, side_k, relaxed, (others, sources)))
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

    def _relaxed_side(
        self,
        composer: Composer,
        side: tuple[QueryAnalysis, list[Scored], SearchFilters],
        k: int,
        relaxed: float,
        answered: tuple[set[str], set[str]],
    ) -> Answer:
        """A side read again with a lower bar because another side answered. Not when a phrase of the
        question that the other side's answer holds is written in no document but the answered sides'
        ("tài liệu song ngữ": Hà Tĩnh's plan only, not Kon Tum's): that topic is theirs alone, and what the
        lower bar finds is about something else, so the side says the documents do not answer rather than
        invent an answer. A phrase other documents use too ("Công ước ACTIP") may just name a side."""
        sub_qa, scored, _ = side
        answered_terms, answered_docs = answered
        elsewhere = self._terms_beyond(answered_docs)
        concepts = composer.retriever.query_terms(sub_qa, "vi")
        if any(_phrase_in(c, answered_terms) and not _phrase_in(c, elsewhere) for c in concepts):
            return composer.abstain(sub_qa, [], reason=None)
        return composer.compose(sub_qa, scored, k, relaxed)

    def _cited_terms(self, answer: Answer) -> set[str]:
        """The words an answer says (the sentences it quotes, not the headings above them)."""
        return set() if answer.abstained else set(with_bigrams(folded_terms(answer.answer)))

    def _terms_beyond(self, doc_ids: set[str]) -> set[str]:
        """Every term of the corpus documents other than these."""
        docs = [d for d in self.snap.documents.values() if d.meta.doc_id not in doc_ids]
        return set().union(*(self.snap.terms_of(s) for d in docs for s in d.sections))

    def search(
        self, query: str, k: int = 10, doc_ids: Sequence[str] | None = None, jurisdiction: str | None = None
    ) -> list[SearchHit]:
        query = self._check_question(query)
        snap = self.snap
        qa = self._analyse(query)
        scope = self._filters(qa, doc_ids, self._direct_jurisdiction(jurisdiction))
        if scope.unanswerable:
            return []
        composer = self._composer(snap)
        try:
            scored = composer.retriever.search(qa, scope.filters, k=k)
        except StoreUnavailable as exc:
            raise Unavailable(str(exc)) from exc
        return [
            SearchHit(
                section=s.section, doc=s.meta, score=round(s.score, 4), quote=composer.best_sentence(qa, s)[0]
            )
            for s in scored
        ]

    def analyse(self, question: str, lang: str | None = None) -> QueryAnalysis:
        return self._analyse(self._check_question(question), lang)

    def _analyse(self, question: str, lang: str | None = None) -> QueryAnalysis:
        """The one analysis of a question every later step reads."""
        return analyse(
            question,
            self.snap.restorer,
            self.glossary,
            lang,
            names_agency=lambda text: bool(self.catalog.find_all(text, any_case=True)),
        )

    def _legal_scope(self, qa: QueryAnalysis, filters: SearchFilters) -> SearchFilters:
        """Điều / khoản / Article references resolved to the parts they name (and those parts' points):
        they are searched first, within their document; when none resolves, the reason is kept."""
        if not qa.legal_refs:
            return self._instrument_scope(qa, filters)
        snap = self.snap
        located = [self._in_scope(loc, filters) for loc in locate(qa.question, list(snap.documents.values()))]
        found = [loc for loc in located if loc.section_id]
        if not found:
            problem = next((loc for loc in located if loc.problem), None)
            qa.legal_problem = problem.problem if problem else None
            qa.legal_doc = problem.doc_id if problem else None
            return filters
        sections: list[str] = []
        for loc in found:
            assert loc.section_id is not None
            part = snap.sections[loc.section_id]
            sections += [part.section_id, *(d.section_id for d in descendants(part, snap.sections))]
        qa.legal_sections = list(dict.fromkeys(sections))
        docs = tuple(dict.fromkeys(loc.doc_id for loc in found if loc.doc_id))
        return filters if filters.doc_ids else replace(filters, doc_ids=docs, jurisdictions=())

    def _in_scope(self, loc: Located, filters: SearchFilters) -> Located:
        """'Điều 11 quy chế phối hợp Lạng Sơn': a reference naming no law or convention, asked of a place or
        document the question names, points into the one document in that scope that has the part."""
        if loc.problem != "no_legal_document" or not (filters.doc_ids or filters.jurisdictions):
            return loc
        found = []
        for doc in self.snap.documents.values():
            meta = doc.meta
            if meta.doc_id in filters.doc_ids or meta.jurisdiction_name in filters.jurisdictions:
                section_id = resolve_part(loc.ref, doc.sections)
                if section_id:
                    found.append(Located(loc.ref, meta.doc_id, section_id))
        return found[0] if len(found) == 1 else loc

    def _instrument_scope(self, qa: QueryAnalysis, filters: SearchFilters) -> SearchFilters:
        """A question about "the law", "Nghị định 162", "the Convention" with no place is answered from
        those legal texts, never from a provincial plan that mentions them. Not when it asks who does a task
        (plans assign tasks), names a plan or decision too ("the national ACTIP plan"), or names the legal
        text as what is implemented or ratified ("kế hoạch thực hiện Công ước ACTIP")."""
        # who does a task (plans assign tasks, unless the question says "according to the law"); which
        # decision ratified / approved it (decisions cite it)
        if filters.doc_ids or filters.jurisdictions or qa.answer_type == "instrument_id":
            return filters
        named = qa.named_texts
        if qa.answer_type in ("lead", "coordinators", "role"):
            named = [i for i in source_instruments(qa.question) if i.kind in LEGAL_KINDS]
        if any(i.kind not in LEGAL_KINDS for i in named if i.kind) or self._names_a_plan(qa):
            return filters
        docs = self._legal_texts_named(qa, named)
        return replace(filters, doc_ids=docs) if docs else filters

    def _unheld_text(self, qa: QueryAnalysis, filters: SearchFilters) -> str | None:
        """The kind of legal text ("circular", "decree") a question reads its answer from when the corpus
        holds none of that kind: "what does the MOLISA circular say about meals", "theo nghị định, nạn nhân
        được hỗ trợ gì". Not when it asks which text or when (the citing plan says), nor when it names a
        plan, a place or a document to read."""
        if filters.doc_ids or filters.jurisdictions or qa.answer_type in ("instrument_id", "date"):
            return None
        if qa.foreign_owner:  # another country's law: the look-alike check names the country
            return None
        named = qa.named_texts
        if qa.answer_type in ("lead", "coordinators", "role"):
            named = source_instruments(qa.question)
        if any(i.kind not in LEGAL_KINDS | {"code"} for i in named if i.kind) or self._names_a_plan(qa):
            return None
        acted = acted_on(qa.question)
        asked = [i for i in named if not i.this and not _implemented(qa.question, i.text) and i not in acted]
        return unheld_kind(asked, list(self.snap.metas.values()))

    def _legal_texts_named(self, qa: QueryAnalysis, named: Sequence[Instrument]) -> tuple[str, ...]:
        """The laws, decrees, conventions … of the corpus that the question names as where to look: not one
        it names as implemented ("kế hoạch thực hiện Công ước") or acted on ("ratify the Convention")."""
        acted = acted_on(qa.question)  # "ratify the Convention": the act is in the text citing it
        legal_named = [
            i
            for i in named
            if i.kind in LEGAL_KINDS
            and not i.this
            and not _implemented(qa.question, i.text)
            and i not in acted
        ]
        if not legal_named:
            return ()
        legal = [m for m in self.snap.metas.values() if m.doc_type in LEGAL_DOC_TYPES]
        docs = tuple(m.doc_id for m in legal if any(instrument_score(i, m) > 0 for i in legal_named))
        if not docs:  # a name misread from the question: the kind of instrument still says where to look
            kinds = {i.kind for i in legal_named}
            docs = tuple(m.doc_id for m in legal if m.doc_type in kinds)
        return docs

    def _documents_named(self, qa: QueryAnalysis, filters: SearchFilters) -> tuple[str, ...]:
        """The corpus documents a question is about by its own words: named by number, by a legal text's
        name, or through a place it names (a look-alike is checked against these, not the whole corpus)."""
        own, _ = docs_for_numbers(qa.doc_numbers, self.documents()) if qa.doc_numbers else ([], [])
        places = (
            [m.doc_id for m in self.snap.metas.values() if m.jurisdiction_name in filters.jurisdictions]
            if qa.places
            else []
        )
        return tuple(dict.fromkeys([*own, *self._legal_texts_named(qa, qa.named_texts), *places]))

    def _names_a_plan(self, qa: QueryAnalysis) -> bool:
        """The question names a plan or decision of the corpus (by number, or by a plan word)."""
        own, _ = docs_for_numbers(qa.doc_numbers, self.documents()) if qa.doc_numbers else ([], [])
        plans = {"plan", "decision", "programme", "decision_and_plan"}
        return any(self.snap.metas[d].doc_type in plans for d in own) or any(
            r.kind in plans for r in qa.instruments
        )

    def _composer(self, snap: Snapshot) -> Composer:
        retriever = Retriever(snap, self.embeddings, self.catalog, self.weights, self.glossary)
        return Composer(retriever, self.glossary, self.settings.abstain_threshold, self.weights)

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
        wanted = self._direct_jurisdiction(jurisdiction)
        out = []
        for doc in self.snap.documents.values():
            if doc_id and doc.meta.doc_id != doc_id:
                continue
            if wanted and not self._same_place(wanted, doc.meta.jurisdiction_name):
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

    def _filters(self, qa: QueryAnalysis, doc_ids: Sequence[str] | None, jurisdiction: str | None) -> Scope:
        """Explicit filters win; otherwise the places the question names become a jurisdiction filter,
        through the 2025 merger when a place has no document of its own (see index/jurisdictions.py)."""
        for doc_id in doc_ids or ():
            self.document(doc_id)
        docs = tuple(doc_ids or ())
        national = self.snap.national_jurisdictions
        if jurisdiction and _is_national(jurisdiction):
            return Scope(SearchFilters(doc_ids=docs, jurisdictions=tuple(national)))
        if jurisdiction:
            return self._explicit_scope(jurisdiction, docs)
        resolved = [self.coverage.resolve(p) for p in self._named_places(qa)]
        found = [r for r in resolved if r.how != "none"]
        matched = [j for r in found for j in r.jurisdictions]
        if matched:
            own, _ = docs_for_numbers(qa.doc_numbers, self.documents()) if qa.doc_numbers else ([], [])
            named = [self.snap.metas[d].jurisdiction_name for d in own]
            matched += [n for n in [*(national if qa.national else []), *named] if n not in matched]
        return Scope(
            SearchFilters(doc_ids=docs, jurisdictions=tuple(dict.fromkeys(matched))),
            substituted=[r for r in found if r.substituted],
            missing=[r for r in resolved if r.how == "none"],
        )

    def _named_places(self, qa: QueryAnalysis) -> list[Place]:
        return [p for p in (self.gazetteer.get(n) or self.gazetteer.resolve(n) for n in qa.places) if p]

    def _explicit_scope(self, jurisdiction: str, docs: tuple[str, ...]) -> Scope:
        """An explicit jurisdiction: a document's own name, a place with a document, or a place answered
        from a predecessor's or successor's document (labelled). Anything else is NotFound."""
        exact = self._spelt_as(jurisdiction)
        if exact:
            return Scope(SearchFilters(doc_ids=docs, jurisdictions=tuple(exact)))
        resolution = self._resolve_explicit(jurisdiction)
        return Scope(
            SearchFilters(doc_ids=docs, jurisdictions=resolution.jurisdictions),
            substituted=[resolution] if resolution.substituted else [],
        )

    def _resolve_explicit(self, jurisdiction: str) -> Resolution:
        """The one rule for a jurisdiction given by name (API, CLI): a spelling of a place resolves
        ("Kontum" is Kon Tum); a name that is no place, or a place with nothing to answer from, is
        NotFound with the known names and a "did you mean"."""
        known = ", ".join(self.jurisdictions())
        place = self.gazetteer.resolve(jurisdiction)
        if place is None:
            guesses = self.gazetteer.suggest(jurisdiction)
            hint = f" (did you mean {' or '.join(guesses)}?)" if guesses else ""
            raise NotFound(f"unknown jurisdiction {jurisdiction!r}{hint}; known: {known}")
        resolution = self.coverage.resolve(place)
        if resolution.how == "none":
            raise NotFound(
                f"unknown jurisdiction {jurisdiction!r}: the corpus has no document for {place.name}"
                f"{resolution.relation('en')}; known: {known}"
            )
        return resolution

    def _direct_jurisdiction(self, jurisdiction: str | None) -> str | None:
        """An explicit jurisdiction for a listing (responsibilities, search), which has no place for a label:
        the documents' own jurisdiction name, or NotFound that names the related one to ask for instead."""
        if not jurisdiction or _is_national(jurisdiction):
            return jurisdiction
        if self._spelt_as(jurisdiction):
            return jurisdiction
        resolution = self._resolve_explicit(jurisdiction)
        if resolution.substituted:
            raise NotFound(resolution.pointer())
        return resolution.jurisdictions[0]

    def _no_document_reason(self, qa: QueryAnalysis, missing: list[Resolution]) -> str:
        known = ", ".join(j for j in self.jurisdictions())
        cover = "documents cover" if qa.lang == "en" else "hiện có"
        return f"{_no_document(missing, qa.lang)} ({cover}: {known})."

    def _spelt_as(self, jurisdiction: str) -> list[str]:
        """The documents' jurisdiction names written as this one but for case and diacritics."""
        return [j for j in self.jurisdictions() if _same_name(j, jurisdiction)]

    def _same_place(self, a: str, b: str) -> bool:
        if _same_name(a, b):
            return True
        place = self.gazetteer.resolve(a)
        return place is not None and place == self.gazetteer.resolve(b)


def _labelled(answer: Answer, scope: Scope, lang: str) -> Answer:
    """An answer from another unit's document, or one that leaves a named place out, says so first."""
    note = scope.note(lang, answered=not answer.abstained)
    update: dict[str, object] = {"jurisdictions": list(scope.filters.jurisdictions)}
    if note:
        update |= {"answer": f"{note}\n{answer.answer}", "scope_note": note}
    return answer.model_copy(update=update)


def _no_document(missing: list[Resolution], lang: str) -> str:
    names = ", ".join(r.place.name + r.relation(lang) for r in missing)
    if lang == "en":
        return f"The corpus has no document for {names}"
    return f"Kho dữ liệu không có văn bản nào của {names}"


def _no_text_of_kind(kind: str, numbers: Sequence[str], lang: str) -> str:
    """The reason names the number asked ("thông tư 28"), so the officer sees which text is missing."""
    label = kind_label(kind, lang)
    asked = f" ({label} {', '.join(numbers)})" if numbers else ""
    if lang == "en":
        return f"The corpus holds no {label}{asked}."
    return f"Kho dữ liệu không có {label} nào{asked}."


_TITLE_PERIOD = re.compile(r"\b((?:19|20)\d\d)(?:\s*[-–—]\s*((?:19|20)\d\d))?\b")


def _without_comparatives(text: str) -> str:
    """One side of a comparison without the word that ranks the sides ("cao hơn", "higher"): each side is
    asked its own value, and that word is in neither side's text."""
    words = sorted(Cues.load().comparatives, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")
    folded = fold_aligned(text)
    if len(folded) != len(text):
        return text
    kept = list(text)
    for match in pattern.finditer(folded):
        kept[match.start() : match.end()] = " " * (match.end() - match.start())
    return "".join(kept)


def _phrase_in(concept: Concept, terms: set[str]) -> bool:
    """Some alternative of a concept is written in these terms, by its multi-syllable words (bigrams); a
    concept with an alternative of single syllables only is never decided by this (False)."""
    phrases = [[t for t in alt if "_" in t] for alt in concept]
    return all(phrases) and any(all(t in terms for t in alt) for alt in phrases)


def _same_name(a: str, b: str) -> bool:
    return fold(a).strip() == fold(b).strip()


def _is_national(jurisdiction: str) -> bool:
    return fold(jurisdiction).strip() in NATIONAL_WORDS


def _implemented(question: str, mention: str) -> bool:
    """ "Kế hoạch thực hiện Công ước ACTIP", "the plan implementing the Convention", "the ACTIP
    implementation plan": the instrument is what the asked-about document implements, not where to look."""
    folded, target = fold(question), fold(mention)
    at = folded.find(target)
    if at < 0:
        return False
    cues = Cues.load()
    before = f" {' '.join(tokens(folded[:at])[-4:])} "
    after = f" {' '.join(tokens(folded[at + len(target) :])[:2])} "
    return (
        any(f" {w} " in before for w in cues.implementation_words)
        or any(before.endswith(f" {w} ") for w in cues.plan_before_instrument)
        or any(after.startswith(f" {w} ") for w in cues.plan_after_instrument)
    )


LEGAL_KINDS = {
    "law",
    "decree",
    "circular",
    "convention",
}  # instruments whose text a question can be scoped to
NATIONAL_WORDS = {"national", "toan quoc", "quoc gia", "trung uong", "viet nam", "viet nam (toan quoc)"}
