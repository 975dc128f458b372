"""Query understanding: language, diacritic restoration, English glossary expansion, question kind,
and the places and documents a question names."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from index.places import default_gazetteer
from tip.domain import DocumentMeta
from tip.text import collapse_ws, fold, has_diacritics, nfc, normalize_dashes, tokens

_WORD = re.compile(r"[^\W\d_]+|\d+(?:[/.\-]\d+)*", re.UNICODE)
ENGLISH_HINTS = set(
    [
        "the",
        "who",
        "what",
        "which",
        "when",
        "where",
        "why",
        "how",
        "does",
        "do",
        "did",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "of",
        "in",
        "on",
        "at",
        "for",
        "and",
        "or",
        "to",
        "from",
        "by",
        "with",
        "under",
        "its",
        "it",
        "this",
        "that",
        "these",
        "those",
        "there",
        "their",
        "they",
        "he",
        "she",
        "we",
        "you",
        "i",
        "my",
        "our",
        "your",
        "leads",
        "lead",
        "led",
        "plan",
        "plans",
        "support",
        "supports",
        "victim",
        "victims",
        "role",
        "roles",
        "issued",
        "national",
        "department",
        "ministry",
        "trafficking",
        "trafficked",
        "many",
        "much",
        "name",
        "names",
        "asked",
        "ask",
        "should",
        "must",
        "can",
        "could",
        "would",
        "will",
        "shall",
        "may",
        "might",
        "not",
        "no",
        "yes",
        "any",
        "all",
        "some",
        "each",
        "every",
        "other",
        "than",
        "then",
        "also",
        "only",
        "about",
        "into",
        "over",
        "after",
        "before",
        "between",
        "against",
        "during",
        "through",
        "per",
        "provincial",
        "province",
        "city",
        "people",
        "committee",
        "sign",
        "signed",
        "date",
        "budget",
        "billion",
        "million",
        "money",
        "how",
        "long",
        "year",
        "years",
        "day",
        "days",
        "month",
        "police",
        "court",
        "law",
        "laws",
        "decree",
        "decision",
        "convention",
        "prison",
        "sentence",
        "penalty",
        "fine",
        "fines",
        "visa",
        "passport",
        "rules",
        "rule",
        "work",
        "workers",
        "labour",
        "labor",
        "export",
        "fee",
        "fees",
        "study",
        "abroad",
        "organisations",
        "organizations",
        "international",
        "cooperation",
        "border",
        "guard",
        "guards",
        "target",
        "targets",
        "rate",
        "percentage",
        "number",
        "phone",
        "hotline",
        "who's",
        "what's",
        "s",
    ]
)


def _read_data(name: str) -> str:
    return resources.files("index").joinpath("data", name).read_text(encoding="utf-8")


def _load_yaml(name: str) -> Any:
    return yaml.safe_load(_read_data(name))


# -- language ----------------------------------------------------------------
def detect_language(question: str, vocabulary: set[str]) -> str:
    """'vi', 'vi-nodiac' (Vietnamese typed without diacritics) or 'en'."""
    words = [w.lower() for w in _WORD.findall(question) if not w[0].isdigit()]
    if not words:
        return "vi"
    if has_diacritics(question):
        accented = sum(1 for w in words if has_diacritics(w))
        return "vi" if accented / len(words) >= 0.25 or accented >= 3 else _en_or_nodiac(words, vocabulary)
    return _en_or_nodiac(words, vocabulary)


def _en_or_nodiac(words: list[str], vocabulary: set[str]) -> str:
    english = sum(1 for w in words if w in ENGLISH_HINTS)
    viet = sum(1 for w in words if w in vocabulary and w not in ENGLISH_HINTS)
    return "en" if english >= viet else "vi-nodiac"


# -- diacritic restoration ----------------------------------------------------------
class AccentRestorer:
    """Restores diacritics from the corpus's own vocabulary: folded syllable n-grams (n = 3, 2, 1)
    → their most frequent accented form. Context picks between dương/đường, chủ/chu."""

    def __init__(self, table: dict[str, dict[str, int]]) -> None:
        self.table = table
        self.folded_vocab = {k for k in table if " " not in k}

    @classmethod
    def from_texts(cls, texts: Iterable[str], lexicon_weight: int = 25) -> AccentRestorer:
        """Learn from the corpus texts plus the built-in lexicon of question words (weighted: a question
        says "bao nhiêu", a plan almost never does)."""
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        lexicon = [
            line
            for line in _read_data("vi_question_lexicon.txt").splitlines()
            if line and not line.startswith("#")
        ]
        for text in [*texts, *(lexicon * lexicon_weight)]:
            words = [w for w in _WORD.findall(nfc(text)) if not w[0].isdigit()]
            lower = [w.lower() for w in words]
            for n in (1, 2, 3):
                for i in range(len(lower) - n + 1):
                    gram = " ".join(lower[i : i + n])
                    counts[fold(gram)][gram] += 1
        return cls({k: dict(v.most_common(None if " " not in k else 4)) for k, v in counts.items()})

    def seen(self, phrase: str) -> bool:
        """Whether the corpus (or the question lexicon) uses this exact accented word or phrase."""
        words = [w.lower() for w in _WORD.findall(nfc(phrase)) if not w[0].isdigit()]
        if not words:
            return True
        grams = [words] if len(words) <= 3 else [words[i : i + 3] for i in range(len(words) - 2)]
        return all(" ".join(g) in self.table.get(fold(" ".join(g)), {}) for g in grams)

    def to_json(self) -> dict[str, dict[str, int]]:
        return self.table

    def restore(self, question: str) -> str:
        """Accent the question's unaccented words; words typed with diacritics are kept as typed.
        A small dynamic programme picks the segmentation into known 1–3-grams with the best support,
        so "pho bien cong uoc" reads "phổ biến công ước", not "phổ biên công ước"."""
        parts = re.split(r"([^\W\d_]+)", question)
        words = [(i, p) for i, p in enumerate(parts) if i % 2 == 1]
        n = len(words)
        Path_ = list[tuple[int, int, str | None]]
        empty: Path_ = []
        best: list[tuple[float, Path_]] = [(0.0, empty)] + [(-1.0, empty)] * n
        for end in range(1, n + 1):
            for size in (1, 2, 3):
                start = end - size
                if start < 0 or best[start][0] < 0:
                    continue
                choice = self._best([w for _, w in words[start:end]])
                support = self._support(words[start:end], choice)
                score = best[start][0] + support
                if score > best[end][0]:
                    best[end] = (score, [*best[start][1], (start, end, choice)])
        for start, end, choice in best[n][1]:
            if choice is None:
                continue
            for (idx, typed), restored in zip(words[start:end], choice.split(" "), strict=True):
                parts[idx] = _keep_case(typed, restored)
        return "".join(parts)

    def _support(self, group: list[tuple[int, str]], choice: str | None) -> float:
        """Evidence for reading these words as one n-gram: longer and more frequent is better."""
        if choice is None:
            return 0.0 if len(group) == 1 else -1e9
        count = self.table[fold(" ".join(w for _, w in group))][choice]
        return len(group) ** 3 * (1.0 + math.log1p(count))

    def _best(self, typed: list[str]) -> str | None:
        key = fold(" ".join(typed))
        candidates = self.table.get(key)
        if not candidates:
            return None
        typed_lower = [t.lower() for t in typed]
        for form, _count in sorted(candidates.items(), key=lambda kv: -kv[1]):
            forms = form.split(" ")
            if all(not has_diacritics(t) or t == f for t, f in zip(typed_lower, forms, strict=True)):
                return form
        return None


def _keep_case(typed: str, restored: str) -> str:
    if typed.isupper() and len(typed) > 1:
        return restored.upper()
    if typed[:1].isupper():
        return restored[:1].upper() + restored[1:]
    return restored


# -- English glossary --------------------------------------------------------------
@dataclass(frozen=True)
class GlossaryTerm:
    en: tuple[str, ...]
    vi: tuple[str, ...]
    weak: bool = False  # framing words: searched, but not evidence


_PUNCT = re.compile(r"[?!.,;:()\"“”'’]|(?<=[A-Za-z])-(?=[A-Za-z])")


class Glossary:
    def __init__(self, terms: Sequence[GlossaryTerm]) -> None:
        self.terms = list(terms)
        pairs = [(phrase.lower(), term) for term in self.terms for phrase in term.en]
        self._by_phrase = sorted(pairs, key=lambda p: -len(p[0]))

    @classmethod
    def load(cls, extra: Iterable[tuple[str, str]] = ()) -> Glossary:
        data = _load_yaml("glossary.yaml")
        terms = [GlossaryTerm(tuple(t["en"]), tuple(t["vi"]), bool(t.get("weak"))) for t in data["terms"]]
        terms += [GlossaryTerm((en,), (vi,)) for en, vi in extra]
        return cls(terms)

    def expand(self, question: str) -> tuple[list[list[str]], list[str], str]:
        """Vietnamese equivalents of the English phrases in the question (longest match first):
        (one group of alternatives per concept, framing terms, the words no phrase covered)."""
        original = " " + _PUNCT.sub(" ", collapse_ws(question)) + " "
        original = re.sub(r"\s+", " ", original)
        text = original.lower() if len(original.lower()) == len(original) else original
        groups: list[list[str]] = []
        weak: list[str] = []
        for phrase, term in self._by_phrase:
            needle = f" {phrase.lower()} "
            while needle in text:
                at = text.index(needle)
                blank = " " + "|" * (len(needle) - 2) + " "
                text = text[:at] + blank + text[at + len(needle) :]
                original = original[:at] + blank + original[at + len(needle) :]
                if term.weak:
                    weak.extend(v for v in term.vi if v not in weak)
                elif list(term.vi) not in groups:
                    groups.append(list(term.vi))
        residual = collapse_ws(original.replace("|", " "))
        return groups, weak, residual

    def english_for(self, vietnamese: str) -> str | None:
        key = _name_key(vietnamese)
        for term in self.terms:
            for vi in term.vi:
                if _name_key(vi) == key:
                    return term.en[0]
        return None


def _name_key(name: str) -> str:
    """Agency names compare without case, accents or dash style: 'Sở LĐ – TB' ~ 'so ld - tb'."""
    return collapse_ws(fold(normalize_dashes(name)).replace("-", " "))


# -- places and documents -------------------------------------------------------------
def find_places(question: str) -> list[str]:
    """Canonical names of the provinces a question mentions, each once (the gazetteer in index/places.py
    recognises them accented, unaccented, joined, in English or by an alias)."""
    return list(dict.fromkeys(m.name for m in default_gazetteer().find(question)))


_DOC_NUMBER = re.compile(r"\b(\d{1,5})\s*/\s*(?:(\d{4})\s*/\s*)?([A-ZĐa-zđ][A-ZĐa-zđ0-9\-]*)")
_DOC_WORD_NUMBER = re.compile(
    r"\b(?:quyết định|quyet dinh|decision|kế hoạch|ke hoach|plan|luật|luat|law|nghị định|nghi dinh|decree)"
    r"\s+(?:số\s+|so\s+|no\.?\s+|number\s+)?(\d{2,5})\b",
    re.I,
)


def referenced_numbers(question: str) -> list[str]:
    """Document numbers the question names ("1957/QĐ-TTg", "Quyết định 1957" → "1957")."""
    nums = [m.group(1) for m in _DOC_NUMBER.finditer(question)]
    nums += [m.group(1) for m in _DOC_WORD_NUMBER.finditer(question)]
    return list(dict.fromkeys(nums))


def docs_for_numbers(numbers: Sequence[str], metas: Sequence[DocumentMeta]) -> tuple[list[str], list[str]]:
    """(documents with that number, documents that implement it)."""
    own, implementing = [], []
    for meta in metas:
        if meta.number and any(re.match(rf"^{n}\b", meta.number) for n in numbers):
            own.append(meta.doc_id)
        if any(re.match(rf"^{n}\b", ref) for ref in meta.implements for n in numbers):
            implementing.append(meta.doc_id)
    return own, implementing


# -- question kind -----------------------------------------------------------------
_KIND_PATTERNS: list[tuple[str, str]] = [
    ("who_leads", r"\b(ai|co quan nao|bo nao|so nao|don vi nao|nganh nao|luc luong nao)\b.*\bchu tri\b"),
    ("who_leads", r"\bchu tri\b.*\b(ai|co quan nao|bo nao|so nao|don vi nao)\b"),
    ("who_leads", r"\b(co quan chu tri|ai chu tri|chu tri la ai)\b"),
    (
        "who_leads",
        r"\b(ai|co quan nao|bo nao|so nao|don vi nao|luc luong nao) (thuc hien|chiu trach nhiem|phu trach|dam nhiem|dam nhan)\b",
    ),
    (
        "who_leads",
        r"\bwho (carries out|implements|is responsible|are responsible|handles|is in charge|runs|does)\b",
    ),
    (
        "who_leads",
        r"\bwho\b.*\b(lead|leads|leading|in charge|responsible|supervises?|oversees?|coordinates?)\b",
    ),
    (
        "who_leads",
        r"\b(which|what)\b.*\b(agency|agencies|ministry|department|body|organisation|organization)\b.*\b(lead|leads|in charge)\b",
    ),
    (
        "date",
        r"\b(khi nao|ngay nao|bao gio|thoi han|truoc ngay|tu ngay|when|what date|which date|deadline)\b",
    ),
    (
        "number",
        r"\b(bao nhieu|ty le|may|muc phat|muc an|khung hinh phat|how many|how much|how long|what percentage|"
        r"what rate|percent|what (prison |jail )?sentence|what penalty|what fine|what fee|which penalty)\b",
    ),
    (
        "list",
        r"\b(nhung (viec|gi|hoat dong|noi dung|nhiem vu)|gom nhung|bao gom|liet ke|cac buoc|what .* (slogans|activities|steps|organisations|organizations)|which .* (organisations|organizations)|list)\b",
    ),
]


def question_kind(question: str) -> str:
    folded = " ".join(tokens(fold(question)))
    for kind, pattern in _KIND_PATTERNS:
        if re.search(pattern, folded):
            return kind
    return "fact"


@dataclass
class QueryAnalysis:
    question: str
    lang: str
    kind: str
    restored: str  # the question with diacritics restored (vi-nodiac), else as typed
    concepts: list[list[str]] = field(default_factory=list)  # glossary concepts, each a list of alternatives
    framing: list[str] = field(default_factory=list)  # weak glossary terms: searched, not evidence
    residual: str = ""  # an English question's words that no glossary phrase covered (names, numbers)
    places: list[str] = field(default_factory=list)
    doc_numbers: list[str] = field(default_factory=list)
    national: bool = False  # the question asks about the national level ("toàn quốc", "national plan")

    @property
    def expansion(self) -> list[str]:
        """The Vietnamese glossary terms of an English question, flattened."""
        return [term for group in self.concepts for term in group]

    @property
    def search_text(self) -> str:
        """What lexical and dense search see: the restored question plus any glossary expansion."""
        return " ".join([self.restored, *self.expansion, *self.framing])


_NATIONAL = re.compile(
    r"\b(toan quoc|ca nuoc|trung uong|chinh phu|thu tuong|cap quoc gia|bo nganh|national|nationwide|central government|"
    r"government|prime minister|ministry|ministries|nationally|national level|countrywide)\b"
)


def accent_ratio(question: str) -> float:
    words = [w for w in _WORD.findall(question) if not w[0].isdigit()]
    return sum(1 for w in words if has_diacritics(w)) / len(words) if words else 0.0


def _needs_restoring(question: str, lang: str) -> bool:
    """Unaccented and half-accented Vietnamese; a fully accented question is left as typed."""
    return lang == "vi-nodiac" or (lang == "vi" and accent_ratio(question) < 0.45)


def analyse(
    question: str, restorer: AccentRestorer, glossary: Glossary, lang: str | None = None
) -> QueryAnalysis:
    question = collapse_ws(nfc(question))
    lang = lang or detect_language(question, restorer.folded_vocab)
    placed = question if lang == "en" else default_gazetteer().canonical(question)
    restored = restorer.restore(placed) if _needs_restoring(question, lang) else placed
    concepts, framing, residual = glossary.expand(question) if lang == "en" else ([], [], question)
    return QueryAnalysis(
        question=question,
        lang=lang,
        kind=question_kind(question),
        restored=restored,
        concepts=concepts,
        framing=framing,
        residual=residual,
        places=find_places(question),
        doc_numbers=referenced_numbers(question),
        national=bool(_NATIONAL.search(" ".join(tokens(fold(question))))),
    )
