"""Legal texts: references (Điều / khoản / điểm / Chương / Mục, Article / paragraph / Chapter) read from a
question and resolved to the stable section ids ingest gives laws and conventions, the document a reference
points into, definitions articles and the clause that defines a term, and list lead-ins brought back with
their points.

Pure functions over questions, `Section`s and `DocumentMeta`s: the engine decides when to call them. Cue words
live in index/data/legal_cues.yaml (each list names the class of question it serves); it is read once and
compiled into regexes. Questions are matched on an accent-folded copy that keeps every character's position
("Điều" and "dieu" alike), so spans map back to the question as typed (and "điểm đ" keeps its đ).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Literal

import yaml

from index.query import Glossary
from ingest.structure import roman_to_int
from tip.domain import DocType, Document, DocumentMeta, Section
from tip.text import collapse_ws, fold, nfc

RefStyle = Literal["vi", "en"]
InstrumentKind = str  # a key of instrument_kinds in legal_cues.yaml: "law", "decree", "convention" …
LEVELS = ("chapter", "section", "article", "clause", "point")  # top down

# Documents whose sections are Điều / Article: where a reference naming no instrument points (the order
# of precedence among them is in legal_cues.yaml).
LEGAL_DOC_TYPES: frozenset[DocType] = frozenset({"law", "decree", "circular", "convention"})


@dataclass(frozen=True)
class Instrument:
    """A legal instrument a question names: "Luật Phòng, chống mua bán người", "Nghị định 62", "ACTIP"."""

    kind: InstrumentKind | None
    text: str  # as typed
    number: str | None = None  # "62", "62/2012/NĐ-CP"
    name: str | None = None  # title words as typed: "Phòng, chống mua bán người"
    year: int | None = None
    acronym: str | None = None  # "ACTIP"
    this: bool = False  # "Luật này", "this Convention": the document in view

    @property
    def specific(self) -> bool:
        """Names one instrument (by number, title, year or acronym), not just a kind ("the law")."""
        return bool(self.number or self.name or self.year or self.acronym)


@dataclass(frozen=True)
class LegalRef:
    """One reference to a part of a law or convention; levels the question does not give are None."""

    text: str  # the reference as typed: "điểm a khoản 1 Điều 5", "Art. 14(2)"
    style: RefStyle  # the words used: Vietnamese (Điều → D5) or English (Article → Art5)
    chapter: int | None = None
    section: int | None = None  # Mục
    article: str | None = None  # "5", "5a"
    clause: str | None = None  # khoản / paragraph
    point: str | None = None  # điểm: "a", "đ"
    instrument: Instrument | None = None
    start: int = 0  # where `text` is in the question (in its NFC form, as the engine normalises it)
    end: int = 0


@dataclass(frozen=True)
class Definition:
    """The clause or point of a definitions article that defines a term."""

    section_id: str
    term: str  # the term as the text writes it
    sentence: str  # the defining line: "2. Nạn nhân là người …"
    text: str  # the whole defining clause, with its points when it is a list lead-in
    exact: bool = True  # the text defines exactly the term asked, not a longer one that holds it


Problem = Literal["instrument_not_found", "no_legal_document", "ambiguous_document", "no_such_section"]


@dataclass(frozen=True)
class Located:
    """Where a reference in a question points: a section, or the reason it points nowhere (an abstention
    says which: the instrument is not in the corpus, several documents fit, the part does not exist)."""

    ref: LegalRef
    doc_id: str | None
    section_id: str | None
    problem: Problem | None = None


# -- cue data, loaded once --------------------------------------------------------------------------------
def _read_cues() -> dict[str, Any]:
    return parse_cues(
        resources.files("index").joinpath("data", "legal_cues.yaml").read_text(encoding="utf-8")
    )


def parse_cues(text: str) -> dict[str, Any]:
    """The cue file, checked: every entry says which class of question it serves (`serves:`), and every
    cue is text (an unquoted `on` or `no` would load as a boolean). A bad edit names the entry at fault."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError("legal_cues.yaml: expected a mapping of cue lists")
    for key, entry in data.items():
        if not isinstance(entry, dict) or not str(entry.get("serves") or "").strip():
            raise ValueError(f"legal_cues.yaml entry {key!r}: must say which class of question it serves")
        for name, value in entry.items():
            for cue in _cue_values(value):
                if not isinstance(cue, str) or not cue.strip():
                    raise ValueError(
                        f"legal_cues.yaml entry {key!r}.{name}: {cue!r} is not a cue word (quote it)"
                    )
    return data


def _cue_values(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return [cue for v in value.values() for cue in _cue_values(v)]
    return []


def _alternation(phrases: Iterable[str]) -> str:
    """Folded phrases as one regex alternation, longest first, spaces matching any run of spaces."""
    folded = sorted({fold(p).strip() for p in phrases if p.strip()}, key=lambda p: (-len(p), p))
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in folded)


def _typed_alternation(phrases: Iterable[str]) -> str:
    """Phrases as typed (accents kept, for text that is not folded), longest first."""
    return "|".join(re.escape(p) for p in sorted({p.strip() for p in phrases}, key=lambda p: (-len(p), p)))


def _words_re(phrases: Iterable[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w.])(?:{_alternation(phrases)})(?![\w])")


@dataclass(frozen=True)
class _Cues:
    component: re.Pattern[str]
    english_reference_words: frozenset[str]  # "article", "paragraph" …: a reference in English style
    glue: re.Pattern[str]
    join: re.Pattern[str]
    kind: re.Pattern[str]
    kind_of: dict[str, InstrumentKind]
    kind_doc_types: dict[InstrumentKind, frozenset[str]]
    kind_cues: dict[InstrumentKind, tuple[str, ...]]  # folded
    english_kinds: frozenset[str]
    kind_words: frozenset[str]  # every word of every kind cue, folded: "luat", "nghi", "convention" …
    acronym: re.Pattern[str]
    acronyms: dict[str, tuple[InstrumentKind, tuple[str, ...]]]
    self_after: re.Pattern[str]
    self_before: re.Pattern[str]
    not_after: re.Pattern[str]
    name_end: re.Pattern[str]
    title_glue: frozenset[str]
    title_openers: frozenset[str]  # glue words that may follow an English kind word ("Law on …")
    title_stop: frozenset[str]  # single folded words
    mark_words: frozenset[str]  # the words of instrument_marks, folded: "so", "no", "nam" …
    number: re.Pattern[str]  # a kind word's number: "số 62/2012/NĐ-CP", "No. 62"
    year: re.Pattern[str]  # a kind word's year: "năm 2024", "(2011)"
    year_alone: re.Pattern[str]
    modifier_end: re.Pattern[str]
    plain_qualifiers: re.Pattern[str]  # matches the text as typed (case-insensitive)
    strong_before: re.Pattern[str]
    strong_after: re.Pattern[str]
    weak_before: re.Pattern[str]
    weak_after: re.Pattern[str]
    term_end: re.Pattern[str]
    lead_filler: re.Pattern[str]
    tail_filler: re.Pattern[str]
    not_a_term: re.Pattern[str]
    hedge: re.Pattern[str]  # "actually", "thực sự": words a definition cue may carry inside it
    yes_no_before: re.Pattern[str]  # "considered", "có coi là": a case asked to fall under a term
    yes_no_opens: re.Pattern[str]
    yes_no_closes: re.Pattern[str]
    definition_heading: re.Pattern[str]
    copula: re.Pattern[str]
    list_kinds: frozenset[str]
    responsibility_heading: re.Pattern[str]  # matches a folded heading up to the party it names
    source_before: re.Pattern[str]  # "theo", "according to the": the instrument after it is the source
    source_says: re.Pattern[str]  # "… say", "… quy định": the instrument before it is the source
    side_connective: re.Pattern[str]  # "còn", "while": the word that leads to the other side of a compare
    links: re.Pattern[str]  # "thực hiện", "approving": one instrument related to another
    outside_kinds: frozenset[str]  # kinds a question may name as held by no corpus document
    unheld_abstain_kinds: frozenset[str]  # kinds whose content no plan answers for when none is held
    acts: re.Pattern[str]  # "phê chuẩn", "ratify": an act done to an instrument by another
    side_connective_start: re.Pattern[str]  # the same words where a side starts
    side_ellipsis: re.Pattern[str]  # "thì sao", "what about": a side asked only by pointing at the other's
    precedence: tuple[str, ...]  # legal doc_types, the one an unnamed reference means first
    plurals: dict[str, str]


