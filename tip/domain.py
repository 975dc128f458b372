"""Domain types shared by every package: ingest produces them, index stores and answers with them,
the adapters (api, bot, evals) serialise them. Nothing here imports an outside library but pydantic."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DocType = Literal["plan", "decision", "decision_and_plan", "law", "decree", "circular", "convention", "other"]
SectionKind = Literal[
    "preamble",  # text before the first numbered heading (title, number, date, basis)
    "part",  # I., II. (Roman parts of a plan)
    "item",  # 1., 2.
    "subitem",  # 1.1., 3.2.
    "letter",  # a), b), đ)
    "chapter",  # Chương I / Chapter I
    "section",  # Mục 1
    "article",  # Điều 5. / Article 5
    "clause",  # khoản (numbered paragraph inside an article)
    "point",  # điểm (lettered point inside a clause)
    "recipients",  # "Nơi nhận" list and signature block
    "passage",  # a law's closing line: passed by the National Assembly on …, and the signer under it
]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# How a document without a number is named in a citation, in the document's own language.
_KIND_LABELS_VI = {
    "plan": "Kế hoạch",
    "law": "Luật",
    "decree": "Nghị định",
    "convention": "Công ước",
    "other": "Văn bản",
}
_KIND_LABELS_EN = {
    "plan": "Plan",
    "law": "Law",
    "decree": "Decree",
    "convention": "Convention",
    "other": "Document",
}


class DocumentMeta(Frozen):
    """Facts about one source document (from manifest.yaml, or inferred from its text)."""

    doc_id: str
    file: str
    title: str
    doc_type: DocType = "other"
    number: str | None = None
    issuer: str | None = None
    signed_by: str | None = None
    issued: dt.date | None = None
    year: int | None = None
    jurisdiction: str = "national"  # national | province
    jurisdiction_name: str = "Việt Nam (toàn quốc)"
    implements: list[str] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    language: str = "vi"
    sha256: str = ""
    from_manifest: bool = True
    # Set when this document's file failed to ingest and the version from an earlier build was kept:
    # why, and since when. Shown in `tip docs`, /v1/documents and the ingest summary.
    stale: str | None = None

    @property
    def short_name(self) -> str:
        """A label a person recognises in a citation list: number, or type + jurisdiction."""
        if self.number:
            return self.number
        labels = _KIND_LABELS_EN if self.language == "en" else _KIND_LABELS_VI
        kind = labels.get(self.doc_type, labels["other"])
        place = "" if self.jurisdiction == "national" else f" {self.jurisdiction_name}"
        year = f" {self.effective_year}" if self.effective_year else ""
        return f"{kind}{place}{year}"

    @property
    def effective_year(self) -> int | None:
        return self.issued.year if self.issued else self.year


class Section(Frozen):
    """One node of a document's section tree. `text` is the section's own text: its heading line
    and body up to its first child section (children are separate sections)."""

    section_id: str  # "<doc_id>#<label>", stable across re-ingests of an unchanged file
    doc_id: str
    label: str  # "II.3.2", "D5.1.a", "preamble"
    kind: SectionKind
    heading: str  # the heading line as written (without markdown), shortened for display
    heading_path: list[str]  # headings from the top part down to this section
    text: str
    parent_id: str | None = None
    children: list[str] = Field(default_factory=list)
    order: int = 0  # position in the document

    @property
    def path_display(self) -> str:
        return " › ".join(self.heading_path)


class Assignment(Frozen):
    """Who leads (chủ trì) and who coordinates (phối hợp) one task of a plan."""

    doc_id: str
    section_id: str  # the section the assignment sentence was read from
    task_section_id: str  # the task it assigns (a "Phân công" subsection assigns its parent's task)
    task: str  # the task's heading
    leads: list[str]  # canonical agency names
    coordinators: list[str]
    jurisdiction: str
    text: str  # the sentence or block the assignment was read from


class Document(Frozen):
    meta: DocumentMeta
    sections: list[Section]
    assignments: list[Assignment] = Field(default_factory=list)

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.section_id == section_id), None)


class Chunk(Frozen):
    """A unit of retrieval: a section (or a window of a long one) with its context prefix."""

    chunk_id: str
    doc_id: str
    section_id: str
    text: str  # the indexed text: document, jurisdiction, heading path, then the body
    body: str  # the part of the section this chunk covers
    jurisdiction: str
    doc_type: str
    year: int | None = None


class Citation(Frozen):
    """One section an answer rests on, with the words it quotes from it."""

    doc_id: str = Field(description="The cited document (see GET /v1/documents).")
    section_id: str = Field(
        description="'<doc_id>#<label>', e.g. 'kh-kontum-actip#II.3.2'; stable across re-ingests."
    )
    heading_path: str = Field(description="The section's headings from the top part down, joined by ' › '.")
    doc_title: str = Field(description="The document's full title.")
    doc_short_name: str = Field("", description="A short label: the number, or type, province and year.")
    jurisdiction: str = Field(description="The document's province, or 'Việt Nam (toàn quốc)' if national.")
    quote: str = Field(description="A verbatim span of the section text that supports the answer.")
    text: str = Field(description="The full text of the cited section.")
    score: float = Field(description="Retrieval relevance (higher is closer); comparable within one answer.")


FollowUpKind = Literal["place", "role", "topic", "document", "sources"]


class Understanding(Frozen):
    """How a question was understood: restored, completed from the thread, and where it was searched."""

    question: str = Field(
        description="The question as answered: diacritics restored, and a follow-up completed from the "
        "previous turn ('còn Kiên Giang?' → 'Ai chủ trì hỗ trợ nạn nhân ở Kiên Giang?')."
    )
    places: list[str] = Field(default_factory=list, description="The jurisdictions searched (empty: all).")
    documents: list[str] = Field(
        default_factory=list, description="Short names of the documents searched (empty: all)."
    )
    follow_up: FollowUpKind | None = Field(
        None,
        description="How the message was completed from the previous turn: a new place, the other role, "
        "a new topic, 'this document', or the previous answer's sources; null when it stood on its own.",
    )
    text: str = Field(
        description="The line shown with the answer, in the question's language: 'Hiểu câu hỏi là: …' / "
        "'Understood as: …', with the place and documents searched."
    )


class Answer(Frozen):
    """The engine's reply: a text whose [n] markers point into `citations`, or an abstention."""

    question: str = Field(description="The question as asked.")
    answer: str = Field(
        description="The answer text, with [n] markers for citations[n-1]; when abstained, why not."
    )
    abstained: bool = Field(description="True when the documents do not answer the question.")
    citations: list[Citation] = Field(description="The sections the answer rests on, in marker order.")
    see_also: list[Citation] = Field(
        default_factory=list, description="When abstained: the closest sections, which may still help."
    )
    lang: str = Field("vi", description="The question's language: 'vi', 'en' or 'vi-nodiac'.")
    kind: str = Field("fact", description="The kind of question: who_leads, who_coordinates, fact, …")
    flags: list[str] = Field(
        default_factory=list,
        description="Notes on how the answer was made, e.g. 'llm_citation_dropped:<id>'.",
    )
    timings_ms: dict[str, float] = Field(
        default_factory=dict, description="Engine time per stage, in milliseconds."
    )
    jurisdictions: list[str] = Field(
        default_factory=list,
        description="The jurisdictions whose documents were searched, after place resolution (empty: all).",
    )
    scope_note: str | None = Field(
        default=None,
        description="Set when the answer is not from the place asked about: from a predecessor's document "
        "(Quảng Ngãi → former Kon Tum), from a successor's post-merger plan (Bình Phước → Đồng Nai), or a "
        "named place has no document. The answer text opens with the same line.",
    )
    understood: Understanding | None = Field(
        default=None, description="How the question was understood (shown with every answer)."
    )


class SearchHit(Frozen):
    section: Section
    doc: DocumentMeta
    score: float
    quote: str = ""
