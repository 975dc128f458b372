"""Look-alike questions that must abstain, typed without diacritics as on a phone, with their accented and
English forms (the three paths must agree), and answerable questions of the same shape that must not. End to
end on the real corpus with the bundled model. Classes:

- an instrument named by a kind and a number no document has or cites (a circular, a resolution, a
  directive as much as a decision);
- an agency the named plan never mentions (customs, transport, the coast guard: agencies the catalogue knows
  though no plan of the corpus names them);
- a count of people or things the plan never states, not the count of a heading's items ("bao nhiêu cán
  bộ" is no "mấy nhóm nhiệm vụ");
- a topic next to trafficking that no document covers (drugs, traffic safety, domestic violence, child
  marriage): its phrase, read through the glossary, covers nothing, even when its syllables unaccented look
  like the corpus's words ("bao luc" like "bảo … lực")."""

from __future__ import annotations

import pytest

from tests.index.test_answer_classes import Case, check_case

pytestmark = pytest.mark.slow

CASES = [
    # an instrument of any kind, by a number the corpus neither holds nor cites
    Case("thong tu 28 cua bo lao dong quy dinh gi ve co so ho tro nan nhan", abstain=True, reason="28"),
    Case(
        "Chỉ thị 21 của Thủ tướng về phòng, chống mua bán người yêu cầu những gì?", abstain=True, reason="21"
    ),
    Case(
        "What does Resolution 40 of the Government require for victim protection?", abstain=True, reason="40"
    ),
    Case("chi thi 48 cua bo chinh tri duoc nhac den trong ke hoach nao", "kh-bcd138-ngay-30-7-2021", ("48",)),
    # an agency the named plan never mentions, though the catalogue knows it
    Case("hai quan kien giang phoi hop gi trong pcmbn", abstain=True, reason="không nhắc đến"),
    Case("canh sat bien dong nai duoc giao lam gi", abstain=True, reason="không nhắc đến"),
    Case("Sở Giao thông vận tải Đồng Nai được giao việc gì?", abstain=True, reason="không nhắc đến"),
    Case("What does the Department of Transport do under the Kon Tum plan?", abstain=True),
    Case(
        "Quyết định 1957 yêu cầu tăng cường năng lực cho những lực lượng nào?",
        "qd-1957-2020-ttg",
        ("Cảnh sát biển",),
    ),
    # a count the plan never states is not the count of a heading's items
    Case("kon tum co bao nhieu can bo chuyen trach pcmbn", abstain=True),
    Case("Kiên Giang có bao nhiêu cán bộ tham gia công tác phòng, chống mua bán người?", abstain=True),
    Case("How many officers does Kon Tum assign to anti-trafficking work?", abstain=True),
    Case("lo trinh thuc hien ke hoach actip quoc gia co may giai doan", "qd-1957-2020-ttg", ("2",)),
    Case("How many phases does the Kon Tum roadmap have?", "kh-kontum-actip", ("2",)),
    # a neighbouring topic no document covers, whatever its syllables look like unaccented
    Case("kien giang ai lo phong chong ma tuy trong truong hoc", abstain=True),
    Case("ke hoach kon tum giao ai phu trach an toan giao thong", abstain=True),
    Case("quyet dinh 1957 noi gi ve bao luc gia dinh", abstain=True),
    Case("Kon Tum giao ai xử lý tảo hôn ở vùng đồng bào dân tộc thiểu số?", abstain=True),
    Case("Bộ Công an làm gì về cai nghiện ma túy theo Quyết định 1957?", abstain=True),
    Case("Who handles drug rehabilitation under the Kien Giang plan?", abstain=True),
    Case(
        "kien giang tuyen truyen giao duc dao duc loi song trong gia dinh do so nao lam",
        "kh-kiengiang-78-2021",
        ("Sở Văn hóa",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.question[:60] for c in CASES])
def test_look_alike_class(real_engine, case: Case) -> None:  # type: ignore[no-untyped-def]
    check_case(real_engine.ask(case.question), case)