@cache
def _cues() -> _Cues:
    data = _read_cues()
    words = data["reference_words"]
    kinds = {k: v for k, v in data["instrument_kinds"].items() if k != "serves"}
    shorthand = {k: v for k, v in data["instrument_kind_shorthand"].items() if k != "serves"}
    acronyms = data["instrument_acronyms"]
    definition = data["definition_cues"]
    fillers = data["definition_fillers"]
    marks = data["instrument_marks"]
    return _Cues(
        component=_component_re(words, data["reference_join"]["words"]),
        english_reference_words=frozenset(
            fold(w).rstrip(".") for level in LEVELS for w in words[level] if w.isascii()
        ),
        glue=_words_re(data["reference_glue"]["words"]),
        join=_words_re(data["reference_join"]["words"]),
        kind=re.compile(
            rf"(?<![\w/])(?P<kind>{_alternation(p for v in kinds.values() for p in v['words'])}"
            rf"|(?:{_alternation(p for v in shorthand.values() for p in v)})(?=\s*(?:so\s*)?\d))"
            r"(?![\w])(?!/|-\w)"  # not the "QĐ" inside "1957/QĐ-TTg"
        ),
        kind_of={fold(p): k for k, v in kinds.items() for p in v["words"]}
        | {fold(p): k for k, v in shorthand.items() for p in v},
        kind_doc_types={k: frozenset(v["doc_types"]) for k, v in kinds.items()},
        kind_cues={k: tuple(fold(p) for p in v["words"]) for k, v in kinds.items()},
        english_kinds=frozenset(p for v in kinds.values() for p in v["words"] if p.isascii()),
        kind_words=frozenset(w for v in kinds.values() for p in v["words"] for w in fold(p).split()),
        acronym=re.compile(rf"(?<![\w])(?:{_alternation(a for a in acronyms if a != 'serves')})(?![\w])"),
        acronyms={fold(a): (v["kind"], tuple(v["title"])) for a, v in acronyms.items() if a != "serves"},
        self_after=re.compile(rf"^\s*(?:{_alternation(data['instrument_self']['after'])})(?![\w])"),
        self_before=re.compile(rf"(?<![\w])(?:{_alternation(data['instrument_self']['before'])})\s*$"),
        not_after=re.compile(rf"(?<![\w])(?:{_alternation(data['instrument_not_after']['words'])})\s*$"),
        name_end=_words_re(data["instrument_name_end"]["words"]),
        title_glue=frozenset(fold(w) for w in data["instrument_title_glue"]["words"]),
        title_openers=frozenset(fold(w) for w in data["instrument_title_glue"]["openers"]),
        title_stop=frozenset(w for p in data["instrument_title_stop"]["words"] for w in fold(p).split()),
        mark_words=frozenset(
            w for p in [*marks["number"], *marks["year"]] for w in re.findall(r"\w+", fold(p))
        ),
        number=re.compile(
            rf"\s*(?:(?:{_alternation(marks['number'])})\s*)?(?P<num>\d{{1,4}}(?:/[\w.-]+)*)(?![\w])"
        ),
        year=re.compile(
            rf"\s*,?\s*(?:(?:{_alternation(marks['year'])})\s+|\(\s*)?(?P<year>(?:19|20)\d\d)(?![\w/])\)?"
        ),
        year_alone=re.compile(r"(?<![\w/])(?:19|20)\d\d(?![\w/])"),
        modifier_end=_words_re(data["instrument_modifier_end"]["words"]),
        plain_qualifiers=re.compile(
            rf"(?<![\w])(?:{_typed_alternation(data['instrument_plain_qualifiers']['words'])})(?![\w])", re.I
        ),
        strong_before=_words_re(definition["strong_before"]),
        strong_after=_words_re(definition["strong_after"]),
        weak_before=re.compile(rf"^\s*(?:{_alternation(definition['weak_before'])})(?![\w])"),
        weak_after=_words_re(definition["weak_after"]),
        term_end=_words_re(data["definition_term_end"]["words"]),
        lead_filler=re.compile(rf"\s*(?:{_alternation(fillers['lead'])})(?![\w])"),
        tail_filler=re.compile(rf"(?<![\w])(?:{_alternation(fillers['tail'])})\s*$"),
        not_a_term=_words_re(data["definition_not_a_term"]["words"]),
        hedge=_words_re(data["definition_hedges"]["words"]),
        yes_no_before=_words_re(data["definition_yes_no"]["before"]),
        yes_no_opens=re.compile(rf"^\W*(?:{_alternation(data['definition_yes_no']['opens'])})(?![\w])"),
        yes_no_closes=re.compile(rf"(?<![\w])(?:{_alternation(data['definition_yes_no']['closes'])})\W*$"),
        definition_heading=_words_re(data["definition_sections"]["headings"]),
        copula=_words_re(data["definition_copulas"]["words"]),
        list_kinds=frozenset(data["list_child_kinds"]["kinds"]),
        links=_words_re(data["instrument_links"]["words"]),
        outside_kinds=frozenset(data["instrument_referenced_kinds"]["kinds"]),
        unheld_abstain_kinds=frozenset(data["instrument_kinds_unheld_abstain"]["kinds"]),
        acts=_words_re(data["instrument_acts"]["words"]),
        side_connective=re.compile(
            rf"(?<![\w])(?:{_alternation(data['compare_connectives']['words'])})\s+"
            rf"(?:(?:{_alternation(data['instrument_source']['determiners'])})\s+)?$"
        ),
        side_connective_start=re.compile(
            rf"\s*(?:{_alternation(data['compare_connectives']['words'])})(?![\w])\s*"
        ),
        side_ellipsis=_words_re(data["side_ellipsis"]["words"]),
        source_before=re.compile(
            rf"(?<![\w])(?:{_alternation(data['instrument_source']['before'])})\s+"
            rf"(?:(?:{_alternation(data['instrument_source']['determiners'])})\s+)?$"
        ),
        source_says=re.compile(
            rf"^(?:\s+\S+){{0,6}}?\s+(?:{_alternation(data['instrument_source']['says_after'])})(?![\w])"
        ),
        responsibility_heading=re.compile(
            rf"^(?:(?:{_alternation(words['article'])})\s*\d+[a-z]?\s*[.:]?\s*)?"
            rf"(?:{_alternation(data['responsibility_headings']['words'])})\s+"
        ),
        precedence=tuple(data["legal_precedence"]["doc_types"]),
        plurals={fold(k): fold(v) for k, v in data["definition_plurals"]["words"].items()},
    )


