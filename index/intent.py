"""Question analysis, in one place: the language, the type of answer asked for, the places, instruments,
years and legal references named, and the topic words. Computed once per question; every later step
(retrieval, ranking, answer composition) reads it and decides nothing about intent again.

Cue words live in `index/data/intents.yaml`, each list naming the class of question it serves."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from index.equivalents import Equivalents, Group
from index.evidence import DATE, INSTRUMENT_ID
from index.legal import Instrument, LegalRef, asked_term, legal_refs, names_an_act, subject_outside
from index.legal import named_instruments as legal_instruments
from index.places import default_gazetteer
from index.query import AccentRestorer, Glossary, find_places, referenced_numbers
from index.shorthand import Shorthand
from tip.domain import DocumentMeta
from tip.text import collapse_ws, fold, has_diacritics, nfc, tokens

AnswerType = Literal[
    "lead",  # who leads a task
    "coordinators",  # who coordinates with the lead
    "percentage",  # a rate or target in per cent
    "number",  # a count, amount, duration
    "date",  # a date, deadline, period
    "contact",  # a phone number, hotline, address
    "person",  # a person's name: the holder of a post, a document's signer
    "frequency",  # how often (hàng tháng, định kỳ 6 tháng, annually): not a duration
    "instrument_id",  # the identifier of a law / decision a document refers to
    "document_fact",  # this document's own number or date (from its header)
    "definition",  # what a term means
    "role",  # what an agency is tasked with
    "list",  # an enumeration
    "compare",  # the same question for several places
    "fact",  # anything else: the best supporting sentence
]
Lang = Literal["vi", "en", "vi-nodiac"]
# the unit of a quantity, or the kind of a contact detail
Unit = Literal["money", "percent", "people", "hours", "days", "months", "years", "phone", "email", "address"]

# The eval schema's kinds, for the answer's `kind` field.
EVAL_KIND: dict[str, str] = {
    "lead": "who_leads",
    "coordinators": "who_leads",
    "percentage": "number",
    "number": "number",
    "date": "date",
    "document_fact": "date",
    "contact": "fact",
    "person": "fact",
    "frequency": "fact",
    "instrument_id": "fact",
    "definition": "fact",
    "role": "fact",
    "list": "list",
    "compare": "compare",
    "fact": "fact",
}
# Answer types whose answer is one value of a recognisable shape: the sentence quoted must hold it.
VALUE_TYPES: frozenset[str] = frozenset(
    {"percentage", "number", "date", "contact", "instrument_id", "person", "frequency"}
)

_WORD = re.compile(r"[^\W\d_]+|\d+(?:[/.\-]\d+)*", re.UNICODE)
_YEAR = re.compile(r"(?<![\d/])((?:19|20)\d\d)(?![\d/])")
_YEAR_RANGE = re.compile(r"(?<![\d/])((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)(?![\d/])")


# -- cue data -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cues:
    """The cue lists of intents.yaml, folded and ready to match."""

    english_function_words: frozenset[str]
    order: tuple[str, ...]
    types: dict[str, dict[str, tuple[str, ...]]]
    fact_issued: tuple[str, ...]
    fact_when: tuple[str, ...]
    fact_effect: tuple[str, ...]
    fact_issuer: tuple[str, ...]
    fact_number: tuple[str, ...]
    fact_number_loose: tuple[str, ...]
    self_words: tuple[str, ...]
    relation_words: tuple[str, ...]
    implementation_words: tuple[str, ...]
    plan_after_instrument: tuple[str, ...]
    plan_before_instrument: tuple[str, ...]
    instrument_kinds: dict[str, tuple[str, ...]]
    national: tuple[str, ...]
    national_actors: tuple[str, ...]
    compare: tuple[str, ...]
    comparatives: tuple[str, ...]
    units: dict[str, tuple[str, ...]]
    question_words: tuple[str, ...]
    english_framing: tuple[str, ...]  # an English question's everyday framing (asker, light words)
    agency_kinds: dict[str, tuple[str, ...]]
    contact_kinds: dict[str, tuple[str, ...]]
    date_relations: dict[str, tuple[str, ...]]
    signer: tuple[str, ...]
    counted_markers: tuple[str, ...]
    counted_stops: dict[str, frozenset[str]]
    outline_counted: tuple[str, ...]
    party_plural: tuple[str, ...]
    party_parts: tuple[str, ...]
    role_leads_only: tuple[str, ...]
    oversight_words: tuple[str, ...]
    oversight_together: tuple[str, ...]
    oversight_declares: tuple[str, ...]
    stated_lead: tuple[str, ...]

    @classmethod
    @cache
    def load(cls) -> Cues:
        from index.query import _load_yaml

        data = _load_yaml("intents.yaml")
        kinds = {k: _phrases(v) for k, v in data["instrument_kinds"].items() if k != "serves"}
        types = {
            name: {key: _spec_phrases(key, value) for key, value in spec.items() if key != "serves"}
            for name, spec in data["answer_types"].items()
        }
        # "which decision", "quyết định nào": asking for an instrument's identifier, for every kind
        types["instrument_id"]["cues"] += tuple(
            p for words in kinds.values() for w in words for p in (f"{w} nao", f"which {w}", f"what {w}")
        )
        doc = data["document_fact"]
        return cls(
            english_function_words=frozenset(_phrases(data["language"]["english_function_words"])),
            order=tuple(data["order"]),
            types=types,
            fact_issued=_phrases(doc["issued"]),
            fact_when=_phrases(doc["when"]),
            fact_effect=_phrases(doc["effect"]),
            fact_issuer=_phrases(doc["issuer"]),
            fact_number=_phrases(doc["number"]),
            fact_number_loose=_phrases(doc["number_with_self_word"]),
            self_words=_phrases(doc["self_words"]),
            relation_words=_phrases(data["instrument_relation"]["words"]),
            implementation_words=_phrases(data["implementation_words"]["words"]),
            plan_after_instrument=_phrases(data["implementation_words"]["plan_after"]),
            plan_before_instrument=_phrases(data["implementation_words"]["plan_before"]),
            instrument_kinds=kinds,
            national=_phrases(data["national_scope"]["words"]),
            national_actors=_phrases(data["national_actors"]["words"]),
            compare=_phrases(data["compare"]["words"]),
            comparatives=_phrases(data["comparatives"]["words"]),
            units={k: _phrases(v) for k, v in data["units"].items() if k != "serves"},
            question_words=_phrases(data["question_words"]["words"]),
            english_framing=_phrases(
                [w for key, words in data["english_framing"].items() if key != "serves" for w in words]
            ),
            agency_kinds={k: _phrases(v) for k, v in data["agency_kinds"].items() if k != "serves"},
            contact_kinds={k: _phrases(v) for k, v in data["contact_kinds"].items() if k != "serves"},
            date_relations={k: _phrases(v) for k, v in data["date_relations"].items() if k != "serves"},
            signer=types["person"]["cues"],
            counted_markers=_phrases(data["counted_nouns"]["markers"]),
            outline_counted=_phrases(data["outline_counted"]["words"]),
            counted_stops={
                "vi": frozenset(nfc(str(w)).lower() for w in data["counted_nouns"]["stop_words_vi"]),
                "en": frozenset(_phrases(data["counted_nouns"]["stop_words_en"])),
            },
            party_plural=_phrases(data["agency_parties"]["plural"]),
            party_parts=_phrases(data["agency_parties"]["parts"]),
            role_leads_only=_phrases(data["role_leads_only"]["words"]),
            oversight_words=_phrases(data["plan_oversight"]["words"]),
            oversight_together=_spec_phrases("together", data["plan_oversight"]["together"]),
            oversight_declares=_phrases(data["plan_oversight"]["declares"]),
            stated_lead=_phrases(data["stated_lead"]["words"]),
        )


def _phrases(values: Sequence[Any]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(" ".join(tokens(fold(str(v)))) for v in values if str(v).strip()))


def _spec_phrases(key: str, values: Sequence[Any]) -> tuple[str, ...]:
    """A type's cue list; a `together` entry ("bao lâu + một lần") keeps its parts apart, joined by '|'."""
    if key != "together":
        return _phrases(values)
    return tuple("|".join(_phrases(str(v).split("+"))) for v in values)


