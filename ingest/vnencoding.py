"""Legacy Vietnamese encodings: Windows-1258 bytes, and TCVN3 (ABC) / VNI font text seen as mojibake.

Old provincial documents were typed with .VnTime (TCVN3) or VNI-Times fonts: the file stores Latin-1
code points ("Bé C«ng an", "Boä Coâng an") that only look Vietnamese in that font. We convert such
text only when the result is clearly Vietnamese, and refuse it (IngestError) when it is not certain,
so garbled text never reaches the index. Clean Unicode text is returned as it came (NFC)."""

from __future__ import annotations

import codecs
import re
import string
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ingest.errors import IngestError
from tip.text import fold, nfc

# --- TCVN3 (ABC, TCVN 5712:1993 VN3): one Latin-1 code point per Vietnamese letter --------------------
# Upper-case toned letters have no code of their own (the ".VnTimeH" fonts draw the lower-case codes as
# capitals), so case is restored per word afterwards.
TCVN3_TO_UNICODE: dict[str, str] = {
    "\u00a1": "Ă", "\u00a2": "Â", "\u00a3": "Ê", "\u00a4": "Ô", "\u00a5": "Ơ", "\u00a6": "Ư", "\u00a7": "Đ",
    "\u00a8": "ă", "\u00a9": "â", "\u00aa": "ê", "\u00ab": "ô", "\u00ac": "ơ", "\u00ad": "ư", "\u00ae": "đ",
    "\u00b5": "à", "\u00b6": "ả", "\u00b7": "ã", "\u00b8": "á", "\u00b9": "ạ",
    "\u00bb": "ằ", "\u00bc": "ẳ", "\u00bd": "ẵ", "\u00be": "ắ", "\u00c6": "ặ",
    "\u00c7": "ầ", "\u00c8": "ẩ", "\u00c9": "ẫ", "\u00ca": "ấ", "\u00cb": "ậ",
    "\u00cc": "è", "\u00ce": "ẻ", "\u00cf": "ẽ", "\u00d0": "é", "\u00d1": "ẹ",
    "\u00d2": "ề", "\u00d3": "ể", "\u00d4": "ễ", "\u00d5": "ế", "\u00d6": "ệ",
    "\u00d7": "ì", "\u00d8": "ỉ", "\u00dc": "ĩ", "\u00dd": "í", "\u00de": "ị",
    "\u00df": "ò", "\u00e1": "ỏ", "\u00e2": "õ", "\u00e3": "ó", "\u00e4": "ọ",
    "\u00e5": "ồ", "\u00e6": "ổ", "\u00e7": "ỗ", "\u00e8": "ố", "\u00e9": "ộ",
    "\u00ea": "ờ", "\u00eb": "ở", "\u00ec": "ỡ", "\u00ed": "ớ", "\u00ee": "ợ",
    "\u00ef": "ù", "\u00f1": "ủ", "\u00f2": "ũ", "\u00f3": "ú", "\u00f4": "ụ",
    "\u00f5": "ừ", "\u00f6": "ử", "\u00f7": "ữ", "\u00f8": "ứ", "\u00f9": "ự",
    "\u00fa": "ỳ", "\u00fb": "ỷ", "\u00fc": "ỹ", "\u00fd": "ý", "\u00fe": "ỵ",
}  # fmt: skip

# Symbols that TCVN3 uses as letters: inside a word they are a near-certain sign of TCVN3 text.
# (× is left out: it is also a letter in KOI8-R Russian seen as Latin-1.)
TCVN3_SYMBOLS = frozenset("¡¢£¤¥¦§¨©ª«¬\u00ad®µ¶·¸¹»¼½¾")

# --- VNI (VNI-Windows fonts): base letter followed by a mark character -----------------------------
_VNI_TONE = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_CIRC = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}


