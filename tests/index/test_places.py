"""The place gazetteer: spellings in three languages, the 2025 merger map both ways, no false hits,
suggestions."""

from __future__ import annotations

import pytest

from index.places import Gazetteer, Place


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def names(gazetteer: Gazetteer, text: str) -> list[str]:
    return [m.name for m in gazetteer.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Vietnamese with diacritics, with and without the official prefix
        ("Ai chủ trì hỗ trợ nạn nhân ở Kon Tum?", "Kon Tum"),
        ("UBND tỉnh Kiên Giang giao ai chủ trì?", "Kiên Giang"),
        ("Kế hoạch của Thành phố Đồng Nai", "Đồng Nai"),
        ("Ở Khánh Hoà thì sao?", "Khánh Hòa"),
        ("Thanh Hoá có kế hoạch không?", "Thanh Hóa"),
        ("Ai chủ trì ở Thừa Thiên - Huế?", "Huế"),
        ("Ai chủ trì ở Huế?", "Huế"),
        ("Đắc Lắc có kế hoạch không?", "Đắk Lắk"),
        ("Bắc Cạn", "Bắc Kạn"),
        # typed without diacritics, in any case, joined
        ("ai chu tri o kien giang", "Kiên Giang"),
        ("kontum ai chu tri", "Kon Tum"),
        ("KonTum", "Kon Tum"),
        ("KONTUM", "Kon Tum"),
        ("dongnai", "Đồng Nai"),
        ("ĐồngNai", "Đồng Nai"),
        ("tp. Dong Nai", "Đồng Nai"),
        ("tinh kon tum", "Kon Tum"),
        ("quangngai", "Quảng Ngãi"),
        ("thua thien hue", "Huế"),
        ("hoa binh ai chu tri tuyen truyen", "Hòa Bình"),
        # English and common forms
        ("Who leads victim support in Kien Giang province?", "Kiên Giang"),
        ("Who leads in Lao Cai?", "Lào Cai"),
        ("the province of Kon Tum", "Kon Tum"),
        ("Ho Chi Minh City", "Thành phố Hồ Chí Minh"),
        ("HCMC", "Thành phố Hồ Chí Minh"),
        ("Saigon", "Thành phố Hồ Chí Minh"),
        ("TP.HCM", "Thành phố Hồ Chí Minh"),
        ("tphcm", "Thành phố Hồ Chí Minh"),
        ("ở Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
        ("Hue", "Huế"),
        ("Thua Thien Hue", "Huế"),
        ("Hanoi", "Hà Nội"),
        ("Da Nang city", "Đà Nẵng"),
        ("Danang", "Đà Nẵng"),
        ("Ba Ria - Vung Tau", "Bà Rịa - Vũng Tàu"),
        ("Dak Lak", "Đắk Lắk"),
    ],
)
def test_spellings(gazetteer: Gazetteer, text: str, expected: str) -> None:
    assert names(gazetteer, text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Việt Nam định hướng đến năm 2030",
        "viet nam dinh huong den nam 2030",
        "Hội Liên hiệp Phụ nữ Việt Nam",
        "Vietnam's national plan",
        "Nam",
        "đến năm 2030",
        "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh",
        "học tập tư tưởng Hồ Chí Minh",
        "giữ gìn hòa bình và an ninh",
        "Quyết định 1957/QĐ-TTg",
        "hỗ trợ nạn nhân",
        "Who leads victim support?",
        "Kiến Giang",  # typed diacritics that are not the place's
        "ứng dụng công nghệ, an ninh mạng",  # a comma is no space inside a name
        "Hà, Nam",
        "thành phố",
        "tỉnh",
    ],
)
def test_no_false_hits(gazetteer: Gazetteer, text: str) -> None:
    assert names(gazetteer, text) == []


def test_whole_tokens_only(gazetteer: Gazetteer) -> None:
    assert names(gazetteer, "huệ") == []
    assert names(gazetteer, "Huế") == ["Huế"]
    assert names(gazetteer, "hueh kontumx giangkien") == []
    assert names(gazetteer, "Hà Nam và Nam Định") == ["Hà Nam", "Nam Định"]


def test_longest_match_first(gazetteer: Gazetteer) -> None:
    assert names(gazetteer, "Kiên Giang, An Giang") == ["Kiên Giang", "An Giang"]
    assert names(gazetteer, "Bà Rịa - Vũng Tàu và TP.HCM") == ["Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh"]
    assert names(gazetteer, "Thành phố Hồ Chí Minh") == ["Thành phố Hồ Chí Minh"]


def test_mention_span_and_era(gazetteer: Gazetteer) -> None:
    (m,) = gazetteer.find("Ai chủ trì ở tỉnh Kon Tum cũ?")
    assert (m.text, m.era) == ("tỉnh Kon Tum", "pre-2025")
    (m,) = gazetteer.find("Who leads in Kien Giang province?")
    assert m.text == "Kien Giang province"
    assert gazetteer.find("Quảng Ngãi")[0].era == "both"
    assert gazetteer.find("Quảng Ngãi mới")[0].era == "post-2025"
    assert gazetteer.find("former Quang Ngai province")[0].era == "pre-2025"
    assert gazetteer.find("Quảng Ngãi mỗi năm")[0].era == "both"  # "mỗi" is not "mới"
    (m,) = gazetteer.find("kế hoạch của tỉnh Kon Tum (cũ)")
    assert (m.text, m.era) == ("tỉnh Kon Tum", "pre-2025")
    (m,) = gazetteer.find("tỉnh, Kon Tum")
    assert m.text == "Kon Tum"  # a comma does not attach the prefix