def has_all_of_one(text: str, groups: Sequence[str]) -> bool:
    """Whether every part of one of the '|'-joined groups occurs in the text."""
    return any(all(f" {p} " in text for p in group.split("|")) for group in groups)


_STATED_PERCENT = re.compile(r"(?<=\d)\s*%")


def folded_text(question: str) -> str:
    """The question as matched by cues: folded tokens with a space on each side."""
    # "%" is a word here ("bao nhiêu % xã …" asks a per cent): written out, as the percentage cues are; a
    # per cent after a number is a value the question states ("năm nào đạt 90% cán bộ …"), which asks none
    text = _STATED_PERCENT.sub(" ", question).replace("-", " ").replace("%", " phần trăm ")
    return f" {' '.join(tokens(fold(text)))} "


def has_any(text: str, phrases: Sequence[str]) -> bool:
    return any(f" {p} " in text for p in phrases)


# -- language ----------------------------------------------------------------------------------
# A Vietnamese syllable, accents folded: optional initial, a vowel group, optional final. Most English
# words are not one ("who", "leads", "support"); unaccented Vietnamese words always are.
_VI_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(?:uye|uya|uyu|ieu|yeu|uoi|uou|oai|oay|uay|oeo|uoc|"
    r"[aeiouy]{1,2})"
    r"(?:ch|ng|nh|[cmnpt])?$"
)


def is_vietnamese_syllable(word: str) -> bool:
    return bool(_VI_SYLLABLE.match(fold(word)))


def detect_language(question: str) -> Lang:
    """'vi', 'vi-nodiac' or 'en', from the question's own words: never from the corpus vocabulary,
    which changes as documents (English ones too) are added."""
    words = [w for w in _WORD.findall(nfc(question)) if not w[0].isdigit()]
    if not words:
        return "vi"
    if has_diacritics(question):
        accented = sum(1 for w in words if has_diacritics(w))
        if accented / len(words) >= 0.25 or accented >= 3:
            return "vi"
    function = Cues.load().english_function_words
    lower = [fold(w) for w in words]
    english = sum(1 for w in lower if w in function)
    foreign = sum(
        1 for w, raw in zip(lower, words, strict=True) if not is_vietnamese_syllable(w) and not raw.isupper()
    )
    syllables = sum(1 for w in lower if is_vietnamese_syllable(w) and w not in function)
    if foreign / len(words) >= 0.34 or (english >= 2 and english + foreign >= syllables):
        return "en"
    return "vi-nodiac"


def accent_ratio(question: str) -> float:
    words = [w for w in _WORD.findall(question) if not w[0].isdigit()]
    return sum(1 for w in words if has_diacritics(w)) / len(words) if words else 0.0


def _needs_restoring(question: str, lang: str) -> bool:
    """Unaccented and half-accented Vietnamese; a fully accented question is left as typed."""
    return lang == "vi-nodiac" or (lang == "vi" and accent_ratio(question) < 0.45)


