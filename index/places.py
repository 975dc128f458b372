"""The place gazetteer: Vietnam's provinces before and after the 2025 merger, and the place mentions of a
question however they are typed ("kontum", "KonTum", "tp. Dong Nai", "Kien Giang province", "TP.HCM").

Matching works on word tokens, folded (no case, no diacritics), leftmost-longest, so a name never matches
inside another word or name ("Việt Nam" is not "Hà Nam"). Diacritics that are typed must be right ("năm"
is not "Nam"), tone placement aside ("Hoà" = "Hòa"). Everything is precomputed at load; `find` is cached.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from tip.text import fold, has_diacritics, nfc

Era = Literal["pre-2025", "post-2025", "both"]
Guard = Literal["", "titlecase", "context"]

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# Separators, from soft to hard: inside a name only spaces and dashes ("Bà Rịa - Vũng Tàu"); before or
# after it also a dot ("TP.HCM"); before an era word also brackets ("Kon Tum (cũ)"); never a comma
# ("công nghệ, an ninh" is not Nghệ An).
_SPACE, _DOT, _PAREN, _HARD = 0, 1, 2, 3
_GAPS = (
    (_SPACE, re.compile(r"[\s\-–—‑]*")),
    (_DOT, re.compile(r"[\s\-–—‑.]*")),
    (_PAREN, re.compile(r"[\s\-–—‑.()]*")),
)
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng


@dataclass(frozen=True)
class Place:
    """A provincial-level unit, known by one canonical name across both eras."""

    name: str
    kind: str  # "tỉnh" | "thành phố", as it is now (or was, for a unit that no longer exists)
    era: Era  # when a unit of this name existed: before the merger, after it, or both
    merged_into: str | None = None  # a pre-2025 province that is now part of another unit
    absorbed: tuple[str, ...] = ()  # the other pre-2025 provinces merged into this unit
    former_names: tuple[str, ...] = ()  # "Thừa Thiên Huế" for Huế

    def official(self, lang: str = "vi") -> str:
        """'tỉnh Kon Tum' / 'Kon Tum province', 'thành phố Đà Nẵng' / 'Đà Nẵng city'."""
        if fold(self.name).startswith("thanh pho "):
            return self.name if lang != "en" else f"{self.name.removeprefix('Thành phố ')} City"
        if lang == "en":
            return f"{self.name} {'province' if self.kind == 'tỉnh' else 'city'}"
        return f"{self.kind} {self.name}"


@dataclass(frozen=True)
class PlaceMention:
    """One place named in a text: where, as written, and which era the words around it point to."""

    place: Place
    text: str
    start: int
    end: int
    era: Era  # the place's era, unless qualified ("Kon Tum cũ", "former …" → pre-2025; "mới" → post-2025)
    name_start: int = 0  # the name itself, without its prefix or suffix
    name_end: int = 0

    @property
    def name(self) -> str:
        return self.place.name


@dataclass(frozen=True)
class _Form:
    """One way to write a place: its folded tokens, the accented originals, and its guard."""

    place: str
    accented: tuple[str, ...]
    guard: Guard = ""


@dataclass(frozen=True)
class _Token:
    text: str
    folded: str
    start: int
    end: int
    gap: int = 0  # what separates it from the token before: _SPACE, _DOT, _PAREN or _HARD (a comma, …)


_Phrases = dict[tuple[str, ...], tuple[str, ...]]  # folded phrase → its accented spelling


@dataclass
class _Words:
    """Context word sequences (folded token tuples → accented originals) from places.yaml."""

    prefixes: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    suffixes: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    locatives: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    before: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    after: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    not_places: set[tuple[str, ...]] = field(default_factory=set)
    framing: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)  # prefixes and locatives

    @classmethod
    def of(cls, data: dict[str, Any]) -> _Words:
        def table(key: str) -> dict[tuple[str, ...], tuple[str, ...]]:
            return {_folded(w): _accented(w) for w in data.get(key) or ()}

        return cls(
            prefixes=table("prefixes"),
            suffixes=table("suffixes"),
            locatives=table("locatives"),
            framing={**table("prefixes"), **table("locatives")},
            before=table("before_merger_words"),
            after=table("after_merger_words"),
            not_places={_folded(w) for w in data.get("not_places") or ()},
        )


def _accented(text: str) -> tuple[str, ...]:
    return tuple(t.lower() for t in _TOKEN.findall(nfc(text)))


def _folded(text: str) -> tuple[str, ...]:
    return tuple(fold(t) for t in _accented(text))


def _tone_key(token: str) -> str:
    """A syllable's letters and tone, wherever the tone mark sits: 'hoà' and 'hòa' have one key."""
    decomposed = unicodedata.normalize("NFD", token.lower())
    tones = "".join(sorted(c for c in decomposed if c in _TONE_MARKS))
    letters = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return f"{letters}|{tones}"


