"""The user's words are not the document's words: abbreviations, full forms and everyday words, both ways
(index/equivalents.py, data in index/data/equivalents.yaml)."""

from __future__ import annotations

import pytest

from index.equivalents import Equivalents, folds_ambiguously


def _found(text: str) -> dict[str, tuple[str, ...]]:
    return {group[0]: group[1:] for group in Equivalents.load().found(text)}


@pytest.mark.parametrize(
    ("question", "typed", "other"),
    [
        ("HĐND tỉnh Hà Tĩnh thông qua nghị quyết nào?", "HĐND", "Hội đồng nhân dân"),
        ("Hội đồng nhân dân tỉnh giám sát việc gì?", "Hội đồng nhân dân", "HĐND"),
        ("hdnd tinh giam sat viec gi", "HĐND", "Hội đồng nhân dân"),
        ("BCĐ 138 tỉnh Lạng Sơn họp mấy lần?", "BCĐ", "Ban Chỉ đạo"),
        ("ban chi dao tinh hop may lan", "Ban Chỉ đạo", "BCĐ"),
        ("Sở LĐ-TB&XH tiếp nhận nạn nhân ở đâu?", "LĐ-TB&XH", "Lao động - Thương binh và Xã hội"),
        ("Sở VH-TT&DL làm gì?", "VH-TT&DL", "Văn hóa, Thể thao và Du lịch"),
        ("các bộ ngành trung uong lam gi", "Trung ương", "TW"),
        ("nhà trường phối hợp với ai?", "nhà trường", "cơ sở giáo dục"),
        ("bao dai dua tin ra sao", "báo đài", "báo chí"),
    ],
)
def test_a_question_names_a_group_by_any_of_its_forms(question: str, typed: str, other: str) -> None:
    found = _found(question)
    assert typed in found, found
    assert other in found[typed]


def test_the_longest_form_wins_where_forms_overlap() -> None:
    found = _found("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh tuyên truyền")
    assert "Ủy ban Mặt trận Tổ quốc" in found
    assert "Mặt trận Tổ quốc" not in found
    assert "Ủy ban nhân dân" not in found


@pytest.mark.parametrize(
    ("question", "form"),
    [
        ("tiền hỗ trợ nạn nhân là bao nhiêu?", "tiền"),
        ("Kế hoạch ưu tiên nhóm nào?", None),  # tiên is not tiền
        ("tiến độ thực hiện thế nào?", None),  # tiến is not tiền
    ],
)
def test_a_one_syllable_everyday_word_is_matched_with_its_diacritics(question: str, form: str | None) -> None:
    found = _found(question)
    if form is None:
        assert "tiền" not in found, found
    else:
        assert form in found and "kinh phí" in found[form]


def test_a_folded_one_syllable_word_is_no_evidence() -> None:
    assert folds_ambiguously("tiền")
    assert not folds_ambiguously("kinh phí")
    assert not folds_ambiguously("UBND")


@pytest.mark.parametrize(
    ("phrase", "variant"),
    [
        ("Ủy ban nhân dân cấp huyện", "UBND cấp huyện"),
        ("Ban Chỉ đạo 138 tỉnh", "BCĐ 138 tỉnh"),
        ("Bộ đội Biên phòng tỉnh", "BĐBP tỉnh"),
    ],
)
def test_a_phrase_has_its_variants_in_other_forms(phrase: str, variant: str) -> None:
    assert variant in Equivalents.load().variants(phrase)


@pytest.mark.parametrize(
    ("typed", "spelt"),
    [
        (
            "Which PPC approved the Ha Tinh plan?",
            "Which provincial People's Committee approved the Ha Tinh plan?",
        ),
        ("what do the commune PCs do", "what do the commune People's Committees do"),
        ("Does MOFA help victims abroad?", "Does Ministry of Foreign Affairs help victims abroad?"),
        ("the BGF at border gates", "the Border Guard at border gates"),
    ],
)
def test_english_abbreviations_are_spelt_out(typed: str, spelt: str) -> None:
    assert Equivalents.load().spell_out_english(typed) == spelt


@pytest.mark.parametrize("kept", ["a pc in the office", "the Mod of the list", "MPS/2021 file", "PC-based"])
def test_english_abbreviations_are_matched_as_typed_whole_words(kept: str) -> None:
    assert Equivalents.load().spell_out_english(kept) == kept


def test_every_group_says_its_class_and_has_two_forms() -> None:
    for cls, forms in Equivalents.load().groups:
        assert cls in {"abbreviation", "everyday", "english"}
        assert len(forms) >= 2, forms


def test_an_english_abbreviation_has_one_home() -> None:
    """An abbreviation the glossary lists is read by the glossary ("MPS Office" is more than "MPS")."""
    from index.query import Glossary

    known = {en for term in Glossary.load().terms for en in term.en}
    spelt = [forms[0] for cls, forms in Equivalents.load().groups if cls == "english"]
    assert not [a for a in spelt if a in known]
