"""Question analysis (index/intent.py): one table per class of question, each reworded in Vietnamese,
unaccented Vietnamese and English, over topics and places of several documents."""

from __future__ import annotations

import pytest

from index.intent import (
    Cues,
    asked_unit,
    asks_about_referenced_instrument,
    classify,
    detect_language,
    document_fact,
    folded_text,
    foreign_owner,
    has_any,
    is_vietnamese_syllable,
    local_units,
    named_instruments,
)
from tip.domain import DocumentMeta


def kind_of(question: str, agency_named: bool = False) -> str:
    return classify(folded_text(question), agency_named)


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Who leads victim support in Kon Tum?", "en"),
        ("What does the plan say about border guards?", "en"),
        ("Hotline?", "en"),
        ("When was Decision 1957/QĐ-TTg issued?", "en"),
        ("NGO staff here: who handles repatriation in Kien Giang province", "en"),
        ("ai chu tri ho tro nan nhan o kontum", "vi-nodiac"),
        ("kon tum co quan chu tri tuyen truyen pho bien cong uoc ACTIP", "vi-nodiac"),
        ("so dien thoai duong day nong la gi", "vi-nodiac"),
        ("dong nai phan dau den nam 2035 bao nhieu phan tram can bo duoc tap huan", "vi-nodiac"),
        ("Ai chủ trì hỗ trợ nạn nhân?", "vi"),
        ("Kế hoạch của Kiên Giang thực hiện quyết định nào?", "vi"),
        ("ai chủ tri hỗ tro nan nhân ở Đồng Nai", "vi"),
    ],
)
def test_language_comes_from_the_question_alone(question: str, lang: str) -> None:
    assert detect_language(question) == lang


