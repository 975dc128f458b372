"""Date and fact answers over the invented fixtures (Hà Tĩnh plan, Lạng Sơn decision, Lào Cai English plan,
decree 47/2025) with the fake embedder, one table per class, each reworded in Vietnamese, unaccented
Vietnamese and English, over other documents than probe_datefact's questions:
- a date asked as "ngày mấy / hôm nào", as a milestone ("đặt mốc năm nào") next to a per cent the question
  states, or as when something starts ("bắt đầu có hiệu lực");
- the date of an instrument a document only cites (a plan of the provincial committee, a decree, a circular);
- a part whose own title is what is asked ("Mục đích", "Yêu cầu", "Objectives");
- which decision or decree a document implements, when the question names the document by its own number."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import mini_engine_with
from tip.text import answer_normalize

ENGINES = ("plans2", "docs_vi", "docs_en", "laws2")


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    yield {name: mini_engine_with(name, tmp_path_factory) for name in ENGINES}


def _check(engine, question: str, says: tuple[str, ...], doc_id: str) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask(question)
    assert not answer.abstained, answer.answer
    for item in says:
        assert answer_normalize(item) in answer_normalize(answer.answer), answer.answer
    assert doc_id in [c.doc_id for c in answer.citations[:5]], answer.citations


HT, LS, LC, ND = (
    "kh-hatinh-pcmbn-2026-2030",
    "qd-langson-quy-che-phoi-hop",
    "kh-laocai-victim-support-en",
    ("nd-ho-tro-nan-nhan-test"),
)

DATE_PHRASINGS = [
    # "ngày mấy / hôm nào": which day a document was signed
    ("plans2", "Kế hoạch 86/KH-UBND của Hà Tĩnh ký ngày mấy?", ("2026",), HT),
    ("docs_en", "ke hoach 112 lao cai ban hanh hom nao", ("2026",), LC),
    ("docs_vi", "What day was the Lang Son decision 25/2025/QĐ-UBND signed?", ("2025",), LS),
    # a milestone year next to a per cent the question states (the per cent is given, the year asked)
    ("plans2", "Hà Tĩnh đặt mốc năm nào để 100% xã biên giới có Tổ tư vấn cộng đồng?", ("2030",), HT),
    ("plans2", "ha tinh dat moc nam nao de 70% xa bien gioi co to tu van cong dong", ("2028",), HT),
    ("plans2", "By which year must 70% of border communes in Ha Tinh have community advisory teams?", ("2028",), HT),
    # when a text starts to apply ("bắt đầu" says nothing the effect article must repeat)
    ("laws2", "Nghị định 47/2025/NĐ-CP bắt đầu có hiệu lực từ ngày nào?", ("01 tháng 7 năm 2025",), ND),
    ("laws2", "nghi dinh 47 bat dau co hieu luc tu ngay nao", ("01 tháng 7 năm 2025",), ND),
]  # fmt: skip


@pytest.mark.parametrize(
    ("fixture", "question", "says", "doc_id"), DATE_PHRASINGS, ids=[c[1][:50] for c in DATE_PHRASINGS]
)
def test_date_phrasings(engines, fixture: str, question: str, says: tuple[str, ...], doc_id: str) -> None:  # type: ignore[no-untyped-def]
    _check(engines[fixture], question, says, doc_id)


CITED_DATES = [
    # the date written right after the cited instrument, not the citing document's own date
    ("plans2", "Kế hoạch 35/KH-BCĐ của Ban Chỉ đạo phòng, chống tội phạm tỉnh ký ngày mấy?", ("12/5/2026",), HT),
    ("plans2", "nghi dinh 162/2025/nd-cp cua chinh phu ban hanh ngay nao", ("29/6/2025",), HT),
    ("laws2", "Thông tư 84 của Bộ Tài chính được ban hành ngày nào?", ("27 tháng 11 năm 2019",), ND),
    ("laws2", "When was Decree 62/2012/ND-CP, which the decree replaces, issued?", ("13 tháng 8 năm 2012",), ND),
]  # fmt: skip


@pytest.mark.parametrize(
    ("fixture", "question", "says", "doc_id"), CITED_DATES, ids=[c[1][:50] for c in CITED_DATES]
)
def test_dates_of_cited_instruments(
    engines, fixture: str, question: str, says: tuple[str, ...], doc_id: str
) -> None:  # type: ignore[no-untyped-def]
    _check(engines[fixture], question, says, doc_id)


TITLED_PARTS = [
    # the part titled with the asked noun, not a sentence that merely uses the word
    ("plans2", "Kế hoạch Hà Tĩnh đặt ra những yêu cầu gì?", ("Triển khai đồng bộ",), HT),
    ("plans2", "ke hoach phong chong mua ban nguoi cua ha tinh nham muc dich gi", ("Quán triệt",), HT),
    ("plans2", "What are the requirements of the Ha Tinh anti-trafficking plan?", ("rõ người, rõ việc",), HT),
    ("docs_en", "What are the objectives of the Lao Cai victim support plan?", ("taking the victim as the centre",), LC),
]  # fmt: skip


@pytest.mark.parametrize(
    ("fixture", "question", "says", "doc_id"), TITLED_PARTS, ids=[c[1][:50] for c in TITLED_PARTS]
)
def test_titled_parts(engines, fixture: str, question: str, says: tuple[str, ...], doc_id: str) -> None:  # type: ignore[no-untyped-def]
    _check(engines[fixture], question, says, doc_id)


IMPLEMENTED = [
    # the document named by its own number: its header ("Số: 112/KH-UBND") is no answer
    ("docs_en", "Kế hoạch 112/KH-UBND của Lào Cai căn cứ quyết định nào?", ("1194",), LC),
    ("docs_en", "ke hoach 112/kh-ubnd lao cai thuc hien quyet dinh nao", ("1194",), LC),
    ("docs_en", "Which decree is cited by the Lao Cai plan 112/KH-UBND?", ("162/2025",), LC),
    ("plans2", "Kế hoạch số 86/KH-UBND được ban hành để thực hiện quyết định nào?", ("1194",), HT),
]  # fmt: skip


@pytest.mark.parametrize(
    ("fixture", "question", "says", "doc_id"), IMPLEMENTED, ids=[c[1][:50] for c in IMPLEMENTED]
)
def test_instrument_a_document_implements(
    engines, fixture: str, question: str, says: tuple[str, ...], doc_id: str
) -> None:  # type: ignore[no-untyped-def]
    _check(engines[fixture], question, says, doc_id)