def _in_case_of(typed: str, name: str) -> str:
    """`name` all in lower case when typed so ("kontum"), else as it is spelt ("TP.HCM", "KonTum")."""
    return name.lower() if typed.islower() else name


def _tokenize(text: str) -> list[_Token]:
    text = nfc(text)
    out: list[_Token] = []
    for m in _TOKEN.finditer(text):
        between = text[out[-1].end : m.start()] if out else ""
        gap = next((kind for kind, pattern in _GAPS if pattern.fullmatch(between)), _HARD)
        out.append(_Token(m.group(), fold(m.group()), m.start(), m.end(), gap))
    return out


def _typed_as(typed: Iterable[_Token], accented: Iterable[tuple[str, ...]]) -> bool:
    """True when every token typed with diacritics has them as in one of the accented spellings."""
    typed = list(typed)
    if not any(has_diacritics(t.text) for t in typed):
        return True
    for spelling in accented:
        if not any(has_diacritics(a) for a in spelling):
            return True
        if all(
            not has_diacritics(t.text) or _tone_key(t.text) == _tone_key(a)
            for t, a in zip(typed, spelling, strict=True)
        ):
            return True
    return False


class Gazetteer:
    """Provinces, their spellings and the 2025 merger map (index/data/places.yaml). Load once, pass it in."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.merger_effective: dt.date = data["merger_effective"]
        self.words = _Words.of(data)
        self.before_2025: list[str] = [p["name"] for p in data["before_2025"]]
        self.from_2025: list[str] = [u["name"] for u in data["from_2025"]]
        self._places = _build_places(data)
        self._aliases: dict[str, list[str]] = {}
        self._forms: dict[tuple[str, ...], list[_Form]] = {}
        for entry in data["before_2025"] + data["from_2025"]:
            self._add_forms(entry)
        self._by_key = {self._joined_key(f): p for p in self._places.values() for f in self._spellings(p)}
        # first folded token → the longest form or not-a-place phrase that starts with it
        self._longest_from: dict[str, int] = {}
        for key in [*self._forms, *self.words.not_places]:
            self._longest_from[key[0]] = max(self._longest_from.get(key[0], 0), len(key))
        self._find_cached = lru_cache(maxsize=8192)(self._find)

    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        data = path or resources.files("index").joinpath("data", "places.yaml")
        return cls(yaml.safe_load(data.read_text(encoding="utf-8")))

    # -- lookup -------------------------------------------------------------------------
    def places(self, era: Era | None = None) -> list[Place]:
        """Every place, or those that existed in an era (a 'both' place belongs to both)."""
        return [p for p in self._places.values() if era is None or p.era in (era, "both")]

    def get(self, name: str) -> Place | None:
        """A place by its canonical name."""
        return self._places.get(name)

    def resolve(self, name: str) -> Place | None:
        """The place a name stands for, written any way ('Kontum', 'tỉnh Kon Tum', 'TP.HCM'); the whole
        text must be that one name (with its prefix or suffix), else None."""
        place = self._places.get(name) or self._by_key.get(self._joined_key(name))
        if place:
            return place
        tokens = _tokenize(name)
        mentions = self._scan(tokens, guarded=False)
        if len(mentions) != 1 or sum(len(t.text) for t in tokens) != _covered(tokens, mentions[0]):
            return None
        return mentions[0].place

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """Canonical names close to a misspelt one, best first ('Kon Tom' → ['Kon Tum'])."""
        keys = list(self._by_key)
        close = difflib.get_close_matches(self._joined_key(name), keys, n=n * 3, cutoff=0.75)
        return list(dict.fromkeys(self._by_key[k].name for k in close))[:n]

    def successor(self, name: str) -> Place | None:
        """The post-2025 unit a place is now part of (itself when it kept its name)."""
        place = self._places.get(name)
        if place is None:
            return None
        return self._places[place.merged_into] if place.merged_into else place

    # -- matching -----------------------------------------------------------------------
    def find(self, text: str) -> tuple[PlaceMention, ...]:
        """The places a text names, in order of appearance (a place named twice appears twice)."""
        return self._find_cached(text)

    def canonical(self, text: str) -> str:
        """The text with each place spelt as the gazetteer spells it, in the case it was typed ("o kontum" →
        "o kon tum", "tp. Dongnai" → "thành phố Đồng Nai"), so search and accent restoration see the
        corpus's spelling."""
        text = nfc(text)
        for m in reversed(self.find(text)):
            prefixed = m.start < m.name_start
            lo = m.start if prefixed else m.name_start
            written = _in_case_of(text[lo : m.name_end], m.place.official("vi") if prefixed else m.name)
            text = text[:lo] + written + text[m.name_end :]
        return text

    def _find(self, text: str) -> tuple[PlaceMention, ...]:
        return tuple(self._scan(_tokenize(text), guarded=True, text=nfc(text)))

    def _scan(self, tokens: list[_Token], guarded: bool, text: str = "") -> list[PlaceMention]:
        found: list[PlaceMention] = []
        i = 0
        while i < len(tokens):
            length, form = self._longest_at(tokens, i, guarded)
            if form is None:
                i += max(length, 1)
                continue
            found.append(self._mention(tokens, i, i + length, form, text))
            i += length
        return found

    def _longest_at(self, tokens: list[_Token], i: int, guarded: bool) -> tuple[int, _Form | None]:
        """(length, form) of the longest place form starting at token i; (length, None) skips a
        not-a-place phrase, (0, None) means nothing starts here."""
        for length in range(min(self._longest_from.get(tokens[i].folded, 0), len(tokens) - i), 0, -1):
            key = tuple(t.folded for t in tokens[i : i + length])
            if guarded and key in self.words.not_places:
                return length, None
            forms = self._forms.get(key)
            if not forms:
                continue
            span = tokens[i : i + length]
            if any(t.gap > _SPACE for t in span[1:]):
                continue
            matching = [f for f in forms if _typed_as(span, [f.accented])]
            if matching and (not guarded or self._guard_holds(matching[0], tokens, i, i + length)):
                return length, matching[0]
        return 0, None

    def _guard_holds(self, form: _Form, tokens: list[_Token], start: int, end: int) -> bool:
        if not form.guard:
            return True
        framed = bool(self._phrase_before(tokens, start, self.words.framing, _DOT)) or bool(
            self._phrase_after(tokens, end, self.words.suffixes, _DOT)
        )
        if form.guard == "context":
            return framed
        span = tokens[start:end]
        titled = all(t.text[:1].isupper() for t in span)
        return framed or titled or not any(has_diacritics(t.text) for t in span)

    def _mention(self, tokens: list[_Token], start: int, end: int, form: _Form, text: str) -> PlaceMention:
        place = self._places[form.place]
        era: Era = place.era
        prefix = self._phrase_before(tokens, start, self.words.prefixes, _DOT)
        suffix = self._phrase_after(tokens, end, self.words.suffixes, _DOT)
        first, last = start - prefix, end + suffix
        words = self.words
        if self._phrase_before(tokens, first, words.before, _PAREN) or self._phrase_after(
            tokens, last, words.before, _PAREN
        ):
            era = "pre-2025"
        elif self._phrase_before(tokens, first, words.after, _PAREN) or self._phrase_after(
            tokens, last, words.after, _PAREN
        ):
            era = "post-2025" if place.era != "pre-2025" else era
        lo, hi = tokens[first].start, tokens[last - 1].end
        core = (tokens[start].start, tokens[end - 1].end)
        return PlaceMention(place, text[lo:hi] if text else "", lo, hi, era, *core)

    @staticmethod
    def _phrase_before(tokens: list[_Token], at: int, table: _Phrases, max_gap: int) -> int:
        """How many tokens right before token `at` form a phrase of the table, typed as it is spelt and
        separated by no more than `max_gap`; 0 when none does."""
        for phrase, accented in table.items():
            n = len(phrase)
            tail = tokens[at - n : at] if n <= at else []
            joins = [t.gap for t in tail[1:]] + ([tokens[at].gap] if at < len(tokens) else [])
            if (
                tail
                and tuple(t.folded for t in tail) == phrase
                and max(joins, default=0) <= max_gap
                and _typed_as(tail, [accented])
            ):
                return n
        return 0

    @staticmethod
    def _phrase_after(tokens: list[_Token], at: int, table: _Phrases, max_gap: int) -> int:
        """How many tokens from token `at` on form a phrase of the table (as `_phrase_before`)."""
        for phrase, accented in table.items():
            head = tokens[at : at + len(phrase)]
            if (
                len(head) == len(phrase)
                and tuple(t.folded for t in head) == phrase
                and max(t.gap for t in head) <= max_gap
                and _typed_as(head, [accented])
            ):
                return len(phrase)
        return 0

    # -- building -----------------------------------------------------------------------
    def _spellings(self, place: Place) -> list[str]:
        return [place.name, *place.former_names, *self._aliases.get(place.name, ())]

    def _add_forms(self, entry: dict[str, Any]) -> None:
        name = self._place_name_of(entry["name"])
        written = [entry["name"], *(entry.get("aliases") or ())]
        self._aliases.setdefault(name, [])
        self._aliases[name] += [w for w in written if w != name and w not in self._aliases[name]]
        spellings: list[tuple[str, Guard]] = [(w, entry.get("guard", "")) for w in written]
        spellings += list((entry.get("guarded_aliases") or {}).items())
        for spelling, guard in spellings:
            accented = _accented(spelling)
            for variant in dict.fromkeys((accented, ("".join(accented),), ("tp" + "".join(accented),))):
                forms = self._forms.setdefault(tuple(fold(t) for t in variant), [])
                if (form := _Form(name, variant, guard)) not in forms:
                    forms.append(form)

    def _place_name_of(self, name: str) -> str:
        return next((p.name for p in self._places.values() if name == p.name or name in p.former_names), name)

    def _joined_key(self, name: str) -> str:
        """A name without case, diacritics, spaces, or a prefix or suffix word: 'Tỉnh Kon-Tum' → 'kontum'."""
        folded = list(_folded(name))
        head = next((len(p) for p in self.words.prefixes if tuple(folded[: len(p)]) == p), 0)
        tail = next(
            (len(p) for p in self.words.suffixes if len(folded) > len(p) and tuple(folded[-len(p) :]) == p), 0
        )
        return "".join(folded[head : len(folded) - tail])


