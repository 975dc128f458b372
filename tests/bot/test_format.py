"""Rendering to Telegram HTML: escaping, numbered citations, pages measured after escaping."""

from __future__ import annotations

import html

import pytest

from bot.client import ApiAnswer, ApiCitation, ApiDocument
from bot.format import (
    TELEGRAM_LIMIT,
    match_place,
    render_answer,
    render_documents,
    render_unknown_place,
    section_pages,
    split_escaped,
)
from bot.texts import lang_of, msg
from tests.bot.fake_telegram import visible_text

TRICKY = 'Tuyên truyền "việc nhẹ lương cao" & các chiêu trò <lừa đảo> trên mạng.'


def citation(n: int = 1, text: str = TRICKY) -> ApiCitation:
    return ApiCitation(
        doc_id="kh-hoabinh-test",
        section_id=f"kh-hoabinh-test#II.{n}",
        heading_path=f"II. NHIỆM VỤ › {n}. Tuyên truyền <trên> mạng",
        doc_title="Kế hoạch & tuyên truyền",
        doc_short_name="12/KH-UBND",
        jurisdiction="Hòa Bình",
        quote=text[:40],
        text=text,
    )


def answer(text: str = TRICKY, n: int = 2) -> ApiAnswer:
    return ApiAnswer(answer_id="a" * 32, answer=text, citations=[citation(i) for i in range(1, n + 1)])


def test_escaping_keeps_document_text_readable() -> None:
    [page] = render_answer(answer(), "vi")
    assert "<lừa" not in page and "&lt;lừa đảo&gt;" in page and "&amp; các" in page and "&quot;việc" in page
    shown = visible_text(page, "HTML")  # parses as Telegram HTML
    assert (
        TRICKY in shown and "[1] 12/KH-UBND (Hòa Bình) — II. NHIỆM VỤ › 1. Tuyên truyền <trên> mạng" in shown
    )
    assert "[2] 12/KH-UBND" in shown and shown.index("Nguồn") > shown.index(TRICKY)


def test_abstention_lists_see_also_and_english_labels() -> None:
    abstained = ApiAnswer(
        answer_id="x", answer="The documents do not answer this.", abstained=True, see_also=[citation()]
    )
    [page] = render_answer(abstained, "en", scope="Hòa Bình")
    assert "<b>Possibly related</b>" in page and "Scope: Hòa Bình" in page


@pytest.mark.parametrize("limit", [40, 120, 700])
def test_long_answers_are_paged_under_the_limit_after_escaping(limit: int) -> None:
    long_text = "\n\n".join(f"Đoạn {i}: {TRICKY} " + "&<>" * 5 for i in range(60))
    pages = render_answer(answer(long_text, n=5), "vi", limit=limit)
    assert len(pages) > 1 and all(len(p) <= limit for p in pages)
    for page in pages:
        visible_text(page, "HTML")  # no page cuts an entity or a tag in two
    joined = " ".join(html.unescape(p) for p in pages)
    assert joined.count("Đoạn") == 60 and joined.count("[5]") == 1


def test_split_escaped_cuts_at_boundaries_and_loses_nothing() -> None:
    text = ("& " * 50) + "\n" + ("<word> " * 30) + "x" * 90
    chunks = split_escaped(text, 25)
    assert all(len(c) <= 25 for c in chunks)
    for chunk in chunks:
        visible_text(chunk, "HTML")  # never cut inside &amp; / &lt;
    squeeze = str.maketrans("", "", " \n")
    assert "".join(html.unescape(c) for c in chunks).translate(squeeze) == text.translate(squeeze)
    assert split_escaped("short", 4096) == ["short"]


def test_a_real_size_answer_fits_one_telegram_message() -> None:
    pages = render_answer(answer("x " * 1990), "vi")
    assert all(len(p) <= TELEGRAM_LIMIT for p in pages)


def test_section_pages_repeat_the_header_and_count_pages() -> None:
    pages = section_pages(2, citation(2), "\n".join(f"- dòng {i} <b>&" for i in range(80)), "vi", limit=300)
    assert len(pages) > 2 and all(len(p) <= 300 for p in pages)
    assert all(p.startswith("<b>📄 [2] 12/KH-UBND (Hòa Bình)") for p in pages)
    assert f"(trang 1/{len(pages)})" in pages[0] and f"(trang {len(pages)}/{len(pages)})" in pages[-1]
    assert section_pages(1, citation(), "ngắn", "en")[0].endswith("\n\nngắn")


def test_documents_and_places() -> None:
    docs = [
        ApiDocument(
            doc_id="b",
            title="Kế hoạch <tỉnh>",
            number="12/KH-UBND",
            jurisdiction_name="Hòa Bình",
            issued="2025-03-05",
        ),
        ApiDocument(
            doc_id="a",
            title="Quyết định",
            number="99/QĐ-TTg",
            jurisdiction_name="Việt Nam (toàn quốc)",
            year=2024,
        ),
    ]
    [page] = render_documents(docs, "vi")
    assert "(2)" in page and "&lt;tỉnh&gt;" in page and "(Hòa Bình, 2025)" in page and "2024" in page
    assert render_documents([], "en") == [msg("en", "docs_empty")]
    places = ["Hòa Bình", "Kon Tum", "Việt Nam (toàn quốc)"]
    assert match_place("hoa binh", places) == "Hòa Bình"
    assert match_place("Tỉnh Hòa Bình", places) == "Hòa Bình"
    assert match_place("KON TUM", places) == "Kon Tum"
    assert match_place("kontum", places) == match_place("Kon Tum province", places) == "Kon Tum"
    assert match_place("viet nam", places) == "Việt Nam (toàn quốc)"
    assert match_place("Hà Nội", places) is None and match_place("   ", places) is None
    unknown = render_unknown_place("<Hà Nội>", places, "vi")
    assert "«&lt;Hà Nội&gt;»" in unknown and "• Kon Tum" in unknown


def test_language_choice() -> None:
    assert lang_of("en") == lang_of("en-US") == "en"
    assert lang_of("vi") == lang_of(None) == lang_of("fr") == "vi"
    assert "&lt;b&gt;" in msg("vi", "refused", user_id="<b>")
