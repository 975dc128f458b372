"""Legal references, the document they point into, definitions and list lead-ins, on the law and convention
fixtures (tests/fixtures/laws) parsed by the real ingest pipeline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from index.legal import (
    LegalRef,
    acted_on,
    asked_term,
    choose_document,
    definition_sentence,
    definitions_section,
    descendants,
    find_definitions,
    first_instrument,
    legal_refs,
    links_instruments,
    locate,
    mention_ends,
    named_instruments,
    one_side,
    parse_cues,
    resolve,
    responsible_party,
    sides_joined,
    subject_outside,
    with_points,
)
from ingest.pipeline import ingest_corpus
from tip.domain import Document, DocumentMeta, Section

LAWS = Path(__file__).resolve().parents[1] / "fixtures" / "laws"
LAW, CONV = "luat-pcmbn-test", "actip-test"


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    report = ingest_corpus(LAWS)
    assert not report.errors and not report.warnings
    return {d.meta.doc_id: d for d in report.documents}


@pytest.fixture(scope="module")
def metas(docs: dict[str, Document]) -> list[DocumentMeta]:
    """The fixtures among plans and a decision shaped like the seed corpus's."""
    others = [
        _meta("kh-demo", "plan", "Kế hoạch phòng, chống mua bán người năm 2025 tỉnh Demo", "12/KH-UBND"),
        _meta(
            "qd-demo", "decision_and_plan", "Quyết định phê duyệt Kế hoạch thực hiện Công ước", "1957/QĐ-TTg"
        ),
    ]
    return [d.meta for d in docs.values()] + others


def _meta(doc_id: str, doc_type: str, title: str, number: str | None) -> DocumentMeta:
    return DocumentMeta(
        doc_id=doc_id, file=f"{doc_id}.md", title=title, doc_type=doc_type, number=number,
        issued=dt.date(2020, 11, 30),
    )  # fmt: skip


def by_id(doc: Document) -> dict[str, Section]:
    return {s.section_id: s for s in doc.sections}


def levels(ref: LegalRef) -> tuple:
    return (ref.chapter, ref.section, ref.article, ref.clause, ref.point)


# -- references -------------------------------------------------------------------------------------------
REFS = [
    # Vietnamese, with diacritics
    ("Điều 3 quy định gì?", "Điều 3", (None, None, "3", None, None), "vi"),
    ("điều 3 nói về việc gì", "điều 3", (None, None, "3", None, None), "vi"),
    ("Khoản 2 Điều 37 quy định thế nào?", "Khoản 2 Điều 37", (None, None, "37", "2", None), "vi"),
    ("Nội dung điểm a khoản 1 Điều 5", "điểm a khoản 1 Điều 5", (None, None, "5", "1", "a"), "vi"),
    ("Điều 5 khoản 1 điểm a là gì", "Điều 5 khoản 1 điểm a", (None, None, "5", "1", "a"), "vi"),
    ("điểm đ, khoản 1 của Điều 14", "điểm đ, khoản 1 của Điều 14", (None, None, "14", "1", "đ"), "vi"),
    ("Đ.5 nói gì", "Đ.5", (None, None, "5", None, None), "vi"),
    ("Chương II gồm những điều nào", "Chương II", (2, None, None, None, None), "vi"),
    ("Mục 2 Chương III quy định gì", "Mục 2 Chương III", (3, 2, None, None, None), "vi"),
    # Vietnamese typed without diacritics
    ("dieu 3 noi gi", "dieu 3", (None, None, "3", None, None), "vi"),
    ("khoan 2 dieu 37 quy dinh the nao", "khoan 2 dieu 37", (None, None, "37", "2", None), "vi"),
    ("diem b khoan 1 dieu 14", "diem b khoan 1 dieu 14", (None, None, "14", "1", "b"), "vi"),
    ("chuong 2 co may dieu", "chuong 2", (2, None, None, None, None), "vi"),
    ("muc 1 chuong iii", "muc 1 chuong iii", (3, 1, None, None, None), "vi"),
    # English
    ("What does Article 14 say?", "Article 14", (None, None, "14", None, None), "en"),
    ("Art. 14(2)", "Art. 14(2)", (None, None, "14", "2", None), "en"),
    ("What is in paragraph 2 of Article 14?", "paragraph 2 of Article 14", (None, None, "14", "2", None), "en"),
    ("Article 14, paragraph 2(a)", "Article 14, paragraph 2(a)", (None, None, "14", "2", "a"), "en"),
    ("Summarise Chapter III", "Chapter III", (3, None, None, None, None), "en"),
    ("what does article 2 (a) define", "article 2 (a)", (None, None, "2", None, "a"), "en"),
    ("art 14.3 please", "art 14.3", (None, None, "14", "3", None), "en"),
    ("Article 14(3)(b)", "Article 14(3)(b)", (None, None, "14", "3", "b"), "en"),
    ("subparagraph (c) of paragraph 3 of Article 14", "subparagraph (c) of paragraph 3 of Article 14",
     (None, None, "14", "3", "c"), "en"),
]  # fmt: skip


