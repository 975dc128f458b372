"""Evidence (index/evidence.py): what kind of value a sentence holds, per class of question: a person's
name, a count of a named noun, a frequency, a street address, numbers written in words."""

from __future__ import annotations

import pytest

from index.evidence import counts, holds_value, person_names


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLê Ngọc Tuấn", ["Lê Ngọc Tuấn"]),
        ("KT. TRƯỞNG BAN\nThượng tướng Lê Quý Vương", ["Lê Quý Vương"]),
        ("**NGUYỄN XUÂN PHÚC**", ["NGUYỄN XUÂN PHÚC"]),
        ("hoặc đ/c Thiếu tá Phan Thành Trung, Phòng 5/V01", ["Phan Thành Trung"]),
        # agencies and places are not people
        ("Sở Y tế Đồng Nai chủ trì, phối hợp Công an tỉnh Kon Tum", []),
        ("gửi về Thành phố Hồ Chí Minh và Hà Nội", []),
        ("Số 507, đường Nguyễn Chí Thanh, phường Rạch Sỏi", []),
        ("Ban Chỉ đạo 138/CP, Bộ Lao động - Thương binh và Xã hội", []),
        ("TM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG", []),  # posts, not names
        ("VĂN PHÒNG UBND TỈNH", []),
    ],
)
def test_person_names(sentence: str, names: list[str]) -> None:
    assert person_names(sentence) == names
    assert holds_value("person", sentence) is bool(names)


@pytest.mark.parametrize(
    ("sentence", "nouns", "held"),
    [
        ("Phòng Cảnh sát hình sự bố trí 12 cán bộ chuyên trách.", ("can bo",), True),
        ("Tỉnh có 03 cơ sở bảo trợ xã hội tiếp nhận nạn nhân.", ("co so",), True),
        ("The province runs two shelters for victims.", ("shelter",), True),
        ("a structured group of three or more persons", ("person",), True),
        ("Tập huấn cho cán bộ làm công tác phòng, chống mua bán người.", ("can bo",), False),  # no number
        ("Tổ chức 05 lớp tập huấn cho cán bộ cấp xã.", ("can bo",), False),  # a number of something else
        ("The shelter received victims in 2021.", ("shelter",), False),
    ],
)
def test_a_count_counts_the_asked_noun(sentence: str, nouns: tuple[str, ...], held: bool) -> None:
    assert counts(sentence, nouns) is held
    assert holds_value("number", sentence, counted=nouns) is held


@pytest.mark.parametrize(
    ("sentence", "unit", "held"),
    [
        ("a structured group of three or more persons", "people", True),
        ("“Child” shall mean any person under eighteen years of age.", "years", True),
        ("Trẻ em là người dưới mười sáu tuổi.", "years", True),
        ("shall handle it within twenty-four hours", "hours", True),
        ("giải quyết trong thời hạn mười lăm ngày", "days", True),
        ("on the thirtieth day after the deposit", "days", True),
        ("the second meeting of the parties", None, True),
        ("Nạn nhân được hỗ trợ theo quy định.", "people", False),
    ],
)
def test_numbers_written_in_words(sentence: str, unit: str | None, held: bool) -> None:
    assert holds_value("number", sentence, unit) is held


@pytest.mark.parametrize(
    ("sentence", "held"),
    [
        ("Các cơ quan báo chí hàng tháng có chuyên mục về phòng, chống mua bán người.", True),
        ("định kỳ 06 tháng, hằng năm báo cáo kết quả", True),
        ("Sơ kết 6 tháng một lần.", True),
        ("Reports are submitted quarterly to the Steering Committee.", True),
        ("The committee meets every six months.", True),
        ("Inspections take place twice a year.", True),
        ("Báo cáo gửi trước ngày 10/8/2021.", False),
        ("Định kỳ tổng hợp, báo cáo Thủ tướng Chính phủ.", False),  # periodically: no period said
        ("The authority shall handle it within 24 hours.", False),
    ],
)
def test_frequencies(sentence: str, held: bool) -> None:
    assert holds_value("frequency", sentence) is held


@pytest.mark.parametrize(
    ("sentence", "kind", "held"),
    [
        ("qua Văn phòng Bộ Công an; 44 Yết Kiêu, Hoàn Kiếm, Hà Nội;", "address", True),
        ("địa chỉ: Số 507, đường Nguyễn Chí Thanh, phường Rạch Sỏi", "address", True),
        ("trụ sở tại đường Trần Phú, phường 5, thành phố Rạch Giá", "address", True),
        ("The office is at 10 Tran Hung Dao Street in Hanoi.", "address", True),
        ("Căn cứ Điều 5, Luật Phòng, chống mua bán người", "address", False),
        ("Số 78/KH-UBND, ngày 14 tháng 4 năm 2021", "address", False),
        ("điện thoại: 069.2341138, fax: 069.2342273", "phone", True),
        ("địa chỉ: Số 507, đường Nguyễn Chí Thanh, phường Rạch Sỏi", "phone", False),  # asked a phone: no
        ("gửi thư về hop.thu@congan.gov.vn", "email", True),
        ("điện thoại: 069.2341138", "email", False),
        ("Tổng đài 111 tiếp nhận tin báo", None, True),  # any contact
    ],
)
def test_contact_kinds(sentence: str, kind: str | None, held: bool) -> None:
    assert holds_value("contact", sentence, kind) is held


@pytest.mark.parametrize(
    ("sentence", "held"),
    [
        ("qua đường dây nóng của Phòng Cảnh sát hình sự: 0239.3858.113 (24/24 giờ).", False),
        ("The hotline answers 24/7 hours a day.", False),
        ("đường day nong truc 24/24h", False),
        ("các xã, phường ban hành kế hoạch, hoàn thành trước ngày 31/7/2026", True),
        ("hưởng ứng Ngày toàn dân phòng, chống mua bán người 30/7 hằng năm", True),
        ("báo cáo kết quả trước 15/12.", True),
    ],
)
def test_a_round_the_clock_hotline_is_no_date(sentence: str, held: bool) -> None:
    assert holds_value("date", sentence) is held
