"""The scoring rules of ../shared/evals/README.md, checked on hand-made answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.runner import below_minimums, regressions, summarise
from evals.scoring import (
    EvalSetError,
    Expect,
    ExpectedCitation,
    Question,
    contains_item,
    load_set,
    score_question,
)
from tip.domain import Answer, Citation


def cite(doc: str, text: str) -> Citation:
    return Citation(
        doc_id=doc,
        section_id=f"{doc}#X",
        heading_path="X",
        doc_title="T",
        jurisdiction="J",
        quote=text[:10],
        text=text,
        score=1.0,
    )


def answer(text: str, *citations: Citation, abstained: bool = False) -> Answer:
    return Answer(question="q", answer=text, abstained=abstained, citations=list(citations))


def test_citation_match_normalises_case_markup_and_spaces() -> None:
    q = Question(
        id="a",
        question="q",
        expect=Expect(citations=[ExpectedCitation(doc_id="d", contains="**Cơ quan  chủ trì**: Công an")]),
    )
    s = score_question(
        q,
        answer("x", cite("other", "cơ quan chủ trì: công an"), cite("d", "- CƠ QUAN chủ trì:\nCông an tỉnh")),
        1.0,
    )
    assert (s.hit1, s.hit5, s.rr) == (False, True, 0.5)


def test_answer_contains_ignores_diacritics_dashes_and_takes_alternatives() -> None:
    assert contains_item("Sở Lao động – Thương binh và Xã hội chủ trì", "so lao dong thuong binh")
    assert contains_item("ngày 30/11/2020", ["30 November 2020", "30/11/2020"])
    assert not contains_item("Công an tỉnh", "Sở Y tế")


def test_wrong_abstention_fails_answer_ok_and_abstain_questions_score_abstention() -> None:
    q = Question(id="a", question="q", expect=Expect(answer_contains=["x"]))
    assert score_question(q, answer("x", abstained=True), 1).answer_ok is False
    qa = Question(id="b", question="q", kind="abstain", expect=Expect(abstain=True))
    assert score_question(qa, answer("no", abstained=True), 1).abstain_ok is True
    assert score_question(qa, answer("yes"), 1).abstain_ok is False


def test_citations_all_needs_every_doc() -> None:
    exp = Expect(
        citations=[ExpectedCitation(doc_id="a", contains="x"), ExpectedCitation(doc_id="b", contains="y")],
        citations_all=True,
    )
    q = Question(id="c", question="q", kind="compare", expect=exp)
    assert score_question(q, answer("", cite("a", "x")), 1).hit5 is False
    s = score_question(q, answer("", cite("a", "x"), cite("c", "z"), cite("b", "y")), 1)
    assert (s.hit5, s.rr) == (True, pytest.approx(1 / 3))


def test_summary_regressions_and_minimums() -> None:
    q = Question(id="a", question="q", expect=Expect(citations=[ExpectedCitation(doc_id="d", contains="x")]))
    good = summarise([score_question(q, answer("x", cite("d", "x")), 1)])
    bad = summarise([score_question(q, answer("x", cite("e", "x")), 1)])
    assert regressions(bad, good) == ["a: hit5 regressed"]
    assert below_minimums(bad, {"hit@5": 0.9}) == ["hit@5 = 0.0 < 0.9"]
    assert below_minimums(good, {"hit@5": 0.9}) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("questions: [", "malformed YAML"),
        ("foo: 1", "questions"),
        ("questions:\n  - {id: a, question: '  '}", "question a"),
        ("questions:\n  - {id: a, question: q, lang: fr}", "lang"),
        ("questions:\n  - {id: a, question: q}\n  - {id: a, question: r}", "duplicate"),
    ],
)
def test_malformed_sets_are_clear_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "set.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvalSetError, match=message):
        load_set(path)


def test_shared_dev_set_loads_unchanged() -> None:
    from tests.conftest import SHARED_EVALS

    if not (SHARED_EVALS / "dev.yaml").exists():
        pytest.skip("../shared/evals not present")
    questions = load_set(SHARED_EVALS / "dev.yaml")
    assert len(questions) >= 20 and all(q.id for q in questions)
