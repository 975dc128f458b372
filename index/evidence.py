"""Evidence at sentence and clause level: a section split into verbatim sentences, and what kind of value
each one holds (a number, a per cent, a date, a phone number, an instrument's identifier). A question that
asks for a value is answered by the best sentence that holds one, or not at all."""

from __future__ import annotations

import re
from functools import lru_cache

_SENTENCE_SPLIT = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ“\"(-])|\n+")
_CLAUSE_SPLIT = re.compile(r"(?<=[;:])\s+")
CLAUSE_MIN_CHARS = 40

PERCENT = re.compile(r"\d+(?:[.,]\d+)?\s*%|\d+\s*(?:phần trăm|percent|per cent)\b", re.I)
DATE = re.compile(
    r"\bngày\s+\d{1,2}\s*(?:tháng|/)\s*\d{1,2}(?:\s*(?:năm|/)\s*\d{4})?"
    r"|\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{1,2}/\d{1,2}\b(?!/)"
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
    r"|(?:đường dây nóng|hotline|tổng đài|số điện thoại)[^\d]{0,40}\b\d{3,}\b"
    r"|[\w.+-]+@[\w-]+\.[\w.]+",
    re.I,
)
INSTRUMENT_ID = re.compile(
    r"\b\d{1,5}\s*/\s*(?:\d{4}\s*/\s*)?[A-ZĐ][A-ZĐa-zđ0-9]*(?:\s*-\s*[A-ZĐ][A-ZĐa-zđ0-9]*)*"
)
NUMBER_WORDS = re.compile(
    r"\b(?:hai|ba|bốn|sáu|bảy|tám|chín|mười|mươi|trăm|nghìn|ngàn|triệu|tỷ|two|three|four|five|"
    r"six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
    r"nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion)\b",
    re.I,
)
_NUMBER = re.compile(r"\d+")
UNIT_PATTERNS = {
    "money": re.compile(
        r"\d[\d.,]*\s*(?:tỷ|triệu|nghìn|ngàn)?\s*(?:đồng|VNĐ|VND|USD|dollars?)\b|(?:VND|USD|\$)\s*\d", re.I
    ),
    "percent": PERCENT,
    "people": re.compile(
        r"\d[\d.,]*\s*(?:người|nạn nhân|đối tượng|trẻ em|phụ nữ|persons?|people|victims?)\b", re.I
    ),
    # a duration: hours, days, months or years (how long / bao lâu asks for any of them)
    "hours": re.compile(
        r"\d+\s*(?:giờ|tiếng|hours?|ngày làm việc|ngày|days?|tháng|months?|năm|years?)\b", re.I
    ),
    "days": re.compile(r"\d+\s*(?:ngày làm việc|ngày|days?|working days)\b", re.I),
    "months": re.compile(r"(?<!ngày )\b\d+\s*(?:tháng|months?)\b", re.I),
    "years": re.compile(r"\b\d+\s*(?:năm|years?)\b(?!\s*\d)", re.I),
}


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
    answer_type: str, sentence: str, unit: str | None = None, given: tuple[str, ...] = ()
) -> bool:
    """Whether a sentence holds the kind of value a question asks for; `given` are values the question
    itself states ("the 30/7 campaign"), which are not its answer."""
    for value in given:
        sentence = sentence.replace(value, " ")
    if answer_type == "percentage":
        return bool(PERCENT.search(sentence))
    if answer_type == "number":
        if unit is not None and unit in UNIT_PATTERNS:
            return bool(UNIT_PATTERNS[unit].search(sentence))
        rest = _stripped_of_ids(sentence)
        return bool(_NUMBER.search(rest) or NUMBER_WORDS.search(rest))
    if answer_type in ("date", "document_fact"):
        return bool(DATE.search(sentence))
    if answer_type == "contact":
        return bool(PHONE.search(sentence))
    if answer_type == "instrument_id":
        return bool(INSTRUMENT_ID.search(sentence))
    return True


def value_fit(answer_type: str, text: str, unit: str | None = None) -> float:
    """1.0 when a section or sentence holds the asked-for value, else 0.0 (types without a value: 0)."""
    if answer_type not in ("percentage", "number", "date", "contact", "instrument_id"):
        return 0.0
    return 1.0 if holds_value(answer_type, text, unit) else 0.0
