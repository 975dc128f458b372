import pytest

from index.intent import detect_language
from index.shorthand import Shorthand


@pytest.mark.parametrize(
    ("typed", "expanded"),
    [
        ("kh pcmbn dong nai", "kế hoạch phòng, chống mua bán người dong nai"),
        ("toi pham MBN o vn", "toi pham mua bán người o Việt Nam"),
        ("qd 1957 giao ai", "quyết định 1957 giao ai"),
        ("nd 162 quy dinh gi", "nghị định 162 quy dinh gi"),
        ("ca tinh kon tum lam gi", "Công an tỉnh kon tum lam gi"),
        ("nan nhan co dc ho tro ko", "nan nhan co được ho tro không"),
        ("d4 k3 nd 47 quy dinh gi", "Điều 4 khoản 3 nghị định 47 quy dinh gi"),
        ("Đ7 K3 luật 2024", "Điều 7 khoản 3 luật 2024"),
        ("mon gd cong dan o truong thcs", "mon giáo dục cong dan o truong trung học cơ sở"),
        # a department's initials with the S of Sở, and the field's everyday initials
        ("sldtbxh kon tum lo viec gi", "Sở Lao động - Thương binh và Xã hội kon tum lo viec gi"),
        ("SGDĐT Kiên Giang làm gì", "Sở Giáo dục và Đào tạo Kiên Giang làm gì"),
        ("clb di cu an toan cho dtts", "câu lạc bộ di cu an toan cho dân tộc thiểu số"),
    ],
)
def test_phone_shorthand_is_written_out(typed: str, expanded: str) -> None:
    assert Shorthand.load().expand(typed) == expanded


@pytest.mark.parametrize(
    "kept",
    [
        "điểm k khoản 2 Điều 9",  # a point letter, not shorthand
        "the nd of the list",  # "nd" only before a number
        "Nghị định 162/2025/NĐ-CP",  # inside an identifier
        "78/KH-UBND",
        "UBND tỉnh giao ai",  # the documents write UBND themselves
    ],
)
def test_what_is_not_shorthand_is_left_alone(kept: str) -> None:
    assert Shorthand.load().expand(kept) == kept


def test_shorthand_does_not_make_a_question_english() -> None:
    assert (
        detect_language(Shorthand.load().without_shorthand("kh pcmbn kien giang ai chu tri tro giup mbn"))
        == "vi-nodiac"
    )


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("Chúng tôi ở Kon Tum cũ, nay là Quảng Ngãi", "ở Kon Tum , là Quảng Ngãi"),
        ("tội phạm mua bán người", "tội phạm mua bán người"),  # tôi is not tội
        ("con cái của nạn nhân", "con cái của nạn nhân"),  # còn is not con
    ],
)
def test_conversational_words_are_blanked_with_their_accents(text: str, left: str) -> None:
    assert " ".join(Shorthand.load().without_conversation(text).split()) == left


def test_every_list_says_which_class_it_serves() -> None:
    from index.query import _load_yaml

    data = _load_yaml("shorthand.yaml")
    assert all(spec.get("serves") for spec in data.values())


def test_everyday_words_are_restored_as_such_outside_the_corpus_phrases() -> None:
    """A plan says "cơ quan" and "bảo vệ" far more often than a question says "cơ" or "vệ" alone."""
    from index.query import AccentRestorer

    plan = ["Cơ quan chủ trì bảo vệ nạn nhân; cơ sở hỗ trợ; bảo vệ trẻ em; cơ quan phối hợp."] * 50
    restorer = AccentRestorer.from_texts(plan)
    assert restorer.restore("co quan nao chu tri").split()[:2] == ["cơ", "quan"]
    assert restorer.restore("ke hoach co muc tieu gi").split()[2] == "có"
