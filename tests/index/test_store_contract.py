"""One contract, run against every VectorStore backend: embedded Chroma in a temp dir and a real
`chroma run` server on loopback."""

from __future__ import annotations

import contextlib
import itertools
import uuid
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from index.store import ChromaStore, StoreUnavailable, VectorStore
from tip.domain import Chunk


def _chunk(i: int, doc: str, place: str, year: int) -> Chunk:
    return Chunk(
        chunk_id=f"{doc}#S{i}@0",
        doc_id=doc,
        section_id=f"{doc}#S{i}",
        text=f"t{i}",
        body=f"t{i}",
        jurisdiction=place,
        doc_type="plan",
        year=year,
    )


def _unit(v: list[float]) -> np.ndarray:
    a = np.asarray(v, dtype=np.float32)
    return a / np.linalg.norm(a)


CHUNKS = [
    _chunk(0, "a", "Kon Tum", 2021),
    _chunk(1, "a", "Kon Tum", 2021),
    _chunk(2, "b", "Kiên Giang", 2021),
    _chunk(3, "c", "national", 2020),
]
VECTORS = np.vstack([_unit([1, 0, 0]), _unit([0.9, 0.1, 0]), _unit([0, 1, 0]), _unit([0, 0, 1])])


@pytest.fixture(params=["embedded", "server"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[VectorStore]:
    name = f"contract_{uuid.uuid4().hex[:8]}"
    if request.param == "embedded":
        s = ChromaStore.embedded(tmp_path / "chroma", name)
    else:
        server = request.getfixturevalue("chroma_server")
        s = ChromaStore.server(server.url, name)
    yield s
    with contextlib.suppress(StoreUnavailable):
        s.drop()


def test_empty_store_returns_nothing(store: VectorStore) -> None:
    assert store.count() == 0
    assert store.query(_unit([1, 0, 0]), 5) == []


def test_best_first_with_cosine_similarity(store: VectorStore) -> None:
    store.upsert(CHUNKS, VECTORS)
    hits = store.query(_unit([1, 0, 0]), 3)
    assert [h[0] for h in hits[:2]] == ["a#S0@0", "a#S1@0"]
    assert hits[0][1] == pytest.approx(1.0, abs=1e-4)
    assert all(a[1] >= b[1] for a, b in itertools.pairwise(hits))
    assert len(hits) == 3


def test_upsert_replaces_by_id(store: VectorStore) -> None:
    store.upsert(CHUNKS, VECTORS)
    store.upsert(CHUNKS[:1], _unit([0, 0, 1]).reshape(1, -1))
    assert store.count() == len(CHUNKS)
    top = store.query(_unit([0, 0, 1]), 2)
    assert {h[0] for h in top} == {"a#S0@0", "c#S3@0"}


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ({"doc_id": "b"}, {"b#S2@0"}),
        ({"jurisdiction": ["Kon Tum", "national"]}, {"a#S0@0", "a#S1@0", "c#S3@0"}),
        ({"year": 2020}, {"c#S3@0"}),
        ({"doc_id": "a", "year": 2021}, {"a#S0@0", "a#S1@0"}),
        ({"doc_type": "law"}, set()),
    ],
)
def test_filters(store: VectorStore, where: dict, expected: set[str]) -> None:
    store.upsert(CHUNKS, VECTORS)
    assert {h[0] for h in store.query(_unit([1, 1, 1]), 10, where)} == expected


def test_drop_removes_everything(store: VectorStore) -> None:
    store.upsert(CHUNKS, VECTORS)
    store.drop()
    store.upsert(CHUNKS, VECTORS)  # a dropped store can be refilled (the collection is recreated)


def test_unreachable_server_is_a_clear_error() -> None:
    with pytest.raises(StoreUnavailable, match=r"(?i)chroma"):
        s = ChromaStore.server("http://127.0.0.1:9", "x", timeout_s=1.0)
        s.count()