def _component_re(words: Mapping[str, list[str]], join: Iterable[str]) -> re.Pattern[str]:
    """One alternation per level. A number after Article may carry its paragraph and point ("14(2)(a)",
    "14.2", "2 (a)"); article, clause and point numbers may be lists ("khoản 1, 2 và 3", "Articles 3 and 4",
    "điểm a và b")."""
    alt = {level: _alternation(words[level]) for level in LEVELS}
    sep = rf"(?:\s*,\s*(?:(?:{_alternation(join)})\s+)?|\s+(?:{_alternation(join)})\s+)"
    number = r"\d{1,3}[a-z]?(?![\w])"
    return re.compile(
        r"(?<![\w])(?:"
        rf"(?P<chapter>{alt['chapter']})\s*(?P<chapter_n>[ivxlc]{{1,6}}|\d{{1,3}})(?![\w])"
        rf"|(?P<section>{alt['section']})\s+(?P<section_n>\d{{1,2}})(?![\w])"
        rf"|(?P<article>{alt['article']})\s*(?P<article_n>{number}(?:{sep}{number})*)"
        r"(?:\.(?P<article_dot>\d{1,3})(?![\w.]))?"
        r"(?:\s?\((?P<article_par>\d{1,3})\))?"
        r"(?:\s?\((?P<article_pt>[a-z])\))?"
        rf"|(?P<clause>{alt['clause']})\s*(?P<clause_n>{number}(?:{sep}{number})*)"
        r"(?:\s?\((?P<clause_pt>[a-z])\))?"
        rf"|(?P<point>{alt['point']})\s*(?P<point_open>\()?(?P<point_n>[a-z](?(point_open)\)|(?![\w]))"
        rf"(?:{sep}\(?[a-z](?(point_open)\)|(?![\w])))*)"
        r")"
    )


# -- folding with positions kept ----------------------------------------------------------------------------
_QUOTES = str.maketrans({c: " " for c in '"“”«»‘`'} | {"’": "'"})


def _one_char_folds() -> dict[int, str]:
    """fold() of every Latin letter (Vietnamese included) that folds to one character."""
    codes = [*range(0x250), *range(0x1E00, 0x1F00)]
    return {cp: f for cp in codes if len(f := fold(chr(cp))) == 1 and f != chr(cp)}


_FOLD_TABLE = _one_char_folds()


def fold_aligned(text: str) -> str:
    """fold() that keeps positions: a span found in the folded text is the same span of the original."""
    return _fold_aligned(text).lower()


def _fold_aligned(text: str) -> str:
    """fold() character by character: the folded text is as long as the original, positions agree
    (characters outside the Latin letters are kept as they are)."""
    return text.translate(_FOLD_TABLE)


def _prepare(question: str) -> tuple[str, str]:
    """(the question in NFC with curly quotes blanked, its aligned folded and lower-cased copy)."""
    original = nfc(question).translate(_QUOTES)
    return original, _fold_aligned(original)


# -- references ----------------------------------------------------------------------------------------
@dataclass
class _Chain:
    parts: dict[str, str]
    start: int
    end: int
    style: RefStyle
    join_next: bool = False


def legal_refs(question: str) -> list[LegalRef]:
    """Every Điều/khoản/điểm/Chương/Mục or Article/paragraph/Chapter reference in a question, in order,
    each with the instrument it is in when the question names one."""
    cues = _cues()
    original, folded = _prepare(question)
    chains = _chains(original, folded, cues)
    _share_levels(chains)
    mentions = _instrument_mentions(original, folded, cues)
    refs = []
    for chain in chains:
        if not any(chain.parts.get(level) for level in LEVELS):
            continue
        instrument = _instrument_for(chain, mentions, folded, cues)
        for parts in _each_reference(chain.parts):
            refs.append(
                LegalRef(
                    text=original[chain.start : chain.end],
                    style=chain.style,
                    chapter=_chapter_number(parts.get("chapter")),
                    section=int(parts["section"]) if parts.get("section") else None,
                    article=parts.get("article"),
                    clause=parts.get("clause"),
                    point=parts.get("point"),
                    instrument=instrument,
                    start=chain.start,
                    end=chain.end,
                )
            )
    return refs


def _each_reference(parts: Mapping[str, str]) -> list[dict[str, str]]:
    """One reference per number of every list: "khoản 1, 2 Điều 5" is two references."""
    out: list[dict[str, str]] = [{}]
    for level in LEVELS:
        values = [v for v in parts.get(level, "").split(",") if v]
        if values:
            out = [{**ref, level: v} for ref in out for v in values]
    return out


def _chains(original: str, folded: str, cues: _Cues) -> list[_Chain]:
    """Group adjacent components ("điểm a" "khoản 1" "Điều 5") into one chain per reference."""
    chains: list[_Chain] = []
    for m in cues.component.finditer(folded):
        parts = _components(m, original)
        if not parts:
            continue
        style: RefStyle = "en" if _is_english(m, cues) else "vi"
        last = chains[-1] if chains else None
        gap = folded[last.end : m.start()] if last else ""
        if last and _is_glue(gap, cues) and not set(parts) & set(last.parts):
            last.parts.update(parts)
            last.end = m.end()
            if last.style == "vi" and style == "en" and "article" in parts:
                last.style = "en"
            continue
        if last and _is_join(gap, cues):
            last.join_next = True
        chains.append(_Chain(parts, m.start(), m.end(), style))
    return chains


def _components(m: re.Match[str], original: str) -> dict[str, str]:
    """The levels one matched component gives ("Art. 14(2)(a)" gives article, clause and point); a list
    of numbers or letters is kept comma-joined ("1,2,3") and split into one reference each later."""
    g = m.groupdict()
    if g["chapter"]:
        return {"chapter": g["chapter_n"]}
    if g["section"]:
        return {"section": g["section_n"]}
    if g["article"]:
        if fold(g["article"]) == "d." and original[m.start()].lower() != "đ":
            return {}  # "d.5" is not the abbreviation "Đ.5"
        parts = {"article": ",".join(_NUMBERS.findall(g["article_n"]))}
        clause = g["article_dot"] or g["article_par"]
        if clause:
            parts["clause"] = clause
        if g["article_pt"]:
            parts["point"] = _letters(original, m.start("article_pt"), m.end("article_pt"))
        return parts
    if g["clause"]:
        parts = {"clause": ",".join(_NUMBERS.findall(g["clause_n"]))}
        if g["clause_pt"]:
            parts["point"] = _letters(original, m.start("clause_pt"), m.end("clause_pt"))
        return parts
    return {"point": _letters(original, m.start("point_n"), m.end("point_n"))}


_NUMBERS = re.compile(r"\d{1,3}[a-z]?")
_LETTERS = re.compile(r"(?<![\w])[^\W\d_](?![\w])")


def _letters(original: str, start: int, end: int) -> str:
    """Point letters as typed (the folded copy turns "đ" into "d"), comma-joined."""
    return ",".join(ch.lower() for ch in _LETTERS.findall(original[start:end]))


def _is_english(m: re.Match[str], cues: _Cues) -> bool:
    word = next(m.group(level) for level in LEVELS if m.group(level))
    return fold(word).rstrip(".") in cues.english_reference_words


def _is_glue(gap: str, cues: _Cues) -> bool:
    return not cues.glue.sub(" ", gap.lower()).strip(" ,-–")


def _is_join(gap: str, cues: _Cues) -> bool:
    rest = gap.lower().strip(" ,")
    return bool(rest) and cues.join.fullmatch(rest) is not None


def _share_levels(chains: list[_Chain]) -> None:
    """A chain joined by "và"/"and" ("khoản 1 và khoản 2 Điều 5") takes the upper levels it lacks from its
    neighbour (the next one first, as Vietnamese and English both name the article last)."""
    for i, chain in enumerate(chains):
        neighbours = []
        if chain.join_next and i + 1 < len(chains):
            neighbours.append(chains[i + 1])
        if i > 0 and chains[i - 1].join_next:
            neighbours.append(chains[i - 1])
        for other in neighbours:
            top = min((LEVELS.index(level) for level in chain.parts), default=len(LEVELS))
            for level in LEVELS[:top]:
                if level in other.parts and level not in chain.parts:
                    chain.parts[level] = other.parts[level]


def _chapter_number(raw: str | None) -> int | None:
    if not raw:
        return None
    return int(raw) if raw.isdigit() else roman_to_int(raw) or None


# -- instruments -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Mention:
    instrument: Instrument
    start: int
    end: int


def named_instruments(question: str) -> list[Instrument]:
    """The instruments a question names ("Luật Phòng, chống mua bán người", "Nghị định 62", "ACTIP",
    "this Convention"), in order. A bare kind word ("the law") is kept, with `specific` False."""
    original, folded = _prepare(question)
    return [m.instrument for m in _instrument_mentions(original, folded, _cues())]


