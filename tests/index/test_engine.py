"""The answering engine on the invented mini corpus (fake embedder): cited answers, abstentions,
filters, document facts, input limits, optional LLM synthesis through a scripted fake chat model."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from index.engine import Engine, InvalidQuestion, NotFound
from tip.settings import Settings
from tip.text import answer_normalize


def says(answer_text: str, words: str) -> bool:
    return answer_normalize(words) in answer_normalize(answer_text)


@pytest.mark.parametrize(
    "question",
    [
        "Ai chủ trì hỗ trợ nạn nhân bị mua bán ở Hòa Bình?",
        "ai chu tri ho tro nan nhan bi mua ban o hoa binh",
        "Who leads victim support in Hoa Binh?",
    ],
)
def test_who_leads_answers_from_the_assignment_and_cites_it(mini_engine: Engine, question: str) -> None:
    answer = mini_engine.ask(question)
    assert not answer.abstained
    assert says(answer.answer, "Sở Lao động Thương binh và Xã hội")
    first = answer.citations[0]
    assert first.section_id == "kh-hoabinh-test#II.1.2"
    assert first.quote in first.text and "chủ trì" in first.quote
    assert first.jurisdiction == "Hòa Bình" and first.heading_path.startswith("II.")


def test_english_answer_has_an_english_frame_and_gloss(mini_engine: Engine) -> None:
    answer = mini_engine.ask("Who leads victim support in Hoa Binh?")
    assert answer.lang == "en" and answer.answer.startswith("Lead:")
    assert "Department of Labour, Invalids and Social Affairs" in answer.answer


def test_a_province_without_documents_gets_an_abstention_not_another_province(mini_engine: Engine) -> None:
    answer = mini_engine.ask("Ai chủ trì hỗ trợ nạn nhân ở Lào Cai?")
    assert answer.abstained and not answer.citations
    assert "Lào Cai" in answer.answer


def test_off_topic_question_abstains_with_see_also(mini_engine: Engine) -> None:
    answer = mini_engine.ask("Điều kiện để được cấp hộ chiếu phổ thông là gì?")
    assert answer.abstained and answer.citations == []


def test_document_facts_come_from_the_header(mini_engine: Engine) -> None:
    answer = mini_engine.ask("Kế hoạch 12/KH-UBND của tỉnh Hòa Bình ban hành ngày nào?")
    assert not answer.abstained and "05/03/2025" in answer.answer
    assert answer.citations[0].section_id == "kh-hoabinh-test#preamble"
    assert "ngày 05 tháng 3 năm 2025" in answer.citations[0].quote


def test_parenthesis_after_a_task_carries_its_assignment(mini_engine: Engine) -> None:
    records = mini_engine.responsibilities(doc_id="qd-99-test")
    coop = [r for r in records if r.task_section_id == "qd-99-test#I.2"]
    assert coop and coop[0].leads == ["Bộ Công an"]


def test_filters_and_unknown_ids(mini_engine: Engine) -> None:
    answer = mini_engine.ask("Ai chủ trì hỗ trợ nạn nhân?", doc_ids=["qd-99-test"])
    assert {c.doc_id for c in answer.citations} == {"qd-99-test"}
    assert says(answer.answer, "Bộ Lao động")
    national = mini_engine.ask("Ai chủ trì hỗ trợ nạn nhân?", jurisdiction="national")
    assert {c.doc_id for c in national.citations} == {"qd-99-test"}
    with pytest.raises(NotFound, match="unknown doc_id"):
        mini_engine.ask("x y z", doc_ids=["nope"])
    with pytest.raises(NotFound, match="unknown jurisdiction"):
        mini_engine.ask("Ai chủ trì?", jurisdiction="Atlantis")
    with pytest.raises(NotFound, match="unknown section_id"):
        mini_engine.section("kh-hoabinh-test#IX.9")


@pytest.mark.parametrize("question", ["", "   ", "x" * 2001])
def test_empty_and_huge_questions_are_refused(mini_engine: Engine, question: str) -> None:
    with pytest.raises(InvalidQuestion):
        mini_engine.ask(question)


def test_html_sensitive_text_is_kept_verbatim(mini_engine: Engine) -> None:
    section = mini_engine.section("kh-hoabinh-test#II.2.a")
    assert "<lừa đảo>" in section.text and "&" in section.text


def test_search_returns_ranked_sections(mini_engine: Engine) -> None:
    hits = mini_engine.search("truy tố tội phạm mua bán người")
    assert hits[0].section.section_id == "kh-hoabinh-test#II.3"
    assert all(a.score >= b.score for a, b in itertools.pairwise(hits))


def test_reload_picks_up_a_new_build(mini_settings: Settings, mini_engine: Engine) -> None:
    from tests.conftest import build

    assert mini_engine.reload_if_changed() is False
    build(mini_settings)
    assert mini_engine.reload_if_changed() is True


def _fake_llm_engine(settings: Settings, tmp_path: Path, replies: list[str]) -> Engine:
    script = tmp_path / "replies.json"
    script.write_text(json.dumps(replies), encoding="utf-8")
    return Engine(settings.with_overrides(llm_provider="fake", llm_fake_script=script)).load()


def test_llm_synthesis_keeps_valid_citations_and_drops_invented_ones(
    mini_settings: Settings, tmp_path: Path
) -> None:
    reply = (
        "Sở Lao động – Thương binh và Xã hội chủ trì [kh-hoabinh-test#II.1.2], theo [kh-hoabinh-test#IX.9]."
    )
    engine = _fake_llm_engine(mini_settings, tmp_path, [reply])
    answer = engine.ask("Ai chủ trì hỗ trợ nạn nhân bị mua bán ở Hòa Bình?")
    assert "llm_synthesized" in answer.flags and "llm_citation_dropped:kh-hoabinh-test#IX.9" in answer.flags
    assert "[kh-hoabinh-test#IX.9]" not in answer.answer
    assert answer.citations[0].section_id == "kh-hoabinh-test#II.1.2"


def test_llm_reply_without_valid_citations_falls_back_to_the_extractive_answer(
    mini_settings: Settings, tmp_path: Path
) -> None:
    engine = _fake_llm_engine(mini_settings, tmp_path, ["Bộ Quốc phòng chủ trì [made-up#1]."])
    answer = engine.ask("Ai chủ trì hỗ trợ nạn nhân bị mua bán ở Hòa Bình?")
    assert "llm_uncited_fallback" in answer.flags and says(answer.answer, "Sở Lao động")


# -- look-alike years and periods (issue 10, class 8) ----------------------------------------------------
@pytest.mark.parametrize(
    "question",
    [
        "Who leads victim support in Dong Nai's 2026-2030 plan?",
        "In the 2026–2030 Dong Nai plan, who is in charge of supporting victims?",
        "Trong kế hoạch 2026 - 2030 của Đồng Nai, ai chủ trì hỗ trợ nạn nhân?",
        "ke hoach 2026-2030 cua dong nai giao ai chu tri ho tro nan nhan",
    ],
)
def test_a_period_is_not_an_edition(places_engine: Engine, question: str) -> None:
    answer = places_engine.ask(question)
    assert not answer.abstained, answer.answer
    assert says(answer.answer, "Sở Nội vụ")


@pytest.mark.parametrize(
    ("question", "year", "in_scope"),
    [
        ("Ai chủ trì hỗ trợ nạn nhân ở Kon Tum năm 2024?", "2024", True),  # only Hòa Bình's plan names 2024
        ("Who led victim support in Kon Tum in 2024?", "2024", True),
        ("ai chu tri ho tro nan nhan o kon tum nam 2019", "2019", False),
        ("Who led victim support in Kon Tum in 2019?", "2019", False),
    ],
)
def test_a_year_abstention_says_where_the_year_is_missing(
    places_engine: Engine, question: str, year: str, in_scope: bool
) -> None:
    answer = places_engine.ask(question)
    assert answer.abstained and year in answer.answer, answer.answer
    corpus_wide = ("No document in the corpus", "Không có văn bản nào trong kho dữ liệu")
    scoped = ("No document in scope", "trong phạm vi câu hỏi")
    assert any(w in answer.answer for w in (scoped if in_scope else corpus_wide)), answer.answer
    assert not any(w in answer.answer for w in (corpus_wide if in_scope else scoped)), answer.answer


# -- two documents of the corpus named in one question (issue 10, class 9) -------------------------------
@pytest.mark.parametrize(
    "question",
    [
        "Về hỗ trợ nạn nhân, Kế hoạch 12/KH-UBND giao ai chủ trì, còn Quyết định 99/QĐ-TTg giao ai chủ trì?",
        "ve ho tro nan nhan, ke hoach 12/KH-UBND giao ai chu tri, con quyet dinh 99/QD-TTg giao ai chu tri",
        "Who leads victim support in plan 12/KH-UBND, and in Decision 99/QĐ-TTg?",
    ],
)
def test_two_documents_named_are_answered_side_by_side(mini_engine: Engine, question: str) -> None:
    answer = mini_engine.ask(question)
    assert not answer.abstained and answer.kind == "compare", answer.answer
    assert answer.answer.count("■") == 2
    assert {c.doc_id for c in answer.citations} >= {"kh-hoabinh-test", "qd-99-test"}
    assert says(answer.answer, "Sở Lao động") and says(answer.answer, "Bộ Lao động")


@pytest.mark.parametrize(
    "question",
    [
        "Kế hoạch 12/KH-UBND thực hiện Quyết định 99/QĐ-TTg giao ai chủ trì hỗ trợ nạn nhân?",
        "Which agency leads victim support under plan 12/KH-UBND (see also Decision 99/QĐ-TTg)?",
    ],
)
def test_two_documents_named_without_a_comparison_are_not_one(mini_engine: Engine, question: str) -> None:
    answer = mini_engine.ask(question)
    assert answer.kind != "compare" and answer.answer.count("■") == 0
