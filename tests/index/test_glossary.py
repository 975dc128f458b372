"""The English ↔ Vietnamese glossary as data, and both directions of lookup: English questions in users'
own words → the documents' Vietnamese; Vietnamese questions (with or without diacritics) → English."""

from __future__ import annotations

from collections import defaultdict
from importlib import resources
from typing import Any

import pytest
import yaml

from index.query import Glossary, _english_key


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load()


def _raw_terms() -> list[dict[str, Any]]:
    text = resources.files("index").joinpath("data", "glossary.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)["terms"]


def _concept(vi: str, groups: list[list[str]]) -> bool:
    return any(vi in group for group in groups)


def _english(groups: list[list[str]]) -> set[str]:
    """The canonical (first) English phrase of each concept found."""
    return {group[0] for group in groups}


# -- the data file ----------------------------------------------------------------------------------------
def test_every_entry_has_english_and_vietnamese_words() -> None:
    terms = _raw_terms()
    assert len(terms) >= 400
    for term in terms:
        assert set(term) <= {"en", "vi", "weak"}, term
        assert term["en"] and term["vi"], term
        for phrase in [*term["en"], *term["vi"]]:
            assert isinstance(phrase, str) and phrase.strip(), term  # a bare 111 would load as an int
        assert isinstance(term.get("weak", False), bool), term


def test_no_english_phrase_belongs_to_two_concepts() -> None:
    concepts: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for term in _raw_terms():
        for phrase in term["en"]:
            concepts[_english_key(phrase).lower()].add(tuple(term["vi"]))
    clashes = {phrase: vi for phrase, vi in concepts.items() if len(vi) > 1}
    assert not clashes


def test_no_vietnamese_phrase_was_split_by_a_stray_comma() -> None:
    """YAML splits an unquoted "Bộ Văn hóa, Thể thao và Du lịch" into two words lists: no fragment may
    start with a lower-case "và"/"thể thao" left over from such a split."""
    for term in _raw_terms():
        for phrase in term["vi"]:
            assert not phrase.startswith(("Thể thao và", "Invalids", "Sports and")), term


# -- English → Vietnamese: questions in users' own words ----------------------------------------------------
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Who does the Department of Justice work with on civil judgment enforcement?",
            ["Sở Tư pháp", "thi hành án dân sự"],
        ),
        (
            "What must the city police do when a hotline call comes in?",
            ["Công an thành phố", "đường dây nóng"],
        ),
        (
            "How do border guards and the coast guard cooperate?",
            ["Bộ đội Biên phòng", "Cảnh sát biển", "hợp tác"],
        ),
        (
            "Which NGOs help with reintegration of returnees?",
            ["tổ chức phi chính phủ", "tái hòa nhập cộng đồng", "trở về"],
        ),
        (
            "Who refers presumed victims to social protection centres?",
            ["chuyển tuyến", "cơ sở bảo trợ xã hội"],
        ),
        (
            "What should be done about marriage brokers and labour export?",
            ["môi giới hôn nhân", "xuất khẩu lao động"],
        ),
        ("what about labor export to Malaysia", ["xuất khẩu lao động", "Ma-lai-xi-a"]),
        ("What share of officials must be trained by 2030?", ["cán bộ", "tập huấn"]),
        (
            "Who collects statistics and keeps the victim database?",
            ["thống kê", "cơ sở dữ liệu nạn nhân bị mua bán"],
        ),
        ("Who pays for awareness activities for children?", ["nâng cao nhận thức", "trẻ em"]),
        ("Cooperation in the Mekong sub-region", ["hợp tác", "sông Mê-Kông", "tiểu vùng"]),
        ("What is the Fatherland Front's role in anti-trafficking?", ["Mặt trận Tổ quốc", "mua bán người"]),
        (
            "Which agency advises the People's Committee on funding?",
            ["tham mưu", "Ủy ban nhân dân", "kinh phí"],
        ),
        ("Who is asked to lead the trial of trafficking cases?", ["đề nghị", "chủ trì", "xét xử"]),
        (
            "How are extradition and mutual legal assistance handled?",
            ["dẫn độ", "tương trợ tư pháp", "giải quyết"],
        ),
        ("What inspection is done of study-abroad consultancies?", ["thanh tra", "du học", "tư vấn"]),
        # the grassroots police of communes and wards (two-level local government), not the district police
        ("How fast must ward police pass on a tip-off?", ["Công an cấp xã", "tin báo"]),
        ("What do commune police do when a victim comes home?", ["Công an cấp xã"]),
    ],
)
def test_english_questions_find_the_documents_words(
    glossary: Glossary, question: str, expected: list[str]
) -> None:
    concepts, _framing, _residual = glossary.expand(question)
    for vi in expected:
        assert _concept(vi, concepts), (vi, concepts)


def test_names_stay_in_the_residual_and_framing_is_not_evidence(glossary: Glossary) -> None:
    concepts, framing, residual = glossary.expand(
        "What are the Women's Union's tasks under the Kien Giang plan?"
    )
    assert _concept("Hội Liên hiệp Phụ nữ", concepts)
    assert "Kien Giang" in residual and "Women" not in residual
    assert "kế hoạch" in framing and "nhiệm vụ" in framing
    assert not _concept("kế hoạch", concepts)


