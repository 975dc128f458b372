"""A loaded, read-only index build: documents, chunks, lexical index, vector store, vocabulary.

A damaged current build (a file truncated, missing or changed since it was written) is not served: the
newest intact build is, with a loud warning; when none is intact, IndexDamaged says why."""

from __future__ import annotations

import json
import logging
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.build import (
    CHUNKS,
    DOCS,
    BuildDamaged,
    BuildInfo,
    build_dirs_newest_first,
    current_build_dir,
    open_store,
    verify_build,
)
from index.lexical import LexicalIndex, folded_terms, number_heads, with_bigrams
from index.query import AccentRestorer
from index.store import StoreUnavailable, VectorStore
from tip.domain import Assignment, Chunk, Document, DocumentMeta, Section
from tip.settings import Settings
from tip.text import fold, tokens

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
# "1957/QĐ-TTg", "162/2025/NĐ-CP", and a Party text's "48-CT/TW"
_INSTRUMENT_NUMBER = re.compile(r"(?<![\d/])(\d{1,5})(?=\s*/\s*(?:\d{4}\s*/\s*)?[A-ZĐ]|-[A-ZĐ]{1,5}/[A-ZĐ])")
logger = logging.getLogger("tip.index")


class IndexMissing(RuntimeError):
    """No index has been built in the data dir yet."""


class IndexDamaged(IndexMissing):
    """The current build is damaged and no other build is intact: nothing can be served."""


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
    doc_folded: dict[str, str] = field(default_factory=dict)  # each document's text, folded, one space apart
    instrument_numbers: frozenset[str] = (
        frozenset()
    )  # numbers of corpus documents and of instruments they cite
    fallback: str | None = None  # why an older build is served instead of `current`

    @classmethod
    def load(cls, settings: Settings, build_dir: Path | None = None) -> Snapshot:
        """The given build, else the current one; a damaged current build falls back to the newest intact."""
        if build_dir is not None:
            return cls._load_build(settings, build_dir)
        current = current_build_dir(settings.data_dir)
        if current is None or not current.is_dir():
            raise IndexMissing(f"no index in {settings.data_dir}: run `tip ingest` first")
        try:
            return cls._load_build(settings, current)
        except BuildDamaged as damaged:
            return cls._fall_back(settings, current, damaged)

    @classmethod
    def _fall_back(cls, settings: Settings, current: Path, damaged: BuildDamaged) -> Snapshot:
        for folder in build_dirs_newest_first(settings.data_dir):
            if folder == current:
                continue
            try:
                snap = cls._load_build(settings, folder)
            except BuildDamaged:
                continue
            snap.fallback = f"{damaged}; serving the older build {folder.name} instead (run `tip ingest`)"
            logger.error("DAMAGED INDEX: %s", snap.fallback)
            return snap
        raise IndexDamaged(f"{damaged}, and no older build is intact; run `tip ingest`") from damaged

    @classmethod
    def _load_build(cls, settings: Settings, folder: Path) -> Snapshot:
        """Verify then load one build folder; any damage (including its embedded Chroma) is BuildDamaged."""
        info = verify_build(folder)
        try:
            docs = DOCS.validate_json((folder / "documents.json").read_bytes())
            chunks = CHUNKS.validate_json((folder / "chunks.json").read_bytes())
            restorer = AccentRestorer(json.loads((folder / "vocab.json").read_text(encoding="utf-8")))
            lexical = LexicalIndex.load(folder / "lexical")
            vectors = (
                np.load(folder / "vectors.npy", mmap_mode="r") if (folder / "vectors.npy").exists() else None
            )
        except Exception as exc:  # a file the checksums could not vouch for (an older build)
            raise BuildDamaged(folder, f"{type(exc).__name__}: {str(exc)[:200]}") from exc
        store = cls._open_store(settings, folder, info)
        snap = cls(
            info=info,
            documents={d.meta.doc_id: d for d in docs},
            chunks=chunks,
            lexical=lexical,
            store=store,
            restorer=restorer,
            vectors=vectors,
        )
        snap._derive()
        return snap

    @staticmethod
    def _open_store(settings: Settings, folder: Path, info: BuildInfo) -> VectorStore:
        """A server that cannot be reached is an outage (StoreUnavailable), not damage; an embedded store
        that cannot be opened, or holds another number of chunks, is part of a damaged build."""
        label = f"build {info.build_id}"
        try:
            store = open_store(settings, folder, info.collection, create=False, label=label)
            count = store.count()
        except StoreUnavailable:
            if settings.chroma_url:
                raise
            raise BuildDamaged(folder, "its vector store (chroma/) is missing or cannot be opened") from None
        except Exception as exc:  # chromadb's own errors on a damaged sqlite file
            raise BuildDamaged(folder, f"its vector store cannot be read ({type(exc).__name__})") from exc
        if count != info.chunks:
            raise BuildDamaged(folder, f"its vector store holds {count} chunks, not {info.chunks}")
        return store

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
        # the national level of Việt Nam: its plans, decisions and laws, not an international convention
        self.national_jurisdictions = sorted(
            {
                m.jurisdiction_name
                for m in self.metas.values()
                if m.jurisdiction == "national" and m.doc_type != "convention"
            }
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
            self.doc_folded[doc.meta.doc_id] = " ".join(tokens(fold(f"{doc.meta.title}\n{text}")))
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
