"""Hybrid retrieval: BM25 (accented and folded) + dense (Chroma), fused by rank, then reranked by how
much of the question a section covers and whether it holds the kind of answer asked for."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from index.embeddings import EmbeddingBackend
from index.equivalents import Equivalents, Group, folds_ambiguously
from index.evidence import value_fit
from index.intent import Cues, QueryAnalysis, is_vietnamese_syllable
from index.lexical import folded_terms, with_bigrams
from index.query import Glossary, docs_for_numbers
from index.ranking import DEFAULT_WEIGHTS, RankingWeights
from index.shorthand import Shorthand
from index.snapshot import Snapshot
from index.store import Filters
from ingest.agencies import AgencyCatalog, Match
from tip.domain import DocumentMeta, Section
from tip.text import fold, tokens

GAP = " | "  # where a question phrase was removed: no bigram crosses it


@cache
def _question_phrases() -> re.Pattern[str]:
    """Words that say what is asked, not what about (question words, framing): left out of coverage.
    The data file's `question_words` list (class: every question) and its `compare` words ("cả hai", "both",
    "khác nhau": how a comparison is asked, never its topic), matched on folded text."""
    cues = Cues.load()
    words = sorted({*cues.question_words, *cues.compare}, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b")


@cache
def _english_framing() -> re.Pattern[str]:
    """How an English question is put, not what about ("a trainee asked", "get", "go"): intents.yaml's
    `english_framing` (class: English questions over English-language documents), on folded words."""
    words = sorted(Cues.load().english_framing, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b")


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
        self,
        snapshot: Snapshot,
        embeddings: EmbeddingBackend,
        catalog: AgencyCatalog | None = None,
        weights: RankingWeights = DEFAULT_WEIGHTS,
        glossary: Glossary | None = None,
    ) -> None:
        self.snap = snapshot
        self.weights = weights
        self.glossary = glossary
        self.embeddings = embeddings
        self.catalog = catalog or AgencyCatalog.load()
        self._vectors: dict[tuple[str, ...], np.ndarray] = {}
        self._terms_cache: dict[tuple[int, str], tuple[QueryAnalysis, list[Concept]]] = {}
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
        for sid in qa.legal_sections:  # the parts a question cites are candidates whatever their rank
            chunk_id = f"{sid}@0"
            if sid not in by_section and chunk_id in self.snap.chunk_pos:
                by_section[sid] = (max((v[0] for v in by_section.values()), default=1.0), chunk_id)
        ranked = sorted(by_section.items(), key=lambda kv: -kv[1][0])[: self.weights.rerank_depth]
        top = ranked[0][1][0] if ranked else 1.0
        agencies = self.question_agencies(qa)
        scored = [self._rerank(qa, agencies, sid, rrf / top, cid, dense) for sid, (rrf, cid) in ranked]
        scored.sort(key=lambda s: -s.score)
        return scored[:k]

    def query_terms(self, qa: QueryAnalysis, doc_language: str = "vi") -> list[Concept]:
        """What coverage is measured on: concepts of the question, each a set of alternative term lists.
        Vietnamese: every content term (folded unigram, known bigram) is a concept. English question over a
        Vietnamese document: every glossary concept ("prosecution" = truy tố OR thực hành quyền công tố)
        plus the names typed in the question. English question over an English document: its own words."""
        key = (id(qa), doc_language)
        cached = self._terms_cache.get(key)
        if cached is not None and cached[0] is qa:
            return cached[1]
        concepts: list[Concept]
        if qa.lang == "en" and doc_language == "en":
            concepts = self._english_concepts(qa)
        elif doc_language == "en":  # a Vietnamese question over an English document: the glossary, reversed
            concepts = (
                [
                    tuple(self._terms(alt, qa, set(self._phrase_bigrams([alt]))) for alt in group)
                    for group in self.glossary.to_english(qa.restored)
                ]
                if self.glossary is not None
                else []
            )
            concepts += [((t,),) for t in self._terms(" ".join(_names_and_numbers(qa.question)), qa, set())]
        elif qa.lang == "en":
            names = self._content_words(" ".join(_non_english_words(without_places(qa.residual, qa.places))))
            concepts = [
                tuple(self._terms(alt, qa, set(self._phrase_bigrams([alt]))) for alt in group)
                for group in qa.concepts
            ]
            concepts += [((t,),) for t in self._terms(names, qa, set())]
        else:
            topic = Shorthand.load().without_conversation(qa.asked_text)  # "mình hỏi chút" is no topic
            content = self._content_words(topic, qa.equivalents)
            concepts = self._equivalent_concepts(qa)
            concepts += [((t,),) for t in self._terms(content, qa, set())]
        result: list[Concept] = [c for c in dict.fromkeys(concepts) if any(c)]
        self._terms_cache[key] = (qa, result)
        return result

    def _equivalent_concepts(self, qa: QueryAnalysis) -> list[Concept]:
        """Each abbreviation or everyday word of the question as one concept, any form of its group
        covering it ("UBND" or "Ủy ban nhân dân"; "tiền" or "kinh phí")."""
        return [
            tuple(
                self._terms(form, qa, set(self._phrase_bigrams([form])))
                for form in group
                if not folds_ambiguously(form)  # folded "tien" is also "tiến", "ưu tiên": not evidence
            )
            for group in qa.equivalents
        ]

    def _english_concepts(self, qa: QueryAnalysis) -> list[Concept]:
        """An English question over an English document: each glossary concept it names counts with all
        its English alternatives ("country" = "State Party"), and every other content word by itself."""
        function = Cues.load().english_function_words
        groups, residual = self.glossary.english_synonyms(qa.question) if self.glossary else ([], qa.question)
        concepts: list[Concept] = [
            tuple(self._terms(alt, qa, set(self._phrase_bigrams([alt]))) for alt in group) for group in groups
        ]
        content = " ".join(w for w in tokens(fold(residual)) if w not in function)
        words = self._terms(self._content_words(_english_framing().sub(GAP, content)), qa, set())
        return concepts + [((t,),) for t in words]

    def terms_for(self, qa: QueryAnalysis, meta: DocumentMeta) -> list[Concept]:
        return self.query_terms(qa, "en" if meta.language == "en" else "vi")

    @staticmethod
    def _content_words(text: str, equivalents: Sequence[Group] = ()) -> str:
        """The folded words of a text without its question phrases; the forms of `equivalents` it writes
        are cut out first (they count as their groups: "hội" of "Hội LHPN" is no question word)."""
        folded = Equivalents.blank(" ".join(tokens(fold(text))), list(equivalents), GAP)
        return _question_phrases().sub(GAP, folded)

    def _terms(self, text: str, qa: QueryAnalysis, known_bigrams: set[str]) -> tuple[str, ...]:
        """Folded unigrams and the corpus's bigrams of a text; no bigram spans a place name or a removed
        question phrase ("nạn nhân | thực hiện" is not "nhận thức")."""
        text = " " + fold(text.replace(GAP, " \x00 ")) + " "
        for place in qa.places:
            text = re.sub(rf"(?<!\w){re.escape(' '.join(tokens(fold(place))))}(?!\w)", " \x00 ", text)
        terms: list[str] = []
        bigrams: list[str] = []
        for segment in text.split("\x00"):
            # an identifier counts by its number ("156/KH-BCĐ" ~ "156"), as section terms hold it
            seg_terms = [
                t.split("/", 1)[0] if "/" in t and t[:1].isdigit() else t for t in folded_terms(segment)
            ]
            terms += seg_terms
            bigrams += [
                b
                for b in with_bigrams(seg_terms)[len(seg_terms) :]
                if b in self.snap.doc_freq or b in known_bigrams
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
            top = np.argsort(-masked)[: self.weights.lexical_candidates]
            lists.append((weight, [int(i) for i in top if masked[i] > 0]))
        dense = self._dense(qa, filters, mask)
        lists.append((1.0, sorted(dense, key=lambda i: -dense[i])))
        lists += [(1.0, order) for order in self._english_lists(qa, filters, mask)]
        fused: dict[int, float] = {}
        for weight, order in lists:
            for rank, idx in enumerate(order):
                fused[idx] = fused.get(idx, 0.0) + weight / (self.weights.rrf_k + rank)
        return fused, dense

    def _english_lists(self, qa: QueryAnalysis, filters: SearchFilters, mask: np.ndarray) -> list[list[int]]:
        """A question over the English-language documents alone, in their words: a lexical list (an English
        question and the English synonyms of its glossary concepts; a Vietnamese one's glossary English) and,
        for an English question, a dense one (the question).
        Fused beside the other lists, they keep an English text from being crowded out by the Vietnamese
        sections its glossary translation ranks first ("the victim agreed to go" → the convention's
        "consent of a victim"). A Vietnamese question gets them only when it names English texts alone (the
        convention, "luật 2011 bản tiếng Anh"): elsewhere its own documents' words must win. A corpus without
        English documents is searched as before."""
        english_ids = [m.doc_id for m in self.snap.metas.values() if m.language == "en"]
        if qa.lang != "en" and not (filters.doc_ids and set(filters.doc_ids) <= set(english_ids)):
            return []
        english = mask & np.isin(self.snap.columns["doc_id"], np.array(english_ids, dtype=object))
        if not english_ids or not english.any() or self.glossary is None:
            return []
        raw, _ = self.snap.lexical.scores(self._english_words(qa))
        masked = np.where(english, raw, -1.0)
        top = np.argsort(-masked)[: self.weights.lexical_candidates]
        lists = [[int(i) for i in top if masked[i] > 0]]
        if qa.lang == "en" and self.snap.vectors is not None:
            dense = self._exact(self._query_vectors(self._dense_texts(qa))[:1], english)
            lists.append(sorted(dense, key=lambda i: -dense[i]))
        return lists

    def _english_words(self, qa: QueryAnalysis) -> str:
        """The question in an English text's words: an English question with the English synonyms of its
        glossary concepts; a Vietnamese one through the glossary read backwards, with its names and numbers
        (its own words never occur in an English text, so BM25 alone would leave that text to the dense list)."""
        assert self.glossary is not None
        if qa.lang == "en":
            groups, _ = self.glossary.english_synonyms(qa.question)
            return " ".join([qa.question, *(p for g in groups for p in g)])
        groups = self.glossary.to_english(qa.restored)
        return " ".join([*(p for g in groups for p in g), *_names_and_numbers(qa.question)])

    @staticmethod
    def _dense_texts(qa: QueryAnalysis) -> tuple[str, ...]:
        texts = [qa.question if qa.lang == "en" else qa.restored]
        if qa.lang == "en" and qa.expansion:
            texts.append(" ".join([*qa.expansion, *_non_english_words(qa.residual)]))
        return tuple(texts)

    def _dense(self, qa: QueryAnalysis, filters: SearchFilters, mask: np.ndarray) -> dict[int, float]:
        """Dense hits; an English question is also embedded through its Vietnamese glossary terms
        (the multilingual model alone ranks English → Vietnamese poorly)."""
        where = filters.as_store_filter() or None
        pos = self.snap.chunk_pos
        best: dict[int, float] = {}
        vectors = self._query_vectors(self._dense_texts(qa))
        if where and self._exact_inside_filter():
            return self._exact(vectors, mask)
        for vector in vectors:
            for cid, sim in self.snap.store.query(vector, self.weights.dense_candidates, where):
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
        top = np.argsort(-best)[: self.weights.dense_candidates]
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
        return {_agency_key(m) for m in self.catalog.find_all(text, any_case=True)}

    def section_agencies(self, section: Section) -> set[str]:
        """Agencies a section names, and those leading its assignments: under "1. Department of Health",
        "c) Report to the Ministry … before 20 December" is that department's duty though it names only
        the ministry (an English plan's agencies are known through its assignments' leads)."""
        cached = self.snap.agency_cache.get(section.section_id)
        if cached is None:
            meta = self.snap.metas[section.doc_id]
            cached = {_agency_key(m) for m in self.catalog.find_all(section.text, meta.jurisdiction_name)}
            for a in self.snap.assignments_by_section.get(section.section_id, []):
                cached |= self.agency_keys(a.leads, meta.jurisdiction_name)
            self.snap.agency_cache[section.section_id] = cached
        return cached

    def agency_keys(self, names: Sequence[str], jurisdiction: str) -> set[str]:
        """Catalogue keys of agency names as a plan writes them, Vietnamese or (through the glossary)
        English ("Provincial Border Guard Command" → Bộ Chỉ huy Bộ đội Biên phòng tỉnh)."""
        keys: set[str] = set()
        for name in names:
            found = self.catalog.find_all(name, jurisdiction)
            if not found and self.glossary is not None:
                matched, _ = self.glossary.match_english(name)
                found = [m for t in matched[:1] for m in self.catalog.find_all(t.vi[0], jurisdiction)]
            keys |= {_agency_key(m) for m in found}
        return keys

    def _rerank(
        self,
        qa: QueryAnalysis,
        agencies: set[str],
        section_id: str,
        rrf: float,
        chunk_id: str,
        dense: dict[int, float],
    ) -> Scored:
        section = self.snap.sections[section_id]
        meta = self.snap.metas[section.doc_id]
        cover = self.coverage(self.terms_for(qa, meta), self.snap.terms_of(section))
        features = {
            "rrf": rrf,  # 1.0 = the best fused rank among the candidates
            "coverage": cover,
            "dense": dense.get(self.snap.chunk_pos[chunk_id], 0.0),
            "answer_type": self._answer_type_fit(qa, section),
            "doc_ref": self._doc_ref_fit(qa, meta),
            "agency": 1.0 if agencies and agencies & self.section_agencies(section) else 0.0,
            "scope": 1.0 if self._national_question(qa) and meta.jurisdiction == "national" else 0.0,
            "legal_ref": 1.0 if section_id in qa.legal_sections else 0.0,
        }
        # a heading named in a document the question does not name is another document's list
        names_documents = bool(qa.doc_numbers) or any(r.year for r in qa.instruments)
        named_elsewhere = names_documents and not features["doc_ref"]
        features["heading_named"] = 0.0 if named_elsewhere or not self.names_heading(qa, section) else 1.0
        return Scored(section, meta, self._score(features, section), cover, chunk_id, features)

    def _score(self, features: dict[str, float], section: Section) -> float:
        w = self.weights
        # a bare heading (a plan's Roman part, an article whose clauses are its children) holds no answer
        short_part = len(section.text) < 120 and (section.kind == "part" or bool(section.children))
        return (
            w.rrf * features["rrf"]
            + w.coverage * features["coverage"]
            + w.answer_type * features["answer_type"]
            + w.doc_ref * features["doc_ref"]
            + w.agency * features["agency"]
            + w.scope * features["scope"]
            + w.legal_ref * features["legal_ref"]
            + w.heading_named * features["heading_named"]
            - (w.short_part_penalty if short_part else 0.0)
        )

    def names_heading(self, qa: QueryAnalysis, section: Section) -> bool:
        """A list question that names a numbered item's short heading whole ("những mục tiêu cụ thể nào"
        and "2. Mục tiêu cụ thể"; "nội dung gì" and "a) Nội dung", not its sibling "b) Phân công"). A
        Roman part ("V. TỔ CHỨC THỰC HIỆN") groups many lists; it is no list of its own."""
        if qa.answer_type != "list" or section.kind in ("part", "preamble", "chapter", "section"):
            return False
        own = heading_terms(without_horizon(section.heading))
        words = [t for t in own if not t[:1].isdigit()]  # a year does not make a heading a topic
        return 0 < len(words) <= self.weights.heading_named_max_terms and own <= asked_terms(qa)

    @staticmethod
    def _national_question(qa: QueryAnalysis) -> bool:
        return qa.national or (qa.national_actors and not qa.places)

    def _answer_type_fit(self, qa: QueryAnalysis, section: Section) -> float:
        if qa.answer_type in ("lead", "coordinators"):
            has = bool(self.snap.assignments_by_section.get(section.section_id))
            return 1.0 if has or "chủ trì" in section.text else 0.0
        return value_fit(qa.answer_type, section.text, qa.unit)

    def _doc_ref_fit(self, qa: QueryAnalysis, meta: DocumentMeta) -> float:
        """The document the question names: by number (1.0; 0.5 for one implementing it) or by its
        edition's year ("kế hoạch năm 2021", "the 2021 plan")."""
        edition = any(r.year and r.year == meta.effective_year for r in qa.instruments)
        if not qa.doc_numbers:
            return 1.0 if edition else 0.0
        own, implementing = docs_for_numbers(qa.doc_numbers, [meta])
        return 1.0 if own or edition else 0.5 if implementing else 0.0