@pytest.mark.parametrize("question,text,expected,style", REFS)
def test_reference_levels(question, text, expected, style):
    (ref,) = legal_refs(question)
    assert (ref.text, levels(ref), ref.style) == (text, expected, style)


@pytest.mark.parametrize(
    "question",
    [
        "Điều kiện để được hỗ trợ là gì?",  # "điều" without a number
        "dieu kien ho tro",
        "Những điều cần biết về mua bán người",
        "điểm mới của luật",  # "điểm" that is not a point letter
        "What is the art of prevention?",
        "Kế hoạch 78/KH-UBND giao ai chủ trì?",
        "see d.5 on the form",  # "Đ.5" only with its bar
    ],
)
def test_no_reference(question):
    assert legal_refs(question) == []


def test_clauses_joined_by_and_share_their_article():
    refs = legal_refs("khoản 1 và khoản 2 Điều 5 khác nhau thế nào")
    assert [levels(r) for r in refs] == [(None, None, "5", "1", None), (None, None, "5", "2", None)]
    refs = legal_refs("Điều 5 khoản 1 hoặc khoản 3")
    assert [levels(r) for r in refs] == [(None, None, "5", "1", None), (None, None, "5", "3", None)]


def test_two_articles_stay_two_references():
    refs = legal_refs("So sánh Điều 3 và Điều 4")
    assert [r.article for r in refs] == ["3", "4"]


@pytest.mark.parametrize(
    "question,expected",
    [
        ("khoản 1, 2 và 3 Điều 5", [("5", "1", None), ("5", "2", None), ("5", "3", None)]),
        ("paragraphs 1 and 2 of Article 6", [("6", "1", None), ("6", "2", None)]),
        ("Articles 3 and 4", [("3", None, None), ("4", None, None)]),
        ("Điều 3, 4 quy định gì", [("3", None, None), ("4", None, None)]),
        ("điểm a và đ khoản 1 Điều 14", [("14", "1", "a"), ("14", "1", "đ")]),
        ("diem a, b khoan 1 dieu 14", [("14", "1", "a"), ("14", "1", "b")]),
    ],
)
def test_lists_of_numbers_are_one_reference_each(question, expected):
    assert [(r.article, r.clause, r.point) for r in legal_refs(question)] == expected


INSTRUMENTS = [
    ("Điều 3 Luật Phòng, chống mua bán người quy định gì?", "law", None, "Phòng, chống mua bán người", None),
    ("dieu 3 luat phong chong mua ban nguoi quy dinh gi", "law", None, "phong chong mua ban nguoi", None),
    ("Điều 10 Luật Phòng, chống mua bán người năm 2024", "law", None, "Phòng, chống mua bán người", 2024),
    ("theo Nghị định 62, Điều 5 quy định gì", "decree", "62", None, None),
    ("Điều 2 Nghị định số 62/2012/NĐ-CP", "decree", "62/2012/NĐ-CP", None, None),
    ("Điều 1 Quyết định 1957/QĐ-TTg", "decision", "1957/QĐ-TTg", None, None),
    ("Article 4 of Decree No. 62/2012/ND-CP", "decree", "62/2012/ND-CP", None, None),
    ("Article 3 of the Law of 2011", "law", None, None, 2011),
    ("What does Article 14 of ACTIP say?", "convention", None, None, None),
    ("Article 3 of the Convention", "convention", None, None, None),
    ("Article 5 of the ASEAN Convention against Trafficking in Persons", "convention", None,
     "ASEAN against Trafficking in Persons", None),
]  # fmt: skip


@pytest.mark.parametrize("question,kind,number,name,year", INSTRUMENTS)
def test_instrument_of_a_reference(question, kind, number, name, year):
    (ref,) = legal_refs(question)
    inst = ref.instrument
    assert inst is not None
    assert (inst.kind, inst.number, inst.name, inst.year) == (kind, number, name, year)


def test_acronym_and_self_instruments():
    (ref,) = legal_refs("Article 14(2) of ACTIP")
    assert ref.instrument is not None and ref.instrument.acronym == "ACTIP"
    (ref,) = legal_refs("Điều 3 Luật này")
    assert ref.instrument is not None and ref.instrument.this and not ref.instrument.specific
    (ref,) = legal_refs("Điều 3 quy định gì?")
    assert ref.instrument is None


def test_an_acronym_after_its_kind_word_is_one_instrument():
    (inst,) = named_instruments("Điều 14 Công ước ACTIP quy định gì")
    assert (inst.kind, inst.acronym, inst.name) == ("convention", "ACTIP", None)


def test_generic_law_words_name_no_instrument():
    assert [i.kind for i in named_instruments("theo quy định của pháp luật, Điều 3 nói gì")] == []
    assert [i.specific for i in named_instruments("what does the law say")] == [False]


