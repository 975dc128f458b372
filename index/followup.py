"""Follow-up questions in a thread. Officers chat: after "Ai chủ trì hỗ trợ nạn nhân ở Kon Tum?" they type
"còn Kiên Giang?", "and who coordinates?", "còn tuyên truyền thì sao?" or "nguồn đâu?". `resolve` decides
from the message alone whether it is elliptical and, when it is, completes it from the previous answer's
understood question:

- a new place, the same topic ("ở Đồng Nai thì sao", "what about the national plan?");
- the same task, the other role ("ai phối hợp?", "and who leads?");
- the same place, a new topic ("còn tuyên truyền?", "what about border control there?");
- "this document" (the previous answer's document becomes the filter);
- the previous answer's sources ("nguồn đâu?").

A message with a topic of its own and no continuation word ("Ai chủ trì tuyên truyền?") stands on its own
and is never rewritten. `understanding` builds the "Hiểu câu hỏi là: …" line every answer carries.
Cue words live in `index/data/followup.yaml`, each list naming the class of message it serves."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from index.intent import Cues, QueryAnalysis, classify, detect_language, folded_text, framing_phrases
from index.places import default_gazetteer
from tip.domain import Answer, Citation, DocumentMeta, FollowUpKind, Understanding
from tip.text import collapse_ws, fold, nfc, tokens

ROLES = ("lead", "coordinators")


@dataclass(frozen=True)
class FollowUpCues:
    """The lists of followup.yaml, folded where they are matched."""

    openers: tuple[str, ...]
    closers: tuple[str, ...]
    sources: tuple[str, ...]
    this_document: tuple[str, ...]
    there: tuple[str, ...]
    filler: tuple[str, ...]
    prepositions: dict[str, tuple[str, ...]]
    place_phrase: dict[str, str]
    national_phrase: dict[str, str]
    roles: dict[str, dict[str, tuple[str, ...]]]  # role → language → verbs as written (accented)
    role_question: dict[str, dict[str, str]]
    labels: dict[str, dict[str, str]]

    @classmethod
    @cache
    def load(cls) -> FollowUpCues:
        from index.query import _load_yaml

        data = _load_yaml("followup.yaml")
        return cls(
            openers=_folded(data["openers"]["words"]),
            closers=_folded(data["closers"]["words"]),
            sources=_folded(data["sources"]["words"]),
            this_document=_folded(data["this_document"]["words"]),
            there=_folded(data["there"]["words"]),
            filler=_folded(data["filler"]["words"]),
            prepositions={k: _folded(v) for k, v in _langs(data["prepositions"]).items()},
            place_phrase=_langs(data["place_phrase"]),
            national_phrase=_langs(data["national_phrase"]),
            roles={r: {k: tuple(v) for k, v in _langs(data["roles"][r]).items()} for r in ROLES},
            role_question=_langs(data["role_question"]),
            labels=_langs(data["labels"]),
        )


def _folded(values: Sequence[Any]) -> tuple[str, ...]:
    phrases = (" ".join(tokens(fold(str(v)))) for v in values)
    return tuple(sorted(dict.fromkeys(p for p in phrases if p), key=len, reverse=True))


def _langs(spec: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in spec.items() if k != "serves"}


def ui_lang(lang: str) -> str:
    """The language of labels and templates: English, or Vietnamese (accented or not)."""
    return "en" if lang == "en" else "vi"


# -- reading the message ------------------------------------------------------------------------
@dataclass(frozen=True)
class Message:
    """What a short message carries, read without the index: places, roles, cue words and topic words."""

    text: str
    lang: str
    places: tuple[str, ...]
    national: bool
    answer_type: str
    continues: bool  # opens or closes with a continuation word ("còn …", "… thì sao", "what about …")
    there: bool  # points back at the previous place ("ở đó", "there")
    this_document: bool
    asks_sources: bool  # the message is only "nguồn đâu?" / "source?"
    topic: tuple[str, ...]  # folded words left once places, cue words and question words are removed


def read_message(text: str, lang: str | None = None) -> Message:
    cues, intents = FollowUpCues.load(), Cues.load()
    text = collapse_ws(nfc(text))
    lang = lang or detect_language(text)
    mentions = default_gazetteer().find(text)
    unplaced = text
    for m in reversed(mentions):
        unplaced = unplaced[: m.start] + " " + unplaced[m.end :]
    folded = folded_text(text)
    answer_type = classify(folded)
    national = _has(folded, intents.national)
    rest = folded_text(unplaced)
    if (
        answer_type in ROLES
    ):  # "ai phối hợp", "who leads": the role asked is no topic (a deadline, a budget is)
        rest = _without(rest, framing_phrases(QueryAnalysis(text, lang, answer_type, text)))
        rest = _without(rest, [p for r in ROLES for p in intents.types[r].get("cues", ())])
    asks_sources = _only(rest, cues.sources, cues.filler)
    for phrases in (intents.national, cues.this_document, cues.there, cues.openers, cues.closers):
        rest = _without(rest, phrases)
    return Message(
        text=text,
        lang=lang,
        places=tuple(dict.fromkeys(m.name for m in mentions)),
        national=national,
        answer_type=answer_type,
        continues=_opens(folded, cues.openers) or _closes(folded, cues.closers),
        there=_has(folded, cues.there),
        this_document=_has(folded, cues.this_document),
        asks_sources=asks_sources,
        topic=tuple(_without(rest, cues.filler).split()),
    )


def _has(folded: str, phrases: Sequence[str]) -> bool:
    return any(f" {p} " in folded for p in phrases)


def _opens(folded: str, phrases: Sequence[str]) -> bool:
    return any(folded.startswith(f" {p} ") for p in phrases)


def _closes(folded: str, phrases: Sequence[str]) -> bool:
    return any(folded.endswith(f" {p} ") for p in phrases)


def _without(folded: str, phrases: Sequence[str]) -> str:
    """`folded` (space-padded) with every occurrence of the phrases removed, longest first."""
    for p in sorted(phrases, key=len, reverse=True):
        while f" {p} " in folded:
            folded = folded.replace(f" {p} ", " ")
    return folded


def _only(folded: str, wanted: Sequence[str], filler: Sequence[str]) -> bool:
    """The text holds one of `wanted` and nothing else but filler words."""
    if not _has(folded, wanted):
        return False
    return not _without(_without(folded, wanted), filler).split()


# -- resolving ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FollowUp:
    """The question the engine answers: the message itself, or the message completed from the thread."""

    question: str
    kind: FollowUpKind | None = None
    doc_ids: tuple[str, ...] = ()  # "this document": the previous answer's document(s)
    jurisdiction: str | None = None  # "national" for "what about the national plan?"
    previous: Answer | None = field(default=None, repr=False)
    message: str = ""  # as the user typed it

    @property
    def rewritten(self) -> bool:
        """The question asked is not the message: it was completed from the previous question."""
        return self.kind in ("place", "role", "topic")


def resolve(message: str, previous: Answer | None, lang: str | None = None) -> FollowUp:
    """The message completed from the previous answer when it is elliptical; else the message as typed."""
    msg = read_message(message, lang)
    follow = replace(_resolve(msg, previous), message=msg.text)
    if (
        follow.rewritten
    ):  # "… in the national plan" is searched in the national documents, whatever completed it
        done = read_message(follow.question)
        if done.national and not done.places:
            follow = replace(follow, jurisdiction="national")
    return follow


def _resolve(msg: Message, previous: Answer | None) -> FollowUp:
    base = _previous_question(previous)
    if previous is None or base is None:
        return FollowUp(msg.text)
    if msg.asks_sources:
        return FollowUp(msg.text, "sources", previous=previous)
    before = read_message(base)
    if not msg.topic and (msg.places or msg.national):
        question = _with_place(base, before.lang, msg.places[:1], msg.national)
        if msg.answer_type in ROLES:
            question = _with_role(question, before, msg.answer_type) or question
        return FollowUp(question, "place", previous=previous)
    if not msg.topic and msg.answer_type in ROLES and not msg.this_document:
        if msg.answer_type == before.answer_type and not msg.continues:
            return FollowUp(msg.text)  # "ai chủ trì?" after a lead question: nothing to complete
        swapped = _with_role(base, before, msg.answer_type)
        return FollowUp(swapped, "role", previous=previous) if swapped else FollowUp(msg.text)
    if msg.this_document and _documents_of(previous):
        return FollowUp(msg.text, "document", _documents_of(previous), previous=previous)
    if msg.topic and not msg.places and not msg.national and (msg.continues or msg.there):
        return FollowUp(_new_topic(msg, before), "topic", previous=previous)
    return FollowUp(msg.text)


def _previous_question(previous: Answer | None) -> str | None:
    if previous is None:
        return None
    return previous.understood.question if previous.understood else previous.question


def _documents_of(previous: Answer) -> tuple[str, ...]:
    """The document a "this document" follow-up means: the previous answer's first source's."""
    cited = previous.citations or previous.see_also
    return (cited[0].doc_id,) if cited else ()


def _with_place(question: str, lang: str, places: Sequence[str], national: bool) -> str:
    """The previous question with its place (or national level) swapped for the new one."""
    cues = FollowUpCues.load()
    ui = ui_lang(lang)
    bare = _without_places(question, cues.prepositions[ui])
    phrase = cues.national_phrase[ui] if national and not places else cues.place_phrase[ui]
    return _append(bare, phrase.format(place=places[0] if places else ""))


def _without_places(question: str, prepositions: Sequence[str]) -> str:
    """The question without the places and national-level phrases it names, nor the word before them."""
    spans = [(m.start, m.end) for m in default_gazetteer().find(question)]
    spans += [s for p in Cues.load().national for s in _spans(question, p)]
    for start, end in sorted(spans, reverse=True):
        start = _preposition_start(question, start, prepositions)
        question = question[:start].rstrip(" ,") + " " + question[end:].lstrip()
    return collapse_ws(question)


def _preposition_start(text: str, start: int, prepositions: Sequence[str]) -> int:
    """Where the preposition right before `start` begins ("ở Kon Tum", "in Kon Tum"), else `start`."""
    head = fold(text[:start]).rstrip()
    for p in prepositions:
        if head.endswith(f" {p}") or head == p:
            return len(head) - len(p)
    return start


def _append(question: str, phrase: str) -> str:
    """`phrase` added at the end of the question, before its closing punctuation."""
    body = question.rstrip(" ?.!")
    mark = question[len(body) :].strip() or "?"
    return _capitalised(f"{body} {phrase}{mark}") if phrase else question


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _spans(text: str, folded_phrase: str) -> list[tuple[int, int]]:
    """Where a folded phrase occurs in `text` as whole words (folding keeps a Vietnamese text's length)."""
    folded = fold(text)
    if len(folded) != len(text):
        return []
    words = r"\s+".join(re.escape(w) for w in folded_phrase.split())
    pattern = rf"(?<!\w){words}(?!\w)"
    return [(m.start(), m.end()) for m in re.finditer(pattern, folded)]


def _with_role(question: str, before: Message, role: str) -> str | None:
    """The previous question with its role verb swapped ("chủ trì" → "phối hợp", "leads" → "coordinates")."""
    roles = FollowUpCues.load().roles
    ui = ui_lang(before.lang)
    for current in (r for r in ROLES if r != role):
        for i, verb in enumerate(roles[current][ui]):
            found = _spans(question, " ".join(tokens(fold(verb))))
            if found:
                start, end = found[0]
                targets = roles[role][ui]
                return question[:start] + targets[min(i, len(targets) - 1)] + question[end:]
    return None


def _new_topic(msg: Message, before: Message) -> str:
    """The new topic asked the way the previous question asked (who leads, who coordinates), at the previous
    place."""
    cues = FollowUpCues.load()
    ui = ui_lang(msg.lang)  # the new topic is in the message's words: asked in its language
    topic = _trimmed(msg.text, cues)
    if msg.answer_type == "fact" and before.answer_type in ROLES:
        topic = cues.role_question[ui][before.answer_type].format(topic=topic)
    if before.places:
        return _append(topic, cues.place_phrase[ui].format(place=before.places[0]))
    if before.national:
        return _append(topic, cues.national_phrase[ui])
    return _append(topic, "")


def _trimmed(text: str, cues: FollowUpCues) -> str:
    """The message without its continuation words and its "there" ("còn tuyên truyền thì sao?" → "tuyên
    truyền")."""
    text = text.strip().rstrip(" ?.!")
    for p in cues.openers:
        found = _spans(text, p)
        if found and found[0][0] == 0:
            text = text[found[0][1] :].strip(" ,")
    for p in cues.closers:
        found = _spans(text, p)
        if found and found[-1][1] == len(text):
            text = text[: found[-1][0]].strip(" ,")
    for p in cues.there:
        for start, end in reversed(_spans(text, p)):
            text = text[:start] + " " + text[end:]
    return collapse_ws(text).strip(" ,")


# -- answers ------------------------------------------------------------------------------------
def sources_answer(follow: FollowUp, lang: str, section_text: Callable[[str], str | None]) -> Answer:
    """ "nguồn đâu?": the previous answer's sources again, each with its quote (the full section texts come
    from the index: a thread keeps only the citations)."""
    assert follow.previous is not None
    labels = FollowUpCues.load().labels[ui_lang(lang)]
    previous = follow.previous
    cited = [
        c.model_copy(update={"text": section_text(c.section_id) or c.text}) for c in _referenced(previous)
    ]
    lines = [labels["sources_intro"]] if cited else [labels["no_sources"]]
    for n, c in enumerate(cited, 1):
        label = c.section_id.partition("#")[2]
        where = labels["preamble"] if label == "preamble" else f"{labels['section']} {label}"
        name = c.doc_short_name or c.doc_title
        lines.append(f"[{n}] {name} ({c.jurisdiction}), {where}: «{c.quote}»")
    question = labels["sources_of"].format(question=_previous_question(previous))
    docs = list(dict.fromkeys(c.doc_short_name or c.doc_id for c in cited))
    return Answer(
        question=follow.question,
        answer="\n".join(lines),
        abstained=not cited,
        citations=cited,
        lang=lang,
        kind="sources",
        jurisdictions=previous.jurisdictions,
        understood=_understanding(question, lang, previous.jurisdictions, docs, "sources"),
    )


def _referenced(previous: Answer) -> list[Citation]:
    """The citations the previous answer's text points to ([1], [2] …), else all of them."""
    marked = {int(n) for n in re.findall(r"\[(\d+)\]", previous.answer)}
    chosen = [c for n, c in enumerate(previous.citations, 1) if n in marked]
    return chosen or list(previous.citations)


def understood(
    answer: Answer,
    qa: QueryAnalysis,
    follow: FollowUp,
    doc_ids: Sequence[str],
    metas: Mapping[str, DocumentMeta],
) -> Answer:
    """The answer with the line every answer carries (the question as answered, the places and documents
    searched), and the message as the user typed it."""
    documents = [metas[d].short_name if d in metas else d for d in doc_ids]
    line = _understanding(
        _capitalised(_places_spelt(qa.restored, qa.places)),
        qa.lang,
        answer.jurisdictions,
        documents,
        follow.kind,
    )
    return answer.model_copy(update={"understood": line, "question": follow.message or answer.question})


def _places_spelt(text: str, places: Sequence[str]) -> str:
    """The places the question names spelt as the gazetteer spells them ("ở kon tum" → "ở Kon Tum")."""
    for name in places:
        for start, end in reversed(_spans(text, " ".join(tokens(fold(name))))):
            text = text[:start] + name + text[end:]
    return text


def _understanding(
    question: str, lang: str, places: Sequence[str], documents: Sequence[str], kind: FollowUpKind | None
) -> Understanding:
    labels = FollowUpCues.load().labels[ui_lang(lang)]
    parts = [f"{labels['understood']}: {question}"]
    if places:
        parts.append(f"{labels['place']}: {', '.join(places)}")
    if documents:
        parts.append(f"{labels['documents']}: {', '.join(documents)}")
    return Understanding(
        question=question,
        places=list(places),
        documents=list(documents),
        follow_up=kind,
        text=" · ".join(parts),
    )


def slim(answer: Answer) -> Answer:
    """What a thread keeps of an answer: everything but the cited sections' full texts (the index has them)."""
    strip = [c.model_copy(update={"text": ""}) for c in answer.citations]
    see = [c.model_copy(update={"text": ""}) for c in answer.see_also]
    return answer.model_copy(update={"citations": strip, "see_also": see})
