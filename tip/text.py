"""Vietnamese text helpers used across packages: normalisation, accent folding, tokens."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WS = re.compile(r"\s+")
_TOKEN = re.compile(r"[0-9]+(?:[/.,-][0-9A-Za-zĐđ]+)*|[^\W\d_]+", re.UNICODE)
_DASHES = str.maketrans({"–": "-", "—": "-", "‑": "-", "−": "-"})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def collapse_ws(text: str) -> str:
    return _WS.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case and strip Vietnamese diacritics (đ → d): 'Đường' → 'duong'."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.replace("đ", "d")


def has_diacritics(text: str) -> bool:
    return fold(text) != text.lower()


_YEAR_RANGE = re.compile(r"\b(\d{4})\s*[-–—]\s*(\d{4})\b")


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens; numbers keep their inner separators (78/KH-UBND, 30/7), but a year range
    is two years however it is typed ("2021-2025" = "2021 - 2025")."""
    return [t.lower() for t in _TOKEN.findall(_YEAR_RANGE.sub(r"\1 \2", nfc(text)))]


def normalize_dashes(text: str) -> str:
    return text.translate(_DASHES)


def match_normalize(text: str) -> str:
    """Eval-schema normalisation for citation matching: NFC, case-folded, `* _ #` removed, spaces collapsed."""
    text = nfc(text).casefold()
    text = re.sub(r"[*_#]", "", text)
    return collapse_ws(text)


def answer_normalize(text: str) -> str:
    """Eval-schema normalisation for answer_contains: as above, diacritics ignored, dashes as spaces."""
    text = match_normalize(text)
    text = re.sub(r"[-–—]", " ", text)
    return collapse_ws(fold(text))


def shorten(text: str, limit: int) -> str:
    text = collapse_ws(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"
