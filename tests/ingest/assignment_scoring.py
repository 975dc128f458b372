"""Scoring of extracted assignments against a hand-read gold list (shared by the seed-plan and the
invented-plan tests): lead pairs and coordinator pairs, keyed by document, section and task."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from tip.domain import Assignment

Key = tuple[str, str, str]  # doc_id, section label, task label


def label(section_id: str) -> str:
    return section_id.split("#", 1)[1]


def key_of(a: Assignment) -> Key:
    return a.doc_id, label(a.section_id), label(a.task_section_id)


def gold_rows(by_doc: dict[str, list[dict[str, Any]]]) -> list[tuple[Key, dict[str, Any]]]:
    """(key, entry) for every gold entry: section, task (default: section), leads, coordinators."""
    rows = []
    for doc_id, items in by_doc.items():
        for item in items:
            rows.append(((doc_id, str(item["section"]), str(item.get("task", item["section"]))), item))
    return rows


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def prf(predicted: Counter, gold: Counter) -> tuple[float, float, int]:
    hit = sum((predicted & gold).values())
    precision = hit / max(1, sum(predicted.values()))
    recall = hit / max(1, sum(gold.values()))
    return precision, recall, hit


def lead_pairs(rows: list[tuple[Key, dict[str, Any]]], found: list[Assignment]) -> tuple[Counter, Counter]:
    """(predicted, gold) counters of (doc, section, task, lead)."""
    gold = Counter((*key, lead) for key, item in rows for lead in item["leads"])
    predicted = Counter((*key_of(a), lead) for a in found for lead in a.leads)
    return predicted, gold


def coordinator_pairs(
    rows: list[tuple[Key, dict[str, Any]]], found: list[Assignment]
) -> tuple[Counter, Counter]:
    """(predicted, gold) counters of coordinators, where the gold list judges them (an assignment is its
    key plus its leads)."""
    gold: Counter = Counter()
    judged = set()
    for key, item in rows:
        if item.get("coordinators") is None:
            continue
        ident = (*key, tuple(sorted(item["leads"])))
        judged.add(ident)
        gold.update((*ident, c) for c in item["coordinators"])
    predicted: Counter = Counter()
    for a in found:
        ident = (*key_of(a), tuple(sorted(a.leads)))
        if ident in judged:
            predicted.update((*ident, c) for c in a.coordinators)
    return predicted, gold


def report(what: str, predicted: Counter, gold: Counter) -> tuple[float, float]:
    """Print the figures and the differences (pytest -s shows them), return (precision, recall)."""
    precision, recall, hit = prf(predicted, gold)
    print(
        f"\n{what}: precision {precision:.3f} recall {recall:.3f} "
        f"({hit} of {sum(predicted.values())} predicted, {sum(gold.values())} gold pairs)"
    )
    for pair in sorted((predicted - gold).elements()):
        print("  extra  ", pair)
    for pair in sorted((gold - predicted).elements()):
        print("  missed ", pair)
    return precision, recall
