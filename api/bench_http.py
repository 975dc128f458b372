"""HTTP latency check (not a test): `tip serve` on loopback over a built index, N sequential /v1/ask.

    python -m api.bench_http --data-dir /tmp/apidata [-n 30] [--question "..."]

It measures what a client sees (HTTP, JSON, the engine), after one warm-up request, and reports whether
the answer cites the expected document with a section naming the expected agency."""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from tip.text import answer_normalize

QUESTION = "Who leads victim support in Kon Tum?"
EXPECT_DOC = "kh-kontum-actip"
EXPECT_TEXT = "Sở Lao động Thương binh và Xã hội"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 30 samples is the 29th smallest)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.4999)))
    return ordered[rank - 1]


def _wait_ready(client: httpx.Client, proc: subprocess.Popen[bytes], timeout: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"`tip serve` exited with code {proc.returncode}")
        try:
            if client.get("/readyz").status_code == 200:
                return time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"`tip serve` was not ready after {timeout:.0f} s")


def _cites_expected(answer: dict[str, Any]) -> bool:
    want = answer_normalize(EXPECT_TEXT)
    return any(c["doc_id"] == EXPECT_DOC and want in answer_normalize(c["text"]) for c in answer["citations"])


def bench(
    data_dir: Path, n: int = 30, question: str = QUESTION, ready_timeout: float = 300.0
) -> dict[str, Any]:
    """Start `tip serve`, ask `question` n times in a row, stop the server; return the numbers."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "TIP_API_KEYS"}
    env.update({"TIP_DATA_DIR": str(data_dir), "TIP_RATE_LIMIT_PER_MINUTE": "0"})
    command = [sys.executable, "-m", "tip.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            startup_s = _wait_ready(client, proc, ready_timeout)
            t0 = time.perf_counter()
            warm = client.post("/v1/ask", json={"question": question})
            warm.raise_for_status()
            warmup_ms = (time.perf_counter() - t0) * 1000
            latencies, engine_ms = [], []
            for _ in range(n):
                t0 = time.perf_counter()
                r = client.post("/v1/ask", json={"question": question})
                latencies.append((time.perf_counter() - t0) * 1000)
                r.raise_for_status()
                engine_ms.append(r.json()["timings"]["engine_ms"])
            answer = r.json()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return {
        "question": question,
        "n": n,
        "startup_s": round(startup_s, 1),
        "warmup_ms": round(warmup_ms, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(_percentile(latencies, 95), 1),
        "max_ms": round(max(latencies), 1),
        "engine_p50_ms": round(statistics.median(engine_ms), 1),
        "engine_p95_ms": round(_percentile(engine_ms, 95), 1),
        "abstained": answer["abstained"],
        "answer": answer["answer"],
        "citations": [f"{c['section_id']} — {c['heading_path']}" for c in answer["citations"]],
        "cites_expected": _cites_expected(answer),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data-dir", type=Path, default=Path(os.environ.get("TIP_DATA_DIR", "data")))
    parser.add_argument("-n", type=int, default=30)
    parser.add_argument("--question", default=QUESTION)
    args = parser.parse_args(argv)
    result = bench(args.data_dir.resolve(), args.n, args.question)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    print(f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms over {result['n']} sequential POST /v1/ask")
    print(f"cites {EXPECT_DOC} with a section naming '{EXPECT_TEXT}': {result['cites_expected']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