_WORD = re.compile(r"\S+")


def one_side(question: str, others: Sequence[Instrument]) -> str:
    """The question as asked of one of the documents it names side by side ("Quyết định 1957 giao ai chủ
    trì, còn kế hoạch Ngày toàn dân giao ai?"): each other document's mention and the rest of its clause
    are taken out, with the connective that led to it ("còn", "while")."""
    cues = _cues()
    original, folded = _prepare(question)
    cuts = []
    mentions = _instrument_mentions(original, folded, cues)
    for i, m in enumerate(mentions):
        if m.instrument not in others:
            continue
        stop = re.compile(r"[,;?!]|\.(?:\s|$)").search(folded, m.end)
        end = stop.end() if stop else len(folded)
        end = min([end, *(n.start for n in mentions[i + 1 :] if n.instrument not in others)])
        if _paired(folded, mentions[:i], m, others, cues):
            end = m.end  # "luật và công ước có cùng quy định …": what follows is asked of both
        lead = cues.side_connective.search(folded[: m.start])
        after = cues.side_connective_start.match(folded, end)
        cuts.append((lead.start() if lead else m.start, after.end() if after else end))
    kept, at = [], 0
    for start, end in sorted(cuts):
        kept.append(original[at:start])
        at = max(at, end)
    kept.append(original[at:])
    side = _without_framing_tail(collapse_ws(" ".join(kept)).strip(" ,;"))
    if not side or _elliptical(side, cues):  # "…, còn Công ước thì sao?": asked as the other side is
        return _without_mentions(original, [m for m in mentions if m.instrument in others], cues) or question
    return side


def _without_framing_tail(side: str) -> str:
    """A last clause left with framing words only ("…, and what" once "about the law" is cut) is dropped."""
    from index.intent import Cues  # intent reads this module: imported when first needed

    head, comma, tail = side.rpartition(",")
    asking = Cues.load()
    framing = asking.english_function_words | set(asking.question_words)
    words = re.findall(r"\w+", _fold_aligned(tail))
    return head.rstrip(" ,;") if comma and words and all(w in framing for w in words) else side


def _elliptical(side: str, cues: _Cues) -> bool:
    """A side's part of a question that is only its document's name and words pointing at the other
    side's question ("Công ước thì sao?", "what about the Convention?")."""
    from index.intent import Cues  # intent reads this module: imported when first needed

    original, folded = _prepare(side)
    if not cues.side_ellipsis.search(folded):
        return False
    for m in reversed(_instrument_mentions(original, folded, cues)):
        folded = folded[: m.start] + " " + folded[m.end :]
    rest = cues.side_ellipsis.sub(" ", cues.side_connective_start.sub(" ", folded))
    asking = Cues.load()
    framing = asking.english_function_words | set(asking.question_words)
    return all(word in framing for word in re.findall(r"\w+", rest))


def _without_mentions(original: str, mentions: Sequence[_Mention], cues: _Cues) -> str:
    """The question with only these documents' names (and the connective before each) left out."""
    folded = _fold_aligned(original)
    kept, at = [], 0
    for m in mentions:
        lead = cues.side_connective.search(folded[: m.start])
        start = lead.start() if lead and lead.start() >= at else m.start
        kept.append(original[at:start])
        at = m.end
    kept.append(original[at:])
    return collapse_ws(" ".join(kept)).strip(" ,;")


def _paired(
    folded: str, before: Sequence[_Mention], mention: _Mention, others: Sequence[Instrument], cues: _Cues
) -> bool:
    """The other document is named right after this side's, joined by a connective alone ("luật phòng,
    chống mua bán người và công ước ASEAN có cùng quy định …", "the law and the Convention both …"):
    the rest of the clause is the question asked of both, not the other's own part."""
    own = [n for n in before if n.instrument not in others]
    stop = re.compile(r"[,;?!]|\.(?:\s|$)").search(folded, mention.end)
    asked_after = re.search(r"\w", folded[mention.end : stop.start() if stop else len(folded)])
    if not own or not asked_after:
        return False
    lead = cues.side_connective.search(folded[: mention.start])
    start = lead.start() if lead and lead.start() >= own[-1].end else mention.start
    return not folded[own[-1].end : start].strip(" ,")


def sides_joined(question: str) -> bool:
    """An instrument after the first is led to by a connective of comparison ("…, còn kế hoạch …",
    "… and in Vietnam's law", "while the Convention …"): the question asks the same of each."""
    cues = _cues()
    original, folded = _prepare(question)
    mentions = _instrument_mentions(original, folded, cues)
    return any(cues.side_connective.search(folded[: m.start]) for m in mentions[1:])


def acted_on(question: str) -> list[Instrument]:
    """The instruments a question names as what another one acts on ("ratify the ASEAN convention",
    "phê chuẩn Công ước", "quy định chi tiết Luật …"): a date or number asked of that act is in the text
    citing it, not inside the instrument acted on."""
    cues = _cues()
    original, folded = _prepare(question)
    out = []
    for m in _instrument_mentions(original, folded, cues):
        before = " ".join(folded[: m.start].split()[-_LINK_REACH:])
        if cues.links.search(before):
            out.append(m.instrument)
    return out


_LINK_REACH = 4  # words before an instrument's mention a link word may stand in ("ratify the new ASEAN …")


def names_an_act(question: str) -> bool:
    """The question asks about an act done to an instrument (its ratification, accession)."""
    return bool(_cues().acts.search(_prepare(question)[1]))


def first_instrument(question: str) -> Instrument | None:
    """The first instrument a question names (a kind word with its number, name or year)."""
    return next((i for i in named_instruments(question) if i.kind and not i.this), None)


def mention_ends(phrase: str, text: str) -> list[int]:
    """Where each mention of a phrase ends in a text, case and accents aside ("luat dieu uoc quoc te" in
    "Căn cứ Luật Điều ước quốc tế ngày …")."""
    wanted = _fold_aligned(collapse_ws(nfc(phrase)).lower()).strip()
    if len(wanted) < 4:
        return []
    folded = _fold_aligned(nfc(text).lower())
    return [m.end() for m in re.finditer(re.escape(wanted).replace(r"\ ", r"\s+"), folded)]


def subject_outside(question: str, metas: Sequence[DocumentMeta]) -> bool:
    """The first instrument a question names is a law, decree, convention, agreement … that no document
    of the corpus is ("Luật Điều ước quốc tế mà Quyết định 1957 lấy làm căn cứ …", "Hiệp định giữa Việt Nam
    và Campuchia …"): what the question asks of it (its date, its number) is read from a text citing it.
    Plans and decisions, the corpus's own kinds, are left to the number and relation checks."""
    cues = _cues()
    first = first_instrument(question)
    if first is None or first.kind not in cues.outside_kinds:
        return False
    if first.specific:  # held only when its name is confirmed, not merely not ruled out (see _name_coverage)
        named_only = first.name and not (first.number or first.acronym)
        return not any(
            instrument_score(first, m) > 0 and (not named_only or _name_coverage(first, m)) for m in metas
        )
    return not any(m.doc_type in cues.kind_doc_types[first.kind] for m in metas)


def unheld_kind(named: Sequence[Instrument], metas: Sequence[DocumentMeta]) -> InstrumentKind | None:
    """The first law, code, decree or circular of `named` whose kind no corpus document is: its content
    ("what does the circular say about …") is in no document, whatever the plans citing it say."""
    cues = _cues()
    for instrument in named:
        kind = instrument.kind
        if kind in cues.unheld_abstain_kinds and not any(
            m.doc_type in cues.kind_doc_types[kind] for m in metas
        ):
            return kind
    return None


def kind_label(kind: InstrumentKind, lang: str) -> str:
    """The kind's own word in the question's language ("thông tư", "circular")."""
    words = _read_cues()["instrument_kinds"][kind]["words"]
    english = [w for w in words if w.isascii()]
    return english[0] if lang == "en" and english else words[0]


