"""Sections → chunks. A chunk is a section (or a window of a long one) with its context written in:
document title, jurisdiction and heading path, so "Phân công: X chủ trì" is found by its task's words."""

from __future__ import annotations

from tip.domain import Chunk, Document, DocumentMeta, Section
from tip.text import shorten

MAX_CHARS = 1100
WINDOW_CHARS = 800
SKIP_KINDS = {"recipients"}


def context_prefix(meta: DocumentMeta, section: Section) -> str:
    place = meta.jurisdiction_name
    lines = [f"{shorten(meta.title, 160)} ({meta.short_name}; {place})", " › ".join(section.heading_path)]
    return "\n".join(lines)


def windows(text: str, limit: int = WINDOW_CHARS) -> list[str]:
    """Split a long section at line (bullet) boundaries into windows of about `limit` characters."""
    lines = text.splitlines()
    if len(text) <= MAX_CHARS or len(lines) == 1:
        return [text] if len(text) <= MAX_CHARS * 2 else _split_long_line(text, limit)
    out: list[str] = []
    current: list[str] = []
    size = 0
    for line in lines:
        if current and size + len(line) > limit:
            out.append("\n".join(current))
            current, size = [], 0
        current.append(line)
        size += len(line) + 1
    if current:
        out.append("\n".join(current))
    return out


def _split_long_line(text: str, limit: int) -> list[str]:
    sentences = [s.strip() for s in text.replace("; ", ";\n").replace(". ", ".\n").splitlines() if s.strip()]
    return windows("\n".join(sentences), limit) if len(sentences) > 1 else [text]


def chunk_document(doc: Document) -> list[Chunk]:
    chunks: list[Chunk] = []
    for section in doc.sections:
        if section.kind in SKIP_KINDS or not section.text.strip():
            continue
        prefix = context_prefix(doc.meta, section)
        heading_line = section.text.splitlines()[0]
        for i, body in enumerate(windows(section.text)):
            head = "" if body.startswith(heading_line) else heading_line + "\n"
            chunks.append(
                Chunk(
                    chunk_id=f"{section.section_id}@{i}",
                    doc_id=doc.meta.doc_id,
                    section_id=section.section_id,
                    text=f"{prefix}\n{head}{body}",
                    body=body,
                    jurisdiction=doc.meta.jurisdiction_name,
                    doc_type=doc.meta.doc_type,
                    year=doc.meta.effective_year,
                )
            )
    return chunks
