"""Law- and convention-shaped documents read from every format give the same section tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.readers import read_document
from ingest.structure import parse_sections
from tests.ingest.docs_factory import (
    CONV_ID,
    CONVENTION,
    LAW,
    LAW_ID,
    WRITERS,
    to_cp1258,
    to_tcvn3,
    to_text,
    to_vni,
)
from tip.domain import Section

FORMATS = list(WRITERS)

LAW_IDS = [
    "preamble",
    "C1", "D1", "D1.1", "D1.2", "D2", "D2.1", "D2.1.a", "D2.1.b", "D2.2",
    "D3", "D3.1", "D3.1.a", "D3.1.b", "D3.1.c", "D3.1.d", "D3.1.đ", "D3.2",
    "C2", "C2.M1", "D4", "D4.1", "D4.2", "C2.M2", "D5", "D5.1", "D5.1.a", "D5.1.b", "D5.2", "D6",
]  # fmt: skip
CONV_IDS = [
    "preamble",
    "C1", "Art1", "Art1.1", "Art1.2", "Art2", "Art2.1", "Art2.1.a", "Art2.1.b", "Art2.2",
    "C2", "Art3", "Art3.1", "Art3.2", "Art4", "Art4.1", "Art4.1.a", "Art4.1.b", "Art4.2", "Art5",
]  # fmt: skip


def sections(path: Path, doc_id: str) -> list[Section]:
    return parse_sections(doc_id, read_document(path), "Tài liệu thử")


def by_label(secs: list[Section]) -> dict[str, Section]:
    return {s.label: s for s in secs}


def shape(secs: list[Section]) -> list[tuple]:
    """What must not depend on the file format: ids, kinds, tree, heading paths, body text."""
    return [(s.section_id, s.kind, s.parent_id, tuple(s.heading_path), s.heading, s.text) for s in secs]


@pytest.mark.parametrize("fmt", FORMATS)
def test_law_section_ids(written, fmt):
    secs = sections(written[(fmt, LAW_ID)], LAW_ID)
    assert [s.section_id for s in secs] == [f"{LAW_ID}#{label}" for label in LAW_IDS]


@pytest.mark.parametrize("fmt", FORMATS)
def test_law_kinds_and_paths(written, fmt):
    secs = by_label(sections(written[(fmt, LAW_ID)], LAW_ID))
    assert [secs[k].kind for k in ("C1", "C2.M1", "D1", "D1.1", "D3.1.đ")] == [
        "chapter", "section", "article", "clause", "point",
    ]  # fmt: skip
    chapter, article = secs["D1"].heading_path
    assert chapter.startswith("Chương I") and chapter.endswith("NHỮNG QUY ĐỊNH CHUNG")  # title line joined
    assert article == "Điều 1. Phạm vi điều chỉnh"
    assert secs["D4"].heading_path[1:] == [
        "Mục 1. THÔNG TIN, TUYÊN TRUYỀN",
        "Điều 4. Nội dung thông tin, tuyên truyền",
    ]
    assert secs["D3.1.đ"].text.startswith("đ) Giả mạo là nạn nhân")
    assert secs["D3.1.đ"].parent_id == f"{LAW_ID}#D3.1"
    assert "bóc lột tình dục, cưỡng bức lao động hoặc lấy bộ phận" in secs["D2.1.a"].text


@pytest.mark.parametrize("fmt", FORMATS)
def test_convention_section_ids(written, fmt):
    secs = sections(written[(fmt, CONV_ID)], CONV_ID)
    assert [s.section_id for s in secs] == [f"{CONV_ID}#{label}" for label in CONV_IDS]
    by = by_label(secs)
    assert by["Art1.2"].heading_path[1:] == [
        "Article 1 Objectives",
        "2. This Convention shall also promote cooperation among the Parties in order to meet …",
    ]
    assert by["Art4.1.a"].kind == "point"


@pytest.mark.parametrize("doc_id", [LAW_ID, CONV_ID])
@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "md"])
def test_every_format_gives_the_same_tree(written, fmt, doc_id):
    reference = shape(sections(written[("md", doc_id)], doc_id))
    assert shape(sections(written[(fmt, doc_id)], doc_id)) == reference


@pytest.mark.parametrize("fmt", FORMATS)
def test_ids_are_stable_across_reads_and_rewrites(written, tmp_path, fmt):
    first = sections(written[(fmt, LAW_ID)], LAW_ID)
    again = sections(written[(fmt, LAW_ID)], LAW_ID)
    rewritten = sections(WRITERS[fmt](LAW, tmp_path, LAW_ID), LAW_ID)
    assert shape(first) == shape(again) == shape(rewritten)


@pytest.mark.parametrize(
    "name,data",
    [
        ("tcvn3.txt", lambda: to_tcvn3(to_text(LAW)).encode("latin-1")),
        ("vni.txt", lambda: to_vni(to_text(LAW)).encode("latin-1")),
        ("cp1258.txt", lambda: to_cp1258(to_text(LAW))),
        ("tcvn3-utf8.md", lambda: to_tcvn3(to_text(LAW)).encode("utf-8")),
    ],
)
def test_legacy_encodings_give_the_same_tree(written, tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data())
    assert shape(sections(path, LAW_ID)) == shape(sections(written[("txt", LAW_ID)], LAW_ID))


def test_article_title_on_the_next_line(tmp_path):
    blocks = [("article", "Article 1") if t == "Article 1 Objectives" else (k, t) for k, t in CONVENTION]
    blocks.insert(blocks.index(("article", "Article 1")) + 1, ("article", "Objectives"))
    by = by_label(sections(WRITERS["txt"](blocks, tmp_path, CONV_ID), CONV_ID))
    assert by["Art1"].heading == "Article 1. Objectives"
    assert "Art1.2" in by


def test_chapter_heading_joins_title_with_a_dot(written):
    secs = by_label(sections(written[("md", LAW_ID)], LAW_ID))
    assert secs["D1"].heading_path == ["Chương I. NHỮNG QUY ĐỊNH CHUNG", "Điều 1. Phạm vi điều chỉnh"]
    assert secs["C2.M1"].heading == "Mục 1. THÔNG TIN, TUYÊN TRUYỀN"


def test_convention_parenthesised_sub_points(written):
    by = by_label(sections(written[("md", CONV_ID)], CONV_ID))
    assert by["Art2.1.a"].text.startswith("(a) the recruitment")
    assert by["Art2.1.b"].kind == "point"


CROSS_REFERENCE = """Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi
1. Nội dung thứ nhất được quy định chi tiết tại
Điều 3 của Luật này và các văn bản khác.
2. Nội dung thứ hai.
Điều 2. Đối tượng áp dụng
1. Khoản một.
"""


def test_cross_reference_at_line_start_is_body_text(tmp_path):
    path = tmp_path / "ref.txt"
    path.write_text(CROSS_REFERENCE, encoding="utf-8")
    labels = [s.label for s in sections(path, "ref")]
    assert labels == ["C1", "D1", "D1.1", "D1.2", "D2", "D2.1"]


def test_upper_case_article_heading(tmp_path):
    path = tmp_path / "upper.txt"
    path.write_text("ĐIỀU 1. PHẠM VI\n1. Khoản một.\nĐIỀU 2. ĐỐI TƯỢNG\n1. Khoản một.\n", encoding="utf-8")
    assert [s.label for s in sections(path, "up")] == ["D1", "D1.1", "D2", "D2.1"]


CROSS_REFERENCE_TITLES = {
    "en": """Chapter I
