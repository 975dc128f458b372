"""Vocabulary helpers of question analysis: diacritic restoration, the English glossary, and the places
and document numbers a question names (index/intent.py puts them together)."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from index.places import default_gazetteer
from tip.domain import DocumentMeta
from tip.text import collapse_ws, fold, has_diacritics, nfc, normalize_dashes, tokens

_WORD = re.compile(r"[^\W\d_]+|\d+(?:[/.\-]\d+)*", re.UNICODE)


def _read_data(name: str) -> str:
    return resources.files("index").joinpath("data", name).read_text(encoding="utf-8")


def _load_yaml(name: str) -> Any:
    return yaml.safe_load(_read_data(name))


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
        from index.shorthand import Shorthand

        lexicon = [
            line
            for line in _read_data("vi_question_lexicon.txt").splitlines()
            if line and not line.startswith("#")
        ] + sorted(Shorthand.load().conversation)  # "minh hoi chut" is "mình hỏi chút"
        everyday = list(Shorthand.load().everyday) * Shorthand.load().everyday_weight
        for text in [*texts, *(lexicon * lexicon_weight), *everyday]:
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
_POSSESSIVE = re.compile(r"(?<=\w)['’]s?\b")


def _english_key(text: str) -> str:
    """An English phrase as matching sees it: possessives dropped ("Women's Union" = "Women Union"),
    punctuation and in-word hyphens as spaces ("anti-trafficking" = "anti trafficking")."""
    return re.sub(r"\s+", " ", _PUNCT.sub(" ", _POSSESSIVE.sub("", collapse_ws(text)))).strip()


@dataclass(frozen=True)
class _ViPhrase:
    """A glossary Vietnamese phrase as word keys, and the English it stands for."""

    keys: tuple[str, ...]  # its words' accent keys (see _accent_key)
    folded: tuple[str, ...]  # its words accent-folded
    english: tuple[str, ...]
    weak: bool


class Glossary:
    """Reviewed English ↔ Vietnamese vocabulary (index/data/glossary.yaml). English → Vietnamese serves
    English questions over Vietnamese documents; Vietnamese → English serves Vietnamese questions over
    English-language documents (the ASEAN Convention in English)."""

    def __init__(self, terms: Sequence[GlossaryTerm]) -> None:
        self.terms = list(terms)
        pairs = [(_english_key(phrase).lower(), term) for term in self.terms for phrase in term.en]
        self._by_phrase = sorted(pairs, key=lambda p: -len(p[0]))
        self._vi_by_first = _vietnamese_index(self.terms)
        self._by_primary: dict[str, list[GlossaryTerm]] = {}
        for term in self.terms:
            self._by_primary.setdefault(term.vi[0], []).append(term)

    @classmethod
    def load(cls, extra: Iterable[tuple[str, str]] = ()) -> Glossary:
        data = _load_yaml("glossary.yaml")
        terms = [GlossaryTerm(tuple(t["en"]), tuple(t["vi"]), bool(t.get("weak"))) for t in data["terms"]]
        terms += [GlossaryTerm((en,), (vi,)) for en, vi in extra]
        return cls(terms)

    def expand(self, question: str) -> tuple[list[list[str]], list[str], str]:
        """Vietnamese equivalents of the English phrases in the question (longest match first):
        (one group of alternatives per concept, framing terms, the words no phrase covered)."""
        matched, residual = self.match_english(question)
        groups: list[list[str]] = []
        weak: list[str] = []
        for term in matched:
            if term.weak:
                weak.extend(v for v in term.vi if v not in weak)
            elif list(term.vi) not in groups:
                groups.append(list(term.vi))
        return groups, weak, residual

    def english_synonyms(self, question: str) -> tuple[list[list[str]], str]:
        """The English alternatives of each concept an English question names (framing left out), and the
        words no phrase covered: an English-language document may say "State Party" where the question
        says "country", or "trafficked persons" where it says "victims"."""
        matched, residual = self.match_english(question)
        groups: list[list[str]] = []
        for term in matched:
            group = list(dict.fromkeys(self._same_concept(term)))
            if not term.weak and group not in groups:
                groups.append(group)
        return groups, residual

    def _same_concept(self, term: GlossaryTerm) -> list[str]:
        """A term's English phrases and those of every other entry translated first by the same Vietnamese
        word: "call" and "hotline" are both "đường dây nóng", so an English text saying "hotline" answers a
        question saying "call", as a Vietnamese text saying "đường dây nóng" does."""
        same = [t for t in self._by_primary.get(term.vi[0], []) if t is not term and not t.weak]
        return [*term.en, *(phrase for t in same for phrase in t.en)]

    def match_english(self, question: str) -> tuple[list[GlossaryTerm], str]:
        """The glossary terms whose English phrases occur in the question (longest first, each word used
        once), and the words left over."""
        original = " " + _english_key(question) + " "
        text = original.lower() if len(original.lower()) == len(original) else original
        matched: list[GlossaryTerm] = []
        for phrase, term in self._by_phrase:
            needle = f" {phrase} "
            while needle in text:
                at = text.index(needle)
                blank = " " + "|" * (len(needle) - 2) + " "
                text = text[:at] + blank + text[at + len(needle) :]
                original = original[:at] + blank + original[at + len(needle) :]
                matched.append(term)
        return matched, collapse_ws(original.replace("|", " "))

    def to_english(self, vietnamese_text: str) -> list[list[str]]:
        """English alternatives of each glossary concept a Vietnamese question names (framing words left
        out), to match it against English-language documents. See translate_vietnamese."""
        return self.translate_vietnamese(vietnamese_text)[0]

    def translate_vietnamese(self, vietnamese_text: str) -> tuple[list[list[str]], list[str], str]:
        """The reverse of expand: (English alternatives per concept, English framing words, the words no
        phrase covered). Longest phrase first, whole words only. A word typed with diacritics must carry
        the phrase's own (tone placement aside: hoà = hòa); a word typed without them matches its folded
        form, except a lone syllable ("xa" may be xã or xa), which is too ambiguous unaccented: pass the
        restored question when there is one."""
        words = _vi_words(vietnamese_text)
        keys = [_accent_key(w) for w in words]
        matches: list[tuple[int, int, _ViPhrase]] = []
        for start, word in enumerate(words):
            for phrase in self._vi_by_first.get(fold(word), ()):
                if _phrase_at(words, keys, start, phrase):
                    matches.append((start, len(phrase.keys), phrase))
        taken = [False] * len(words)
        groups: list[list[str]] = []
        framing: list[str] = []
        for start, size, phrase in sorted(matches, key=lambda m: (-m[1], m[0])):
            if any(taken[start : start + size]):
                continue
            taken[start : start + size] = [True] * size
            if phrase.weak:
                framing.extend(e for e in phrase.english if e not in framing)
                continue
            # two phrases of one concept (lộ trình, giai đoạn: "phase") give one group
            same = next((g for g in groups if g[0] == phrase.english[0]), None)
            if same is None:
                groups.append(list(phrase.english))
            else:
                same.extend(e for e in phrase.english if e not in same)
        residual = " ".join(w for w, t in zip(words, taken, strict=True) if not t)
        return groups, framing, residual

    def english_for(self, vietnamese: str) -> str | None:
        key = _name_key(vietnamese)
        for term in self.terms:
            for vi in term.vi:
                if _name_key(vi) == key:
                    return term.en[0]
        return None


def _vi_words(text: str) -> list[str]:
    """Lower-cased words and numbers ("138/CP" → 138, cp), alike for the question and the glossary."""
    return [w.lower() for w in _WORD.findall(nfc(text))]


def _accent_key(word: str) -> str:
    """A word with its diacritics but not their placement: 'hoà' and 'hòa' agree, 'sở' and 'số' do not."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    base = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    marks = "".join(sorted(ch for ch in decomposed if unicodedata.category(ch) == "Mn"))
    return base + marks