def _covered(tokens: list[_Token], mention: PlaceMention) -> int:
    return sum(len(t.text) for t in tokens if mention.start <= t.start and t.end <= mention.end)


def _build_places(data: dict[str, Any]) -> dict[str, Place]:
    """Canonical places from both lists: a name in both is one place of era 'both'; a renamed province
    ("Thừa Thiên Huế" → Huế) is a former name of its successor, not a place of its own."""
    renamed = {p["name"]: p["renamed_to"] for p in data["before_2025"] if p.get("renamed_to")}
    before = {p["name"]: p for p in data["before_2025"] if p["name"] not in renamed}
    after = {u["name"]: u for u in data["from_2025"]}
    unit_of = {old: u["name"] for u in data["from_2025"] for old in u["formed_from"]}
    places: dict[str, Place] = {}
    for name in [*before, *after]:
        if name in places:
            continue
        unit = after.get(name)
        era: Era = (
            "both"
            if (name in before or name in renamed.values()) and unit
            else "pre-2025"
            if not unit
            else "post-2025"
        )
        successor = unit_of.get(name, name)
        places[name] = Place(
            name=name,
            kind=(unit or before[name])["kind"],
            era=era,
            merged_into=successor if successor != name else None,
            absorbed=tuple(o for o in (unit or {}).get("formed_from", ()) if o != name and o not in renamed),
            former_names=tuple(old for old, new in renamed.items() if new == name),
        )
    return places


@cache
def default_gazetteer() -> Gazetteer:
    """The bundled gazetteer, loaded once per process (callers that can should receive it instead)."""
    return Gazetteer.load()
