"""The `tip` command end to end on the invented mini corpus (fake embedder: fast, deterministic)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tip.cli import app

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, mini_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    monkeypatch.setenv("TIP_EMBEDDER", "fake")
    monkeypatch.setenv("TIP_CORPUS_DIR", str(mini_corpus))
    monkeypatch.setenv("TIP_DATA_DIR", str(tmp_path / "data"))
    return {"corpus": mini_corpus, "data": tmp_path / "data"}


def tip(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_ingest_summary_and_unchanged_reingest(env: dict[str, Path]) -> None:
    code, out = tip("ingest")
    assert code == 0, out
    assert "documents" in out and "assignments" in out and "seconds" in out
    code, out = tip("ingest")
    assert code == 0 and "embedded (cache misses) │ 0" in out.replace("  ", " ").replace(" │ 0", " │ 0")
    code, out = tip("ingest", "--if-changed")
    assert code == 0 and "up to date" in out


def test_bad_files_are_named_and_the_rest_ingests(env: dict[str, Path]) -> None:
    (env["corpus"] / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    (env["corpus"] / "table.xlsx").write_bytes(b"PK\x03\x04")
    (env["corpus"] / "empty.txt").write_text("", encoding="utf-8")
    code, out = tip("ingest")
    assert code == 1
    for name in ("broken.pdf", "table.xlsx", "empty.txt"):
        assert name in out
    code, out = tip("docs", "--json")
    assert code == 0 and {d["doc_id"] for d in json.loads(out)} == {"kh-hoabinh-test", "qd-99-test"}


def test_failed_reingest_leaves_the_previous_index_serving(env: dict[str, Path]) -> None:
    assert tip("ingest")[0] == 0
    before = (env["data"] / "current").resolve()
    (env["corpus"] / "manifest.yaml").write_text("documents: [ {doc_id: x", encoding="utf-8")
    code, out = tip("ingest")
    assert code == 1 and "manifest.yaml" in out and "malformed YAML" in out
    assert (env["data"] / "current").resolve() == before
    code, out = tip("ask", "--json", "Ai chủ trì hỗ trợ nạn nhân ở Hòa Bình?")
    assert code == 0 and json.loads(out)["citations"]


def test_sections_responsibilities_and_ask(env: dict[str, Path]) -> None:
    assert tip("ingest")[0] == 0
    code, out = tip("sections", "kh-hoabinh-test")
    assert code == 0 and "II.1.2" in out and "Phân công thực hiện" in out
    code, out = tip("sections", "no-such-doc")
    assert code == 2 and "unknown doc_id" in out
    code, out = tip("responsibilities", "--json", "--jurisdiction", "Hòa Bình")
    records = json.loads(out)
    assert code == 0 and records
    assert {"doc_id", "section_id", "task", "leads", "coordinators", "jurisdiction", "text"} <= set(
        records[0]
    )
    code, out = tip("ask", "--json", "Ai chủ trì hỗ trợ nạn nhân bị mua bán ở Hòa Bình?")
    answer = json.loads(out)
    assert code == 0 and not answer["abstained"]
    assert "Lao động" in answer["answer"] and answer["citations"][0]["doc_id"] == "kh-hoabinh-test"


def test_empty_question_and_missing_index(env: dict[str, Path]) -> None:
    code, out = tip("ask", "hello")
    assert code == 3 and "tip ingest" in out
    assert tip("ingest")[0] == 0
    code, out = tip("ask", "   ")
    assert code == 2 and "empty" in out


def test_interrupted_build_keeps_current_and_leaves_no_staging(env: dict[str, Path]) -> None:
    from index.build import build_index
    from index.embeddings import HashingFakeEmbeddings
    from ingest.pipeline import ingest_corpus
    from tip.settings import Settings

    assert tip("ingest")[0] == 0
    before = (env["data"] / "current").resolve()

    class Exploding(HashingFakeEmbeddings):
        key = "exploding"

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            raise KeyboardInterrupt

    report = ingest_corpus(env["corpus"])
    with pytest.raises(KeyboardInterrupt):
        build_index(report.documents, Settings(), Exploding())
    assert (env["data"] / "current").resolve() == before
    assert not list((env["data"] / "builds").glob(".staging-*"))
    shutil.rmtree(env["data"] / "builds" / before.name)  # and the pointer really is what serves
    assert tip("docs")[0] == 3


def test_ask_shows_how_the_question_was_understood(env: dict[str, Path]) -> None:
    assert tip("ingest")[0] == 0
    code, out = tip("ask", "hoa binh ai chu tri tuyen truyen")
    assert code == 0
    assert out.splitlines()[0] == "Hiểu câu hỏi là: Hòa Bình ai chủ trì tuyên truyền · địa bàn: Hòa Bình"
