"""Pure rendering to Telegram HTML. Every piece of document or user text goes through `escape`, and
messages are cut into pages measured after escaping, because Telegram rejects a message over
4,096 characters or with a stray `<` or `&` (the whole answer would be lost)."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from bot.client import ApiAnswer, ApiCitation, ApiDocument
from bot.texts import Lang, msg
from index.places import default_gazetteer
from tip.text import collapse_ws, fold, shorten

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
def shown_citations(answer: ApiAnswer) -> list[ApiCitation]:
    """The sources a reader gets buttons for: the citations, or 'see also' when the answer abstained."""
    return list(answer.citations) if answer.citations else list(answer.see_also)


def citation_label(c: ApiCitation) -> str:
    """'document short name (place) — section path', plain text."""
    name = c.doc_short_name or c.doc_title or c.doc_id
    place = f" ({c.jurisdiction})" if c.jurisdiction else ""
    return shorten(f"{name}{place} — {c.heading_path}", 400)


def render_answer(
    answer: ApiAnswer, lang: Lang, scope: str | None = None, limit: int = PAGE_LIMIT
) -> list[str]:
    """The answer text, then numbered citations; one or more pages of HTML."""
    blocks = [*split_escaped(answer.answer, limit)]
    cited = shown_citations(answer)
    if cited:
        title = msg(lang, "sources" if answer.citations else "see_also")
        lines = [f"<b>{title}</b>"] + [
            _fit(f"<b>[{n}]</b> ", citation_label(c), limit) for n, c in enumerate(cited, 1)
        ]
        blocks.extend(_lines_to_blocks(lines, limit))
    if scope:
        blocks.append(f"<i>{msg(lang, 'scope_note', scope=scope)}</i>")
    return pack(blocks, limit)


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