GENERAL PROVISIONS
Article 1 Objectives
1. Each Party shall establish as criminal offences the conduct set out in
Article 2(a), when committed intentionally, and the conduct covered by
Article 3 of this Convention.
2. The Parties shall cooperate under
Chapter II of this Convention.
Article 2: Use of terms
1. A term.
""",
    "vi": """Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi
1. Nội dung được hướng dẫn tại
Chương II của Luật này.
Chương II
QUY ĐỊNH KHÁC
Điều 2. Đối tượng
1. Khoản một.
""",
}


@pytest.mark.parametrize(
    "lang,labels,body_of,tail",
    [
        (
            "en",
            ["C1", "Art1", "Art1.1", "Art1.2", "Art2", "Art2.1"],
            "Art1.2",
            "Chapter II of this Convention.",
        ),
        ("vi", ["C1", "D1", "D1.1", "C2", "D2", "D2.1"], "D1.1", "Chương II của Luật này."),
    ],
)
def test_cross_reference_titles_in_lower_case_are_body_text(tmp_path, lang, labels, body_of, tail):
    """A wrapped line that starts with "Article 2(a), …", "Article 3 of …" or "Chương II của …" continues a
    sentence: only a heading's title starts with a capital."""
    path = tmp_path / "refs.txt"
    path.write_text(CROSS_REFERENCE_TITLES[lang], encoding="utf-8")
    secs = by_label(sections(path, "refs"))
    assert list(secs) == labels
    assert secs[body_of].text.endswith(tail)


