"""Plan-shaped headings as OCR and hurried typing leave them."""

from __future__ import annotations

from ingest.structure import parse_sections

PLAN = """KẾ HOẠCH
I . MỤC ĐÍCH, YÊU CẦU
1 . Mục đích
Nâng cao nhận thức.
II. NHIỆM VỤ
1. Công an tỉnh
- Công an tỉnh chủ trì điều tra.
2 . Sở Y tế
- Sở Y tế chủ trì hỗ trợ nạn nhân.
III . TỔ CHỨC THỰC HIỆN
Các sở báo cáo trước ngày 15/12.
"""


def test_a_space_before_the_heading_dot_is_still_a_heading() -> None:
    ids = [s.section_id.split("#", 1)[1] for s in parse_sections("p", PLAN, "Kế hoạch")]
    assert {"I", "I.1", "II", "II.1", "II.2", "III"} <= set(ids), ids


def test_a_number_inside_a_sentence_is_not_a_heading() -> None:
    text = "I. NHIỆM VỤ\nTổ chức 2 . đợt cao điểm trong năm.\n"
    ids = [s.section_id.split("#", 1)[1] for s in parse_sections("p", text, "Kế hoạch")]
    assert "I.2" not in ids, ids


LETTERS = [
    ("a) Một việc.\nb) Hai việc.\nd) Ba việc.\nc) Bốn việc.\n", ["a", "b", "d", "c"]),  # c after d
    ("a) Một việc.\nc) Hai việc.\nb) Ba việc.\n", ["a", "c", "b"]),  # b after c
    ("a) Một việc.\nb) Hai việc.\nđ) Ba việc.\n", ["a", "b", "đ"]),  # c, d skipped
    ("a) Một việc.\nb) Hai việc.\nc) Ba việc.\nb) Lặp lại.\n", ["a", "b", "c"]),  # a used letter is text
]


def test_letters_out_of_order_or_skipped_each_open_an_item() -> None:
    for body, letters in LETTERS:
        text = f"II. NHIỆM VỤ\n1. Phòng ngừa\n{body}"
        ids = [s.section_id.split("#", 1)[1] for s in parse_sections("p", text, "Kế hoạch")]
        assert [i.rsplit(".", 1)[1] for i in ids if i.startswith("II.1.")] == letters, ids


ENGLISH_PLAN = """PLAN
II. TASKS
1. The Department of Health shall take the lead in victim support.
III. ORGANISATION OF IMPLEMENTATION
Agencies report before 15 December every year./.
Recipients:
- Ministry of Health;
- Archived: VT.
ON BEHALF OF THE PEOPLE'S COMMITTEE
VICE CHAIRMAN
(Signed)
Tran Van Test
"""


def test_an_english_plans_recipients_and_signature_close_its_last_part() -> None:
    secs = {s.section_id.split("#", 1)[1]: s for s in parse_sections("p", ENGLISH_PLAN, "Plan")}
    assert "recipients" in secs, list(secs)
    assert "Tran Van Test" in secs["recipients"].text
    assert "Signed" not in secs["III"].text and "Ministry of Health" not in secs["III"].text