def links_instruments(question: str) -> bool:
    """The question relates one instrument to another ("the plan implementing Decision 1957", "the decision
    ratifying the Convention"), rather than asking about each."""
    return bool(_cues().links.search(_prepare(question)[1]))


def source_instruments(question: str) -> list[Instrument]:
    """The instruments a question names as where its answer is written ("theo Luật …", "according to the
    law", "under the Convention", "what does the circular say"): a who-question so asked is answered from
    that text, not from the plans that assign tasks."""
    cues = _cues()
    original, folded = _prepare(question)
    return [
        m.instrument
        for m in _instrument_mentions(original, folded, cues)
        if not m.instrument.this
        and (cues.source_before.search(folded[: m.start]) or cues.source_says.match(folded[m.end :]))
    ]


def _instrument_mentions(original: str, folded: str, cues: _Cues) -> list[_Mention]:
    acronyms = {m.start(): _acronym_mention(m, original, cues) for m in cues.acronym.finditer(folded)}
    mentions: list[_Mention] = []
    for m in cues.kind.finditer(folded):
        inside = any(a.start <= m.start() < a.end for a in acronyms.values())
        if inside or cues.not_after.search(folded[: m.start()]):
            continue
        rest = folded[m.end() :]
        gap = len(rest) - len(rest.lstrip())
        named = acronyms.get(m.end() + gap)
        if named is not None and gap:  # "Công ước ACTIP": the acronym names it, the kind word leads in
            acronyms[named.start] = _Mention(named.instrument, m.start(), named.end)
            continue
        mentions.append(_kind_mention(m, original, folded, cues))
    return sorted([*mentions, *acronyms.values()], key=lambda x: x.start)


def _acronym_mention(m: re.Match[str], original: str, cues: _Cues) -> _Mention:
    kind, _titles = cues.acronyms[collapse_ws(m.group(0))]
    text = original[m.start() : m.end()]
    return _Mention(Instrument(kind=kind, text=text, acronym=text), m.start(), m.end())


def _kind_mention(m: re.Match[str], original: str, lower: str, cues: _Cues) -> _Mention:
    word = m.group("kind")
    kind = cues.kind_of[collapse_ws(word)]
    english = collapse_ws(word) in cues.english_kinds
    start, end = m.start(), m.end()
    this = bool(cues.self_after.match(lower[end:])) or bool(cues.self_before.search(lower[:start]))
    number = year = None
    num = cues.number.match(lower, end)
    if num and not this:
        number, end = original[num.start("num") : num.end("num")], num.end()
    name_start, name_end = end, end
    if not number and not this:
        name_start, name_end = _name_span(original, lower, end, english, cues)
        end = max(end, name_end)
    yr = cues.year.match(lower, end)
    if yr and not number:
        year, end = int(yr.group("year")), yr.end()
    name = collapse_ws(original[name_start:name_end]).strip(" ,") or None
    if english and not this:
        start, before_year = _qualifiers_before(original, lower, start, cues)
        year = year or before_year
        qualifiers = cues.plain_qualifiers.sub(" ", cues.year_alone.sub(" ", original[start : m.start()]))
        name = collapse_ws(f"{qualifiers} {name or ''}").strip(" ,") or None
    if number:  # the number names it; words around it are the question's
        name = None
    instrument = Instrument(
        kind=kind, text=collapse_ws(original[start:end]), number=number, name=name, year=year, this=this
    )
    return _Mention(instrument, start, end)


def _name_span(original: str, lower: str, at: int, english: bool, cues: _Cues) -> tuple[int, int]:
    """Where the title after a kind word runs: Vietnamese up to a word that starts the question's own
    words; English over capitalised words and the small words between them."""
    end = at
    words = 0
    for w in _WORD.finditer(lower, at):
        token = w.group(0)
        if words >= 12 or token[0] in "?.;:()," or cues.component.match(lower, w.start()):
            break
        if cues.year.match(lower, w.start()) or cues.acronym.match(lower, w.start()):
            break
        if w.start() > at and cues.kind.match(lower, w.start()):
            break
        if english:
            typed = original[w.start() : w.end()]
            glue = cues.title_openers if words == 0 else cues.title_glue
            if not (typed[:1].isupper() or token.strip(",") in glue):
                break
        elif cues.name_end.match(lower, w.start()):
            break
        clean = token.rstrip(",?.;:")
        end = w.start() + len(clean)
        words += 1
        if clean != token:
            if token.endswith(","):
                continue
            break
    if english:  # trailing small words are not part of a title: "the Convention on" → "the Convention"
        while end > at:
            head, _, last = original[at:end].rstrip().rpartition(" ")
            if fold(last) in cues.title_glue:
                end = at + len(head)
            else:
                break
    return at, end


def _qualifiers_before(original: str, lower: str, start: int, cues: _Cues) -> tuple[int, int | None]:
    """English puts the words that qualify a kind word before it: "ASEAN Convention", "the Vietnamese
    anti-trafficking law", "the 2011 law". Returns where they start, and the year among them."""
    year = None
    for w in reversed(list(_WORD.finditer(lower[:start]))[-4:]):
        token = w.group(0)
        if token.endswith((",", ".", "?", ":", ";")) or cues.modifier_end.fullmatch(token):
            break
        if cues.component.match(lower, w.start()):
            break
        if cues.year_alone.fullmatch(token):
            year = int(token)
        elif any(c.isdigit() for c in token):
            break
        start = w.start()
    return start, year


def _instrument_for(chain: _Chain, mentions: list[_Mention], folded: str, cues: _Cues) -> Instrument | None:
    """The instrument next to the reference ("Điều 3 Luật …", "theo Nghị định 62, Điều 5"), else the one
    specific instrument the question names."""
    after = [m for m in mentions if m.start >= chain.end and _is_glue(folded[chain.end : m.start], cues)]
    if after:
        return after[0].instrument
    before = [m for m in mentions if m.end <= chain.start and _is_glue(folded[m.end : chain.start], cues)]
    if before:
        return before[-1].instrument
    specific = {m.instrument for m in mentions if m.instrument.specific or m.instrument.this}
    return next(iter(specific)) if len(specific) == 1 else None


# -- resolving a reference ------------------------------------------------------------------------------
def resolve(ref: LegalRef, sections: Iterable[Section], nearest: bool = False) -> str | None:
    """The section id a reference names in one document's sections ("khoản 1 Điều 5" → "<doc>#D5.1"),
    or None when the document has no such part. nearest=True falls back to the closest enclosing part
    that exists (the article when its clause is missing)."""
    by_label: dict[str, str] = {}
    for s in sections:
        by_label.setdefault(s.label, s.section_id)
    for labels in _candidate_labels(ref, by_label, nearest):
        found = next((by_label[label] for label in labels if label in by_label), None)
        if found:
            return found
    return None


def _candidate_labels(ref: LegalRef, by_label: Mapping[str, str], nearest: bool) -> list[list[str]]:
    """Label alternatives, most specific first; each inner list is one level's spellings."""
    if ref.article:
        prefixes = ["D", "Art"] if ref.style == "vi" else ["Art", "D"]
        bases = [f"{p}{ref.article}" for p in prefixes]
        levels: list[list[str]] = []
        if ref.clause and ref.point:
            levels.append([f"{b}.{ref.clause}.{ref.point}" for b in bases])
        if ref.point and not ref.clause:
            levels.append([f"{b}.{ref.point}" for b in bases])
        if ref.clause:
            levels.append([f"{b}.{ref.clause}" for b in bases])
        levels.append(bases)
        return levels if nearest else levels[:1]
    if ref.section:
        if ref.chapter:
            levels = [[f"C{ref.chapter}.M{ref.section}"]]
        else:
            matches = [label for label in by_label if re.fullmatch(rf"(?:C\d+\.)?M{ref.section}", label)]
            levels = [matches] if len(matches) == 1 else []
        if nearest and ref.chapter:
            levels.append([f"C{ref.chapter}"])
        return levels
    if ref.chapter:
        return [[f"C{ref.chapter}"]]
    return []