def test_both_lists_are_complete(gazetteer: Gazetteer) -> None:
    assert len(gazetteer.before_2025) == len(set(gazetteer.before_2025)) == 63
    assert len(gazetteer.from_2025) == len(set(gazetteer.from_2025)) == 34
    assert len(gazetteer.places("pre-2025")) == 63
    assert len(gazetteer.places("post-2025")) == 34


@pytest.mark.parametrize(
    ("unit", "absorbed"),
    [
        ("Quảng Ngãi", {"Kon Tum"}),
        ("An Giang", {"Kiên Giang"}),
        ("Đồng Nai", {"Bình Phước"}),
        ("Phú Thọ", {"Vĩnh Phúc", "Hòa Bình"}),
        ("Ninh Bình", {"Hà Nam", "Nam Định"}),
        ("Lâm Đồng", {"Đắk Nông", "Bình Thuận"}),
        ("Thành phố Hồ Chí Minh", {"Bình Dương", "Bà Rịa - Vũng Tàu"}),
        ("Cần Thơ", {"Sóc Trăng", "Hậu Giang"}),
        ("Vĩnh Long", {"Bến Tre", "Trà Vinh"}),
        ("Hà Nội", set()),
        ("Huế", set()),
    ],
)
def test_merger_map_both_ways(gazetteer: Gazetteer, unit: str, absorbed: set[str]) -> None:
    place = gazetteer.get(unit)
    assert place is not None and place.era == "both" and set(place.absorbed) == absorbed
    for old in absorbed:
        former = gazetteer.get(old)
        assert former is not None and former.era == "pre-2025" and former.merged_into == unit
        assert gazetteer.successor(old) == place


def test_every_old_province_has_one_successor(gazetteer: Gazetteer) -> None:
    for old in gazetteer.before_2025:
        place = gazetteer.resolve(old)
        assert place is not None, old
        successor = gazetteer.successor(place.name)
        assert successor is not None and successor.name in gazetteer.from_2025, old
    absorbed = [o for u in gazetteer.from_2025 for o in (gazetteer.get(u) or Place(u, "", "both")).absorbed]
    assert len(absorbed) == len(set(absorbed)) == 63 - 34


def test_renamed_is_one_place(gazetteer: Gazetteer) -> None:
    hue = gazetteer.get("Huế")
    assert hue is not None and hue.former_names == ("Thừa Thiên Huế",) and hue.merged_into is None
    assert gazetteer.resolve("Thừa Thiên Huế") == hue


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Kontum", "Kon Tum"),
        ("tỉnh Kon Tum", "Kon Tum"),
        ("Kon Tum province", "Kon Tum"),
        ("Thành phố Đồng Nai", "Đồng Nai"),
        ("hcm", "Thành phố Hồ Chí Minh"),
        ("Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
        ("Hoà Bình", "Hòa Bình"),
        ("Việt Nam (toàn quốc)", None),
        ("Atlantis", None),
        ("Kon Tum và Kiên Giang", None),
    ],
)
def test_resolve_a_whole_name(gazetteer: Gazetteer, name: str, expected: str | None) -> None:
    place = gazetteer.resolve(name)
    assert (place.name if place else None) == expected


@pytest.mark.parametrize(
    ("typo", "expected"),
    [("Kon Tom", "Kon Tum"), ("Kontom", "Kon Tum"), ("Hoa Bin", "Hòa Bình"), ("Kien Gian", "Kiên Giang")],
)
def test_suggestions(gazetteer: Gazetteer, typo: str, expected: str) -> None:
    assert gazetteer.resolve(typo) is None
    assert gazetteer.suggest(typo)[0] == expected


def test_no_suggestion_for_nonsense(gazetteer: Gazetteer) -> None:
    assert gazetteer.suggest("Atlantis") == []


def test_official_names(gazetteer: Gazetteer) -> None:
    assert [gazetteer.get(n).official("vi") for n in ("Kon Tum", "Đồng Nai")] == [  # type: ignore[union-attr]
        "tỉnh Kon Tum",
        "thành phố Đồng Nai",
    ]
    assert gazetteer.get("Kon Tum").official("en") == "Kon Tum province"  # type: ignore[union-attr]
    assert gazetteer.get("Thành phố Hồ Chí Minh").official("en") == "Hồ Chí Minh City"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ai chu tri o kontum", "ai chu tri o kon tum"),
        ("ai chu tri o KonTum", "ai chu tri o Kon Tum"),
        ("AI CHU TRI O KONTUM", "AI CHU TRI O Kon Tum"),
        ("tp. Dongnai ai chu tri", "thành phố Đồng Nai ai chu tri"),
        ("tinh kon tum", "tỉnh kon tum"),
        ("TP.HCM và Khánh Hoà", "Thành phố Hồ Chí Minh và Khánh Hòa"),
        ("Việt Nam định hướng", "Việt Nam định hướng"),
    ],
)
def test_canonical_spelling(gazetteer: Gazetteer, text: str, expected: str) -> None:
    assert gazetteer.canonical(text) == expected
