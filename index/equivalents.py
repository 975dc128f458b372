"""The user's words are not the document's words: abbreviations and their full forms ("UBND" = "Ủy ban nhân
dân"), everyday words for the documents' terms ("tiền" = "kinh phí"), and English abbreviations ("PC" =
"People's Committee"). One list (index/data/equivalents.yaml), read here for both directions: a question
writing any form of a group searches every form, so a section writing another form matches it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tip.text import fold, nfc, tokens

Group = tuple[str, ...]  # the form the question wrote first, then the other forms of its group


@dataclass(frozen=True)
class Equivalents:
    groups: tuple[tuple[str, Group], ...]  # (class, forms)

    @classmethod
    @cache
    def load(cls) -> Equivalents:
        from index.query import _load_yaml

        data = _load_yaml("equivalents.yaml")
        return cls(
            groups=tuple((str(g["class"]), tuple(nfc(str(f)) for f in g["forms"])) for g in data["groups"])
        )

    def spell_out_english(self, question: str) -> str:
        """An English question with its abbreviations written out ("the district PCs" → "the district
        People's Committees"), so the glossary reads the full name. Matched as typed: upper-case words only."""
        pattern, spelt = _english_pattern(self)
        if pattern is None:
            return question
        return pattern.sub(lambda m: spelt[m.group(0)], question)

    def found(self, text: str) -> list[Group]:
        """The groups a Vietnamese text names, each with the form it wrote first: the longest form wins
        where forms overlap ("Ủy ban Mặt trận Tổ quốc" before "Mặt trận Tổ quốc")."""
        folded = " " + " ".join(tokens(fold(text))) + " "
        accented = " " + " ".join(tokens(nfc(text).lower())) + " "
        taken: list[tuple[int, int]] = []
        out: list[Group] = []
        for form, group in _vietnamese_forms(self):
            haystack = accented if _accent_sensitive(form) else folded
            needle = " " + _match_key(form) + " "
            start = haystack.find(needle)
            span = (start + 1, start + len(needle) - 1)  # the words, not the spaces around them
            if start < 0 or (haystack is folded and _overlaps(taken, span)):
                continue
            if haystack is folded:
                taken.append(span)
            out.append((form, *(f for f in group if f != form)))
        return list({g[0]: g for g in out}.values())

    def variants(self, phrase: str) -> list[str]:
        """The phrase with each form it writes put in every other form of its group ("Ủy ban nhân dân cấp
        tỉnh" → "UBND cấp tỉnh"): alternatives of a glossary concept for a section writing the other form."""
        out: list[str] = []
        for group in self.found(phrase):
            pattern = _form_pattern(group[0])
            out += [pattern.sub(other.replace("\\", r"\\"), phrase, count=1) for other in group[1:]]
        return [v for v in dict.fromkeys(out) if v != phrase]

    @staticmethod
    def blank(folded_text: str, groups: list[Group], gap: str) -> str:
        """A folded text with the forms it wrote of these groups replaced by a gap: their words count once,
        as the group, not as loose words."""
        text = f" {folded_text} "
        for group in groups:
            text = text.replace(f" {' '.join(tokens(fold(group[0])))} ", gap)
        return text.strip()


def _match_key(form: str) -> str:
    return " ".join(tokens(nfc(form).lower() if _accent_sensitive(form) else fold(form)))


def folds_ambiguously(form: str) -> bool:
    """A one-syllable word with diacritics: folded, it is several words ("tiền", "tiến", "tiên" → "tien"),
    so it is matched with its diacritics and its folded form is no evidence."""
    return _accent_sensitive(form)


def _accent_sensitive(form: str) -> bool:
    """A one-syllable everyday word is matched with its diacritics: "tiền" is not "tiến" (folded alike)."""
    words = tokens(nfc(form).lower())
    return len(words) == 1 and fold(words[0]) != words[0] and not form.isupper()


def _form_pattern(form: str) -> re.Pattern[str]:
    """A form as typed in a phrase: whole words, any case, any run of spaces or punctuation between words."""
    words = tokens(nfc(form))
    return re.compile(r"(?<!\w)" + r"[\W_]+".join(re.escape(w) for w in words) + r"(?!\w)", re.IGNORECASE)


def _overlaps(taken: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    return any(span[0] < end and span[1] > begin for begin, end in taken)


@cache
def _vietnamese_forms(eq: Equivalents) -> tuple[tuple[str, Group], ...]:
    """Every form of the non-English groups, longest first."""
    forms = [(f, group) for cls, group in eq.groups if cls != "english" for f in group]
    return tuple(sorted(forms, key=lambda fg: -len(_match_key(fg[0]))))


@cache
def _english_pattern(eq: Equivalents) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    spelt = {group[0]: group[1] for cls, group in eq.groups if cls == "english" and len(group) > 1}
    if not spelt:
        return None, {}
    body = "|".join(re.escape(k) for k in sorted(spelt, key=len, reverse=True))
    return re.compile(rf"(?<![\w/&-])(?:{body})(?![\w/&-])"), spelt
