"""Query vocabulary on its own: diacritic restoration, glossary expansion, places, documents."""

from __future__ import annotations

import pytest

from index.intent import analyse
from index.query import (
    AccentRestorer,
    Glossary,
    docs_for_numbers,
    find_places,
    referenced_numbers,
)
from tip.domain import DocumentMeta

CORPUS = [
    "Sở Lao động - Thương binh và Xã hội chủ trì thực hiện nội dung về hỗ trợ nạn nhân bị mua bán.",
    "Công an tỉnh chủ trì công tác tiếp nhận, xác minh nạn nhân. Tuyên truyền trên các phương tiện thông tin đại chúng.",
    "Xây dựng đường dây nóng. Tăng cường quản lý tuyến đường biên giới.",
    "Cán bộ dương tính với ma túy bị xử lý; nâng cao năng lực đội ngũ cán bộ.",
]


@pytest.fixture(scope="module")
def restorer() -> AccentRestorer:
    return AccentRestorer.from_texts(CORPUS)


def test_restores_unaccented_words_from_corpus_vocabulary(restorer: AccentRestorer) -> None:
    assert restorer.restore("ai chu tri ho tro nan nhan") == "ai chủ trì hỗ trợ nạn nhân"


def test_context_separates_words_that_fold_alike(restorer: AccentRestorer) -> None:
    # "duong" folds both "đường" and "dương": the neighbouring syllable decides.
    assert restorer.restore("duong day nong") == "đường dây nóng"
    assert restorer.restore("duong tinh") == "dương tính"


def test_half_accented_keeps_what_was_typed(restorer: AccentRestorer) -> None:
    assert restorer.restore("ai chủ tri hỗ tro nan nhân") == "ai chủ trì hỗ trợ nạn nhân"


def test_unknown_words_stay_as_typed(restorer: AccentRestorer) -> None:
    assert restorer.restore("ACTIP interpol xyz") == "ACTIP interpol xyz"


def test_glossary_expands_english_with_the_documents_words() -> None:
    glossary = Glossary.load()
    concepts, framing, residual = glossary.expand("Who leads victim support in the Kon Tum plan?")
    assert "Kon Tum" in residual and "victim" not in residual
    assert ["hỗ trợ nạn nhân"] in concepts and ["chủ trì"] in concepts
    assert framing == ["kế hoạch"]  # a framing word: searched, not evidence
    assert ["truy tố", "thực hành quyền công tố"] in glossary.expand("Who leads prosecution?")[0]
    assert ["Bộ đội Biên phòng"] in glossary.expand("What do Border Guards do?")[0]
    assert (
        glossary.english_for("Sở Lao động – Thương binh và Xã hội")
        == "Department of Labour, Invalids and Social Affairs"
    )


def test_places_with_and_without_diacritics() -> None:
    assert find_places("Ở Kon Tum, ai chủ trì?") == ["Kon Tum"]
    assert find_places("ai chu tri o kien giang") == ["Kiên Giang"]
    assert find_places("Who leads in Lao Cai?") == ["Lào Cai"]
    assert find_places("Bà Rịa - Vũng Tàu và TP.HCM") == ["Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh"]
    assert find_places("hỗ trợ nạn nhân") == []


def test_document_references() -> None:
    assert referenced_numbers("Theo Quyết định 1957/QĐ-TTg, ai chủ trì?") == ["1957"]
    assert referenced_numbers("When was Decision 1957 issued?") == ["1957"]
    metas = [
        DocumentMeta(doc_id="qd", file="qd.md", title="QĐ", number="1957/QĐ-TTg"),
        DocumentMeta(doc_id="kt", file="kt.md", title="KH", implements=["1957/QĐ-TTg"]),
    ]
    assert docs_for_numbers(["1957"], metas) == (["qd"], ["kt"])


def test_analysis_of_an_unaccented_question(restorer: AccentRestorer) -> None:
    qa = analyse("ai chu tri ho tro nan nhan o kon tum", restorer, Glossary.load())
    assert qa.lang == "vi-nodiac"
    assert qa.restored.startswith("ai chủ trì hỗ trợ nạn nhân")
    assert qa.places == ["Kon Tum"]
    assert qa.kind == "who_leads"


@pytest.mark.parametrize(
    ("text", "places", "left"),
    [
        ("Our NGO works in An Giang. Which department", ["An Giang"], "Our NGO works in Which department"),
        ("Kien Giang's plan: who leads", ["Kiên Giang"], "plan: who leads"),
        ("In KonTum, who leads", ["Kon Tum"], "In who leads"),
        ("ke hoach dong nai", ["Đồng Nai"], "ke hoach"),
        ("Giang Thanh district", ["An Giang"], "Giang Thanh district"),  # a word of a name is not the name
    ],
)
def test_places_are_taken_out_of_the_topic(text: str, places: list[str], left: str) -> None:
    from index.retriever import without_places

    assert without_places(text, places) == left
