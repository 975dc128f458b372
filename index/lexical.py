"""BM25 (bm25s) over two views of each chunk: raw tokens (accents kept) and accent-folded tokens.

Persisted beside the vector store (Chroma's hybrid search is Cloud-only)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import bm25s
import numpy as np

from tip.text import fold, tokens

# Function words that carry no topic: dropped from queries and chunks alike.
STOPWORDS = {
    "và",
    "của",
    "các",
    "có",
    "là",
    "được",
    "cho",
    "với",
    "trong",
    "theo",
    "về",
    "để",
    "này",
    "những",
    "một",
    "thì",
    "tại",
    "từ",
    "đến",
    "nào",
    "gì",
    "ai",
    "ở",
    "như",
    "khi",
    "đã",
    "sẽ",
    "bị",
    "do",
    "the",
    "of",
    "and",
    "in",
    "to",
    "a",
    "an",
    "for",
    "is",
    "what",
    "who",
    "which",
    "does",
    "on",
}
# Folding merges words (tại/tài, từ/tư/tù, để/đề, do/độ): only words whose folded form is unambiguous
# in this domain are stopwords in the folded view.
FOLDED_STOPWORDS = {
    "va",
    "cua",
    "cac",
    "duoc",
    "nhung",
    "voi",
    "the",
    "of",
    "and",
    "in",
    "a",
    "an",
    "for",
    "is",
}


def raw_terms(text: str) -> list[str]:
    return [t for t in tokens(text) if t not in STOPWORDS]


def folded_terms(text: str) -> list[str]:
    return [english_stem(singular(t)) for t in tokens(fold(text)) if t not in FOLDED_STOPWORDS]


# Endings of English derived and inflected words; no Vietnamese syllable ends in any of them, so Vietnamese
# words are never touched. The longest ending that leaves four letters is cut once.
_ENGLISH_ENDINGS = (
    "abilities",
    "ability",
    "ables",
    "able",
    "ities",
    "ity",
    "ives",
    "ive",
    "ations",
    "ation",
    "ments",
    "ment",
    "ances",
    "ance",
    "ences",
    "ence",
    "ions",
    "ion",
    "ings",
    "ing",
    "ers",
    "er",
    "ed",
)


# The field's own irregular family: "trafficking", "trafficked" and "traffic" (persons) are one word.
_IRREGULAR = {"traffick": "traffic"}


def english_stem(term: str) -> str:
    """One form for an English word's family, on both the question and the document side ("extradite",
    "extradited", "extradition" → "extradit"; "consented" → "consent"; "agreed", "agree" → "agre"), so an
    English question matches an English text that words it another way."""
    if len(term) < 5 or not term.isalpha() or not term.isascii():
        return term
    for ending in _ENGLISH_ENDINGS:
        if term.endswith(ending) and len(term) - len(ending) >= 4:
            term = term[: -len(ending)]
            if term[-1] == term[-2] and term[-1] not in "aeiouls":  # "stopped" = "stop"
                term = term[:-1]
            elif term.endswith("i") and ending in ("ers", "er", "ed", "ings", "ing"):  # "carriers" = "carry"
                term = term[:-1] + "y"
            break
    term = _IRREGULAR.get(term, term)
    if term.endswith("e") and len(term) >= 5:
        term = term[:-1]
    return term[:-2] if term.endswith("at") and len(term) >= 6 else term  # "cooperat(e)" = "cooper(ation)"


def singular(term: str) -> str:
    """English plurals read as their singular ("parties" = "party", "victims" = "victim"). No Vietnamese
    syllable ends in "s", so Vietnamese words are never touched."""
    if len(term) <= 3 or not term.isalpha() or not term.endswith("s") or term.endswith("ss"):
        return term
    if term.endswith("ies"):
        return term[:-3] + "y"
    if term.endswith(("sses", "shes", "ches", "xes", "zes")):  # "businesses" = "business"
        return term[:-2]
    return term[:-1]


def with_bigrams(terms: list[str]) -> list[str]:
    """Unigrams plus syllable bigrams: Vietnamese words are mostly two syllables ("nạn nhân")."""
    return terms + [f"{a}_{b}" for a, b in itertools.pairwise(terms)]


@lru_cache(maxsize=32768)
def text_terms(text: str) -> frozenset[str]:
    """Folded unigrams and bigrams of a text, plus the bare number of each instrument identifier
    ("193/qd-ttg" also counts as "193": a question says "Quyết định 193"). Cached: the same sentences are
    scored query after query."""
    terms = folded_terms(text)
    return frozenset(with_bigrams(terms)) | number_heads(terms)


def number_heads(terms: list[str]) -> frozenset[str]:
    return frozenset(
        t.split("/", 1)[0]
        for t in terms
        if "/" in t and t[:1].isdigit() and any(ch.isalpha() for ch in t.split("/", 1)[1])
    )


class LexicalIndex:
    def __init__(self, raw: bm25s.BM25, folded: bm25s.BM25, chunk_ids: list[str]) -> None:
        self._raw = raw
        self._folded = folded
        self.chunk_ids = chunk_ids
        self._raw_vocab = set(raw.vocab_dict)
        self._folded_vocab = set(folded.vocab_dict)

    @classmethod
    def build(cls, chunk_ids: Sequence[str], texts: Sequence[str]) -> LexicalIndex:
        raw = bm25s.BM25()
        raw.index([with_bigrams(raw_terms(t)) or ["∅"] for t in texts], show_progress=False)
        folded = bm25s.BM25()
        folded.index([with_bigrams(folded_terms(t)) or ["∅"] for t in texts], show_progress=False)
        return cls(raw, folded, list(chunk_ids))

    def scores(self, query: str, folded_query: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        """BM25 scores of every chunk for the raw and the folded view of the query."""
        raw_q = [t for t in with_bigrams(raw_terms(query)) if t in self._raw_vocab]
        fold_q = [t for t in with_bigrams(folded_terms(folded_query or query)) if t in self._folded_vocab]
        n = len(self.chunk_ids)
        raw = self._raw.get_scores(raw_q) if raw_q else np.zeros(n)
        folded = self._folded.get_scores(fold_q) if fold_q else np.zeros(n)
        return np.asarray(raw, dtype=np.float32), np.asarray(folded, dtype=np.float32)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._raw.save(str(folder / "raw"), show_progress=False)
        self._folded.save(str(folder / "folded"), show_progress=False)
        (folder / "chunk_ids.json").write_text(json.dumps(self.chunk_ids), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        raw = bm25s.BM25.load(str(folder / "raw"), show_progress=False)
        folded = bm25s.BM25.load(str(folder / "folded"), show_progress=False)
        ids = json.loads((folder / "chunk_ids.json").read_text(encoding="utf-8"))
        return cls(raw, folded, ids)
