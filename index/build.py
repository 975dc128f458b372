"""Build an index from ingested documents into the data dir, atomically.

Layout of the data dir:
    embcache.sqlite          passage vectors by (model, content hash), shared by all builds
    builds/<build_id>/       one complete index: build.json, documents.json, chunks.json, lexical/, chroma/
    current -> builds/<id>   symlink, swapped with one rename at the very end

A build that fails or is interrupted leaves `current` (and so the serving index) untouched. build.json
records a SHA-256 of every other file of the build (Chroma's own folder aside: it is checked by opening
it), so a damaged build is recognised at load (`verify_build`) instead of crashing the server.
A staging folder holds the pid of the process writing it; the next ingest removes those whose process
is gone."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from pydantic import TypeAdapter

from index.chunking import chunk_document
from index.embeddings import CachedEmbeddings, EmbeddingBackend
from index.lexical import LexicalIndex
from index.query import AccentRestorer
from index.store import ChromaStore, VectorStore
from tip.domain import Chunk, Document
from tip.settings import Settings

INDEX_FORMAT = 3  # bump when chunking or stored layout changes: forces a rebuild
BATCH = 32

EmbedProgress = Callable[[int, int], None]
DOCS = TypeAdapter(list[Document])
CHUNKS = TypeAdapter(list[Chunk])


@dataclass(frozen=True)
class BuildInfo:
    build_id: str
    fingerprint: str
    embedder: str
    collection: str
    chroma_url: str | None
    documents: int
    sections: int
    chunks: int
    embedded: int  # vectors computed (cache misses)
    created: str
    checksums: dict[str, str] = field(default_factory=dict)  # path inside the build → sha256
    stale: list[str] = field(default_factory=list)  # doc_ids kept from an earlier build (their file failed)

    def to_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False, indent=2)

    @classmethod
    def read(cls, folder: Path) -> BuildInfo:
        """Raises BuildDamaged when build.json is missing, unreadable or not a build description."""
        try:
            data = json.loads((folder / "build.json").read_text(encoding="utf-8"))
            return cls(**data)
        except FileNotFoundError as exc:
            raise BuildDamaged(folder, "build.json is missing") from exc
        except (OSError, ValueError, TypeError) as exc:
            raise BuildDamaged(folder, f"build.json is unreadable ({type(exc).__name__})") from exc


class BuildDamaged(RuntimeError):
    """A build folder whose files are missing, truncated or changed since it was written."""

    def __init__(self, folder: Path, reason: str) -> None:
        super().__init__(f"build {folder.name} is damaged: {reason}")
        self.folder = folder
        self.reason = reason


def file_checksums(folder: Path) -> dict[str, str]:
    """SHA-256 of every file of a build but build.json and Chroma's folder (Chroma rewrites its own files)."""
    sums: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and rel != "build.json" and not rel.startswith("chroma/"):
            sums[rel] = _sha256(path)
    return sums


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


REQUIRED_FILES = ("documents.json", "chunks.json", "vocab.json", "lexical/chunk_ids.json")


def verify_build(folder: Path) -> BuildInfo:
    """The build's description if every recorded file is present and unchanged; else BuildDamaged.
    (Builds written before checksums existed are checked for their required files only.)"""
    info = BuildInfo.read(folder)
    for rel in REQUIRED_FILES:
        if not (folder / rel).is_file():
            raise BuildDamaged(folder, f"{rel} is missing")
    for rel, expected in info.checksums.items():
        path = folder / rel
        if not path.is_file():
            raise BuildDamaged(folder, f"{rel} is missing")
        if _sha256(path) != expected:
            raise BuildDamaged(folder, f"{rel} does not match its checksum (truncated or changed)")
    return info


def build_dirs_newest_first(data_dir: Path) -> list[Path]:
    builds = data_dir / "builds"
    if not builds.is_dir():
        return []
    return sorted((p for p in builds.iterdir() if p.is_dir() and not p.name.startswith(".")), reverse=True)


def fingerprint(documents: Sequence[Document], embedder_key: str) -> str:
    h = hashlib.sha256(f"{INDEX_FORMAT}|{embedder_key}".encode())
    for doc in sorted(documents, key=lambda d: d.meta.doc_id):
        h.update(doc.model_dump_json().encode("utf-8"))
    return h.hexdigest()[:16]


def current_build_dir(data_dir: Path) -> Path | None:
    link = data_dir / "current"
    return link.resolve() if link.exists() else None


def open_store(
    settings: Settings, build_dir: Path, collection: str, create: bool = True, label: str | None = None
) -> VectorStore:
    """The build's vector store; create=False when serving (a missing collection is then an error)."""
    if settings.chroma_url:
        return ChromaStore.server(
            settings.chroma_url, collection, settings.chroma_timeout_s, create=create, label=label
        )
    return ChromaStore.embedded(build_dir / "chroma", collection, create=create, label=label)