# -- choosing the document -----------------------------------------------------------------------------------
def choose_document(ref: LegalRef, question: str, docs: Sequence[DocumentMeta]) -> DocumentMeta | None:
    """The document a reference points into: the instrument it names; else the document whose title or
    number the question names; else the law-type document in the reference's style (Điều or Article), the
    law before a decree when both fit. None when the named instrument is not among `docs` or the choice
    is ambiguous (two laws): the caller says so rather than guessing."""
    found = candidate_documents(ref, question, docs)
    return found[0] if len(found) == 1 else None


def locate(question: str, documents: Sequence[Document]) -> list[Located]:
    """Every reference in a question resolved against the corpus: its document and section id, or why
    not (see Located)."""
    metas = [d.meta for d in documents]
    by_doc = {d.meta.doc_id: d for d in documents}
    located = []
    for ref in legal_refs(question):
        found = candidate_documents(ref, question, metas)
        if len(found) != 1:
            located.append(Located(ref, None, None, _why_no_document(ref, found)))
            continue
        doc_id = found[0].doc_id
        section_id = resolve(ref, by_doc[doc_id].sections)
        located.append(Located(ref, doc_id, section_id, None if section_id else "no_such_section"))
    return located


def _why_no_document(ref: LegalRef, found: Sequence[DocumentMeta]) -> Problem:
    if found:
        return "ambiguous_document"
    named = ref.instrument is not None and not ref.instrument.this
    return "instrument_not_found" if named else "no_legal_document"


def candidate_documents(ref: LegalRef, question: str, docs: Sequence[DocumentMeta]) -> list[DocumentMeta]:
    """The documents tied for best match to a reference (see choose_document)."""
    if ref.instrument is not None and not ref.instrument.this:
        return _best(ref.instrument, docs)
    for instrument in named_instruments(question):
        if instrument.specific and not instrument.this:
            best = _best(instrument, docs)
            if best:
                return best
    numbered = [d for d in docs if d.number and _names_number(question, d.number)]
    if numbered:
        return numbered
    legal = [d for d in docs if d.doc_type in LEGAL_DOC_TYPES]
    in_style = [d for d in legal if _in_style(d, ref.style)]
    if len(legal) == 1 and not in_style:
        return legal
    return _highest_precedence(in_style)


def _highest_precedence(docs: list[DocumentMeta]) -> list[DocumentMeta]:
    """The law before the decree that details it (legal_precedence); ties stay ties."""
    order = _cues().precedence
    if not docs:
        return docs
    top = min(order.index(d.doc_type) for d in docs)
    return [d for d in docs if order.index(d.doc_type) == top]


def _in_style(doc: DocumentMeta, style: RefStyle) -> bool:
    """Articles are "Article" in English texts and "Điều" in Vietnamese ones (translations included)."""
    return (doc.language == "en") == (style == "en")


def _names_number(question: str, number: str) -> bool:
    head = fold(number).split("/")[0]
    full = re.escape(fold(number))
    text = fold(question)
    return bool(re.search(rf"(?<![\w/]){full}(?![\w])", text)) or (
        len(head) >= 2 and bool(re.search(rf"(?<![\w/]){re.escape(head)}/", text))
    )


def best_documents(instrument: Instrument, docs: Sequence[DocumentMeta]) -> list[DocumentMeta]:
    """The documents tied for the best match to a named instrument (none when no document is it)."""
    return _best(instrument, docs)


def _best(instrument: Instrument, docs: Sequence[DocumentMeta]) -> list[DocumentMeta]:
    scored = [(instrument_score(instrument, d), d) for d in docs]
    top = max((score for score, _ in scored), default=0.0)
    return [d for score, d in scored if top > 0 and score == top]


def instrument_score(instrument: Instrument, doc: DocumentMeta) -> float:
    """How well a document is the instrument named (0 = not it). A number, year or kind that disagrees
    rules the document out; a name must share most of its words with the title."""
    if instrument.kind and not _is_of_kind(doc, instrument.kind, by_title=not instrument.specific):
        return 0.0
    if instrument.year and doc.effective_year and instrument.year != doc.effective_year:
        return 0.0
    score = 0.5 if instrument.kind else 0.0
    if instrument.number:
        if not doc.number or not _same_number(instrument.number, doc.number):
            return 0.0
        score += 3.0
    if instrument.acronym:
        overlap = _acronym_overlap(instrument.acronym, doc)
        if overlap < 0.6:
            return 0.0
        score += 2.0 + overlap
    if instrument.name:
        coverage = _name_coverage(instrument, doc)
        if coverage == 0:
            return 0.0
        score += 1.0 + (coverage or 0.0)
    if instrument.year:
        score += 0.5
    return score


def naming_text(question: str, doc: DocumentMeta) -> str:
    """The words of a question that name this document: each mention of an instrument that is it (by kind
    word, number, acronym or title), run on over the title's own words that follow ("Nghị định quy định
    chi tiết Luật … về hỗ trợ nạn nhân" for the decree that says so). Only these frame the question; its
    other words are its topic, even the ones the title also holds ("gia hạn xác minh nạn nhân")."""
    cues = _cues()
    original, folded = _prepare(question)
    naming = set(_content_words(doc.title)) | cues.kind_words | cues.title_stop | cues.mark_words
    spans = []
    for m in _instrument_mentions(original, folded, cues):
        inst = m.instrument
        if inst.this or inst.kind is None:
            continue
        if inst.specific and instrument_score(inst, doc) <= 0:
            continue
        if not inst.specific and not _is_of_kind(doc, inst.kind, by_title=False):
            continue
        end = m.start
        for w in _WORD.finditer(folded, m.start):
            word = w.group(0)
            clean = word.rstrip(",;:?.!)")
            typed = original[w.start() : w.start() + len(clean)]
            own = w.start() < m.end and (
                any(c.isdigit() for c in clean) or typed.isupper()
            )  # number, acronym
            if not clean or not (own or all(p in naming for p in re.findall(r"\w+", clean))):
                break
            end = w.start() + len(clean)
            if word[len(clean) :] not in ("", ",", ".") or (word.endswith(".") and clean not in naming):
                break
        spans.append(original[m.start : end])
    return " ".join(spans)


def _is_of_kind(doc: DocumentMeta, kind: InstrumentKind, by_title: bool) -> bool:
    """The document can be this kind of instrument (its doc_type); by_title: its title also says so ("the
    Protocol" is not the ASEAN Convention, though both are conventions in the manifest)."""
    cues = _cues()
    if doc.doc_type not in cues.kind_doc_types[kind]:
        return False
    title = " " + " ".join(re.findall(r"\w+", fold(doc.title))) + " "
    return not by_title or any(f" {word} " in title for word in cues.kind_cues[kind])


def _same_number(typed: str, number: str) -> bool:
    typed_f, number_f = fold(typed).replace(" ", ""), fold(number).replace(" ", "")
    return number_f == typed_f or number_f.startswith(typed_f + "/")


def _acronym_overlap(acronym: str, doc: DocumentMeta) -> float:
    if any(fold(t) == fold(acronym) for t in doc.topics) and doc.doc_type == "convention":
        return 1.0
    _kind, titles = _cues().acronyms[fold(acronym)]
    return max((_title_overlap(title, doc.title) for title in titles), default=0.0)


def _title_overlap(name: str, title: str) -> float:
    """Share of the name's words found in the title (accents, case and small words ignored)."""
    words = _content_words(name)
    if not words:
        return 0.0
    in_title = set(_content_words(title))
    return sum(w in in_title for w in words) / len(words)


