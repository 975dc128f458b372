"""Assignment extraction: lead precision and recall against a hand-read gold list over the real plans,
and one small invented plan per sentence form."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ingest.agencies import AgencyCatalog
from ingest.assignments import extract_assignments
from ingest.structure import parse_sections
from tests.ingest.assignment_scoring import (
    Key,
    coordinator_pairs,
    gold_rows,
    lead_pairs,
    load_yaml,
    plan_assignments,
    report,
    rows,
)
from tip.domain import Assignment, DocumentMeta

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
GOLD = Path(__file__).with_name("gold_assignments.yaml")
MIN_SCORE = 0.95


@pytest.fixture(scope="module")
def catalog() -> AgencyCatalog:
    return AgencyCatalog.load()


# -- the real plans ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def corpus(catalog: AgencyCatalog) -> dict[str, tuple[DocumentMeta, list, list[Assignment]]]:
    if not (CORPUS / "manifest.yaml").is_file():
        pytest.skip("../shared/corpus is not beside the repository")
    manifest = yaml.safe_load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))
    out = {}
    for entry in manifest["documents"]:
        meta = DocumentMeta(**entry)
        sections = parse_sections(meta.doc_id, (CORPUS / meta.file).read_text(encoding="utf-8"), meta.title)
        out[meta.doc_id] = (meta, sections, extract_assignments(meta, sections, catalog))
    return out


def _gold() -> list[tuple[Key, list[str], list[str] | None]]:
    return [(key, item["leads"], item.get("coordinators")) for key, item in gold_rows(load_yaml(GOLD))]


def _found(corpus: dict) -> list[Assignment]:
    return [a for _, _, found in corpus.values() for a in found]


def test_gold_list_covers_every_plan_and_form() -> None:
    entries = _gold()
    assert len(entries) >= 40
    assert {key[0] for key, _, _ in entries} == {
        "qd-1957-2020-ttg",
        "kh-kontum-actip",
        "kh-bcd138-ngay-30-7-2021",
        "kh-dongnai-2026-2030",
        "kh-kiengiang-78-2021",
    }
    kontum = [key for key, _, _ in entries if key[0] == "kh-kontum-actip" and key[1] in ("II.3.2", "II.4.2")]
    assert len(kontum) == 6  # II.3.2: two, II.4.2: four


def test_lead_precision_and_recall(corpus: dict) -> None:
    precision, recall = report("leads", *lead_pairs(gold_rows(load_yaml(GOLD)), _found(corpus)))
    assert precision >= MIN_SCORE and recall >= MIN_SCORE


def test_coordinator_precision_and_recall(corpus: dict) -> None:
    """Measured where the gold list names coordinators (an assignment is its key plus its leads)."""
    precision, recall = report("coordinators", *coordinator_pairs(gold_rows(load_yaml(GOLD)), _found(corpus)))
    assert precision >= 0.9 and recall >= 0.9


def test_assignments_are_well_formed(corpus: dict, catalog: AgencyCatalog) -> None:
    for meta, sections, found in corpus.values():
        by_id = {s.section_id: s for s in sections}
        assert found, meta.doc_id
        for a in found:
            section = by_id[a.section_id]
            assert a.text and a.text in section.text
            assert a.task_section_id in (a.section_id, section.parent_id)
            assert a.task == by_id[a.task_section_id].heading
            assert a.jurisdiction == meta.jurisdiction_name
            assert section.kind not in ("preamble", "recipients", "article")
            assert a.leads and not set(a.leads) & set(a.coordinators)
            for name in a.leads + a.coordinators:
                assert catalog.canonical(name, meta.jurisdiction_name) == name


# -- invented plans, one per form -------------------------------------------------------------------
def test_block_with_several_leads_and_unknown_agencies_kept() -> None:
    found = plan_assignments(
        "II. NHIỆM VỤ VÀ PHÂN CÔNG\n\n1. Công tác truyền thông\n\na) Tuyên truyền tại cộng đồng.\n\n"
        "Phân công thực hiện:\n\n- Cơ quan chủ trì: Công an tỉnh; Sở Y tế; Trung tâm Công tác xã hội tỉnh.\n"
        "- Cơ quan phối hợp: Sở LĐTBXH, các sở, ngành liên quan và đề nghị Tòa án nhân dân tỉnh phối hợp thực hiện."
    )
    assert rows(found) == [
        (
            "II.1.a",
            "II.1.a",
            ["Công an tỉnh", "Sở Y tế", "Trung tâm Công tác xã hội tỉnh"],
            ["Sở Lao động - Thương binh và Xã hội", "Tòa án nhân dân tỉnh"],
        )
    ]
    assert found[0].text.startswith("- Cơ quan chủ trì:") and found[0].text.endswith("phối hợp thực hiện.")


def test_phan_cong_subsection_assigns_its_parent_one_per_sentence() -> None:
    found = plan_assignments(
        "II. NỘI DUNG VÀ PHÂN CÔNG THỰC HIỆN\n\n1. Hỗ trợ nạn nhân\n\n1.1. Nội dung: Tiếp nhận và hỗ trợ.\n\n"
        "1.2. Phân công thực hiện:\n\n"
        "- Công an tỉnh chủ trì, phối hợp các sở, ngành thực hiện nội dung về tiếp nhận.\n"
        "- Sở Lao động Thương binh và Xã hội chủ trì, phối hợp với Sở Y tế thực hiện nội dung về hỗ trợ."
    )
    assert rows(found) == [
        ("II.1.2", "II.1", ["Công an tỉnh"], []),
        ("II.1.2", "II.1", ["Sở Lao động - Thương binh và Xã hội"], ["Sở Y tế"]),
    ]
    assert found[0].task.startswith("1. Hỗ trợ nạn nhân")


def test_giao_de_nghi_and_theo_chuc_nang_forms() -> None:
    found = plan_assignments(
        "V. TỔ CHỨC THỰC HIỆN\n\n"
        "1. Giao Sở Tư pháp chủ trì, phối hợp với Công an tỉnh hướng dẫn trợ giúp pháp lý.\n\n"
        "2. Đề nghị Viện Kiểm sát nhân dân tỉnh chủ trì, phối hợp Tòa án nhân dân tỉnh thực hiện công tác truy tố.\n\n"
        "3. Sở Văn hóa và Thể thao, Sở Du lịch theo chức năng, nhiệm vụ chủ trì tổ chức lồng ghép tuyên truyền."
    )
    assert rows(found) == [
        ("V.1", "V.1", ["Sở Tư pháp"], ["Công an tỉnh"]),
        ("V.2", "V.2", ["Viện Kiểm sát nhân dân tỉnh"], ["Tòa án nhân dân tỉnh"]),
        ("V.3", "V.3", ["Sở Văn hóa và Thể thao", "Sở Du lịch"], []),
    ]


def test_lead_is_the_agency_before_chu_tri_not_the_first_named() -> None:
    found = plan_assignments(
        "II. NỘI DUNG\n\n1. Thống kê\n\n"
        "- Trên cơ sở đề xuất của Sở Tư pháp, Công an tỉnh chủ trì, phối hợp với Sở Nội vụ xây dựng bộ chỉ số."
    )
    assert rows(found) == [("II.1", "II.1", ["Công an tỉnh"], ["Sở Nội vụ"])]


def test_subject_that_directs_leads_but_bare_support_does_not() -> None:
    found = plan_assignments(
        "II. NỘI DUNG VÀ PHÂN CÔNG TRÁCH NHIỆM\n\n1. Truyền thông\n\n"
        "- Sở Thông tin và Truyền thông chỉ đạo các cơ quan báo chí tăng thời lượng tuyên truyền.\n"
        "- Sở Tư pháp phối hợp với Công an tỉnh tổ chức phổ biến pháp luật.\n"
        "- UBND các huyện, thành phố phối hợp với các sở, ban, ngành tổ chức thực hiện.\n"
        "- Các sở, ban, ngành, địa phương thường xuyên thống kê số liệu."
    )
    assert rows(found) == [
        ("II.1", "II.1", ["Sở Thông tin và Truyền thông"], []),
        ("II.1", "II.1", ["Sở Tư pháp"], ["Công an tỉnh"]),
    ]


def test_parentheses_after_tasks_and_cac_bo_lists() -> None:
    found = plan_assignments(
        "II. NỘI DUNG CÔNG TÁC VÀ PHÂN CÔNG NHIỆM VỤ\n\n"
        "1. Rà soát văn bản pháp luật về phòng, chống mua bán người.\n"
        "(Các Bộ: Công an, Tư pháp và Đề nghị Tòa án nhân dân tối cao chủ trì, phối hợp với UBND các tỉnh, "
        "thành phố trực thuộc Trung ương thực hiện)\n\n"
        "2. Tăng cường đấu tranh:\n\n2.1. Tập trung phòng ngừa.\n\n2.2. Tổ chức đợt cao điểm.\n"
        "(Bộ Công an chủ trì, phối hợp với Bộ Quốc phòng và các bộ, ngành)\n\n"
        "3. Tổ chức khen thưởng. (Các bộ, ngành, địa phương thực hiện)",
        jurisdiction="Việt Nam (toàn quốc)",
    )
    assert rows(found) == [
        (
            "II.1",
            "II.1",
            ["Bộ Công an", "Bộ Tư pháp", "Tòa án nhân dân tối cao"],
            ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"],
        ),
        ("II.2.2", "II.2", ["Bộ Công an"], ["Bộ Quốc phòng"]),  # closes item 2 (titled by a task): assigns it
    ]
    assert found[1].text.startswith("(") and found[1].text.endswith(")")


@pytest.mark.parametrize(
    "title",
    [
        "2. Lực lượng Công an:",
        "2. Lực lượng Công an, chủ công là lực lượng Cảnh sát điều tra tội phạm về trật tự xã hội:",
        "2. Lực lượng Công an nhân dân có nhiệm vụ:",
    ],
)
def test_agency_title_assigns_its_sub_items_even_when_one_names_another_lead(title: str) -> None:
    """Issue 10 class 3: under an agency's title every sub-item is that agency's duty; a parenthesis after
    the last one names the lead of that narrower task, not of the whole item."""
    found = plan_assignments(
        "II. NỘI DUNG CÔNG TÁC VÀ PHÂN CÔNG NHIỆM VỤ\n\n"
        f"{title}\n\n2.1. Tham mưu cho cấp ủy đẩy mạnh phong trào toàn dân.\n\n"
        "2.2. Tổ chức chỉ đạo điểm tại 08 địa phương.\n"
        "(Bộ Công an chủ trì, phối hợp với Bộ Quốc phòng và các bộ, ngành)",
        jurisdiction="Việt Nam (toàn quốc)",
    )
    force = ["Lực lượng Công an"] + (
        ["Cảnh sát điều tra tội phạm về trật tự xã hội"] if "chủ công" in title else []
    )
    assert rows(found) == [
        ("II.2.1", "II.2.1", force, []),
        ("II.2.2", "II.2.2", ["Bộ Công an"], ["Bộ Quốc phòng"]),
    ]
    assert "phong trào toàn dân" in found[0].text


def test_phan_cong_sentence_with_later_clauses() -> None:
    found = plan_assignments(
        "III. NHIỆM VỤ, GIẢI PHÁP VÀ PHÂN CÔNG TRÁCH NHIỆM\n\n1. Phòng ngừa\n\n"
        "a) Kiến nghị khắc phục sơ hở trong quản lý.\n\n"
        "Phân công thực hiện: Công an thành phố chủ trì; Bộ Chỉ huy Quân sự thành phố; đề nghị "
        "Viện kiểm sát nhân dân thành phố phối hợp thực hiện theo chức năng, nhiệm vụ.",
        jurisdiction="Đồng Nai",
    )
    assert rows(found) == [
        (
            "III.1.a",
            "III.1.a",
            ["Công an thành phố"],
            ["Bộ Chỉ huy Quân sự thành phố", "Viện Kiểm sát nhân dân thành phố"],
        )
    ]


def test_section_titled_by_an_agency() -> None:
    found = plan_assignments(
        "V. TỔ CHỨC THỰC HIỆN\n\n1. Sở Y tế\n\n- Là cơ quan đầu mối theo dõi Kế hoạch.\n"
        "- Phối hợp chặt chẽ với Công an tỉnh trong hỗ trợ nạn nhân.\n\n"
        "2. Các sở, ngành\n\nCăn cứ Kế hoạch xây dựng kế hoạch của đơn vị."
    )
    assert rows(found) == [("V.1", "V.1", ["Sở Y tế"], ["Công an tỉnh"])]
    assert found[0].text.startswith("- Là cơ quan đầu mối")


def test_objectives_preamble_and_recipients_are_ignored() -> None:
    assert (
        plan_assignments("II. LỘ TRÌNH THỰC HIỆN\n\n1. Giai đoạn 2026\n\n- Công an tỉnh chủ trì tập huấn.")
        == []
    )


# -- issue 10 class 1: "Đề nghị X <verb> …" / "X tham mưu …" and the sentences that go on with X's tasks ----
@pytest.mark.parametrize(
    ("bullet", "lead", "task_words"),
    [
        (
            "- Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh tăng cường giám sát. Vận động Nhân dân tố giác "
            "tội phạm; phối hợp tổ chức diễn đàn “Nói không với mua bán người” tại các xã biên giới.",
            "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
            "phối hợp tổ chức diễn đàn",
        ),
        (
            "- Công an tỉnh chủ trì, phối hợp với các sở triển khai phòng ngừa xã hội. Hằng năm, tham mưu "
            "Ban Chỉ đạo 138 tỉnh ban hành văn bản hưởng ứng Ngày toàn dân phòng, chống mua bán người.",
            "Công an tỉnh",
            "tham mưu Ban Chỉ đạo 138 tỉnh",
        ),
        (
            "- Đề nghị Tòa án nhân dân tỉnh đưa ra xét xử kịp thời các vụ án mua bán người. Lựa chọn vụ án "
            "điểm để xét xử lưu động tại địa bàn xảy ra tội phạm.",
            "Tòa án nhân dân tỉnh",
            "xét xử lưu động",
        ),
        (
            "- Sở Tư pháp tham mưu UBND tỉnh rà soát văn bản về trợ giúp pháp lý. Hướng dẫn Trung tâm trợ "
            "giúp pháp lý nhà nước hỗ trợ nạn nhân.",
            "Sở Tư pháp",
            "Hướng dẫn Trung tâm trợ giúp pháp lý",
        ),
    ],
)
def test_later_sentences_of_a_bullet_go_on_with_its_agency(bullet: str, lead: str, task_words: str) -> None:
    found = plan_assignments(f"II. NHIỆM VỤ, GIẢI PHÁP\n\n1. Phòng ngừa\n\n{bullet}")
    assert [a.leads for a in found] == [[lead]]
    assert task_words in found[0].text and found[0].text == bullet


def test_a_later_sentence_with_its_own_subject_is_not_the_bullets_agency() -> None:
    found = plan_assignments(
        "II. NHIỆM VỤ, GIẢI PHÁP\n\n1. Truyền thông\n\n"
        "- Đài Phát thanh và Truyền hình tỉnh tăng thời lượng phát sóng. Các sở, ngành khác theo chức năng "
        "chỉ đạo tuyên truyền. Sở Y tế chỉ đạo các bệnh viện tuyên truyền. Lồng ghép trong khám bệnh."
    )
    assert [(a.leads, a.text) for a in found] == [
        (
            ["Đài Phát thanh và Truyền hình tỉnh"],
            "- Đài Phát thanh và Truyền hình tỉnh tăng thời lượng phát sóng.",
        ),
        (["Sở Y tế"], "Sở Y tế chỉ đạo các bệnh viện tuyên truyền. Lồng ghép trong khám bệnh."),
    ]


# the seed plans: the words that answer are in the assigning text, or (a parenthesis after a task) its task
SEED_QUOTES = [
    ("kh-kiengiang-78-2021", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "phối hợp tổ chức hiệu quả diễn đàn"),
    ("kh-kiengiang-78-2021", "Công an tỉnh", "Định kỳ hàng năm, tham mưu Ban Chỉ đạo phòng, chống tội phạm"),
    ("kh-kiengiang-78-2021", "Hội Liên hiệp Phụ nữ tỉnh", "Nâng cao kỹ năng tuyên truyền"),
    ("kh-bcd138-ngay-30-7-2021", "Lực lượng Công an", "tham mưu cho cấp ủy, chính quyền địa phương"),
    ("kh-bcd138-ngay-30-7-2021", "Bộ Công an", "Kế hoạch số 156/KH-BCĐ"),
    ("kh-kontum-actip", "Sở Tài chính", "tổng hợp, tham mưu Ủy ban nhân dân tỉnh xem xét, bố trí kinh phí"),
    ("qd-1957-2020-ttg", "Bộ Tài chính", "Giao Bộ Tài chính tổng hợp trình cấp có thẩm quyền"),
    ("kh-dongnai-2026-2030", "Sở Tư pháp", "Cơ quan chủ trì: Sở Tư pháp, Sở Y tế"),
]


@pytest.mark.parametrize(("doc_id", "lead", "words"), SEED_QUOTES)
def test_seed_assignment_text_holds_its_task(corpus: dict, doc_id: str, lead: str, words: str) -> None:
    _, _, found = corpus[doc_id]
    held = [a for a in found if lead in a.leads and (words in a.text or words in a.task)]
    assert held, [a.text for a in found if lead in a.leads]


def test_seed_continuations_stop_at_another_subject(corpus: dict) -> None:
    """No assignment of the five plans runs on into a sentence whose subject is another (or generic) body."""
    _, _, found = corpus["kh-bcd138-ngay-30-7-2021"]
    broadcasters = [a for a in found if "Thông tấn xã Việt Nam" in a.leads]
    assert broadcasters and all("Các bộ, ngành" not in a.text for a in broadcasters)
