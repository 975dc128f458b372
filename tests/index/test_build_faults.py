"""issue 11, items 3-5: a failing document keeps its last good version, damaged build files are recognised
(checksums, fallback to the newest intact build, 503 / exit 3 when none), staging leftovers are removed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.app import create_app
from index.build import BuildDamaged, build_index, current_build_dir, verify_build
from index.embeddings import build_embeddings
from index.engine import Engine, Unavailable
from ingest.pipeline import ingest_corpus
from tests.api.conftest import asgi_client, assert_error
from tests.ingest.test_pipeline import UNLISTED as NEW_DOC
from tip.cli import app
from tip.settings import Settings

runner = CliRunner()  # its output holds stdout and stderr
HOABINH = "Ai chủ trì hỗ trợ nạn nhân ở Hòa Bình?"


@pytest.fixture
def env(tmp_path: Path, mini_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("TIP_EMBEDDER", "fake")
    monkeypatch.setenv("TIP_CORPUS_DIR", str(mini_corpus))
    monkeypatch.setenv("TIP_DATA_DIR", str(tmp_path / "data"))
    return Settings()


def tip(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


# -- item 3: a document that fails now keeps its last good version -----------------------------------
def test_a_failing_document_keeps_its_last_good_version(env: Settings) -> None:
    assert tip("ingest")[0] == 0
    (env.corpus_dir / "kh-hoabinh-test.md").write_bytes(b"\x00\x01\x02binary" * 100)
    (env.corpus_dir / "ke-hoach-quang-tri.md").write_text(NEW_DOC, encoding="utf-8")

    code, out = tip("ingest")
    assert code == 1 and "kh-hoabinh-test.md" in out  # the error is still reported
    assert "stale" in out and "kh-hoabinh-test" in out  # ... and the summary says what was kept
    code, out = tip("docs", "--json")
    metas = {m["doc_id"]: m for m in json.loads(out[: out.rindex("]") + 1])}
    assert set(metas) == {"kh-hoabinh-test", "qd-99-test", "ke-hoach-quang-tri"}  # the new one landed
    assert "binary" in metas["kh-hoabinh-test"]["stale"] and metas["qd-99-test"]["stale"] is None
    engine = Engine(env).load()
    assert engine.ask(HOABINH).abstained is False  # Hòa Bình questions still answer
    assert engine.snap.info.stale == ["kh-hoabinh-test"]

    code, out = tip("ingest")  # failing again: still kept, still stale
    assert code == 1 and "kh-hoabinh-test" in {m.doc_id for m in Engine(env).load().documents()}

    code, _ = tip("ingest", "--drop-failed")
    assert code == 1 and "kh-hoabinh-test" not in {m.doc_id for m in Engine(env).load().documents()}


@pytest.mark.anyio
async def test_stale_documents_are_marked_in_the_api(env: Settings) -> None:
    assert tip("ingest")[0] == 0
    (env.corpus_dir / "kh-hoabinh-test.md").write_bytes(b"\x00" * 50)
    assert tip("ingest")[0] == 1
    async with asgi_client(create_app(env)) as client:
        docs = {d["doc_id"]: d for d in (await client.get("/v1/documents")).json()["documents"]}
    assert docs["kh-hoabinh-test"]["stale"] and docs["qd-99-test"]["stale"] is None


# -- item 4: damaged build files ----------------------------------------------------------------------
def _truncate_documents(build: Path) -> None:
    data = (build / "documents.json").read_bytes()
    (build / "documents.json").write_bytes(data[: len(data) // 2])


def _corrupt_vectors(build: Path) -> None:
    with (build / "vectors.npy").open("r+b") as f:
        f.seek(200)
        f.write(b"\xff" * 64)


def _remove_lexical(build: Path) -> None:
    for path in sorted((build / "lexical").rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    (build / "lexical").rmdir()


DAMAGES: dict[str, Callable[[Path], None]] = {
    "truncated documents.json": _truncate_documents,
    "corrupt vectors.npy": _corrupt_vectors,
    "missing lexical/": _remove_lexical,
}


def _two_builds(settings: Settings) -> tuple[Path, Path]:
    report = ingest_corpus(settings.corpus_dir)
    build_index(report.documents, settings, build_embeddings(settings))
    older = current_build_dir(settings.data_dir)
    build_index(report.documents, settings, build_embeddings(settings))
    newer = current_build_dir(settings.data_dir)
    assert older and newer and older != newer
    return older, newer


def test_build_json_records_checksums(env: Settings) -> None:
    _, build = _two_builds(env)
    info = verify_build(build)
    assert {"documents.json", "chunks.json", "vectors.npy", "vocab.json", "lexical/chunk_ids.json"} <= set(
        info.checksums
    )


@pytest.mark.parametrize("damage", list(DAMAGES), ids=list(DAMAGES))
def test_a_damaged_current_build_falls_back_to_the_newest_intact_one(
    env: Settings, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    older, newer = _two_builds(env)
    DAMAGES[damage](newer)
    with pytest.raises(BuildDamaged):
        verify_build(newer)
    engine = Engine(env).load()
    assert engine.snap.info.build_id == older.name
    assert engine.ask(HOABINH).abstained is False
    ok, reason = engine.ready()
    assert ok and "WARNING" in reason and newer.name in reason and older.name in reason
    assert any("DAMAGED INDEX" in r.getMessage() for r in caplog.records)


@pytest.mark.anyio
async def test_no_intact_build_starts_the_api_not_ready_with_the_reason(env: Settings) -> None:
    report = ingest_corpus(env.corpus_dir)
    build_index(report.documents, env, build_embeddings(env))
    build = current_build_dir(env.data_dir)
    assert build is not None
    _truncate_documents(build)
    with pytest.raises(Unavailable, match="damaged"):
        Engine(env).load()
    async with asgi_client(create_app(env)) as client:
        assert (await client.get("/healthz")).status_code == 200
        err = assert_error(await client.get("/readyz"), 503, "not_ready")
        assert "documents.json" in err["message"] and "damaged" in err["message"]
        assert_error(await client.post("/v1/ask", json={"question": HOABINH}), 503, "index_unavailable")

    code, out = tip("ask", HOABINH)
    assert code == 3 and "Traceback" not in out
    assert len(out.strip().splitlines()) == 1 and "documents.json" in out
    code, out = tip("index", "verify")
    assert code == 3 and "DAMAGED" in out and "documents.json" in out


def _tip_in_a_new_process(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tip.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
        timeout=300,
    )


def test_junk_chroma_sqlite_is_damage_in_a_fresh_process(env: Settings) -> None:
    """The process that wrote the build keeps Chroma open; `tip ask` is a new process, as in the issue."""
    older, newer = _two_builds(env)
    (newer / "chroma" / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    proc = _tip_in_a_new_process("ask", HOABINH)
    assert proc.returncode == 0, proc.stderr
    assert "damaged index" in proc.stderr.lower() and older.name in proc.stderr
    assert "Traceback" not in proc.stderr

    (older / "documents.json").write_text("[", encoding="utf-8")  # now nothing is intact
    proc = _tip_in_a_new_process("ask", HOABINH)
    assert proc.returncode == 3 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_index_verify_reports_each_build(env: Settings) -> None:
    older, _ = _two_builds(env)
    code, out = tip("index", "verify")
    assert code == 0 and out.count("ok ") == 2 and "(current)" in out
    _corrupt_vectors(older)
    code, out = tip("index", "verify")
    assert code == 0 and "DAMAGED" in out and older.name in out  # the current one is intact
    code, out = tip("index", "verify", "--build", older.name)
    assert code == 3 and "vectors.npy" in out


# -- item 5: leftovers of killed ingests ------------------------------------------------------------------
def test_each_ingest_removes_staging_folders_no_live_process_holds(env: Settings) -> None:
    builds = env.data_dir / "builds"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    dead_pid = int(dead.stdout)
    abandoned = builds / ".staging-20260101T000000-aaaaaa"
    live = builds / ".staging-20260101T000000-bbbbbb"
    for folder, pid in ((abandoned, dead_pid), (live, os.getppid())):
        folder.mkdir(parents=True)
        (folder / "owner.pid").write_text(str(pid))
        (folder / "vectors.npy").write_bytes(b"x" * 1000)
    report = ingest_corpus(env.corpus_dir)
    build_index(report.documents, env, build_embeddings(env))
    assert not abandoned.exists()  # a fresh leftover: before, kept for an hour
    assert live.exists()  # its writer is alive
    assert not list(builds.glob(".staging-*/owner.pid")) or live.exists()