def _title_coverage(name: str, title: str) -> float:
    """How much of a title the name as typed gives, read from its start until a word the title lacks (the
    question's own words follow a name: "Luật Phòng, chống mua bán người và …"). 0 unless it gives most
    of the title's words (kind words aside) or at least four of them: "Luật Phòng, chống rửa tiền" is not
    "Luật Phòng, chống mua bán người"."""
    kinds = _cues().kind_words
    title_words = {w for w in _content_words(title) if w not in kinds}
    run: list[str] = []
    for word in _content_words(name):
        if word not in title_words:
            break
        run.append(word)
    if not title_words or not run:
        return 0.0
    coverage = len(set(run)) / len(title_words)
    if coverage >= 0.6 or len(set(run)) >= 4:
        return coverage
    return _short_title_coverage(name, title_words)


def _short_title_coverage(name: str, title_words: set[str]) -> float:
    """A short name ("the ASEAN convention", "the 2011 human trafficking law", "Công ước ASEAN"): every one
    of its words (kind words aside) is a word of the title. It gives less than a fuller name, so when
    several documents of the kind fit, the ones it names best win and equals stay a tie; a name with a
    word the title lacks ("Luật Phòng, chống rửa tiền") is another instrument."""
    words = {w for w in _content_words(name) if w not in _cues().kind_words}
    if not words or not words <= title_words:
        return 0.0
    return _SHORT_NAME_WEIGHT * len(words) / len(title_words)


_SHORT_NAME_WEIGHT = 0.5  # a short name counts half what the same words read as the title's start count


def _name_coverage(instrument: Instrument, doc: DocumentMeta) -> float | None:
    """How much of the document's title a name gives (0: another instrument); None when the name is
    English, the title is not, and the glossary knows none of the name's words ("Vietnam's law"): the
    name can then neither confirm nor rule out the document."""
    name = instrument.name or ""
    coverage = _title_coverage(name, doc.title)
    if coverage:
        return coverage
    if doc.language == "en":
        return _vietnamese_name_coverage(name, doc.title)
    if not name.isascii():
        return coverage
    return _translated_coverage(instrument.text, doc.title)


def _vietnamese_name_coverage(name: str, title: str) -> float:
    """A Vietnamese name of an English text ("Nghị định thư về phòng ngừa, trừng trị buôn bán người" for the
    "Protocol to Prevent, Suppress and Punish Trafficking in Persons", typed with or without accents):
    the glossary's English for its concepts. It names the text when at least two of its concepts are in the
    title and they are most of the name's concepts or give most of the title's words; 0 otherwise (one
    shared word, "buôn bán người", does not tell one convention from another)."""
    groups, _, residual = _glossary().translate_vietnamese(name)
    title_words = {w for w in _content_words(title) if w not in _cues().kind_words}
    if not groups or not title_words:
        return 0.0
    left = {fold(w) for w in re.findall(r"\w+", residual)}
    if any(
        w[0].isupper() and fold(w) in left and fold(w) not in title_words for w in re.findall(r"\w+", name)
    ):
        return 0.0  # a proper name the title lacks ("châu Âu", "Liên minh châu Phi"): another instrument
    used: set[str] = set()
    found = 0
    for group in groups:  # each concept must bring a title word of its own
        hits = {w for alt in group for w in _content_words(alt)} & title_words
        if hits - used:
            found += 1
            used |= hits
    share_of_name = found / len(groups)
    share_of_title = len(used) / len(title_words)
    if found < 2 or max(share_of_name, share_of_title) < 0.6:
        return 0.0
    return max(share_of_name, share_of_title)


def _translated_coverage(mention: str, title: str) -> float | None:
    """An English mention of a Vietnamese title ("Law on Human Trafficking Prevention and Combat" for "Luật
    Phòng, chống mua bán người", "Criminal Code" for "Bộ luật Hình sự"): the share of the title's words
    that the glossary's Vietnamese for it gives, 0 below 0.6; None when the glossary knows none of its
    words."""
    groups, _, _ = _glossary().expand(mention)
    given = {w for phrase in [*(p for g in groups for p in g)] for w in _content_words(phrase)}
    if not given:
        return None
    title_words = {w for w in _content_words(title) if w not in _cues().kind_words}
    if not title_words:
        return 0.0
    coverage = len(title_words & given) / len(title_words)
    return coverage if coverage >= 0.6 else 0.0


@cache
def _glossary() -> Glossary:
    return Glossary.load()


def _content_words(text: str) -> list[str]:
    stop = _cues().title_stop
    return [w for w in re.findall(r"\w+", fold(text)) if w not in stop]


# -- definitions ---------------------------------------------------------------------------------------
_NUMBER_MARK = re.compile(r"^\s*(?:\(?[0-9]{1,3}[.)]|\(?[a-zđ]\))\s*", re.IGNORECASE)


def definitions_section(sections: Iterable[Section]) -> Section | None:
    """The article that defines the document's terms ("Giải thích từ ngữ", "Use of terms", ...): the
    first article whose heading says so, else the first section of any kind whose heading does."""
    cues = _cues()
    other: Section | None = None
    for s in sections:
        if not cues.definition_heading.search(fold(s.heading)):
            continue
        if s.kind == "article":
            return s
        other = other or s
    return other


def descendants(section: Section, sections_by_id: Mapping[str, Section]) -> list[Section]:
    """A section's children, grandchildren … in document order."""
    out: list[Section] = []
    for child_id in section.children:
        child = sections_by_id.get(child_id)
        if child is not None:
            out.append(child)
            out.extend(descendants(child, sections_by_id))
    return out


def definition_sentence(
    term: str, section: Section, sections_by_id: Mapping[str, Section] | None = None
) -> Definition | None:
    """The clause or point of a definitions section (or of any section) that defines `term`: "X là …",
    "“X” shall mean …", "X means …". Accents, case, quotes and an English plural "s" do not matter.
    Without `sections_by_id` only the section's own text is read (its clauses are separate sections)."""
    sections_by_id = sections_by_id or {}
    wanted = _term_key(term)
    if not wanted:
        return None
    best: tuple[int, int, Section, str, str] | None = None
    for order, candidate in enumerate([section, *descendants(section, sections_by_id)]):
        for line in candidate.text.splitlines():
            for head in _defined_heads(line):
                score = _term_match(wanted, _term_key(head))
                if score and (best is None or (score, -order) > (best[0], best[1])):
                    best = (score, -order, candidate, head, line)
    if best is None:
        return None
    score, _, found, head, line = best
    return Definition(
        section_id=found.section_id,
        term=head,
        sentence=line,
        text=with_points(found, sections_by_id),
        exact=score == 3,
    )


def find_definitions(term: str, documents: Sequence[Document], question: str = "") -> list[Definition]:
    """Definitions of a term across the corpus's definitions articles, exact ones first, laws and
    conventions before other documents. When the question names an instrument ("… theo ACTIP"), only
    that instrument's definitions."""
    named = [i for i in named_instruments(question) if i.specific and not i.this]
    found: list[tuple[bool, bool, Definition]] = []
    for doc in documents:
        if named and not any(instrument_score(i, doc.meta) > 0 for i in named):
            continue
        section = definitions_section(doc.sections)
        if section is None:
            continue
        inside = (section.section_id, f"{section.section_id}.")
        by_id = {s.section_id: s for s in doc.sections if s.section_id.startswith(inside)}
        definition = definition_sentence(term, section, by_id)
        if definition is not None:
            found.append((not definition.exact, doc.meta.doc_type not in LEGAL_DOC_TYPES, definition))
    return [d for *_, d in sorted(found, key=lambda f: (f[0], f[1]))]


def defined_terms(section: Section, sections_by_id: Mapping[str, Section]) -> list[str]:
    """The terms a definitions section defines, as written (the first head of each defining line)."""
    terms = []
    for candidate in [section, *descendants(section, sections_by_id)]:
        for line in candidate.text.splitlines():
            heads = _defined_heads(line)
            if heads and candidate is not section:
                terms.append(heads[0])
    return terms


_MAX_TERM_WORDS = 14


