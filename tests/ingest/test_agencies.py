"""The agency catalogue: every spelling a plan uses maps to one canonical name, scoped on demand."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.agencies import AgencyCatalog

NATIONAL = "Việt Nam (toàn quốc)"


@pytest.fixture(scope="module")
def catalog() -> AgencyCatalog:
    return AgencyCatalog.load()


def test_packaged_catalogue_is_consistent(catalog: AgencyCatalog) -> None:
    assert len(catalog) > 80
    assert catalog.conflicts == []
    for agency in catalog:
        assert agency.level in ("national", "provincial")
        assert agency.en and "{" not in agency.en and "{" not in agency.name


@pytest.mark.parametrize(
    "name",
    [
        "Bộ Công an",
        "Bộ Quốc phòng",
        "Bộ Lao động - Thương binh và Xã hội",
        "Bộ Văn hóa, Thể thao và Du lịch",
        "Viện kiểm sát nhân dân tối cao",
        "Tòa án nhân dân tối cao",
        "Trung ương Hội Liên hiệp Phụ nữ Việt Nam",
        "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
        "Đài Truyền hình Việt Nam",
        "Công an tỉnh",
        "Công an thành phố",
        "Sở Lao động - Thương binh và Xã hội",
        "Sở Nông nghiệp và Môi trường",
        "Bộ Chỉ huy Quân sự thành phố",
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
        "Viện Kiểm sát nhân dân thành phố",
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        "Hội Liên hiệp Phụ nữ tỉnh",
        "Tỉnh đoàn",
        "Cục Thi hành án dân sự tỉnh",
        "Ủy ban nhân dân các xã, phường",
    ],
)
def test_catalogue_has_the_agencies_plans_name(catalog: AgencyCatalog, name: str) -> None:
    assert catalog.by_name(name) is not None, name


@pytest.mark.parametrize(
    "written",
    [
        "Sở Lao động - Thương binh và Xã hội",
        "Sở Lao động – Thương binh và Xã hội",  # en dash
        "Sở Lao động — Thương binh và Xã hội",  # em dash
        "Sở Lao động Thương binh và Xã hội",  # no dash
        "Sở Lao động-Thương binh và Xã hội",
        "sở lao động  thương binh và xã hội",
        "Sở LĐTBXH",
        "Sở LĐ-TB&XH",
        "  Sở LĐTBXH; ",
    ],
)
def test_dash_case_spacing_and_abbreviation_variants_meet(catalog: AgencyCatalog, written: str) -> None:
    assert catalog.canonical(written, "Kon Tum") == "Sở Lao động - Thương binh và Xã hội"


@pytest.mark.parametrize(
    ("written", "jurisdiction", "canonical"),
    [
        ("Bộ LĐTBXH", NATIONAL, "Bộ Lao động - Thương binh và Xã hội"),
        ("Bộ Văn hóa Thể thao và Du lịch", NATIONAL, "Bộ Văn hóa, Thể thao và Du lịch"),
        ("VKSND tối cao", NATIONAL, "Viện kiểm sát nhân dân tối cao"),
        ("Bộ chỉ huy Quân sự tỉnh", "Kon Tum", "Bộ Chỉ huy Quân sự tỉnh"),
        ("Sở ngoại vụ", "Kon Tum", "Sở Ngoại vụ"),
        ("Uỷ ban MTTQ VN tỉnh", "Kiên Giang", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),  # Uỷ / Ủy
        ("Hội Liên hiệp Phụ nữ Việt Nam tỉnh", "Kon Tum", "Hội Liên hiệp Phụ nữ tỉnh"),
        ("UBND các xã, phường", "Đồng Nai", "Ủy ban nhân dân các xã, phường"),
        ("Đề nghị Tòa án nhân dân tỉnh", "Kon Tum", "Tòa án nhân dân tỉnh"),
        # other spellings of the same bodies (issue 10, class 4)
        ("Sở LĐ-TB&XH", "Lào Cai", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở Lao động, Thương binh và Xã hội", "Lào Cai", "Sở Lao động - Thương binh và Xã hội"),
        ("BĐBP tỉnh", "Lào Cai", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"),
        ("Bộ đội Biên phòng tỉnh", "Lào Cai", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"),
        ("Viện KSND tỉnh", "Lào Cai", "Viện Kiểm sát nhân dân tỉnh"),
        ("Thi hành án dân sự thành phố", "Hải Phòng", "Cục Thi hành án dân sự thành phố"),
        ("UBND cấp huyện", "Lào Cai", "Ủy ban nhân dân cấp huyện"),
        ("UBND cấp xã", "Lào Cai", "Ủy ban nhân dân cấp xã"),
        ("UBND các quận, huyện", "Hải Phòng", "Ủy ban nhân dân các quận, huyện"),
        ("UBND các xã, phường, đặc khu", "Quảng Ngãi", "Ủy ban nhân dân các xã, phường"),
        ("Viện KSND tối cao", NATIONAL, "Viện kiểm sát nhân dân tối cao"),
        ("Bộ Lao động, Thương binh và Xã hội", NATIONAL, "Bộ Lao động - Thương binh và Xã hội"),
    ],
)
def test_canonical_names(catalog: AgencyCatalog, written: str, jurisdiction: str, canonical: str) -> None:
    assert catalog.canonical(written, jurisdiction) == canonical


def test_provincial_names_stay_as_the_plan_writes_them_and_scope_on_demand(catalog: AgencyCatalog) -> None:
    assert catalog.canonical("Công an tỉnh", "Kon Tum") == "Công an tỉnh"
    assert catalog.canonical("Công an tỉnh Kon Tum", "Kon Tum") == "Công an tỉnh"
    assert catalog.scoped("Công an tỉnh", "Kon Tum") == "Công an tỉnh Kon Tum"
    assert catalog.scoped("Sở Y tế", "Kon Tum") == "Sở Y tế tỉnh Kon Tum"
    assert catalog.scoped("Sở Y tế", "Đồng Nai") == "Sở Y tế thành phố Đồng Nai"  # a city: "thành phố"
    assert catalog.scoped("Công an thành phố", "Đồng Nai") == "Công an thành phố Đồng Nai"
    assert catalog.scoped("Tỉnh đoàn", "Kon Tum") == "Tỉnh đoàn Kon Tum"
    assert catalog.scoped("UBND các xã, phường", "Đồng Nai") == (
        "Ủy ban nhân dân các xã, phường thuộc thành phố Đồng Nai"
    )
    assert catalog.scoped("Bộ Công an", NATIONAL) == "Bộ Công an"
    assert catalog.scoped("Bộ Công an", "Kon Tum") == "Bộ Công an"  # national bodies are never scoped


def test_bare_names_depend_on_the_plan_level(catalog: AgencyCatalog) -> None:
    # "Viện Kiểm sát nhân dân" in a provincial plan is that province's procuracy
    assert catalog.canonical("Viện Kiểm sát nhân dân", "Kon Tum") == "Viện Kiểm sát nhân dân tỉnh"
    assert catalog.canonical("Tòa án nhân dân", "Đồng Nai") == "Tòa án nhân dân thành phố"
    assert catalog.canonical("Viện Kiểm sát nhân dân", NATIONAL) == "Viện Kiểm sát nhân dân"  # unknown: kept
    # "Hội Liên hiệp Phụ nữ Việt Nam" in a Government plan is its Central Committee
    assert (
        catalog.canonical("Hội Liên hiệp Phụ nữ Việt Nam", NATIONAL)
        == "Trung ương Hội Liên hiệp Phụ nữ Việt Nam"
    )
    assert catalog.canonical("Hội Liên hiệp Phụ nữ", "Kiên Giang") == "Hội Liên hiệp Phụ nữ tỉnh"


def test_unknown_names_are_kept_cleaned(catalog: AgencyCatalog) -> None:
    assert (
        catalog.canonical("  Cơ sở   Bảo trợ xã hội Hy Vọng, ", "Kon Tum") == "Cơ sở Bảo trợ xã hội Hy Vọng"
    )
    assert catalog.english("Cơ sở Bảo trợ xã hội Hy Vọng") is None


def test_english_gloss(catalog: AgencyCatalog) -> None:
    assert catalog.english("Sở LĐTBXH") == "Department of Labour, Invalids and Social Affairs"
    assert catalog.english("Công an thành phố") == "City Police"
    assert catalog.english("Công an tỉnh") == "Provincial Police"
    assert catalog.english("Bộ Công an") == "Ministry of Public Security"
    assert catalog.english("Sở Tư pháp") == "Department of Justice"
    assert catalog.english("BĐBP tỉnh", "Lào Cai") == "Provincial Border Guard Command"
    assert catalog.english("Thi hành án dân sự tỉnh", "Lào Cai") == (
        "Provincial Department of Civil Judgment Enforcement"
    )
    assert catalog.english("Tổng cục Thi hành án dân sự") == (
        "General Department of Civil Judgment Enforcement (Ministry of Justice)"
    )


def test_find_all_longest_first_in_text_order(catalog: AgencyCatalog) -> None:
    text = "Bộ chỉ huy Bộ đội Biên phòng tỉnh chủ trì, phối hợp Công an tỉnh, Sở Lao động – Thương binh và Xã hội."
    found = catalog.find_all(text, "Kon Tum")
    assert [m.name for m in found] == [
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
        "Công an tỉnh",
        "Sở Lao động - Thương binh và Xã hội",
    ]
    assert [text[m.start : m.end] for m in found] == [m.text for m in found]
    assert found[0].text == "Bộ chỉ huy Bộ đội Biên phòng tỉnh"


def test_find_all_skips_common_nouns_and_never_glues_list_items(catalog: AgencyCatalog) -> None:
    assert catalog.find_all("phối hợp với các bộ, ngành, sở y tế địa phương", "Kon Tum") == []
    names = [m.name for m in catalog.find_all("Sở Y tế, Ủy ban nhân dân các xã, phường", "Đồng Nai")]
    assert names == ["Sở Y tế", "Ủy ban nhân dân các xã, phường"]


def test_find_all_keeps_a_place_that_is_not_the_plans_own(catalog: AgencyCatalog) -> None:
    found = catalog.find_all("Bộ Công an phối hợp với UBND tỉnh Lai Châu tổ chức", NATIONAL)
    assert [m.name for m in found] == ["Bộ Công an", "Ủy ban nhân dân tỉnh Lai Châu"]
    own = catalog.find_all("báo cáo Công an tỉnh Kon Tum tổng hợp", "Kon Tum")
    assert [m.name for m in own] == ["Công an tỉnh"]


def test_match_at_reads_list_items_with_their_prefix(catalog: AgencyCatalog) -> None:
    text = "Các Bộ: Công an, Lao động – Thương binh và Xã hội và đề nghị"
    first = catalog.match_at(text, 8, "Bộ", NATIONAL)
    second = catalog.match_at(text, 17, "Bộ", NATIONAL)
    assert first is not None and first.name == "Bộ Công an" and first.text == "Công an"
    assert second is not None and second.name == "Bộ Lao động - Thương binh và Xã hội"
    assert catalog.match_at(text, 0, "Bộ", NATIONAL) is None


def test_load_from_a_path_and_reject_bad_entries(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(
        "units:\n  tỉnh: {en: Provincial}\n"
        "agencies:\n"
        "  - {id: so-a, name: Sở Thử nghiệm, level: provincial, en: Test Department, aliases: [Sở TN]}\n"
        '  - {id: ca, name: "Công an {unit}", level: provincial, en: "{Unit} Police"}\n',
        encoding="utf-8",
    )
    small = AgencyCatalog.load(good)
    assert small.canonical("sở tn", "Hòa Bình") == "Sở Thử nghiệm"
    assert small.english("Công an tỉnh") == "Provincial Police"
    bad = tmp_path / "bad.yaml"
    bad.write_text("agencies:\n  - {id: x, name: Sở X, level: provincial}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing en"):
        AgencyCatalog.load(bad)
