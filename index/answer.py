"""Extractive answers with citations. Who-leads questions answer from the extracted assignments; other
questions with the best supporting sentences. Weak evidence → an abstention with "see also" sections."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from index.lexical import folded_terms, with_bigrams
from index.query import Glossary, QueryAnalysis
from index.retriever import _DATE, _NUMBER, Retriever, Scored
from tip.domain import Answer, Assignment, Citation, DocumentMeta, Section
from tip.text import shorten

ABSTAIN_VI = "Các văn bản trong kho dữ liệu không trả lời câu hỏi này."
ABSTAIN_EN = "The documents in the corpus do not answer this."
_SENTENCE_SPLIT = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ“\"(-])|\n+")


def sentences(text: str) -> list[str]:
    """Verbatim sentence-like spans of a section (lines, then sentence ends inside long lines)."""
    return [s.strip() for s in _SENTENCE_SPLIT.split(text) if s and s.strip()]


@dataclass
class Evidence:
    scored: Scored
    quote: str
    score: float


class Composer:
    def __init__(self, retriever: Retriever, glossary: Glossary, threshold: float) -> None:
        self.retriever = retriever
        self.snap = retriever.snap
        self.glossary = glossary
        self.threshold = threshold

    # -- public -------------------------------------------------------------------
    def compose(self, qa: QueryAnalysis, scored: Sequence[Scored], top_k: int) -> Answer:
        terms = self.retriever.query_terms(qa)
        if not scored or self.evidence(qa, scored, terms) < self.threshold:
            return self.abstain(qa, scored[:3], reason=None)
        if qa.kind == "who_leads":
            answer = self._who_leads(qa, scored, terms, top_k)
            if answer is not None:
                return answer
        return self._extractive(qa, scored, terms, top_k)

    def abstain(self, qa: QueryAnalysis, see_also: Sequence[Scored], reason: str | None) -> Answer:
        base = ABSTAIN_EN if qa.lang == "en" else ABSTAIN_VI
        text = f"{base} {reason}" if reason else base
        return Answer(
            question=qa.question,
            answer=text,
            abstained=True,
            citations=[],
            see_also=[self._citation(s, self._best_sentence(s, self.retriever.query_terms(qa), qa.kind)[0]) for s in see_also],
            lang=qa.lang,
            kind=qa.kind,
        )

    def evidence(self, qa: QueryAnalysis, scored: Sequence[Scored], terms: list[str]) -> float:
        """How well the best of the top sections answers: half the section's coverage of the question,
        half the best single sentence's (read with its heading path). Number and date questions only
        count sentences that hold a number or a date."""
        best = 0.0
        for s in scored[:3]:
            context = " ".join(s.section.heading_path)
            sent_cov = 0.0
            for sent in sentences(s.section.text):
                if qa.kind in ("number", "date") and _kind_fit(qa.kind, sent) < 1.0:
                    continue
                sent_cov = max(sent_cov, self._cover(terms, f"{context} {sent}"))
            best = max(best, 0.5 * s.coverage + 0.5 * sent_cov)
        return best

    # -- who leads -------------------------------------------------------------------
    def _who_leads(self, qa: QueryAnalysis, scored: Sequence[Scored], terms: list[str], top_k: int) -> Answer | None:
        top = scored[0].score or 1.0
        best: tuple[float, Assignment, Scored] | None = None
        for s in scored[:6]:
            for a in self.snap.assignments_by_section.get(s.section.section_id, []):
                if not a.leads:
                    continue
                task = self.snap.sections.get(a.task_section_id)
                task_text = " ".join(task.heading_path) if task else a.task
                fit = (
                    0.55 * self._cover(terms, a.text)
                    + 0.20 * self._cover(terms, task_text)
                    + 0.35 * (s.score / top)
                )
                if best is None or fit > best[0]:
                    best = (fit, a, s)
        if best is None:
            return None
        _, assignment, s = best
        section = self.snap.sections[assignment.section_id]
        meta = self.snap.metas[assignment.doc_id]
        cited = Scored(section, meta, s.score, s.coverage, s.best_chunk)
        first = self._citation(cited, assignment.text)
        others = self._other_citations(qa, scored, terms, exclude={section.section_id}, limit=top_k - 1)
        return Answer(
            question=qa.question,
            answer=self._lead_text(qa, assignment, meta, section),
            abstained=False,
            citations=[first, *others],
            lang=qa.lang,
            kind=qa.kind,
        )

    def _lead_text(self, qa: QueryAnalysis, a: Assignment, meta: DocumentMeta, section: Section) -> str:
        where = f"{meta.short_name}, {section.label}"
        if qa.lang == "en":
            leads = "; ".join(self._with_gloss(name) for name in a.leads)
            coord = f" Coordinating: {'; '.join(a.coordinators)}." if a.coordinators else ""
            return f"Lead: {leads} [1] ({where}).{coord}\nSource [1]: «{a.text}»"
        coord = f" Phối hợp: {'; '.join(a.coordinators)}." if a.coordinators else ""
        return f"Chủ trì: {'; '.join(a.leads)} [1] ({where}).{coord}\nNguồn [1]: «{a.text}»"

    def _with_gloss(self, name: str) -> str:
        gloss = self.glossary.english_for(name)
        return f"{name} ({gloss})" if gloss else name

    # -- sentences ---------------------------------------------------------------------
    def _extractive(self, qa: QueryAnalysis, scored: Sequence[Scored], terms: list[str], top_k: int) -> Answer:
        evidence = [Evidence(s, *self._best_sentence(s, terms, qa.kind)) for s in scored[:3]]
        top = scored[0].score or 1.0
        evidence.sort(key=lambda e: -(0.6 * e.score + 0.4 * e.scored.score / top))
        lead = evidence[0]
        quote = self._expand_list(lead) if qa.kind == "list" else lead.quote
        first = self._citation(lead.scored, quote)
        others = self._other_citations(qa, scored, terms, exclude={lead.scored.section.section_id}, limit=top_k - 1)
        where = f"{lead.scored.meta.short_name}, {lead.scored.section.label}"
        label = "Source" if qa.lang == "en" else "Nguồn"
        return Answer(
            question=qa.question,
            answer=f"{quote} [1]\n({label} [1]: {where})",
            abstained=False,
            citations=[first, *others],
            lang=qa.lang,
            kind=qa.kind,
        )

    def _best_sentence(self, s: Scored, terms: list[str], kind: str) -> tuple[str, float]:
        best, best_score = s.section.text.splitlines()[0], -1.0
        for sent in sentences(s.section.text):
            score = self._cover(terms, sent) + 0.3 * _kind_fit(kind, sent)
            if score > best_score:
                best, best_score = sent, score
        return best, best_score

    def _expand_list(self, e: Evidence) -> str:
        """For list questions: the best sentence and the bullet lines that follow it."""
        lines = e.scored.section.text.splitlines()
        start = next((i for i, line in enumerate(lines) if e.quote in line), 0)
        picked = [lines[start]]
        for line in lines[start + 1 :]:
            if not line.startswith(("-", "+", "•")) or sum(map(len, picked)) > 900:
                break
            picked.append(line)
        return "\n".join(picked) if len(picked) > 1 else e.quote

    def _other_citations(
        self, qa: QueryAnalysis, scored: Sequence[Scored], terms: list[str], exclude: set[str], limit: int
    ) -> list[Citation]:
        out = []
        for s in scored:
            if len(out) >= max(0, limit):
                break
            if s.section.section_id in exclude:
                continue
            out.append(self._citation(s, self._best_sentence(s, terms, qa.kind)[0]))
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

    def _cover(self, terms: list[str], text: str) -> float:
        return self.retriever.coverage(terms, set(with_bigrams(folded_terms(text))))


def _kind_fit(kind: str, sentence: str) -> float:
    if kind == "who_leads":
        return 1.0 if "chủ trì" in sentence else 0.0
    if kind == "date":
        return 1.0 if _DATE.search(sentence) else 0.0
    if kind == "number":
        return 1.0 if "%" in sentence else 0.5 if _NUMBER.search(sentence) else 0.0
    return 0.0