# -- instruments named ----------------------------------------------------------------------------
@dataclass(frozen=True)
class InstrumentRef:
    """A law, decision, decree, plan … the question names: by kind, number and/or year."""

    kind: str | None
    number: str | None  # leading digits of its number ("1957" for 1957/QĐ-TTg)
    year: int | None = None


def named_instruments(folded: str, question: str) -> list[InstrumentRef]:
    cues = Cues.load()
    refs: list[InstrumentRef] = []
    numbers = referenced_numbers(question)
    for number in numbers:
        kind = next(
            (
                k
                for k, words in cues.instrument_kinds.items()
                if any(re.search(rf" {re.escape(w)} (so )?{number}\b", folded) for w in words)
            ),
            None,
        )
        refs.append(InstrumentRef(kind, number))
    for kind, words in cues.instrument_kinds.items():
        for w in words:
            # "kế hoạch năm 2021", "luật … năm 2011" (up to six words of name between), "the 2021 plan"
            after = re.search(rf" {re.escape(w)}(?: \S+){{0,6}}? (?:nam )((?:19|20)\d\d)\b", folded)
            after = after or re.search(rf" {re.escape(w)} ((?:19|20)\d\d)\b", folded)
            before = re.search(rf"\b((?:19|20)\d\d) {re.escape(w)}\b", folded)
            m = after or before
            if m and not any(r.kind == kind for r in refs):
                refs.append(InstrumentRef(kind, None, int(m.group(1))))
    return refs


# -- the analysis -------------------------------------------------------------------------------
@dataclass
class QueryAnalysis:
    question: str
    lang: str
    answer_type: AnswerType
    restored: str  # the question with diacritics restored (vi-nodiac), else as typed
    concepts: list[list[str]] = field(default_factory=list)  # glossary concepts, each a list of alternatives
    framing: list[str] = field(default_factory=list)  # weak glossary terms: searched, not evidence
    residual: str = ""  # an English question's words that no glossary phrase covered (names, numbers)
    places: list[str] = field(default_factory=list)
    doc_numbers: list[str] = field(default_factory=list)
    instruments: list[InstrumentRef] = field(default_factory=list)
    years: list[int] = field(default_factory=list)  # year-like numbers named (2021, 2030; maybe a number)
    year_ranges: list[tuple[int, int]] = field(default_factory=list)  # periods named ("2016-2020")
    national: bool = False  # the question asks about the national level ("toàn quốc", "national plan")
    national_actors: bool = False  # it names the government or ministries (a hint, not a scope)
    document_fact: Literal["issued", "number", "issuer"] | None = (
        None  # a corpus document's own date/number/issuer
    )
    unit: Unit | None = None  # the unit a number question asks for
    compare: bool = False
    legal_refs: list[LegalRef] = field(default_factory=list)  # Điều / khoản / Article references
    legal_sections: list[str] = field(default_factory=list)  # the parts they resolve to (and their points)
    legal_problem: str | None = (
        None  # why references resolve nowhere (instrument_not_found, no_such_section …)
    )
    legal_doc: str | None = None  # the document a reference that resolves nowhere points into
    asked_term: str | None = None  # the term a definition question asks about
    named_texts: list[Instrument] = field(
        default_factory=list
    )  # laws, conventions … as index.legal reads them
    agency_kind: str | None = None  # the kind of agency a who-question wants ("Sở", "Bộ")
    date_relations: tuple[str, ...] = ()  # "trước", "kể từ" …: the Vietnamese word the asked date follows
    given_values: tuple[str, ...] = ()  # values the question itself states ("the 30/7 campaign"): not answers
    signer: bool = False  # a person question about who signed a document
    # the kind of the first instrument named ("who signed the PLAN implementing the convention")
    first_kind: str | None = None
    # the kind of instrument an identifier question asks for ("which DECISION does the plan implement")
    asked_kind: str | None = None
    # the noun a number question counts, folded, in both languages ("can bo", "staff"), and as typed
    counted: tuple[str, ...] = ()
    counted_text: str | None = None
    # the counted noun is one of a document's own parts ("mấy giai đoạn", "how many phases"): a heading's
    # numbered items answer it; a count of people or things ("bao nhiêu cán bộ") must be stated
    counts_parts: bool = False
    # the second ask of a two-part who-question ("… do cơ quan nào chủ trì và phải xong khi nào"): "date"
    also_asks: str | None = None
    # districts, towns, communes named: (as typed, folded name)
    local_units: tuple[tuple[str, str], ...] = ()
    # the country whose law, police or report is asked about ("luật Trung Quốc", "Thailand's Act")
    foreign_owner: str | None = None
    # the corpus documents the question names (by number, legal title or place; set once scope is known)
    named_docs: tuple[str, ...] = ()
    # a Vietnamese question's abbreviations and everyday words, each with the other forms of its group
    # ("UBND" → "Ủy ban nhân dân"): searched too, and counted as one concept in coverage
    equivalents: tuple[Group, ...] = ()
    # a who-question asking for every agency of a task and each one's share ("những cơ quan nào tham gia …")
    every_party: bool = False
    # a role question asking only for what the agency leads ("X chủ trì những việc gì")
    leads_only: bool = False
    # a who-leads question about the agency steering or monitoring the plan as a whole ("cơ quan đầu mối",
    # "who coordinates implementation"), not the lead of one task
    asks_oversight: bool = False
    # a question other than who-leads stating that an agency leads the task it asks about ("X chủ trì … làm gì")
    states_lead: bool = False

    @property
    def kind(self) -> str:
        """The eval schema's kind of this question (who_leads, number, date, list, compare, fact)."""
        return EVAL_KIND[self.answer_type]

    @property
    def expansion(self) -> list[str]:
        """The Vietnamese glossary terms of an English question, flattened."""
        return [term for group in self.concepts for term in group]

    @property
    def asked_text(self) -> str:
        """The restored question plus any glossary expansion: what coverage measures."""
        return " ".join([self.restored, *self.expansion, *self.framing])

    @property
    def search_text(self) -> str:
        """What lexical search sees: the asked text plus the other forms of its abbreviations and everyday
        words, so a section writing either form is found."""
        return " ".join([self.asked_text, *(form for group in self.equivalents for form in group[1:])])


