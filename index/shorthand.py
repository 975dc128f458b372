"""Vietnamese typed in users' own voices: phone shorthand expanded before analysis ("kh pcmbn" → "kế hoạch
phòng, chống mua bán người"), and conversational words that say nothing about the topic. Data:
index/data/shorthand.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tip.text import nfc


@dataclass(frozen=True)
class Shorthand:
    always: re.Pattern[str] | None
    before_number: re.Pattern[str] | None
    expansions: dict[str, str]
    glued: re.Pattern[str] | None
    glued_words: dict[str, str]
    conversation: frozenset[str]
    everyday: tuple[str, ...]
    everyday_weight: int

    @classmethod
    @cache
    def load(cls) -> Shorthand:
        from index.query import _load_yaml

        data = _load_yaml("shorthand.yaml")
        always = {nfc(str(k)).lower(): str(v) for k, v in data["shorthand"]["always"].items()}
        numbered = {nfc(str(k)).lower(): str(v) for k, v in data["shorthand"]["before_number"].items()}
        glued = {nfc(str(k)).lower(): str(v) for k, v in data["shorthand"].get("glued_to_number", {}).items()}
        return cls(
            always=_alternation(always, ""),
            before_number=_alternation(numbered, r"(?=\s*\d)"),
            expansions={**numbered, **always},
            glued=_glued_pattern(glued) if glued else None,
            glued_words=glued,
            conversation=frozenset(nfc(str(w)).lower() for w in data["conversation"]["words"]),
            everyday=tuple(nfc(str(w)).lower() for w in data["everyday"]["words"]),
            everyday_weight=int(data["everyday"]["weight"]),
        )

    def expand(self, question: str) -> str:
        """The question with its shorthand written out (whole words, any case)."""
        for pattern in (self.always, self.before_number):
            if pattern is not None:
                question = pattern.sub(lambda m: self.expansions[_key(m.group(0))], question)
        if self.glued is not None:
            question = self.glued.sub(
                lambda m: f"{self.glued_words[m.group(1).lower()]} {m.group(2)}", question
            )
        return question

    def without_shorthand(self, question: str) -> str:
        """The question without its shorthand: what language detection should look at ("mbn" is not an
        English word)."""
        for pattern in (self.always, self.before_number):
            if pattern is not None:
                question = pattern.sub(" ", question)
        return question

    def without_conversation(self, text: str) -> str:
        """The text with its conversational words and phrases blanked (accents kept: tôi, not tội)."""
        return self._conversation.sub(" ", nfc(text)) if self.conversation else text

    @property
    def _conversation(self) -> re.Pattern[str]:
        return _conversation_pattern(self.conversation)


def _glued_pattern(words: dict[str, str]) -> re.Pattern[str]:
    letters = "|".join(re.escape(k) for k in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w/.-])({letters})(\d{{1,3}})(?![\w/-])", re.IGNORECASE)


@cache
def _conversation_pattern(words: frozenset[str]) -> re.Pattern[str]:
    body = "|".join(
        r"\s+".join(re.escape(w) for w in k.split()) for k in sorted(words, key=len, reverse=True)
    )
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", nfc(text)).lower()


def _alternation(entries: dict[str, str], after: str) -> re.Pattern[str] | None:
    if not entries:
        return None
    keys = sorted(entries, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(w) for w in k.split()) for k in keys)
    return re.compile(rf"(?<![\w/.-])(?:{body})(?![\w/-]){after}", re.IGNORECASE)