# -- resolution ---------------------------------------------------------------------------------------------
RESOLVED = [
    ("Điều 3 quy định gì?", LAW, "D3"),
    ("dieu 2", LAW, "D2"),
    ("khoan 2 dieu 14", LAW, "D14.2"),
    ("điểm đ khoản 1 Điều 14", LAW, "D14.1.đ"),
    ("Điều 14 khoản 1 điểm g", LAW, "D14.1.g"),
    ("Mục 2 Chương III", LAW, "C3.M2"),
    ("muc 1", LAW, "C3.M1"),
    ("chuong 4", LAW, "C4"),
    ("Chương IV", LAW, "C4"),
    ("Điều 3 Luật Phòng, chống mua bán người", LAW, "D3"),
    ("Đ.16 Luật này", LAW, "D16"),
    ("Article 14, paragraph 2(a)", CONV, "Art14.2.a"),
    ("article 2 (d)", CONV, "Art2.d"),
    ("What does Art. 14(3) say?", CONV, "Art14.3"),
    ("Article 14 of ACTIP", CONV, "Art14"),
    ("Article 2(a) of the Convention", CONV, "Art2.a"),
    ("Chapter III of ACTIP", CONV, "C3"),
    ("What does Article 3 of the Convention say?", CONV, "Art3"),
    ("theo Luật, Điều 9 khoản 1 điểm đ", LAW, "D9.1.đ"),
    ("Điều 3 Luật PCMBN", LAW, "D3"),
    ("What does Article 14 of the Law on Human Trafficking Prevention and Combat say?", LAW, "D14"),
    ("Article 2 of the Vietnamese anti-trafficking law", LAW, "D2"),
    ("Article 2 of the 2024 law", LAW, "D2"),
    ("What does Article 6 of Vietnam's law say?", LAW, "D6"),
    ("chapter 4", CONV, "C4"),
    # a short title that names one document of its kind: its distinctive title words
    ("Under Article 18 of the ASEAN convention, can a Party refuse?", CONV, "Art18"),
    ("Điều 18 Công ước ASEAN quy định gì về dẫn độ?", CONV, "Art18"),
    ("dieu 18 cong uoc asean noi gi", CONV, "Art18"),
    ("What does Article 5 of the ASEAN trafficking convention say?", CONV, "Art5"),
    ("Art. 14(3) of the convention against trafficking", CONV, "Art14.3"),
]


@pytest.mark.parametrize("question,doc_id,label", RESOLVED)
def test_resolves_to_the_stable_section_id(docs, metas, question, doc_id, label):
    (ref,) = legal_refs(question)
    doc = choose_document(ref, question, metas)
    assert doc is not None and doc.doc_id == doc_id
    assert resolve(ref, docs[doc_id].sections) == f"{doc_id}#{label}"


@pytest.mark.parametrize(
    "question",
    [
        "Điều 3 Nghị định 62",  # an instrument the corpus does not hold
        "Article 3 of the Criminal Code",
        "Điều 3 Luật Phòng, chống rửa tiền",  # same kind, another title
        "Điều 3 Luật Phòng, chống mua bán người năm 2011",  # another edition
        "Article 3 of the Protocol",  # a convention in the manifest, but not this one
        "Article 3 of the Law on Children",  # an English name, glossed, is not the law's title
        "Article 2 of the 2011 law",  # an edition the corpus does not hold
        "Điều 150 Bộ luật Hình sự",
        "Article 3 of the ASEAN Charter convention",  # a word the title lacks: another instrument
    ],
)
def test_a_named_instrument_not_in_the_corpus_chooses_no_document(metas, question):
    (ref,) = legal_refs(question)
    assert choose_document(ref, question, metas) is None


def test_a_reference_past_the_end_resolves_to_nothing(docs):
    for question in ("Điều 30", "khoản 9 Điều 14", "điểm h khoản 1 Điều 14", "Mục 3 Chương III"):
        (ref,) = legal_refs(question)
        assert resolve(ref, docs[LAW].sections) is None, question


def test_nearest_falls_back_to_the_enclosing_part(docs):
    (ref,) = legal_refs("khoản 9 Điều 14")
    assert resolve(ref, docs[LAW].sections, nearest=True) == f"{LAW}#D14"
    (ref,) = legal_refs("Article 14(3)(f)")
    assert resolve(ref, docs[CONV].sections, nearest=True) == f"{CONV}#Art14.3"


def test_an_english_question_naming_a_decision_by_number(metas):
    (inst,) = named_instruments("When was Decision 1957/QĐ-TTg issued, and what does Article 2 say?")
    assert (inst.kind, inst.number, inst.name, inst.text) == (
        "decision",
        "1957/QĐ-TTg",
        None,
        "Decision 1957/QĐ-TTg",
    )
    question = "What does Article 2 of Decision 1957/QĐ-TTg say?"
    (ref,) = legal_refs(question)
    assert choose_document(ref, question, metas).doc_id == "qd-demo"


def test_a_decision_named_by_number_is_chosen_over_the_law(metas):
    (ref,) = legal_refs("Điều 1 Quyết định 1957/QĐ-TTg quy định gì")
    doc = choose_document(ref, "Điều 1 Quyết định 1957/QĐ-TTg quy định gì", metas)
    assert doc is not None and doc.doc_id == "qd-demo"


