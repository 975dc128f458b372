"""files → Documents: read, attach metadata, parse the section tree, extract who-does-what.

One bad file never stops the others: its error is collected and reported. A file that is not read at all
(hidden, a folder, a link leading out of the corpus folder) is named in `skipped` with the reason. A file
over the size or section limits is an error naming the limit."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.agencies import AgencyCatalog
from ingest.assignments import extract_assignments
from ingest.assignments_en import extract_assignments_en
from ingest.errors import IngestError
from ingest.manifest import MANIFEST_NAME, ManifestEntry, load_manifest
from ingest.metadata import from_manifest, infer_metadata
from ingest.readers import SUPPORTED_SUFFIXES, read_document
from ingest.structure import parse_sections
from tip.domain import Document

if TYPE_CHECKING:
    from tip.settings import Settings

ProgressFn = Callable[[str], None]
MB = 1024 * 1024


@dataclass(frozen=True)
class CorpusLimits:
    """The largest file and the most sections per document that ingest accepts."""

    max_file_bytes: int = 20 * MB
    max_sections: int = 5000

    @classmethod
    def from_settings(cls, settings: Settings) -> CorpusLimits:
        return cls(int(settings.max_file_mb * MB), settings.max_sections_per_doc)


@dataclass
class IngestReport:
    documents: list[Document] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "name: reason" for files not read at all
    stale: list[str] = field(default_factory=list)  # doc_ids whose last good version was kept
    seconds: float = 0.0

    @property
    def section_count(self) -> int:
        return sum(len(d.sections) for d in self.documents)

    @property
    def assignment_count(self) -> int:
        return sum(len(d.assignments) for d in self.documents)


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The files of the folder that ingest reads, sorted (stable order); see scan_corpus for the rest."""
    return scan_corpus(corpus_dir)[0]


def scan_corpus(corpus_dir: Path) -> tuple[list[Path], list[str]]:
    """(files to read, "name: reason" for every other entry but the manifest)."""
    files: list[Path] = []
    skipped: list[str] = []
    root = corpus_dir.resolve()
    for path in sorted(corpus_dir.iterdir()):
        if path.name == MANIFEST_NAME:
            continue
        reason = _skip_reason(path, root)
        if reason:
            skipped.append(f"{path.name}: {reason}")
        else:
            files.append(path)
    return files, skipped


def _skip_reason(path: Path, root: Path) -> str | None:
    if path.name.startswith("."):
        return "skipped: hidden file (its name starts with '.'); rename it to ingest it"
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root):
            return f"refused: a link to {target}, outside the corpus folder"
        if not target.exists():
            return "skipped: a broken link"
    if path.is_dir():
        return "skipped: a folder (sub-folders are not read; pass it with --extra-corpus)"
    if not path.is_file():
        return "skipped: not a regular file"
    return None


def ingest_file(
    path: Path, entry: ManifestEntry | None, catalog: AgencyCatalog, limits: CorpusLimits = CorpusLimits()
) -> Document:
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise IngestError(
            path,
            f"the file is {size / MB:.3g} MB; the limit is {limits.max_file_bytes / MB:.3g} MB "
            "(TIP_MAX_FILE_MB): split it or raise the limit",
        )
    text = read_document(path)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    meta = from_manifest(entry, sha) if entry else infer_metadata(path, text, sha)
    sections = parse_sections(meta.doc_id, text, meta.title)
    if len(sections) <= 1 and len(text) > 2000:
        raise IngestError(
            path, "no section structure found (no numbered headings such as 'I.', '1.', 'Điều 1.')"
        )
    if len(sections) > limits.max_sections:
        raise IngestError(
            path,
            f"{len(sections)} sections; the limit is {limits.max_sections} per document "
            "(TIP_MAX_SECTIONS_PER_DOC): split it or raise the limit",
        )
    assignments = (
        extract_assignments_en(meta, sections)
        if meta.language == "en"
        else extract_assignments(meta, sections, catalog)
    )
    return Document(meta=meta, sections=sections, assignments=assignments)


def ingest_corpus(
    corpus_dir: Path,
    on_file: ProgressFn | None = None,
    extra_dirs: Sequence[Path] = (),
    limits: CorpusLimits = CorpusLimits(),
) -> IngestReport:
    """Ingest every file of a corpus folder (and of any extra folders, each with its own manifest: the
    seed corpus plus laws kept elsewhere); errors are collected, not raised (but a bad manifest is)."""
    started = time.perf_counter()
    report = IngestReport()
    catalog = AgencyCatalog.load()
    seen_ids: dict[str, str] = {}
    for folder in (corpus_dir, *extra_dirs):
        _ingest_folder(folder, catalog, report, seen_ids, on_file, limits)
    report.seconds = time.perf_counter() - started
    return report


def keep_last_good(report: IngestReport, previous: Sequence[Document], previous_build: str) -> list[str]:
    """A document of the previous build whose file fails now keeps its last good version, marked stale,
    so one damaged file does not take its document out of the index. Returns the doc_ids kept."""
    present = {d.meta.doc_id for d in report.documents}
    failed = {e.path.name: e for e in report.errors}
    kept: list[str] = []
    for doc in previous:
        error = failed.get(Path(doc.meta.file).name)
        if error is None or doc.meta.doc_id in present:
            continue
        note = doc.meta.stale or (
            f"{doc.meta.file} failed to ingest ({error.reason}); serving its last good version "
            f"(build {previous_build})"
        )
        report.documents.append(doc.model_copy(update={"meta": doc.meta.model_copy(update={"stale": note})}))
        present.add(doc.meta.doc_id)
        kept.append(doc.meta.doc_id)
    report.stale.extend(kept)
    return kept


def _ingest_folder(
    corpus_dir: Path,
    catalog: AgencyCatalog,
    report: IngestReport,
    seen_ids: dict[str, str],
    on_file: ProgressFn | None,
    limits: CorpusLimits,
) -> None:
    if not corpus_dir.is_dir():
        raise IngestError(corpus_dir, "corpus folder not found")
    manifest = load_manifest(corpus_dir)
    files, skipped = scan_corpus(corpus_dir)
    report.skipped.extend(skipped)
    for path in files:
        if on_file:
            on_file(path.name)
        try:
            doc = _ingest_one(path, manifest, catalog, report, limits)
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
    for name in sorted(set(manifest) - {p.name for p in files}):
        report.warnings.append(f"{MANIFEST_NAME}: lists {name}, which is not in the folder")


def _ingest_one(
    path: Path,
    manifest: dict[str, ManifestEntry],
    catalog: AgencyCatalog,
    report: IngestReport,
    limits: CorpusLimits,
) -> Document | None:
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise IngestError(path, f"unsupported file type {path.suffix or '(none)'}")
    try:
        doc = ingest_file(path, manifest.get(path.name), catalog, limits)
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
