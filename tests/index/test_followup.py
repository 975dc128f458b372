"""Follow-up questions: the resolver on reworded messages (table tests, including messages that must stand
on their own), then whole threads through the engine over the invented places corpus."""

from __future__ import annotations

import pytest

from index.followup import FollowUp, resolve
from tip.domain import Answer, Citation, Understanding

KON_TUM_VI = "Ai chủ trì hỗ trợ nạn nhân ở Kon Tum?"
KON_TUM_EN = "Who leads victim support in Kon Tum?"
CITED = Citation(
    doc_id="kh-kontum-test",
    section_id="kh-kontum-test#I.1.2",
    heading_path="I › 1",
    doc_title="Kế hoạch",
    doc_short_name="45/KH-UBND",
    jurisdiction="Kon Tum",
    quote="Sở Y tế chủ trì",
    text="",
    score=1.0,
)


def previous(question: str, cited: bool = True) -> Answer:
    return Answer(
        question=question,
        answer="…",
        abstained=not cited,
        citations=[CITED] if cited else [],
        understood=Understanding(question=question, text=question),
    )


def follow(message: str, before: str) -> FollowUp:
    return resolve(message, previous(before))


@pytest.mark.parametrize(
    ("message", "before", "kind", "question"),
    [
        # a new place, the same topic
        ("còn Kiên Giang?", KON_TUM_VI, "place", "Ai chủ trì hỗ trợ nạn nhân ở Kiên Giang?"),
        ("Kiên Giang?", KON_TUM_VI, "place", "Ai chủ trì hỗ trợ nạn nhân ở Kiên Giang?"),
        ("ở Đồng Nai thì sao", KON_TUM_VI, "place", "Ai chủ trì hỗ trợ nạn nhân ở Đồng Nai?"),
        ("Thế còn tỉnh Đồng Nai?", KON_TUM_VI, "place", "Ai chủ trì hỗ trợ nạn nhân ở Đồng Nai?"),
        ("con dong nai thi sao", KON_TUM_VI, "place", "Ai chủ trì hỗ trợ nạn nhân ở Đồng Nai?"),
        (
            "con kien giang",
            "Ai chủ trì hỗ trợ nạn nhân ở Kon Tum",
            "place",
            "Ai chủ trì hỗ trợ nạn nhân ở Kiên Giang?",
        ),
        ("còn ở cấp quốc gia?", KON_TUM_VI, "place", "Ai chủ trì hỗ trợ nạn nhân ở cấp quốc gia?"),
        ("còn toàn quốc thì sao", KON_TUM_VI, "place", "Ai chủ trì hỗ trợ nạn nhân ở cấp quốc gia?"),
        ("what about Kien Giang?", KON_TUM_EN, "place", "Who leads victim support in Kiên Giang?"),
        ("and in Dong Nai?", KON_TUM_EN, "place", "Who leads victim support in Đồng Nai?"),
        ("how about Dong Nai", KON_TUM_EN, "place", "Who leads victim support in Đồng Nai?"),
        (
            "what about the national plan?",
            KON_TUM_EN,
            "place",
            "Who leads victim support in the national plan?",
        ),
        ("what about Kon Tum?", "Who leads victim support in the national plan?", "place", KON_TUM_EN),
        ("Kiên Giang ai phối hợp?", KON_TUM_VI, "place", "Ai phối hợp hỗ trợ nạn nhân ở Kiên Giang?"),
        ("Thế ở Kiên Giang thì sao?", KON_TUM_VI, "place", "Ai chủ trì hỗ trợ nạn nhân ở Kiên Giang?"),
        ("vậy còn Đồng Nai thì thế nào?", KON_TUM_VI, "place", "Ai chủ trì hỗ trợ nạn nhân ở Đồng Nai?"),
        ("Dong Nai thi sao", KON_TUM_VI, "place", "Ai chủ trì hỗ trợ nạn nhân ở Đồng Nai?"),
        ("Và ở Đồng Nai?", KON_TUM_EN, "place", "Who leads victim support in Đồng Nai?"),
        ("How about in Kien Giang?", KON_TUM_EN, "place", "Who leads victim support in Kiên Giang?"),
        ("And Kien Giang?", KON_TUM_EN, "place", "Who leads victim support in Kiên Giang?"),
        ("and the national level?", KON_TUM_EN, "place", "Who leads victim support in the national plan?"),
        # the same task, the other role
        ("ai phối hợp?", KON_TUM_VI, "role", "Ai phối hợp hỗ trợ nạn nhân ở Kon Tum?"),
        ("còn ai phối hợp?", KON_TUM_VI, "role", "Ai phối hợp hỗ trợ nạn nhân ở Kon Tum?"),
        ("ai phoi hop", KON_TUM_VI, "role", "Ai phối hợp hỗ trợ nạn nhân ở Kon Tum?"),
        ("and who coordinates?", KON_TUM_EN, "role", "Who coordinates victim support in Kon Tum?"),
        ("who coordinates?", KON_TUM_EN, "role", "Who coordinates victim support in Kon Tum?"),
        ("and who leads?", "Who coordinates victim support in Kon Tum?", "role", KON_TUM_EN),
        ("vậy ai chủ trì?", "Ai phối hợp hỗ trợ nạn nhân ở Kon Tum?", "role", KON_TUM_VI),
        # the same place, a new topic
        ("còn tuyên truyền thì sao?", KON_TUM_VI, "topic", "Ai chủ trì tuyên truyền ở Kon Tum?"),
        ("ở đó ai phối hợp tuyên truyền?", KON_TUM_VI, "topic", "Ai phối hợp tuyên truyền ở Kon Tum?"),
        ("what about awareness raising?", KON_TUM_EN, "topic", "Who leads awareness raising in Kon Tum?"),
        ("còn về tuyên truyền?", KON_TUM_VI, "topic", "Ai chủ trì tuyên truyền ở Kon Tum?"),
        ("con kiem soat bien gioi thi sao", KON_TUM_VI, "topic", "Ai chủ trì kiem soat bien gioi ở Kon Tum?"),
        # a new topic is asked in the message's own language, whatever the previous one's
        ("còn về tuyên truyền?", KON_TUM_EN, "topic", "Ai chủ trì tuyên truyền ở Kon Tum?"),
        ("what about border control?", KON_TUM_VI, "topic", "Who leads border control in Kon Tum?"),
        (
            "and who coordinates border control there?",
            KON_TUM_EN,
            "topic",
            "Who coordinates border control in Kon Tum?",
        ),
        # this document
        ("văn bản này ban hành khi nào?", KON_TUM_VI, "document", "văn bản này ban hành khi nào?"),
        ("When was this plan issued?", KON_TUM_EN, "document", "When was this plan issued?"),
        # the previous answer's sources
        ("nguồn đâu?", KON_TUM_VI, "sources", "nguồn đâu?"),
        ("Nguồn ở đâu vậy?", KON_TUM_VI, "sources", "Nguồn ở đâu vậy?"),
        ("nguon dau", KON_TUM_VI, "sources", "nguon dau"),
        ("source?", KON_TUM_EN, "sources", "source?"),
        ("Where is that from?", KON_TUM_EN, "sources", "Where is that from?"),
        ("Trích dẫn ở đâu?", KON_TUM_VI, "sources", "Trích dẫn ở đâu?"),
    ],
)
def test_an_elliptical_message_is_completed_from_the_previous_question(
    message: str, before: str, kind: str, question: str
) -> None:
    resolved = follow(message, before)
    assert (resolved.kind, resolved.question) == (kind, question)
    assert resolved.message == message