def build_index(
    documents: Sequence[Document],
    settings: Settings,
    embeddings: EmbeddingBackend,
    on_embed: EmbedProgress | None = None,
) -> BuildInfo:
    data_dir = settings.data_dir
    (data_dir / "builds").mkdir(parents=True, exist_ok=True)
    remove_abandoned_staging(settings)
    cached = CachedEmbeddings(embeddings, data_dir / "embcache.sqlite")
    build_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    staging = data_dir / "builds" / f".staging-{build_id}"
    staging.mkdir()
    (staging / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")
    collection = f"tip_{build_id.replace('-', '_')}"
    try:
        info = _write_build(documents, settings, cached, staging, build_id, collection, on_embed)
        final = data_dir / "builds" / build_id
        (staging / OWNER_FILE).unlink()
        staging.rename(final)
        _swap_current(data_dir, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        _drop_collection_quietly(settings, staging, collection)
        raise
    _prune_old_builds(settings, keep={final.name})
    return info


def _write_build(
    documents: Sequence[Document],
    settings: Settings,
    cached: CachedEmbeddings,
    folder: Path,
    build_id: str,
    collection: str,
    on_embed: EmbedProgress | None,
) -> BuildInfo:
    chunks = [c for doc in documents for c in chunk_document(doc)]
    vectors = _embed(cached, [c.text for c in chunks], on_embed)
    store = open_store(settings, folder, collection)
    store.upsert(chunks, vectors)
    np.save(folder / "vectors.npy", vectors.astype(np.float16))  # for exact scoring inside a filter
    LexicalIndex.build([c.chunk_id for c in chunks], [c.text for c in chunks]).save(folder / "lexical")
    restorer = AccentRestorer.from_texts(s.text for d in documents for s in d.sections)
    (folder / "vocab.json").write_text(json.dumps(restorer.to_json(), ensure_ascii=False), encoding="utf-8")
    (folder / "documents.json").write_bytes(DOCS.dump_json(list(documents)))
    (folder / "chunks.json").write_bytes(CHUNKS.dump_json(chunks))
    info = BuildInfo(
        build_id=build_id,
        fingerprint=fingerprint(documents, cached.key),
        embedder=cached.key,
        collection=collection,
        chroma_url=settings.chroma_url,
        documents=len(documents),
        sections=sum(len(d.sections) for d in documents),
        chunks=len(chunks),
        embedded=cached.misses,
        created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        checksums={k: v for k, v in file_checksums(folder).items() if k != OWNER_FILE},
        stale=sorted(d.meta.doc_id for d in documents if d.meta.stale),
    )
    (folder / "build.json").write_text(info.to_json(), encoding="utf-8")
    return info


def _embed(cached: CachedEmbeddings, texts: list[str], on_embed: EmbedProgress | None) -> np.ndarray:
    rows: list[list[float]] = []
    for start in range(0, len(texts), BATCH):
        rows.extend(cached.embed_documents(texts[start : start + BATCH]))
        if on_embed:
            on_embed(min(start + BATCH, len(texts)), len(texts))
    return (
        np.asarray(rows, dtype=np.float32).reshape(len(texts), -1)
        if rows
        else np.zeros((0, cached.dim), np.float32)
    )


def _swap_current(data_dir: Path, target: Path) -> None:
    """Point data/current at the new build with one atomic rename."""
    tmp_link = data_dir / f".current-{uuid.uuid4().hex[:6]}"
    os.symlink(os.path.relpath(target, data_dir), tmp_link)
    os.replace(tmp_link, data_dir / "current")


def _prune_old_builds(settings: Settings, keep: set[str], retain: int = 1) -> None:
    """Keep the new build and the one before it (a running server may still read it)."""
    builds = sorted(
        p for p in (settings.data_dir / "builds").iterdir() if p.is_dir() and not p.name.startswith(".")
    )
    old = [p for p in builds if p.name not in keep]
    for folder in old[: max(0, len(old) - retain)]:
        try:
            info = BuildInfo.read(folder)
            _drop_collection_quietly(settings, folder, info.collection)
        except BuildDamaged:
            pass
        shutil.rmtree(folder, ignore_errors=True)


OWNER_FILE = "owner.pid"
UNOWNED_GRACE_S = 60.0  # a staging folder is given its owner file right after mkdir


def remove_abandoned_staging(settings: Settings) -> list[str]:
    """Remove the staging folders of ingests that died (killed, crashed) and their Chroma collections.
    A folder whose writer is still alive is left alone. Returns the names removed."""
    removed: list[str] = []
    for staging in sorted((settings.data_dir / "builds").glob(".staging-*")):
        if _staging_is_live(staging):
            continue
        collection = "tip_" + staging.name.removeprefix(".staging-").replace("-", "_")
        _drop_collection_quietly(settings, staging, collection)
        shutil.rmtree(staging, ignore_errors=True)
        removed.append(staging.name)
    return removed


def _staging_is_live(staging: Path) -> bool:
    try:
        pid = int((staging / OWNER_FILE).read_text(encoding="ascii").strip())
    except FileNotFoundError:
        try:
            return time.time() - staging.stat().st_mtime < UNOWNED_GRACE_S
        except OSError:
            return False
    except (OSError, ValueError):
        return False
    return _process_alive(pid)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, owned by someone else
        return True
    return True


def _drop_collection_quietly(settings: Settings, folder: Path, collection: str) -> None:
    if not settings.chroma_url:
        return
    with contextlib.suppress(
        Exception
    ):  # best effort: the server may be down; an orphan collection is harmless
        open_store(settings, folder, collection).drop()


def last_good_documents(data_dir: Path) -> tuple[list[Document], str]:
    """The documents of the build being served (current, else the newest intact one) and its id; none
    when there is no intact build. Ingest keeps from them the documents whose file fails now."""
    current = current_build_dir(data_dir)
    candidates = [current] if current else []
    candidates += [b for b in build_dirs_newest_first(data_dir) if b != current]
    for folder in candidates:
        try:
            info = verify_build(folder)
            return DOCS.validate_json((folder / "documents.json").read_bytes()), info.build_id
        except (BuildDamaged, ValueError, OSError):
            continue
    return [], ""