def test_the_question_names_the_document_apart_from_the_reference(metas):
    question = "Trong văn bản 1957/QĐ-TTg, Điều 2 nói gì?"
    (ref,) = legal_refs(question)
    doc = choose_document(ref, question, metas)
    assert doc is not None and doc.doc_id == "qd-demo"


def test_an_unnamed_reference_means_the_law_before_its_decree(metas):
    decree = _meta(
        "nd-demo", "decree", "Nghị định quy định chi tiết Luật Phòng, chống mua bán người", "9/2025/NĐ-CP"
    )
    question = "Điều 3 quy định gì"
    (ref,) = legal_refs(question)
    assert choose_document(ref, question, [*metas, decree]).doc_id == LAW
    (ref,) = legal_refs("Điều 3 Nghị định 9")
    assert choose_document(ref, "Điều 3 Nghị định 9", [*metas, decree]).doc_id == "nd-demo"


def test_two_laws_and_no_name_is_ambiguous(metas):
    other = _meta("luat-khac", "law", "Luật Trẻ em", "102/2016/QH13")
    (ref,) = legal_refs("Điều 3 quy định gì")
    assert choose_document(ref, "Điều 3 quy định gì", [*metas, other]) is None
    (ref,) = legal_refs("Điều 3 Luật Trẻ em")
    chosen = choose_document(ref, "Điều 3 Luật Trẻ em", [*metas, other])
    assert chosen is not None and chosen.doc_id == "luat-khac"


# -- definitions -----------------------------------------------------------------------------------------------
ASKED = [
    ("Mua bán người là gì?", "Mua bán người"),
    ("mua ban nguoi la gi", "mua ban nguoi"),
    ("Thế nào là nạn nhân?", "nạn nhân"),
    ("the nao la nan nhan", "nan nhan"),
    ("Khái niệm bóc lột tình dục theo Luật này", "bóc lột tình dục"),
    ("khai niem cuong buc lao dong", "cuong buc lao dong"),
    ("Định nghĩa nạn nhân trong luật", "nạn nhân"),
    ("Cưỡng bức lao động được hiểu như thế nào?", "Cưỡng bức lao động"),
    ("nan nhan duoc hieu la gi theo luat", "nan nhan"),
    ("Người đang trong quá trình xác định là nạn nhân được hiểu là gì?",
     "Người đang trong quá trình xác định là nạn nhân"),
    ("What is trafficking in persons?", "trafficking in persons"),
    ("What does “child” mean under ACTIP?", "child"),
    ("what does exploitation mean", "exploitation"),
    ("Define exploitation.", "exploitation"),
    ("definition of trafficking in persons", "trafficking in persons"),
    ("What is the definition of a child in the Convention?", "child"),
    ("How is forced labour defined?", "forced labour"),
    ("what is meant by the term 'exploitation'?", "exploitation"),
    ("Who is a victim?", "victim"),
    ("What constitutes exploitation under ACTIP?", "exploitation"),
    ("What is considered forced labour?", "forced labour"),
    ("What does the law mean by 'victim'?", "victim"),
    ("Ai được coi là nạn nhân?", "nạn nhân"),
    ("ai duoc coi la nan nhan theo luat", "nan nhan"),
    ("Who is considered a child under ACTIP?", "child"),
    # asked indirectly: a hedge inside the cue, or a yes/no question whether a case falls under the term
    ("For our outreach team: who really counts as a 'child' under the Convention?", "child"),
    ("Ai thực sự được coi là nạn nhân theo luật năm 2011?", "nạn nhân"),
    ("ai that su duoc xem la nan nhan", "nan nhan"),
    ("Is recruiting a 16-year-old without force considered trafficking under the law?", "trafficking"),
    ("Would moving a girl across the border without deceiving her count as human trafficking?",
     "human trafficking"),
    ("Đưa một em 16 tuổi sang biên giới mà không lừa gạt thì có bị coi là mua bán người không?", "mua bán người"),
    ("ep lam viec khong tra luong thi co duoc coi la cuong buc lao dong khong", "cuong buc lao dong"),
]  # fmt: skip


@pytest.mark.parametrize("question,term", ASKED)
def test_asked_term(question, term):
    assert asked_term(question) == term


@pytest.mark.parametrize(
    "question",
    [
        "What is the hotline number?",
        "What is the role of the police?",
        "What is the deadline for verification?",
        "Mục tiêu của kế hoạch là gì?",
        "Cơ quan nào là đầu mối?",
        "Các hành vi bị nghiêm cấm là gì",
        "Who leads victim support in Kon Tum?",
        "Ai chủ trì hỗ trợ nạn nhân?",
        "Ai là người chủ trì?",
        "What does the plan say about victims?",
        "What does Article 2 of ACTIP mean?",
        "khoản 2 Điều 3 nghĩa là gì",
        "Điều 3 quy định gì?",
        # "considered" in a question that is not asked yes/no names no term
        "Which province is considered a hotspot for trafficking?",
        "Tỉnh nào được coi là trọng điểm về mua bán người?",
        "Is Article 3 considered the main provision?",
    ],
)
def test_not_a_definition_question(question):
    assert asked_term(question) is None