AgencyFinder = Callable[[str], bool]  # does this text name an agency of the catalogue?


def analyse(
    question: str,
    restorer: AccentRestorer,
    glossary: Glossary,
    lang: str | None = None,
    names_agency: AgencyFinder | None = None,
) -> QueryAnalysis:
    question = collapse_ws(nfc(question))
    shorthand = Shorthand.load()
    lang = lang or detect_language(shorthand.without_shorthand(question))
    equivalents = Equivalents.load()
    # "kh pcmbn" is "kế hoạch phòng, chống mua bán người"; "the district PCs" is "People's Committees"
    question = shorthand.expand(question) if lang != "en" else equivalents.spell_out_english(question)
    placed = question if lang == "en" else default_gazetteer().canonical(question)
    restored = restorer.restore(placed) if _needs_restoring(question, lang) else placed
    concepts, framing, residual = glossary.expand(question) if lang == "en" else ([], [], question)
    concepts = [_with_variants(group, equivalents) for group in concepts]
    folded = folded_text(question)
    cues = Cues.load()
    doc_numbers = referenced_numbers(question)
    agency_named = (
        names_agency(" ".join([restored, *(t for g in concepts for t in g)])) if names_agency else False
    )
    answer_type = classify(folded, agency_named)
    places = find_places(question)
    if answer_type == "instrument_id" and len(places) > 1:
        answer_type = _value_between_sides(folded, agency_named)
    unit = (
        asked_unit(folded)
        if answer_type in ("number", "percentage")
        else contact_kind(folded)
        if answer_type == "contact"
        else None
    )
    noun = counted_noun(folded, lang, restored) if answer_type == "number" and unit is None else None
    counted = counted_forms(noun, lang, glossary)
    term = asked_term(question)
    if term is not None and answer_type in ("fact", "list", "definition"):
        answer_type = "definition"
    elif answer_type == "definition":
        answer_type = "fact"  # a definition cue with no bare term ("what is the deadline …")
    return QueryAnalysis(
        question=question,
        lang=lang,
        answer_type=answer_type,
        restored=restored,
        concepts=concepts,
        framing=framing,
        residual=residual,
        places=places,
        doc_numbers=doc_numbers,
        instruments=named_instruments(folded, question),
        years=[int(y) for y in _YEAR.findall(question)],
        year_ranges=[(int(a), int(b)) for a, b in _YEAR_RANGE.findall(question)],
        national=has_any(folded, cues.national),
        national_actors=has_any(folded, cues.national_actors),
        document_fact=document_fact(folded),
        unit=unit,
        compare=has_any(folded, cues.compare),
        legal_refs=legal_refs(question),
        named_texts=legal_instruments(question),
        asked_term=term,
        agency_kind=next((k for k, words in cues.agency_kinds.items() if has_any(folded, words)), None),
        given_values=given_values(question, answer_type),
        date_relations=tuple(k for k, words in cues.date_relations.items() if has_any(folded, words))
        if answer_type == "date"
        else (),
        signer=answer_type == "person" and has_any(folded, cues.signer),
        first_kind=first_named_kind(folded),
        asked_kind=asked_kind(folded) if answer_type == "instrument_id" else None,
        counted=counted,
        counted_text=_counted_text(noun, lang, question, restored) if noun else None,
        counts_parts=counts_parts(noun),
        also_asks=second_ask(answer_type, folded, agency_named),
        local_units=local_units(question),
        foreign_owner=foreign_owner(question),
        equivalents=tuple(equivalents.found(restored)) if lang != "en" else (),
        every_party=answer_type in ("lead", "list") and asks_every_party(folded),
        leads_only=answer_type == "role" and has_any(folded, cues.role_leads_only),
        asks_oversight=answer_type == "lead" and asks_plan_oversight(folded),
        states_lead=answer_type not in ("lead", "coordinators", "role") and has_any(folded, cues.stated_lead),
    )


def given_values(question: str, answer_type: AnswerType) -> tuple[str, ...]:
    """Values the question itself states, which are not its answer: its dates ("the 30/7 campaign"), and for
    a question asking an identifier the identifiers it names ("which decision does Plan 86/KH-UBND
    implement" is not answered by "Số: 86/KH-UBND")."""
    dates = [m.group(0) for m in DATE.finditer(question) if not _YEAR.fullmatch(m.group(0))]
    typed_id = re.compile(INSTRUMENT_ID.pattern, re.I)  # "112/kh-ubnd" typed in lower case is one too
    ids = [m.group(0) for m in typed_id.finditer(question)] if answer_type == "instrument_id" else []
    return tuple(dates + ids)


def _with_variants(group: list[str], equivalents: Equivalents) -> list[str]:
    """A glossary concept's Vietnamese alternatives plus their other forms ("Ủy ban nhân dân tỉnh" and
    "UBND tỉnh"): a section writing the abbreviation covers the concept as well."""
    return list(dict.fromkeys([*group, *(v for alt in group for v in equivalents.variants(alt))]))


