"""Who-leads answers over the invented Hà Tĩnh plan (tests/fixtures/plans2) with the fake embedder: the lead
named by a "Cơ quan chủ trì:" block, a two-part question (who leads and by when) answered from one task,
and "what does X lead" listing X's own tasks. Questions reworded from probe_plan2, in three languages."""

from __future__ import annotations

import pytest

from tests.conftest import mini_engine_with
from tip.text import answer_normalize


@pytest.fixture(scope="module")
def plan_engine(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return mini_engine_with("plans2", tmp_path_factory)


CASES = [
    # a "Cơ quan chủ trì:" block names the lead, and its "Thời gian hoàn thành" line is the deadline
    ("Ai chủ trì kiện toàn cán bộ đầu mối phòng, chống mua bán người ở Hà Tĩnh, hạn chót khi nào?",
     ("Sở Nội vụ", "Quý IV năm 2026")),
    ("ha tinh: co quan nao chu tri kien toan bo phan thuong truc, can bo dau moi va khi nao phai xong",
     ("Sở Nội vụ", "Quý IV năm 2026")),
    ("In Ha Tinh, who leads consolidating the standing unit and focal officers for anti-trafficking in "
     "departments, and when must it be done?", ("Sở Nội vụ", "Quý IV năm 2026")),
    # the deadline is in the task's own words, the lead in the block after it
    ("Sở nào chủ trì nâng cấp khu lưu trú tạm thời cho nạn nhân ở Hà Tĩnh và thời hạn hoàn thành là khi nào?",
     ("Sở Y tế", "31/12/2027")),
    ("nang cap khu luu tru tam thoi cho nan nhan tai trung tam cong tac xa hoi ha tinh: so nao chu tri, "
     "han chot khi nao", ("Sở Y tế", "31/12/2027")),
    # a parenthesis on its own line after an item lettered out of order
    ("Ở Hà Tĩnh, cơ quan nào chủ trì quản lý đăng ký kết hôn, nuôi con nuôi có yếu tố nước ngoài?",
     ("Sở Tư pháp",)),
    # what an agency leads: its own tasks
    ("Công an xã ở Hà Tĩnh chủ trì những việc gì?", ("xuất cảnh, nhập cảnh",)),
    ("cong an xa, phuong o ha tinh lam gi trong phong ngua mua ban nguoi", ("xuất cảnh, nhập cảnh",)),
]  # fmt: skip


@pytest.mark.parametrize(("question", "says"), CASES, ids=[q[:50] for q, _ in CASES])
def test_who_leads_plan_shapes(plan_engine, question: str, says: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    answer = plan_engine.ask(question)
    assert not answer.abstained, answer.answer
    for item in says:
        assert answer_normalize(item) in answer_normalize(answer.answer), answer.answer
    assert "kh-hatinh-pcmbn-2026-2030" in [c.doc_id for c in answer.citations[:5]]
