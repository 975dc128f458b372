"""A loaded, read-only index build: documents, chunks, lexical index, vector store, vocabulary."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.build import CHUNKS, DOCS, BuildInfo, current_build_dir, open_store
from index.lexical import LexicalIndex, folded_terms, number_heads, with_bigrams
from index.query import AccentRestorer
from index.store import VectorStore
from tip.domain import Assignment, Chunk, Document, DocumentMeta, Section
from tip.settings import Settings

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_INSTRUMENT_NUMBER = re.compile(r"(?<![\d/])(\d{1,5})\s*/\s*(?:\d{4}\s*/\s*)?[A-ZĐ]")


class IndexMissing(RuntimeError):
    """No index has been built in the data dir yet."""


@dataclass
class Snapshot:
    info: BuildInfo
    documents: dict[str, Document]
    chunks: list[Chunk]
    lexical: LexicalIndex
    store: VectorStore
    restorer: AccentRestorer
    sections: dict[str, Section] = field(default_factory=dict)
    metas: dict[str, DocumentMeta] = field(default_factory=dict)
    chunk_pos: dict[str, int] = field(default_factory=dict)
    assignments_by_section: dict[str, list[Assignment]] = field(default_factory=dict)
    doc_freq: dict[str, int] = field(default_factory=dict)
    agency_cache: dict[str, set[str]] = field(default_factory=dict)
    term_cache: dict[str, frozenset[str]] = field(default_factory=dict)
    columns: dict[str, np.ndarray] = field(default_factory=dict)  # chunk metadata as arrays, for filter masks
    jurisdictions: list[str] = field(default_factory=list)
    vectors: np.ndarray | None = None  # the build's chunk vectors (float16, memory-mapped), row = chunk
    national_jurisdictions: list[str] = field(default_factory=list)
    n_sections: int = 0
    doc_years: dict[str, frozenset[int]] = field(default_factory=dict)  # years each document is for or names
    instrument_numbers: frozenset[str] = (
        frozenset()
    )  # numbers of corpus documents and of instruments they cite

    @classmethod
    def load(cls, settings: Settings, build_dir: Path | None = None) -> Snapshot:
        folder = build_dir or current_build_dir(settings.data_dir)
        if folder is None or not (folder / "build.json").exists():
            raise IndexMissing(f"no index in {settings.data_dir}: run `tip ingest` first")
        info = BuildInfo.read(folder)
        docs = DOCS.validate_json((folder / "documents.json").read_bytes())
        chunks = CHUNKS.validate_json((folder / "chunks.json").read_bytes())
        restorer = AccentRestorer(json.loads((folder / "vocab.json").read_text(encoding="utf-8")))
        snap = cls(
            info=info,
            documents={d.meta.doc_id: d for d in docs},
            chunks=chunks,
            lexical=LexicalIndex.load(folder / "lexical"),
            store=open_store(settings, folder, info.collection),
            restorer=restorer,
            vectors=np.load(folder / "vectors.npy", mmap_mode="r")
            if (folder / "vectors.npy").exists()
            else None,
        )
        snap._derive()
        return snap

    def _derive(self) -> None:
        for doc in self.documents.values():
            self.metas[doc.meta.doc_id] = doc.meta
            for section in doc.sections:
                self.sections[section.section_id] = section
            for a in doc.assignments:
                for sid in {a.section_id, a.task_section_id}:
                    self.assignments_by_section.setdefault(sid, []).append(a)
        self.chunk_pos = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        self.columns = {
            "doc_id": np.array([c.doc_id for c in self.chunks], dtype=object),
            "jurisdiction": np.array([c.jurisdiction for c in self.chunks], dtype=object),
            "doc_type": np.array([c.doc_type for c in self.chunks], dtype=object),
            "year": np.array([c.year if c.year is not None else -1 for c in self.chunks], dtype=np.int64),
        }
        self.jurisdictions = sorted({m.jurisdiction_name for m in self.metas.values()})
        self.national_jurisdictions = sorted(
            {m.jurisdiction_name for m in self.metas.values() if m.jurisdiction == "national"}
        )
        self.n_sections = len(self.sections)
        self._derive_references()
        for section in self.sections.values():
            for term in set(section_terms(section)):
                self.doc_freq[term] = self.doc_freq.get(term, 0) + 1

    def _derive_references(self) -> None:
        """What look-alike questions are checked against: the years and instrument numbers the corpus holds."""
        numbers: set[str] = set()
        for doc in self.documents.values():
            text = "\n".join(s.text for s in doc.sections)
            years = {int(y) for y in _YEAR.findall(text)}
            years.update(y for y in (doc.meta.effective_year,) if y)
            self.doc_years[doc.meta.doc_id] = frozenset(years)
            numbers.update(m.group(1) for m in _INSTRUMENT_NUMBER.finditer(text))
            numbers.update(n.split("/")[0].strip() for n in (doc.meta.number, *doc.meta.implements) if n)
        self.instrument_numbers = frozenset(numbers)

    def terms_of(self, section: Section) -> frozenset[str]:
        """A section's folded terms with its document title's (cached: reranking reads them per query)."""
        cached = self.term_cache.get(section.section_id)
        if cached is None:
            title = self.metas[section.doc_id].title
            cached = frozenset(section_terms(section)) | frozenset(with_bigrams(folded_terms(title)))
            self.term_cache[section.section_id] = cached
        return cached

    def idf(self, term: str) -> float:
        df = self.doc_freq.get(term, 0)
        return math.log(1 + (self.n_sections + 1) / (df + 0.5))


def section_terms(section: Section) -> list[str]:
    """Folded unigrams and bigrams of a section's heading path and text, and its identifiers' numbers."""
    terms = folded_terms(" ".join(section.heading_path) + "\n" + section.text)
    return with_bigrams(terms) + sorted(number_heads(terms))