def asks_plan_oversight(folded: str) -> bool:
    """The question asks for the plan's focal point or monitoring agency: a focal/standing role named, or a
    monitoring or coordinating verb with the plan or its implementation as object."""
    cues = Cues.load()
    return has_any(folded, cues.oversight_words) or has_all_of_one(folded, cues.oversight_together)


def declares_oversight_role(text: str) -> bool:
    """An assignment declaring its agency the plan's focal point or standing agency ("là cơ quan đầu mối",
    "Cơ quan thường trực")."""
    return has_any(folded_text(text), Cues.load().oversight_declares)


def asks_every_party(folded: str) -> bool:
    """'Những cơ quan nào tham gia hỗ trợ nạn nhân', 'which agencies take part in …, what does each do': a
    plural question word for agencies with taking part or each one's share."""
    cues = Cues.load()
    return has_any(folded, cues.party_plural) and has_any(folded, cues.party_parts)


@cache
def _local_unit_cues() -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    from index.query import _load_yaml

    data = _load_yaml("intents.yaml")["local_units"]
    typed = lambda key: tuple(nfc(str(w)).lower() for w in data[key])  # noqa: E731
    return typed("before"), typed("after"), frozenset(_phrases(data["not_names"]))


_NAME_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def local_units(question: str) -> tuple[tuple[str, str], ...]:
    """Districts, towns and communes the question names, as (the mention as typed, the name folded):
    "huyện Ngọc Hồi", "huyen ngoc hoi" (the two words after the marker), "Dak Ha district" (the capitalised
    words before it). Whether the corpus knows the name is for the evidence to say."""
    found: list[tuple[str, str]] = []
    for clause in _CLAUSE_BREAK.split(nfc(question)):  # a name never runs across a comma ("các huyện, TP")
        found += _local_units_in(clause)
    return tuple(dict.fromkeys(found))


_CLAUSE_BREAK = re.compile(r"[,;:.?!()\[\]]")


def _local_units_in(clause: str) -> list[tuple[str, str]]:
    before, after, not_names = _local_unit_cues()
    levels = _level_words()
    words = _NAME_WORD.findall(clause)
    lower = [w.lower() for w in words]
    found: list[tuple[str, str]] = []
    for i in range(len(words)):
        for marker in before:
            n = len(marker.split())
            if " ".join(lower[i : i + n]) != marker or (i and lower[i - 1] in levels):
                continue  # "cấp huyện", "các huyện": a level or a collective, no unit's name follows
            name = words[i + n : i + n + 2]
            if len(name) == 2 and not any(fold(w) in not_names for w in name):
                found.append((" ".join(words[i : i + n + 2]), fold(" ".join(name))))
        if lower[i] in after:
            name = _capitalised_before(words, i)
            if name:
                found.append((" ".join([*name, words[i]]), fold(" ".join(name))))
    return found


@cache
def _level_words() -> frozenset[str]:
    from index.query import _load_yaml

    return frozenset(nfc(str(w)).lower() for w in _load_yaml("intents.yaml")["local_units"]["level_before"])


