"""Vector store: the Protocol the retriever relies on, and its Chroma implementation (embedded or server).

Semantics every backend must honour (tests/index/test_store_contract.py runs against each):
- `upsert(chunks, vectors)`: adds or replaces by chunk_id; vectors are L2-normalised float32 rows.
- `query(vector, k, where)`: at most k (chunk_id, similarity) pairs, best first; similarity = 1 - cosine
  distance, in [-1, 1]; `where` is an equality filter on chunk metadata (doc_id, jurisdiction, doc_type,
  year), a value list meaning "any of"; an empty store returns [].
- `count()`: number of stored chunks. `drop()`: removes the collection and its data.
- Any failure to reach the backend raises StoreUnavailable with a reason a person can act on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

import numpy as np

from tip.domain import Chunk

Filters = Mapping[str, str | int | Sequence[str] | Sequence[int]]


class StoreUnavailable(RuntimeError):
    """The vector store cannot be reached or opened."""


class VectorStore(Protocol):
    def upsert(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None: ...
    def query(self, vector: np.ndarray, k: int, where: Filters | None = None) -> list[tuple[str, float]]: ...
    def count(self) -> int: ...
    def drop(self) -> None: ...
    def ping(self) -> None: ...


def chroma_where(where: Filters | None) -> dict[str, Any] | None:
    """Equality filters → Chroma's where syntax ($in for lists, $and for several keys)."""
    if not where:
        return None
    clauses: list[dict[str, Any]] = []
    for key, value in where.items():
        if isinstance(value, (list, tuple)):
            clauses.append({key: {"$in": list(value)}})
        else:
            clauses.append({key: value})
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class ChromaStore:
    """One Chroma collection. Embedded (PersistentClient in a folder) or a `chroma run` server (HttpClient)."""

    def __init__(self, client: Any, collection_name: str) -> None:
        self._client = client
        self.collection_name = collection_name
        self._cached: Any = None
        self._size: int | None = None  # known chunk count; forgotten on every write
        self._open()

    def _open(self) -> Any:
        """The collection, created on first use (and again after drop())."""
        if self._cached is None:
            try:
                self._cached = self._client.get_or_create_collection(
                    self.collection_name, metadata={"hnsw:space": "cosine"}, embedding_function=None
                )
            except Exception as exc:
                raise StoreUnavailable(
                    f"Chroma collection {self.collection_name!r} could not be opened: {exc}"
                ) from exc
        return self._cached

    @classmethod
    def embedded(cls, path: Path, collection_name: str = "sections") -> ChromaStore:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        path.mkdir(parents=True, exist_ok=True)
        client = chromadb.PersistentClient(
            path=str(path), settings=ChromaSettings(anonymized_telemetry=False)
        )
        return cls(client, collection_name)

    @classmethod
    def server(cls, url: str, collection_name: str, timeout_s: float = 5.0) -> ChromaStore:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        parsed = urlparse(url)
        try:
            client = chromadb.HttpClient(
                host=parsed.hostname or "127.0.0.1",
                port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                ssl=parsed.scheme == "https",
                settings=ChromaSettings(anonymized_telemetry=False, chroma_server_http_timeout=timeout_s),  # type: ignore[call-arg]
            )
        except Exception as exc:
            raise StoreUnavailable(f"Chroma server at {url} is unreachable: {exc}") from exc
        return cls(client, collection_name)

    def upsert(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        self._size = None
        for start in range(0, len(chunks), 1000):
            part = chunks[start : start + 1000]
            self._call(
                self._open().upsert,
                ids=[c.chunk_id for c in part],
                embeddings=np.asarray(vectors[start : start + len(part)], dtype=np.float32),
                metadatas=[_metadata(c) for c in part],
            )

    def query(self, vector: np.ndarray, k: int, where: Filters | None = None) -> list[tuple[str, float]]:
        n = self._size if self._size is not None else self.count()
        if n == 0:
            return []
        result = self._call(
            self._open().query,
            query_embeddings=[np.asarray(vector, dtype=np.float32)],
            n_results=min(k, n),
            where=chroma_where(where),
            include=["distances"],
        )
        ids = result["ids"][0]
        distances = result["distances"][0] if result.get("distances") else [1.0] * len(ids)
        return [(cid, 1.0 - float(d)) for cid, d in zip(ids, distances, strict=True)]

    def count(self) -> int:
        """Asks the store (and remembers: a build's collection does not change once written)."""
        self._size = int(self._call(self._open().count))
        return self._size

    def drop(self) -> None:
        try:
            self._call(self._client.delete_collection, self.collection_name)
        except StoreUnavailable:
            raise
        except Exception:  # already gone: dropping is idempotent
            pass
        self._cached = None
        self._size = None

    def ping(self) -> None:
        self._call(self._client.heartbeat)

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except StoreUnavailable:
            raise
        except Exception as exc:
            if _is_connection_error(exc):
                raise StoreUnavailable(f"Chroma is unreachable: {exc}") from exc
            raise


def _is_connection_error(exc: Exception) -> bool:
    names = {type(e).__name__ for e in (exc, exc.__cause__, exc.__context__) if e is not None}
    text = str(exc).lower()
    return bool(
        names & {"ConnectError", "ConnectionError", "ReadTimeout", "ConnectTimeout", "RemoteProtocolError"}
    ) or ("connect" in text or "could not connect" in text)


def _metadata(chunk: Chunk) -> dict[str, str | int]:
    meta: dict[str, str | int] = {
        "doc_id": chunk.doc_id,
        "section_id": chunk.section_id,
        "jurisdiction": chunk.jurisdiction,
        "doc_type": chunk.doc_type,
    }
    if chunk.year is not None:
        meta["year"] = chunk.year
    return meta
