"""Answers over an English-language plan (the invented Lâm Đồng translation in tests/fixtures/docs_en_mini),
with the fake embedder: who leads a task written as a "Lead agency:" block or as "X shall take the lead, in
coordination with Y"; a duty under an agency's heading ("1. Provincial Police" › "b) Send … before 25
November") is that agency's, though the sentence does not name it; a question about a number to call finds a
"helpline". Reworded from probe_en2, which asks about another English plan (Lào Cai)."""

from __future__ import annotations

import pytest

from tests.conftest import mini_engine_with
from tip.text import answer_normalize

DOC = "kh-lamdong-en-test"


@pytest.fixture(scope="module")
def english_engine(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return mini_engine_with("docs_en_mini", tmp_path_factory)


CASES = [
    # a "Lead agency:" block names the lead of the task above it
    ("Who is responsible for the community dialogues on safe migration in Lam Dong?",
     ("Department of Ethnic and Religious Affairs",)),
    # "X shall take the lead, in coordination with Y" inside the task's paragraph
    ("Which agency runs the online safety summer camps for students in Lam Dong?", ("Provincial Youth Union",)),
    # a duty under the agency's heading, dated: not the reporting paragraph that names both agencies
    ("When does the Lam Dong provincial police have to send its case summary to the Ministry of Public Security?",
     ("25 November",)),
    ("By what date must Lam Dong's Department of Health send the plan's results to the provincial people's "
     "committee?", ("5 December",)),
    # "dial" / "ring" / "call" find the document's "helpline"
    ("What number do victims dial for help in Lam Dong?", ("0263 3555 019",)),
]  # fmt: skip


@pytest.mark.parametrize(("question", "says"), CASES, ids=[q[:50] for q, _ in CASES])
def test_english_plan_answers(english_engine, question: str, says: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    answer = english_engine.ask(question)
    assert not answer.abstained, answer.answer
    for item in says:
        assert answer_normalize(item) in answer_normalize(answer.answer), answer.answer
    assert answer.citations and answer.citations[0].doc_id == DOC


def test_the_signature_is_not_part_of_the_last_task(english_engine) -> None:  # type: ignore[no-untyped-def]
    section = english_engine.section(f"{DOC}#III.3")
    assert "Signed" not in section.text and "Nguyen Van Lam" not in section.text
