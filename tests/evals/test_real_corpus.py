"""Acceptance on the real corpus with the bundled model: the shared dev set and our own set, scored by
the runner with the schema's rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.runner import run_set, summarise
from evals.scoring import load_set
from tests.conftest import SHARED_EVALS
from tip.settings import repo_root

pytestmark = pytest.mark.slow


def _summary(engine, path: Path) -> dict:  # type: ignore[no-untyped-def]
    return summarise([s for _, _, s in run_set(engine, load_set(path))])


def test_dev_set_meets_the_acceptance_bar(real_engine) -> None:  # type: ignore[no-untyped-def]
    if not (SHARED_EVALS / "dev.yaml").exists():
        pytest.skip("../shared/evals/dev.yaml not present")
    summary = _summary(real_engine, SHARED_EVALS / "dev.yaml")
    overall = summary["overall"]
    assert overall["hit@5"] >= 0.95 and overall["mrr"] >= 0.85
    assert overall["answer_ok"] >= 0.90 and overall["abstain_ok"] == 1.0
    for lang in ("vi", "en", "vi-nodiac"):
        assert summary["by_lang"][lang]["hit@5"] >= 0.90, lang


def test_own_extra_set_holds(real_engine) -> None:  # type: ignore[no-untyped-def]
    summary = _summary(real_engine, repo_root() / "evals" / "sets" / "extra.yaml")
    overall = summary["overall"]
    assert overall["hit@5"] >= 0.90 and overall["answer_ok"] >= 0.80 and overall["abstain_ok"] >= 0.9
