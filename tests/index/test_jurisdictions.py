"""Which document answers for a named place across the 2025 merger, and the label that says so: first on
document facts alone, then through the engine on the mini corpus plus invented Kon Tum (2021) and Đồng Nai
(2026) plans, in all three languages."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from index.engine import Engine, NotFound
from index.jurisdictions import Coverage
from index.places import Gazetteer, default_gazetteer
from tip.domain import Answer, DocumentMeta


def meta(doc_id: str, place: str, issued: dt.date | None = None, year: int | None = None) -> DocumentMeta:
    return DocumentMeta(
        doc_id=doc_id,
        file=f"{doc_id}.md",
        title=doc_id,
        doc_type="plan",
        issued=issued,
        year=year,
        jurisdiction="province",
        jurisdiction_name=place,
    )


NATIONAL = DocumentMeta(doc_id="qd", file="qd.md", title="qd", doc_type="decision_and_plan")


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return default_gazetteer()


@pytest.fixture(scope="module")
def coverage(gazetteer: Gazetteer) -> Coverage:
    return Coverage(
        gazetteer,
        [
            NATIONAL,
            meta("kt", "Kon Tum"),
            meta("kg", "tỉnh Kiên Giang", issued=dt.date(2021, 4, 14)),
            meta("dn", "Đồng Nai", year=2026),
            meta("gl", "Gia Lai", issued=dt.date(2025, 3, 1)),
            meta("ld", "Lâm Đồng", year=2025),
        ],
    )


def resolve(coverage: Coverage, gazetteer: Gazetteer, name: str):  # type: ignore[no-untyped-def]
    place = gazetteer.resolve(name)
    assert place is not None, name
    return coverage.resolve(place)


@pytest.mark.parametrize(
    ("asked", "how", "docs", "via"),
    [
        ("Kon Tum", "direct", ["kt"], []),
        ("kontum", "direct", ["kt"], []),
        ("Kien Giang", "direct", ["kg"], []),  # the document names it "tỉnh Kiên Giang"
        ("Đồng Nai", "direct", ["dn"], []),
        ("Quảng Ngãi", "predecessor", ["kt"], ["Kon Tum"]),
        ("An Giang", "predecessor", ["kg"], ["Kiên Giang"]),
        ("Bình Phước", "successor", ["dn"], ["Đồng Nai"]),
        ("Bình Định", "none", [], []),  # Gia Lai's plan predates the merger: it does not cover Bình Định
        ("Đắk Nông", "none", [], []),  # Lâm Đồng's plan says only "2025": not known to post-date 1 July
        ("Hà Nội", "none", [], []),
    ],
)
def test_resolution(
    coverage: Coverage, gazetteer: Gazetteer, asked: str, how: str, docs: list[str], via: list[str]
) -> None:
    r = resolve(coverage, gazetteer, asked)
    assert r.how == how
    assert [d.doc_id for d in r.docs] == docs
    assert [p.name for p in r.via] == via


def test_labels_in_both_languages(coverage: Coverage, gazetteer: Gazetteer) -> None:
    qn = resolve(coverage, gazetteer, "Quảng Ngãi")
    assert qn.note("vi") == (
        "Kho dữ liệu không có kế hoạch của Quảng Ngãi; kế hoạch của tỉnh Kon Tum cũ (nay thuộc Quảng Ngãi) nói:"
    )
    assert qn.note("en") == (
        "No Quảng Ngãi plan in the corpus; the plan of former Kon Tum province (now part of Quảng Ngãi) says:"
    )
    assert qn.note("en", answered=False) == (
        "No Quảng Ngãi plan in the corpus; searched the plan of former Kon Tum province "
        "(now part of Quảng Ngãi) instead."
    )
    bp = resolve(coverage, gazetteer, "Bình Phước")
    assert bp.note("vi-nodiac") == (
        "Kho dữ liệu không có kế hoạch của Bình Phước; tỉnh Bình Phước cũ nay thuộc Đồng Nai, "
        "và kế hoạch của thành phố Đồng Nai (2026, sau sáp nhập năm 2025) nói:"
    )
    assert bp.note("en") == (
        "No Bình Phước plan in the corpus; former Bình Phước province is now part of Đồng Nai, "
        "and the plan of Đồng Nai city (2026, after the 2025 merger) says:"
    )
    assert resolve(coverage, gazetteer, "Kon Tum").note("vi") is None
    assert resolve(coverage, gazetteer, "Bình Định").relation("en") == " (now part of Gia Lai)"


# -- through the engine -----------------------------------------------------------------------
QN_VI = (
    "Kho dữ liệu không có kế hoạch của Quảng Ngãi; kế hoạch của tỉnh Kon Tum cũ (nay thuộc Quảng Ngãi) nói:"
)
QN_EN = "No Quảng Ngãi plan in the corpus; the plan of former Kon Tum province (now part of Quảng Ngãi) says:"
BP_VI = (
    "Kho dữ liệu không có kế hoạch của Bình Phước; tỉnh Bình Phước cũ nay thuộc Đồng Nai, "
    "và kế hoạch của thành phố Đồng Nai (2026, sau sáp nhập năm 2025) nói:"
)
BP_EN = (
    "No Bình Phước plan in the corpus; former Bình Phước province is now part of Đồng Nai, "
    "and the plan of Đồng Nai city (2026, after the 2025 merger) says:"
)


def labelled(answer: Answer, label: str, jurisdiction: str, lead: str) -> None:
    """Answered, the label first (in the text and in scope_note), from that jurisdiction only."""
    assert not answer.abstained, answer.answer
    assert answer.answer.splitlines()[0] == label
    assert answer.scope_note == label
    assert answer.jurisdictions == [jurisdiction]
    assert {c.jurisdiction for c in answer.citations} == {jurisdiction}
    assert lead in answer.answer


@pytest.mark.parametrize(
    ("question", "label", "jurisdiction", "lead"),
    [
        ("Ai chủ trì hỗ trợ nạn nhân ở Quảng Ngãi?", QN_VI, "Kon Tum", "Sở Y tế"),
        ("ai chu tri ho tro nan nhan o quang ngai", QN_VI, "Kon Tum", "Sở Y tế"),
        ("Who leads victim support in Quang Ngai province?", QN_EN, "Kon Tum", "Sở Y tế"),
        ("Ai chủ trì hỗ trợ nạn nhân ở Bình Phước?", BP_VI, "Đồng Nai", "Sở Nội vụ"),
        ("ai chu tri ho tro nan nhan o binhphuoc", BP_VI, "Đồng Nai", "Sở Nội vụ"),
        ("Who leads victim support in Binh Phuoc?", BP_EN, "Đồng Nai", "Sở Nội vụ"),
        (
            "Ai chủ trì hỗ trợ nạn nhân ở Phú Thọ?",
            "Kho dữ liệu không có kế hoạch của Phú Thọ; kế hoạch của tỉnh Hòa Bình cũ (nay thuộc Phú Thọ) nói:",
            "Hòa Bình",
            "Sở Lao động",
        ),
    ],
)
def test_substitution_is_labelled(
    places_engine: Engine, question: str, label: str, jurisdiction: str, lead: str
) -> None:
    labelled(places_engine.ask(question), label, jurisdiction, lead)


def test_explicit_jurisdiction_is_labelled_too(places_engine: Engine) -> None:
    answer = places_engine.ask("Who leads victim support?", jurisdiction="Quảng Ngãi")
    labelled(answer, QN_EN, "Kon Tum", "Sở Y tế")


@pytest.mark.parametrize(
    ("question", "jurisdiction", "lead"),
    [
        ("ai chu tri ho tro nan nhan o kontum", "Kon Tum", "Sở Y tế"),
        ("KonTum: ai chủ trì hỗ trợ nạn nhân?", "Kon Tum", "Sở Y tế"),
        ("Who leads victim support in tinh Kon Tum?", "Kon Tum", "Sở Y tế"),
        ("Ai chủ trì hỗ trợ nạn nhân ở tp. Dong Nai?", "Đồng Nai", "Sở Nội vụ"),
        ("dongnai ai chu tri ho tro nan nhan", "Đồng Nai", "Sở Nội vụ"),
        ("ai chu tri ho tro nan nhan o hoabinh", "Hòa Bình", "Sở Lao động"),
    ],
)
def test_spellings_filter_to_the_place(
    places_engine: Engine, question: str, jurisdiction: str, lead: str
) -> None:
    answer = places_engine.ask(question)
    assert not answer.abstained, answer.answer
    assert answer.scope_note is None
    assert answer.jurisdictions == [jurisdiction]
    assert {c.jurisdiction for c in answer.citations} == {jurisdiction}
    assert lead in answer.answer


@pytest.mark.parametrize(
    ("question", "says"),
    [
        (
            "Ai chủ trì hỗ trợ nạn nhân ở Bình Định?",
            "Kho dữ liệu không có văn bản nào của Bình Định (nay thuộc Gia Lai)",
        ),
        (
            "Who leads victim support in Kien Giang province?",
            "no document for Kiên Giang (now part of An Giang)",
        ),
        ("ai chu tri ho tro nan nhan o ha noi", "không có văn bản nào của Hà Nội"),
    ],
)
def test_a_place_with_nothing_to_answer_from_abstains(
    places_engine: Engine, question: str, says: str
) -> None:
    answer = places_engine.ask(question)
    assert answer.abstained and not answer.citations
    assert says in answer.answer


def test_a_place_left_out_is_said(places_engine: Engine) -> None:
    answer = places_engine.ask("Ai chủ trì hỗ trợ nạn nhân ở Kon Tum và Hà Nội?")
    assert not answer.abstained
    assert answer.answer.splitlines()[0] == "Kho dữ liệu không có văn bản nào của Hà Nội."
    assert answer.jurisdictions == ["Kon Tum"]


def test_viet_nam_is_no_province(places_engine: Engine) -> None:
    answer = places_engine.ask("Ở Việt Nam, ai chủ trì hỗ trợ nạn nhân theo kế hoạch định hướng?")
    assert answer.scope_note is None


# -- the one rule for an explicit jurisdiction (issue 12 §4) --------------------------------------
def test_a_spelling_of_a_known_place_resolves(places_engine: Engine) -> None:
    records = places_engine.responsibilities(jurisdiction="Kontum")
    assert records and {r.doc_id for r in records} == {"kh-kontum-test"}
    assert places_engine.ask("Ai chủ trì hỗ trợ nạn nhân?", jurisdiction="kon-tum").jurisdictions == [
        "Kon Tum"
    ]
    assert {h.doc.doc_id for h in places_engine.search("hỗ trợ nạn nhân", jurisdiction="KONTUM")} == {
        "kh-kontum-test"
    }


@pytest.mark.parametrize("call", ["ask", "responsibilities", "search"])
def test_an_unknown_name_is_not_found_with_a_suggestion(places_engine: Engine, call: str) -> None:
    with pytest.raises(NotFound) as caught:
        if call == "ask":
            places_engine.ask("Ai chủ trì?", jurisdiction="Kontom")
        elif call == "responsibilities":
            places_engine.responsibilities(jurisdiction="Kontom")
        else:
            places_engine.search("hỗ trợ", jurisdiction="Kontom")
    message = str(caught.value)
    assert "unknown jurisdiction 'Kontom' (did you mean Kon Tum?)" in message
    assert "known: Hòa Bình, Kon Tum, Việt Nam (toàn quốc), Đồng Nai" in message


def test_a_listing_names_the_jurisdiction_to_ask_for(places_engine: Engine) -> None:
    with pytest.raises(
        NotFound,
        match=re.escape(
            "former Kon Tum province (now part of Quảng Ngãi) has one: use jurisdiction='Kon Tum'"
        ),
    ):
        places_engine.responsibilities(jurisdiction="Quảng Ngãi")
    with pytest.raises(NotFound, match=re.escape("no document for Bình Định (now part of Gia Lai)")):
        places_engine.responsibilities(jurisdiction="Bình Định")