def test_vietnamese_syllables_and_english_words() -> None:
    assert all(is_vietnamese_syllable(w) for w in ["nghieng", "chu", "tri", "quyet", "dinh", "khuya", "uong"])
    assert not any(is_vietnamese_syllable(w) for w in ["who", "leads", "support", "victim", "police", "plan"])


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        # lead: a question word for an agency + a lead role word, or a fixed lead phrase
        ("Ai chủ trì công tác tuyên truyền ở Đồng Nai?", "lead"),
        ("Cơ quan nào chịu trách nhiệm xét xử các vụ án mua bán người tại Kon Tum?", "lead"),
        ("Sở nào thực hiện việc tiếp nhận nạn nhân ở Kiên Giang?", "lead"),
        ("co quan nao chu tri giai cuu nan nhan", "lead"),
        ("don vi nao phu trach tong dai 111 o dong nai", "lead"),
        ("Which department is in charge of legal aid for victims in Dong Nai?", "lead"),
        ("Who is responsible for prosecuting trafficking cases in Kon Tum?", "lead"),
        ("Who implements the reintegration work in Kien Giang?", "lead"),
        # coordinators
        ("Những cơ quan nào phối hợp với Công an tỉnh trong tiếp nhận nạn nhân?", "coordinators"),
        ("co quan nao phoi hop voi so tu phap", "coordinators"),
        ("Which agencies coordinate with the provincial police on victim protection?", "coordinators"),
        ("Who works with the Department of Health on victim care?", "coordinators"),
        # percentage
        ("Tỷ lệ nạn nhân được hỗ trợ phải đạt bao nhiêu?", "percentage"),
        ("bao nhieu phan tram can bo duoc tap huan", "percentage"),
        ("What percentage of reported cases must be resolved?", "percentage"),
        ("What share of officials should be trained by 2030?", "percentage"),
        ("Bao nhiêu % xã biên giới phải có tổ tư vấn cộng đồng?", "percentage"),  # "%" is a cue
        ("den 2030 bao nhieu % truong hoc long ghep noi dung", "percentage"),
        ("What % of communes must set up advisory teams?", "percentage"),
        # number
        ("Kế hoạch chia thành mấy giai đoạn?", "number"),
        ("bao nhieu nguoi duoc tap huan", "number"),
        ("How many phases does the plan have?", "number"),
        ("What prison sentence applies to organ trafficking?", "number"),
        ("How much money is allocated?", "number"),
        # date
        ("Báo cáo kết quả gửi trước ngày nào?", "date"),
        ("khi nao phai nop bao cao so ket", "date"),
        ("By when must the provinces report back?", "date"),
        ("What is the deadline for the review?", "date"),
        # "When" opening a clause ("When receiving victims, …") is a conjunction, not a question for a date
        ("When receiving a victim, must the police record it in writing?", "fact"),
        ("When was the convention signed?", "date"),
        # contact
        ("Số điện thoại đường dây nóng là gì?", "contact"),
        ("goi so nao de bao tin mua ban nguoi", "contact"),
        ("What number should a victim call for help?", "contact"),
        ("How can I contact the hotline?", "contact"),
        # a number one calls, asked with a modal or an auxiliary
        ("Which number can a worker stranded abroad ring for help?", "contact"),
        ("What number do families dial to report a missing daughter?", "contact"),
        ("Người dân gọi vào số nào để báo tin về mua bán người?", "contact"),
        ("so nao de goi khi phat hien nan nhan o ben xe", "contact"),
        # instrument identifier
        ("Kế hoạch của Kiên Giang thực hiện quyết định nào?", "instrument_id"),
        ("can cu vao van ban nao de ban hanh ke hoach", "instrument_id"),
        ("Which decision approved the 2021-2025 programme?", "instrument_id"),
        ("What is the legal basis of the Dong Nai plan?", "instrument_id"),
        # the grounds a text lists are a list of its points; the text a plan rests on is an instrument
        ("Theo nghị định, việc xác định nạn nhân dựa trên những căn cứ nào?", "list"),
        ("xac dinh mot nguoi la nan nhan thi dua vao nhung can cu gi", "list"),
        ("On what grounds may a person be identified as a victim under the decree?", "list"),
        ("Which criteria does the law use to identify a victim?", "list"),
        ("ke hoach nay can cu vao van ban nao", "instrument_id"),
        ("Which legal basis does the Kon Tum plan cite?", "instrument_id"),
        # definition
        ("Mua bán người là gì?", "definition"),
        ("the nao la nan nhan", "definition"),
        ("What does 'trafficking in persons' mean?", "definition"),
        ("Give me the definition of exploitation.", "definition"),
        # list
        ("Kế hoạch gồm những nhiệm vụ gì?", "list"),
        ("liet ke cac hoat dong huong ung ngay 30/7", "list"),
        ("What activities are planned for the national day?", "list"),
        ("List the measures for victim protection.", "list"),
        # a plural marker, a short noun and a question word ask for a set of items (not for agencies)
        ("Nghị định quy định những khoản chi phí y tế nào cho nạn nhân?", "list"),
        ("ke hoach dong nai dat ra cac chi tieu gi den nam 2030", "list"),
        ("Kế hoạch 30/7 có những yêu cầu gì đối với các bộ, ngành?", "list"),
        ("In what ways can communes help victims reintegrate?", "list"),
        # English has no plural marker: a plural noun between "what / which" and its auxiliary, or after
        # "give me the", asks for a set of items (a verb or a time that looks plural does not)
        ("What duties do commune police have under the Kon Tum plan?", "list"),
        ("Which targets are set for 2030 in Dong Nai?", "list"),
        ("Give me the specific targets set for 2030 in Dong Nai", "list"),
        ("Tell me the main tasks of the national day plan", "list"),
        ("What happens to victims who are sent back from abroad?", "fact"),
        ("What years does the programme cover?", "fact"),
        # ... nor do parts of a text named as references: one sentence names them
        ("Which articles must the Government detail under the 2011 law?", "fact"),
        ("which clauses does decree 47 amend", "fact"),
        ("Which kinds of assistance does the decree provide?", "list"),
        # whom a text applies to is its scope, even when its title says "phối hợp" (coordination)
        ("Quy chế phối hợp liên ngành này áp dụng cho những ai?", "list"),
        ("nghi dinh ve ho tro nan nhan ap dung doi voi ai", "list"),
        ("To whom does the coordination regulation apply?", "list"),
        ("Who does the decree on victim support apply to?", "fact"),
        # an agency noun with modifiers asks for an agency; as an object it does not
        ("Which provincial department leads victim support in An Giang?", "lead"),
        ("What city agency is in charge of screening?", "lead"),
        ("co quan cap tinh nao chu tri tiep nhan nan nhan", "lead"),
        ("Which international organisations does the plan name for cooperation?", "fact"),
        ("Which of the measures apply to children?", "fact"),
        # durations are numbers
        ("Thời hạn xác minh là bao lâu?", "number"),
        ("How long does verification take?", "number"),
        # a hotline as the topic of a lead question is not a contact question
        ("dong nai co quan nao chu tri phat huy hieu qua duong day nong", "lead"),
        # a title word ("Kế hoạch thực hiện …") does not make a who-leads question
        ("ke hoach thuc hien cong uoc tang cuong nang luc cho nhung luc luong nao", "fact"),
        ("Tuyên truyền về mua bán người như thế nào?", "fact"),
        ("How does the plan describe prevention work?", "fact"),
    ],
)
def test_answer_types(question: str, answer_type: str) -> None:
    assert kind_of(question) == answer_type


