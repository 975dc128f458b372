"""Measuring helpers: machine facts, percentiles, sizes on disk, child jobs, the API and Chroma servers,
and the HTTP load generator (threads of httpx clients on loopback, bounded by count and time)."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tip.settings import repo_root

PY = sys.executable


# -- machine ---------------------------------------------------------------------------
def machine_facts() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    import chromadb

    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_model": cpu,
        "ram_gib": mem_gib,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "chromadb": chromadb.__version__,
        "load_avg": [round(x, 2) for x in os.getloadavg()],
    }


def load_avg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


# -- statistics ------------------------------------------------------------------------
def percentile(values: Sequence[float], pct: float) -> float | None:
    """Nearest-rank percentile (the value below which pct % of the samples fall)."""
    if not values:
        return None
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return round(ordered[k], 1)


def median(values: Sequence[float | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return round(statistics.median(vals), 2) if vals else None


def dir_size_mb(path: Path) -> float:
    total = 0
    if path.is_file():
        return round(path.stat().st_size / 1e6, 1)
    for root, _dirs, files in os.walk(path):
        for f in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(root, f)).st_size
    return round(total / 1e6, 1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- child jobs ------------------------------------------------------------------------
def run_job(
    args: list[str], log: Path | None = None, timeout: float | None = None, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """Run `python -m bench.jobs …`; its stderr goes to `log` (appended); returns its RESULT json."""
    cmd = [PY, "-m", "bench.jobs", *args]
    err = open(log, "a") if log else subprocess.DEVNULL  # noqa: SIM115
    try:
        proc = subprocess.run(
            cmd, stdout=subprocess.PIPE, stderr=err, text=True, timeout=timeout, cwd=repo_root(), env=env
        )
    finally:
        if log:
            err.close()  # type: ignore[union-attr]
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    raise RuntimeError(
        f"job {' '.join(args[:1])} failed (exit {proc.returncode}); see {log}: {proc.stdout[-2000:]}"
    )


def clean_env(**tip: str | None) -> dict[str, str]:
    """The environment without the developer's TIP_* settings, plus the given ones."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIP_")}
    env.setdefault("HF_HUB_OFFLINE", "1")
    for key, value in tip.items():
        if value is not None:
            env[f"TIP_{key.upper()}"] = str(value)
    return env


# -- servers ---------------------------------------------------------------------------
def proc_status_mb(pid: int, field_name: str) -> float | None:
    """VmRSS / VmHWM (peak) of a process from /proc, in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


class _ServerProcess:
    """A server subprocess this benchmark started: its peak memory, and a clean stop."""

    proc: subprocess.Popen[bytes] | None = None

    def peak_rss_mb(self) -> float | None:
        return proc_status_mb(self.proc.pid, "VmHWM") if self.proc else None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


class ApiServer(_ServerProcess):
    """`tip serve` as a child process on 127.0.0.1 (rate limit off), with its peak RSS from /proc."""

    def __init__(
        self, data_dir: Path, embedder: str, chroma_url: str | None = None, log: Path | None = None
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = clean_env(
            data_dir=str(data_dir),
            embedder=embedder,
            chroma_url=chroma_url,
            api_host="127.0.0.1",
            api_port=str(self.port),
            rate_limit_per_minute="0",
        )
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None
        self.startup_s: float | None = None

    def start(self, timeout: float = 600.0) -> ApiServer:
        tip = Path(PY).parent / "tip"
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        started = time.perf_counter()
        self.proc = subprocess.Popen(
            [str(tip), "serve"], env=self.env, stdout=out, stderr=out, cwd=repo_root()
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"tip serve exited with {self.proc.returncode}; see {self.log}")
            try:
                r = httpx.get(f"{self.url}/readyz", timeout=2.0)
                if r.status_code == 200:
                    self.startup_s = round(time.perf_counter() - started, 2)
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"tip serve not ready on {self.url} within {timeout}s")

    def rss_mb(self) -> float | None:
        return proc_status_mb(self.proc.pid, "VmRSS") if self.proc else None

    def cpu_s(self) -> float:
        """User + system CPU seconds of the server process so far (all threads)."""
        if self.proc is None:
            return 0.0
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return 0.0


class ChromaServer(_ServerProcess):
    """A real `chroma run` on loopback (as tests/conftest.py starts it)."""

    def __init__(self, path: Path, log: Path | None = None) -> None:
        self.path, self.port, self.log = path, free_port(), log
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 90.0) -> ChromaServer:
        chroma = Path(PY).parent / "chroma"
        self.path.mkdir(parents=True, exist_ok=True)
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        self.proc = subprocess.Popen(
            [str(chroma), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=out,
            stderr=out,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1.0).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"chroma run did not answer on {self.url} within {timeout}s")


# -- HTTP load -------------------------------------------------------------------------
@dataclass
class LoadResult:
    clients: int
    requests: int = 0
    errors: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    wall_s: float = 0.0
    error_samples: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "clients": self.clients,
            "requests": self.requests,
            "errors": self.errors,
            "p50_ms": percentile(self.latencies_ms, 50),
            "p95_ms": percentile(self.latencies_ms, 95),
            "max_ms": round(max(self.latencies_ms), 1) if self.latencies_ms else None,
            "throughput_rps": round(self.requests / self.wall_s, 2) if self.wall_s else None,
            "wall_s": round(self.wall_s, 2),
            "error_samples": self.error_samples[:3],
        }


def http_load(
    url: str, questions: Sequence[str], clients: int, max_requests: int, max_seconds: float
) -> LoadResult:
    """`clients` threads, each with its own keep-alive connection, POST /v1/ask back to back until
    `max_requests` are sent in total or `max_seconds` have passed."""
    result = LoadResult(clients)
    lock = threading.Lock()
    counter = iter(range(10**9))
    deadline = time.monotonic() + max_seconds

    def worker() -> None:
        with httpx.Client(base_url=url, timeout=60.0) as client:
            while True:
                with lock:
                    i = next(counter)
                if i >= max_requests or time.monotonic() > deadline:
                    return
                q = questions[i % len(questions)]
                t = time.perf_counter()
                try:
                    r = client.post("/v1/ask", json={"question": q})
                    ok = r.status_code == 200
                    why = f"{r.status_code} {r.text[:160]}"
                except httpx.HTTPError as exc:
                    ok, why = False, f"{type(exc).__name__}: {exc}"
                ms = (time.perf_counter() - t) * 1000
                with lock:
                    result.requests += 1
                    if ok:
                        result.latencies_ms.append(ms)
                    else:
                        result.errors += 1
                        result.error_samples.append(why)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(max_seconds + 120)
    result.wall_s = time.perf_counter() - started
    return result
