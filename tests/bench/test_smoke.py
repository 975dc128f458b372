"""`python -m bench.run --smoke` end to end: a ~300-chunk generated corpus, fake embedder, a few asks, one HTTP
client; checks the results JSON has every figure the full benchmark reports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tip.settings import repo_root

pytestmark = pytest.mark.slow  # starts `tip serve` (the project's marker for servers)

SHARED_CORPUS = repo_root().parent / "shared" / "corpus"


@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="../shared/corpus is not beside the repository")
def test_smoke_produces_results(tmp_path: Path) -> None:
    results_dir, data_dir = tmp_path / "results", tmp_path / "bench-data"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.run",
            "--smoke",
            "--results-dir",
            str(results_dir),
            "--data-dir",
            str(data_dir),
        ],
        cwd=repo_root(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    files = list(results_dir.glob("smoke-*.json"))
    assert len(files) == 1
    data = json.loads(files[0].read_text(encoding="utf-8"))

    machine = data["meta"]["machine"]
    assert {"nproc", "cpu_model", "ram_gib", "python"} <= machine.keys()
    assert data["meta"]["smoke"] is True
    (size,) = data["sizes"].values()
    assert "error" not in size, size.get("error")
    assert 100 <= size["chunks"] <= 400
    assert size["corpus"]["real_docs"] == 5 and size["corpus"]["distractors"] >= 1

    cold = size["ingest_cold"]
    assert {"ingest_s", "chunks_per_s", "peak_rss_mb", "embedded"} <= cold.keys()
    assert cold["embedded"] == size["chunks"]  # cold: every vector computed
    assert size["index_size_mb"]["build_total"] > 0

    inproc = size["inprocess"]
    assert {"p50_ms", "p95_ms", "engine_load_s", "dev"} <= inproc.keys()
    assert {"hit@1", "hit@5", "mrr", "answer_ok", "abstain_ok"} <= inproc["dev"].keys()
    assert inproc["dev"]["n"] >= 20

    http = size["http"]
    level = http["levels"]["1"]
    assert level["errors"] == 0 and level["requests"] >= 1
    assert level["p50_ms"] > 0 and level["p95_ms"] >= level["p50_ms"]
    assert http["api_peak_rss_mb"] > 0

    # a smoke run never rewrites the human summary
    assert not (results_dir.parent / "docs").exists()