@pytest.mark.parametrize(
    "question",
    [
        "Sở Tư pháp có nhiệm vụ gì?",
        "vai tro cua bo doi bien phong la gi",
        "What is the Department of Finance's role in the plan?",
        "What tasks does the border guard have?",
    ],
)
def test_role_questions_need_an_agency(question: str) -> None:
    assert kind_of(question, agency_named=True) == "role"
    assert kind_of(question, agency_named=False) != "role"


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("Kế hoạch 78/KH-UBND được ban hành ngày nào?", "issued"),
        ("ke hoach kien giang ky ngay nao", "issued"),
        ("When was the Kon Tum plan signed?", "issued"),
        ("Số hiệu của kế hoạch Kiên Giang là gì?", "number"),
        ("What is the document number of the national 30/7 plan?", "number"),
        ("Ai chủ trì hỗ trợ nạn nhân?", None),
        ("Kế hoạch Kon Tum số mấy?", "number"),
        ("ke hoach 78 cua kien giang so may", "number"),
        ("What is the number of the Kon Tum plan?", "number"),
        # the number asked belongs to another noun than the plan
        ("Kế hoạch 2021 yêu cầu duy trì đường dây nóng phòng, chống mua bán người số mấy?", None),
        ("the plan says victims can call a hotline - what is the number of that hotline", None),
        # when a text takes effect is its effect article's date, not the header's signing date
        ("Nghị định ban hành ngày 15/5 có hiệu lực từ ngày nào?", None),
        ("quyet dinh ban hanh quy che co hieu luc khi nao", None),
        ("When does the decree issued by the Government come into force?", None),
    ],
)
def test_document_facts(question: str, fact: str | None) -> None:
    assert document_fact(folded_text(question)) == fact


METAS = [
    DocumentMeta(doc_id="qd", file="qd.md", title="QĐ", number="1957/QĐ-TTg", doc_type="decision_and_plan"),
    DocumentMeta(doc_id="kg", file="kg.md", title="KH", number="78/KH-UBND", implements=["193/QĐ-TTg"]),
]


class _QA:
    """The two fields asks_about_referenced_instrument reads."""

    def __init__(self, question: str) -> None:
        self.question = question
        self.instruments = named_instruments(folded_text(question), question)


@pytest.mark.parametrize(
    ("question", "referenced"),
    [
        ("When was Decision 1957/QĐ-TTg issued?", False),  # a corpus document: its own header
        ("Quyết định 1957 ký ngày nào?", False),
        ("Quyết định 193/QĐ-TTg được ban hành ngày nào?", True),  # only cited by a corpus document
        ("quyet dinh 193 ban hanh khi nao", True),
        ("When was the decree detailing the law issued?", True),  # named by its relation
        ("Nghị định hướng dẫn luật được ban hành khi nào?", True),
        ("When was the Kon Tum plan signed?", False),
    ],
)
def test_referenced_instruments_are_not_the_document_itself(question: str, referenced: bool) -> None:
    assert asks_about_referenced_instrument(_QA(question), METAS) is referenced  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("Tổng kinh phí là bao nhiêu tỷ đồng?", "money"),
        ("what is the total budget in billion dong", "money"),
        ("bao nhieu nan nhan duoc giai cuu", "people"),
        ("How many days does the verification take?", "days"),
        ("dong nai dat bao nhieu phan tram", "percent"),  # "Đồng" in a place name is not money
        ("How many phases are there?", None),
    ],
)
def test_units_asked(question: str, unit: str | None) -> None:
    assert asked_unit(folded_text(question)) == unit


def test_every_cue_list_says_which_class_it_serves() -> None:
    from index.query import _load_yaml

    data = _load_yaml("intents.yaml")
    for name, spec in data["answer_types"].items():
        assert spec.get("serves"), name
    for key, value in data.items():
        if key not in ("order", "answer_types"):
            assert value.get("serves"), key
    assert Cues.load().order[0] in data["answer_types"]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Ở Kiên Giang, sở nào chủ trì truyền thông?", "Sở"),
        ("bo nao chu tri ho tro nan nhan", "Bộ"),
        ("Which ministry leads victim support nationally?", "Bộ"),
        ("Which department is in charge of legal aid in Dong Nai?", "Sở"),
        ("Ai chủ trì tuyên truyền?", None),
    ],
)
def test_the_kind_of_agency_asked_for(question: str, kind: str | None) -> None:
    from index.intent import Cues, has_any

    folded = folded_text(question)
    found = next((k for k, words in Cues.load().agency_kinds.items() if has_any(folded, words)), None)
    assert found == kind


@pytest.mark.parametrize(
    ("question", "numbers"),
    [
        ("When did the Steering Committee 138/CP issue its 30/7 plan?", []),  # a body, not an instrument
        ("Ban Chỉ đạo 138/CP ban hành kế hoạch ngày nào", []),
        ("Theo kế hoạch 30/7 năm 2021", []),  # a date, not a number
        ("Kế hoạch 156/KH-BCĐ", ["156"]),
        ("Quyết định 1957", ["1957"]),
        # every numbered kind, typed with or without diacritics or in English
        ("Thông tư 15/2013 của Bộ LĐTBXH hướng dẫn gì?", ["15"]),
        ("thong tu 28 quy dinh gi", ["28"]),
        ("nghi quyet so 88 cua chinh phu", ["88"]),
        ("Chỉ thị 21 của Thủ tướng", ["21"]),
        ("What does Resolution 40 require?", ["40"]),
        ("Which directive, Directive 05 or the plan?", ["05"]),
    ],
)
def test_instrument_numbers_named(question: str, numbers: list[str]) -> None:
    from index.query import referenced_numbers

    assert referenced_numbers(question) == numbers