HEADING_LABEL = re.compile(r"^\s*(?:[IVXL]+|\d{1,2}(?:\.\d{1,2})*|[a-zđ])\s*[.)]\s*", re.I)


def heading_terms(heading: str) -> set[str]:
    """The folded words of a heading without its label ("2. Mục tiêu cụ thể" → muc, tieu, cu, the); a
    phase's years stay ("Giai đoạn 2021 - 2022" is not the phase 2026 - 2030)."""
    return set(folded_terms(HEADING_LABEL.sub("", heading)))


def without_horizon(heading: str) -> str:
    """A heading without the words that lead up to its year ("Định hướng đến năm 2035" → "Định hướng 2035"):
    a question names the year, seldom "đến năm"."""
    words = "|".join(re.escape(w) for w in Cues.load().types["list"].get("heading_horizon_words", ()))
    folded = fold(heading)
    return re.sub(rf"\b(?:{words}) (?=\d{{4}}\b)", "", folded) if words else folded


def asked_terms(qa: QueryAnalysis) -> set[str]:
    """The folded words of a question with its diacritics restored and its glossary renderings."""
    return set(folded_terms(qa.search_text))


def _number_head(term: str) -> str:
    """An instrument identifier counts by its number ("156/kh-bcd" → "156"); a date ("30/7") stays."""
    head, _, tail = term.partition("/")
    return head if tail and head.isdigit() and any(ch.isalpha() for ch in tail) else term