def _vietnamese_index(terms: Sequence[GlossaryTerm]) -> dict[str, list[_ViPhrase]]:
    """Each Vietnamese phrase once, with the English of every term that uses it (a phrase that is a
    concept in one term and framing in another is a concept); indexed by its folded first word."""
    concepts: dict[tuple[str, ...], list[str]] = {}
    framing: dict[tuple[str, ...], list[str]] = {}
    for term in terms:
        for vi in term.vi:
            bucket = (framing if term.weak else concepts).setdefault(tuple(_vi_words(vi)), [])
            bucket.extend(e for e in term.en if e not in bucket)
    index: dict[str, list[_ViPhrase]] = defaultdict(list)
    for words in {**framing, **concepts}:
        if not words:
            continue
        weak = words not in concepts
        english = framing[words] if weak else concepts[words]
        phrase = _ViPhrase(
            keys=tuple(_accent_key(w) for w in words),
            folded=tuple(fold(w) for w in words),
            english=tuple(english),
            weak=weak,
        )
        index[phrase.folded[0]].append(phrase)
    return dict(index)


def _phrase_at(words: list[str], keys: list[str], start: int, phrase: _ViPhrase) -> bool:
    size = len(phrase.keys)
    if start + size > len(words):
        return False
    for i, (want_key, want_folded) in enumerate(zip(phrase.keys, phrase.folded, strict=True)):
        word = words[start + i]
        if has_diacritics(word):
            if keys[start + i] != want_key:
                return False
        elif word != want_folded or (size == 1 and want_key != want_folded):
            return False  # a lone unaccented syllable only matches a phrase written without accents
    return True