def test_english_framing_is_no_topic() -> None:
    """An English question's asker and light words ("a trainee asked", "get", "go") are left out of the
    words an English text must cover; its topic words stay."""
    from index.retriever import _english_framing

    left = _english_framing().sub(
        " ", folded_text("a trainee asked can someone get compensation if they go home")
    )
    assert left.split() == ["can", "compensation", "if", "they", "home"]


def test_cue_lists_hold_words_only() -> None:
    """YAML 1.1 reads a bare `on`, `no` or `yes` as a boolean: a cue list must hold only strings."""
    from index.query import _load_yaml

    def leaves(value: object) -> list[object]:
        if isinstance(value, dict):
            return [x for k, v in value.items() if k != "serves" for x in leaves(v)]
        if isinstance(value, list):
            return [x for v in value for x in leaves(v)]
        return [value]

    for name in ("intents.yaml", "legal_cues.yaml"):
        assert not [x for x in leaves(_load_yaml(name)) if isinstance(x, bool)], name


# -- person questions: the holder of a post, a document's signer ------------------------------------------
@pytest.mark.parametrize(
    ("question", "answer_type", "signer"),
    [
        ("Ai ký kế hoạch thực hiện Công ước ACTIP của tỉnh Kon Tum?", "person", True),
        ("ke hoach 30/7 nam 2021 do ai ky", "person", True),
        ("Người ký Quyết định 1957 là ai?", "person", True),
        ("Who signed the Dong Nai plan for 2026-2030?", "person", True),
        ("Which official is the signatory of the Kien Giang plan?", "person", True),
        ("Giám đốc Sở Tư pháp tỉnh Kiên Giang tên là gì?", "person", False),
        ("giam doc cong an tinh kon tum la ai", "person", False),
        ("Họ tên Chủ tịch Ủy ban nhân dân thành phố Đồng Nai?", "person", False),
        ("Who is the director of the Dong Nai Department of Health?", "person", False),
        ("What's the name of the chairman of the provincial People's Committee?", "person", False),
        ("Trưởng Ban Chỉ đạo 138/CP là ai?", "person", False),
        ("Which official signed the Dong Nai plan?", "person", True),
        ("Quyết định 1957 được ký bởi ai?", "person", True),
        # not persons: an agency asked for, the date of a signature, a post with no question for a name
        ("Ai chủ trì hỗ trợ nạn nhân ở Kon Tum?", "lead", False),
        ("co quan chu tri la ai", "lead", False),
        ("When was the Kon Tum plan signed?", "date", False),
        ("qd cua chu tich nuoc phe chuan cong uoc chong mua ban nguoi ky ngay nao", "date", False),
        ("Who heads victim support in Kien Giang?", "lead", False),
        ("Chủ tịch UBND tỉnh giao cơ quan nào chủ trì tuyên truyền?", "lead", False),
    ],
)
def test_person_questions(question: str, answer_type: str, signer: bool) -> None:
    folded = folded_text(question)
    assert kind_of(question) == answer_type
    assert (answer_type == "person" and has_any(folded, Cues.load().signer)) is signer


# -- how often: its own type, not a duration ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        ("Theo kế hoạch Kiên Giang, các sở báo cáo kết quả bao lâu một lần?", "frequency"),
        ("bao lau thi phai bao cao mot lan", "frequency"),
        ("Mấy lần một năm phải tổ chức kiểm tra?", "frequency"),
        ("dong nai bao cao ket qua dinh ky bao lau", "frequency"),
        ("How often do the press run anti-trafficking columns in Kien Giang?", "frequency"),
        ("How frequently must Dong Nai agencies report on the plan?", "frequency"),
        ("How many times a year is the plan reviewed?", "frequency"),
        ("Tần suất báo cáo của các sở là gì?", "frequency"),
        ("moi nam to chuc may lan kiem tra lien nganh", "frequency"),
        # a duration stays a number
        ("Thời hạn xác minh là bao lâu?", "number"),
        ("How long does verification take?", "number"),
    ],
)
def test_frequency_questions(question: str, answer_type: str) -> None:
    assert kind_of(question) == answer_type


# -- English wording: a conjunction "when", speed as a duration, duties as leads, money --------------------
@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        ("Did the 30/7 plan say anything about the pandemic when organising events?", "fact"),
        ("What should the commune police do when a victim comes back?", "fact"),
        ("When was the Kien Giang plan issued?", "date"),
        ("In Kon Tum, when must the reports be sent?", "date"),
        ("Tell me when the national day plan has to be reported on.", "date"),
        ("The Dong Nai plan was issued when?", "date"),
        ("How quickly must the police verify a denunciation?", "number"),
        ("How soon must a victim be received after rescue?", "number"),
        ("Within how long must a report of trafficking be handled?", "number"),
        ("Which ministry has to build the trafficking database?", "lead"),
        ("Which department is supposed to run legal aid for victims in Dong Nai?", "lead"),
        ("Which body is tasked with repatriating victims?", "lead"),
        ("Which organisations does the plan name for cooperation?", "fact"),
        ("What is the maximum fine for illegal labour brokers?", "number"),
        ("What is the total budget in US dollars for the national plan?", "number"),
        ("tong kinh phi ke hoach kon tum tinh bang usd", "number"),
        ("For a serious crime under the convention, what's the minimum jail term?", "number"),
        ("muc phat tu toi thieu cho toi mua ban nguoi la bao lau", "number"),
    ],
)
def test_english_cue_wording(question: str, answer_type: str) -> None:
    assert kind_of(question) == answer_type