def test_definitions_section(docs):
    assert definitions_section(docs[LAW].sections).section_id == f"{LAW}#D2"
    assert definitions_section(docs[CONV].sections).section_id == f"{CONV}#Art2"


DEFINED = [
    (LAW, "nạn nhân", "D2.5"),
    (LAW, "nan nhan", "D2.5"),
    (LAW, "Mua bán người", "D2.1"),
    (LAW, "mua ban nguoi", "D2.1"),
    (LAW, "bóc lột tình dục", "D2.2"),
    (LAW, "người đang trong quá trình xác định là nạn nhân", "D2.6"),
    (LAW, "người đại diện hợp pháp", "D2.7"),
    (CONV, "child", "Art2.d"),
    (CONV, "children", "Art2.d"),
    (CONV, "Trafficking in persons", "Art2.a"),
    (CONV, "trafficking in person", "Art2.a"),
    (CONV, "exploitation", "Art2.b"),
    (CONV, "serious crimes", "Art2.f"),
    (CONV, "organised criminal group", "Art2.e"),
]


@pytest.mark.parametrize("doc_id,term,label", DEFINED)
def test_definition_sentence(docs, doc_id, term, label):
    doc = docs[doc_id]
    found = definition_sentence(term, definitions_section(doc.sections), by_id(doc))
    assert found is not None and found.section_id == f"{doc_id}#{label}"
    assert found.sentence in doc.section(found.section_id).text


def test_definition_in_one_clause_alone(docs):
    clause = by_id(docs[LAW])[f"{LAW}#D2.3"]
    found = definition_sentence("cưỡng bức lao động", clause)
    assert found is not None and found.section_id == clause.section_id and found.text == clause.text
    assert definition_sentence("nạn nhân", clause) is None


def test_the_definition_is_quoted_whole(docs):
    doc = docs[LAW]
    found = definition_sentence("mua bán người", definitions_section(doc.sections), by_id(doc))
    assert found.term == "Mua bán người"
    assert found.sentence.startswith("1. Mua bán người là hành vi tuyển mộ")
    assert "người dưới 18 tuổi" in found.text  # the paragraph that continues the clause


@pytest.mark.parametrize("doc_id,term", [(LAW, "nạn nhân bị mua bán lại"), (CONV, "victim"), (LAW, "xyz")])
def test_a_term_the_article_does_not_define(docs, doc_id, term):
    doc = docs[doc_id]
    assert definition_sentence(term, definitions_section(doc.sections), by_id(doc)) is None


def test_asked_term_to_definition_end_to_end(docs):
    for question, doc_id, label in [
        ("nan nhan la gi", LAW, "D2.5"),
        ("What does 'child' mean?", CONV, "Art2.d"),
        ("thế nào là cưỡng bức lao động", LAW, "D2.3"),
    ]:
        doc = docs[doc_id]
        term = asked_term(question)
        assert term is not None
        found = definition_sentence(term, definitions_section(doc.sections), by_id(doc))
        assert found is not None and found.section_id == f"{doc_id}#{label}", question


# -- list lead-ins -----------------------------------------------------------------------------------------
def test_clause_brings_its_points_in_order(docs):
    sections = by_id(docs[LAW])
    text = with_points(sections[f"{LAW}#D14.1"], sections)
    lines = text.splitlines()
    assert lines[0].endswith("các chế độ hỗ trợ sau đây:")
    assert [line[:2] for line in lines[1:]] == ["a)", "b)", "c)", "d)", "đ)", "e)", "g)"]


def test_article_lead_in_brings_its_clauses(docs):
    sections = by_id(docs[LAW])
    text = with_points(sections[f"{LAW}#D16"], sections)
    assert text.splitlines()[-1].startswith("3. Tổng hợp, báo cáo Chính phủ")
    sections = by_id(docs[CONV])
    text = with_points(sections[f"{CONV}#Art2"], sections)
    assert '(d) "Child" shall mean' in text and text.index("(a)") < text.index("(f)")


def test_convention_paragraph_brings_its_points(docs):
    sections = by_id(docs[CONV])
    text = with_points(sections[f"{CONV}#Art14.3"], sections)
    assert text.splitlines()[1:] == [
        "(a) appropriate housing;",
        "(b) counselling and information on their legal rights, in a language the victims can understand;",
        "(c) medical, psychological and material assistance;",
        "(d) employment, education and training opportunities.",
    ]


def test_text_not_ending_in_a_colon_is_unchanged(docs):
    sections = by_id(docs[LAW])
    clause = sections[f"{LAW}#D14.2"]
    assert with_points(clause, sections) == clause.text


def test_points_are_bounded(docs):
    sections = by_id(docs[LAW])
    text = with_points(sections[f"{LAW}#D14.1"], sections, limit=140)
    assert len(text) <= 142 and text.endswith("…")
    assert text.splitlines()[1].startswith("a)")


