"""Hybrid retrieval: BM25 (accented and folded) + dense (Chroma), fused by rank, then reranked by how
much of the question a section covers and whether it holds the kind of answer asked for."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from index.embeddings import EmbeddingBackend
from index.lexical import folded_terms, with_bigrams
from index.query import QueryAnalysis, docs_for_numbers
from index.snapshot import Snapshot
from index.store import Filters
from ingest.agencies import AgencyCatalog, Match
from tip.domain import DocumentMeta, Section
from tip.text import fold, tokens

RRF_K = 5  # small k: rank differences near the top matter (k=60 flattens a 40-deep list to 0.9–1.0)
DENSE_CANDIDATES = 60
LEX_CANDIDATES = 60
RERANK_DEPTH = 40

# Phrases that say what is asked, not what about: left out of coverage (matched on folded text).
VI_QUESTION_PHRASES = re.compile(
    r"\b(co quan nao|bo nao|so nao|don vi nao|nganh nao|luc luong nao|to chuc nao|cap nao|la ai|ai|la gi|"
    r"gi|bao nhieu|nhung gi|nhung viec gi|khi nao|ngay nao|nam nao|the nao|nhu the nao|o dau|cho biet|"
    r"hay cho biet|nao|khong|co phai|ke hoach|van ban|quyet dinh so|theo|so sanh|doi chieu|khac nhau|giong nhau|phan tram|bao nhieu phan tram|hang nam|kho van ban|kho du lieu|trong kho|kho)\b"
)
EN_QUESTION_WORDS = re.compile(
    r"\b(who|what|which|when|where|how|whose|does|did|do|is|are|was|were|the|a|an|of|in|on|for|to|by|with|"
    r"under|its|it|and|or|plan|plans|role|asked|name|names|set|sets|say|says|s)\b"
)
_DATE = re.compile(
    r"\b\d{1,2}/\d{1,2}/\d{4}\b|ngày\s+\d{1,2}(\s+tháng\s+\d{1,2})?|\b\d{1,2}/\d{1,2}\b|(kể từ|từ) ngày (ký|ban hành)"
)
_NUMBER = re.compile(r"\d+\s*%|\btrên\s+\d+|\d+")


Concept = tuple[tuple[str, ...], ...]  # alternatives, each a tuple of folded terms


@dataclass(frozen=True)
class SearchFilters:
    doc_ids: tuple[str, ...] = ()
    jurisdictions: tuple[str, ...] = ()
    doc_types: tuple[str, ...] = ()
    years: tuple[int, ...] = ()

    def as_store_filter(self) -> Filters:
        out: dict[str, Sequence[str] | Sequence[int]] = {}
        if self.doc_ids:
            out["doc_id"] = list(self.doc_ids)
        if self.jurisdictions:
            out["jurisdiction"] = list(self.jurisdictions)
        if self.doc_types:
            out["doc_type"] = list(self.doc_types)
        if self.years:
            out["year"] = list(self.years)
        return out


@dataclass
class Scored:
    section: Section
    meta: DocumentMeta
    score: float
    coverage: float
    best_chunk: str
    features: dict[str, float] = field(default_factory=dict)


class Retriever:
    def __init__(
        self, snapshot: Snapshot, embeddings: EmbeddingBackend, catalog: AgencyCatalog | None = None
    ) -> None:
        self.snap = snapshot
        self.embeddings = embeddings
        self.catalog = catalog or AgencyCatalog.load()
        self._vectors: dict[tuple[str, ...], np.ndarray] = {}
        self._prepared: dict[
            tuple[Concept, ...], list[tuple[float, list[tuple[tuple[str, ...], list[float], float]]]]
        ] = {}

    # -- public -----------------------------------------------------------------
    def search(self, qa: QueryAnalysis, filters: SearchFilters, k: int = 10) -> list[Scored]:
        mask = self._mask(filters)
        if not mask.any():
            return []
        fused, dense = self._fused_chunk_scores(qa, filters, mask)
        by_section = self._best_chunk_per_section(fused)
        ranked = sorted(by_section.items(), key=lambda kv: -kv[1][0])[:RERANK_DEPTH]
        top = ranked[0][1][0] if ranked else 1.0
        agencies = self.question_agencies(qa)
        terms = self.query_terms(qa)
        scored = [self._rerank(qa, terms, agencies, sid, rrf / top, cid, dense) for sid, (rrf, cid) in ranked]
        scored.sort(key=lambda s: -s.score)
        return scored[:k]

    def query_terms(self, qa: QueryAnalysis) -> list[Concept]:
        """What coverage is measured on: concepts of the question, each a set of alternative term lists.
        Vietnamese: every content term (folded unigram, known bigram) is a concept. English: every glossary
        concept ("prosecution" = truy tố OR thực hành quyền công tố) plus the names typed in the question."""
        if qa.lang == "en":
            names = EN_QUESTION_WORDS.sub(
                " ", " ".join(tokens(fold(" ".join(_non_english_words(qa.residual)))))
            )
            concepts = [
                tuple(self._terms(alt, qa, set(self._phrase_bigrams([alt]))) for alt in group)
                for group in qa.concepts
            ]
            concepts += [((t,),) for t in self._terms(names, qa, set())]
        else:
            text = VI_QUESTION_PHRASES.sub(" ", " ".join(tokens(fold(qa.search_text))))
            concepts = [((t,),) for t in self._terms(text, qa, set())]
        return [c for c in dict.fromkeys(concepts) if any(c)]

    def _terms(self, text: str, qa: QueryAnalysis, known_bigrams: set[str]) -> tuple[str, ...]:
        text = " ".join(tokens(fold(text)))
        for place in qa.places:
            text = f" {text} ".replace(f" {' '.join(tokens(fold(place)))} ", " ")
        terms = folded_terms(text)
        bigrams = [
            b for b in with_bigrams(terms)[len(terms) :] if b in self.snap.doc_freq or b in known_bigrams
        ]
        return tuple(dict.fromkeys(terms + bigrams))

    @staticmethod
    def _phrase_bigrams(phrases: Sequence[str]) -> set[str]:
        """Bigrams inside glossary phrases are real words even when the corpus never uses them
        ("phạt tù"): their absence is evidence that the documents do not answer."""
        out: set[str] = set()
        for phrase in phrases:
            terms = folded_terms(phrase)
            out.update(with_bigrams(terms)[len(terms) :])
        return out

    def coverage(self, concepts: Sequence[Concept], text_terms: set[str] | frozenset[str]) -> float:
        """IDF-weighted share of the question's concepts found in a text (an alternative suffices).
        A multi-syllable phrase counts by its bigrams: "phạt" and "tù" apart are not "phạt tù"."""
        total = got = 0.0
        for weight, alternatives in self._prepare(tuple(concepts)):
            best = max(
                sum(w for t, w in zip(units, weights, strict=True) if t in text_terms) / denom
                for units, weights, denom in alternatives
            )
            total += weight
            got += weight * best
        return got / total if total else 0.0

    def _prepare(
        self, concepts: tuple[Concept, ...]
    ) -> list[tuple[float, list[tuple[tuple[str, ...], list[float], float]]]]:
        """Units and IDF weights of each concept, computed once per question, not once per section."""
        if concepts not in self._prepared:
            prepared = []
            for concept in concepts:
                alternatives = []
                for alt in concept:
                    units = _units(alt)
                    if units:
                        weights = [self.snap.idf(t) for t in units]
                        alternatives.append((units, weights, sum(weights)))
                if alternatives:
                    prepared.append((alternatives[0][2], alternatives))
            self._prepared[concepts] = prepared
        return self._prepared[concepts]

    def unseen_concepts(self, concepts: Sequence[Concept]) -> list[Concept]:
        """Concepts no document ever mentions (every alternative has a word or word pair never seen)."""
        return [
            c
            for c in concepts
            if c
            and all(any(t not in self.snap.doc_freq for t in _units(alt)) for alt in c if alt)
            and not all(t.replace("_", "").isdigit() or "/" in t for alt in c for t in alt)
        ]

    # -- internals --------------------------------------------------------------
    def _mask(self, filters: SearchFilters) -> np.ndarray:
        columns = self.snap.columns
        mask = np.ones(len(self.snap.chunks), dtype=bool)
        for name, wanted in (
            ("doc_id", filters.doc_ids),
            ("jurisdiction", filters.jurisdictions),
            ("doc_type", filters.doc_types),
            ("year", filters.years),
        ):
            if wanted:
                mask &= np.isin(columns[name], np.array(list(wanted), dtype=columns[name].dtype))
        return mask

    def _fused_chunk_scores(
        self, qa: QueryAnalysis, filters: SearchFilters, mask: np.ndarray
    ) -> tuple[dict[int, float], dict[int, float]]:
        raw, folded = self.snap.lexical.scores(qa.search_text, qa.search_text)
        lists: list[tuple[float, list[int]]] = []
        for weight, scores in ((1.0, raw), (1.0, folded)):
            masked = np.where(mask, scores, -1.0)
            top = np.argsort(-masked)[:LEX_CANDIDATES]
            lists.append((weight, [int(i) for i in top if masked[i] > 0]))
        dense = self._dense(qa, filters, mask)
        lists.append((1.0, sorted(dense, key=lambda i: -dense[i])))
        fused: dict[int, float] = {}
        for weight, order in lists:
            for rank, idx in enumerate(order):
                fused[idx] = fused.get(idx, 0.0) + weight / (RRF_K + rank)
        return fused, dense

    def _dense(self, qa: QueryAnalysis, filters: SearchFilters, mask: np.ndarray) -> dict[int, float]:
        """Dense hits; an English question is also embedded through its Vietnamese glossary terms
        (the multilingual model alone ranks English → Vietnamese poorly)."""
        texts = [qa.question if qa.lang == "en" else qa.restored]
        if qa.lang == "en" and qa.expansion:
            texts.append(" ".join([*qa.expansion, *_non_english_words(qa.residual)]))
        where = filters.as_store_filter() or None
        pos = self.snap.chunk_pos
        best: dict[int, float] = {}
        vectors = self._query_vectors(tuple(texts))
        if where and self._exact_inside_filter():
            return self._exact(vectors, mask)
        for vector in vectors:
            for cid, sim in self.snap.store.query(vector, DENSE_CANDIDATES, where):
                if cid in pos:
                    best[pos[cid]] = max(sim, best.get(pos[cid], -1.0))
        return best

    def _exact_inside_filter(self) -> bool:
        """Embedded store with the build's vectors at hand: a filtered query (one province of many) is
        scored exactly in numpy (~1 ms) instead of Chroma's filtered search (~140 ms at 100k chunks).
        A Chroma server keeps every query, so an outage shows as one (503), not as silently other results."""
        return self.snap.vectors is not None and self.snap.info.chroma_url is None

    def _exact(self, vectors: np.ndarray, mask: np.ndarray) -> dict[int, float]:
        rows = np.flatnonzero(mask)
        assert self.snap.vectors is not None
        sims = np.asarray(self.snap.vectors[rows], dtype=np.float32) @ vectors.T  # (rows, queries)
        best = sims.max(axis=1)
        top = np.argsort(-best)[:DENSE_CANDIDATES]
        return {int(rows[i]): float(best[i]) for i in top}

    def _query_vectors(self, texts: tuple[str, ...]) -> np.ndarray:
        """Query vectors, once per question (a compare question searches each jurisdiction with them)."""
        if texts not in self._vectors:
            self._vectors[texts] = self.embeddings.embed_questions(texts)
        return self._vectors[texts]

    def _best_chunk_per_section(self, fused: dict[int, float]) -> dict[str, tuple[float, str]]:
        best: dict[str, tuple[float, str]] = {}
        for idx, score in fused.items():
            chunk = self.snap.chunks[idx]
            if chunk.section_id not in best or score > best[chunk.section_id][0]:
                best[chunk.section_id] = (score, chunk.chunk_id)
        return best

    def question_agencies(self, qa: QueryAnalysis) -> set[str]:
        """Agencies the question names (in Vietnamese, or through the glossary for English)."""
        text = " ".join([qa.restored, *qa.expansion])
        return {_agency_key(m) for m in self.catalog.find_all(text)}

    def section_agencies(self, section: Section) -> set[str]:
        cached = self.snap.agency_cache.get(section.section_id)
        if cached is None:
            meta = self.snap.metas[section.doc_id]
            cached = {_agency_key(m) for m in self.catalog.find_all(section.text, meta.jurisdiction_name)}
            self.snap.agency_cache[section.section_id] = cached
        return cached

    def _rerank(
        self,
        qa: QueryAnalysis,
        terms: list[Concept],
        agencies: set[str],
        section_id: str,
        rrf: float,
        chunk_id: str,
        dense: dict[int, float],
    ) -> Scored:
        section = self.snap.sections[section_id]
        meta = self.snap.metas[section.doc_id]
        text_terms = self.snap.terms_of(section)
        cover = self.coverage(terms, text_terms)
        features = {
            "rrf": rrf,  # 1.0 = the best fused rank among the candidates
            "coverage": cover,
            "dense": dense.get(self.snap.chunk_pos[chunk_id], 0.0),
            "answer_type": _answer_type_fit(
                qa.kind, section, bool(self.snap.assignments_by_section.get(section_id))
            ),
            "doc_ref": self._doc_ref_fit(qa, meta),
            "agency": 1.0 if agencies and agencies & self.section_agencies(section) else 0.0,
            "scope": 1.0 if qa.national and meta.jurisdiction == "national" else 0.0,
        }
        score = (
            0.30 * features["rrf"]
            + 0.60 * cover
            + 0.05 * features["answer_type"]
            + 0.10 * features["doc_ref"]
            + 0.15 * features["agency"]
            + 0.15 * features["scope"]
            - (0.15 if section.kind == "part" and len(section.text) < 120 else 0.0)
        )
        return Scored(section, meta, score, cover, chunk_id, features)

    def _doc_ref_fit(self, qa: QueryAnalysis, meta: DocumentMeta) -> float:
        if not qa.doc_numbers:
            return 0.0
        own, implementing = docs_for_numbers(qa.doc_numbers, [meta])
        return 1.0 if own else 0.5 if implementing else 0.0


def _answer_type_fit(kind: str, section: Section, has_assignment: bool) -> float:
    text = section.text
    if kind == "who_leads":
        return 1.0 if has_assignment or "chủ trì" in text else 0.0
    if kind == "date":
        return 1.0 if _DATE.search(text) else 0.0
    if kind == "number":
        return 1.0 if "%" in text else 0.5 if _NUMBER.search(text) else 0.0
    return 0.0


def _units(alternative: tuple[str, ...]) -> tuple[str, ...]:
    """The terms a phrase is matched by: its bigrams when it has several syllables."""
    bigrams = tuple(t for t in alternative if "_" in t)
    return bigrams or alternative


def _agency_key(match: Match) -> str:
    return match.agency.template or match.agency.id


def _non_english_words(question: str) -> list[str]:
    """Names and numbers inside an English question (Kon Tum, Interpol, 1957/QĐ-TTg)."""
    from index.query import ENGLISH_HINTS

    words = re.findall(r"[\w/.-]+", question)
    return [
        w
        for w in words
        if (w[:1].isupper() or any(ch.isdigit() for ch in w)) and w.lower() not in ENGLISH_HINTS
    ]
