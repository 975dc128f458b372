"""Which document answers for a place a question names, across the 2025 merger, and the label that says so.

A place with a document is answered from it. A post-2025 unit with none is answered from a predecessor's
document ("the plan of former Kon Tum province, now part of Quảng Ngãi"); a pre-2025 province with none,
from the plan of the unit it merged into when that plan post-dates the merger (Bình Phước → Đồng Nai's
2026–2030 plan). Either substitution is labelled, never silent. Anything else has no document.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from index.places import Gazetteer, Place
from tip.domain import DocumentMeta

How = Literal["direct", "predecessor", "successor", "none"]
_PLAN_TYPES = {"plan", "decision_and_plan"}


@dataclass(frozen=True)
class Resolution:
    """How one named place is answered: from its own documents, a predecessor's, a successor's, or not."""

    place: Place
    how: How
    docs: tuple[DocumentMeta, ...] = ()
    via: tuple[Place, ...] = ()  # the predecessors or the successor whose documents stand in

    @property
    def jurisdictions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(d.jurisdiction_name for d in self.docs))

    @property
    def substituted(self) -> bool:
        return self.how in ("predecessor", "successor")

    def note(self, lang: str, answered: bool = True) -> str | None:
        """The first line of an answer drawn from another unit's document (None when direct)."""
        if not self.substituted:
            return None
        en = lang == "en"
        word = _doc_word(self.docs, en)
        name = self.place.name
        source = self._source(en, word)
        if en:
            head = f"No {name} {word} in the corpus; "
            return head + (f"{source} says:" if answered else f"searched {source} instead.")
        head = f"Kho dữ liệu không có {word} của {name}; "
        return head + (f"{source} nói:" if answered else f"đã tìm trong {source}.")

    def _source(self, en: bool, word: str) -> str:
        """'the plan of former Kon Tum province (now part of Quảng Ngãi)', or for a successor 'former
        Bình Phước province is now part of Đồng Nai, and the plan of Đồng Nai city (2026, after …)'."""
        if self.how == "predecessor":
            olds = _joined([_former(p, en) for p in self.via], en)
            return (
                f"the {word} of {olds} (now part of {self.place.name})"
                if en
                else f"{word} của {olds} (nay thuộc {self.place.name})"
            )
        unit = self.via[0]
        years = ", ".join(sorted({str(d.effective_year) for d in self.docs if d.effective_year}))
        when = f"{years}, " if years else ""
        if en:
            return (
                f"{_former(self.place, en)} is now part of {unit.name}, and the {word} of "
                f"{unit.official('en')} ({when}after the 2025 merger)"
            )
        return (
            f"{_former(self.place, en)} nay thuộc {unit.name}, và {word} của {unit.official('vi')} "
            f"({when}sau sáp nhập năm 2025)"
        )

    def pointer(self) -> str:
        """For a listing that cannot carry a label: which jurisdiction to ask for instead (English)."""
        use = " or ".join(repr(j) for j in self.jurisdictions)
        head = f"the corpus has no document for {self.place.name}"
        if self.how == "predecessor":
            olds = _joined([_former(p, True) for p in self.via], True)
            return f"{head}; {olds} (now part of {self.place.name}) has one: use jurisdiction={use}"
        return (
            f"{head}; {_former(self.place, True)} is now part of {self.via[0].name}, whose documents "
            f"post-date the 2025 merger: use jurisdiction={use}"
        )

    def relation(self, lang: str) -> str:
        """' (now part of Gia Lai)' / ' (nay thuộc Gia Lai)' for a merged province, '' when none."""
        en = lang == "en"
        if self.place.merged_into:
            return (
                f" (now part of {self.place.merged_into})" if en else f" (nay thuộc {self.place.merged_into})"
            )
        return ""


class Coverage:
    """The places a corpus's documents cover (by `DocumentMeta.jurisdiction_name`), resolved through the
    gazetteer. Built once per loaded index."""

    def __init__(self, gazetteer: Gazetteer, metas: Iterable[DocumentMeta]) -> None:
        self.gazetteer = gazetteer
        self._docs: dict[str, list[DocumentMeta]] = {}
        for meta in metas:
            place = gazetteer.resolve(meta.jurisdiction_name) if meta.jurisdiction != "national" else None
            if place is not None:
                self._docs.setdefault(place.name, []).append(meta)

    def docs_of(self, place: Place) -> list[DocumentMeta]:
        return self._docs.get(place.name, [])

    def resolve(self, place: Place) -> Resolution:
        own = self.docs_of(place)
        if own:
            return Resolution(place, "direct", tuple(own))
        olds = [p for p in (self.gazetteer.get(n) for n in place.absorbed) if p and self.docs_of(p)]
        if olds:
            return Resolution(
                place, "predecessor", tuple(d for p in olds for d in self.docs_of(p)), tuple(olds)
            )
        unit = self.gazetteer.get(place.merged_into) if place.merged_into else None
        later = [d for d in self.docs_of(unit) if self._after_merger(d)] if unit else []
        if unit and later:
            return Resolution(place, "successor", tuple(later), (unit,))
        return Resolution(place, "none")

    def _after_merger(self, meta: DocumentMeta) -> bool:
        """A document issued once the merged unit existed (a year alone must be a later year)."""
        effective = self.gazetteer.merger_effective
        if meta.issued:
            return meta.issued >= effective
        return bool(meta.year and meta.year > effective.year)


def _doc_word(docs: Iterable[DocumentMeta], en: bool) -> str:
    plans = all(d.doc_type in _PLAN_TYPES for d in docs)
    if en:
        return "plan" if plans else "document"
    return "kế hoạch" if plans else "văn bản"


def _former(place: Place, en: bool) -> str:
    """'former Kon Tum province' / 'tỉnh Kon Tum cũ'."""
    return f"former {place.official('en')}" if en else f"{place.official('vi')} cũ"


def _joined(parts: list[str], en: bool) -> str:
    if len(parts) < 2:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {'and' if en else 'và'} {parts[-1]}"