def _vni_table() -> dict[str, str]:
    """Every VNI sequence (base+mark pairs and single-character letters, both cases) → Unicode."""
    table: dict[str, str] = {}

    def add(letter: str, key: str, marks: dict[str, str], quality: str) -> None:
        for mark, tone in marks.items():
            lower = nfc(letter + quality + tone)
            table[key + mark] = lower
            table[key.upper() + mark.upper()] = lower.upper()
            table.setdefault(key.upper() + mark, lower.upper())

    for vowel in "aeouy":
        add(vowel, vowel, _VNI_TONE, "")
    add("o", "ô", _VNI_TONE, "\u031b")  # ơ + tone
    add("u", "ö", _VNI_TONE, "\u031b")  # ư + tone
    for vowel in "aeo":
        add(vowel, vowel, _VNI_CIRC, "\u0302")
    add("a", "a", _VNI_BREVE, "\u0306")
    for src, dst in _VNI_SINGLE.items():
        table[src] = dst
        table[src.upper()] = dst.upper()
    return table


VNI_TO_UNICODE: dict[str, str] = _vni_table()
_VNI_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(VNI_TO_UNICODE, key=len, reverse=True)))

# --- what a Vietnamese syllable looks like ------------------------------------------------------
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_NUCLEUS = (
    "iêu|yêu|oai|oao|oay|oeo|uây|uôi|uya|uyê|uyu|ươi|ươu|"
    "ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ươ|ưu|yê|"
    "a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
)
_SYLLABLE = re.compile(rf"^(?:{_ONSET})?(?:{_NUCLEUS})(?P<coda>ch|ng|nh|c|m|n|p|t)?$")
_EDGE_PUNCT = string.punctuation + "“”‘’…–—•"
_MAX_WORDS = 20000
_CP1258 = "cp1258"
_TAGS = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Score:
    """How Vietnamese a text looks: word count, valid syllables, mojibake markers."""

    words: int
    valid: int
    markers: int
    symbols: int
    vn_letters: int

    @property
    def ratio(self) -> float:
        return self.valid / self.words if self.words else 0.0