def test_a_plural_agency_noun_with_a_duty_asks_for_a_set_not_a_lead() -> None:
    assert kind_of("Which agencies are supposed to receive trafficking victims under the law?") != "lead"


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("What is the maximum fine for illegal labour brokers?", "money"),
        ("What is the total budget in US dollars for the national plan?", "money"),
        ("muc phat tien toi da la bao nhieu", "money"),
        ("Trẻ em là người dưới bao nhiêu tuổi?", "years"),
        ("How old must a person be to count as an adult under the convention?", "years"),
    ],
)
def test_money_and_age_units(question: str, unit: str) -> None:
    assert asked_unit(folded_text(question)) == unit


# -- counted nouns: a number of what ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "lang", "noun"),
    [
        ("Phòng Cảnh sát hình sự có bao nhiêu cán bộ chuyên trách?", "vi", "can bo"),
        ("Kon Tum có mấy cơ sở bảo trợ xã hội?", "vi", "co so bao"),
        ("Kế hoạch chia thành mấy giai đoạn?", "vi", "giai doan"),
        ("Công ước ACTIP có bao nhiêu nước phê chuẩn?", "vi", "nuoc"),  # a verb ends the noun
        ("Có bao nhiêu quốc gia ký kết hiệp định này?", "vi", "quoc gia"),
        ("How many shelters does Dong Nai run?", "en", "shelters"),
        ("How many officers does the Kien Giang police assign to trafficking?", "en", "officers"),
        ("bao nhiêu người được hỗ trợ", "vi", None),  # a unit the units list knows
        ("How many days does verification take?", "en", None),
    ],
)
def test_counted_nouns(question: str, lang: str, noun: str | None) -> None:
    from index.intent import counted_noun

    assert counted_noun(folded_text(question), lang, question) == noun


@pytest.mark.parametrize(
    ("question", "lang", "parts"),
    [
        ("Kế hoạch chia thành mấy giai đoạn?", "vi", True),
        ("ke hoach kien giang co bao nhieu nhom noi dung", "vi", True),
        ("How many phases does the roadmap have?", "en", True),
        # people and things are counts the text must state, not a heading's items
        ("Phòng Cảnh sát hình sự có bao nhiêu cán bộ chuyên trách?", "vi", False),
        ("kon tum co may co so bao tro xa hoi", "vi", False),
        ("How many officers does the Kien Giang police assign to trafficking?", "en", False),
    ],
)
def test_counting_a_plans_parts(question: str, lang: str, parts: bool) -> None:
    from index.intent import counted_noun, counts_parts

    assert counts_parts(counted_noun(folded_text(question), lang, question)) == parts


def test_counted_nouns_in_both_languages() -> None:
    from index.intent import counted_forms
    from index.query import Glossary

    glossary = Glossary.load()
    assert "can bo" in counted_forms("staff", "en", glossary)  # the glossary's Vietnamese for an English noun
    assert "shelter" in counted_forms("shelters", "en", glossary)
    assert "officer" in counted_forms("can bo", "vi", glossary)  # and the English for a Vietnamese one


# -- contacts: a street address is one; the kind asked for is kept -----------------------------------------
@pytest.mark.parametrize(
    ("question", "answer_type", "kind"),
    [
        ("Địa chỉ của Văn phòng Ban Chỉ đạo 138/CP ở đâu?", "contact", "address"),
        ("dia chi tru so cong an tinh kien giang", "contact", "address"),
        ("I need the street address of the Steering Committee office.", "contact", "address"),
        ("Số điện thoại của Công an tỉnh Kon Tum là bao nhiêu?", "contact", "phone"),
        ("What's the e-mail address of the Dong Nai Department of Health?", "contact", "email"),
        ("cho toi xin dia chi email cua cong an tinh", "contact", "email"),
        # "address" the verb and "địa chỉ tin cậy" (a trusted place) are topics
        ("How does the plan address child victims?", "fact", None),
        ("Ai chủ trì xây dựng địa chỉ tin cậy ở cộng đồng?", "lead", None),
    ],
)
def test_contact_questions(question: str, answer_type: str, kind: str | None) -> None:
    from index.intent import contact_kind

    folded = folded_text(question)
    assert kind_of(question) == answer_type
    assert (contact_kind(folded) if answer_type == "contact" else None) == kind


@pytest.mark.parametrize(
    ("question", "framing", "topic"),
    [
        (
            "Under the convention, how many people form an organised criminal group?",
            "how many people",
            "group",
        ),
        ("Xác minh nạn nhân mất bao nhiêu ngày?", "bao nhieu ngay", "xac minh"),
        ("tong kinh phi la bao nhieu ty dong", "bao nhieu", "kinh phi"),  # money keeps its topic word
    ],
)
def test_the_asked_unit_is_framing_not_topic(question: str, framing: str, topic: str) -> None:
    from index.intent import analyse, framing_phrases
    from index.query import AccentRestorer, Glossary

    qa = analyse(question, AccentRestorer.from_texts([question]), Glossary.load())
    found = framing_phrases(qa)
    assert framing in found
    assert not any(topic in f for f in found)


