"""Vector store: the Protocol the retriever relies on, and its Chroma implementation (embedded or server).

Semantics every backend must honour (tests/index/test_store_contract.py runs against each):
- `upsert(chunks, vectors)`: adds or replaces by chunk_id; vectors are L2-normalised float32 rows.
- `query(vector, k, where)`: at most k (chunk_id, similarity) pairs, best first; similarity = 1 - cosine
  distance, in [-1, 1]; `where` is an equality filter on chunk metadata (doc_id, jurisdiction, doc_type,
  year), a value list meaning "any of"; an empty store returns [].
- `count()`: number of stored chunks. `drop()`: removes the collection and its data.
- Any failure to reach the backend raises StoreUnavailable with a reason a person can act on; a server that
  no longer holds the collection raises CollectionMissing (a StoreUnavailable).

A `chroma run` server that hangs (SIGSTOP, a stuck disk) must not hang the API: chromadb's HTTP client has
no timeout (httpx.Client(timeout=None) in 1.5.x), so every server call runs in a small bounded pool and is
abandoned after `timeout_s`; a breaker then fails further calls at once until the server answers again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

import numpy as np

from tip.domain import Chunk

Filters = Mapping[str, str | int | Sequence[str] | Sequence[int]]


class StoreUnavailable(RuntimeError):
    """The vector store cannot be reached or opened."""


class CollectionMissing(StoreUnavailable):
    """The server answers but does not hold this build's collection (restarted empty, another data dir)."""


class ServerGuard:
    """Deadline and breaker for the calls to one Chroma server.

    Calls run on at most `workers` threads; a call not done within `timeout_s` is abandoned (its thread
    finishes whenever the server wakes) and opens the breaker: for `cooldown_s` every call fails at once,
    then one call may try again. So a hung server costs each request at most timeout_s and never holds
    more than `workers` of the API's threads."""

    def __init__(self, url: str, timeout_s: float, workers: int = 8, cooldown_s: float | None = None) -> None:
        self.url = url
        self.timeout_s = timeout_s
        self.cooldown_s = timeout_s if cooldown_s is None else cooldown_s
        self.workers = workers
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="chroma")
        self._slots = threading.BoundedSemaphore(workers)
        self._lock = threading.Lock()
        self._open_until = 0.0
        self._reason = ""

    def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        self._check_breaker()
        if not self._slots.acquire(blocking=False):
            raise StoreUnavailable(
                f"Chroma server at {self.url} is not answering (all {self.workers} "
                "connections are waiting on it)"
            )
        try:
            future = self._pool.submit(fn, *args, **kwargs)
        except BaseException:
            self._slots.release()
            raise
        future.add_done_callback(lambda _: self._slots.release())
        try:
            result = future.result(timeout=self.timeout_s)
        except FutureTimeout:
            self._trip(f"Chroma server at {self.url} did not answer within {self.timeout_s:g} s")
            raise StoreUnavailable(self._reason) from None
        with self._lock:
            self._open_until = 0.0
        return result

    def _check_breaker(self) -> None:
        with self._lock:
            now = time.monotonic()
            if now < self._open_until:
                raise StoreUnavailable(self._reason)
            if self._open_until:  # half-open: let this one call try, keep the others out meanwhile
                self._open_until = now + self.timeout_s

    def _trip(self, reason: str) -> None:
        with self._lock:
            self._reason = reason
            self._open_until = time.monotonic() + self.cooldown_s


WRITE_TIMEOUT_S = 300.0
_GUARDS: dict[tuple[str, float], ServerGuard] = {}
_GUARDS_LOCK = threading.Lock()


def server_guard(url: str, timeout_s: float) -> ServerGuard:
    """One guard per server (and timeout), shared by every store of the process."""
    with _GUARDS_LOCK:
        guard = _GUARDS.get((url, timeout_s))
        if guard is None:
            guard = _GUARDS[(url, timeout_s)] = ServerGuard(url, timeout_s)
        return guard


