"""Helpers shared by the assignment tests (seed plans and invented plans): a one-part invented plan read
end to end, and scoring against a hand-read gold list (lead pairs and coordinator pairs, keyed by
document, section and task)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from ingest.agencies import AgencyCatalog
from ingest.assignments import extract_assignments
from ingest.structure import parse_sections
from tip.domain import Assignment, DocumentMeta

Key = tuple[str, str, str]  # doc_id, section label, task label


def label(section_id: str) -> str:
    return section_id.split("#", 1)[1]


def key_of(a: Assignment) -> Key:
    return a.doc_id, label(a.section_id), label(a.task_section_id)


def plan_assignments(body: str, jurisdiction: str = "Hòa Bình") -> list[Assignment]:
    """The assignments of a small invented plan: an objectives part (never read), `body`, recipients."""
    text = "KẾ HOẠCH THỬ\n\nI. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n\n- Sở Y tế chủ trì việc thử.\n\n" + body
    text += "\n\nNơi nhận:\n- Sở Tư pháp chủ trì lưu;\n"
    level = "national" if "toàn quốc" in jurisdiction else "province"
    meta = DocumentMeta(doc_id="kh-thu", file="kh-thu.md", title="Kế hoạch thử", jurisdiction=level,
                        jurisdiction_name=jurisdiction)  # fmt: skip
    return extract_assignments(meta, parse_sections("kh-thu", text, meta.title), AgencyCatalog.load())


def rows(found: list[Assignment]) -> list[tuple[str, str, list[str], list[str]]]:
    """(section, task, leads, coordinators) of each assignment, labels without the document id."""
    return [(label(a.section_id), label(a.task_section_id), a.leads, a.coordinators) for a in found]


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
