"""Rendering to Telegram HTML: escaping, numbered citations, pages measured after escaping."""

from __future__ import annotations

import html

import pytest

from bot.client import ApiAnswer, ApiCitation, ApiDocument, ApiGloss
from bot.format import (
    QUOTE_LIMIT,
    TELEGRAM_LIMIT,
    cut_quote,
    example_questions,
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
    claim = TRICKY.replace("Tuyên truyền", "Phổ biến")  # not the quote's line: shown as the answer
    [page] = render_answer(answer(claim), "vi")
    assert "<lừa" not in page and "&lt;lừa đảo&gt;" in page and "&amp; các" in page and "&quot;việc" in page
    shown = visible_text(page, "HTML")  # parses as Telegram HTML
    assert claim in shown and TRICKY[:40].strip() in shown and "[1] 12/KH-UBND (Hòa Bình) · mục II.1" in shown
    assert "[2] 12/KH-UBND (Hòa Bình) · mục II.2" in shown and shown.index("Nguồn") > shown.index(claim)


# the composer's shape: the claim, then the source's quote in full
LONG_QUOTE = (
    "- Sở Lao động – Thương binh và Xã hội chủ trì thực hiện công tác hỗ trợ nạn nhân, trong đó tổ chức tiếp "
    "nhận bố trí nơi lưu trú và thực hiện chế độ hỗ trợ cho nạn nhân tại cơ sở bảo trợ xã hội theo quy định; "
    + "củng cố, phát triển, cải thiện chất lượng dịch vụ sự nghiệp công trong công tác hỗ trợ nạn nhân; " * 8
    + "phối hợp Công an tỉnh thực hiện."
)


def composed(lang: str = "vi") -> ApiAnswer:
    cite = citation(5, LONG_QUOTE).model_copy(
        update={"quote": LONG_QUOTE, "heading_path": "II. " + "Rất dài " * 40}
    )
    label = "Nguồn" if lang == "vi" else "Source"
    return ApiAnswer(
        answer_id="b" * 32,
        answer=f"Chủ trì: Sở Lao động - Thương binh và Xã hội [1] (12/KH-UBND, II.5).\n{label} [1]: «{LONG_QUOTE}»",
        citations=[cite, citation(6), citation(7)],
        glosses=[
            ApiGloss(
                vi="Sở Lao động – Thương binh và Xã hội",
                en="Department of Labour, Invalids and Social Affairs",
            ),
            ApiGloss(vi="Công an tỉnh", en="Provincial Police"),
        ],
        lang=lang,
    )


def test_first_message_is_short_answer_quote_and_one_line_per_source() -> None:
    [page] = render_answer(composed(), "vi")
    shown = visible_text(page, "HTML")
    assert len(LONG_QUOTE) > 900 and len(shown) < 700
    assert (
        shown.startswith("Chủ trì: Sở Lao động - Thương binh và Xã hội [1]") and "Nguồn [1]: «" not in shown
    )
    quote = page.split("<blockquote>")[1].split("</blockquote>")[0]
    assert len(html.unescape(quote)) <= QUOTE_LIMIT and quote.endswith("hỗ trợ nạn nhân; …")
    lines = shown.split("Nguồn\n")[1].splitlines()
    assert lines == [
        "[1] 12/KH-UBND (Hòa Bình) · mục II.5",
        "[2] 12/KH-UBND (Hòa Bình) · mục II.6",
        "[3] 12/KH-UBND (Hòa Bình) · mục II.7",
    ]
    assert "Rất dài" not in shown and "Department" not in shown  # no heading paths; no glosses in Vietnamese


def test_quotes_over_several_lines_and_reference_lines_leave_the_answer() -> None:
    quote = "- Cơ quan chủ trì: Công an tỉnh.\n- Cơ quan phối hợp: Sở Tư pháp, Sở Y tế."
    cite = citation(1).model_copy(update={"quote": quote})
    text = (
        f"Chủ trì: Công an tỉnh [1] (12/KH-UBND, II.1).\nNguồn [1]: «{quote}»\n(Nguồn [2]: 12/KH-UBND, II.2)"
    )
    [page] = render_answer(ApiAnswer(answer_id="d", answer=text, citations=[cite, citation(2)]), "vi")
    body, rest = page.split("<blockquote>")
    assert body.strip() == "Chủ trì: Công an tỉnh [1] (12/KH-UBND, II.1)."
    assert rest.startswith(
        "- Cơ quan chủ trì: Công an tỉnh. - Cơ quan phối hợp: Sở Tư pháp, Sở Y tế.</blockquote>"
    )
    fact = ApiAnswer(
        answer_id="e", answer=f"{TRICKY} [1]\n(Nguồn [1]: 12/KH-UBND, II.1)", citations=[citation(1)]
    )
    [page] = render_answer(fact, "vi")  # the answer is the quote: shown once, as the quote
    assert page.startswith("<blockquote>") and page.count("Tuyên truyền") == 1


def test_english_readers_get_english_labels_and_glossed_names() -> None:
    [page] = render_answer(composed("en"), "en")
    shown = visible_text(page, "HTML")
    assert "Sở Lao động – Thương binh và Xã hội chủ trì" in shown  # the quote stays Vietnamese
    assert "Sở Lao động – Thương binh và Xã hội: Department of Labour, Invalids and Social Affairs" in shown
    assert "Provincial Police" not in shown  # named only in the part of the quote that was cut
    assert "Sources\n[1] 12/KH-UBND (Hòa Bình) · section II.5" in shown


def test_cut_quote_ends_at_a_sentence_or_clause() -> None:
    assert cut_quote("Ngắn.") == "Ngắn."
    sentences = "Câu thứ nhất khá dài về nhiệm vụ. " * 5 + "x" * 300
    assert cut_quote(sentences) == ("Câu thứ nhất khá dài về nhiệm vụ. " * 5).strip() + " …"
    words = "chữ " * 200
    cut = cut_quote(words)
    assert len(cut) <= QUOTE_LIMIT and cut.endswith("…") and " ch…" not in cut


def test_examples_come_from_the_indexed_documents() -> None:
    docs = [
        ApiDocument(doc_id="n", number="1957/QĐ-TTg", jurisdiction="national", issued="2020-11-12"),
        ApiDocument(doc_id="k", jurisdiction="province", jurisdiction_name="Kon Tum", year=2021),
        ApiDocument(
            doc_id="g",
            number="78/KH-UBND",
            jurisdiction="province",
            jurisdiction_name="Kiên Giang",
            year=2021,
        ),
    ]
    assert example_questions(docs, "vi") == [
        "Ai chủ trì hỗ trợ nạn nhân ở Kiên Giang?",
        "Theo 1957/QĐ-TTg, ai chủ trì tuyên truyền?",
    ]
    assert example_questions(docs[1:2], "en") == ["Who leads victim support in Kon Tum?"]
    assert example_questions([], "en") == ["Who leads victim support?"]


def test_abstention_lists_see_also_and_english_labels() -> None:
    abstained = ApiAnswer(
        answer_id="x", answer="The documents do not answer this.", abstained=True, see_also=[citation()]
    )
    [page] = render_answer(abstained, "en", scope="Hòa Bình")
    assert "<b>Possibly related</b>" in page and "Scope: Hòa Bình" in page


@pytest.mark.parametrize("limit", [40, 120, 700])
def test_long_answers_are_paged_under_the_limit_after_escaping(limit: int) -> None:
    long_text = "\n\n".join(f"Đoạn {i}: {TRICKY} " + "&<>" * 5 for i in range(60))
    abstained = ApiAnswer(
        answer_id="c", answer=long_text, abstained=True, see_also=[citation(i) for i in range(1, 6)]
    )
    pages = render_answer(abstained, "vi", limit=limit)
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