def _units(alternative: tuple[str, ...]) -> tuple[str, ...]:
    """The terms a phrase is matched by: its bigrams when it has several syllables."""
    bigrams = tuple(t for t in alternative if "_" in t)
    return bigrams or alternative


def _agency_key(match: Match) -> str:
    return match.agency.template or match.agency.id


def _names_and_numbers(question: str) -> list[str]:
    """Acronyms and numbers of a question (ACTIP, 14, 2015): the same in any language."""
    return [
        w
        for w in re.findall(r"[\w/.-]+", question)
        if any(ch.isdigit() for ch in w) or (len(w) > 1 and w.isupper())
    ]


def _non_english_words(question: str) -> list[str]:
    """Names and numbers inside an English question (Kon Tum, ACTIP, 1957/QĐ-TTg): capitalised words that
    read as Vietnamese syllables, acronyms, and anything with a digit; English words are left to the glossary."""
    function = Cues.load().english_function_words
    words = re.findall(r"[\w/.-]+", question)
    return [
        w
        for w in words
        if any(ch.isdigit() for ch in w)
        or (len(w) > 1 and w.isupper())
        or (w[:1].isupper() and fold(w) not in function and is_vietnamese_syllable(w))
    ]


def without_places(text: str, places: Sequence[str]) -> str:
    """The text without the places it names, however typed ("An Giang", "kontum", "Kien Giang's"): a place
    is a filter, and a word of its name ("Giang") is no topic."""
    words = text.split()
    keys = [re.sub(r"\W", "", fold(re.sub(r"['’]s$", "", w)).lower()) for w in words]
    drop: set[int] = set()
    for place in places:
        parts = [fold(x).lower() for x in place.split()]
        for i in range(len(words)):
            if keys[i : i + len(parts)] == parts:
                drop.update(range(i, i + len(parts)))
            elif keys[i] == "".join(parts):
                drop.add(i)
    return " ".join(w for i, w in enumerate(words) if i not in drop)
