"""The blind set (issue 10) is well-formed: it loads in the shared schema and keeps its coverage. Only its
shape is checked here; its questions are not read for anything else."""

from __future__ import annotations

from collections import Counter

from evals.scoring import load_set
from tip.settings import repo_root

BLIND = repo_root() / "evals" / "sets" / "blind.yaml"
KINDS = ("who_leads", "fact", "number", "date", "list", "compare", "abstain")


def test_blind_set_loads_with_at_least_100_questions() -> None:
    assert len(load_set(BLIND)) >= 100


def test_blind_set_covers_every_language() -> None:
    langs = Counter(q.lang for q in load_set(BLIND))
    assert langs["en"] >= 25 and langs["vi-nodiac"] >= 25 and langs["vi"] >= 25


def test_blind_set_covers_every_kind_and_enough_abstentions() -> None:
    questions = load_set(BLIND)
    kinds = Counter(q.kind for q in questions)
    assert all(kinds[k] > 0 for k in KINDS)
    abstentions = [q for q in questions if q.expect.abstain]
    assert len(abstentions) >= 15 and all(q.kind == "abstain" for q in abstentions)
