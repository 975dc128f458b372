"""Pure rendering to Telegram HTML. Every piece of document or user text goes through `escape`, and
messages are cut into pages measured after escaping, because Telegram rejects a message over
4,096 characters or with a stray `<` or `&` (the whole answer would be lost)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from bot.client import ApiAnswer, ApiCitation, ApiDocument
from bot.texts import Lang, msg, plain
from index.places import default_gazetteer
from tip.text import collapse_ws, fold, normalize_dashes, shorten

TELEGRAM_LIMIT = 4096
PAGE_LIMIT = 4000  # a margin under Telegram's limit for the page header
_SEPARATORS = ("\n\n", "\n", " ")


def escape(text: str) -> str:
    """Telegram HTML escaping: `<`, `>`, `&` and quotes."""
    return html.escape(text, quote=True)


def split_escaped(text: str, limit: int) -> list[str]:
    """Escaped chunks of `text`, each at most `limit` long, cut at paragraph, line, then word boundaries
    (never inside an `&amp;`: cutting happens before escaping)."""
    if limit < 8:
        raise ValueError("a page must hold at least 8 characters")
    chunks = [escape(piece.strip()) for piece in _split_raw(text.strip(), limit, _SEPARATORS)]
    return [c for c in chunks if c] or [""]


def _split_raw(text: str, limit: int, separators: Sequence[str]) -> list[str]:
    if len(escape(text)) <= limit:
        return [text]
    if not separators:
        return _split_chars(text, limit)
    sep, rest = separators[0], separators[1:]
    out: list[str] = []
    current = ""
    for part in text.split(sep):
        candidate = f"{current}{sep}{part}" if current else part
        if len(escape(candidate)) <= limit:
            current = candidate
            continue
        if current:
            out.append(current)
        if len(escape(part)) <= limit:
            current = part
        else:
            *whole, current = _split_raw(part, limit, rest)
            out.extend(whole)
    if current:
        out.append(current)
    return out


def _split_chars(text: str, limit: int) -> list[str]:
    """Last resort for a 'word' longer than a page: cut by characters, measuring escaped length."""
    out, current = [], ""
    for ch in text:
        if len(escape(current + ch)) > limit:
            out.append(current)
            current = ""
        current += ch
    return [*out, current] if current else out


def pack(blocks: Iterable[str], limit: int = PAGE_LIMIT) -> list[str]:
    """Join HTML blocks (each complete, each under `limit`) into as few pages as fit, in order."""
    pages: list[str] = []
    for block in blocks:
        if pages and len(pages[-1]) + 2 + len(block) <= limit:
            pages[-1] = f"{pages[-1]}\n\n{block}"
        else:
            pages.append(block)
    return pages or [""]


# -- answers -------------------------------------------------------------------------
QUOTE_LIMIT = 400  # the quote under the answer: the answering sentence, cut to fit a phone screen
ANSWER_LIMIT = 800  # the answer's own lines; the full text of every source is one button away
_REFERENCE_LINE = re.compile(r"^\(?(Nguồn|Source) \[\d+\]:")
_QUOTED_SOURCE = re.compile(r"(?:\(?(?:Nguồn|Source) )?\[\d+\][^\n«\[\]]{0,60}: «.*?»\)?", re.DOTALL)
_QUOTE_PROBE = 60  # characters of a quote that identify the answer line repeating it
_SENTENCE_ENDS = (".!?", ";", ",")


def shown_citations(answer: ApiAnswer) -> list[ApiCitation]:
    """The sources a reader gets buttons for: the citations, or 'see also' when the answer abstained."""
    return list(answer.citations) if answer.citations else list(answer.see_also)


def citation_label(c: ApiCitation) -> str:
    """'document short name (place) — section path', plain text."""
    name = c.doc_short_name or c.doc_title or c.doc_id
    place = f" ({c.jurisdiction})" if c.jurisdiction else ""
    return shorten(f"{name}{place} — {c.heading_path}", 400)


def section_label(c: ApiCitation) -> str:
    """The section id as a reader finds it in the document ('II.3.2' of 'kh-kontum-actip#II.3.2')."""
    return c.section_id.partition("#")[2] or c.section_id


def source_line(n: int, c: ApiCitation, lang: Lang, limit: int = PAGE_LIMIT) -> str:
    """'[n] short title (place) · section II.3.2', HTML, one short line."""
    name = shorten(c.doc_short_name or c.doc_title or c.doc_id, 60)
    place = f" ({c.jurisdiction})" if c.jurisdiction and fold(c.jurisdiction) not in fold(name) else ""
    where = plain(lang, "section_ref", label=section_label(c))
    return _fit(f"<b>[{n}]</b> ", f"{name}{place} · {where}", limit)


def cut_quote(quote: str, limit: int = QUOTE_LIMIT) -> str:
    """The quote up to the end of its first sentence (or clause) that fits in `limit`, marked '…' when cut."""
    quote = collapse_ws(quote)
    if len(quote) <= limit:
        return quote
    head = quote[: limit - 2]
    for ends in _SENTENCE_ENDS:
        cut = max(head.rfind(ch) for ch in ends)
        if cut >= limit // 3:
            return head[: cut + 1] + " …"
    return shorten(quote, limit)


def answer_lines(answer: ApiAnswer) -> str:
    """The answer without the source quotes it repeats ('Nguồn [1]: «…»', '[2] V.2: «…»', over several
    lines too) and its reference lines ('(Source [1]: 78/KH-UBND, II.5)'): the message shows the quote once,
    cut, and one line per source instead."""
    text = _QUOTED_SOURCE.sub("", answer.answer)
    probes = [collapse_ws(c.quote)[:_QUOTE_PROBE] for c in answer.citations if c.quote.strip()]
    kept = [
        line
        for line in text.splitlines()
        if line.strip()
        and not _REFERENCE_LINE.match(line.strip())
        and not any(p in collapse_ws(line) for p in probes)
    ]
    return shorten("\n".join(kept).strip(), ANSWER_LIMIT) if kept else ""


def gloss_lines(answer: ApiAnswer, shown: str) -> list[str]:
    """'name: English name' for each agency the shown text names, from the API's glosses (spellings that
    differ only in dashes or case are glossed once)."""
    lines: dict[str, str] = {}
    for g in answer.glosses:
        if g.vi in shown:
            lines.setdefault(fold(normalize_dashes(g.vi)).replace("-", " "), f"{g.vi}: {g.en}")
    return list(lines.values())


def render_answer(
    answer: ApiAnswer, lang: Lang, scope: str | None = None, limit: int = PAGE_LIMIT
) -> list[str]:
    """The short first message: the answer, the answering sentence of the first source (≤ 400 characters,
    in Vietnamese, names glossed in English for English readers), then one line per source."""
    body = answer.answer if answer.abstained else answer_lines(answer)
    blocks = [understood_line(answer, lang, limit)] if answer.understood else []
    blocks += split_escaped(body, limit) if body else []
    quote = cut_quote(answer.citations[0].quote) if answer.citations and answer.citations[0].quote else ""
    if quote:
        blocks.append(f"<blockquote>{escape(quote)}</blockquote>")
        glosses = gloss_lines(answer, quote) if lang == "en" else []
        if glosses:
            blocks.extend(_lines_to_blocks([f"<i>{escape(shorten(g, 300))}</i>" for g in glosses], limit))
    cited = shown_citations(answer)
    if cited:
        title = msg(lang, "sources" if answer.citations else "see_also")
        lines = [f"<b>{title}</b>"] + [source_line(n, c, lang, limit) for n, c in enumerate(cited, 1)]
        blocks.extend(_lines_to_blocks(lines, limit))
    if scope:
        blocks.append(f"<i>{msg(lang, 'scope_note', scope=scope)}</i>")
    return pack(blocks or [escape(answer.answer)], limit)


def understood_line(answer: ApiAnswer, lang: Lang, limit: int = PAGE_LIMIT) -> str:
    """'Hiểu câu hỏi là: …' in italics, with the places and documents searched (and a note when the thread
    had expired): how the question was read, so the reader sees why the answer is what it is."""
    understood = answer.understood
    assert understood is not None
    parts = [plain(lang, "understood", question=understood.question)]
    if understood.places:
        parts.append(plain(lang, "understood_place", places=", ".join(understood.places)))
    if understood.documents:
        parts.append(plain(lang, "understood_documents", documents=", ".join(understood.documents)))
    line = _fit("<i>", " · ".join(parts), limit - 4) + "</i>"
    if "conversation_expired" in answer.flags:
        line += f"\n<i>{msg(lang, 'thread_expired')}</i>"
    return line


def _fit(prefix: str, text: str, limit: int) -> str:
    """`prefix` + escaped `text`, shortened with '…' until the line fits in `limit`."""
    budget = len(text)
    line = prefix + escape(text)
    while len(line) > limit and budget > 1:
        budget -= max(1, len(line) - limit)
        line = prefix + escape(shorten(text, budget))
    return line


def _lines_to_blocks(lines: Sequence[str], limit: int) -> list[str]:
    """Group complete HTML lines into blocks under `limit` (a line is never cut)."""
    blocks: list[str] = []
    for line in lines:
        if blocks and len(blocks[-1]) + 1 + len(line) <= limit:
            blocks[-1] = f"{blocks[-1]}\n{line}"
        else:
            blocks.append(line)
    return blocks


# -- sections ------------------------------------------------------------------------
def section_pages(n: int, c: ApiCitation, text: str, lang: Lang, limit: int = PAGE_LIMIT) -> list[str]:
    """The full cited section, paged: each page repeats a header (at most a third of the page) so it
    reads on its own."""
    header = _fit(f"<b>📄 [{n}] ", citation_label(c), limit // 3 - 4) + "</b>"
    reserve = len(header) + len(msg(lang, "page", page=999, pages=999)) + 12
    bodies = split_escaped(text or c.quote or "—", max(limit - reserve, 8))
    total = len(bodies)
    if total == 1:
        return [f"{header}\n\n{bodies[0]}"]
    return [
        f"{header} <i>({msg(lang, 'page', page=i, pages=total)})</i>\n\n{body}"
        for i, body in enumerate(bodies, 1)
    ]


# -- documents and places ------------------------------------------------------------
def document_line(d: ApiDocument) -> str:
    """'• number: title (place, year)', HTML."""
    when = d.issued[:4] if d.issued else (str(d.year) if d.year else "")
    facts = ", ".join(x for x in (d.jurisdiction_name, when) if x)
    name = f"<b>{escape(d.number)}</b>: " if d.number else ""
    return f"• {name}{escape(shorten(d.title or d.doc_id, 300))}" + (
        f" <i>({escape(facts)})</i>" if facts else ""
    )


def render_documents(docs: Sequence[ApiDocument], lang: Lang, limit: int = PAGE_LIMIT) -> list[str]:
    if not docs:
        return [msg(lang, "docs_empty")]
    ordered = sorted(docs, key=lambda d: (d.jurisdiction_name, d.number or "", d.doc_id))
    lines = [msg(lang, "docs_title", count=len(docs)), *(document_line(d) for d in ordered)]
    return pack(_lines_to_blocks(lines, limit), limit)


def places_of(docs: Iterable[ApiDocument]) -> list[str]:
    """The places the corpus covers (jurisdiction names), sorted, each once."""
    return sorted({d.jurisdiction_name for d in docs if d.jurisdiction_name})


def _place_key(name: str) -> str:
    """Folded name for names that are no province ("Việt Nam (toàn quốc)" ~ "viet nam")."""
    return collapse_ws(fold(name).replace("-", " ").replace("–", " "))


def match_place(name: str, places: Sequence[str]) -> str | None:
    """The known place the user meant, however the province is written ("kontum", "Tỉnh Hòa Bình", "TP.HCM":
    the gazetteer, index/places.py), else a name without accents or case; None when none or several fit."""
    gazetteer = default_gazetteer()
    wanted = gazetteer.resolve(name)
    if wanted is not None:
        return next((p for p in places if gazetteer.resolve(p) == wanted), None)
    key = _place_key(name)
    if not key:
        return None
    exact = [p for p in places if _place_key(p) == key]
    if exact:
        return exact[0]
    partial = [p for p in places if key in _place_key(p)]
    return partial[0] if len(partial) == 1 else None


def render_unknown_place(name: str, places: Sequence[str], lang: Lang) -> str:
    known = "\n".join(f"• {escape(p)}" for p in places) or "—"
    return f"{msg(lang, 'scope_unknown', name=shorten(name, 100))}\n{known}"


# -- examples ------------------------------------------------------------------------
def _newest(d: ApiDocument) -> tuple[str, int]:
    return (d.issued or "", d.year or 0)


def example_place(docs: Iterable[ApiDocument]) -> str | None:
    """The province of the newest provincial plan (numbered ones first): its questions have answers."""
    provincial = [d for d in docs if d.jurisdiction == "province" and d.jurisdiction_name]
    ranked = sorted(provincial, key=lambda d: (d.number is not None, *_newest(d)), reverse=True)
    return ranked[0].jurisdiction_name if ranked else None


def example_number(docs: Iterable[ApiDocument]) -> str | None:
    """The number of the newest numbered document ('78/KH-UBND')."""
    numbered = sorted((d for d in docs if d.number), key=_newest, reverse=True)
    return numbered[0].number if numbered else None


def example_questions(docs: Sequence[ApiDocument], lang: Lang) -> list[str]:
    """Example questions, plain text, built from what is indexed (a generic one when nothing fits)."""
    place, number = example_place(docs), example_number(docs)
    examples = [plain(lang, "example_place", place=place) if place else plain(lang, "example_generic")]
    if number:
        examples.append(plain(lang, "example_doc", number=number))
    return examples