@pytest.mark.parametrize(
    "question",
    [
        "Bao nhiêu % xã biên giới phải có tổ tư vấn cộng đồng?",
        "bao nhieu phan tram truong thcs long ghep ngoai khoa",
        "có bao nhiêu phần trăm cán bộ xã được tập huấn",
    ],
)
def test_no_counted_noun_after_a_percent_cue(question: str) -> None:
    from index.intent import counted_noun

    assert counted_noun(folded_text(question)) is None


@pytest.mark.parametrize(
    ("question", "compare"),
    [
        ("Which countries are Kon Tum and Kien Giang each told to work with across the border?", True),
        ("Who leads victim reception in Kien Giang and in Dong Nai, respectively?", True),
        ("Kon Tum và Kiên Giang lần lượt hợp tác với nước nào qua biên giới?", True),
        ("Đồng Nai và Kiên Giang, mỗi tỉnh giao sở nào chủ trì tiếp nhận nạn nhân?", True),
        ("kon tum va kien giang lan luot hop tac voi nuoc nao qua bien gioi", True),
        ("kien giang va dong nai tung tinh so nao chu tri thong ke", True),
        ("Who leads victim reception in Kien Giang?", False),
        ("luat moi quy dinh gi ve ho tro nan nhan", False),  # "mới" (new) is not "mỗi" (each)
    ],
)
def test_the_same_thing_asked_of_each_side_is_a_compare(question: str, compare: bool) -> None:
    """Class: two places or documents asked the same thing with "each / mỗi / lần lượt / respectively" and
    no compare word are answered side by side."""
    assert has_any(folded_text(question), Cues.load().compare) is compare


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        # a day observed by name is a named day, not a date
        ("Ngoài Ngày toàn dân, kế hoạch Kon Tum còn hưởng ứng ngày nào nữa?", "fact"),
        ("ke hoach dong nai huong ung nhung ngay nao", "fact"),
        ("Besides the National Day, which other day does the Kien Giang plan mark?", "fact"),
        ("Kế hoạch Kiên Giang ban hành ngày nào?", "date"),  # a date still is one
        ("ke hoach kon tum ky ngay nao", "date"),
        # "who manages / runs / keeps the statistics" asks for the lead agency
        ("Ai quản lý hoạt động hỗ trợ kết hôn với người nước ngoài ở Kon Tum?", "lead"),
        ("ai quan ly co so du lieu ve mua ban nguoi o kien giang", "lead"),
        ("Ai thống kê số vụ mua bán người ở Đồng Nai?", "lead"),
        ("Who manages the trafficking database in Dong Nai?", "lead"),
    ],
)
def test_question_words_that_do_not_decide_the_type_alone(question: str, answer_type: str) -> None:
    """Class: "ngày nào" after an observance verb asks for a named day; "ai quản lý" asks who leads."""
    assert kind_of(question) == answer_type


# -- districts, towns and communes named (look-alike questions about a plan the corpus may not hold) --------
@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("Kế hoạch của huyện Mường Tè giao ai chủ trì?", ["muong te"]),
        ("ke hoach thi xa tan uyen co nhung muc tieu gi", ["tan uyen"]),
        ("What does the Cu Jut district plan say about hotlines?", ["cu jut"]),
        ("Which agency leads in the district of Lak?", []),  # one word after "district of": no name
        ("Thi tran Plei Kan can lam gi", ["plei kan"]),
        # a level or a question, not a unit's name
        ("UBND cấp huyện làm gì?", []),
        ("huyện nào có kế hoạch riêng?", []),
        ("What must district authorities do?", []),
        ("Which District leads?", []),
        ("cơ quan nào chủ trì?", []),
        # a level or a collective before the marker, and a comma after it: no name follows
        ("Ủy ban nhân dân cấp huyện để làm việc gì?", []),
        ("uy ban nhan dan cap huyen de lam gi", []),
        ("các sở và UBND các huyện, TP phải báo cáo khi nào?", []),
        ("huyện Kỳ Anh, Hà Tĩnh có kế hoạch không?", ["ky anh"]),
    ],
)
def test_local_units_named(question: str, names: list[str]) -> None:
    assert [name for _, name in local_units(question)] == names


# -- another country's law, court or report (look-alike: the corpus holds none) ------------------------------
@pytest.mark.parametrize(
    ("question", "country"),
    [
        ("bo luat hinh su cua lao quy dinh toi mua ban nguoi the nao", "Lào"),
        ("Luật Trung Quốc xử lý người mua cô dâu ra sao?", "Trung Quốc"),
        ("What does Malaysia's anti-trafficking act say about shelters?", "Malaysia"),
        ("How do Korean courts punish marriage brokers?", "Hàn Quốc"),
        ("the penal code of Myanmar: what sentence for trafficking?", "Myanmar"),
        # a partner, a neighbour, a destination: no owner
        ("ke hoach kon tum hop tac voi lao the nao", None),
        ("Which plan mentions the agreement between Vietnam and Cambodia?", None),
        ("nan nhan tro ve tu trung quoc duoc ho tro gi", None),
        ("Who receives victims handed over by Lao police at the border gate?", None),
        ("Which ministry helps victims returned from China by the police?", None),
    ],
)
def test_foreign_owner(question: str, country: str | None) -> None:
    assert foreign_owner(question) == country


