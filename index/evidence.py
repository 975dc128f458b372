"""Evidence at sentence and clause level: a section split into verbatim sentences, and what kind of value
each one holds (a number, a per cent, a date, a phone number, an instrument's identifier). A question that
asks for a value is answered by the best sentence that holds one, or not at all."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from tip.text import fold

_SENTENCE_SPLIT = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ“\"(-])|\n+")
_CLAUSE_SPLIT = re.compile(r"(?<=[;:])\s+")
CLAUSE_MIN_CHARS = 40

PERCENT = re.compile(r"\d+(?:[.,]\d+)?\s*%|\d+\s*(?:phần trăm|percent|per cent)\b", re.I)
DATE = re.compile(
    r"\bngày\s+\d{1,2}\s*(?:tháng|/)\s*\d{1,2}(?:\s*(?:năm|/)\s*\d{4})?"
    # a day/month is a real one: "24/24 giờ" / "24/7 hours" (round the clock) is no date
    r"|\b\d{1,2}/\d{1,2}/\d{4}\b|\b(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])\b(?!/|\s*(?:giờ|h\b|hours?\b))"
    r"|\btháng\s+\d{1,2}(?:\s*(?:năm|/)\s*\d{4})?|\bquý\s+[IV1-4]+\b|\bnăm\s+(?:19|20)\d\d\b"
    r"|\b(?:kể từ|từ) ngày (?:ký|ban hành)\b"
    # relative dates: "on the thirtieth day after …", "ngày thứ 30 sau …", "30 ngày kể từ …"
    r"|\b(?:on|from) the \w+ day (?:after|following|from)\b|\bngày thứ \w+ (?:sau|kể từ)\b"
    r"|\b\d+ ngày (?:kể từ|sau khi|sau)\b"
    r"|\b\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(?:\s+\d{4})?\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+\d{1,2},?\s+\d{4}\b|\b(?:19|20)\d\d\b",
    re.I,
)
PHONE = re.compile(
    r"(?<![\d/])(?:\+84|0)\s?\d{2,3}(?:[\s.\-]?\d{2,4}){2,3}(?![\d/])|\b(?:1800|1900)[\s.]?\d{3,4}\b"
    r"|(?:đường dây nóng|hotline|tổng đài|số điện thoại)[^\d]{0,40}\b\d{3,}\b",
    re.I,
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
INSTRUMENT_ID = re.compile(
    r"\b\d{1,5}\s*/\s*(?:\d{4}\s*/\s*)?[A-ZĐ][A-ZĐa-zđ0-9]*(?:\s*-\s*[A-ZĐ][A-ZĐa-zđ0-9]*)*"
)
# An instrument named by its title, not a number: "Công ước của Liên hợp quốc về Chống tham nhũng", "Luật Phòng,
# chống mua bán người", "the Palermo Protocol" (conventions and laws are cited by title more often than number)
INSTRUMENT_TITLE = re.compile(
    r"\b(?:Công ước|Nghị định thư|Hiệp định|Bộ luật|Luật|Convention|Protocol|Agreement|Law|Code)"
    r"(?:\s+(?:của|of|on|về|against|the))*\s+(?:[A-ZĐ]\w+|ASEAN|ACTIP)"
)
# Numbers written in words, English and Vietnamese (cardinals and ordinals): "three or more persons",
# "the thirtieth day", "mười lăm ngày" count as numbers where a number is asked.
_NUMBER_WORD = (
    r"(?:hai|ba|bốn|sáu|bảy|tám|chín|mười|mươi|lăm|trăm|nghìn|ngàn|triệu|tỷ|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|"
    r"million|billion|dozen|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|"
    r"twelfth|fifteenth|twentieth|thirtieth|fortieth|sixtieth|ninetieth|hundredth|once|twice)"
)
NUMBER_WORDS = re.compile(rf"\b{_NUMBER_WORD}\b", re.I)
# One number as written: digits ("1.500", "06") or number words ("three", "thirty-five", "mười lăm")
NUM = rf"(?:\d[\d.,]*|{_NUMBER_WORD}(?:[\s-]+{_NUMBER_WORD})*)"
_NUMBER = re.compile(r"\d+")
_OR_MORE = r"(?:\s+(?:or more|or over|or above|trở lên))?"
UNIT_PATTERNS = {
    "money": re.compile(
        r"\d[\d.,]*\s*(?:tỷ|triệu|nghìn|ngàn|billion|million|thousand)?\s*(?:đồng|VNĐ|VND|USD|dollars?)\b"
        r"|(?:VND|USD|\$)\s*\d",
        re.I,
    ),
    "percent": PERCENT,
    "people": re.compile(
        rf"\b{NUM}{_OR_MORE}\s*(?:người|nạn nhân|đối tượng|trẻ em|phụ nữ|persons?|people|victims?)\b", re.I
    ),
    # a duration: hours, days, months or years (how long / bao lâu asks for any of them)
    "hours": re.compile(
        rf"\b{NUM}\s*(?:giờ|tiếng|hours?|ngày làm việc|ngày|days?|tháng|months?|năm|years?)\b", re.I
    ),
    "days": re.compile(rf"\b{NUM}\s*(?:ngày làm việc|ngày|days?|working days)\b", re.I),
    "months": re.compile(rf"(?<!ngày )\b{NUM}\s*(?:tháng|months?)\b", re.I),
    "years": re.compile(rf"\b{NUM}\s*(?:năm|years?|tuổi)\b(?!\s*\d)", re.I),
}
# How often: "hàng tháng", "định kỳ 06 tháng", "6 tháng một lần", "hằng năm", "quarterly", "every six months"
FREQUENCY = re.compile(
    # a period, not a bare "định kỳ" / "periodically", which says nothing of how often
    rf"\b(?:hàng|hằng|mỗi)\s+(?:ngày|tuần|tháng|quý|năm)\b|\bđịnh kỳ\s+{NUM}\s*(?:ngày|tuần|tháng|quý|năm)\b"
    rf"|\b{NUM}\s*(?:ngày|tuần|tháng|quý|năm)\s*(?:một|1|/)\s*lần\b|\b{NUM}\s*lần\s*(?:/|một|mỗi|trong một)\s*\w+"
    r"|\b(?:daily|weekly|monthly|quarterly|annually|yearly|biannually|semi-annually)\b"
    rf"|\b(?:every|each)\s+(?:{NUM}\s+)?(?:days?|weeks?|months?|quarters?|years?)\b"
    rf"|\b(?:once|twice|{NUM}\s+times)\s+(?:a|per|each|every)\s+(?:day|week|month|quarter|year)\b",
    re.I,
)
# A street address: a house number and a capitalised street, then a district or city ("số 44 Yết Kiêu, Hoàn
# Kiếm, Hà Nội", "44 Yet Kieu Street, Hanoi")
_CAPITALISED = r"[A-ZĐ][^\W\d_]*(?:\s+[A-ZĐ][^\W\d_]*){0,3}"
ADDRESS = re.compile(
    # "số 44 Yết Kiêu, …", "Số 507, đường Nguyễn Chí Thanh", "44 Yết Kiêu, Hoàn Kiếm"
    rf"\b(?:[Ss]ố|No\.?)\s*\d{{1,4}}[A-Z]?(?:/\d{{1,4}})?\s*,?\s*(?:(?:đường|phố|Đường|Phố)\s+)?{_CAPITALISED}"
    rf"|\b\d{{1,4}}[A-Z]?(?:/\d{{1,4}})?\s+(?:(?:đường|phố)\s+)?{_CAPITALISED}"
    r"(?:\s+(?:Street|St\.?|Road|Avenue))?\s*,\s*[A-ZĐ]"
    # "đường Nguyễn Chí Thanh, phường Rạch Sỏi", "Yet Kieu Street"
    rf"|\b(?:đường|phố)\s+{_CAPITALISED}\s*,\s*(?:phường|quận|xã|huyện|thị xã|thành phố|TP)\b"
    rf"|\b\d{{1,4}}\s+{_CAPITALISED}\s+(?:Street|Road|Avenue)\b"
)


_LIST_MARKER = re.compile(r"^\s*(?:[-+•*]|\(?[0-9IVXivx]+(?:\.[0-9]+)*[.)]|\(?[a-zđ]\))\s*")


@lru_cache(maxsize=16384)
def sentences(text: str) -> tuple[str, ...]:
    """Verbatim sentence-like spans of a section: lines, then sentence ends inside long lines (a bare
    list marker such as "2." is no sentence)."""
    return tuple(
        s.strip() for s in _SENTENCE_SPLIT.split(text) if s and s.strip() and _LIST_MARKER.sub("", s).strip()
    )


@lru_cache(maxsize=16384)
def clauses(text: str) -> tuple[str, ...]:
    """Sentences, and the clauses of long ones (split after ';' and ':'): the unit a value is quoted in."""
    out: list[str] = []
    for sent in sentences(text):
        out.append(sent)
        if len(sent) > 2 * CLAUSE_MIN_CHARS:
            parts = [p.strip() for p in _CLAUSE_SPLIT.split(sent) if len(p.strip()) >= CLAUSE_MIN_CHARS]
            if len(parts) > 1:
                out.extend(parts)
    return tuple(dict.fromkeys(out))


def _stripped_of_ids(sentence: str) -> str:
    """Numbers inside instrument identifiers (1957/QĐ-TTg), dates and list markers ("2.", "a)") are not
    quantities."""
    return DATE.sub(" ", INSTRUMENT_ID.sub(" ", _LIST_MARKER.sub(" ", sentence)))


def holds_value(
    answer_type: str,
    sentence: str,
    unit: str | None = None,
    given: tuple[str, ...] = (),
    counted: tuple[str, ...] = (),
) -> bool:
    """Whether a sentence holds the kind of value a question asks for; `given` are values the question
    itself states ("the 30/7 campaign"), which are not its answer; `counted` the noun a count must count
    (folded: "can bo", "shelter")."""
    for value in given:
        sentence = re.sub(re.escape(value), " ", sentence, flags=re.I)
    if answer_type == "percentage":
        return bool(PERCENT.search(sentence))
    if answer_type == "number":
        if unit is not None and unit in UNIT_PATTERNS:
            return bool(UNIT_PATTERNS[unit].search(sentence))
        rest = _stripped_of_ids(sentence)
        if counted:
            return counts(rest, counted)
        return bool(_NUMBER.search(rest) or NUMBER_WORDS.search(rest))
    if answer_type == "frequency":
        return bool(FREQUENCY.search(sentence))
    if answer_type in ("date", "document_fact"):
        return bool(DATE.search(sentence))
    if answer_type == "contact":
        kinds = {"phone": PHONE, "email": EMAIL, "address": ADDRESS}
        wanted = [kinds[unit]] if unit in kinds else list(kinds.values())
        return any(p.search(sentence) for p in wanted)
    if answer_type == "person":
        return bool(person_names(sentence))
    if answer_type == "instrument_id":
        return bool(INSTRUMENT_ID.search(sentence) or INSTRUMENT_TITLE.search(sentence))
    return True


def value_fit(answer_type: str, text: str, unit: str | None = None) -> float:
    """1.0 when a section or sentence holds the asked-for value, else 0.0 (types without a value: 0)."""
    if answer_type not in ("percentage", "number", "date", "contact", "instrument_id", "frequency", "person"):
        return 0.0
    return 1.0 if holds_value(answer_type, text, unit) else 0.0


@cache
def _folded_number() -> re.Pattern[str]:
    return re.compile(rf"\b{fold(NUM)}(?:\s+(?:or more|tro len))?\s+", re.I)


def counts(sentence: str, nouns: tuple[str, ...]) -> bool:
    """A number attached to one of the counted nouns ("100 cán bộ", "three or more persons", "02 cơ sở
    bảo trợ"): the noun within two words after the number, compared folded (English plurals allowed)."""
    folded = fold(sentence)
    for m in _folded_number().finditer(folded):
        after = folded[m.end() : m.end() + 60]
        for noun in nouns:
            if re.match(rf"(?:\S+\s+){{0,2}}?{re.escape(noun)}(?:e?s)?\b", after):
                return True
    return False


@cache
def _names() -> tuple[re.Pattern[str], frozenset[str], re.Pattern[str]]:
    from index.query import _load_yaml

    data = _load_yaml("person_names.yaml")
    surnames = "|".join(sorted((re.escape(s) for s in data["surnames"]), key=len, reverse=True))
    syllable = r"[A-ZĐÀ-Ỹ][^\W\d_]*"
    upper = "|".join(re.escape(s.upper()) for s in data["surnames"])
    pattern = re.compile(rf"(?<![^\W\d_])(?:{surnames}|{upper})(?:[ \t]+{syllable}){{2,3}}(?![^\W\d_])")
    before = "|".join(re.escape(w) for w in data["place_words_before"])
    place = re.compile(rf"(?:{before})\.?\s*$", re.I)
    return pattern, frozenset(data["not_names"]), place


def person_names(sentence: str) -> list[str]:
    """The Vietnamese personal names a sentence holds (a family name and two or three capitalised given
    names: "Lê Ngọc Tuấn", "Thượng tướng Lê Quý Vương"), not places ("Thành phố Hồ Chí Minh")."""
    pattern, not_names, place = _names()
    out = []
    for m in pattern.finditer(sentence):
        name = m.group(0)
        if name.title() in not_names or place.search(sentence[: m.start()]):
            continue
        out.append(name)
    return out
