"""Fault injection, end to end on loopback: issue 11 items 1-8 rerun against real processes.

`python -m bench.faults` (or `make faults`) starts a real `chroma run`, real `tip serve` and `tip ingest`
processes in a temporary folder, injects each fault the way an operator (or a failing machine) would, and
prints one line per fault: what should happen, what happened, PASS or FAIL. Exit status 1 if any failed.

The corpus is the invented mini corpus of the tests (copied to the temporary folder) with the fake
embedder, so a run takes a few minutes and needs no model; pass --corpus to use another folder (copied too).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.ingest.test_pipeline import UNLISTED as NEW_DOC
from tests.servers import CHROMA, ChromaServer, free_port
from tip.settings import repo_root

REPO = repo_root()
MINI_CORPUS = REPO / "tests" / "fixtures" / "mini_corpus"
QUESTION = "Ai chủ trì hỗ trợ nạn nhân ở Hòa Bình?"
STORE_QUESTION = "Ai chủ trì hỗ trợ nạn nhân bị mua bán trở về?"  # no place: needs the vector store
CHROMA_TIMEOUT_S = 2.0
MARGIN_S = 3.0


@dataclass
class Outcome:
    fault: str
    expected: str
    observed: str
    passed: bool

    def line(self) -> str:
        return f"{'PASS' if self.passed else 'FAIL'} | {self.fault} | expected: {self.expected} | observed: {self.observed}"


class Lab:
    """A temporary folder with a corpus copy, and helpers to run `tip` commands and servers in it."""

    def __init__(self, root: Path, corpus: Path) -> None:
        self.root = root
        self.corpus = root / "corpus"
        shutil.copytree(corpus, self.corpus, symlinks=False)
        self.pristine = root / "corpus-pristine"
        shutil.copytree(corpus, self.pristine)

    def env(self, data: Path, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TIP_")}
        env.update(
            PYTHONPATH=str(REPO),
            HF_HUB_OFFLINE="1",
            TIP_EMBEDDER="fake",
            TIP_CORPUS_DIR=str(self.corpus),
            TIP_DATA_DIR=str(data),
            TIP_RATE_LIMIT_PER_MINUTE="0",
            **extra,
        )
        return env

    def tip(self, data: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "tip.cli", *args],
            capture_output=True,
            text=True,
            env=self.env(data, **extra),
            timeout=600,
        )

    def popen_tip(self, data: Path, *args: str, **extra: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "tip.cli", *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
            env=self.env(data, **extra),
        )

    @contextlib.contextmanager
    def serve(self, data: Path, **extra: str) -> Iterator[httpx.Client]:
        """`tip serve` on a free loopback port; yields a client on it, stops it afterwards."""
        port = free_port()
        log = (self.root / f"serve-{port}.log").open("w")
        proc = subprocess.Popen(
            [sys.executable, "-m", "tip.cli", "serve", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=self.env(data, **extra),
        )
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=CHROMA_TIMEOUT_S + 30)
        try:
            deadline = time.monotonic() + 180
            while True:
                with contextlib.suppress(httpx.HTTPError):
                    if client.get("/healthz").status_code == 200:
                        break
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"tip serve did not start: {(self.root / log.name).read_text()[-1500:]}"
                    )
                time.sleep(0.3)
            yield client
        finally:
            client.close()
            proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=20)
            if proc.poll() is None:
                proc.kill()
            log.close()

    def reset_corpus(self) -> None:
        shutil.rmtree(self.corpus)
        shutil.copytree(self.pristine, self.corpus)


def _wait(predicate: Callable[[], bool], timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if predicate():
                return True
        time.sleep(0.3)
    return False


def _ask(client: httpx.Client, question: str = QUESTION) -> httpx.Response:
    return client.post("/v1/ask", json={"question": question})


def _message(response: httpx.Response) -> str:
    try:
        return str(response.json()["error"]["message"])
    except (ValueError, KeyError, TypeError):
        return response.text[:200]


# -- items 1 and 2: the Chroma server --------------------------------------------------------------------
def chroma_faults(lab: Lab) -> list[Outcome]:
    if not CHROMA.exists():
        return [Outcome("1-2 chroma", "a `chroma run` server", "the chroma CLI is not installed", False)]
    server = ChromaServer(lab.root / "chroma-db", free_port(), lab.root / "chroma.log")
    server.start()
    data = lab.root / "data-chroma"
    extra = {"TIP_CHROMA_URL": server.url, "TIP_CHROMA_TIMEOUT_S": str(CHROMA_TIMEOUT_S)}
    try:
        ingest = lab.tip(data, "ingest", **extra)
        if ingest.returncode != 0:
            return [Outcome("1-2 chroma", "ingest into chroma", ingest.stderr[-300:], False)]
        with lab.serve(data, **extra) as client:
            return [_hung_chroma(server, client), _emptied_chroma(lab, server, client, data, extra)]
    finally:
        if server.proc is not None:
            os.kill(server.proc.pid, signal.SIGCONT)
        server.kill()


def _hung_chroma(server: ChromaServer, client: httpx.Client) -> Outcome:
    assert server.proc is not None
    expected = (
        f"45 asks 503 within {CHROMA_TIMEOUT_S:g}+{MARGIN_S:g} s; /v1/documents, /metrics 200; /readyz 503"
    )

    def timed_ask() -> tuple[int, float]:
        started = time.perf_counter()
        status = _ask(client, STORE_QUESTION).status_code
        return status, time.perf_counter() - started

    if not _wait(lambda: _ask(client, STORE_QUESTION).status_code == 200):
        return Outcome("1 hung chroma (SIGSTOP)", expected, "the API never answered before the fault", False)
    os.kill(server.proc.pid, signal.SIGSTOP)
    try:
        with ThreadPoolExecutor(45) as pool:
            asks = [pool.submit(timed_ask) for _ in range(45)]
            time.sleep(0.5)
            docs = client.get("/v1/documents").status_code
            metrics = client.get("/metrics").status_code
            results = [f.result() for f in asks]
        ready = client.get("/readyz")
    except httpx.HTTPError as exc:
        return Outcome("1 hung chroma (SIGSTOP)", expected, f"a request hung: {type(exc).__name__}", False)
    finally:
        os.kill(server.proc.pid, signal.SIGCONT)
    statuses = Counter(s for s, _ in results)
    slowest = max(t for _, t in results)
    observed = (
        f"asks {dict(statuses)}, slowest {slowest:.1f} s; documents {docs}, metrics {metrics}; "
        f"readyz {ready.status_code} ({_message(ready)[:60]})"
    )
    passed = (
        set(statuses) == {503}
        and slowest <= CHROMA_TIMEOUT_S + MARGIN_S
        and (docs, metrics, ready.status_code) == (200, 200, 503)
    )
    recovered = _wait(lambda: client.get("/readyz").status_code == 200)
    return Outcome(
        "1 hung chroma (SIGSTOP)", expected, observed + f"; recovered {recovered}", passed and recovered
    )


def _emptied_chroma(
    lab: Lab, server: ChromaServer, client: httpx.Client, data: Path, extra: dict[str, str]
) -> Outcome:
    expected = "ask/search 503 'does not hold build X; run `tip ingest`', readyz 503; 200 after an ingest"
    server.kill()
    shutil.rmtree(server.path)
    server.start()
    ask, search = _ask(client), client.get("/v1/search", params={"q": "hỗ trợ nạn nhân"})
    ready = client.get("/readyz")
    lab.tip(data, "ingest", **extra)
    recovered = _wait(lambda: _ask(client).status_code == 200)
    observed = (
        f"ask {ask.status_code}, search {search.status_code} ({_message(ask)[40:120]}); "
        f"readyz {ready.status_code}; after ingest: ask 200 {recovered}"
    )
    passed = (
        ask.status_code == search.status_code == ready.status_code == 503
        and "does not hold build" in _message(ask)
        and recovered
    )
    return Outcome("2 chroma restarted empty", expected, observed, passed)


# -- item 3: a document that fails now --------------------------------------------------------------------
def failing_document(lab: Lab) -> Outcome:
    data = lab.root / "data-stale"
    expected = "exit 1, error named; doc kept and marked stale; new doc lands; its questions still answer"
    lab.tip(data, "ingest")
    victim = next(p for p in sorted(lab.corpus.glob("*.md")) if "hoabinh" in p.name)
    victim.write_bytes(os.urandom(4096).replace(b"\x00", b"\x01") + b"\x00")
    (lab.corpus / "ke-hoach-quang-tri.md").write_text(NEW_DOC, encoding="utf-8")
    try:
        ingest = lab.tip(data, "ingest")
        docs = {m["doc_id"]: m for m in json.loads(lab.tip(data, "docs", "--json").stdout)}
        answer = json.loads(lab.tip(data, "ask", QUESTION, "--json").stdout)
    finally:
        lab.reset_corpus()
    stale = [d for d, m in docs.items() if m.get("stale")]
    observed = (
        f"exit {ingest.returncode}, named {victim.name in ingest.stderr}; stale {stale}; "
        f"new doc {'ke-hoach-quang-tri' in docs}; abstained {answer['abstained']}"
    )
    passed = (
        ingest.returncode == 1
        and victim.stem in stale
        and "ke-hoach-quang-tri" in docs
        and not answer["abstained"]
        and "stale" in ingest.stderr
    )
    return Outcome("3 indexed doc overwritten by a binary", expected, observed, passed)


# -- item 4: damaged build files -----------------------------------------------------------------------------
def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _scribble(path: Path) -> None:
    with path.open("r+b") as f:
        f.seek(200)
        f.write(b"\xff" * 64)


DAMAGES: dict[str, Callable[[Path], None]] = {
    "truncated documents.json": lambda b: _truncate(b / "documents.json"),
    "corrupt vectors.npy": lambda b: _scribble(b / "vectors.npy"),
    "missing lexical/": lambda b: shutil.rmtree(b / "lexical"),
    "junk chroma sqlite": lambda b: (b / "chroma" / "chroma.sqlite3").write_bytes(b"not a database" * 500),
}


def damaged_builds(lab: Lab) -> list[Outcome]:
    outcomes = []
    for name, damage in DAMAGES.items():
        data = lab.root / f"data-damaged-{name.split()[-1].strip('/.')}"
        lab.tip(data, "ingest")
        older = (data / "current").resolve()
        lab.tip(data, "ingest")
        newer = (data / "current").resolve()
        damage(newer)
        ask = lab.tip(data, "ask", QUESTION)
        verify = lab.tip(data, "index", "verify")
        observed = (
            f"tip ask exit {ask.returncode}, warning {'damaged index' in ask.stderr.lower()}, "
            f"serves older {older.name in ask.stderr}; verify exit {verify.returncode}"
        )
        passed = (
            ask.returncode == 0
            and "damaged index" in ask.stderr.lower()
            and older.name in ask.stderr
            and verify.returncode == 3
        )
        expected = "falls back to the older build with a loud warning; `tip index verify` exit 3"
        outcomes.append(Outcome(f"4 {name}", expected, observed, passed))
    outcomes.append(_nothing_intact(lab))
    return outcomes


def _nothing_intact(lab: Lab) -> Outcome:
    data = lab.root / "data-damaged-all"
    lab.tip(data, "ingest")
    _truncate((data / "current").resolve() / "documents.json")
    ask = lab.tip(data, "ask", QUESTION)
    with lab.serve(data) as client:
        ready, answer = client.get("/readyz"), _ask(client)
    lines = ask.stderr.strip().splitlines()
    observed = (
        f"tip ask exit {ask.returncode}, {len(lines)} line(s), traceback {'Traceback' in ask.stderr}; "
        f"API up, readyz {ready.status_code}, ask {answer.status_code} ({_message(ready)[:70]})"
    )
    passed = (
        ask.returncode == 3
        and len(lines) == 1
        and ready.status_code == answer.status_code == 503
        and "damaged" in _message(ready)
    )
    return Outcome(
        "4 no intact build", "CLI one line + exit 3; API starts, 503 with the reason", observed, passed
    )


# -- item 5: leftovers of killed ingests ----------------------------------------------------------------
def staging_leftovers(lab: Lab) -> Outcome:
    data = lab.root / "data-staging"
    lab.tip(data, "ingest")
    killed = 0
    for _ in range(5):  # kill -9 an ingest while it writes its staging folder
        proc = lab.popen_tip(data, "ingest")
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if list((data / "builds").glob(".staging-*/owner.pid")):
                proc.kill()
                killed += 1
                break
            time.sleep(0.01)
        proc.wait()
    left = len(list((data / "builds").glob(".staging-*")))
    lab.tip(data, "ingest")
    after = len(list((data / "builds").glob(".staging-*")))
    observed = f"{killed} ingests killed -9, {left} staging folders left; after the next ingest: {after}"
    expected = "the next ingest removes every staging folder no live process holds"
    return Outcome("5 killed ingests' leftovers", expected, observed, killed > 0 and left > 0 and after == 0)


# -- item 6: feedback on a full store ---------------------------------------------------------------------
def full_feedback(lab: Lab) -> Outcome:
    data = lab.root / "data-feedback"
    lab.tip(data, "ingest")
    statuses: list[int] = []
    with lab.serve(
        data, TIP_FEEDBACK_MAX_MB="0.08"
    ) as client:  # SQLite reports SQLITE_FULL, as on a full disk
        answer_id = _ask(client).json()["answer_id"]
        for _ in range(120):
            r = client.post(
                "/v1/feedback", json={"answer_id": answer_id, "rating": "down", "comment": "x" * 1900}
            )
            statuses.append(r.status_code)
            if r.status_code != 201:
                break
        after = _ask(client).status_code
    counts = Counter(statuses)
    observed = f"feedback {dict(counts)}; last {statuses[-1]}; /v1/ask afterwards {after}"
    passed = statuses[-1] in (507, 503) and 500 not in counts and after == 200
    return Outcome(
        "6 feedback store full", "507 (or 503 with the reason); answers keep working", observed, passed
    )


# -- items 7 and 8: corpus guards --------------------------------------------------------------------------
def oversized(lab: Lab) -> list[Outcome]:
    data = lab.root / "data-size"
    big = lab.corpus / "huge.md"
    many = lab.corpus / "many-sections.md"
    article = "Điều {i}. Quy định số {i}\nNội dung về phòng, chống mua bán người. {pad}\n\n"
    pad = "x" * (30 * 1024 * 1024 // 33000 - 80)  # 33,000 articles, 30 MB in all
    big.write_text(
        "LUẬT\n\n" + "".join(article.format(i=i, pad=pad) for i in range(1, 33001)), encoding="utf-8"
    )
    many.write_text(
        "LUẬT\n\n" + "".join(article.format(i=i, pad="") for i in range(1, 6001)), encoding="utf-8"
    )
    try:
        started = time.perf_counter()
        ingest = lab.tip(data, "ingest")
        seconds = time.perf_counter() - started
        docs = json.loads(lab.tip(data, "docs", "--json").stdout or "[]")
    finally:
        lab.reset_corpus()
    size_line = next((line for line in ingest.stderr.splitlines() if "huge.md" in line), "")
    count_line = next((line for line in ingest.stderr.splitlines() if "many-sections.md" in line), "")
    expected_docs = len([p for p in lab.pristine.iterdir() if p.suffix == ".md"])
    return [
        Outcome(
            "7 30 MB file, 33,000 sections",
            "clear error naming the file and the 20 MB limit; the others ingest",
            f"{size_line.strip()[:110]!r}; {len(docs)} docs indexed in {seconds:.0f} s",
            "20 MB" in size_line and len(docs) == expected_docs,
        ),
        Outcome(
            "7 6,000 sections",
            "clear error naming the file and the 5000-section limit",
            f"{count_line.strip()[:110]!r}",
            "5000" in count_line,
        ),
    ]


def silent_skips(lab: Lab) -> list[Outcome]:
    data = lab.root / "data-skips"
    hidden = lab.corpus / "..%2F..%2Fetc%2Fpasswd.md"
    hidden.write_text("1. Mục\n", encoding="utf-8")
    link = lab.corpus / "passwd.txt"
    os.symlink("/etc/passwd", link)
    try:
        ingest = lab.tip(data, "ingest")
        docs = json.loads(lab.tip(data, "docs", "--json").stdout or "[]")
    finally:
        lab.reset_corpus()
    hidden_line = next((line for line in ingest.stderr.splitlines() if hidden.name in line), "")
    link_line = next((line for line in ingest.stderr.splitlines() if "passwd.txt" in line), "")
    served = any(d["file"] == "passwd.txt" for d in docs)
    return [
        Outcome(
            "8 file named '..%2F..%2Fetc%2Fpasswd.md'",
            "named in the summary with the reason",
            repr(hidden_line.strip()[:110]),
            "hidden" in hidden_line,
        ),
        Outcome(
            "8 symlink passwd.txt -> /etc/passwd",
            "refused with a warning, not indexed",
            f"{link_line.strip()[:100]!r}; indexed {served}",
            "outside the corpus folder" in link_line and not served,
        ),
    ]


def run(corpus: Path, keep: bool) -> list[Outcome]:
    root = Path(tempfile.mkdtemp(prefix="tip-faults-"))
    lab = Lab(root, corpus)
    outcomes: list[Outcome] = []
    steps: list[Callable[[Lab], Outcome | list[Outcome]]] = [
        chroma_faults,
        failing_document,
        damaged_builds,
        staging_leftovers,
        full_feedback,
        oversized,
        silent_skips,
    ]
    try:
        for step in steps:
            try:
                result = step(lab)
            except Exception as exc:  # one broken step is a FAIL line, not the end of the run
                result = Outcome(step.__name__, "the step runs", f"{type(exc).__name__}: {exc}"[:200], False)
            for outcome in result if isinstance(result, list) else [result]:
                print(outcome.line(), flush=True)
                outcomes.append(outcome)
    finally:
        if keep:
            print(f"kept {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)
    return outcomes


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=MINI_CORPUS, help="Corpus folder (copied first).")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary folder (logs, data dirs).")
    args = parser.parse_args()
    outcomes = run(args.corpus, args.keep)
    failed = sum(not o.passed for o in outcomes)
    print(f"{len(outcomes) - failed} of {len(outcomes)} faults handled", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
