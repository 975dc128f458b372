"""Runs a question set through the engine: per-question JSONL, summary tables, regressions, minimums."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from evals.scoring import EvalSetError, Question, QuestionScore, load_set, score_question
from tip.domain import Answer

__all__ = ["EvalSetError", "run_eval_command", "run_set", "summarise"]

METRICS = ("hit@1", "hit@5", "mrr", "answer_ok", "abstain_ok")


class Answers(Protocol):
    def ask(self, question: str, lang: str | None = None) -> Answer: ...


def run_set(
    engine: Answers, questions: Sequence[Question], progress: Progress | None = None
) -> list[tuple[Question, Answer, QuestionScore]]:
    results = []
    task = progress.add_task("questions", total=len(questions)) if progress else None
    for q in questions:
        started = time.perf_counter()
        answer = engine.ask(q.question)
        latency = (time.perf_counter() - started) * 1000
        results.append((q, answer, score_question(q, answer, latency)))
        if progress is not None and task is not None:
            progress.advance(task)
    return results


def _mean(values: Iterable[float | bool | None]) -> float | None:
    vals = [float(v) for v in values if v is not None]
    return round(sum(vals) / len(vals), 4) if vals else None


def _percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    idx = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return round(ordered[idx], 1)


def aggregate(scores: Sequence[QuestionScore]) -> dict[str, Any]:
    lat = [s.latency_ms for s in scores]
    return {
        "n": len(scores),
        "hit@1": _mean(s.hit1 for s in scores),
        "hit@5": _mean(s.hit5 for s in scores),
        "mrr": _mean(s.rr for s in scores),
        "answer_ok": _mean(s.answer_ok for s in scores),
        "abstain_ok": _mean(s.abstain_ok for s in scores),
        "latency_p50_ms": round(statistics.median(lat), 1) if lat else 0.0,
        "latency_p95_ms": _percentile(lat, 95),
    }


def summarise(scores: Sequence[QuestionScore]) -> dict[str, Any]:
    def by(key: str) -> dict[str, Any]:
        return {
            v: aggregate([s for s in scores if getattr(s, key) == v])
            for v in sorted({getattr(s, key) for s in scores})
        }

    return {
        "overall": aggregate(scores),
        "by_kind": by("kind"),
        "by_lang": by("lang"),
        "questions": {s.id: s.model_dump(exclude={"id"}) for s in scores},
    }


def regressions(summary: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    """Questions that passed a metric in the baseline and fail it now."""
    out = []
    before = baseline.get("questions", {})
    for qid, now in summary["questions"].items():
        prev = before.get(qid)
        if not prev:
            continue
        for key in ("hit5", "answer_ok", "abstain_ok"):
            if prev.get(key) is True and now.get(key) is False:
                out.append(f"{qid}: {key} regressed")
    return out


def below_minimums(summary: dict[str, Any], minimums: dict[str, float]) -> list[str]:
    overall = summary["overall"]
    return [
        f"{m} = {overall.get(m)} < {v}"
        for m, v in minimums.items()
        if overall.get(m) is not None and overall[m] < v
    ]


def write_results(path: Path, results: Sequence[tuple[Question, Answer, QuestionScore]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for q, a, s in results:
            record = {
                "id": q.id,
                "question": q.question,
                "lang": q.lang,
                "kind": q.kind,
                "answer": a.answer,
                "abstained": a.abstained,
                "citations": [c.model_dump() for c in a.citations],
                "see_also": [c.model_dump() for c in a.see_also],
                "latency_ms": round(s.latency_ms, 1),
                "score": s.model_dump(exclude={"id", "lang", "kind", "latency_ms"}),
            }
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def render(summary: dict[str, Any], console: Console) -> None:
    for title, groups in (
        ("overall", {"all": summary["overall"]}),
        ("by kind", summary["by_kind"]),
        ("by language", summary["by_lang"]),
    ):
        table = Table("group", "n", *METRICS, "p50 ms", "p95 ms", title=title)
        for name, agg in groups.items():
            cells = ["—" if agg[m] is None else f"{agg[m]:.2f}" for m in METRICS]
            table.add_row(
                name, str(agg["n"]), *cells, f"{agg['latency_p50_ms']:.0f}", f"{agg['latency_p95_ms']:.0f}"
            )
        console.print(table)


def run_eval_command(
    engine: Answers,
    file: Path,
    out_path: Path | None,
    summary_path: Path | None,
    baseline_path: Path | None,
    minimums: dict[str, float],
    out: Console,
    err: Console,
    print_json: bool = False,
) -> int:
    """Score the set; the tables go to `out`, and with `print_json` also one JSON line of the scores."""
    questions = load_set(file)
    baseline = _read_baseline(baseline_path) if baseline_path else None
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        disable=not err.is_terminal,
    ) as progress:
        results = run_set(engine, questions, progress)
    summary = summarise([s for _, _, s in results])
    summary["set"] = str(file)
    if out_path:
        write_results(out_path, results)
    render(summary, out)
    failures = [
        f"{q.id}: {'abstained' if a.abstained else 'answered'} — {_why(s)}"
        for q, a, s in results
        if _failed(s)
    ]
    for line in failures:
        out.print(f"[yellow]miss[/yellow] {line}", highlight=False)
    code = 0
    if baseline is not None:
        regs = regressions(summary, baseline)
        summary["regressions"] = regs
        for line in regs:
            out.print(f"[red]regression[/red] {line}", highlight=False)
    low = below_minimums(summary, minimums)
    for line in low:
        err.print(f"[red]below minimum[/red]: {line}")
        code = 1
    if summary_path:
        summary_path.parent.mkdir(parents=True, exist_ok=True)
        summary_path.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    if print_json:
        print(json.dumps({"overall": summary["overall"], "by_lang": summary["by_lang"]}, ensure_ascii=False))
    return code


def _failed(s: QuestionScore) -> bool:
    return s.hit5 is False or s.answer_ok is False or s.abstain_ok is False


def _why(s: QuestionScore) -> str:
    parts = [
        name
        for name, bad in (
            ("hit@5", s.hit5 is False),
            ("answer", s.answer_ok is False),
            ("abstain", s.abstain_ok is False),
        )
        if bad
    ]
    return ", ".join(parts)


def _read_baseline(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EvalSetError(f"{path}: baseline is not a readable JSON summary ({exc})") from exc
    if not isinstance(data, dict) or "questions" not in data:
        raise EvalSetError(f"{path}: baseline lacks a 'questions' map (write one with --summary)")
    return data