@pytest.mark.parametrize(
    ("question", "national"),
    [
        # the national level named by its level or by the Government's steering committee (a compare side)
        ("Who leads victim support at central level and in Dong Nai?", True),
        ("Which ministry at the centre and which department in Kien Giang lead trials?", True),
        ("Hạn báo cáo của Ban Chỉ đạo 138 và của Kon Tum khác nhau thế nào?", True),
        ("han bao cao cua bcd 138 va cua kien giang khac nhau the nao", True),
        ("Who leads victim support in Kon Tum?", False),
    ],
)
def test_national_level_named(question: str, national: bool) -> None:
    assert has_any(folded_text(question), Cues.load().national) is national


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        # whether two places give a task to the same agency asks who leads it in each
        ("Do Kon Tum and Kien Giang give border work to the same agency?", True),
        ("Kiên Giang và Đồng Nai có giao cùng một sở tuyên truyền không?", True),
        ("kon tum va dong nai co cung co quan tiep nhan nan nhan khong", True),
    ],
)
def test_same_agency_asks_the_lead(question: str, lead: bool) -> None:
    assert (kind_of(question) == "lead") is lead


# -- the user's words are not the document's words (index/equivalents.py) -----------------------------------
@pytest.mark.parametrize(
    ("question", "searched"),
    [
        ("HĐND tỉnh Hà Tĩnh giám sát việc gì?", "Hội đồng nhân dân"),
        ("Ban Chỉ đạo 138 của tỉnh họp mấy lần một năm?", "BCĐ"),
        ("bcd 138 tinh hop may lan mot nam", "Ban Chỉ đạo"),
        ("Tiền hỗ trợ nạn nhân lấy từ đâu?", "kinh phí"),
    ],
)
def test_a_vietnamese_question_searches_every_form_of_its_words(question: str, searched: str) -> None:
    from index.intent import analyse
    from index.query import AccentRestorer, Glossary

    qa = analyse(question, AccentRestorer.from_texts([question]), Glossary.load())
    assert searched in qa.search_text
    assert searched not in qa.asked_text  # coverage counts the group once, not each form


@pytest.mark.parametrize(
    ("question", "vietnamese"),
    [
        ("What do the commune PCs do about victims?", "UBND cấp xã"),
        ("Which tasks does the provincial Steering Committee lead?", "BCĐ"),
    ],
)
def test_an_english_question_reaches_the_abbreviations_the_documents_write(
    question: str, vietnamese: str
) -> None:
    from index.intent import analyse
    from index.query import AccentRestorer, Glossary

    qa = analyse(question, AccentRestorer.from_texts([question]), Glossary.load())
    assert any(vietnamese in term for term in qa.expansion), qa.expansion


@pytest.mark.parametrize(
    ("question", "answer_type"),
    [
        # which day, month or year, asked as "ngày mấy / hôm nào / tháng mấy / năm mấy" (not "mấy ngày": a count)
        ("Kế hoạch của Hà Tĩnh ký ngày mấy?", "date"),
        ("quyet dinh ban hanh quy che lang son ky hom nao", "date"),
        ("Nghị định hỗ trợ nạn nhân có hiệu lực từ tháng mấy?", "date"),
        ("xác minh nạn nhân mất mấy ngày?", "number"),
        # a per cent the question states is a given value: the year is what it asks
        ("Đến năm nào 100% xã biên giới có Tổ tư vấn cộng đồng?", "date"),
        ("lao cai dat moc nam nao de 90% nan nhan duoc ho tro hoc nghe", "date"),
        ("By which year should 80% of students in border communes be reached?", "date"),
        ("Bao nhiêu % trường học lồng ghép nội dung phòng, chống mua bán người?", "percentage"),
    ],
)
def test_dates_asked_by_day_word_or_beside_a_stated_value(question: str, answer_type: str) -> None:
    assert kind_of(question) == answer_type


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("ke hoach ha tinh ky ngay may", "issued"),
        ("Quyết định của UBND tỉnh Lạng Sơn ban hành hôm nào?", "issued"),
        ("Quy chế bắt đầu có hiệu lực từ ngày mấy?", None),  # the effect article's date
    ],
)
def test_document_facts_asked_by_day_word(question: str, fact: str | None) -> None:
    assert document_fact(folded_text(question)) == fact