@lru_cache(maxsize=8192)
def _defined_heads(line: str) -> tuple[str, ...]:
    """Possible defined terms of a line: the words before each copula near its start ("Người đang trong
    quá trình xác định là nạn nhân là người …" gives both readings)."""
    body = _NUMBER_MARK.sub("", nfc(line)).translate(_QUOTES)
    folded = _fold_aligned(body)
    heads = []
    for m in _cues().copula.finditer(folded):
        head = collapse_ws(body[: m.start()]).strip(" ,:;")
        if not head or len(head.split()) > _MAX_TERM_WORDS:
            break
        heads.append(head)
    return tuple(heads)


@lru_cache(maxsize=8192)
def _term_key(text: str) -> str:
    """A term as compared: folded, quotes dropped, English plurals singular ("victims", "children")."""
    plurals = _cues().plurals
    words = re.findall(r"\w+", fold(nfc(text)))
    return " ".join(plurals.get(w) or (w[:-1] if len(w) > 3 and w.endswith("s") else w) for w in words)


def _term_match(wanted: str, head: str) -> int:
    """3: the same term; 2: the head is the term with a few words around it ("người đại diện hợp pháp" in
    "Người đại diện hợp pháp của nạn nhân"; Vietnamese words are syllables); 0: not this term."""
    if not head:
        return 0
    if head == wanted:
        return 3
    padded_head, padded_wanted = f" {head} ", f" {wanted} "
    if padded_wanted in padded_head and len(head.split()) <= len(wanted.split()) + 3:
        return 2
    return 0


# -- responsibility articles ------------------------------------------------------------------------------
def responsible_party(heading: str) -> str | None:
    """The party an article's heading gives its clauses to: "Điều 15. Trách nhiệm của Bộ Công an" → "Bộ
    Công an", "Article 14. Responsibilities of the Ministry of Public Security" → "Ministry of Public
    Security"; None for any other heading (an article naming two parties gives none)."""
    m = _cues().responsibility_heading.search(fold(heading))
    if m is None:
        return None
    party = re.sub(r"^(?:the|The)\s+", "", collapse_ws(heading[m.end() :]).strip(" .:;"))
    return party if party and not _names_two_parties(party) else None


def _names_two_parties(party: str) -> bool:
    """ "Bộ Ngoại giao và Bộ Quốc phòng", "Ministry of Foreign Affairs and the Ministry of National Defence":
    a join word followed by "the" or by the party's own head word starts a second party; the "and" inside one name
    ("Ministry of Labour, Invalids and Social Affairs", "Bộ Lao động - Thương binh và Xã hội") does not."""
    folded = fold(party)
    head = re.escape(folded.split()[0])
    cues = _cues()
    return any(
        re.match(rf"\s*(?:the\s|{head}(?![\w]))", folded[j.end() :]) for j in cues.join.finditer(folded)
    )


# -- list lead-ins -----------------------------------------------------------------------------------------
def with_points(section: Section, sections_by_id: Mapping[str, Section], limit: int = 1500) -> str:
    """A section's text; when it ends in ":" (a list lead-in), followed by its points in order (and their
    own points when a point is itself a lead-in), cut at `limit` characters with "…"."""
    text = section.text.rstrip()
    if not text.endswith(":"):
        return text
    lines = [text]
    size = len(text)
    for item in _list_items(section, sections_by_id):
        line = item.text.strip()
        if size + 1 + len(line) > limit:
            lines.append("…")
            break
        lines.append(line)
        size += 1 + len(line)
    return "\n".join(lines)


def _list_items(section: Section, sections_by_id: Mapping[str, Section]) -> list[Section]:
    kinds = _cues().list_kinds
    items: list[Section] = []
    for child_id in section.children:
        child = sections_by_id.get(child_id)
        if child is None or child.kind not in kinds:
            continue
        items.append(child)
        if child.text.rstrip().endswith(":"):
            items.extend(_list_items(child, sections_by_id))
    return items


# -- definition questions ---------------------------------------------------------------------------------
_TERM_PUNCT = re.compile(r"[?!.;:(]")
_MAX_ASKED_WORDS = 6


def asked_term(question: str) -> str | None:
    """The term a definition question asks about, as typed: "X là gì", "thế nào là X", "khái niệm X",
    "what is X", "what does X mean", "define X", "definition of X" (with or without diacritics). None
    when the question is not a definition question. The weak forms ("what is X", "X là gì") count only
    when X is a bare term, not a fact about something ("what is the deadline for …"); a legal reference is
    never a term ("what does Article 2 mean" asks for that article)."""
    cues = _cues()
    original, folded = _without_hedges(*_prepare(question), cues)
    for strong in (True, False):
        span = _term_span(folded, cues, strong)
        if span is None:
            continue
        term = _trim_term(original, folded, *span, cues)
        if term and not cues.component.search(fold(term)) and (strong or _bare_term(term, cues)):
            return term
    return _yes_no_term(original, folded, cues)


def _without_hedges(original: str, folded: str, cues: _Cues) -> tuple[str, str]:
    """Both texts with the hedging words ("actually", "thực sự") blanked, positions kept."""
    spans = [m.span() for m in cues.hedge.finditer(folded)]
    for a, b in reversed(spans):
        original = original[:a] + " " * (b - a) + original[b:]
        folded = folded[:a] + " " * (b - a) + folded[b:]
    return original, folded


def _yes_no_term(original: str, folded: str, cues: _Cues) -> str | None:
    """The term of "is X considered Y?" / "X có coi là Y không?": Y, when the question is asked yes/no and
    Y is a bare term. A case that is a legal reference ("is Article 3 considered …") asks about that part."""
    if not (cues.yes_no_opens.match(folded) or cues.yes_no_closes.search(folded)):
        return None
    m = cues.yes_no_before.search(folded)
    if m is None or cues.component.search(folded, 0, m.start()):
        return None
    term = _trim_term(original, folded, m.end(), _term_stop(folded, m.end(), cues), cues)
    return term if term and not cues.component.search(fold(term)) and _bare_term(term, cues) else None


_CONTEXT_CLAUSE = re.compile(r"\s*(?:theo|trong|tai|o|under|according to|in|per|for)\b.*[,:]")


def _term_span(lower: str, cues: _Cues, strong: bool) -> tuple[int, int] | None:
    before = cues.strong_before if strong else cues.weak_before
    after = cues.strong_after if strong else cues.weak_after
    m = before.search(lower)
    if m:
        return m.end(), _term_stop(lower, m.end(), cues)
    m = after.search(lower)
    if m:
        # "Theo luật, nạn nhân là gì": a leading context clause ends at its comma; a comma inside the
        # subject ("phòng, chống mua bán người") does not start the term
        clause = _CONTEXT_CLAUSE.match(lower, 0, m.start())
        return (clause.end() if clause else 0), m.start()
    return None


def _term_stop(lower: str, start: int, cues: _Cues) -> int:
    """Where a term that follows its cue ends: at a question mark, a reference, or the words that go on
    to something else ("… theo Luật này", "… under ACTIP", "… là gì")."""
    stops = [len(lower)]
    for pattern in (cues.term_end, cues.weak_after, cues.strong_after, _TERM_PUNCT, cues.component):
        m = pattern.search(lower, start + 1)
        if m:
            stops.append(m.start())
    return min(stops)


def _trim_term(original: str, lower: str, start: int, end: int, cues: _Cues) -> str:
    while True:
        m = cues.lead_filler.match(lower, start, end)
        if not m or m.end() == start:
            break
        start = m.end()
    while True:
        m = cues.tail_filler.search(lower, start, end)
        if not m or m.start() == end:
            break
        end = m.start()
    return collapse_ws(original[start:end]).strip(" ,'-")


def _bare_term(term: str, cues: _Cues) -> bool:
    words = term.split()
    return (
        0 < len(words) <= _MAX_ASKED_WORDS
        and not any(c.isdigit() for c in term)
        and not cues.not_a_term.search(fold(term))
    )
