"""The evaluation fixtures (evals/corpus: a law, a decree as .docx, the ACTIP convention in English) ingest
together with the seed corpus, each with the doc_type and language its manifest gives."""

from __future__ import annotations

import pytest

from ingest.manifest import load_manifest
from ingest.pipeline import ingest_corpus
from tests.conftest import SHARED_CORPUS
from tip.settings import repo_root

FIXTURES = repo_root() / "evals" / "corpus"


def test_fixtures_ingest_with_the_seed_corpus() -> None:
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside the repository")
    report = ingest_corpus(SHARED_CORPUS, extra_dirs=[FIXTURES])
    assert not report.errors
    docs = {d.meta.doc_id: d for d in report.documents}
    for entry in load_manifest(FIXTURES).values():
        meta = docs[entry.doc_id].meta
        assert (meta.doc_type, meta.language) == (entry.doc_type, entry.language), entry.doc_id
    assert {e.doc_id for e in load_manifest(SHARED_CORPUS).values()} <= set(docs)


def test_fixture_laws_parse_into_articles() -> None:
    report = ingest_corpus(FIXTURES)
    labels = {d.meta.doc_id: {s.label for s in d.sections} for d in report.documents}
    assert {"D2", "D13.2", "D15.1.đ"} <= labels["luat-pcmbn-53-2024"]
    assert {"D4.1.a", "D10.2"} <= labels["nd-162-2025-nd-cp"]
    assert {"Art2.e", "Art10.6.d", "Art23"} <= labels["actip-2015"]