def test_descendants_in_document_order(docs):
    sections = by_id(docs[LAW])
    labels = [s.label for s in descendants(sections[f"{LAW}#C3"], sections)]
    assert labels[:4] == ["C3.M1", "D8", "D8.1", "D8.2"]
    assert labels[-1] == "D12.2.b"


# -- one call for the engine -------------------------------------------------------------------------------
def test_locate_gives_the_section_or_the_reason(docs):
    documents = list(docs.values())
    (found,) = locate("khoản 2 Điều 14 Luật Phòng, chống mua bán người quy định gì?", documents)
    assert (found.doc_id, found.section_id, found.problem) == (LAW, f"{LAW}#D14.2", None)
    (found,) = locate("Article 14(3)(b) of ACTIP", documents)
    assert found.section_id == f"{CONV}#Art14.3.b"
    assert [f.problem for f in locate("Điều 5 Nghị định 62", documents)] == ["instrument_not_found"]
    assert [f.problem for f in locate("Điều 30 quy định gì", documents)] == ["no_such_section"]
    (found,) = locate("Điều 3 quy định gì", [docs[CONV]])  # Vietnamese words, the one convention
    assert found.section_id == f"{CONV}#Art3"
    plan_only = [Document(meta=_meta("kh-demo", "plan", "Kế hoạch năm 2025", "12/KH-UBND"), sections=[])]
    assert [f.problem for f in locate("Điều 3 quy định gì", plan_only)] == ["no_legal_document"]
    two_laws = [*documents, Document(meta=_meta("luat-khac", "law", "Luật Trẻ em", None), sections=[])]
    assert [f.problem for f in locate("Điều 3 quy định gì", two_laws)] == ["ambiguous_document"]
    assert locate("Ai chủ trì hỗ trợ nạn nhân?", documents) == []


def test_find_definitions_across_documents(docs):
    documents = list(docs.values())
    (found,) = find_definitions("nạn nhân", documents)
    assert found.section_id == f"{LAW}#D2.5"
    (found,) = find_definitions("child", documents, question="What does child mean under ACTIP?")
    assert found.section_id == f"{CONV}#Art2.d"
    assert find_definitions("child", documents, question="trẻ em là gì theo Nghị định 62") == []
    exact, *rest = find_definitions("người đại diện hợp pháp của nạn nhân", documents)
    assert exact.exact and exact.section_id == f"{LAW}#D2.7" and rest == []


def test_cue_file_entries_say_what_they_serve():
    data = parse_cues(
        (Path(__file__).resolve().parents[2] / "index" / "data" / "legal_cues.yaml").read_text()
    )
    assert all(entry["serves"].split(" — ")[0] for entry in data.values())
    with pytest.raises(ValueError, match=r"'words'.*serves"):
        parse_cues("words:\n  list: [a, b]\n")
    with pytest.raises(ValueError, match=r"'glue'.words: True is not a cue word"):
        parse_cues("glue:\n  serves: legal reference\n  words: [of, on]\n")


def test_spans_stay_aligned_with_any_characters_before_them():
    question = "İstanbul 🙂 “quote” — ĐIỀU 14 khoản 1 điểm đ"
    (ref,) = legal_refs(question)
    assert (ref.article, ref.clause, ref.point) == ("14", "1", "đ")
    assert question[ref.start : ref.end] == ref.text == "ĐIỀU 14 khoản 1 điểm đ"


# -- short titles over the second fixture set (an English law, a decree) -------------------------------------
LAWS2 = LAWS.parent / "laws2"
LAW_EN, DECREE = "law-htpc-2011-en-test", "nd-ho-tro-nan-nhan-test"


@pytest.fixture(scope="module")
def docs2() -> dict[str, Document]:
    report = ingest_corpus(LAWS2)
    assert not report.errors
    return {d.meta.doc_id: d for d in report.documents}


@pytest.mark.parametrize(
    "question,doc_id,label",
    [
        ("What does Art. 3(2) of the 2011 human trafficking law prohibit?", LAW_EN, "Art3.2"),
        ("under paragraph 2 of Article 9 of the trafficking law, how long?", LAW_EN, "Art9.2"),
        ("Article 14 of the anti-trafficking law", LAW_EN, "Art14"),
        ("What does Article 16 of the 2011 law say?", LAW_EN, "Art16"),
        ("Điều 5 khoản 2 Nghị định 47/2025", DECREE, "D5.2"),
        ("khoan 2 dieu 5 nghi dinh ve tiep nhan xac minh nan nhan", DECREE, "D5.2"),
    ],
)
def test_a_short_title_resolves_to_the_one_document_it_names(docs2, question, doc_id, label):
    (found,) = locate(question, list(docs2.values()))
    assert (found.doc_id, found.section_id) == (doc_id, f"{doc_id}#{label}")


@pytest.mark.parametrize(
    "question",
    [
        "What does Article 25 of the 2011 trafficking law say about reservations?",
        "Art. 40 of the human trafficking law",
    ],
)
def test_a_short_title_with_a_missing_article_says_so(docs2, question):
    (found,) = locate(question, list(docs2.values()))
    assert (found.doc_id, found.section_id, found.problem) == (LAW_EN, None, "no_such_section")


