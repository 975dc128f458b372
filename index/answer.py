"""Extractive answers with citations. Who-leads questions answer from the extracted assignments; other
questions with the best supporting sentences. Weak evidence → an abstention with "see also" sections."""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from index.evidence import DATE, holds_value, person_names, sentences
from index.intent import (
    VALUE_TYPES,
    Cues,
    InstrumentRef,
    QueryAnalysis,
    asks_about_referenced_instrument,
    declares_oversight_role,
    framing_phrases,
    has_any,
)
from index.legal import (
    LEGAL_DOC_TYPES,
    Definition,
    definition_sentence,
    find_definitions,
    first_instrument,
    mention_ends,
    naming_text,
    responsible_party,
    subject_outside,
    with_points,
)
from index.lexical import folded_terms, text_terms, with_bigrams
from index.query import Glossary, _load_yaml, docs_for_numbers
from index.ranking import DEFAULT_WEIGHTS, RankingWeights
from index.retriever import Concept, Retriever, Scored, _agency_key, _question_phrases, heading_terms
from index.shorthand import Shorthand
from ingest.agencies import Match, _fold_same_length
from ingest.assignments import says_lead
from tip.domain import Answer, Assignment, Citation, Document, DocumentMeta, Section
from tip.text import collapse_ws, fold, shorten, tokens

ABSTAIN_VI = "Các văn bản trong kho dữ liệu không trả lời câu hỏi này."
ABSTAIN_EN = "The documents in the corpus do not answer this."
Strategy = Callable[[QueryAnalysis, Sequence[Scored], int], Answer | None]
# The document types an instrument kind named in a question can be (intents.yaml instrument_kinds).
_DOC_TYPES_OF_KIND = {"plan": ("plan", "decision_and_plan"), "decision": ("decision", "decision_and_plan")}
LEGAL_KINDS = ("law", "decree", "circular", "convention")  # instruments a definition question can name
LIST_ITEM_KINDS = ("point", "letter", "clause")  # sections that can be one item of a lead-in's list
SIBLING_KINDS = ("item", "subitem", "clause")  # numbered sections whose siblings may together be a list
_YEARLIKE = re.compile(r"^(?:19|20)\d\d$")
_DATE_REACH = (
    60  # characters after a cited instrument's name its date stands in ("… số 2674/2016/QĐ-CTN ngày …")
)
# An assignment outside the retrieved sections must cover this share of the question's topic to be chosen.
MIN_TASK_COVER = 0.5
BULLETS_HEADING_MAX_CHARS = 60  # a title over bullets ("1. Mục đích"), not a sentence that leads into them
_HEADING_LABEL = re.compile(r"^\s*(?:[IVXL]+|\d{1,2}(?:\.\d{1,2})*|[a-zđ])\s*[.)]\s*", re.I)
__all__ = ["ABSTAIN_EN", "ABSTAIN_VI", "Composer", "sentences"]


@dataclass
class Evidence:
    scored: Scored
    quote: str
    score: float


_BULLET = ("-", "+", "•")  # the marks that open a bullet line in the plans