def test_spelling_variants_reach_one_concept(glossary: Glossary) -> None:
    def concepts_of(question: str) -> list[list[str]]:
        return glossary.expand(question)[0]

    assert concepts_of("labour export") == concepts_of("labor export")
    assert concepts_of("anti-trafficking") == concepts_of("anti trafficking")
    assert concepts_of("Women's Union") == concepts_of("Womens Union") == concepts_of("women’s union")
    assert concepts_of("social protection centres") == concepts_of("social protection centers")


def test_the_longest_english_phrase_wins(glossary: Glossary) -> None:
    concepts = glossary.expand("the provincial border guard command")[0]
    assert concepts == [["Bộ Chỉ huy Bộ đội Biên phòng", "Bộ đội Biên phòng"]]


# -- Vietnamese → English -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Ai chủ trì hỗ trợ nạn nhân bị mua bán ở Kon Tum?", {"lead", "victim", "support"}),
        (
            "Bộ đội Biên phòng phối hợp với Công an tỉnh như thế nào?",
            {"border guard", "coordinate", "provincial police"},
        ),
        ("ai chu tri ho tro nan nhan bi mua ban o kon tum", {"lead", "victim", "support"}),
        (
            "so tu phap phoi hop voi bo doi bien phong",
            {"Department of Justice", "coordinate", "border guard"},
        ),
    ],
)
def test_vietnamese_questions_with_or_without_diacritics_to_english(
    glossary: Glossary, question: str, expected: set[str]
) -> None:
    assert expected <= _english(glossary.to_english(question))


def test_vietnamese_longest_phrase_first(glossary: Glossary) -> None:
    groups = glossary.to_english("Sở Tư pháp làm gì về trợ giúp pháp lý?")
    assert _english(groups) == {"Department of Justice", "legal aid"}  # not "justice", not "Department"
    assert "Department of Justice" in groups[0] or "Department of Justice" in groups[1]


def test_vietnamese_framing_and_residual(glossary: Glossary) -> None:
    concepts, framing, residual = glossary.translate_vietnamese("Kế hoạch của Kon Tum")
    assert concepts == []
    assert "plan" in framing
    assert residual == "của kon tum"


def test_accents_typed_must_be_the_phrases_own(glossary: Glossary) -> None:
    # "số" (number) and "sở" (department) fold alike; typed with accents they are different words.
    _, framing, _ = glossary.translate_vietnamese("số")
    assert "number" in framing and "departments" not in framing
    _, framing, _ = glossary.translate_vietnamese("sở")
    assert "departments" in framing and "number" not in framing
    # old and new tone placement are the same word
    assert _english(glossary.to_english("hoà nhập cộng đồng")) == {"integration"}


def test_a_lone_unaccented_syllable_is_too_ambiguous(glossary: Glossary) -> None:
    # "xa" is xã (commune) or xa (far): left alone; "vùng xa" as a phrase is read.
    _, framing, residual = glossary.translate_vietnamese("can bo o xa")
    assert "communes" not in framing and residual.endswith("xa")
    assert "remote areas" in _english(glossary.to_english("vung sau vung xa"))
    _, framing, _ = glossary.translate_vietnamese("cán bộ ở xã")
    assert "communes" in framing


def test_one_english_concept_per_meaning(glossary: Glossary) -> None:
    # "lộ trình" and "giai đoạn" are both "phase": one concept, not two
    assert len(glossary.to_english("lộ trình thực hiện giai đoạn 2022 - 2025")) == 1
    # "Điều kiện" (conditions) is not "Điều" (article)
    concepts, framing, _ = glossary.translate_vietnamese("Điều kiện để được hỗ trợ là gì?")
    assert "conditions" in _english(concepts) and "article" not in framing


def test_who_is_asking_is_framing_not_topic(glossary: Glossary) -> None:
    concepts, framing, _ = glossary.expand("As an NGO trainer, who leads victim support in Kon Tum?")
    assert concepts == [["hỗ trợ nạn nhân"], ["chủ trì"]]
    assert "tổ chức phi chính phủ" in framing
    # asked as the topic, NGOs are a concept
    assert _concept("tổ chức phi chính phủ", glossary.expand("Which NGOs does the plan work with?")[0])


# -- English → English: an English question over an English-language document -----------------------------
@pytest.mark.parametrize(
    ("question", "asked", "document_says"),
    [
        ("Which number should a migrant worker ring?", "ring", "hotline"),  # both "đường dây nóng"
        ("Is there a helpline for victims?", "helpline", "telephone"),
        ("What proportion of communes have a team?", "proportion", "percentage"),  # both "tỷ lệ"
        ("How much funding does the plan have?", "funding", "money"),  # both "kinh phí"
    ],
)
def test_english_phrases_sharing_a_vietnamese_word_are_one_concept(
    glossary: Glossary, question: str, asked: str, document_says: str
) -> None:
    groups, _residual = glossary.english_synonyms(question)
    group = next(g for g in groups if asked in g)
    assert document_says in group


def test_report_to_an_authority_is_no_phone_call(glossary: Glossary) -> None:
    groups, _residual = glossary.english_synonyms("Agencies report to the Department of Health.")
    assert not any("phone" in g for g in groups)
