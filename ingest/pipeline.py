"""files → Documents: read, attach metadata, parse the section tree, extract who-does-what.

One bad file never stops the others: its error is collected and reported."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingest.agencies import AgencyCatalog
from ingest.assignments import extract_assignments
from ingest.errors import IngestError
from ingest.manifest import MANIFEST_NAME, ManifestEntry, load_manifest
from ingest.metadata import from_manifest, infer_metadata
from ingest.readers import SUPPORTED_SUFFIXES, read_document
from ingest.structure import parse_sections
from tip.domain import Document

ProgressFn = Callable[[str], None]


@dataclass
class IngestReport:
    documents: list[Document] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def section_count(self) -> int:
        return sum(len(d.sections) for d in self.documents)

    @property
    def assignment_count(self) -> int:
        return sum(len(d.assignments) for d in self.documents)


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Every file of the folder but the manifest and hidden files, sorted (stable order)."""
    return sorted(
        p
        for p in corpus_dir.iterdir()
        if p.is_file() and p.name != MANIFEST_NAME and not p.name.startswith(".")
    )


def ingest_file(path: Path, entry: ManifestEntry | None, catalog: AgencyCatalog) -> Document:
    text = read_document(path)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    meta = from_manifest(entry, sha) if entry else infer_metadata(path, text, sha)
    sections = parse_sections(meta.doc_id, text, meta.title)
    if len(sections) <= 1 and len(text) > 2000:
        raise IngestError(
            path, "no section structure found (no numbered headings such as 'I.', '1.', 'Điều 1.')"
        )
    assignments = extract_assignments(meta, sections, catalog)
    return Document(meta=meta, sections=sections, assignments=assignments)


def ingest_corpus(
    corpus_dir: Path, on_file: ProgressFn | None = None, extra_dirs: Sequence[Path] = ()
) -> IngestReport:
    """Ingest every file of a corpus folder (and of any extra folders, each with its own manifest: the
    seed corpus plus laws kept elsewhere); errors are collected, not raised (but a bad manifest is)."""
    started = time.perf_counter()
    report = IngestReport()
    catalog = AgencyCatalog.load()
    seen_ids: dict[str, str] = {}
    for folder in (corpus_dir, *extra_dirs):
        _ingest_folder(folder, catalog, report, seen_ids, on_file)
    report.seconds = time.perf_counter() - started
    return report


def _ingest_folder(
    corpus_dir: Path,
    catalog: AgencyCatalog,
    report: IngestReport,
    seen_ids: dict[str, str],
    on_file: ProgressFn | None,
) -> None:
    if not corpus_dir.is_dir():
        raise IngestError(corpus_dir, "corpus folder not found")
    manifest = load_manifest(corpus_dir)
    for path in corpus_files(corpus_dir):
        if on_file:
            on_file(path.name)
        try:
            doc = _ingest_one(path, manifest, catalog, report)
        except IngestError as exc:
            report.errors.append(exc)
            continue
        if doc is None:
            continue
        if doc.meta.doc_id in seen_ids:
            report.errors.append(
                IngestError(path, f"doc_id {doc.meta.doc_id!r} already used by {seen_ids[doc.meta.doc_id]}")
            )
            continue
        seen_ids[doc.meta.doc_id] = path.name
        report.documents.append(doc)
    for name in sorted(set(manifest) - {p.name for p in corpus_files(corpus_dir)}):
        report.warnings.append(f"{MANIFEST_NAME}: lists {name}, which is not in the folder")


def _ingest_one(
    path: Path, manifest: dict[str, ManifestEntry], catalog: AgencyCatalog, report: IngestReport
) -> Document | None:
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise IngestError(path, f"unsupported file type {path.suffix or '(none)'}")
    try:
        doc = ingest_file(path, manifest.get(path.name), catalog)
    except IngestError:
        raise
    except Exception as exc:  # a parser bug must not sink the whole corpus
        raise IngestError(path, f"could not be parsed ({type(exc).__name__}: {exc})") from exc
    if path.name not in manifest:
        report.warnings.append(
            f"{path.name}: not in {MANIFEST_NAME}; doc_id {doc.meta.doc_id!r} and metadata inferred"
        )
    if not doc.assignments and doc.meta.doc_type in ("plan", "decision_and_plan"):
        report.warnings.append(f"{path.name}: a plan with no task assignments found")
    return doc