# -- referenced instruments: shorthand kinds, agreements, what a question acts on ----------------------------
@pytest.mark.parametrize(
    "question,kind,number",
    [
        ("qđ 1957 ban hành ngày nào", "decision", "1957"),
        ("QD so 99 giao ai chu tri", "decision", "99"),
        ("nđ 62 quy định gì", "decree", "62"),
        ("nd so 47/2025 co hieu luc khi nao", "decree", "47/2025"),
        ("tt 84/2019 bãi bỏ gì", "circular", "84/2019"),
        ("Quyết định 1957/QĐ-TTg giao ai", "decision", "1957/QĐ-TTg"),  # the QĐ inside a number is no kind
    ],
)
def test_shorthand_kind_words(question, kind, number):
    assert [(i.kind, i.number) for i in named_instruments(question)] == [(kind, number)]


@pytest.mark.parametrize("question", ["nd tuyen truyen gom nhung gi", "tt cua van ban la gi"])
def test_shorthand_without_a_number_is_another_word(question):
    assert named_instruments(question) == []


@pytest.mark.parametrize(
    "question",
    [
        "Hiệp định giữa Việt Nam và Campuchia được ký ngày nào?",
        "thoa thuan hop tac voi Lao ky khi nao",
        "Bản ghi nhớ với Trung Quốc có hiệu lực từ bao giờ?",
        "When was the memorandum of understanding with Thailand signed?",
    ],
)
def test_agreements_are_instruments(question):
    assert [i.kind for i in named_instruments(question)] == ["agreement"]


@pytest.mark.parametrize(
    "question,outside",
    [
        ("Luật Điều ước quốc tế mà Quyết định 1957/QĐ-TTg lấy làm căn cứ được ban hành ngày nào?", True),
        ("luat dieu uoc quoc te ban hanh ngay nao", True),
        ("Hiệp định giữa Việt Nam và Campuchia được ký kết ngày nào?", True),
        ("When was the Law on Children passed?", True),
        ("Luật Phòng, chống mua bán người được ban hành ngày nào?", False),  # a corpus document
        ("Quyết định 1957 thực hiện Công ước ASEAN ban hành ngày nào?", False),  # the decision is asked
        ("When was the Kon Tum plan signed?", False),
    ],
)
def test_the_first_instrument_named_held_by_no_document(metas, question, outside):
    assert subject_outside(question, metas) is outside


@pytest.mark.parametrize(
    "question,kinds",
    [
        ("When did Vietnam's President ratify the ASEAN trafficking convention?", ["convention"]),
        ("Chủ tịch nước phê chuẩn Công ước ASEAN ngày nào?", ["convention"]),
        ("Nghị định quy định chi tiết Luật Phòng, chống mua bán người có hiệu lực khi nào?", ["law"]),
        ("What does the ASEAN convention say about ratification?", []),
        ("Điều 5 của Luật quy định gì?", []),
    ],
)
def test_instruments_acted_on(question, kinds):
    assert [i.kind for i in acted_on(question)] == kinds


# -- two documents named side by side ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "question,sides",
    [
        (
            "Về hợp tác quốc tế, Quyết định 1957 giao ai chủ trì, còn kế hoạch Ngày toàn dân năm 2021 giao ai?",
            ["Về hợp tác quốc tế, Quyết định 1957 giao ai chủ trì",
             "Về hợp tác quốc tế, kế hoạch Ngày toàn dân năm 2021 giao ai?"],
        ),
        (
            "Is a child defined the same way in the ASEAN convention and in Vietnam's anti-trafficking law?",
            ["Is a child defined the same way in the ASEAN convention",
             "Is a child defined the same way in the Vietnam's anti-trafficking law?"],
        ),
    ],
)  # fmt: skip
def test_each_side_of_a_comparison(question, sides):
    named = named_instruments(question)
    assert sides_joined(question)
    assert [one_side(question, [o for o in named if o != i]) for i in named] == sides


@pytest.mark.parametrize(
    "question,sides",
    [
        # named as a pair before what is asked: what follows is asked of both
        (
            "Nghị định 1957 và Công ước ACTIP có cùng quy định về hợp tác quốc tế không?",
            ["Nghị định 1957 có cùng quy định về hợp tác quốc tế không?",
             "Công ước ACTIP có cùng quy định về hợp tác quốc tế không?"],
        ),
        (
            "Do Vietnam's law and the ASEAN convention give victims the same right to legal aid?",
            ["Do Vietnam's law give victims the same right to legal aid?",
             "Do ASEAN convention give victims the same right to legal aid?"],
        ),
        # one side asked only by pointing at the other's question ("thì sao", "what about")
        (
            "Luật Phòng, chống mua bán người quy định gì về hồi hương nạn nhân, còn Công ước ASEAN thì sao?",
            ["Luật Phòng, chống mua bán người quy định gì về hồi hương nạn nhân",
             "quy định gì về hồi hương nạn nhân, còn Công ước ASEAN thì sao?"],
        ),
        (
            "What does the ASEAN convention require for repatriation, and what about Vietnam's law?",
            ["What does the ASEAN convention require for repatriation",
             "What does the require for repatriation, and what about Vietnam's law?"],
        ),
    ],
)  # fmt: skip
def test_each_side_asks_the_shared_question(question, sides):
    named = named_instruments(question)
    assert [one_side(question, [o for o in named if o != i]) for i in named] == sides