@cache
def _foreign_cues() -> tuple[dict[str, str], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(each folded country form → its name, owned things, joining words, partner words), intents.yaml."""
    from index.query import _load_yaml

    data = _load_yaml("intents.yaml")["foreign_owners"]
    forms = {form: name for name, spelt in data["countries"].items() for form in _phrases(spelt)}
    return forms, _phrases(data["owned"]), _phrases(data["of_words"]), _phrases(data["partner_words"])


def foreign_owner(question: str) -> str | None:
    """The country whose law, police, courts or report the question asks about ("luật hình sự Trung Quốc",
    "Thailand's Act", "the criminal code of Laos", "Thai police"), or None. A country named as a partner
    ("hợp tác với Campuchia", "the Vietnam–China border") owns nothing here. Read on folded words, so in
    any language."""
    forms, owned, joins, partner = _foreign_cues()
    words = tokens(fold(question))
    text = f" {' '.join(words)} "
    if any(f" {w} " in text for w in partner):
        return None
    for form, name in sorted(forms.items(), key=lambda f: -len(f[0])):
        if f" {form} " not in text:
            continue
        at = text.index(f" {form} ")
        before = text[:at].split()[-8:]
        after = text[at + len(form) + 2 :].split()
        after = after[1:7] if after[:1] == ["s"] else after[:2]  # "Thailand's … Act", else "Thai courts"
        owner_before = any(" ".join(before[i:]) in owned for i in range(len(before)))  # "luật Trung Quốc"
        joined = bool(before) and before[-1] in joins and _owned_within(before[:-1], owned)  # "luật của Lào"
        if owner_before or joined or _owned_within(after, owned):  # "Thai police", "Cambodia's law"
            return name
    return None


def _owned_within(words: Sequence[str], owned: Sequence[str]) -> bool:
    text = f" {' '.join(words)} "
    return any(f" {o} " in text for o in owned)


def _capitalised_before(words: list[str], i: int) -> list[str]:
    """Up to three capitalised words right before words[i], not a question word ("What", "Which")."""
    name: list[str] = []
    j = i - 1
    while j >= 0 and len(name) < 3 and words[j][:1].isupper() and fold(words[j]) not in _english_openers():
        name.insert(0, words[j])
        j -= 1
    return name


@cache
def _english_openers() -> frozenset[str]:
    """Capitalised question words that start a sentence ("What", "Which"), never part of a name."""
    return frozenset(w for w in Cues.load().question_words if " " not in w)


def second_ask(answer_type: str, folded: str, agency_named: bool = False) -> str | None:
    """A who-question that also asks when ("sở nào chủ trì, trước thời hạn nào"): both are answered from
    the one assignment."""
    if answer_type not in ("lead", "coordinators"):
        return None
    cues = Cues.load()
    return "date" if _applies("date", cues.types["date"], folded, agency_named) else None


def first_named_kind(folded: str) -> str | None:
    """The kind of the instrument the question names first ("Kon Tum's plan for implementing the
    convention" → plan): what a question about one document is about."""
    found = [
        (m.start(), kind)
        for kind, words in Cues.load().instrument_kinds.items()
        for w in words
        for m in re.finditer(f" {re.escape(w)} ", folded)
    ]
    return min(found)[1] if found else None


def asked_kind(folded: str) -> str | None:
    """The kind of instrument an identifier question asks for ("which decision …", "… quyết định nào"):
    the answer is a sentence naming one of that kind, not any instrument the text rests on."""
    for kind, words in Cues.load().instrument_kinds.items():
        for w in words:
            if has_any(folded, (f"which {w}", f"what {w}", f"{w} nao", f"{w} so may")):
                return kind
    return None


def _counted_text(noun: str, lang: str, question: str, restored: str) -> str:
    """The counted noun for an answer to show: in English as typed, in Vietnamese its head (two
    syllables) with diacritics, from the restored question when typed without them."""
    if lang == "en":
        return as_typed(question, noun)
    return as_typed(restored, " ".join(noun.split()[:2]))


def as_typed(question: str, folded_phrase: str) -> str:
    """A folded phrase of the question, as the question typed it ("can bo" → "cán bộ")."""
    words = _WORD.findall(question)
    size = len(folded_phrase.split())
    for i in range(len(words) - size + 1):
        if " ".join(fold(w) for w in words[i : i + size]) == folded_phrase:
            return " ".join(words[i : i + size])
    return folded_phrase


def counted_noun(folded: str, lang: str = "vi", restored: str | None = None) -> str | None:
    """The noun phrase a number question counts ("bao nhiêu cán bộ chuyên trách" → "can bo", "how many
    shelters are" → "shelters"), folded: the words after the first count marker, up to a stop word (for
    Vietnamese read with diacritics, so that "có" ends the phrase and "cơ sở" does not)."""
    cues = Cues.load()
    english = lang == "en"
    words = folded.split() if english or restored is None else [nfc(w).lower() for w in tokens(restored)]
    text = f" {' '.join(fold(w) for w in words)} "
    found = [
        (m.start(), m.end()) for p in cues.counted_markers for m in re.finditer(f" {re.escape(p)} ", text)
    ]
    if not found:
        return None
    _, end = min(found)
    if any(text.startswith(f"{p} ", end) for p in cues.units["percent"]):
        return None  # "bao nhiêu % / phần trăm xã …" asks a share, it counts no noun
    start = len(text[:end].split())
    stops = cues.counted_stops["en" if english else "vi"]
    noun: list[str] = []
    for i in range(start, len(words)):
        following = " ".join(words[i:])
        if words[i].isdigit() or len(noun) == 3 or any(f"{following} ".startswith(f"{p} ") for p in stops):
            break
        noun.append(fold(words[i]))
    if not noun or any(f" {' '.join(noun)} " in f" {u} " for us in cues.units.values() for u in us):
        return None
    return " ".join(noun)


def counts_parts(noun: str | None) -> bool:
    """The counted noun (folded) starts with the name of a document's part ("nhom noi", "giai doan",
    "phases of the roadmap"): intents.yaml's outline_counted."""
    return noun is not None and any(f"{noun} ".startswith(f"{w} ") for w in Cues.load().outline_counted)


def counted_forms(noun: str | None, lang: str, glossary: Glossary) -> tuple[str, ...]:
    """How documents may write the counted noun: its Vietnamese head (the first two syllables) or English
    head (the last word, singular or plural), and the glossary's translations of it."""
    if not noun:
        return ()
    if lang == "en":
        groups = glossary.expand(noun)[0]
        forms = [*_english_heads(noun), *(_vi_head(alt) for group in groups for alt in group)]
    else:
        groups = glossary.translate_vietnamese(noun)[0]
        forms = [_vi_head(noun), *(h for group in groups for alt in group for h in _english_heads(alt))]
    return tuple(dict.fromkeys(f for f in forms if f))


def _vi_head(phrase: str) -> str:
    return " ".join(tokens(fold(phrase))[:2])


def _english_heads(phrase: str) -> list[str]:
    """Each word of an English noun phrase may be its head ("staff", "border posts"), in the singular
    (the count matcher allows the plural)."""
    out: list[str] = []
    for word in tokens(fold(phrase)):
        singular = re.sub(r"ies$", "y", word) if word.endswith("ies") else word.removesuffix("s")
        out.append(singular if len(singular) > 2 else word)
    return out


def framing_phrases(qa: QueryAnalysis) -> list[str]:
    """The phrases of the question that said what kind of answer it wants ("chủ trì", "who leads",
    "ở cấp quốc gia"): they chose the answer type or scope, so they are not its topic."""
    cues = Cues.load()
    spec = cues.types.get(qa.answer_type, {})
    lists = [spec.get(k, ()) for k in ("cues", "role_words", "agency_words")]
    # "how many people", "bao nhiêu ngày": the asked unit with its question word ("kinh phí bao nhiêu" names a
    # topic, so amounts of money keep theirs)
    if qa.unit in cues.units and qa.unit != "money":
        asks = spec.get("cues", ())
        lists.append(tuple(u for u in cues.units[qa.unit] if any(f" {a} " in f" {u} " for a in asks)))
    folded_q = folded_text(qa.question)
    adjacent = [  # a task verb is framing only right after the question word ("ai hỗ trợ"), else topic
        f"{a} {r}"
        for a in spec.get("agency_words", ())
        for r in spec.get("adjacent_role_words", ())
        if f" {a} {r} " in folded_q
    ]
    lists.append(tuple(adjacent))
    if qa.answer_type == "instrument_id" or qa.document_fact:
        lists.append(cues.relation_words)  # "which decision does it implement": the relation is asked
    folded = folded_text(qa.question)
    editions = [f"nam {r.year}" for r in qa.instruments if r.year] + [
        str(r.year) for r in qa.instruments if r.year
    ]
    found = [p for phrases in (*lists, cues.national) for p in phrases if f" {p} " in folded]
    return found + [e for e in editions if f" {e} " in folded]  # "kế hoạch năm 2021" names the edition


def _value_between_sides(folded: str, agency_named: bool) -> AnswerType:
    """A question naming two places that says "which plan" or "what resolution" while it asks for a rate,
    number or date ("which plan sets the higher rate, Hà Tĩnh's or Kiên Giang's?", "what resolution rate
    does Hà Tĩnh target, versus Kiên Giang?") picks between the sides by that value: it asks for the value
    in each, not for an instrument's identifier. With no value asked it stays an instrument question."""
    cues = Cues.load()
    for name in ("percentage", "frequency", "number", "date"):
        if _applies(name, cues.types[name], folded, agency_named):
            return name  # type: ignore[return-value]
    return "instrument_id"


def classify(folded: str, agency_named: bool = False) -> AnswerType:
    """The first answer type (in the data file's order) whose cues the question carries."""
    cues = Cues.load()
    for name in cues.order:
        spec = cues.types[name]
        if _applies(name, spec, folded, agency_named):
            return name  # type: ignore[return-value]
    return "fact"


def _applies(name: str, spec: dict[str, tuple[str, ...]], folded: str, agency_named: bool) -> bool:
    if spec.get("not_with") and has_any(folded, spec["not_with"]):
        return False
    if spec.get("requires_any") and not has_any(folded, spec["requires_any"]):
        return False
    if name == "role" and not agency_named:
        return False  # "what does X do" needs an X from the agency catalogue
    if spec.get("cues") and has_any(folded, spec["cues"]):
        return True
    if spec.get("content_cues") and has_any(folded, spec["content_cues"]):
        return True
    if spec.get("together") and has_all_of_one(folded, spec["together"]):
        return True
    if spec.get("question_word_cues") and _asks_with_question_word(folded, spec):
        return True
    if spec.get("frame_markers") and _asks_for_a_set(folded, spec):
        return True
    if spec.get("en_frame_askers") and _asks_for_a_set_in_english(folded, spec):
        return True
    if spec.get("post_words") and has_any(folded, spec["post_words"]):
        return has_any(folded, spec.get("person_words", ()))
    modified = _modified_agency_nouns(folded, spec.get("agency_heads", ()))
    agency_words = (*spec.get("agency_words", ()), *modified)
    if not agency_words or not has_any(folded, agency_words):
        return False
    nouns = (*spec.get("agency_nouns", ()), *modified)
    markers = (
        spec.get("object_markers", ()),
        spec.get("object_auxiliaries", ()),
        spec.get("subject_after", ()),
    )
    if _asks_for_an_agency_subject(folded, nouns, *markers):
        return True
    if has_any(folded, spec.get("role_words", ())):
        return True
    adjacent = spec.get("adjacent_role_words", ())
    return any(f" {a} {r} " in folded for a in agency_words for r in adjacent)


def _asks_for_a_set(folded: str, spec: dict[str, tuple[str, ...]]) -> bool:
    """'những hình thức nào', 'các chế độ hỗ trợ gì': a plural marker, a short noun and a question word ask
    for a set of items; a set of agencies ('những lực lượng nào') is an agency question and a set of days
    ('những ngày nào') a time, not a list."""
    markers = "|".join(re.escape(m) for m in spec["frame_markers"])
    askers = "|".join(re.escape(a) for a in spec["frame_askers"])
    span = int(spec.get("frame_span", ("3",))[0])
    heads = (*Cues.load().types["lead"].get("agency_heads", ()), *spec.get("frame_stop_nouns", ()))
    for m in re.finditer(rf" (?:{markers})((?: \w+){{1,{span}}}) (?:{askers})(?= )", folded):
        noun = f"{m.group(1)} "
        if not any(noun.startswith(f" {h} ") for h in heads):
            return True
    return False


def _asks_for_a_set_in_english(folded: str, spec: dict[str, tuple[str, ...]]) -> bool:
    """'what requirements does the plan lay down', 'give me the concrete aims': English has no plural marker
    like 'những', so a plural noun right after the question word (before its auxiliary) asks for a set; a
    compound ('which root causes', 'which hotline numbers') is left to the other cues."""
    span = int(spec.get("frame_span", ("3",))[0])
    askers = "|".join(re.escape(a) for a in spec["en_frame_askers"])
    auxiliaries = "|".join(re.escape(a) for a in spec["en_frame_auxiliaries"])
    requests = "|".join(re.escape(r) for r in spec.get("en_frame_requests", ()))
    asked = re.finditer(rf" (?:{askers})((?: \w+){{1,{span}}}?) (?:{auxiliaries})(?= )", folded)
    phrases = [m.group(1).split()[:1] for m in asked]
    if requests:
        phrases += [m.group(1).split() for m in re.finditer(rf" (?:{requests})((?: \w+){{1,3}})", folded)]
    return any(_names_a_plural_noun(words, spec) for words in phrases)


def _names_a_plural_noun(words: list[str], spec: dict[str, tuple[str, ...]]) -> bool:
    """A noun phrase holding an English plural ('concrete aims') and no verb or time word that looks like one."""
    stops = {*spec.get("en_frame_not_nouns", ()), *Cues.load().types["lead"].get("agency_heads", ())}
    if any(w in stops for w in words):
        return False
    return any(len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")) for w in words)


def _modified_agency_nouns(folded: str, heads: Sequence[str]) -> list[str]:
    """'which provincial department', 'what city agency', 'cơ quan cấp tỉnh nào': the phrase as typed."""
    if not heads:
        return []
    alternation = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
    english = re.finditer(rf" ((?:which|what)((?: \w+){{0,2}}) (?:{alternation}))(?= )", folded)
    vietnamese = re.finditer(rf" ((?:{alternation})((?: \w+){{0,2}}) nao)(?= )", folded)
    function = Cues.load().english_function_words
    return [
        m.group(1)
        for m in (*english, *vietnamese)
        if not any(w in function or w == "nao" for w in m.group(2).split())  # modifiers, not "is the"
    ]


def _asks_for_an_agency_subject(
    folded: str,
    nouns: Sequence[str],
    object_markers: Sequence[str],
    auxiliaries: Sequence[str] = (),
    subject_after: Sequence[str] = (),
) -> bool:
    """ "Sở nào lo …", "which department takes care of …": an agency noun with a question word, followed by
    more words, not the object of a preposition nor of an auxiliary ("which bodies does the plan name"),
    unless the auxiliary starts the noun's own duty ("which ministry has to build …")."""
    for noun in nouns:
        for m in re.finditer(rf" {re.escape(noun)} (?=\S)", folded):
            before = folded[: m.start()].split()
            rest = folded[m.end() - 1 :]
            after = rest.split()[:1]
            if any(" ".join(before[-len(p.split()) :]) == p for p in object_markers):
                continue
            duty = not noun.endswith("s") and any(rest.startswith(f" {p} ") for p in subject_after)
            if after and after[0] in auxiliaries and not duty:
                continue
            return True
    return False


def _asks_with_question_word(folded: str, spec: dict[str, tuple[str, ...]]) -> bool:
    """ "When was it signed?", "tell me when …", "… issued when?": a question word that asks only as the
    first or last word, before an auxiliary or after a verb of asking; elsewhere it is a conjunction
    ("… when organising events", "When receiving victims, must …?")."""
    for word in spec["question_word_cues"]:
        for m in re.finditer(rf" {re.escape(word)} ", folded):
            before = folded[: m.start()].split()
            after = folded[m.end() :].split()[:1]
            if not before and after and after[0].endswith("ing"):  # "When helping victims, do states …?"
                continue
            if not before or not after or after[0] in spec.get("question_word_after", ()):
                return True
            if any(" ".join(before[-len(p.split()) :]) == p for p in spec.get("question_word_before", ())):
                return True
    return False


def document_fact(folded: str) -> Literal["issued", "number", "issuer"] | None:
    """'issued', 'number' or 'issuer' when the question asks when a document was issued, its number, or
    which body issued it. Whether that document is in the corpus (or only referred to) is decided against
    the documents (is_own_fact)."""
    cues = Cues.load()
    if has_any(folded, cues.fact_issuer) and not has_any(folded, cues.fact_when):
        return "issuer"
    if has_any(folded, cues.fact_issued) and has_any(folded, cues.fact_when):
        return None if has_any(folded, cues.fact_effect) else "issued"
    if has_any(folded, cues.types["percentage"]["cues"]) or has_any(folded, cues.types["contact"]["cues"]):
        return None
    if has_any(folded, cues.fact_number) or _near(folded, cues.self_words, cues.fact_number_loose):
        return "number"
    return None


def _near(folded: str, firsts: Sequence[str], seconds: Sequence[str], gap: int = 4) -> bool:
    """A phrase of `firsts` followed, at most `gap` words later, by one of `seconds`, or the other way round
    ("kế hoạch này số mấy", "the number of this plan"); "kế hoạch … duy trì đường dây nóng … số mấy" asks
    the hotline's number, not the plan's."""
    a = "|".join(re.escape(x) for x in firsts)
    b = "|".join(re.escape(x) for x in seconds)
    words = rf"(?: \S+){{0,{gap}}}"
    return bool(re.search(rf" (?:{a}){words} (?:{b}) | (?:{b}){words} (?:{a}) ", folded))


def asks_about_referenced_instrument(qa: QueryAnalysis, metas: Sequence[DocumentMeta]) -> bool:
    """The question names an instrument that is not a corpus document ("the decision approving the
    programme", "Decree 62"), or relates one to another: its date/number is read from the text citing it."""
    folded = folded_text(qa.question)
    own = {m.number.split("/")[0] for m in metas if m.number}
    if any(r.number and r.number not in own for r in qa.instruments) or subject_outside(qa.question, metas):
        return True
    if any(r.number and r.number in own for r in qa.instruments):
        return False
    cues = Cues.load()
    non_plan_kind = any(
        has_any(folded, words) for kind, words in cues.instrument_kinds.items() if kind not in ("plan",)
    )
    return non_plan_kind and (has_any(folded, cues.relation_words) or names_an_act(qa.question))


def contact_kind(folded: str) -> Unit | None:
    """ "phone", "email" or "address" when a contact question names one kind; None for any contact."""
    for kind, phrases in Cues.load().contact_kinds.items():
        if has_any(folded, phrases):
            return kind  # type: ignore[return-value]
    return None


def asked_unit(folded: str) -> Unit | None:
    for unit, phrases in Cues.load().units.items():
        if has_any(folded, phrases):
            return unit  # type: ignore[return-value]
    return None