@lru_cache(maxsize=65536)
def is_vietnamese_syllable(word: str) -> bool:
    """True for a well-formed Vietnamese syllable (onset, vowel cluster, coda, at most one tone)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [ch for ch in decomposed if ch in _TONES]
    if len(tones) > 1:
        return False
    bare = nfc("".join(ch for ch in decomposed if ch not in _TONES))
    m = _SYLLABLE.match(bare)
    if not m:
        return False
    stop_coda = m.group("coda") in ("c", "ch", "p", "t")
    return not (stop_coda and tones and tones[0] not in ("\u0301", "\u0323"))


def _words(text: str) -> list[str]:
    """Whitespace tokens without edge punctuation that contain a letter or a TCVN3 symbol."""
    out: list[str] = []
    for raw in text.split():
        word = raw.strip(_EDGE_PUNCT)
        if word and any(ch.isalpha() or ch in TCVN3_SYMBOLS for ch in word):
            out.append(word)
            if len(out) >= _MAX_WORDS:
                break
    return out


def _has_symbol_marker(word: str) -> bool:
    """A TCVN3 symbol glued to a letter (« » count only between letters: they are also quotes)."""
    for i, ch in enumerate(word):
        if ch not in TCVN3_SYMBOLS:
            continue
        before = i > 0 and word[i - 1].isalpha()
        after = i + 1 < len(word) and word[i + 1].isalpha()
        if (before and after) or (ch not in "«»" and (before or after)):
            return True
    return False


def score(text: str) -> Score:
    words = _words(text)
    valid = markers = symbols = vn_letters = 0
    for word in words:
        ok = is_vietnamese_syllable(word)
        valid += ok
        latin1 = any("\u00a1" <= ch <= "\u00ff" for ch in word)
        markers += (not ok) and latin1
        symbols += _has_symbol_marker(word)
        vn_letters += ok and word.lower() != fold(word)
    return Score(len(words), valid, markers, symbols, vn_letters)


# --- conversions ------------------------------------------------------------------------------------
def tcvn3_to_unicode(text: str) -> str:
    """Map TCVN3 code points to Unicode, then restore capitals lost to the .VnTimeH convention."""
    return "\n".join(_tcvn3_line(line) for line in text.split("\n"))


def _tcvn3_line(line: str) -> str:
    chars = [TCVN3_TO_UNICODE.get(ch, ch) for ch in line]
    from_lower = [ch in TCVN3_TO_UNICODE and TCVN3_TO_UNICODE[ch].islower() for ch in line]
    # Whether the line is in capitals is judged on its words: "Số: 45/KH-UBND" is not a capitals line.
    wordy = [not any(ch in "0123456789/" for ch in m.group()) for m in re.finditer(r"\S+", line)]
    fixed = [
        chars[i]
        for m, keep in zip(re.finditer(r"\S+", line), wordy, strict=True)
        if keep
        for i in range(m.start(), m.end())
        if chars[i].isalpha() and not from_lower[i]
    ]
    caps_line = len(fixed) >= 4 and sum(c.isupper() for c in fixed) >= 0.9 * len(fixed)
    for m in re.finditer(r"\S+", line):
        span = range(m.start(), m.end())
        if not any(from_lower[i] for i in span):
            continue
        own = [chars[i] for i in span if chars[i].isalpha() and not from_lower[i]]
        upper_word = bool(own) and all(c.isupper() for c in own) and len(own) >= 2
        if upper_word or (caps_line and all(c.isupper() for c in own)):
            for i in span:
                chars[i] = chars[i].upper() if from_lower[i] else chars[i]
    for i in _capital_positions("".join(chars)):
        if from_lower[i] and chars[i] in _NO_CAPITAL_CODE:
            chars[i] = chars[i].upper()
    return "".join(chars)


# A line's first word (after list markers such as "-", "a)", "2.", "II.", markdown "#" or "**"), and a
# word after a full stop, start with a capital in these documents.
_LINE_START = re.compile(r"^(?:[-–—•+*#>\s]+|\(?(?:\d+(?:\.\d+)*|[a-zđ]|[IVXLC]+)[.)]\s+)*(?P<first>\w)")
_SENTENCE_START = re.compile(r"(?<![.])[.!?]\s+(?:[*_\"“(]\s*)*(?P<first>\w)")  # not after "..."
# Toned letters TCVN3 has no capital code for: only their case is lost (Đ, Ă, Â, ... have their own).
_NO_CAPITAL_CODE = frozenset(
    ch for ch in TCVN3_TO_UNICODE.values() if ch.islower() and ch.upper() not in TCVN3_TO_UNICODE.values()
)
TCVN3_CAPITALS = Path(__file__).parent / "data" / "tcvn3_capitals.txt"


def _capital_positions(line: str) -> list[int]:
    """Positions of letters that are capitals in the original although TCVN3 gave them in lower case."""
    positions = [m.start("first") for m in (_LINE_START.match(line), *_SENTENCE_START.finditer(line)) if m]
    for name, pattern in _capital_names():
        for m in pattern.finditer(line):
            positions += [m.start() + i for i, ch in enumerate(name) if ch.isupper()]
    return positions


@lru_cache(maxsize=1)
def _capital_names() -> list[tuple[str, re.Pattern[str]]]:
    """Each name of tcvn3_capitals.txt with the pattern of how TCVN3 decoding reads it (toned capitals lower)."""
    lines = TCVN3_CAPITALS.read_text(encoding="utf-8").splitlines()
    names = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    out = []
    for name in names:
        decoded = "".join(ch.lower() if ch.lower() in _NO_CAPITAL_CODE else ch for ch in name)
        out.append((name, re.compile(rf"(?<!\w){re.escape(decoded)}(?!\w)")))
    return out


def vni_to_unicode(text: str) -> str:
    """Replace VNI base+mark sequences (and VNI's single-character letters) by Unicode letters."""
    return _VNI_PATTERN.sub(lambda m: VNI_TO_UNICODE[m.group(0)], text)


_CONVERTERS = {"TCVN3": tcvn3_to_unicode, "VNI": vni_to_unicode}


# --- decisions ---------------------------------------------------------------------------------------
def _suspicious(s: Score) -> bool:
    """Enough unexplained Latin-1 words that a legacy font encoding is worth testing."""
    return s.markers >= 3 and s.markers >= 0.05 * s.words


def _certain(before: Score, after: Score) -> bool:
    """The conversion made the text clearly Vietnamese and explained almost every marker."""
    return (
        after.ratio >= 0.75
        and after.ratio - before.ratio >= 0.2
        and after.markers <= 0.1 * before.markers
        and after.symbols <= 0.1 * max(before.symbols, 1)
    )


def fix_legacy_text(path: Path | str, text: str) -> str:
    """Return NFC text, converted from TCVN3/VNI mojibake when certain; raise when it is not."""
    text = nfc(text)
    before = score(text)
    if not _suspicious(before):
        return text
    tried = {name: nfc(convert(text)) for name, convert in _CONVERTERS.items()}
    scores = {name: score(converted) for name, converted in tried.items()}
    best = max(scores, key=lambda name: scores[name].ratio)
    if _certain(before, scores[best]):
        return tried[best]
    after = scores[best]
    gained = after.ratio - before.ratio >= 0.1 and after.ratio >= 0.4  # partly Vietnamese now
    if gained or (before.symbols >= 3 and before.symbols >= 0.05 * before.words):
        suspect = best if gained else "TCVN3"
        raise IngestError(
            path,
            f"looks like TCVN3/VNI legacy font encoding (most likely {suspect}) but conversion is "
            "uncertain; re-save the file as Unicode",
        )
    return text  # accented foreign words, not a Vietnamese legacy encoding


def _bom_decode(data: bytes) -> str | None:
    """Decode text that announces its encoding with a byte-order mark."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec)
    return None


def _looks_like_cp1258(text: str) -> bool:
    """Windows-1258 decoding is right when it yields Vietnamese, or only adds punctuation/symbols."""
    extra = {ch for ch in text if ord(ch) > 0x7F}
    if extra and all(unicodedata.category(ch)[0] in "PSZ" for ch in extra):
        return True
    s = score(text)
    return s.words > 0 and s.ratio >= 0.5 and s.vn_letters >= 0.1 * s.words and s.symbols <= 0.02 * s.words


def decode_bytes(path: Path | str, data: bytes, *, legacy: bool = True) -> str:
    """Text of a .txt/.md/.html file: UTF-8 (or BOM), else Windows-1258, else TCVN3/VNI, else refuse.

    `legacy=False` (HTML) returns legacy text unconverted: the reader converts the extracted text."""
    try:
        text = _bom_decode(data)
        if text is None:
            text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        return fix_legacy_text(path, text) if legacy else nfc(text)
    return _decode_non_utf8(path, data, legacy)


def _decode_non_utf8(path: Path | str, data: bytes, legacy: bool) -> str:
    try:
        cp1258 = nfc(data.decode(_CP1258))
    except UnicodeDecodeError:
        cp1258 = None
    if cp1258 is not None and _looks_like_cp1258(cp1258):
        return cp1258
    latin1 = data.decode("latin-1")
    probe = latin1 if legacy else _TAGS.sub(" ", latin1)  # judge HTML by its words, not its markup
    if _suspicious(score(probe)):
        converted = fix_legacy_text(path, probe)  # raises when it looks legacy but is uncertain
        if converted != probe:
            return nfc(converted if legacy else latin1)
    raise IngestError(path, "not UTF-8 and not recognisable as Windows-1258 Vietnamese; re-save it as UTF-8")
