"""Comparison questions over two provinces' plans (the invented Hòa Bình plan in tests/fixtures/mini_corpus and
the Hà Tĩnh plan in tests/fixtures/plans2), with the fake embedder. Reworded from probe_compare, in three
languages: each side is answered from its own plan, and a side whose plan does not answer says so."""

from __future__ import annotations

import pytest

from index.retriever import _question_phrases
from tests.conftest import mini_engine_with
from tip.text import answer_normalize, fold

NOT_ANSWERED = ("không trả lời", "do not answer")


@pytest.fixture(scope="module")
def two_plans(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return mini_engine_with("plans2", tmp_path_factory)


def _side(answer: str, place: str) -> str:
    """The line of a side-by-side answer about one place."""
    lines = [line for line in answer.splitlines() if line.startswith(f"■ {place}")]
    assert lines, answer
    return answer_normalize(lines[0])


ANSWERED_BOTH = [
    # "which plan" / "what resolution" with a rate asked: the rate in each plan, not an instrument's number
    ("What resolution rate for trafficking reports does Hoa Binh aim for, versus Ha Tinh?", ("85%", "92%")),
    ("Tỷ lệ giải quyết tin báo về mua bán người, kế hoạch nào đặt cao hơn: Hòa Bình hay Hà Tĩnh?", ("85%", "92%")),
    ("ke hoach nao dat ty le giai quyet tin bao mua ban nguoi cao hon, hoa binh hay ha tinh", ("85%", "92%")),
    # how much or how the two differ is how the comparison is asked, not what it is about
    ("Hòa Bình với Hà Tĩnh thì tỷ lệ giải quyết tin báo mua bán người chênh nhau bao nhiêu?", ("85%", "92%")),
    ("How different are the resolution rates for trafficking reports in Hoa Binh and Ha Tinh?", ("85%", "92%")),
    ("hoa binh va ha tinh ty le giai quyet tin bao mua ban nguoi khac biet the nao", ("85%", "92%")),
    # each side keeps its own year or period: Hòa Bình's 2025 plan is not asked about 2026-2030
    ("Kế hoạch năm 2025 của Hòa Bình và kế hoạch 2026-2030 của Hà Tĩnh giao sở nào chủ trì hỗ trợ nạn nhân?",
     ("Lao động", "Sở Y tế")),
    ("Who leads victim support in Hoa Binh's 2025 plan and in Ha Tinh's 2026-2030 plan?", ("Lao động", "Sở Y tế")),
    ("ke hoach 2025 cua hoa binh va ke hoach 2026-2030 cua ha tinh giao so nao chu tri ho tro nan nhan",
     ("Lao động", "Sở Y tế")),
    # whether both give a task to the same agency asks each side's lead
    ("Do Hoa Binh and Ha Tinh give victim support to the same department?", ("Lao động", "Sở Y tế")),
    ("Hòa Bình và Hà Tĩnh có giao cùng một sở hỗ trợ nạn nhân không?", ("Lao động", "Sở Y tế")),
    ("hoa binh va ha tinh co cung co quan ho tro nan nhan khong", ("Lao động", "Sở Y tế")),
]  # fmt: skip


@pytest.mark.parametrize(("question", "says"), ANSWERED_BOTH, ids=[q[:50] for q, _ in ANSWERED_BOTH])
def test_each_side_answers(two_plans, question: str, says: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    answer = two_plans.ask(question)
    assert not answer.abstained, answer.answer
    text = answer_normalize(answer.answer)
    for item in says:
        assert answer_normalize(item) in text, answer.answer
    cited = [c.doc_id for c in answer.citations[:5]]
    assert {"kh-hoabinh-test", "kh-hatinh-pcmbn-2026-2030"} <= set(cited), cited


ONE_SIDE = [
    # a task only Hà Tĩnh's plan has: Hà Tĩnh answers; Hòa Bình says its plan does not answer, rather than
    # offer the nearest task it has (its media campaign, its prosecution lead) when read with a lower bar
    ("Tài liệu tuyên truyền song ngữ về thủ đoạn mua bán người: Hà Tĩnh giao ai chủ trì, Hòa Bình thì sao?",
     "Biên phòng"),
    ("Ai chủ trì xét xử lưu động vụ án mua bán người ở Hà Tĩnh và ở Hòa Bình?", "Tòa án nhân dân tỉnh"),
    ("Who leads mobile trials of trafficking cases in Ha Tinh and in Hoa Binh?", "Tòa án nhân dân tỉnh"),
    ("xet xu luu dong vu an mua ban nguoi o ha tinh va hoa binh do ai chu tri", "Tòa án nhân dân tỉnh"),
    # a period asked of both: the side with no plan of that period says so, it is not answered from another
    ("Kế hoạch giai đoạn 2026-2030 của Hà Tĩnh và của Hòa Bình giao sở nào chủ trì hỗ trợ nạn nhân?", "Sở Y tế"),
]  # fmt: skip


@pytest.mark.parametrize(("question", "says"), ONE_SIDE, ids=[q[:50] for q, _ in ONE_SIDE])
def test_side_without_the_topic_says_so(two_plans, question: str, says: str) -> None:  # type: ignore[no-untyped-def]
    answer = two_plans.ask(question)
    assert not answer.abstained, answer.answer
    assert answer_normalize(says) in _side(answer.answer, "Hà Tĩnh")
    other = _side(answer.answer, "Hòa Bình")
    assert any(answer_normalize(n) in other for n in NOT_ANSWERED), answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "Trong cả hai kế hoạch, cơ quan nào chủ trì?",
        "ca hai tinh deu giao cong an tinh a",
        "Do both plans name the police, whereas the courts differ?",
    ],
)
def test_compare_words_are_no_topic(question: str) -> None:
    """How a comparison is asked ("cả hai", "both", "whereas") is left out of the words a section must hold."""
    kept = _question_phrases().sub(" ", " ".join(fold(question).split()))
    for word in ("ca hai", "both", "whereas"):
        assert f" {word} " not in f" {kept} "


def test_instrument_question_between_sides_stays_one(two_plans) -> None:  # type: ignore[no-untyped-def]
    """With no value asked, "which decision" of two places still asks for an instrument's identifier."""
    qa = two_plans.analyse("Which decision do the Hoa Binh and Ha Tinh plans implement?")
    assert qa.answer_type == "instrument_id"