def _name_key(name: str) -> str:
    """Agency names compare without case, accents or dash style: 'Sở LĐ – TB' ~ 'so ld - tb'."""
    return collapse_ws(fold(normalize_dashes(name)).replace("-", " "))


# -- places and documents -------------------------------------------------------------
def find_places(question: str) -> list[str]:
    """Canonical names of the provinces a question mentions, each once (the gazetteer in index/places.py
    recognises them accented, unaccented, joined, in English or by an alias)."""
    return list(dict.fromkeys(m.name for m in default_gazetteer().find(question)))


# Class: a question naming an instrument by its number, "1957/QĐ-TTg", "47/2025/NĐ-CP", or in the Party's form
# with the kind's letters before the slash, "48-CT/TW", "36-NQ/TW" (cited by the plans as often as decisions)
_DOC_NUMBER = re.compile(
    r"\b(\d{1,5})\s*(?:-\s*[A-ZĐa-zđ]{1,5}\s*)?/\s*(?:(\d{4})\s*/\s*)?([A-ZĐa-zđ][A-ZĐa-zđ0-9\-]*)"
)


@cache
def _doc_word_number() -> re.Pattern[str]:
    """Class: a question naming a document by kind and number ("Quyết định 1957", "plan 78", "thông tư 15");
    the kinds are intents.yaml's numbered_instrument_kinds, matched accent-folded (position for position)."""
    data = _load_yaml("intents.yaml")
    kinds = data["numbered_instrument_kinds"]["kinds"]
    words = sorted(
        {" ".join(tokens(fold(str(w)))) for k in kinds for w in data["instrument_kinds"][k]},
        key=len,
        reverse=True,
    )
    body = "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in words)
    return re.compile(
        rf"\b(?:{body})"
        # a number, not a day/month ("kế hoạch 30/7" is a date); "kế hoạch 2021" may be a number or a year
        r"\s+(?:so\s+|no\.?\s+|number\s+)?(\d{2,5})\b(?!\s*/\s*\d{1,2}\b)",
        re.I,
    )


def _fold_in_place(text: str) -> str:
    """fold() character by character, so that a position in the folded text is one in the original."""
    return "".join(f if len(f := fold(ch)) == 1 else ch for ch in text)


def referenced_numbers(question: str) -> list[str]:
    """Document numbers the question names ("1957/QĐ-TTg", "Quyết định 1957" → "1957"); a body named by a
    number ("Ban Chỉ đạo 138/CP") is no document."""
    found = [*_DOC_NUMBER.finditer(question), *_doc_word_number().finditer(_fold_in_place(question))]
    return list(dict.fromkeys(m.group(1) for m in found if not _names_a_body(question, m.start(1))))


@cache
def _body_words() -> tuple[str, ...]:
    return tuple(" ".join(tokens(fold(w))) for w in _load_yaml("intents.yaml")["numbered_bodies"]["words"])


def _names_a_body(question: str, at: int) -> bool:
    before = " ".join(tokens(fold(question[:at]))[-3:])
    return any(before.endswith(w) for w in _body_words())


def docs_for_numbers(numbers: Sequence[str], metas: Sequence[DocumentMeta]) -> tuple[list[str], list[str]]:
    """(documents with that number, documents that implement it)."""
    own, implementing = [], []
    for meta in metas:
        if meta.number and any(re.match(rf"^{n}\b", meta.number) for n in numbers):
            own.append(meta.doc_id)
        if any(re.match(rf"^{n}\b", ref) for ref in meta.implements for n in numbers):
            implementing.append(meta.doc_id)
    return own, implementing