SIGNED_LAW = """Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi
1. Khoản một.
Điều 2. Hiệu lực thi hành
1. Luật này có hiệu lực từ ngày 01 tháng 7 năm 2025.
2. Luật số 66/2011/QH12 hết hiệu lực.
Luật này đã được Quốc hội thông qua ngày 28 tháng 6 năm 2024.
CHỦ TỊCH QUỐC HỘI
Nguyễn Văn Thử
"""


def test_signature_after_the_last_article_is_not_clause_text(tmp_path):
    """A law has no "Nơi nhận" before its signature: the passage line and the signer's title close the last
    clause."""
    path = tmp_path / "signed.txt"
    path.write_text(SIGNED_LAW, encoding="utf-8")
    secs = by_label(sections(path, "signed"))
    assert list(secs) == ["C1", "D1", "D1.1", "D2", "D2.1", "D2.2", "passage", "recipients"]
    assert secs["D2.2"].text == "2. Luật số 66/2011/QH12 hết hiệu lực."
    assert secs["passage"].text == "Luật này đã được Quốc hội thông qua ngày 28 tháng 6 năm 2024."
    assert secs["recipients"].text == "CHỦ TỊCH QUỐC HỘI\nNguyễn Văn Thử"


def test_signer_title_before_any_article_stays_in_the_preamble(tmp_path):
    path = tmp_path / "head.txt"
    path.write_text("CHÍNH PHỦ\nNGHỊ ĐỊNH\nĐiều 1. Phạm vi\n1. Khoản một.\n", encoding="utf-8")
    secs = sections(path, "head")
    assert [s.label for s in secs] == ["preamble", "D1", "D1.1"]
    assert secs[0].text.startswith("CHÍNH PHỦ")


# -- a law's closing trailer (passed by the legislature on …, the signer) is its own `passage` section ------
LAST_ARTICLE = {
    "en": "Article 9. Effect\n1. This Law takes effect on July 1, 2026.\n2. The Government shall detail Article 4.\n",
    "vi": "Điều 9. Hiệu lực thi hành\n1. Luật này có hiệu lực từ ngày 01 tháng 7 năm 2026.\n"
    "2. Chính phủ quy định chi tiết Điều 4.\n",
}
TRAILERS = [
    ("en", "This Law was passed on June 5, 2025, by the XVth National Assembly at its 9th session.",
     "CHAIRMAN OF THE NATIONAL ASSEMBLY"),
    ("en", "This Code was adopted by the National Assembly of Vietnam on 20 June 2017.", "CHAIRWOMAN"),
    ("vi", "Luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV, kỳ họp thứ 9 thông qua "
     "ngày 05 tháng 6 năm 2025.", "CHỦ TỊCH QUỐC HỘI"),
    ("vi", "Luat nay duoc Quoc hoi khoa XV thong qua ngay 05/6/2025.", "CHU TICH QUOC HOI"),
    ("vi", "Nghị quyết này được Ủy ban Thường vụ Quốc hội thông qua ngày 12 tháng 3 năm 2024.", "TM. ỦY BAN"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "passage", "signer"), TRAILERS, ids=[t[1][:30] for t in TRAILERS])
def test_law_trailer_is_its_own_section(lang: str, passage: str, signer: str) -> None:
    secs = by_label(parse_sections("l", f"{LAST_ARTICLE[lang]}\n{passage}\n\n{signer}\n", "Luật thử"))
    assert secs["passage"].kind == "passage"
    assert secs["passage"].parent_id == "l#preamble"
    assert passage in secs["passage"].text
    assert signer in secs["passage"].text or signer in secs["recipients"].text
    assert passage not in secs["D9.2" if lang == "vi" else "Art9.2"].text