@pytest.mark.parametrize(
    "question",
    [
        "Luật Phòng, chống mua bán người hay Công ước ASEAN quy định nạn nhân được bồi thường?",
        "nghi dinh hoac luat phong chong mua ban nguoi quy dinh tro cap kho khan ban dau",
        "Does the ASEAN convention or Vietnam's law require repatriation without delay?",
    ],
)
def test_which_of_two_documents_asks_each(question):
    """ "X hay Y", "X or Y": which of the two says it is asked of each."""
    assert sides_joined(question)


def test_documents_named_without_a_connective_are_not_sides():
    question = "Which ministry leads aligning the law with ACTIP (the Penal Code, the anti-trafficking law)?"
    assert not sides_joined(question)
    assert links_instruments("Kế hoạch 78 thực hiện Quyết định 1957 giao ai chủ trì?")


def test_responsibility_headings_name_their_party():
    assert responsible_party("Điều 15. Trách nhiệm của Bộ Công an") == "Bộ Công an"
    assert responsible_party("trach nhiem cua So Y te") == "So Y te"
    assert responsible_party("Article 14. Responsibilities of the Ministry of Public Security") == (
        "Ministry of Public Security"
    )
    assert (
        responsible_party("Article 16. Responsibilities of the Ministry of Foreign Affairs and the MOD")
        is None
    )
    assert responsible_party("Điều 5. Thời hạn xác minh") is None
    # the "and" inside one ministry's name does not make two parties; a second head word does
    assert responsible_party(
        "Article 15. Responsibilities of the Ministry of Labour, Invalids and Social Affairs"
    ) == ("Ministry of Labour, Invalids and Social Affairs")
    assert responsible_party("Điều 18. Trách nhiệm của Bộ Lao động - Thương binh và Xã hội") == (
        "Bộ Lao động - Thương binh và Xã hội"
    )
    assert responsible_party("Dieu 19. Trach nhiem cua Bo Ngoai giao va Bo Quoc phong") is None


def test_mentions_of_a_cited_instrument_are_found_as_typed():
    text = "Căn cứ Luật Điều ước quốc tế ngày 09 tháng 4 năm 2016;"
    (end,) = mention_ends("luat dieu uoc quoc te", text)
    assert text[end:].startswith(" ngày 09")
    assert mention_ends("Hiệp định giữa Việt Nam và Lào", text) == []
    assert first_instrument("Hiệp định giữa Việt Nam và Campuchia ký khi nào?").kind == "agreement"


# A Vietnamese name of an English-language text (the corpus holds the Palermo Protocol or a convention in
# English; officers name it in Vietnamese, with or without accents): the glossary's English for its concepts
# picks the text; a proper name the title lacks ("châu Âu") or one shared concept names another instrument.
def _en_meta(doc_id: str, title: str) -> DocumentMeta:
    return DocumentMeta(
        doc_id=doc_id, file=f"{doc_id}.html", title=title, doc_type="convention", language="en",
        issued=dt.date(2000, 11, 15),
    )  # fmt: skip


EN_TEXTS = [
    _en_meta(
        "palermo",
        "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children",
    ),
    _en_meta(
        "forced", "Regional Convention against Trafficking in Persons for the Purpose of Forced Criminality"
    ),
]


@pytest.mark.parametrize(
    ("question", "doc_id"),
    [
        ("Điều 6 Nghị định thư về phòng ngừa, trấn áp và trừng trị buôn bán người quy định gì?", "palermo"),
        ("khoan 2 dieu 3 nghi dinh thu phong ngua tran ap trung tri buon ban nguoi", "palermo"),
        ("Điều 4 công ước về mua bán người để cưỡng bức phạm tội nói gì?", "forced"),
        ("dieu 7 cong uoc cuong buc pham toi quy dinh gi", "forced"),
    ],
)
def test_a_vietnamese_name_picks_the_english_text(question, doc_id):
    (ref,) = legal_refs(question)
    doc = choose_document(ref, question, EN_TEXTS)
    assert doc is not None and doc.doc_id == doc_id


@pytest.mark.parametrize(
    "question",
    [
        "Điều 6 Công ước châu Âu về phòng, chống buôn bán người quy định gì?",
        "Điều 6 Công ước Liên hợp quốc về chống tham nhũng quy định gì?",
    ],
)
def test_a_vietnamese_name_of_another_instrument_picks_none(question):
    (ref,) = legal_refs(question)
    assert choose_document(ref, question, EN_TEXTS) is None