@pytest.mark.parametrize(
    ("question", "numbers", "referenced"),
    [
        # the Party's numbering: the kind's letters before the slash ("05-CT/TW", "36-NQ/TW")
        ("Chỉ thị 05-CT/TW của Ban Bí thư ký ngày nào?", ["05"], True),
        ("nghi quyet 36-nq/tw ban hanh khi nao", ["36"], True),
        ("When was Directive 48-CT/TW issued?", ["48"], True),
        # kinds named by word and number ("Thông tư 84", "công văn 873")
        ("Thông tư 84 của Bộ Tài chính ban hành ngày nào?", ["84"], True),
        ("cong van 873 cua ban chi dao huong dan gi", ["873"], True),
        ("Quyết định 1957 ký ngày nào?", ["1957"], False),  # a corpus document: its own header
    ],
)
def test_instruments_cited_by_party_and_other_numbers(
    question: str, numbers: list[str], referenced: bool
) -> None:
    from index.query import referenced_numbers

    assert referenced_numbers(question) == numbers
    assert asks_about_referenced_instrument(_QA(question), METAS) is referenced  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Which decision does Plan 86/KH-UBND implement?", "decision"),
        ("ke hoach 78 thuc hien quyet dinh nao", "decision"),
        ("Nghị định 47 hướng dẫn luật nào?", "law"),
        ("Which decree does the Lao Cai plan cite?", "decree"),
        ("Kế hoạch này căn cứ văn bản nào?", None),
    ],
)
def test_the_kind_of_instrument_asked_for(question: str, kind: str | None) -> None:
    from index.intent import asked_kind

    assert asked_kind(folded_text(question)) == kind


def test_identifiers_a_question_names_are_given_not_asked() -> None:
    from index.intent import given_values

    assert "112/kh-ubnd" in given_values(
        "ke hoach 112/kh-ubnd lao cai thuc hien quyet dinh nao", "instrument_id"
    )
    assert "86/KH-UBND" in given_values("Which decision does Plan 86/KH-UBND implement?", "instrument_id")
    # a date question keeps the identifier: the date stands right after it ("35/KH-BCĐ ngày 12/5/2026")
    assert given_values("Kế hoạch 35/KH-BCĐ ký ngày mấy?", "date") == ()
    assert given_values("the 30/7 campaign starts when?", "date") == ("30/7",)


# class "who leads vs who coordinates vs who oversees": coordinating or monitoring the plan itself asks for its
# focal point (a lead), coordinating WITH a lead on a task asks for the partners
@pytest.mark.parametrize(
    ("question", "answer_type", "oversight"),
    [
        ("Which body coordinates the implementation of the provincial anti-trafficking plan?", "lead", True),
        ("Who oversees implementation of the national programme?", "lead", True),
        ("Which agencies coordinate with the Department of Justice on legal aid?", "coordinators", False),
        ("Cơ quan nào là đầu mối theo dõi việc thực hiện kế hoạch của tỉnh?", "lead", True),
        ("Đơn vị nào phối hợp với Sở Tư pháp trợ giúp pháp lý?", "coordinators", False),
        ("ai don doc cac so nganh trien khai thuc hien ke hoach nay", "lead", True),
        ("co quan nao dieu phoi thuc hien chuong trinh o tinh", "lead", True),
        ("ai chu tri tuyen truyen o vung bien gioi", "lead", False),
    ],
)
def test_who_steers_the_plan_vs_who_coordinates_a_task(
    question: str, answer_type: str, oversight: bool
) -> None:
    from index.intent import asks_plan_oversight

    folded = folded_text(question)
    assert kind_of(question) == answer_type
    assert (answer_type == "lead" and asks_plan_oversight(folded)) == oversight


@pytest.mark.parametrize(
    ("text", "declares"),
    [
        ("- Là cơ quan đầu mối tham mưu UBND tỉnh chỉ đạo, theo dõi việc thực hiện Kế hoạch này.", True),
        ("Giao Sở Nội vụ là cơ quan thường trực, giúp UBND tỉnh đôn đốc các sở, ngành.", True),
        ("- Tăng cường kiểm tra, đôn đốc việc thực hiện tại cơ sở.", False),
        ("Công an tỉnh chủ trì, phối hợp với Sở Y tế tiếp nhận nạn nhân.", False),
    ],
)
def test_an_assignment_declaring_the_focal_role(text: str, declares: bool) -> None:
    from index.intent import declares_oversight_role

    assert declares_oversight_role(text) == declares


@pytest.mark.parametrize(
    ("question", "states"),
    [
        ("Viện kiểm sát tỉnh chủ trì, phối hợp Công an tỉnh làm việc gì?", True),
        ("hoi phu nu chu tri phoi hop so y te thuc hien mo hinh gi", True),
        ("What work does the border guard lead with the police?", True),
        ("Ai chủ trì công tác truyền thông?", False),  # a who-leads question asks the lead itself
        ("Sở Tư pháp phối hợp với Công an tỉnh làm việc gì?", False),
    ],
)
def test_a_question_stating_who_leads_the_task_it_asks_about(question: str, states: bool) -> None:
    folded = folded_text(question)
    answer_type = kind_of(question)
    stated = answer_type not in ("lead", "coordinators", "role") and has_any(folded, Cues.load().stated_lead)
    assert stated == states