def test_scope_line_saying_through_is_no_trailer() -> None:
    """'thông qua' also means 'through': without the legislature named, the line stays in its article."""
    text = "Điều 1. Phạm vi điều chỉnh\nLuật này quy định việc hỗ trợ nạn nhân thông qua các cơ sở trợ giúp xã hội.\n"
    secs = by_label(parse_sections("l", text, "Luật thử"))
    assert "passage" not in secs and "thông qua" in secs["D1"].text


def _labels(tmp_path: Path, text: str, name: str = "doc.txt") -> dict[str, Section]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return by_label(sections(path, "doc"))


# Conventions number their parts "I. General provisions" in mixed case (the Palermo Protocol's way); a part
# opens only as the next in sequence, so a stray Roman-numbered line stays text.
def test_mixed_case_convention_parts_in_sequence(tmp_path):
    by = _labels(
        tmp_path,
        "The States Parties,\nHave agreed as follows:\nI. Scope and definitions\nArticle 1\nPurpose\n"
        "1. This Protocol aims to protect migrants.\nII. Measures of protection\nArticle 2\nShelter\n"
        "Each Party shall provide shelter.\nIV. Annexed forms\nArticle 3\nEntry into force\n"
        "This Protocol enters into force on signature.\n",
    )
    assert [by["I"].kind, by["II"].kind] == ["part", "part"]
    assert by["Art2"].parent_id == "doc#II"
    assert "IV" not in by and "IV. Annexed forms" in by["Art2"].text
    assert by["Art1.1"].heading_path[0] == "I. Scope and definitions"


# An amending article quotes the new text line by line: its "Điều 3." and "1." / "2." are the quoted
# article's, not this document's (in Vietnamese and English quote marks alike).
@pytest.mark.parametrize(("opening", "closing"), [("“", "”"), ('"', '"')])
def test_quoted_amendment_lines_are_text(tmp_path, opening, closing):
    by = _labels(
        tmp_path,
        "Điều 5. Sửa đổi, bổ sung Nghị định số 10/2020/NĐ-CP\n1. Sửa đổi Điều 3 như sau:\n"
        f"{opening}Điều 3. Mức chi hỗ trợ\n1. Mức chi tiền thuê nhà 500.000 đồng.\n"
        f"2. Mức chi tiền điện 100.000 đồng.{closing}\n2. Bãi bỏ khoản 4 Điều 7.\nĐiều 6. Hiệu lực\n"
        "Nghị định này có hiệu lực từ ngày ký.\n",
    )
    assert [k for k in by if k.startswith("D")] == ["D5", "D5.1", "D5.2", "D6"]
    assert "Mức chi tiền điện" in by["D5.1"].text
    assert by["D5.2"].text == "2. Bãi bỏ khoản 4 Điều 7."


# An annex table that points back to articles ("Điều 4 | 2.000.000 đồng") holds no articles of its own; an
# annexed regulation does, numbered from 1 again.
def test_annex_table_cells_naming_articles_are_text(tmp_path):
    by = _labels(
        tmp_path,
        "Điều 4. Hỗ trợ thuê nhà\n1. Mức hỗ trợ 2.000.000 đồng.\nĐiều 5. Hiệu lực\nCó hiệu lực từ ngày ký.\n"
        "Nơi nhận:\n- Như Điều 5;\nPHỤ LỤC\nTiền thuê nhà\n2.000.000 đồng\nĐiều 4\nTiền điện\nĐiều 5\n",
    )
    assert [k for k in by if k.startswith("D")] == ["D4", "D4.1", "D5"]
    assert "Điều 4" in by["annex1"].text.splitlines()
    by = _labels(
        tmp_path,
        "Điều 1. Ban hành Quy chế\nNơi nhận:\n- Như Điều 1;\nQUY CHẾ\nChương I\nQUY ĐỊNH CHUNG\n"
        "Điều 1. Phạm vi\nQuy chế này quy định việc phối hợp.\nĐiều 2\nĐối tượng\nCác sở, ngành.\n",
        "regulation.txt",
    )
    assert by["D1~2"].kind == "article" and by["D2"].heading == "Điều 2. Đối tượng"
