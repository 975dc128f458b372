"""Answer latency and re-ingest time on the real corpus (not a timed test).

    python -m bench.answer_latency [--data-dir DIR] [--rounds 3]

Builds (or reuses) the index of TIP_CORPUS_DIR with the bundled model, then measures:
- re-ingest of the unchanged corpus (`tip ingest` path, embedding cache warm): median of `rounds`;
- in-process `Engine.ask` latency over every question of ../shared/evals/dev.yaml and evals/sets/extra.yaml,
  after one warm-up pass: p50 / p95 per round, and their medians.
Prints a JSON summary with the machine facts; writes it to bench/results/answer-latency-<time>.json."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import time
from pathlib import Path

from evals.scoring import load_set
from index.build import build_index
from index.embeddings import build_embeddings
from index.engine import Engine
from ingest.pipeline import ingest_corpus
from tip.settings import Settings, repo_root


def machine() -> dict[str, object]:
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        "?",
    )
    mem_kb = next(
        (
            int(ln.split()[1])
            for ln in Path("/proc/meminfo").read_text().splitlines()
            if ln.startswith("MemTotal")
        ),
        0,
    )
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": round(mem_kb / 2**20, 1),
        "python": platform.python_version(),
        "load_avg": os.getloadavg(),
    }


def reingest_seconds(settings: Settings) -> float:
    started = time.perf_counter()
    report = ingest_corpus(settings.corpus_dir)
    build_index(report.documents, settings, build_embeddings(settings))
    return time.perf_counter() - started


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, default=repo_root() / "data" / "bench" / "answers")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    settings = Settings(data_dir=args.data_dir)
    first = reingest_seconds(settings)  # cold the first time this data dir is used, warm afterwards
    warm = [reingest_seconds(settings) for _ in range(args.rounds)]
    questions = [
        q.question
        for p in (
            repo_root().parent / "shared" / "evals" / "dev.yaml",
            repo_root() / "evals" / "sets" / "extra.yaml",
        )
        if p.exists()
        for q in load_set(p)
    ]
    engine = Engine(settings).load()
    for q in questions:
        engine.ask(q)
    rounds = []
    for _ in range(args.rounds):
        lat = []
        for q in questions:
            started = time.perf_counter()
            engine.ask(q)
            lat.append((time.perf_counter() - started) * 1000)
        rounds.append({"p50_ms": round(statistics.median(lat), 1), "p95_ms": round(percentile(lat, 95), 1)})
    summary = {
        "machine": machine(),
        "questions": len(questions),
        "first_ingest_s": round(first, 2),
        "reingest_unchanged_s": [round(s, 2) for s in warm],
        "reingest_unchanged_median_s": round(statistics.median(warm), 2),
        "ask_rounds": rounds,
        "ask_p50_median_ms": statistics.median(r["p50_ms"] for r in rounds),
        "ask_p95_median_ms": statistics.median(r["p95_ms"] for r in rounds),
    }
    out = repo_root() / "bench" / "results" / f"answer-latency-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