@pytest.mark.parametrize(
    "message",
    [
        "Ai chủ trì tuyên truyền?",  # a topic and a question of its own
        "Ai chủ trì hỗ trợ nạn nhân ở Kiên Giang?",
        "Kinh phí thực hiện kế hoạch lấy từ đâu?",
        "Who leads awareness raising?",
        "Who leads victim support in Dong Nai?",
        "kien giang ai chu tri tuyen truyen",
        "Cơ quan nào phối hợp kiểm soát biên giới ở Đồng Nai?",
        "Luật Phòng, chống mua bán người năm 2024 có hiệu lực khi nào?",
        "ai chủ trì?",  # the same role again: nothing to complete
        "Nguồn kinh phí thực hiện kế hoạch lấy từ đâu?",  # "nguồn" with a topic is no request for sources
        "What is the source of funding for the plan?",
        "What is the deadline for the national plan?",  # a place and a question of its own
        "Ai phối hợp với Công an tỉnh trong tuyên truyền ở Kon Tum?",
        "Sở Y tế làm gì?",
        "Đồng Nai có kế hoạch không?",
        "Who coordinates victim support in Dong Nai?",
        "ok",
        "cảm ơn",
    ],
)
def test_a_message_that_stands_on_its_own_is_never_rewritten(message: str) -> None:
    for before in (KON_TUM_VI, KON_TUM_EN):
        resolved = follow(message, before)
        assert resolved.kind is None, resolved
        assert resolved.question == message


@pytest.mark.parametrize(
    ("message", "before"),
    [
        ("what about the national plan?", KON_TUM_EN),
        ("còn ở cấp quốc gia?", KON_TUM_VI),
        ("and who coordinates?", "Who leads victim support in the national plan?"),
        ("còn tuyên truyền thì sao?", "Ai chủ trì hỗ trợ nạn nhân ở cấp quốc gia?"),
    ],
)
def test_a_follow_up_at_the_national_level_is_searched_in_the_national_documents(
    message: str, before: str
) -> None:
    assert follow(message, before).jurisdiction == "national"
    assert follow("còn Kiên Giang?", before).jurisdiction is None


def test_without_a_previous_turn_nothing_is_completed() -> None:
    assert resolve("còn Kiên Giang?", None) == FollowUp("còn Kiên Giang?", message="còn Kiên Giang?")


def test_this_document_needs_a_cited_previous_answer() -> None:
    resolved = resolve("văn bản này ban hành khi nào?", previous(KON_TUM_VI, cited=False))
    assert resolved.kind is None
    resolved = resolve("văn bản này ban hành khi nào?", previous(KON_TUM_VI))
    assert resolved.doc_ids == ("kh-kontum-test",)