class Composer:
    """Turns ranked sections into an answer. What it does is chosen by the question's answer type only
    (index/intent.py decided it); every weight comes from one RankingWeights."""

    def __init__(
        self,
        retriever: Retriever,
        glossary: Glossary,
        threshold: float,
        weights: RankingWeights = DEFAULT_WEIGHTS,
    ) -> None:
        self.retriever = retriever
        self.snap = retriever.snap
        self.glossary = glossary
        self.threshold = threshold
        self.weights = weights

    # -- public -------------------------------------------------------------------
    def compose(
        self, qa: QueryAnalysis, scored: Sequence[Scored], top_k: int, evidence_factor: float = 1.0
    ) -> Answer:
        if not scored:
            return self.abstain(qa, [], reason=None)
        reason = self.look_alike_reason(qa, scored) or self.legal_reason(qa)
        if reason is not None:
            return self.abstain(qa, scored[:3], reason=reason)
        if qa.document_fact and not asks_about_referenced_instrument(qa, list(self.snap.metas.values())):
            if qa.signer:  # "when was it issued and who signed it": both, each from its own line
                return self._signer_and_fact(qa, scored, top_k)
            fact = self._document_fact(qa, scored, top_k)
            if fact is not None:
                return fact
        if qa.answer_type == "definition":  # a defining clause is its own evidence; no clause, no answer
            definition = self._definition(qa, scored, top_k) or self._defined_in_passing(qa, scored, top_k)
            if definition is not None:
                return definition
            if not qa.legal_sections:  # "What is the penalty under Article 4(3)?": the part cited answers
                return self.abstain(qa, scored[:3], reason=self._undefined_reason(qa))
        if qa.answer_type == "person" and qa.signer:  # a signer is read off the signature block
            return self._signer(qa, scored, top_k)
        outline = self._outline(qa, scored, top_k) or self._titled_part(qa, scored, top_k)
        if outline is not None:
            return outline
        # the part exists (and holds the value asked), or the agency asked about has its own article: show it
        cited = self._cited_holds_answer(qa) or self._has_responsibility_article(qa, scored)
        threshold = self.threshold_for(qa) * self._same_language_factor(qa, scored) * evidence_factor
        if not cited and self.evidence(qa, scored) < threshold:
            return self.abstain(qa, scored[:3], reason=self.missing_value_reason(qa))
        answer = self._strategy(qa)(qa, scored, top_k)
        if answer is None and qa.legal_sections:
            answer = self._cited_part(qa, scored, top_k)
        return answer if answer is not None else self._extractive(qa, scored, top_k)

    def _same_language_factor(self, qa: QueryAnalysis, scored: Sequence[Scored]) -> float:
        """An English question whose best section is English text: covered word for word (see
        RankingWeights.english_text_threshold_factor)."""
        english = qa.lang == "en" and scored[0].meta.language == "en"
        return self.weights.english_text_threshold_factor if english else 1.0

    def _cited_holds_answer(self, qa: QueryAnalysis) -> bool:
        """A question citing a Điều / khoản / Article is answered from that part; one asking for a value
        ("bao lâu", "how long") only when the part (with its points) holds a value of that kind."""
        if not qa.legal_sections:
            return False
        if qa.answer_type not in VALUE_TYPES:
            return True
        return any(
            holds_value(qa.answer_type, sent, qa.unit, qa.given_values)
            for sid in qa.legal_sections
            for sent in sentences(self.snap.sections[sid].text)
        )

    def _strategy(self, qa: QueryAnalysis) -> Strategy:
        """The one place that picks how to answer: by the answer type the analysis decided."""
        if qa.every_party and qa.answer_type in ("lead", "list"):
            return self._every_party
        if qa.answer_type in ("lead", "coordinators"):
            return self._who_leads
        if qa.answer_type == "role":
            return self._agency_role
        if qa.answer_type == "definition":
            return self._definition
        if qa.legal_sections and qa.answer_type in ("fact", "list"):
            return self._cited_part
        return self._extractive

    def legal_reason(self, qa: QueryAnalysis) -> str | None:
        """Why a question's Điều / Article reference points nowhere, said plainly."""
        if qa.legal_problem is None:
            return None
        refs = ", ".join(r.text for r in qa.legal_refs)
        meta = self.snap.metas.get(qa.legal_doc or "")
        held = meta.title if meta else None
        en = {
            "instrument_not_found": f"The instrument {refs} refers to is not in the corpus.",
            "no_legal_document": f"The corpus holds no law or convention for {refs}.",
            "ambiguous_document": f"Several documents could hold {refs}: name the law or convention.",
            "no_such_section": f"{held or 'The document'} has no {refs}.",
        }
        vi = {
            "instrument_not_found": f"Văn bản mà {refs} thuộc về không có trong kho dữ liệu.",
            "no_legal_document": f"Kho dữ liệu không có luật hay công ước nào cho {refs}.",
            "ambiguous_document": f"Nhiều văn bản có thể chứa {refs}: hãy nêu tên luật hoặc công ước.",
            "no_such_section": f"{held or 'Văn bản'} không có {refs}.",
        }
        return (en if qa.lang == "en" else vi).get(qa.legal_problem)

    def abstain(self, qa: QueryAnalysis, see_also: Sequence[Scored], reason: str | None) -> Answer:
        base = ABSTAIN_EN if qa.lang == "en" else ABSTAIN_VI
        text = f"{base} {reason}" if reason else base
        return Answer(
            question=qa.question,
            answer=text,
            abstained=True,
            citations=[],
            see_also=[self._citation(s, self.best_sentence(qa, s)[0]) for s in see_also],
            lang=qa.lang,
            kind=qa.kind,
        )

    def evidence(self, qa: QueryAnalysis, scored: Sequence[Scored]) -> float:
        """How well the best of the top sections answers: half the section's coverage of the question,
        half the best single sentence's (read with its heading path). A question asking for a value (a
        number, a date, a phone number …) only counts sentences that hold one."""
        best = 0.0
        if not any(self.retriever.terms_for(qa, s.meta) for s in scored[:3]) or self._names_only(qa, scored):
            return self._framing_only_evidence(qa, scored)
        absent = self.absent_phrase_terms(qa)
        for s in scored[:3]:
            terms = self.content_terms(self.retriever.terms_for(qa, s.meta), s.meta, qa)
            context = " ".join(s.section.heading_path)
            section_cov = self.retriever.coverage(terms, self.snap.terms_of(s.section) - absent)
            sent_cov = 0.0
            for sent in sentences(s.section.text):
                if qa.answer_type in VALUE_TYPES and not holds_value(
                    qa.answer_type, sent, qa.unit, qa.given_values, qa.counted
                ):
                    continue
                sent_cov = max(sent_cov, self._cover(terms, f"{context} {sent}", absent))
            holds = qa.answer_type not in VALUE_TYPES or sent_cov > 0  # a value question needs the value here
            best = max(best, (0.5 * section_cov + 0.5 * sent_cov) if holds else 0.0)
        return best * self.weights.unseen_word_factor ** len(self.unseen_words(qa))

    def _names_only(self, qa: QueryAnalysis, scored: Sequence[Scored]) -> bool:
        """A value question whose every word names its document or frames the ask ("which decision does
        Plan 86/KH-UBND implement"): like one that is all framing, it is answered by the value it asks for."""
        return qa.answer_type in VALUE_TYPES and not any(
            self.content_terms(self.retriever.terms_for(qa, s.meta), s.meta, qa, all_when_none=False)
            for s in scored[:3]
        )

    def _framing_only_evidence(self, qa: QueryAnalysis, scored: Sequence[Scored]) -> float:
        """A question that is all framing ("Which decision does the Đồng Nai plan implement?"): its place or
        document filter and its answer type say everything. It is answered when a top section holds the
        kind of answer asked for, and never for a type without one."""
        top = scored[:3]
        if qa.answer_type in VALUE_TYPES:
            return (
                1.0
                if any(
                    holds_value(qa.answer_type, s.section.text, qa.unit, qa.given_values, qa.counted)
                    for s in top
                )
                else 0.0
            )
        if qa.answer_type in ("lead", "coordinators"):
            return (
                1.0 if any(self.snap.assignments_by_section.get(s.section.section_id) for s in top) else 0.0
            )
        return 0.0

    def unseen_words(self, qa: QueryAnalysis) -> list[str]:
        """Words (for English, glossary phrases) of the question that no document ever uses, compared
        with their diacritics ("hộ chiếu" → "chiếu", "visa" → "thị thực"): the corpus cannot be about them."""
        seen = self.snap.restorer.seen
        if qa.lang == "en":  # a concept is seen in either language: an English document says "carriers"
            named = [t for t in self.glossary.match_english(qa.question)[0] if not t.weak]
            return [t.vi[0] for t in named if not any(seen(alt) for alt in (*t.vi, *t.en))]
        asked = _question_phrases().sub(" ", " ".join(tokens(fold(qa.restored)))).split()
        words = [
            w
            for w in re.findall(r"[^\W\d_]+", Shorthand.load().without_conversation(qa.restored))
            if len(w) > 1 and not w.isupper() and fold(w) in asked
        ]
        if self._about_english_texts_only(qa):
            return []  # an English text never holds Vietnamese words: their absence from the corpus says nothing
        places = {w.lower() for p in qa.places for w in p.split()}
        read = self._read_in_english(qa)
        unseen = [w for w in words if w.lower() not in places and fold(w) not in read and not seen(w)]
        # an absent phrase's words as the glossary accents them: the unaccented question's restored words are
        # always seen ("lương hưu" typed "luong huu" is restored "lượng hữu"), the accented one's are not
        typed = {fold(w).lower() for w in unseen}
        phrased = [w for p in self.absent_phrases(qa) for w in p.split() if not seen(w)]
        return unseen + [w for w in dict.fromkeys(phrased) if fold(w).lower() not in typed]

    def absent_phrase_terms(self, qa: QueryAnalysis) -> frozenset[str]:
        """The folded terms of the absent phrases a question names (see absent_phrases): a section holding
        their syllables in other words ("bảo vệ … nguồn lực … gia đình") does not cover them."""
        return frozenset(t for p in self.absent_phrases(qa) for t in with_bigrams(folded_terms(p)))

    def absent_phrases(self, qa: QueryAnalysis) -> list[str]:
        """The reviewed phrases a question names ("bạo lực gia đình", "an toàn giao thông", typed with or
        without diacritics) that no document uses, accented as the glossary writes them. Without diacritics a
        restored word is always one the corpus uses ("bao luc" → "bao lực"), so this is how an unaccented
        question about a topic the documents never name is read as the accented one would be. The phrases
        are the glossary's Vietnamese side; an English question counts those of the concepts it names."""
        if qa.lang == "en":
            named = [t for t in self.glossary.match_english(qa.question)[0] if not t.weak]
            return [vi for t in named for vi in t.vi if not any(map(self._corpus_uses, (*t.vi, *t.en)))]
        asked = f" {' '.join(tokens(fold(qa.restored)))} "
        read = self._read_in_english(qa)
        return [
            accented
            for folded, accented in _vocabulary_phrases().items()
            if f" {folded} " in asked and not set(folded.split()) <= read and not self._corpus_uses(folded)
        ]

    def _corpus_uses(self, phrase: str) -> bool:
        """Some document writes the phrase, compared accent-folded (an unaccented question may mean it)."""
        folded = f" {' '.join(tokens(fold(phrase)))} "
        return any(folded in f" {text} " for text in self.snap.doc_folded.values())

    def _about_english_texts_only(self, qa: QueryAnalysis) -> bool:
        """A Vietnamese question about documents it names, all of them English-language texts."""
        return bool(qa.named_docs) and all(self.snap.metas[d].language == "en" for d in qa.named_docs)

    def _read_in_english(self, qa: QueryAnalysis) -> set[str]:
        """The folded words of a Vietnamese question inside a glossary phrase whose English the corpus uses
        ("hộ chiếu" = "passport", which an English convention's "travel documents" answers): an
        English-language text can answer them, so they are not words no document uses. Only for a question
        about English texts alone: elsewhere a Vietnamese section would answer without those words."""
        if not self._about_english_texts_only(qa):
            return set()
        words: list[str] = re.findall(r"[^\W\d_]+", qa.restored)
        read: set[str] = set()
        for start in range(len(words)):
            for size in (4, 3, 2, 1):
                span = " ".join(words[start : start + size])
                groups, framing, residual = self.glossary.translate_vietnamese(span)
                if residual.strip() or not groups or framing:
                    continue
                if all(any(self.snap.restorer.seen(alt) for alt in group) for group in groups):
                    read.update(fold(w).lower() for w in words[start : start + size])
                    break
        return read

    def missing_value_reason(self, qa: QueryAnalysis) -> str | None:
        """Why a question asking for a value (a count, an amount, a contact, a person's name) goes
        unanswered: no sentence about its topic states one ("the documents state no number of cán bộ")."""
        if qa.answer_type not in VALUE_TYPES:
            return None
        what_en, what_vi = _value_words(qa)
        if qa.lang == "en":
            return f"The documents state no {what_en} for this."
        return f"Các văn bản không nêu {what_vi} cho nội dung này."

    def threshold_for(self, qa: QueryAnalysis) -> float:
        """A question asking for one value needs stronger evidence (docs/answers.md)."""
        w = self.weights
        margin = {
            "number": w.number_margin,
            "percentage": w.number_margin,
            "contact": w.date_margin,
            "date": w.date_margin,
            "frequency": w.date_margin,
            "person": w.date_margin,
        }
        return self.threshold + margin.get(qa.answer_type, 0.0)

    def _edition_read(self, ref: InstrumentRef) -> InstrumentRef:
        """ "luật 2024", "quyết định 1957": a year-like number after a kind is that instrument's number when
        the corpus has an instrument so numbered, else its edition year."""
        number = ref.number
        if ref.kind is None or number is None or not _YEARLIKE.match(number):
            return ref
        return ref if number in self.snap.instrument_numbers else InstrumentRef(ref.kind, None, int(number))

    def _edition_not_held(self, qa: QueryAnalysis, docs: set[str]) -> str | None:
        """ "Luật … năm 2011" when the corpus holds the 2024 law: the documents of that kind in scope all
        carry a year, and none is that one."""
        periods = {y for r in qa.year_ranges for y in r}  # "the 2026-2030 plan" is a period, not an edition
        for ref in map(self._edition_read, qa.instruments):  # kinds and years ("luật … năm 2011")
            if ref.kind is None or ref.year is None or ref.year in periods:
                continue
            if docs_for_numbers([str(ref.year)], list(self.snap.metas.values()))[0]:
                continue  # "Decision 1957": a held document's number, not a year ("Luật 2011" is a year)
            kinds = _DOC_TYPES_OF_KIND.get(ref.kind, (ref.kind,))
            # a law or convention is national: any edition in the corpus is held, whatever ranked on top
            pool = self.snap.metas if ref.kind in LEGAL_KINDS else docs
            same_kind = [self.snap.metas[d] for d in pool if self.snap.metas[d].doc_type in kinds]
            if not same_kind or any(m.effective_year in (None, ref.year) for m in same_kind):
                continue
            held = ", ".join(sorted({f"{m.short_name}" for m in same_kind}))
            if qa.lang == "en":
                return f"The corpus holds {held}, not the {ref.kind} of {ref.year}."
            return f"Kho dữ liệu có {held}, không có văn bản năm {ref.year}."
        return None

    def _holds_range(self, years: tuple[int, int], docs: set[str]) -> bool:
        """A period the question names ("2016–2020") is one a document in scope is for or names as such."""
        pattern = re.compile(rf"{years[0]}\s*[-–—]\s*{years[1]}")
        for doc_id in docs:
            meta = self.snap.metas[doc_id]
            if pattern.search(meta.title) or any(
                pattern.search(s.text) for s in self.snap.documents[doc_id].sections
            ):
                return True
        return False

    def look_alike_reason(self, qa: QueryAnalysis, scored: Sequence[Scored]) -> str | None:
        """A year, edition or instrument the corpus does not hold ("the 2023 plan", "Decision 999"): the
        question looks answerable but is about something else. Returns why, or None."""
        unnamed = (
            self._foreign_not_held(qa) or self._local_unit_unknown(qa) or self._agency_not_in_documents(qa)
        )
        if unnamed is not None:
            return unnamed
        docs = {s.meta.doc_id for s in scored[:10]}
        known_year = lambda y: any(y in self.snap.doc_years.get(d, ()) for d in docs)  # noqa: E731
        numbers = self.snap.instrument_numbers
        unknown_years = [y for y in qa.years if not known_year(y) and str(y) not in numbers]
        if unknown_years:
            return self._year_not_in_scope(qa, unknown_years[0], docs)
        edition = self._edition_not_held(qa, docs)
        if edition is not None:
            return edition
        undated = self._cited_without_date(qa, scored)
        if undated is not None:
            return undated
        missing_range = next((r for r in qa.year_ranges if not self._holds_range(r, docs)), None)
        if missing_range is not None:
            span = f"{missing_range[0]}–{missing_range[1]}"
            in_corpus = any(set(missing_range) <= years for years in self.snap.doc_years.values())
            return self._not_in_scope(qa, f"the period {span}", f"giai đoạn {span}", docs, in_corpus)
        unknown = [
            r.number
            for r in qa.instruments
            if r.number
            and r.number not in numbers
            and not (_YEARLIKE.match(r.number) and known_year(int(r.number)))
        ]
        if unknown:
            return (
                f"No document in the corpus is, or cites, an instrument numbered {unknown[0]}."
                if qa.lang == "en"
                else f"Không có văn bản nào trong kho dữ liệu mang hoặc dẫn chiếu số hiệu {unknown[0]}."
            )
        return None

    def _foreign_not_held(self, qa: QueryAnalysis) -> str | None:
        """ "What does Thailand's Act say …": no document in the corpus is that country's."""
        country = qa.foreign_owner
        if country is None or any(
            fold(country) in fold(f"{m.jurisdiction_name} {m.issuer or ''}") for m in self.snap.metas.values()
        ):
            return None
        held = ", ".join(sorted({m.jurisdiction_name for m in self.snap.metas.values()}))
        if qa.lang == "en":
            return f"The corpus holds no law or report of {country} (documents cover: {held})."
        return f"Kho dữ liệu không có luật hay báo cáo nào của {country} (hiện có: {held})."

    def _local_unit_unknown(self, qa: QueryAnalysis) -> str | None:
        """ "What does the Dak Ha district plan say …": a district, town or commune no document mentions
        has no plan here, whatever its province's plan says."""
        for typed, name in qa.local_units:
            if not any(f" {name} " in f" {text} " for text in self.snap.doc_folded.values()):
                if qa.lang == "en":
                    return f"No document in the corpus mentions {typed}; it holds no plan of that unit."
                return f"Không có văn bản nào trong kho dữ liệu nhắc đến {typed}, nên không có kế hoạch của đơn vị đó."
        return None

    def _agency_not_in_documents(self, qa: QueryAnalysis) -> str | None:
        """ "What does Decree 47 ask the Ministry of Education to do?" when that decree never names that
        ministry: every agency the question names is absent from every document it names (by number,
        title or place), so nothing there is about it. Decided on catalogue agencies, in any language."""
        if not qa.named_docs:
            return None
        found = self.retriever.catalog.find_all(" ".join([qa.restored, *qa.expansion]), any_case=True)
        asked = [m for m in found if not _generic_agency(m)]
        if (
            not asked
            or len(asked) < len(found)
            or any(self._mentions(doc, m) for doc in qa.named_docs for m in asked)
        ):
            return None
        held = "; ".join(self.snap.metas[d].short_name for d in qa.named_docs)
        if qa.lang == "en":
            names = ", ".join(dict.fromkeys(m.agency.en or m.agency.name for m in asked))
            return f"{held} does not mention {names}."
        names = ", ".join(dict.fromkeys(m.agency.name for m in asked))
        return f"Văn bản {held} không nhắc đến {names}."

    def _mentions(self, doc_id: str, asked: Match) -> bool:
        """A document names the agency: the catalogue finds it in a section, or its Vietnamese or English
        name stands in the text (an English law says "the Ministry of Finance")."""
        key = asked.agency.template or asked.agency.id
        sections = self.snap.documents[doc_id].sections
        if any(key in self.retriever.section_agencies(s) for s in sections):
            return True
        text = f" {self.snap.doc_folded.get(doc_id, '')} "
        names = (asked.agency.name, asked.agency.en, asked.agency.abbr)
        return any(f" {' '.join(tokens(fold(n)))} " in text for n in names if n)

    def _cited_without_date(self, qa: QueryAnalysis, scored: Sequence[Scored]) -> str | None:
        """ "When was the Vietnam–Cambodia agreement signed?": an instrument the corpus only cites, named in
        the top sections as the question names it, but never with a date right after it (its date is what
        a citing text gives: "Căn cứ Luật Điều ước quốc tế ngày 09 tháng 4 năm 2016")."""
        if qa.answer_type != "date" or not subject_outside(qa.question, list(self.snap.metas.values())):
            return None
        named = first_instrument(qa.question)
        if named is None:
            return None
        ends = [(s, end) for s in scored[:5] for end in mention_ends(named.text, s.section.text)]
        if not ends or any(
            DATE.match(s.section.text[end : end + _DATE_REACH].lstrip(" ,(")) for s, end in ends
        ):
            return None
        if qa.lang == "en":
            return f"The documents cite {named.text} but give no date for it."
        return f"Các văn bản có nhắc đến {named.text} nhưng không ghi ngày của văn bản đó."

    def _year_not_in_scope(self, qa: QueryAnalysis, year: int, docs: set[str]) -> str:
        in_corpus = any(year in years for years in self.snap.doc_years.values())
        return self._not_in_scope(qa, f"the year {year}", f"năm {year}", docs, in_corpus)

    def _not_in_scope(self, qa: QueryAnalysis, en: str, vi: str, docs: set[str], in_corpus: bool) -> str:
        """Why a year or period abstains, said truly: no document in the corpus names it, or (when one
        outside the question's scope does) none of the documents the question is about, named."""
        if not in_corpus:
            if qa.lang == "en":
                return f"No document in the corpus is for, or mentions, {en}."
            return f"Không có văn bản nào trong kho dữ liệu thuộc hoặc nhắc đến {vi}."
        held = "; ".join(sorted({self.snap.metas[d].short_name for d in docs}))
        if qa.lang == "en":
            return f"No document in scope ({held}) is for, or mentions, {en}."
        return f"Không có văn bản nào trong phạm vi câu hỏi ({held}) thuộc hoặc nhắc đến {vi}."

    # -- facts about a document (its date, its number) ---------------------------------
    def _document_fact(self, qa: QueryAnalysis, scored: Sequence[Scored], top_k: int) -> Answer | None:
        """'When was plan 78 issued?', 'What is the number of …?': answered from the document's own
        header (metadata, quoted from its preamble), or an abstention when the document carries none."""
        intent = qa.document_fact
        if intent is None:
            return None
        target = self._target_document(qa, scored)
        meta = target.meta
        preamble = self.snap.sections.get(f"{meta.doc_id}#preamble") or target.section
        cited = Scored(preamble, meta, target.score, target.coverage, target.best_chunk)
        if intent == "issuer":
            value, line = self._issuer_value(meta)
        else:
            value, line = self._fact_value(intent, meta, preamble)
        if value is None:
            what_en, what_vi = _FACT_WORDS[intent]
            reason = (
                f"{meta.short_name} carries no {what_en} in its text."
                if qa.lang == "en"
                else f"Văn bản {meta.short_name} không ghi {what_vi}."
            )
            return self.abstain(qa, [cited], reason=reason)
        label = _FACT_LABELS[intent][qa.lang != "en"]
        if intent == "issuer" and qa.lang == "en":
            value = self._with_gloss(value)
        text = f"{label}: {value} [1] ({meta.short_name}, {preamble.label})\n«{line}»"
        return self._labelled_value(qa, scored, top_k, cited, line, text)

    def _signer_and_fact(self, qa: QueryAnalysis, scored: Sequence[Scored], top_k: int) -> Answer:
        """'Who signed the plan and when?': the signer and the date (or number), each quoting its line; a
        part the document leaves blank is said to be blank without losing the other."""
        fact = self._document_fact(qa, scored, top_k)
        parts = [self._signer(qa, scored, top_k), *([fact] if fact is not None else [])]
        answered = [p for p in parts if not p.abstained]
        if not answered:
            return parts[-1]
        base = ABSTAIN_EN if qa.lang == "en" else ABSTAIN_VI
        lines: list[str] = []
        citations: list[Citation] = []
        for part in parts:
            if part.abstained:
                lines.append(part.answer.removeprefix(base).strip())
                continue
            mark = len(citations) + 1
            lines.append(part.answer.replace("[1]", f"[{mark}]"))
            citations.append(part.citations[0])
        seen = {c.section_id for c in citations}
        others = [c for p in answered for c in p.citations[1:] if c.section_id not in seen]
        return answered[0].model_copy(
            update={"answer": "\n".join(lines), "citations": [*citations, *others][: max(top_k, 2)]}
        )

    def _labelled_value(
        self, qa: QueryAnalysis, scored: Sequence[Scored], top_k: int, cited: Scored, line: str, text: str
    ) -> Answer:
        """An answer that states one value read off a document ("Issued: …", "Signed by: …"), citing the
        line it stands on first."""
        others = self._other_citations(qa, scored, {cited.section.section_id}, top_k - 1)
        return Answer(
            question=qa.question,
            answer=text,
            abstained=False,
            citations=[self._citation(cited, line), *others],
            lang=qa.lang,
            kind=qa.kind,
        )

    def _target_document(self, qa: QueryAnalysis, scored: Sequence[Scored]) -> Scored:
        """The document the question names by number, else the best-ranked one."""
        own, _ = (
            docs_for_numbers(qa.doc_numbers, list(self.snap.metas.values())) if qa.doc_numbers else ([], [])
        )
        return next((s for s in scored if s.meta.doc_id in own), scored[0])

    # -- who signed a document ----------------------------------------------------------
    def _signer(self, qa: QueryAnalysis, scored: Sequence[Scored], top_k: int) -> Answer:
        """'Who signed the Kon Tum plan?': the document's signer (its manifest, else the name in its
        signature block), quoting the signature block. An instrument the corpus only cites has no signer
        here: abstain and say so."""
        own = {m.number.split("/")[0] for m in self.snap.metas.values() if m.number}
        cited_only = [r.number for r in qa.instruments if r.number and r.number not in own]
        kinds = _DOC_TYPES_OF_KIND.get(qa.first_kind or "", (qa.first_kind,)) if qa.first_kind else None
        target = self._target_document(qa, scored)
        if kinds and target.meta.doc_type not in kinds:
            target = next((s for s in scored if s.meta.doc_type in kinds), target)
        if cited_only or (kinds and target.meta.doc_type not in kinds):
            named = ", ".join(cited_only)
            reason = (
                f"The corpus only cites {named or f'that {qa.first_kind}'}; it does not hold it nor say who signed it."
                if qa.lang == "en"
                else f"Kho dữ liệu chỉ dẫn chiếu {named or 'văn bản đó'}, không có văn bản đó và không nêu người ký."
            )
            return self.abstain(qa, scored[:3], reason=reason)
        meta = target.meta
        found = self._signature(meta)
        if found is None:
            reason = (
                f"{meta.short_name} carries no signature in its text."
                if qa.lang == "en"
                else f"Văn bản {meta.short_name} không ghi người ký."
            )
            return self.abstain(qa, [target], reason=reason)
        name, section, block = found
        cited = Scored(section, meta, target.score, target.coverage, target.best_chunk)
        label = "Signed by" if qa.lang == "en" else "Người ký"
        text = f"{label}: {name} [1] ({meta.short_name}, {section.label})\n«{block}»"
        return self._labelled_value(qa, scored, top_k, cited, block, text)

    def _signature(self, meta: DocumentMeta) -> tuple[str, Section, str] | None:
        """(signer, the section holding the signature, its signature lines): the manifest's signer where
        the text shows it, else the last personal name of the document's closing sections."""
        doc = self.snap.documents[meta.doc_id]
        for section in reversed(doc.sections):
            lines = section.text.splitlines()
            for i in range(len(lines) - 1, -1, -1):
                names = person_names(lines[i])
                wanted = meta.signed_by
                if (wanted and fold(wanted) in fold(lines[i])) or (
                    not wanted and names and i >= len(lines) - 4
                ):
                    name = wanted or names[-1]
                    block = "\n".join(lines[max(0, i - 3) : i + 1])
                    return name, section, block
            if not meta.signed_by and section.kind not in ("recipients", "signature"):
                break  # an unlisted document's signer stands at its end, or nowhere
        if meta.signed_by:
            preamble = self.snap.sections.get(f"{meta.doc_id}#preamble") or doc.sections[0]
            return meta.signed_by, preamble, preamble.text.splitlines()[0]
        return None

    def _issuer_value(self, meta: DocumentMeta) -> tuple[str | None, str]:
        """The issuing body (the manifest's), quoting the line of the document that names it: its header
        or its signature block ("TM. ỦY BAN NHÂN DÂN"), else the document's first line."""
        if not meta.issuer:
            return None, ""
        doc = self.snap.documents[meta.doc_id]
        wanted = fold(re.sub(r"\s*\(.*\)", "", meta.issuer))
        for section in doc.sections:
            for ln in section.text.splitlines():
                if wanted and wanted in fold(ln):
                    return meta.issuer, ln.strip()
        return meta.issuer, doc.sections[0].text.splitlines()[0] if doc.sections else ""

    @staticmethod
    def _fact_value(intent: str, meta: DocumentMeta, preamble: Section) -> tuple[str | None, str]:
        lines = preamble.text.splitlines()
        if intent == "issued":
            if meta.issued is None:
                return None, ""
            d = meta.issued
            line = next(
                (
                    ln
                    for ln in lines
                    if re.search(rf"ngày\s+0?{d.day}\s+tháng\s+0?{d.month}\s+năm\s+{d.year}", ln)
                ),
                "",
            )
            return (
                f"{d.day:02d}/{d.month:02d}/{d.year} (ngày {d.day} tháng {d.month} năm {d.year})",
                line or preamble.text.splitlines()[0],
            )
        if not meta.number:
            return None, ""
        digits = re.match(r"\d+", meta.number)
        line = next(
            (ln for ln in lines if ln.strip().startswith("Số") and digits and digits.group(0) in ln), ""
        )
        return meta.number, line or lines[0]

    # -- what an agency does ---------------------------------------------------------------
    def _agency_role(self, qa: QueryAnalysis, scored: Sequence[Scored], top_k: int) -> Answer | None:
        """'What does Sở Tư pháp do?', 'X có nhiệm vụ gì': the tasks the plan gives that agency, spread over
        its sections: those it leads (best matching first), then those it supports, unless the question asks
        only what it leads ("X chủ trì những việc gì")."""
        wanted = self.retriever.question_agencies(qa)
        if not wanted:
            return None
        article = self._responsibility_article(qa, wanted, scored)
        if article is not None:
            return self._cited_whole(qa, scored, top_k, article)
        doc = self.snap.documents[scored[0].meta.doc_id]
        rank = {s.section.section_id: s.score for s in scored}
        content = self.content_terms(self.retriever.terms_for(qa, doc.meta), doc.meta)
        led, supported, asked = self._duties_of(qa, wanted, doc)
        if not led and (qa.leads_only or not supported):
            return None

        def fit(a: Assignment) -> float:
            return rank.get(a.section_id, 0.0) + self._cover(content, a.text)

        def lead_fit(a: Assignment) -> float:
            return fit(a) + (self.weights.role_titled_section if self._titled(a, asked) else 0.0)

        picked = sorted(led, key=lambda a: -lead_fit(a))[: self.weights.role_max_tasks]
        shown = {a.task_section_id for a in picked}
        helping = (
            []
            if qa.leads_only
            else self._one_per_task(a for a in supported if a.task_section_id not in shown)
        )
        helping = sorted(helping, key=lambda a: -fit(a))[: self.weights.role_max_supported]
        cites: list[Citation] = []
        for a in [*picked, *helping]:
            if all(c.section_id != a.section_id for c in cites):
                section = self.snap.sections[a.section_id]
                cites.append(
                    self._citation(Scored(section, doc.meta, rank.get(a.section_id, 0.0), 0.0, ""), a.text)
                )
        mark = {c.section_id: i for i, c in enumerate(cites, start=1)}
        en = qa.lang == "en"
        names = "; ".join(
            self._with_gloss(n) if en else n
            for n in dict.fromkeys(
                n for a in [*picked, *helping] for n in [*a.leads, *a.coordinators] if asked(n)
            )
        )
        lines = [f"{names} leads:" if en else f"{names} chủ trì:"] if picked else []
        lines += [
            f"[{mark[a.section_id]}] {self._task_label(a)}{self._task_named(a)}: «{a.text}»" for a in picked
        ]
        if helping:
            lines.append(f"{names} supports:" if en else f"{names} phối hợp thực hiện:")
            lines += [
                f"[{mark[a.section_id]}] {self._task_label(a)}{self._supported_task(a)}" for a in helping
            ]
        return self._lines_answer(
            qa, lines, cites, self._other_citations(qa, scored, set(mark), top_k - len(cites))
        )

    @staticmethod
    def _lines_answer(
        qa: QueryAnalysis, lines: list[str], cites: list[Citation], others: list[Citation]
    ) -> Answer:
        """An answer of one line per item, citing the items first and then the other sections retrieved."""
        return Answer(
            question=qa.question,
            answer="\n".join(lines),
            abstained=False,
            citations=[*cites, *others],
            lang=qa.lang,
            kind=qa.kind,
        )

    def _duties_of(
        self, qa: QueryAnalysis, wanted: set[str], doc: Document
    ) -> tuple[list[Assignment], list[Assignment], Callable[[str], bool]]:
        """The assignments an agency leads and those it supports in one document, and how to tell its name.
        An agency named at every level ("Bộ đội Biên phòng") is also each body of a level whose name holds
        its name ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh")."""
        jur = doc.meta.jurisdiction_name

        def by_key(name: str) -> bool:
            return bool(wanted & self._agency_keys([name], jur))

        folded = [fold(m.agency.name) for m in self._question_matches(qa)]

        def by_name(name: str) -> bool:
            return any(n in fold(name) for n in folded)

        def asked(name: str) -> bool:
            return by_key(name) or by_name(name)

        led = [a for a in doc.assignments if any(asked(n) for n in a.leads)]
        supported = [a for a in doc.assignments if any(asked(n) for n in a.coordinators)]
        return led, supported, asked

    @staticmethod
    def _one_per_task(assignments: Iterable[Assignment]) -> list[Assignment]:
        """One assignment per task, its leads those of all the task's assignments (a task several bodies
        lead, each in its own sentence, is one task the agency supports)."""
        tasks: dict[str, Assignment] = {}
        for a in assignments:
            first = tasks.get(a.task_section_id)
            if first is None:
                tasks[a.task_section_id] = a
            else:
                leads = list(dict.fromkeys([*first.leads, *a.leads]))
                tasks[a.task_section_id] = first.model_copy(update={"leads": leads})
        return list(tasks.values())

    def _question_matches(self, qa: QueryAnalysis) -> list[Match]:
        text = " ".join([qa.restored, *qa.expansion])
        return self.retriever.catalog.find_all(text, any_case=True)

    @staticmethod
    def _task_label(a: Assignment) -> str:
        return a.task_section_id.split("#", 1)[1]

    def _supported_task(self, a: Assignment) -> str:
        """A task the agency supports, said by its heading (and who leads it)."""
        task = self.snap.sections.get(a.task_section_id)
        heading = shorten(task.heading if task else a.task, 160)
        return f" {heading} ({'; '.join(a.leads)})"

    def _has_responsibility_article(self, qa: QueryAnalysis, scored: Sequence[Scored]) -> bool:
        """A role question (or a list question, "Công an thành phố phải làm những việc gì") whose agency has
        an article or a plan item of its own: that part answers it, however few of the question's other
        words its clauses repeat; not when the question adds a topic in words no document uses ("Bộ Công an
        làm gì về cai nghiện ma túy"): that topic is what it asks about."""
        if qa.answer_type not in ("role", "list") or self.unseen_words(qa):
            return False
        wanted = self.retriever.question_agencies(qa)
        if not wanted:
            return False
        return self._responsibility_article(qa, wanted, scored) is not None or self._titled_duties(
            qa, wanted, scored
        )

    def _titled_duties(self, qa: QueryAnalysis, wanted: set[str], scored: Sequence[Scored]) -> bool:
        """A plan's section titled by the agency asked about ("1. Công an tỉnh:" under "Tổ chức thực hiện"):
        its body is that agency's duties, as an article of its own is in a law."""
        doc = self.snap.documents[scored[0].meta.doc_id]
        led, _, asked = self._duties_of(qa, wanted, doc)
        return any(self._titled(a, asked) for a in led)

    def _titled(self, a: Assignment, asked: Callable[[str], bool]) -> bool:
        """The assignment is the body of a section titled by the asked agency ("2. Công an tỉnh:")."""
        section = self.snap.sections[a.section_id]
        return a.task_section_id == a.section_id and any(
            asked(n) and fold(n) in fold(section.heading) for n in a.leads
        )

    def _responsibility_article(
        self, qa: QueryAnalysis, wanted: set[str], scored: Sequence[Scored]
    ) -> Scored | None:
        """'Trách nhiệm của Sở Y tế là gì', 'duties of the Ministry of Public Security': the article titled
        with that agency's responsibilities ("Điều 14. Trách nhiệm của Sở Y tế") in the document the question
        names by number, else the best-ranked document that has one; its clauses are the answer."""
        rank = {s.section.section_id: s for s in scored}
        named, _ = docs_for_numbers(qa.doc_numbers, list(self.snap.metas.values()))
        for doc_id in dict.fromkeys([*named, *(s.meta.doc_id for s in scored[:3])]):
            doc = self.snap.documents[doc_id]
            for section in doc.sections:
                party = responsible_party(section.heading)
                if party and wanted & self._agency_keys([party], doc.meta.jurisdiction_name):
                    hit = rank.get(section.section_id)
                    return hit or Scored(section, doc.meta, scored[0].score, scored[0].coverage, "")
        return None

    @staticmethod
    def _task_named(a: Assignment) -> str:
        """The task an assignment's text does not itself say ("Công an xã, phường chủ trì, phối hợp …" under
        "a) Rà soát người xuất cảnh …"): its heading, shown beside the quote."""
        task = a.task.strip()
        return "" if not task or fold(task)[:40] in fold(a.text) else f" {task}"

    def _agency_keys(self, names: Sequence[str], jurisdiction: str) -> set[str]:
        return self.retriever.agency_keys(names, jurisdiction)

    # -- who leads -------------------------------------------------------------------
    def _who_leads(self, qa: QueryAnalysis, scored: Sequence[Scored], top_k: int) -> Answer | None:
        """Answered from the assignment table: every assignment of the documents in scope, matched on its
        task (assigning sentence and the task's heading path) and on how well its section ranked."""
        best = self._best_assignment(qa, scored)
        if best is None:
            return None
        assignment, s, fit = best
        if self._unassigned_answer(qa, scored, assignment, fit):
            return None  # the best sentence answers (composed like any other question)
        section = self.snap.sections[assignment.section_id]
        meta = self.snap.metas[assignment.doc_id]
        cited = Scored(
            section, meta, s.score if s else 0.0, s.coverage if s else 0.0, s.best_chunk if s else ""
        )
        first = self._citation(cited, assignment.text)
        others = self._other_citations(qa, scored, {section.section_id}, top_k - 1)
        return Answer(
            question=qa.question,
            answer=self._lead_text(qa, assignment, meta, section),
            abstained=False,
            citations=[first, *others],
            lang=qa.lang,
            kind=qa.kind,
        )

    def _every_party(self, qa: QueryAnalysis, scored: Sequence[Scored], top_k: int) -> Answer | None:
        """'Những cơ quan nào tham gia hỗ trợ nạn nhân và mỗi cơ quan làm gì', 'which agencies take part in
        …': the task that best fits the question, with every assignment it holds (each bullet's agency and
        its share), not only its first lead. A task one block assigns is its lead and partners."""
        best = self._best_assignment(qa, scored)
        if best is None:
            return None
        chosen = best[0]
        doc = self.snap.documents[chosen.doc_id]
        parties = [a for a in doc.assignments if a.task_section_id == chosen.task_section_id]
        if len(parties) < 2:
            return self._who_leads(qa, scored, top_k)
        rank = {s.section.section_id: s for s in scored}
        cites: list[Citation] = []
        for a in parties:
            if all(c.section_id != a.section_id for c in cites):
                s = rank.get(a.section_id) or Scored(self.snap.sections[a.section_id], doc.meta, 0.0, 0.0, "")
                cites.append(self._citation(s, a.text))
        mark = {c.section_id: i for i, c in enumerate(cites, start=1)}
        en = qa.lang == "en"
        task = self.snap.sections.get(chosen.task_section_id)
        where = f"{doc.meta.short_name}, {task.label if task else chosen.task_section_id}"
        head = f"Agencies taking part ({where}):" if en else f"Các cơ quan tham gia ({where}):"
        lines = [head]
        for a in parties:
            names = "; ".join(self._with_gloss(n) for n in a.leads) if en else "; ".join(a.leads)
            partners = (
                ("; with: " if en else "; phối hợp: ") + "; ".join(a.coordinators) if a.coordinators else ""
            )
            lines.append(f"[{mark[a.section_id]}] {names}{partners}: «{a.text.lstrip('-+• ')}»")
        return self._lines_answer(
            qa, lines, cites, self._other_citations(qa, scored, set(mark), top_k - len(cites))
        )

    def _best_assignment(
        self, qa: QueryAnalysis, scored: Sequence[Scored]
    ) -> tuple[Assignment, Scored | None, float] | None:
        """The assignment whose task best fits the question, where it was retrieved from, and how well its
        fit to the question."""
        w = self.weights
        top = scored[0].score or 1.0
        rank = {s.section.section_id: s for s in scored}
        in_scope = list(dict.fromkeys(s.meta.doc_id for s in scored[:3]))
        best: tuple[float, Assignment, Scored | None, float] | None = None
        for doc_id in in_scope:
            doc = self.snap.documents[doc_id]
            content = self.content_terms(self.retriever.terms_for(qa, doc.meta), doc.meta, qa)
            for a in doc.assignments:
                if not a.leads:
                    continue
                hits = [rank[sid] for sid in (a.section_id, a.task_section_id) if sid in rank] + [
                    s for sid, s in rank.items() if sid.startswith(f"{a.task_section_id}.")
                ]  # a point under the task ranked: the task's assignment (a parenthesis after it) answers
                s = max(hits, key=lambda h: h.score) if hits else None
                task = self.snap.sections.get(a.task_section_id)
                task_text = " ".join([*(task.heading_path if task else [a.task]), self._task_lines(a)])
                fit = (
                    w.lead_assignment_cover * self._cover(content, a.text)
                    + w.lead_task_cover * self._cover(content, task_text)
                    + w.lead_section_score * ((s.score / top) if s else 0.0)
                    + w.lead_agency_kind * _agency_kind_fit(qa, a)
                    + w.lead_named_partner * self._partner_fit(qa, a, doc.meta)
                    + w.lead_dated_task * (qa.also_asks == "date" and self._deadline(qa, a) is not None)
                    + w.lead_oversight_role * (qa.asks_oversight and declares_oversight_role(a.text))
                )
                # the task's own lead among its bullets: chooses between them, it is no more evidence
                choice = fit + w.lead_says_lead * self._leads_task_asked(content, a, task)
                topical = s is not None or self._cover(content, f"{task_text} {a.text}") >= MIN_TASK_COVER
                if topical and (best is None or choice > best[0]):
                    best = (choice, a, s, fit)
        return (best[1], best[2], best[3]) if best else None

    def _leads_task_asked(self, content: list[Concept], a: Assignment, task: Section | None) -> bool:
        """The question asks about the task as its heading names it ("hỗ trợ nạn nhân" under "5. Hỗ trợ nạn
        nhân bị mua bán") and this assignment says its agency leads it: the task's lead, not a body doing
        one part of it. A question about one part ("chăm sóc y tế") is left to the bullets' own words."""
        heading = task.heading if task else a.task
        return says_lead(a.text) and self._cover(content, heading) >= self.weights.lead_task_asked_cover

    def _task_lines(self, a: Assignment) -> str:
        """The words of an assignment's task beyond its (shortened) heading: the lines before it in its
        section and in its task's section that no assignment holds (the task paragraph above a "Cơ quan
        chủ trì:" block, the lead-in above bullets), and for a "Phân công" sub-item the task's other sub-items
        that assign nothing ("3.1. Nội dung: …"). A paragraph after it ("nếu có khó khăn … báo cáo …") is not
        its task, and a bullet's own words count on their own, so the bullet about the question's task wins
        among the bullets of one section."""
        words: list[str] = []
        for sid in dict.fromkeys((a.section_id, a.task_section_id)):
            section = self.snap.sections.get(sid)
            if section is None:
                continue
            at = section.text.find(a.text)
            before = section.text[: at if at >= 0 else len(section.text)]
            for other in self.snap.assignments_by_section.get(sid, []):
                before = before.replace(other.text, " ")
            words.append(before)
        task = self.snap.sections.get(a.task_section_id)
        if (
            task is not None and a.task_section_id != a.section_id
        ):  # "3.1. Nội dung: …" beside "3.2. Phân công"
            for cid in task.children:
                if cid != a.section_id and not self.snap.assignments_by_section.get(cid):
                    words.append(self.snap.sections[cid].text if cid in self.snap.sections else "")
        return " ".join(words)

    def _unassigned_answer(
        self, qa: QueryAnalysis, scored: Sequence[Scored], a: Assignment, fit: float
    ) -> bool:
        """A sentence of the top sections that no assignment holds, names an agency and fits the question
        clearly better than the chosen assignment ("báo cáo UBND tỉnh (qua Công an tỉnh)", "xét đề nghị của
        Công an tỉnh"): the question is about that sentence, which is quoted instead of a lead. It is
        weighed like an assignment: its cover of the question and its section's rank."""
        w = self.weights
        top = scored[0].score or 1.0
        task_words = self._task_lines(a)  # the task a "Cơ quan chủ trì:" block assigns is no other answer
        for s in scored[:3]:
            held = [x.text for x in self.snap.assignments_by_section.get(s.section.section_id, [])]
            content = self.content_terms(self.retriever.terms_for(qa, s.meta), s.meta, qa)
            rank = w.lead_section_score * s.score / top
            for sent in sentences(s.section.text):
                if sent in a.text or any(sent in text for text in held) or sent in task_words:
                    continue
                sent_fit = w.lead_assignment_cover * self._cover(content, sent) + rank
                if sent_fit >= fit + w.lead_unassigned_margin and self._names_agency(sent, s.meta):
                    return True
        return False

    def _names_agency(self, text: str, meta: DocumentMeta) -> bool:
        return bool(self.retriever.catalog.find_all(text, meta.jurisdiction_name))

    def _partner_fit(self, qa: QueryAnalysis, a: Assignment, meta: DocumentMeta) -> float:
        """ "Who coordinates with the provincial police on …": the agency named is that task's lead."""
        if qa.answer_type != "coordinators":
            return 0.0
        named = self.retriever.question_agencies(qa)
        return 1.0 if named and named & self._agency_keys(a.leads, meta.jurisdiction_name) else 0.0

    def _lead_text(self, qa: QueryAnalysis, a: Assignment, meta: DocumentMeta, section: Section) -> str:
        where = f"{meta.short_name}, {section.label}"
        if qa.lang == "en":
            leads = "; ".join(self._with_gloss(name) for name in a.leads)
            coords = "; ".join(self._with_gloss(name) for name in a.coordinators)
            lead_line, coord_line, source = f"Lead: {leads}", f"Coordinating: {coords}", "Source"
        else:
            lead_line, coord_line, source = (
                f"Chủ trì: {'; '.join(a.leads)}",
                f"Phối hợp: {'; '.join(a.coordinators)}",
                "Nguồn",
            )
        deadline = self._deadline(qa, a)
        deadline = None if deadline == a.text else deadline
        when = ("\nDeadline" if qa.lang == "en" else "\nThời hạn") + f": «{deadline}»" if deadline else ""
        if qa.answer_type == "coordinators" and a.coordinators:
            return f"{coord_line} [1] ({where}). {lead_line}.\n{source} [1]: «{a.text}»{when}"
        coord = f" {coord_line}." if a.coordinators else ""
        return f"{lead_line} [1] ({where}).{coord}\n{source} [1]: «{a.text}»{when}"

    def _deadline(self, qa: QueryAnalysis, a: Assignment) -> str | None:
        """For a who-question that also asks when: the dated sentence of the same task (its own section,
        then its task's), unless the assigning text already holds the date."""
        if qa.also_asks != "date":
            return None
        if holds_value("date", a.text):
            return a.text
        for sid in dict.fromkeys((a.section_id, a.task_section_id)):
            section = self.snap.sections.get(sid)
            dated = [x for x in sentences(section.text) if holds_value("date", x)] if section else []
            if dated:
                return dated[0]
        return None

    def _with_gloss(self, name: str) -> str:
        gloss = self.retriever.catalog.english(name) or self.glossary.english_for(name)
        return f"{name} ({gloss})" if gloss else name

    # -- sentences ---------------------------------------------------------------------
    def _extractive(self, qa: QueryAnalysis, scored: Sequence[Scored], top_k: int) -> Answer:
        """The best sentence of the best sections; for a value question, the best one holding the value.
        A lead-in that ends in ":" brings the points it introduces (bullets, or the child sections)."""
        w = self.weights
        top = scored[0].score or 1.0
        evidence = [Evidence(s, *self.best_sentence(qa, s)) for s in self._evidence_sections(qa, scored)]
        if qa.answer_type in VALUE_TYPES:  # a value question quotes a sentence holding the value, if one does
            holding = [
                e
                for e in evidence
                if holds_value(qa.answer_type, e.quote, qa.unit, qa.given_values, qa.counted)
            ]
            evidence = holding or evidence
        evidence.sort(key=lambda e: -(w.sentence_cover * e.score + w.sentence_section * e.scored.score / top))
        if qa.answer_type == "list":  # a list question: the evidence that is (or introduces) a list first,
            # and an article several of whose clauses match before one stray point of another
            # and first of all the section whose heading the question names ("mục đích", "a) Nội dung")
            lists = {id(e): self._list_of(e.scored.section) for e in evidence}
            sizes = Counter(lists.values())
            # (the most specific one: "mục tiêu cụ thể … giai đoạn 2026 - 2030" is a) under "2. Mục tiêu cụ thể")
            named = {
                id(e): -len(heading_terms(e.scored.section.heading))
                for e in evidence
                if e.scored.meta.doc_id == scored[0].meta.doc_id
                and self.retriever.names_heading(qa, e.scored.section)
            }
            evidence.sort(
                key=lambda e: (
                    named.get(id(e), 1),
                    lists[id(e)] is None,
                    -sizes[lists[id(e)]] if lists[id(e)] else 0,
                )
            )
        lead = self._lead_in_of(qa, evidence[0], self._spread_list(qa, evidence))
        quote = lead.quote
        points: list[Scored] = []
        bare_heading = self._quotes_only_heading(lead) or (
            bool(lead.scored.section.children)
            and (
                quote == lead.scored.section.text.strip() or self._introduces_points(qa, lead.scored.section)
            )
        )
        # a heading quoted ("1. Mục đích" over its bullets) names the topic; its whole list is the answer
        heading_quote = bool(quote.strip()) and quote.strip() in lead.scored.section.text.splitlines()[0]
        if (
            qa.answer_type in ("list", "definition")
            or quote.rstrip().endswith(":")
            or bare_heading
            or heading_quote
        ):
            quote = self._expand_list(lead, whole=qa.answer_type == "list" or heading_quote)
            if quote == lead.quote and (lead.quote.rstrip().endswith(":") or bare_heading):
                points = self._child_points(lead.scored)
        first = self._citation(lead.scored, quote)
        # a list cites each point; any other answer its lead-in and the one point that matched
        matched = evidence[0].scored if lead is not evidence[0] and qa.answer_type != "list" else None
        cited = [p for p in points if matched is None or p.section.section_id == matched.section.section_id]
        point_cites = [self._citation(p, p.section.text.splitlines()[0]) for p in cited]
        exclude = {lead.scored.section.section_id, *(p.section.section_id for p in cited)}
        others = self._other_citations(qa, scored, exclude, top_k - 1 - len(point_cites))
        where = f"{lead.scored.meta.short_name}, {lead.scored.section.label}"
        label = "Source" if qa.lang == "en" else "Nguồn"
        marks = {p.section.section_id: f"[{i}] " for i, p in enumerate(cited, start=2)}
        body = quote + "".join(
            f"\n{marks.get(p.section.section_id, '')}{shorten(p.section.text, 300)}" for p in points
        )
        return Answer(
            question=qa.question,
            answer=f"{self._agency_heading(lead.scored.section, quote)}{body} [1]\n({label} [1]: {where})",
            abstained=False,
            citations=[first, *point_cites, *others],
            lang=qa.lang,
            kind=qa.kind,
        )

    def _evidence_sections(self, qa: QueryAnalysis, scored: Sequence[Scored]) -> list[Scored]:
        """The best three sections; for a list question also a part of the best document, ranked in the top
        five, whose heading the question names ("những yêu cầu gì" and "2. Yêu cầu"); and the part a question
        cites when its clauses outrank it ("Điều 19 sửa đổi nghị định nào?": the amended decree is named in
        the article's own title line)."""
        top = list(scored[:3])
        if qa.answer_type == "list":
            top += [
                s
                for s in scored[3:5]
                if s.meta.doc_id == scored[0].meta.doc_id and self.retriever.names_heading(qa, s.section)
            ]
        cited = qa.legal_sections[:1]
        chosen = {s.section.section_id for s in top}
        top += [s for s in scored[3:] if s.section.section_id in cited and s.section.section_id not in chosen]
        return top

    # -- a heading's numbered items ------------------------------------------------------------------
    def _outline(self, qa: QueryAnalysis, scored: Sequence[Scored], top_k: int) -> Answer | None:
        """'Kế hoạch có mấy nhóm nhiệm vụ, giải pháp', 'lộ trình gồm những giai đoạn nào', 'what are the
        phases of the roadmap': a heading whose numbered items (each with bullets or points of its own) are
        the list asked for. The items are counted and named, each cited. The heading is the one whose own
        words the question repeats ("III. NHIỆM VỤ VÀ GIẢI PHÁP"), or whose every item the question names
        ("Giai đoạn 2021 - 2022", "Giai đoạn 2022 - 2025"); it, or a part of it, must have ranked."""
        counting = qa.answer_type == "number" and qa.counts_parts and qa.unit is None
        if not (counting or qa.answer_type == "list") or qa.legal_sections:
            return None
        asked = set(folded_terms(qa.search_text))
        ranked = [s.section.section_id for s in scored[:5]]
        best: tuple[float, Section, list[Section], DocumentMeta] | None = None
        for doc_id in dict.fromkeys(s.meta.doc_id for s in scored[:3]):
            doc = self.snap.documents[doc_id]
            for section in doc.sections:
                items = self._numbered_items(section)
                if not items or not any(
                    r == section.section_id or r.startswith(f"{section.section_id}.") for r in ranked
                ):
                    continue
                fit = self._outline_fit(asked, section, items, counting)
                if _names_one_item(asked, items) or self._names_a_part_of(qa, section, scored[:5]):
                    continue
                if fit >= self.weights.outline_heading_cover and (best is None or fit > best[0]):
                    best = (fit, section, items, doc.meta)
        if best is None:
            return None
        _, section, items, meta = best
        return self._outline_answer(qa, scored, top_k, section, items, meta)

    def _names_a_part_of(self, qa: QueryAnalysis, section: Section, top: Sequence[Scored]) -> bool:
        """A ranked part under the heading whose own heading the question names ("định hướng đến năm 2035"
        under "II. MỤC TIÊU"): the question asks for that part's list, not the heading's outline."""
        prefix = f"{section.section_id}."
        return any(
            s.section.section_id.startswith(prefix) and self.retriever.names_heading(qa, s.section)
            for s in top
        )

    # -- a part whose own title is what is asked ("1. Mục đích", "2. Yêu cầu", "IV. KINH PHÍ") ----------------
    def _titled_part(self, qa: QueryAnalysis, scored: Sequence[Scored], top_k: int) -> Answer | None:
        """'Kế hoạch nhằm mục đích gì', 'what are the requirements of the plan', 'kinh phí lấy từ đâu': a
        ranked part whose short title covers everything the question asks about is the answer, with its
        bullets or points; a sentence elsewhere that merely uses the word ("nhằm mục đích xây dựng …") is
        not. Only fact and list questions: a value or an agency is quoted from its sentence."""
        if qa.answer_type not in ("fact", "list") or qa.legal_sections or qa.compare:
            return None
        asked = set(folded_terms(qa.search_text))
        for s in self._titled_candidates(scored):
            title = _HEADING_LABEL.sub("", s.section.heading).strip(" :")
            own = set(folded_terms(title))
            if not own or len(tokens(fold(title))) > self.weights.titled_part_words or not own <= asked:
                continue  # the question names the whole title ("yêu cầu", "requirements" → "Yêu cầu") …
            if own <= text_terms(s.meta.title):
                continue  # … and not as the document's own name ("QUY CHẾ" of "Quy chế phối hợp …")
            if self._names_a_part_of(qa, s.section, scored[:5]):
                continue  # … and no part under it the question names ("định hướng đến năm 2035" of "MỤC TIÊU")
            terms = self.content_terms(self.retriever.terms_for(qa, s.meta), s.meta, qa, all_when_none=False)
            if terms and self.retriever.coverage(terms, text_terms(title)) < 1.0:
                continue  # … and asks nothing the title does not say
            body = self._titled_body(s)
            if body:
                lines = [f"{title} ({s.meta.short_name}, {s.section.label}) [1]:", *(p for p, _ in body)]
                cites = [self._citation(s, s.section.text), *(c for _, c in body if c is not None)]
                exclude = {c.section_id for c in cites}
                return self._lines_answer(
                    qa, lines, cites, self._other_citations(qa, scored, exclude, top_k - len(cites))
                )
        return None

    def _titled_candidates(self, scored: Sequence[Scored]) -> Iterable[Scored]:
        """The best sections, then every other section of the best one's document (a short title such as
        "2. Yêu cầu" holds few of the question's words, so it may rank low)."""
        top = list(scored[: self.weights.titled_part_depth])
        yield from top
        seen = {s.section.section_id for s in top}
        best = scored[0]
        for section in self.snap.documents[best.meta.doc_id].sections:
            if section.section_id not in seen:
                yield Scored(section, best.meta, 0.0, 0.0, "")

    def _titled_body(self, s: Scored) -> list[tuple[str, Citation | None]]:
        """A titled part's content: the bullet lines under its title, else its points (a), b) …), each
        cited, within a length budget; [] for a bare title."""
        lines = [line.strip() for line in s.section.text.strip().splitlines()[1:] if line.strip()]
        if lines:
            return [(line, None) for line in _within_budget(lines, self.weights.titled_part_chars)]
        points = self._child_points(s, self.weights.titled_part_chars)
        return [
            (shorten(" ".join(p.section.text.split()), 300), self._citation(p, p.section.text))
            for p in points
        ]

    def _numbered_items(self, section: Section) -> list[Section]:
        """A part's ("III. LỘ TRÌNH THỰC HIỆN") numbered items when there are two or more and most have a
        body of their own (bullets, lines or points): a heading that groups tasks, phases or contents."""
        if section.kind != "part":
            return []
        items = [self.snap.sections[c] for c in section.children if c in self.snap.sections]
        items = [c for c in items if c.kind in ("item", "subitem")]
        bodied = [c for c in items if c.children or len(c.text.strip().splitlines()) > 1]
        return items if len(items) >= 2 and 2 * len(bodied) > len(items) else []

    @staticmethod
    def _outline_fit(asked: set[str], section: Section, items: Sequence[Section], counting: bool) -> float:
        """Share of the heading's own words the question repeats; 1.0 when it names the words every item's
        heading shares ("giai đoạn"). A heading of one bare word ("II. NỘI DUNG") is the list only when the
        question counts its items: "nội dung tuyên truyền gồm những gì" asks about one item."""
        own = set(folded_terms(_HEADING_LABEL.sub("", section.heading)))
        fit = len(own & asked) / len(own) if len(own) > 2 or counting else 0.0
        shared = set.intersection(
            *(
                {t for t in folded_terms(_HEADING_LABEL.sub("", c.heading)) if not t[:1].isdigit()}
                for c in items
            )
        )
        return 1.0 if shared and shared <= asked else fit

    def _outline_answer(
        self,
        qa: QueryAnalysis,
        scored: Sequence[Scored],
        top_k: int,
        section: Section,
        items: Sequence[Section],
        meta: DocumentMeta,
    ) -> Answer:
        rank = {s.section.section_id: s for s in scored}

        def cited(x: Section) -> Scored:
            return rank.get(x.section_id) or Scored(x, meta, 0.0, 0.0, "")

        heading = _HEADING_LABEL.sub("", section.heading).strip(" :")
        if qa.lang == "en":
            head = f"{heading} ({meta.short_name}, {section.label}) has {len(items)} items [1]:"
        else:
            head = f"{heading} ({meta.short_name}, {section.label}) gồm {len(items)} mục [1]:"
        room = max(160, 1200 // len(items))  # few items are shown whole, many by their headings
        lines = [head, *(f"[{i}] {shorten(' '.join(x.text.split()), room)}" for i, x in enumerate(items, 2))]
        cites = [
            self._citation(cited(section), section.text),
            *(self._citation(cited(x), x.text) for x in items),
        ]
        exclude = {section.section_id, *(x.section_id for x in items)}
        return self._lines_answer(
            qa, lines, cites, self._other_citations(qa, scored, exclude, top_k - len(cites))
        )

    @staticmethod
    def _introduces_points(qa: QueryAnalysis, section: Section) -> bool:
        """A list question answered by a section whose list is its child points: its text is its heading
        alone ("2. Mục tiêu cụ thể" over a), b)), or a lead-in ending in ":" ("… sau đây:" over a) … d))."""
        text = section.text.strip()
        return qa.answer_type == "list" and (len(text.splitlines()) == 1 or text.endswith(":"))

    def _lead_in_text(self, section: Section) -> str:
        """The last line of the lead-in ending in ":" that introduces this point ("The following agencies
        shall receive victims:" for "(c) border guard stations;"), else ""."""
        parent = self.snap.sections.get(section.parent_id or "")
        if section.kind not in LIST_ITEM_KINDS or parent is None or not parent.text.rstrip().endswith(":"):
            return ""
        return parent.text.strip().splitlines()[-1]

    def _list_of(self, section: Section) -> str | None:
        """The section id of the list this section is or belongs to: a lead-in ending in ":", the lead-in
        of its point, or the article whose sibling clauses it is one of ("Điều 2. Đối tượng áp dụng" with
        1., 2., 3.); None outside a list."""
        if section.kind in ("preamble", "chapter", "section"):
            return None  # a preamble's "như sau:" introduces the whole document, not points
        if section.text.rstrip().endswith(":"):
            return section.section_id
        parent = self.snap.sections.get(section.parent_id or "")
        if parent is None or section.kind not in LIST_ITEM_KINDS:
            return None
        if parent.text.rstrip().endswith(":") or self._article_of_clauses(parent):
            return parent.section_id
        return None

    def _spread_list(self, qa: QueryAnalysis, evidence: Sequence[Evidence]) -> frozenset[str]:
        """A list spread over sibling numbered paragraphs under a bare heading ("I. MỤC ĐÍCH, YÊU CẦU" with
        1., 2., 3.): when the best section and another of the best are such plain siblings, the heading is
        the list. A numbered item with bullets or sub-items of its own is a list by itself."""
        if qa.answer_type != "list" or not evidence:
            return frozenset()
        first = evidence[0].scored.section
        parent = self.snap.sections.get(first.parent_id or "")
        if parent is None or parent.kind == "preamble" or len(parent.text.strip().splitlines()) != 1:
            return frozenset()
        siblings = [e.scored.section for e in evidence[1:] if e.scored.section.parent_id == parent.section_id]
        plain = [
            s
            for s in (first, *siblings)
            if s.kind in SIBLING_KINDS and not s.children and not _has_bullets(s)
        ]
        return frozenset({parent.section_id}) if first in plain and len(plain) >= 2 else frozenset()

    def _article_of_clauses(self, section: Section) -> bool:
        """An article whose clauses are a list with no ":" lead-in: its text is its heading alone and it
        has two clauses or more."""
        if section.kind != "article" or len(section.text.strip().splitlines()) > 1:
            return False
        clauses = [self.snap.sections.get(c) for c in section.children]
        return sum(1 for c in clauses if c is not None and c.kind == "clause") >= 2

    def _lead_in_of(
        self, qa: QueryAnalysis, best: Evidence, spread: frozenset[str] | set[str] = frozenset()
    ) -> Evidence:
        """A list or fact question answered by one point ("(c) to promote cooperation", "b) Tổ chức sơ
        cứu") is answered by the lead-in that introduces it, with all its points: the lead-in says whose
        task or which case the point belongs to. So is a list spread over sibling items (`spread`)."""
        section = best.scored.section
        parent = self.snap.sections.get(section.parent_id or "")
        if parent is not None and parent.section_id in spread and not qa.legal_sections:
            return self._promoted(best, parent)
        if qa.answer_type not in ("list", "fact") or section.kind not in LIST_ITEM_KINDS or parent is None:
            return best
        sibling_list = qa.answer_type == "list" and self._article_of_clauses(parent)
        if not (parent.text.rstrip().endswith(":") or sibling_list) or qa.legal_sections:
            return best
        return self._promoted(best, parent)

    @staticmethod
    def _promoted(best: Evidence, parent: Section) -> Evidence:
        cited = Scored(
            parent, best.scored.meta, best.scored.score, best.scored.coverage, best.scored.best_chunk
        )
        return Evidence(cited, parent.text.strip().splitlines()[-1], best.score)

    def _child_points(self, parent: Scored, budget: int = 1500) -> list[Scored]:
        """The child sections (a), b) … / 6.1, 6.2 …) a lead-in introduces, in order, within a length budget
        (a preamble's "như sau:" introduces the whole document, not points)."""
        out: list[Scored] = []
        if parent.section.kind in ("preamble", "chapter", "section"):
            return out
        used = 0
        for child in self._with_nested_points(parent.section):
            if used > budget:
                break
            used += min(len(child.text), 300)
            out.append(Scored(child, parent.meta, parent.score, parent.coverage, parent.best_chunk))
        return out

    def _with_nested_points(self, section: Section) -> list[Section]:
        """A section's children in order; a child that is itself a lead-in ending in ":" ("2. Khi tiếp nhận,
        … thực hiện các việc sau đây:") brings its own points after it."""
        out: list[Section] = []
        for child_id in section.children:
            child = self.snap.sections.get(child_id)
            if child is None:
                continue
            out.append(child)
            if child.text.rstrip().endswith(":"):
                out.extend(c for c in map(self.snap.sections.get, child.children) if c is not None)
        return out

    def _definition(self, qa: QueryAnalysis, scored: Sequence[Scored], top_k: int) -> Answer | None:
        """A definition question: the clause of a definitions article that defines the term (with its
        points), from the document the question names or else the laws and conventions first."""
        if not qa.asked_term:
            return None
        kinds = {i.kind for i in qa.named_texts if not i.this}
        docs = list(dict.fromkeys(s.meta.doc_id for s in scored)) + list(self.snap.documents)
        documents = [
            self.snap.documents[d]
            for d in dict.fromkeys(docs)
            if not kinds & set(LEGAL_KINDS)
            or self.snap.metas[d].doc_type in kinds  # "theo công ước": its own
        ]
        found: list[Definition] = []
        for term in self._term_in_both_languages(qa):  # the term as typed, then its longest translation first
            # the instrument the question names first; a name misread from the question must not hide the rest
            found = find_definitions(term, documents, qa.question) or find_definitions(term, documents)
            if found:
                break
        if not found:
            return None
        definition = found[0]
        section = self.snap.sections[definition.section_id]
        meta = self.snap.metas[section.doc_id]
        return self._quoting(
            qa, scored, top_k, Scored(section, meta, 1.0, 1.0, ""), definition.sentence, definition.text
        )

    def _defined_in_passing(self, qa: QueryAnalysis, scored: Sequence[Scored], top_k: int) -> Answer | None:
        """A term defined outside a definitions article ("X là …", "X means …") in a top section."""
        for term in self._term_in_both_languages(qa):
            for s in scored[:5]:
                found = definition_sentence(term, s.section)
                if found is not None:
                    return self._quoting(qa, scored, top_k, s, found.sentence, found.text)
        return None

    def _undefined_reason(self, qa: QueryAnalysis) -> str:
        term = qa.asked_term or ""
        if qa.lang == "en":
            return f"No document in scope defines “{term}”."
        return f"Không văn bản nào trong phạm vi câu hỏi định nghĩa “{term}”."

    def _framing_terms(self, qa: QueryAnalysis) -> frozenset[str]:
        """Folded unigrams and bigrams of the question's framing phrases, and for an English question of
        their Vietnamese glossary terms too ("who leads" frames the question; "chủ trì" is not its topic)."""
        phrases = framing_phrases(qa)
        if qa.lang == "en":
            groups = self.glossary.expand(" ".join(phrases))[0] if phrases else []
            phrases = [*phrases, *(" ".join(tokens(fold(alt))) for group in groups for alt in group)]
        out: set[str] = set()
        for phrase in phrases:
            words = phrase.split()
            out.update(words)
            out.update(f"{a}_{b}" for a, b in itertools.pairwise(words))
        return frozenset(out)

    def _term_in_both_languages(self, qa: QueryAnalysis) -> list[str]:
        """The asked term as typed, then as the glossary says it in the other language ("legal
        representative" → "người đại diện hợp pháp"): a definitions article may be in either."""
        assert qa.asked_term is not None
        term = qa.asked_term
        english = qa.lang == "en"
        groups, _, rest = self.glossary.expand(term) if english else self.glossary.translate_vietnamese(term)
        other = [] if rest.strip(" '’s") else groups  # only a term the glossary reads whole
        alternatives = sorted((alt for group in other for alt in group), key=len, reverse=True)
        return list(dict.fromkeys([term, *alternatives]))

    def _cited_part(self, qa: QueryAnalysis, scored: Sequence[Scored], top_k: int) -> Answer | None:
        """A question citing a Điều / khoản / Article: that part's text, with its points."""
        part = self.snap.sections[qa.legal_sections[0]]
        hit = next((s for s in scored if s.section.section_id == part.section_id), None)
        cited = hit or Scored(part, self.snap.metas[part.doc_id], 1.0, 1.0, "")
        return self._cited_whole(qa, scored, top_k, cited)

    def _cited_whole(self, qa: QueryAnalysis, scored: Sequence[Scored], top_k: int, cited: Scored) -> Answer:
        """One part quoted whole: its text with its points, or an article heading with all its clauses."""
        part = cited.section
        text = with_points(part, self.snap.sections)
        if len(text) < 200 and part.children:  # an article heading: its clauses are the content
            text = "\n".join(
                [text, *(with_points(self.snap.sections[c], self.snap.sections) for c in part.children)]
            )
            text = text if len(text) <= 1500 else text[:1499].rsplit(" ", 1)[0] + "…"
        # a clause of "Responsibilities of the Ministry of …" is that ministry's task: name it first
        text = f"{self._agency_heading(part, text)}{text}"
        return self._quoting(qa, scored, top_k, cited, part.text.splitlines()[0], text)

    def _quoting(
        self, qa: QueryAnalysis, scored: Sequence[Scored], top_k: int, cited: Scored, quote: str, body: str
    ) -> Answer:
        """An answer that quotes one part of a document (and shows its points)."""
        first = self._citation(cited, quote)
        others = self._other_citations(qa, scored, {cited.section.section_id}, top_k - 1)
        where = f"{cited.meta.short_name}, {cited.section.label}"
        label = "Source" if qa.lang == "en" else "Nguồn"
        return Answer(
            question=qa.question,
            answer=f"{body} [1]\n({label} [1]: {where})",
            abstained=False,
            citations=[first, *others],
            lang=qa.lang,
            kind=qa.kind,
        )

    def content_terms(
        self,
        terms: list[Concept],
        meta: DocumentMeta,
        qa: QueryAnalysis | None = None,
        framing_too: bool = True,
        all_when_none: bool = True,
    ) -> list[Concept]:
        """The question's concepts minus those its document's title already covers (inside the 30/7 plan,
        "Ngày toàn dân phòng, chống mua bán người năm 2021" says which document, not which sentence) and
        minus the framing that chose the answer type ("chủ trì", "ở cấp quốc gia"; not when framing_too is
        False). A law's or a convention's long title covers most words of any question about it: there,
        only the words that name it in the question are dropped (see index.legal.naming_text). When nothing
        is left, all the concepts count (or none, when all_when_none is False)."""
        # a document is also named by the bare number of its identifier ("kế hoạch 1957" for 1957/QĐ-TTg)
        number = meta.number or ""
        naming = [self._naming(qa, meta), *meta.topics, number, re.sub(r"[-/]", " ", number)]
        title = text_terms(" ".join(naming))
        framing = self._framing_terms(qa) if qa is not None and framing_too else frozenset()
        content = [
            c
            for c in terms
            if self.retriever.coverage([c], title) < 1.0 and not all(set(alt) <= framing for alt in c)
        ]
        return content or (terms if all_when_none else [])

    def _naming(self, qa: QueryAnalysis | None, meta: DocumentMeta) -> str:
        """What of the question names the document: its title, and for a legal text the question's words
        naming it and the part it cites. A long legal title describes the text's scope ("… về tiếp nhận, xác
        minh và hỗ trợ nạn nhân"): asked in its own language, only the naming words frame the question, and
        the scope words it also uses are its topic."""
        if qa is None or meta.doc_type not in LEGAL_DOC_TYPES:
            return meta.title
        naming = " ".join([naming_text(qa.question, meta), *(r.text for r in qa.legal_refs)])
        naming = f"{naming} {re.sub(r'[-/]', ' ', naming)}"  # "47/2025/ND-CP" as a question's words split it
        long_title = len(tokens(fold(meta.title))) >= self.weights.long_title_words
        if long_title and (qa.lang == "en") == (meta.language == "en"):
            return naming
        return f"{meta.title} {naming}"

    def best_sentence(self, qa: QueryAnalysis, s: Scored) -> tuple[str, float]:
        """The section's sentence (or clause) that best covers the question's content and holds the kind
        of answer asked for."""
        w = self.weights
        terms = self.content_terms(self.retriever.terms_for(qa, s.meta), s.meta, qa, framing_too=False)
        cues = date_cues(qa) if qa.answer_type == "date" else []
        heading = s.section.text.splitlines()[0].strip()
        title = (
            s.section.heading
        )  # "Article 16. Depositary": a title typed on its own line is no answer either
        candidates = sentences(s.section.text)
        if qa.answer_type in VALUE_TYPES:  # a value question quotes a sentence holding the value, if any does
            holding = tuple(
                c for c in candidates if holds_value(qa.answer_type, c, qa.unit, qa.given_values, qa.counted)
            )
            candidates = holding or candidates
        # a point is read with the lead-in that introduces it, a duty with the agency it is given to, and a
        # bullet with the short heading it sits under ("Mục đích", "Yêu cầu": what the bullets are)
        lead_in = self._lead_in_text(s.section)
        titled = _bullets_heading(s.section)
        best, best_score = heading, -1.0
        for sent in candidates:
            under = titled if titled and sent != heading else ""
            context = " ".join([lead_in, under, *self._unnamed_leads(s, sent)]).strip()
            score = (
                self._cover(terms, f"{context} {sent}" if context else sent)
                + w.sentence_kind_fit * _kind_fit(qa, sent)
                + w.sentence_cue_fit * _cue_fit(cues, sent)
                + w.sentence_year_fit * _year_fit(_topic_years(qa), sent)
                + w.sentence_stated_lead * self._led_by_named_agency(qa, s, sent)
                - (
                    w.sentence_heading_penalty
                    if (sent in heading or sent in title) and len(candidates) > 1
                    else 0.0
                )
            )
            if score > best_score:
                best, best_score = sent, score
        return best, best_score

    def _led_by_named_agency(self, qa: QueryAnalysis, s: Scored, sentence: str) -> bool:
        """The question states which agency leads ("VKSND chủ trì, phối hợp Công an … làm gì") and the
        sentence's assignment is led by an agency the question names, not one it only coordinates."""
        if not qa.states_lead:
            return False
        named = self._stated_lead_keys(qa)
        jurisdiction = s.meta.jurisdiction_name
        return any(
            named & self._agency_keys(a.leads, jurisdiction)
            for a in self.snap.assignments_by_section.get(s.section.section_id, [])
            if sentence in a.text or a.text in sentence
        )

    def _stated_lead_keys(self, qa: QueryAnalysis) -> set[str]:
        """The agency named just before the question's lead word ("VKSND tỉnh chủ trì, phối hợp Công an …":
        the procuracy, not the police); every agency the question names when none stands there."""
        text = qa.restored
        folded = _fold_same_length(text).lower()
        words = "|".join(re.escape(w) for w in Cues.load().stated_lead)
        at = re.search(rf"\b(?:{words})\b", folded)
        before = [
            m for m in self.retriever.catalog.find_all(text, any_case=True) if at and m.end <= at.start()
        ]
        if before:
            return {_agency_key(before[-1])}
        return self.retriever.question_agencies(qa)

    def _unnamed_leads(self, s: Scored, sentence: str) -> list[str]:
        """The agencies a duty is given to without naming them in it: "c) Report to the Ministry of Health
        before 20 December" under "1. Department of Health" is that department's duty."""
        jurisdiction = s.meta.jurisdiction_name
        out: list[str] = []
        for a in self.snap.assignments_by_section.get(s.section.section_id, []):
            if sentence not in a.text and a.text not in sentence:  # a point's label is no part of its duty
                continue
            named = self.retriever.agency_keys([a.text], jurisdiction) if s.meta.language != "en" else set()
            out += [
                name
                for name in a.leads
                if fold(name) not in fold(a.text)
                and not self.retriever.agency_keys([name], jurisdiction) <= named
            ]
        return list(dict.fromkeys(out))

    def _agency_heading(self, section: Section, quote: str) -> str:
        """'2. Công an tỉnh:' — when a section is titled by an agency, its bullets are that agency's tasks:
        name it before the quote. A later sentence of an agency's bullet ("Giám sát …; phối hợp tổ chức diễn
        đàn …") is that agency's task: name the bullet's lead before it. So does a law's "Trách nhiệm của Bộ
        Công an" / "Responsibilities of the Ministry of Public Security" for the clauses and points under it."""
        owner = self._responsible_agency(section)
        if owner and owner not in quote:
            return f"{owner}: "
        heading = section.heading
        if len(heading) <= 80 and heading not in quote and self.retriever.catalog.find_all(heading):
            return f"{heading.rstrip(':')}: "
        for a in self.snap.assignments_by_section.get(section.section_id, []):
            later = quote in a.text and not a.text.startswith(quote)
            if a.section_id == section.section_id and later and not _names_any(quote, a.leads):
                return f"{'; '.join(a.leads)}: "
        return ""

    def _responsible_agency(self, section: Section) -> str | None:
        """The agency an article titled "Trách nhiệm của X" / "Responsibilities of X" gives its clauses and
        points to (the nearest such heading above the section), when the catalogue knows X."""
        current: Section | None = section
        while current is not None:
            owner = responsible_party(current.heading)
            if owner and (
                self.retriever.catalog.find_all(owner, any_case=True) or self._glossed_whole(owner)
            ):
                return owner
            current = self.snap.sections.get(current.parent_id or "")
        return None

    def _glossed_whole(self, name: str) -> bool:
        """An English agency name the glossary reads whole ("Ministry of Public Security")."""
        groups, _, rest = self.glossary.expand(name)
        return bool(groups) and not rest.strip(" ,.'’s")

    @staticmethod
    def _quotes_only_heading(e: Evidence) -> bool:
        """The quote is the section's own heading line ("I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích") over bullet
        lines or parts of its own: the heading only names what was asked, what is under it is the answer."""
        section = e.scored.section
        lines = section.text.strip().splitlines()
        if e.quote.strip() == section.text.strip():
            return bool(section.children)
        heading = _HEADING_LABEL.sub("", lines[0]).strip(" :*")
        bullets = [line for line in lines[1:] if line.startswith(_BULLET)]
        under = bool(bullets) or (len(lines) == 1 and bool(section.children))
        return under and e.quote.strip(" :*") in (lines[0].strip(" :*"), heading)

    def _expand_list(self, e: Evidence, whole: bool = False) -> str:
        """For list questions: the best sentence and the bullet lines that follow it; with `whole` (a list
        question), the whole bulleted list the sentence belongs to (see `_whole_list`)."""
        if whole:
            listed = _whole_list(e.scored.section.text, e.quote, self.weights.list_answer_budget)
            if listed is not None:
                return listed
        lines = e.scored.section.text.splitlines()
        start = next((i for i, line in enumerate(lines) if e.quote in line), 0)
        picked = [lines[start]]
        for line in lines[start + 1 :]:
            if not line.startswith(_BULLET) or sum(map(len, picked)) > 900:
                break
            picked.append(line)
        return "\n".join(picked) if len(picked) > 1 else e.quote

    def _other_citations(
        self, qa: QueryAnalysis, scored: Sequence[Scored], exclude: set[str], limit: int
    ) -> list[Citation]:
        out: list[Citation] = []
        for s in scored:
            if len(out) >= max(0, limit):
                break
            if s.section.section_id in exclude:
                continue
            out.append(self._citation(s, self.best_sentence(qa, s)[0]))
        return out

    def _citation(self, s: Scored, quote: str) -> Citation:
        return Citation(
            doc_id=s.meta.doc_id,
            section_id=s.section.section_id,
            heading_path=s.section.path_display,
            doc_title=s.meta.title,
            doc_short_name=s.meta.short_name,
            jurisdiction=s.meta.jurisdiction_name,
            quote=quote if quote in s.section.text else shorten(s.section.text, 300),
            text=s.section.text,
            score=round(float(s.score), 4),
        )

    def _cover(self, terms: list[Concept], text: str, absent: frozenset[str] = frozenset()) -> float:
        return self.retriever.coverage(terms, text_terms(text) - absent)


@functools.cache
def _vocabulary_phrases() -> dict[str, str]:
    """The reviewed glossary's Vietnamese phrases of two or more words (concepts, not framing): folded → as
    written. Not the agency catalogue's names the engine adds to it: whether a plan names an agency is the
    agency check's to say, with its own care for generic names ("Ủy ban nhân dân cấp tỉnh")."""
    terms = Glossary.load().terms
    phrases = {" ".join(tokens(fold(vi))): vi for term in terms if not term.weak for vi in term.vi}
    return {folded: vi for folded, vi in sorted(phrases.items()) if len(folded.split()) >= 2}


_FACT_WORDS = {
    "issued": ("date", "ngày ban hành"),
    "number": ("number", "số hiệu"),
    "issuer": ("issuer", "cơ quan ban hành"),
}
_FACT_LABELS = {
    "issued": ("Issued", "Ngày ban hành"),
    "number": ("Number", "Số hiệu"),
    "issuer": ("Issued by", "Cơ quan ban hành"),
}


@functools.cache
def _generic_agency_words() -> tuple[str, ...]:
    data = _load_yaml("intents.yaml")["agency_absence"]["generic_words"]
    return tuple(" ".join(tokens(fold(str(w)))) for w in data)


def _generic_agency(match: Match) -> bool:
    """A level or collective ("Ủy ban nhân dân cấp huyện", "các tỉnh"), not one named body."""
    name = f" {' '.join(tokens(fold(match.agency.name)))} "
    return any(f" {w} " in name for w in _generic_agency_words())


_ITEM_START = re.compile(r"^\s*(?:[IVXL]+\.|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ]\))\s", re.I)


def _whole_list(text: str, quote: str, budget: int) -> str | None:
    """The bulleted list the best sentence (`quote`) is a bullet of, whole, from its first bullet: a list
    question wants every item, however far down the best sentence sits. A line that is neither a bullet nor
    a numbered heading continues the bullet before it (a bullet split over paragraphs or pages). The
    quote's bullet is shown whole (it may hold the list asked for, "… như: a, b, c"), the others shortened
    so that all fit in `budget` characters. None when the quote is neither the list's lead-in line (its
    heading) nor in a list of two bullets or more (a paragraph followed by "Phân công thực hiện:" bullets
    is no list of the paragraph's)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    lead: list[str] = []
    items: list[str] = []
    for line in lines:
        if line.startswith(_BULLET):
            items.append(line)
        elif items and not _ITEM_START.match(line):
            items[-1] = f"{items[-1]} {line}"
        elif not items:
            lead.append(line)
        else:
            break  # a numbered heading after the bullets starts another list
    key = collapse_ws(quote)
    matched = next((i for i, item in enumerate(items) if key and key in collapse_ws(item)), None)
    in_lead = bool(key) and any(key in collapse_ws(line) for line in lead[-1:])
    if len(items) < 2 or (matched is None and not in_lead):
        return None
    whole = len(items[matched]) if matched is not None else 0
    room = max(160, (budget - whole) // (len(items) - (matched is not None)))
    shown = [item if i == matched else shorten(item, room) for i, item in enumerate(items)]
    return "\n".join([*lead[-1:], *shown])


def _names_one_item(asked: set[str], items: Sequence[Section]) -> bool:
    """The question names one item whole, beyond the words all items share ("mục tiêu tổng quát" under
    "II. MỤC TIÊU" with "1. Mục tiêu tổng quát", "2. Mục tiêu cụ thể"): it asks for that item's list."""
    owns = [heading_terms(x.heading) for x in items]
    shared = set.intersection(*owns) if owns else set()
    return any(own - shared and own <= asked for own in owns)


def _within_budget(lines: Sequence[str], budget: int) -> list[str]:
    """The first lines up to about `budget` characters (at least one)."""
    out: list[str] = []
    for line in lines:
        if out and sum(map(len, out)) + len(line) > budget:
            break
        out.append(line)
    return out


def _bullets_heading(section: Section) -> str:
    """The heading line of a section that is a short title over bullets ("1. Mục đích" then "- …"): what
    each bullet is (a purpose, a requirement); "" for any other section."""
    first = section.text.strip().splitlines()[0].strip() if section.text.strip() else ""
    if len(first) > BULLETS_HEADING_MAX_CHARS or first.endswith((".", ";")) or not _has_bullets(section):
        return ""
    return first


def _has_bullets(section: Section) -> bool:
    return any(line.lstrip().startswith(_BULLET) for line in section.text.splitlines()[1:])


def _value_words(qa: QueryAnalysis) -> tuple[str, str]:
    """What a value question asks for, in English and Vietnamese, for saying that no document states it."""
    if qa.counted_text:
        return f"number of {qa.counted_text}", f"số {qa.counted_text}"
    units = {
        "money": ("amount of money", "số tiền"),
        "people": ("number of people", "số người"),
        "phone": ("phone number", "số điện thoại"),
        "email": ("e-mail address", "địa chỉ thư điện tử"),
        "address": ("street address", "địa chỉ"),
        "years": ("number of years or age", "số năm hay độ tuổi"),
    }
    if qa.unit in units:
        return units[qa.unit]
    if qa.unit in ("hours", "days", "months", "years"):
        return "time limit", "thời hạn"
    words = {
        "number": ("number", "con số"),
        "percentage": ("percentage", "tỷ lệ phần trăm"),
        "date": ("date", "ngày tháng"),
        "frequency": ("frequency", "tần suất"),
        "contact": ("phone number, e-mail or address", "số điện thoại, thư điện tử hay địa chỉ"),
        "person": ("person's name", "tên người"),
        "instrument_id": ("document number", "số hiệu văn bản"),
    }
    return words.get(qa.answer_type, ("value", "giá trị"))


def date_cues(qa: QueryAnalysis) -> list[str]:
    """Relation words of a date question ('gửi trước ngày nào' → 'trước'): the answer sits next to them."""
    return list(qa.date_relations)


def _cue_fit(cues: Sequence[str], sentence: str) -> float:
    return 1.0 if any(re.search(rf"{cue}\s+(ngày\s+)?\d", sentence) for cue in cues) else 0.0


def _agency_kind_fit(qa: QueryAnalysis, a: Assignment) -> float:
    """ "Sở nào chủ trì …" wants a Sở: a lead of another kind fits less."""
    if qa.agency_kind is None:
        return 0.0
    names = a.coordinators if qa.answer_type == "coordinators" else a.leads
    return 1.0 if any(fold(n).startswith(fold(qa.agency_kind)) for n in names) else 0.0


def _names_any(text: str, names: Sequence[str]) -> bool:
    """One of the agencies is written in the text, however its dashes and accents are spelled."""
    words = f" {' '.join(tokens(fold(text)))} "
    return any(f" {' '.join(tokens(fold(n)))} " in words for n in names)


def _topic_years(qa: QueryAnalysis) -> list[int]:
    """Years the question asks about ("by 2030"), not those naming a document's edition ("the 2021 plan")."""
    editions = {r.year for r in qa.instruments if r.year}
    return [y for y in qa.years if y not in editions]


def _year_fit(years: Sequence[int], sentence: str) -> float:
    """A year the question names is a hard detail: "by 2030" is not the sentence about 2035."""
    if not years:
        return 0.0
    named = {int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", sentence)}
    if not named:
        return 0.0
    return 1.0 if set(years) <= named else -0.5


def _kind_fit(qa: QueryAnalysis, sentence: str) -> float:
    """A sentence naming a lead for a who-leads question; holding the value for a value question."""
    if qa.answer_type in ("lead", "coordinators"):
        return 1.0 if "chủ trì" in sentence else 0.0
    if qa.answer_type in VALUE_TYPES:
        if not holds_value(qa.answer_type, sentence, qa.unit, qa.given_values, qa.counted):
            return 0.0
        return 1.0 + _next_to_instrument(qa, sentence) + _names_asked_kind(qa, sentence)
    return 0.0


def _names_asked_kind(qa: QueryAnalysis, sentence: str) -> float:
    """An identifier question asking for a decision (a law, a decree …) is answered by a sentence naming one
    of that kind ("Thực hiện Quyết định số 1194/QĐ-BYT"), not by the law the text also rests on."""
    if qa.asked_kind is None:
        return 0.0
    words = Cues.load().instrument_kinds.get(qa.asked_kind, ())
    return 1.0 if has_any(f" {' '.join(tokens(fold(sentence)))} ", words) else 0.0


def _next_to_instrument(qa: QueryAnalysis, sentence: str) -> float:
    """A date asked of a named instrument sits right after its number ("793/QĐ-TTg ngày 10/5/2016")."""
    if qa.answer_type != "date":
        return 0.0
    for ref in qa.instruments:
        if not ref.number:
            continue
        for m in re.finditer(rf"(?<!\d){ref.number}\s*/\S*", sentence):
            if DATE.search(sentence[m.end() : m.end() + 40]):
                return 1.0
    return 0.0