def _direct(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    return fn(*args, **kwargs)


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

    def __init__(
        self,
        client: Any,
        collection_name: str,
        create: bool = True,
        runner: Callable[..., Any] = _direct,
        label: str | None = None,
    ) -> None:
        self._client = client
        self.collection_name = collection_name
        self.create = create  # False when serving: a missing collection is an error, not a new empty one
        self.label = label or f"collection {collection_name}"
        self._run = runner
        self._cached: Any = None
        self._size: int | None = None  # known chunk count; forgotten on every write
        self._open()

    def _open(self) -> Any:
        """The collection: created on first use (and again after drop()) when writing, looked up when serving."""
        if self._cached is None:
            if self.create:
                opener = self._client.get_or_create_collection
                kwargs: dict[str, Any] = {"metadata": {"hnsw:space": "cosine"}, "embedding_function": None}
            else:
                opener, kwargs = self._client.get_collection, {"embedding_function": None}
            try:
                self._cached = self._call(opener, self.collection_name, **kwargs)
            except StoreUnavailable:
                raise
            except Exception as exc:
                raise StoreUnavailable(
                    f"Chroma collection {self.collection_name!r} could not be opened: {exc}"
                ) from exc
        return self._cached

    @classmethod
    def embedded(
        cls, path: Path, collection_name: str = "sections", create: bool = True, label: str | None = None
    ) -> ChromaStore:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        if create:
            path.mkdir(parents=True, exist_ok=True)
        elif not (path / "chroma.sqlite3").is_file():
            raise CollectionMissing(f"the vector store folder {path} is missing")
        try:
            client = chromadb.PersistentClient(
                path=str(path), settings=ChromaSettings(anonymized_telemetry=False)
            )
        except Exception as exc:  # a damaged sqlite file, a folder we may not read
            raise StoreUnavailable(f"the vector store in {path} cannot be opened: {exc}") from exc
        return cls(client, collection_name, create=create, label=label)

    @classmethod
    def server(
        cls,
        url: str,
        collection_name: str,
        timeout_s: float = 5.0,
        create: bool = True,
        label: str | None = None,
    ) -> ChromaStore:
        import chromadb  # noqa: F401 - imported before the deadline starts: the first import takes seconds

        # Writing a build sends large batches: its calls get a longer deadline than a question's.
        guard = server_guard(url, max(timeout_s, WRITE_TIMEOUT_S) if create else timeout_s)
        client = guard_errors(guard.run, _http_client, url, timeout_s)
        return cls(client, collection_name, create=create, runner=guard.run, label=label)

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
        except CollectionMissing:
            pass
        except StoreUnavailable:
            raise
        except Exception:  # already gone: dropping is idempotent
            pass
        self._cached = None
        self._size = None

    def ping(self) -> None:
        """The server answers and still holds the collection (it may have restarted empty)."""
        self._call(self._client.heartbeat)
        if not self.create:
            self._call(self._client.get_collection, self.collection_name, embedding_function=None)

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return guard_errors(self._run, fn, *args, **kwargs)
        except CollectionMissing:
            self._cached, self._size = None, None  # look it up again next time (it may come back)
            raise CollectionMissing(
                f"the vector store does not hold {self.label}; run `tip ingest`"
            ) from None


def guard_errors(runner: Callable[..., Any], fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a chromadb call; its failures become StoreUnavailable / CollectionMissing (library types stop here)."""
    try:
        return runner(fn, *args, **kwargs)
    except StoreUnavailable:
        raise
    except Exception as exc:
        if _is_missing_collection(exc):
            raise CollectionMissing(str(exc)) from exc
        if _is_connection_error(exc):
            raise StoreUnavailable(f"Chroma is unreachable: {exc}") from exc
        raise


def _http_client(url: str, timeout_s: float) -> Any:
    """chromadb's HttpClient, with a timeout on its httpx session (chromadb 1.5 sets none and has no setting
    for it), so an abandoned call frees its thread; if a later version renames the attribute, the guard's
    deadline still holds for the caller."""
    import chromadb
    import httpx
    from chromadb.config import Settings as ChromaSettings

    parsed = urlparse(url)
    try:
        client = chromadb.HttpClient(
            host=parsed.hostname or "127.0.0.1",
            port=parsed.port or (443 if parsed.scheme == "https" else 8000),
            ssl=parsed.scheme == "https",
            settings=ChromaSettings(anonymized_telemetry=False),
        )
    except Exception as exc:
        raise StoreUnavailable(f"Chroma server at {url} is unreachable: {exc}") from exc
    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        # chromadb shares one session per server in a process: never shorten a writer's longer timeout
        current = session.timeout.read
        session.timeout = httpx.Timeout(timeout_s if current is None else max(current, timeout_s))
    return client


def _is_missing_collection(exc: Exception) -> bool:
    return type(exc).__name__ in {"NotFoundError", "InvalidCollectionException"} or (
        "does not exist" in str(exc).lower() and "collection" in str(exc).lower()
    )


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
