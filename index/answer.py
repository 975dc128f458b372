"""Extractive answers with citations. Who-leads questions answer from the extracted assignments; other
questions with the best supporting sentences. Weak evidence → an abstention with "see also" sections."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from index.lexical import text_terms
from index.query import Glossary, QueryAnalysis, docs_for_numbers
from index.retriever import _DATE, _NUMBER, VI_QUESTION_PHRASES, Concept, Retriever, Scored
from tip.domain import Answer, Assignment, Citation, DocumentMeta, Section
from tip.text import fold, shorten, tokens

UNSEEN_WORD_FACTOR = 0.6
NUMBER_DATE_MARGIN = 0.15
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
        if scored and document_fact_intent(qa) is not None:  # a document's own date or number
            fact = self._document_fact(qa, scored, top_k)
            if fact is not None:
                return fact
        if not scored or self.evidence(qa, scored, terms) < self.threshold_for(qa):
            return self.abstain(qa, scored[:3], reason=None)
        if qa.kind == "who_leads":
            answer = self._who_leads(qa, scored, terms, top_k)
            if answer is not None:
                return answer
        role = self._agency_role(qa, scored, terms, top_k)
        if role is not None:
            return role
        return self._extractive(qa, scored, terms, top_k)

    def abstain(self, qa: QueryAnalysis, see_also: Sequence[Scored], reason: str | None) -> Answer:
        base = ABSTAIN_EN if qa.lang == "en" else ABSTAIN_VI
        text = f"{base} {reason}" if reason else base
        return Answer(
            question=qa.question,
            answer=text,
            abstained=True,
            citations=[],
            see_also=[
                self._citation(s, self._best_sentence(s, self.retriever.query_terms(qa), qa.kind)[0])
                for s in see_also
            ],
            lang=qa.lang,
            kind=qa.kind,
        )

    def evidence(self, qa: QueryAnalysis, scored: Sequence[Scored], terms: list[Concept]) -> float:
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
        return best * UNSEEN_WORD_FACTOR ** len(self.unseen_words(qa))

    def unseen_words(self, qa: QueryAnalysis) -> list[str]:
        """Words (for English, glossary phrases) of the question that no document ever uses, compared
        with their diacritics ("hộ chiếu" → "chiếu", "visa" → "thị thực"): the corpus cannot be about them."""
        seen = self.snap.restorer.seen
        if qa.lang == "en":
            return [group[0] for group in qa.concepts if not any(seen(alt) for alt in group)]
        asked = VI_QUESTION_PHRASES.sub(" ", " ".join(tokens(fold(qa.restored)))).split()
        words = [
            w
            for w in re.findall(r"[^\W\d_]+", qa.restored)
            if len(w) > 1 and not w.isupper() and fold(w) in asked
        ]
        places = {w.lower() for p in qa.places for w in p.split()}
        return [w for w in words if w.lower() not in places and not seen(w)]

    def threshold_for(self, qa: QueryAnalysis) -> float:
        """Number and date questions ask for one value: they need stronger evidence (docs/answers.md)."""
        return self.threshold + (NUMBER_DATE_MARGIN if qa.kind in ("number", "date") else 0.0)

    # -- facts about a document (its date, its number) ---------------------------------
    def _document_fact(self, qa: QueryAnalysis, scored: Sequence[Scored], top_k: int) -> Answer | None:
        """'When was plan 78 issued?', 'What is the number of …?': answered from the document's own
        header (metadata, quoted from its preamble), or an abstention when the document carries none."""
        intent = document_fact_intent(qa)
        if intent is None:
            return None
        target = self._target_document(qa, scored)
        meta = target.meta
        preamble = self.snap.sections.get(f"{meta.doc_id}#preamble") or target.section
        cited = Scored(preamble, meta, target.score, target.coverage, target.best_chunk)
        value, line = self._fact_value(intent, meta, preamble)
        if value is None:
            reason = (
                f"{meta.short_name} carries no {'date' if intent == 'issued' else 'number'} in its text."
                if qa.lang == "en"
                else f"Văn bản {meta.short_name} không ghi {'ngày ban hành' if intent == 'issued' else 'số hiệu'}."
            )
            return self.abstain(qa, [cited], reason=reason)
        label = {"issued": ("Issued", "Ngày ban hành"), "number": ("Number", "Số hiệu")}[intent][
            qa.lang != "en"
        ]
        text = f"{label}: {value} [1] ({meta.short_name}, {preamble.label})\n«{line}»"
        first = self._citation(cited, line)
        others = self._other_citations(
            qa, scored, self.retriever.query_terms(qa), {preamble.section_id}, top_k - 1
        )
        return Answer(
            question=qa.question,
            answer=text,
            abstained=False,
            citations=[first, *others],
            lang=qa.lang,
            kind=qa.kind,
        )

    def _target_document(self, qa: QueryAnalysis, scored: Sequence[Scored]) -> Scored:
        """The document the question names by number, else the best-ranked one."""
        own, _ = (
            docs_for_numbers(qa.doc_numbers, list(self.snap.metas.values())) if qa.doc_numbers else ([], [])
        )
        return next((s for s in scored if s.meta.doc_id in own), scored[0])

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
    def _agency_role(
        self, qa: QueryAnalysis, scored: Sequence[Scored], terms: list[Concept], top_k: int
    ) -> Answer | None:
        """'What does Sở Tư pháp do?': the tasks the plan gives that agency to lead, best matching first."""
        if qa.kind not in ("fact", "list") or not _ROLE.search(" ".join(tokens(fold(qa.question)))):
            return None
        wanted = self.retriever.question_agencies(qa)
        if not wanted:
            return None
        doc = self.snap.documents[scored[0].meta.doc_id]
        rank = {s.section.section_id: s.score for s in scored}
        content = self.content_terms(terms, doc.meta)
        led = [a for a in doc.assignments if wanted & self._agency_keys(a.leads, doc.meta.jurisdiction_name)]
        if not led:
            return None
        led.sort(key=lambda a: -(rank.get(a.section_id, 0.0) + self._cover(content, a.text)))
        picked = led[: max(1, min(3, top_k))]
        cites = []
        for a in picked:
            section = self.snap.sections[a.section_id]
            cites.append(
                self._citation(Scored(section, doc.meta, rank.get(a.section_id, 0.0), 0.0, ""), a.text)
            )
        names = "; ".join(
            dict.fromkeys(
                n
                for a in picked
                for n in a.leads
                if wanted & self._agency_keys([n], doc.meta.jurisdiction_name)
            )
        )
        head = f"{names} leads:" if qa.lang == "en" else f"{names} chủ trì:"
        lines = [
            f"{head}",
            *(
                f"[{i}] {a.task_section_id.split('#', 1)[1]}: «{a.text}»"
                for i, a in enumerate(picked, start=1)
            ),
        ]
        others = self._other_citations(
            qa, scored, terms, exclude={c.section_id for c in cites}, limit=top_k - len(cites)
        )
        return Answer(
            question=qa.question,
            answer="\n".join(lines),
            abstained=False,
            citations=[*cites, *others],
            lang=qa.lang,
            kind=qa.kind,
        )

    def _agency_keys(self, names: Sequence[str], jurisdiction: str) -> set[str]:
        return {
            m.agency.template or m.agency.id
            for n in names
            for m in self.retriever.catalog.find_all(n, jurisdiction)
        }

    # -- who leads -------------------------------------------------------------------
    def _who_leads(
        self, qa: QueryAnalysis, scored: Sequence[Scored], terms: list[Concept], top_k: int
    ) -> Answer | None:
        top = scored[0].score or 1.0
        best: tuple[float, Assignment, Scored] | None = None
        for s in scored[:6]:
            content = self.content_terms(terms, s.meta)
            for a in self.snap.assignments_by_section.get(s.section.section_id, []):
                if not a.leads:
                    continue
                task = self.snap.sections.get(a.task_section_id)
                task_text = " ".join(task.heading_path) if task else a.task
                fit = (
                    0.45 * self._cover(content, a.text)
                    + 0.20 * self._cover(content, task_text)
                    + 0.50 * (s.score / top)
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
        gloss = self.retriever.catalog.english(name) or self.glossary.english_for(name)
        return f"{name} ({gloss})" if gloss else name

    # -- sentences ---------------------------------------------------------------------
    def _extractive(
        self, qa: QueryAnalysis, scored: Sequence[Scored], terms: list[Concept], top_k: int
    ) -> Answer:
        cues = date_cues(qa) if qa.kind == "date" else []
        evidence = [Evidence(s, *self._best_sentence(s, terms, qa.kind, cues)) for s in scored[:3]]
        top = scored[0].score or 1.0
        evidence.sort(key=lambda e: -(0.6 * e.score + 0.4 * e.scored.score / top))
        lead = evidence[0]
        quote = self._expand_list(lead) if qa.kind == "list" else lead.quote
        first = self._citation(lead.scored, quote)
        others = self._other_citations(
            qa, scored, terms, exclude={lead.scored.section.section_id}, limit=top_k - 1
        )
        where = f"{lead.scored.meta.short_name}, {lead.scored.section.label}"
        label = "Source" if qa.lang == "en" else "Nguồn"
        return Answer(
            question=qa.question,
            answer=f"{self._agency_heading(lead.scored.section, quote)}{quote} [1]\n({label} [1]: {where})",
            abstained=False,
            citations=[first, *others],
            lang=qa.lang,
            kind=qa.kind,
        )

    def content_terms(self, terms: list[Concept], meta: DocumentMeta) -> list[Concept]:
        """The question's concepts minus those its document's title already covers: inside the 30/7 plan,
        "Ngày toàn dân phòng, chống mua bán người năm 2021" says which document, not which sentence."""
        title = text_terms(meta.title)
        content = [c for c in terms if self.retriever.coverage([c], title) < 1.0]
        return content or terms

    def _best_sentence(
        self, s: Scored, terms: list[Concept], kind: str, cues: Sequence[str] = ()
    ) -> tuple[str, float]:
        terms = self.content_terms(terms, s.meta)
        best, best_score = s.section.text.splitlines()[0], -1.0
        for sent in sentences(s.section.text):
            score = self._cover(terms, sent) + 0.3 * _kind_fit(kind, sent) + 0.3 * _cue_fit(cues, sent)
            if score > best_score:
                best, best_score = sent, score
        return best, best_score

    def _agency_heading(self, section: Section, quote: str) -> str:
        """'2. Công an tỉnh:' — when a section is titled by an agency, its bullets are that agency's tasks:
        name it before the quote."""
        heading = section.heading
        if len(heading) > 80 or heading in quote or not self.retriever.catalog.find_all(heading):
            return ""
        return f"{heading.rstrip(':')}: "

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
        self, qa: QueryAnalysis, scored: Sequence[Scored], terms: list[Concept], exclude: set[str], limit: int
    ) -> list[Citation]:
        out: list[Citation] = []
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

    def _cover(self, terms: list[Concept], text: str) -> float:
        return self.retriever.coverage(terms, text_terms(text))


_ROLE = re.compile(
    r"\b(nhiem vu|vai tro|trach nhiem|lam gi|lam nhung gi|duoc giao|role|roles|task|tasks|tasked|duty|duties|"
    r"responsibility|responsibilities|responsible for|what does|what do|job)\b"
)
_ISSUED = re.compile(
    r"\b(ban hanh|ky ngay|duoc ky|ky khi nao|issued|issue|signed|sign|dated|date of|promulgated)\b"
)
_WHEN = re.compile(r"\b(ngay nao|khi nao|bao gio|ngay bao nhieu|when|what date|which date|date)\b")
_NUMBER_OF = re.compile(
    r"\b(so hieu|so may|so bao nhieu|la so|what is the number|number of|reference number|document number)\b"
)


def document_fact_intent(qa: QueryAnalysis) -> str | None:
    """'issued' or 'number' when the question asks for a document's own date or number."""
    folded = " ".join(tokens(fold(qa.question)))
    if _ISSUED.search(folded) and _WHEN.search(folded):
        return "issued"
    if _NUMBER_OF.search(folded) and not re.search(r"\b(ty le|bao nhieu (nan nhan|vu|nguoi|%))\b", folded):
        return "number"
    return None


_CUES = {
    "truoc": "trước",
    "by": "trước",
    "before": "trước",
    "tu": "từ",
    "ke tu": "kể từ",
    "from": "từ",
    "since": "từ",
    "den": "đến",
    "until": "đến",
    "sau": "sau",
    "after": "sau",
}


def date_cues(qa: QueryAnalysis) -> list[str]:
    """Relation words of a date question ('gửi trước ngày nào' → 'trước'): the answer sits next to them."""
    folded = f" {' '.join(tokens(fold(qa.question)))} "
    return sorted({vi for key, vi in _CUES.items() if f" {key} " in folded})


def _cue_fit(cues: Sequence[str], sentence: str) -> float:
    return 1.0 if any(re.search(rf"{cue}\s+(ngày\s+)?\d", sentence) for cue in cues) else 0.0


def _kind_fit(kind: str, sentence: str) -> float:
    if kind == "who_leads":
        return 1.0 if "chủ trì" in sentence else 0.0
    if kind == "date":
        return 1.0 if _DATE.search(sentence) else 0.0
    if kind == "number":
        return 1.0 if "%" in sentence else 0.5 if _NUMBER.search(sentence) else 0.0
    return 0.0
