"""One canonical name per agency, whatever spelling a plan uses for it.

Plans name the same body many ways ("Sở LĐTBXH", "Sở Lao động Thương binh và Xã hội", "Sở Lao động –
Thương binh và Xã hội"); the assignment table and the answers need one name per agency, so the catalogue
(ingest/data/agencies.yaml) maps every spelling to an entry.

Scoping choice: a provincial agency keeps the name the plan gives it ("Công an tỉnh" in the Kon Tum plan,
"Công an thành phố" in the Đồng Nai plan): that is what an officer of that province writes and searches
for, and `Assignment.jurisdiction` already says which province. `scoped()` adds the place ("Công an tỉnh
Kon Tum") for displays that mix provinces. A place written in the text after the agency is kept when it
is not the plan's own province ("UBND tỉnh Lai Châu" in a national plan).

Matching works on folded text (no case, no diacritics) token by token, so dashes, spacing, case and
diacritic placement (Ủy/Uỷ) never matter; commas only match where the name itself has one, so a list
"Sở Y tế, thành phố ..." is never read as one name. In running text a mention must start with a capital
letter: agency names are capitalised, the same words in lower case are common nouns ("các bộ, ngành").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from tip.text import collapse_ws, fold, nfc

UNIT_SLOT = "{unit}"
LEVELS = ("national", "provincial")
_TOKEN = re.compile(r"[a-z0-9\x00]+")
_CLEAN_GAP = re.compile(r"[ \t\u00a0\-–—‑−&/]*")  # dashes, '&' and '/' join parts of one name
_COMMA_GAP = re.compile(r"[ \t\u00a0\-–—‑−&/]*,[ \t\u00a0]*")
_PLACE_GAP = re.compile(r"[ \t\u00a0]+|[ \t\u00a0]*[-–—][ \t\u00a0]*")
_EDGE_PUNCT = " \t\n,;:.()-–—"
_LEAD_IN = re.compile(r"^(?:đề nghị|giao)\s+", re.I)
_MAX_PLACE_TOKENS = 4


@dataclass(frozen=True)
class Agency:
    """One catalogue entry (a template expanded for one unit is its own entry)."""

    id: str
    name: str
    level: str
    en: str
    abbr: str | None = None
    unit: str | None = None  # "tỉnh" / "thành phố": the unit the name is tied to, if any
    template: str | None = None  # id of the yaml template this entry was expanded from
    scoped_pattern: str | None = None


@dataclass(frozen=True)
class Match:
    """An agency mention: where it is in the text and which entry it names."""

    start: int
    end: int
    text: str
    agency: Agency
    place: str | None = None  # a place written after the name, when it is not the plan's own

    @property
    def name(self) -> str:
        return f"{self.agency.name} {self.place}" if self.place else self.agency.name


@dataclass(frozen=True)
class _End:
    agency: Agency | None  # None for local aliases: resolved with the plan's unit
    template: str | None
    scope: str  # any | national | local
    unit_tail: bool  # the alias ends with the unit word: a place may follow


@dataclass
class _Node:
    next: dict[str, _Node] = field(default_factory=dict)
    comma_ok: bool = False  # the step into this node may cross a comma
    ends: list[_End] = field(default_factory=list)


@dataclass(frozen=True)
class _Tok:
    start: int
    end: int
    key: str


@dataclass(frozen=True)
class _Context:
    scope: str | None  # None (unknown jurisdiction) | national | provincial
    unit: str | None
    place_key: str | None


class AgencyCatalog:
    """Canonical agency names: lookup of one name, and every mention in a span of text."""

    def __init__(self, entries: list[dict[str, Any]], units: dict[str, dict[str, Any]], cities: list[str]):
        self.units = units
        self._cities = {_key(c) for c in cities}
        self._root = _Node()
        self._by_id: dict[str, Agency] = {}
        self._by_name: dict[str, Agency] = {}
        self._by_template: dict[tuple[str, str], Agency] = {}
        self.conflicts: list[str] = []  # aliases claimed by two entries in the same scope
        for raw in entries:
            self._add_entry(raw)

    # -- loading -------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path | None = None) -> AgencyCatalog:
        """Read the catalogue yaml (default: the one shipped in ingest/data)."""
        if path is None:
            text = resources.files("ingest").joinpath("data/agencies.yaml").read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        data = yaml.safe_load(text) or {}
        return cls(data.get("agencies", []), data.get("units", {}), data.get("city_jurisdictions", []))

    def _add_entry(self, raw: dict[str, Any]) -> None:
        _check_entry(raw, self._by_id)
        if UNIT_SLOT in raw["name"]:
            for unit in self.units:
                self._add_agency(raw, _expand_template(raw, unit, self.units[unit]), unit)
            return
        agency = Agency(
            id=raw["id"],
            name=nfc(raw["name"]),
            level=raw["level"],
            en=raw["en"],
            abbr=raw.get("abbr"),
            unit=raw.get("unit"),
            scoped_pattern=raw.get("scoped"),
        )
        self._add_agency(raw, agency, None)

    def _add_agency(self, raw: dict[str, Any], agency: Agency, unit: str | None) -> None:
        self._by_id[agency.id] = agency
        self._by_name[_key(agency.name)] = agency
        if unit is not None:
            self._by_template[(raw["id"], unit)] = agency
        for alias in self._spellings(raw, agency, unit):
            self._insert(alias, _End(agency, raw["id"], "any", self._ends_with_unit(alias, unit)))
        for alias in raw.get("national_aliases") or []:
            self._insert(alias, _End(agency, raw["id"], "national", False))
        if unit is not None and unit == next(iter(self.units)):  # local aliases once per template
            for alias in raw.get("local_aliases") or []:
                self._insert(alias, _End(None, raw["id"], "local", False))

    def _spellings(self, raw: dict[str, Any], agency: Agency, unit: str | None) -> list[str]:
        """Name, abbreviation and aliases; unit slots filled with the unit and its short forms."""
        spellings = [raw["name"], *(raw.get("aliases") or [])]
        if raw.get("abbr"):
            spellings.append(raw["abbr"])
        out: list[str] = []
        for spelling in spellings:
            if unit is None:
                out.append(spelling)
                continue
            for word in [unit, *self.units[unit].get("short", [])]:
                out.append(spelling.replace(UNIT_SLOT, word))
        if agency.level == "provincial" and unit is None and not agency.unit and not agency.scoped_pattern:
            out += [f"{agency.name} {u}" for u in self.units]  # "Sở Y tế tỉnh (Kon Tum)"
        return out

    def _ends_with_unit(self, alias: str, unit: str | None) -> bool:
        if unit is None:
            return any(_key(alias).endswith(" " + _key(u)) for u in self.units)
        words = [unit, *self.units[unit].get("short", [])]
        return any(_key(alias).endswith(" " + _key(w)) for w in words)

    def _insert(self, alias: str, end: _End) -> None:
        folded = _fold_same_length(nfc(alias))
        toks = _tokens(folded)
        if not toks:
            return
        node = self._root
        for i, tok in enumerate(toks):
            gap = folded[toks[i - 1].end : tok.start] if i else ""
            node = node.next.setdefault(tok.key, _Node())
            node.comma_ok = node.comma_ok or "," in gap
        clash = [e for e in node.ends if e.scope == end.scope and e.template != end.template]
        if clash and (end.agency is None or all(e.agency != end.agency for e in clash)):
            self.conflicts.append(f"{alias!r}: {clash[0].template} / {end.template}")
        if end not in node.ends:
            node.ends.append(end)

    # -- context ---------------------------------------------------------------------------------
    def unit_of(self, jurisdiction_name: str | None) -> str | None:
        """'tỉnh' or 'thành phố' for a province or city, None for a national plan."""
        if not jurisdiction_name:
            return None
        key = _key(jurisdiction_name)
        if "toan quoc" in key or key in ("viet nam", "national"):
            return None
        if key in self._cities or key.startswith("thanh pho "):
            return "thành phố" if "thành phố" in self.units else None
        return "tỉnh" if "tỉnh" in self.units else None

    def _context(self, jurisdiction_name: str | None) -> _Context:
        if not jurisdiction_name:
            return _Context(None, None, None)
        unit = self.unit_of(jurisdiction_name)
        scope = "national" if unit is None else "provincial"
        place = re.sub(r"^(tinh|thanh pho) ", "", _key(jurisdiction_name))
        return _Context(scope, unit, place)

    # -- matching --------------------------------------------------------------------------------
    def find_all(
        self, text: str, jurisdiction_name: str | None = None, any_case: bool = False
    ) -> list[Match]:
        """Agency mentions in `text`, leftmost-longest, in text order. In documents a mention starts with a
        capital; `any_case` reads questions, which are often typed in lower case ("bo cong an")."""
        ctx = self._context(jurisdiction_name)
        folded = _fold_same_length(text)
        toks = _tokens(folded)
        out: list[Match] = []
        i = 0
        while i < len(toks):
            found = None
            if any_case or text[toks[i].start].isupper():
                found = self._match_tokens(text, folded, toks, i, ctx)
            if found is None:
                i += 1
                continue
            match, i = found
            out.append(match)
        return out

    def match_at(
        self, text: str, pos: int, prefix: str = "", jurisdiction_name: str | None = None
    ) -> Match | None:
        """The longest mention starting at `pos`; `prefix` is read before it ("Bộ" + "Tư pháp" in
        "Các Bộ: Công an, Tư pháp"). Offsets are in `text`; the mention must go past the prefix."""
        ctx = self._context(jurisdiction_name)
        lead = f"{prefix} " if prefix else ""
        window = lead + text[pos : pos + 400]
        folded = _fold_same_length(window)
        toks = _tokens(folded)
        if not toks or (not prefix and toks[0].start != 0):
            return None
        found = self._match_tokens(window, folded, toks, 0, ctx)
        if found is None or found[0].end <= len(lead):
            return None
        m = found[0]
        start, end = pos, pos + m.end - len(lead)
        return Match(start, end, text[start:end], m.agency, m.place)

    def lookup(self, name: str, jurisdiction_name: str | None = None) -> Match | None:
        """The entry a whole name (any case or spelling, with or without its place) stands for."""
        clean = _clean_name(name)
        if not clean:
            return None
        m = self.match_at(clean, 0, jurisdiction_name=jurisdiction_name)
        if m is None or clean[m.end :].strip(_EDGE_PUNCT):
            return None
        return m

    def _match_tokens(
        self, text: str, folded: str, toks: list[_Tok], i: int, ctx: _Context
    ) -> tuple[Match, int] | None:
        node, best = self._root, None
        j = i
        while j < len(toks):
            child = node.next.get(toks[j].key)
            if child is None or (j > i and not _gap_ok(folded[toks[j - 1].end : toks[j].start], child)):
                break
            node = child
            end = self._applicable(node.ends, ctx)
            if end is not None:
                best = (j, end)
            j += 1
        if best is None:
            return None
        last, end = best
        agency = end.agency or self._by_template.get((end.template or "", ctx.unit or ""))
        if agency is None:
            return None
        stop = toks[last].end
        place = None
        if agency.level == "provincial" and (end.unit_tail or agency.unit):
            place, stop, last = self._place_after(text, folded, toks, last, ctx)
        start = toks[i].start
        return Match(start, stop, text[start:stop], agency, place), last + 1

    @staticmethod
    def _applicable(ends: list[_End], ctx: _Context) -> _End | None:
        for end in ends:
            if end.scope == "any":
                return end
            if end.scope == "national" and ctx.scope == "national":
                return end
            if end.scope == "local" and ctx.scope == "provincial":
                return end
        return None

    def _place_after(
        self, text: str, folded: str, toks: list[_Tok], last: int, ctx: _Context
    ) -> tuple[str | None, int, int]:
        """Capitalised words right after a provincial name: its place ("tỉnh Lai Châu")."""
        j = last + 1
        while j < len(toks) and j - last <= _MAX_PLACE_TOKENS:
            gap = text[toks[j - 1].end : toks[j].start]
            if not _PLACE_GAP.fullmatch(gap) or not text[toks[j].start].isupper():
                break
            if self._match_tokens(text, folded, toks, j, ctx) is not None:
                break  # the next capitalised words are another agency, not a place
            j += 1
        if j == last + 1:
            return None, toks[last].end, last
        place = collapse_ws(text[toks[last + 1].start : toks[j - 1].end])
        stop = toks[j - 1].end
        if ctx.place_key and _key(place) == ctx.place_key:
            return None, stop, j - 1
        return place, stop, j - 1

    # -- names -------------------------------------------------------------------------------------
    def canonical(self, name: str, jurisdiction_name: str | None = None) -> str:
        """The catalogue name for `name`, as the plan's officers write it; an unknown name comes back
        cleaned (spaces, dashes, edge punctuation), never dropped."""
        m = self.lookup(name, jurisdiction_name)
        return m.name if m is not None else _clean_name(name)

    def scoped(self, name: str, jurisdiction_name: str | None) -> str:
        """The name with its province or city ("Công an tỉnh Kon Tum"); national names unchanged."""
        m = self.lookup(name, jurisdiction_name)
        if m is None:
            return _clean_name(name)
        agency = m.agency
        if agency.level != "provincial":
            return m.name
        place = m.place or _strip_unit(jurisdiction_name or "")
        unit = agency.unit or self.unit_of(jurisdiction_name) or next(iter(self.units))
        if not place:
            return m.name
        pattern = agency.scoped_pattern
        if pattern is None:
            ends_with_unit = _key(agency.name).endswith(" " + _key(unit))
            pattern = "{name} {place}" if ends_with_unit else "{name} {unit} {place}"
        return pattern.format(name=agency.name, unit=unit, place=place)

    def english(self, name: str, jurisdiction_name: str | None = None) -> str | None:
        """English gloss of a known agency ("Department of Labour, Invalids and Social Affairs")."""
        m = self.lookup(name, jurisdiction_name)
        if m is None:
            return None
        return f"{m.agency.en}, {m.place}" if m.place else m.agency.en

    def get(self, agency_id: str) -> Agency | None:
        return self._by_id.get(agency_id)

    def by_name(self, canonical_name: str) -> Agency | None:
        return self._by_name.get(_key(canonical_name))

    def __iter__(self) -> Iterator[Agency]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)


# -- helpers ---------------------------------------------------------------------------------------
def _check_entry(raw: dict[str, Any], seen: dict[str, Agency]) -> None:
    """Fail on the entry at fault, so a bad edit to the yaml names itself."""
    missing = [k for k in ("id", "name", "level", "en") if not raw.get(k)]
    if missing:
        raise ValueError(f"agencies.yaml entry {raw!r}: missing {', '.join(missing)}")
    if raw["level"] not in LEVELS:
        raise ValueError(f"agencies.yaml entry {raw['id']}: level must be one of {LEVELS}")
    if raw["id"] in seen or any(a.template == raw["id"] for a in seen.values()):
        raise ValueError(f"agencies.yaml entry {raw['id']}: duplicate id")


def _expand_template(raw: dict[str, Any], unit: str, unit_info: dict[str, Any]) -> Agency:
    unit_en = str(unit_info.get("en", unit))
    return Agency(
        id=f"{raw['id']}:{_key(unit).replace(' ', '-')}",
        name=nfc(raw["name"].replace(UNIT_SLOT, unit)),
        level=raw["level"],
        en=raw["en"].replace("{Unit}", unit_en),
        abbr=raw["abbr"].replace(UNIT_SLOT, unit) if raw.get("abbr") else None,
        unit=unit,
        template=raw["id"],
        scoped_pattern=raw.get("scoped"),
    )


def _fold_same_length(text: str) -> str:
    """fold() one character at a time, so offsets in the folded text are offsets in the original."""
    out = []
    for ch in text:
        f = fold(ch)
        out.append(f if len(f) == 1 else (f[:1] if f else "\x00"))
    return "".join(out)


def _tokens(folded: str) -> list[_Tok]:
    return [_Tok(m.start(), m.end(), m.group().replace("\x00", "")) for m in _TOKEN.finditer(folded)]


def _gap_ok(gap: str, node: _Node) -> bool:
    if _CLEAN_GAP.fullmatch(gap):
        return True
    return node.comma_ok and bool(_COMMA_GAP.fullmatch(gap))


def _key(text: str) -> str:
    """Comparison key for whole names: folded, dashes and spaces collapsed."""
    return collapse_ws(re.sub(r"[\-–—‑−]", " ", fold(nfc(text))))


def _clean_name(name: str) -> str:
    clean = collapse_ws(nfc(name).replace("\u00a0", " ")).strip(_EDGE_PUNCT)
    return _LEAD_IN.sub("", clean)


def _strip_unit(jurisdiction_name: str) -> str:
    return re.sub(r"^(tỉnh|thành phố|Tỉnh|Thành phố)\s+", "", jurisdiction_name.strip())
