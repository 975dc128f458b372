"""Section trees from plain text: plans (I. / 1. / 1.1. / a) / đ)), laws (Chương / Mục / Điều / khoản /
điểm) and conventions (Chapter / Article / paragraphs).

Headings are recognised by their numbering, not by markdown level: the corpus marks the same level with
`##`, `####` or nothing. A numbered line only opens a section when its number fits the sequence around it
(1. after a part, 2. after 1., 3.2. inside 3.); otherwise it stays body text, so lists inside a paragraph
do not break the tree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources

import yaml

from tip.domain import Section, SectionKind
from tip.text import collapse_ws, fold, nfc

ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
VI_LETTERS = "abcdđefghiklmnopqrstuvxy"

_MD_PREFIX = re.compile(r"^\s*#{1,6}\s*")
_EMPHASIS = re.compile(r"(\*\*|__|\*)")
_OCR_NOISE = [
    re.compile(r"^TTĐT\s*\(\d+\)$"),
    re.compile(r"^CÔNG THÔNG TIN ĐIỆN TỬ", re.I),
    re.compile(r"^ĐẾN\s+Giờ\s*:", re.I),
    re.compile(r"^Chuyên\s*:?\s*$"),
    re.compile(r"^\(Handwritten signature\)$", re.I),
    re.compile(r"^\[?(signature|chữ ký|đã ký)\]?$", re.I),
]
# The recipients list that closes a plan, and the signature under it; an English translation says
# "Recipients:" (or "Addressees:", "Distribution:"), with its colon.
_RECIPIENTS = re.compile(r"^(?:Nơi nhận\s*:?|(?:Recipients|Addressees|Distribution)\s*:)", re.I)
# The signer's title under a law's or decree's last article (laws have no "Nơi nhận" before it).
_SIGNER = re.compile(
    r"^(?:(?:TM|KT|Q|TL|TUQ)\.\s*)?(?:PHÓ\s+)?(?:CHỦ TỊCH(?:\s+QUỐC HỘI|\s+NƯỚC)?|THỦ TƯỚNG(?:\s+CHÍNH PHỦ)?|"
    r"BỘ TRƯỞNG|ỦY BAN THƯỜNG VỤ QUỐC HỘI|CHÍNH PHỦ)$"
)


def _passage_re() -> re.Pattern[str]:
    """A law's closing line ("This Law was passed on …", "Luật này đã được Quốc hội … thông qua"), folded;
    the cue words live in ingest/data/law_trailer.yaml."""
    text = resources.files("ingest").joinpath("data/law_trailer.yaml").read_text(encoding="utf-8")
    cues = yaml.safe_load(text)

    def alternation(key: str) -> str:
        words = sorted((fold(w) for w in cues[key]["words"]), key=len, reverse=True)
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)

    subject, verb, body = (alternation(k) for k in ("passage_subjects", "passage_verbs", "passage_bodies"))
    return re.compile(rf"^(?=.{{0,300}}$)(?=.*\b(?:{body})\b)(?:{subject})\b.*\b(?:{verb})\b")


_PASSAGE = _passage_re()
_ANNEX_TITLE = re.compile(r"^(KẾ HOẠCH|QUY CHẾ|CHƯƠNG TRÌNH|PHỤ LỤC|ĐIỀU LỆ|QUY ĐỊNH)$")

# "III ." and "2 ." (a space before the dot) are the same headings, as OCR and hurried typing leave them
_P_ROMAN = re.compile(r"^(?P<num>[IVXL]{1,7}) ?\.\s*(?P<title>\S.*)$")
_P_DOTTED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(?P<title>\S.*)$")
_P_ARABIC = re.compile(r"^(?P<num>\d{1,2}) ?[.)]\s+(?P<title>\S.*)$")
_P_ARABIC_BARE = re.compile(r"^(?P<num>\d{1,2}) ?\.\s*$")
_P_LETTER = re.compile(r"^\(?(?P<num>[a-zđ])\)\s*(?P<title>\S.*)$")
_P_CHUONG = re.compile(r"^(?:Chương|CHƯƠNG)\s+(?P<num>[IVXL]+|\d+)\b\.?\s*[:.–-]?\s*(?P<title>.*)$")
_P_MUC = re.compile(r"^(?:Mục|MỤC)\s+(?P<num>\d+)\b\.?\s*[:.–-]?\s*(?P<title>.*)$")
_P_DIEU = re.compile(r"^(?:Điều|ĐIỀU)\s+(?P<num>\d+[a-z]?)\s*(?:[.:]\s*(?P<title>.*)|$)")
_P_CHAPTER = re.compile(r"^(?:Chapter|CHAPTER)\s+(?P<num>[IVXL]+|\d+)\b\.?\s*[:.–-]?\s*(?P<title>.*)$")
_P_ARTICLE = re.compile(r"^(?:Article|ARTICLE)\s+(?P<num>\d+)\b\.?\s*[:.–-]?\s*(?P<title>.*)$")

# Rank: a heading closes every open section of equal or higher rank number.
RANK: dict[str, int] = {
    "preamble": 0,
    "recipients": 0,
    "passage": 0,
    "part": 0,
    "chapter": 0,
    "section": 1,
    "article": 2,
    "item": 3,
    "clause": 3,
    "subitem": 4,
    "letter": 6,
    "point": 6,
}


def roman_to_int(text: str) -> int:
    total, prev = 0, 0
    for ch in reversed(text.upper()):
        value = ROMAN.get(ch, 0)
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    return total


def clean_line(raw: str) -> str:
    """Drop markdown heading marks and emphasis, keep the words."""
    line = _MD_PREFIX.sub("", raw)
    line = _EMPHASIS.sub("", line)
    return collapse_ws(line.replace("\u00a0", " "))


def is_ocr_noise(line: str) -> bool:
    return any(p.match(line) for p in _OCR_NOISE)


def display_heading(line: str, limit: int = 90) -> str:
    """A heading for paths: up to a colon near the start ("1.1. Nội dung:"), else shortened."""
    colon = line.find(":")
    if 0 < colon <= 45:
        return line[: colon + 1]
    if len(line) <= limit:
        return line
    return line[: limit - 1].rsplit(" ", 1)[0] + " …"


@dataclass
class _Node:
    kind: SectionKind
    label: str
    number: str  # the number as written: "II", "3", "3.2", "a", "5"
    heading: str
    lines: list[str] = field(default_factory=list)
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)
    order: int = 0

    @property
    def rank(self) -> int:
        if self.kind == "subitem":
            return RANK["subitem"] + self.number.count(".") - 1
        return RANK[self.kind]


@dataclass(frozen=True)
class _Heading:
    kind: SectionKind
    number: str
    title: str  # the full cleaned line


def _match_heading(line: str) -> _Heading | None:
    for pattern, kind in (
        (_P_CHUONG, "chapter"),
        (_P_CHAPTER, "chapter"),
        (_P_MUC, "section"),
        (_P_DIEU, "article"),
        (_P_ARTICLE, "article"),
    ):
        m = pattern.match(line)
        if m and _starts_a_title(m.group("title")):
            return _Heading(kind, m.group("num"), line)  # type: ignore[arg-type]
    m = _P_ROMAN.match(line)
    if m and roman_to_int(m.group("num")) > 0 and _looks_like_part_title(m.group("title")):
        return _Heading("part", m.group("num"), line)
    if m and roman_to_int(m.group("num")) > 0 and _looks_like_mixed_case_title(m.group("title")):
        return _Heading("mixed_part", m.group("num"), line)  # type: ignore[arg-type]
    m = _P_DOTTED.match(line)
    if m:
        return _Heading("subitem", m.group("num"), line)
    m = _P_ARABIC.match(line) or _P_ARABIC_BARE.match(line)
    if m:
        return _Heading("item", m.group("num"), line)
    m = _P_LETTER.match(line)
    if m:
        return _Heading("letter", m.group("num"), line)
    return None


def _starts_a_title(title: str | None) -> bool:
    """A heading's title starts with a capital ("Điều 2. Giải thích từ ngữ", "Article 1 Objectives"); a
    cross-reference that a wrapped line puts first ("Article 5 of this Convention", "Article 2(a), when",
    "Chương II của Luật này") goes on in lower case or with a bracket, and stays body text."""
    title = (title or "").strip()
    return not title or not (title[0].islower() or title[0] in "(,;")


def _looks_like_mixed_case_title(title: str) -> bool:
    """ "I. General provisions", "III. Protection of victims": a short capitalised title with no sentence
    end, as conventions number their parts. Only a part when it is the next in the sequence of parts."""
    title = title.strip()
    return (
        0 < len(title) <= 80
        and title[0].isupper()
        and not title.endswith((".", ";", ",", ":"))
        and not any(ch.isdigit() for ch in title)
    )


def _looks_like_part_title(title: str) -> bool:
    letters = [c for c in title if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.6


class SectionParser:
    """Builds the tree line by line with a stack of open sections."""

    def __init__(self, doc_id: str, doc_title: str) -> None:
        self.doc_id = doc_id
        self.root = _Node("preamble", "preamble", "", doc_title)
        self.stack: list[_Node] = [self.root]
        self.nodes: list[_Node] = [self.root]
        self.annexes = 0
        self.pending_title_for: _Node | None = None
        self.in_quote = False
        self.annex_start = 0  # the order of the last annex opened: its articles number afresh

    # -- numbering rules -------------------------------------------------
    def _in_article(self) -> _Node | None:
        return next((n for n in reversed(self.stack) if n.kind == "article"), None)

    def _in_recipients(self) -> bool:
        return self.stack[-1].kind == "recipients" or any(n.kind == "recipients" for n in self.stack)

    def _resolve(self, h: _Heading) -> tuple[SectionKind, str, int] | None:
        """Decide what a numbered line is here: (kind, number, rank), or None for body text."""
        if self._in_recipients() and h.kind not in ("part", "chapter"):
            return None
        if h.kind == "mixed_part":
            return self._next_part(h.number)
        if h.kind == "article" and not self._article_in_sequence(h):
            return None
        article = self._in_article()
        if h.kind == "item" and article is not None:
            return self._fits_sequence("clause", h.number, RANK["clause"])
        if h.kind == "letter" and article is not None:
            return self._fits_letter("point", h.number)
        if h.kind == "item":
            return self._fits_sequence("item", h.number, RANK["item"])
        if h.kind == "subitem":
            return self._fits_dotted(h.number)
        if h.kind == "letter":
            return self._fits_letter("letter", h.number)
        return h.kind, h.number, RANK[h.kind]

    def _quoting(self, line: str) -> bool:
        """An amending article quotes the new text ("1. Sửa đổi khoản 2 Điều 6 như sau: / “2. Mức … ”",
        "Bổ sung Điều 8a: / “Điều 8a. … / 1. … / 2. …”"): from the line that opens the quote to the line
        that closes it, numbered lines are the quoted text, not clauses of this document."""
        if self.in_quote:
            self.in_quote = not _unbalanced_quotes(line)  # this line closes the quote
            return True
        if line.startswith(_OPEN_QUOTES) and self._in_article() is not None:
            self.in_quote = _unbalanced_quotes(line)  # the quote goes on past this line
            return True
        return False

    def _next_part(self, number: str) -> tuple[SectionKind, str, int] | None:
        """A part titled in mixed case ("II. Criminalization") opens a part only as the next one: the first
        part is I, then one more than the last; anything else is a line of text."""
        parts = [c for c in self.root.children if c.kind == "part"]
        expected = roman_to_int(parts[-1].number) + 1 if parts else 1
        return ("part", number, RANK["part"]) if roman_to_int(number) == expected else None

    def _article_in_sequence(self, h: _Heading) -> bool:
        """Articles only go up: a "Điều 7" at or below the last article of the same body (a table cell of
        an annex pointing back, "Điều 7 | 75.000 đồng") is text. An annex's own regulation starts again, at
        Điều 1 or 2; an article with no title out of that start is text too."""
        start = self.annex_start
        done = [n for n in self.nodes if n.kind == "article" and n.order > start]
        number = _article_key(h.number)
        if done:
            return number > _article_key(done[-1].number)
        if not start or _has_title(h):
            return True
        return number[0] <= 2

    def _signs_off(self, line: str) -> bool:
        """The signer's title after the last article: the signature block, not the last clause's text."""
        after_law = self._in_article() is not None or self.stack[-1].kind == "passage"
        return bool(_SIGNER.match(line)) and after_law and not self._in_recipients()

    def _closes_law(self, line: str) -> bool:
        """A law's passage line after its last article: the trailer is its own section, not the last clause."""
        return self._in_article() is not None and bool(_PASSAGE.match(fold(line)))

    def _parent_for(self, rank: int) -> _Node:
        for node in reversed(self.stack):
            if node.rank < rank or node is self.root:
                return node
        return self.root

    def _fits_sequence(
        self, kind: SectionKind, number: str, rank: int
    ) -> tuple[SectionKind, str, int] | None:
        parent = self._parent_for(rank)
        siblings = [c for c in parent.children if c.kind == kind]
        n = int(number)
        if not siblings:
            return (kind, number, rank) if n <= 2 else None
        last = int(siblings[-1].number)
        return (kind, number, rank) if last <= n <= last + 2 else None

    def _fits_dotted(self, number: str) -> tuple[SectionKind, str, int] | None:
        parts = number.split(".")
        rank = RANK["subitem"] + len(parts) - 2
        parent = self._parent_for(rank)
        prefix = ".".join(parts[:-1])
        if parent.kind in ("item", "subitem") and parent.number != prefix:
            return None
        siblings = [c for c in parent.children if c.kind == "subitem"]
        n = int(parts[-1])
        if not siblings:
            return ("subitem", number, rank) if n <= 2 else None
        last = int(siblings[-1].number.split(".")[-1])
        return ("subitem", number, rank) if last <= n <= last + 2 else None

    def _fits_letter(self, kind: SectionKind, letter: str) -> tuple[SectionKind, str, int] | None:
        rank = RANK[kind]
        parent = self._parent_for(rank)
        siblings = [c for c in parent.children if c.kind == kind]
        pos = _letter_pos(letter)
        if not siblings:
            return (kind, letter, rank) if pos <= 1 else None
        last = _letter_pos(siblings[-1].number)
        if last < pos <= last + 3:
            return (kind, letter, rank)
        # Lettered out of order ("e)" then "d)"): a close letter not used yet opens its own item,
        # so the item before does not swallow it.
        used = {_letter_pos(s.number) for s in siblings}
        return (kind, letter, rank) if last - 2 <= pos < last and pos not in used else None

    # -- building ----------------------------------------------------------
    def _label(self, kind: SectionKind, number: str, parent: _Node) -> str:
        base = "" if parent is self.root else parent.label
        if kind == "part":
            return number
        if kind == "chapter":
            num = str(roman_to_int(number)) if not number.isdigit() else number
            return f"C{num}"
        if kind == "section":
            return f"{base}.M{number}" if base else f"M{number}"
        if kind == "article":
            return f"D{number}" if self._is_vietnamese_article() else f"Art{number}"
        if kind == "subitem":
            anchor = self._nearest(parent, ("part", "chapter", "annex"))
            return f"{anchor}.{number}" if anchor else number
        return f"{base}.{number}" if base else number

    def _is_vietnamese_article(self) -> bool:
        return getattr(self, "_article_style", "vi") == "vi"

    def _nearest(self, node: _Node | None, kinds: tuple[str, ...]) -> str:
        while node is not None and node is not self.root:
            if node.kind in kinds or node.label.startswith("annex"):
                return node.label
            node = node.parent
        return ""

    def _open(self, kind: SectionKind, number: str, rank: int, line: str) -> _Node:
        while len(self.stack) > 1 and self.stack[-1].rank >= rank:
            self.stack.pop()
        parent = self.stack[-1]
        if parent.kind == "recipients":
            self.stack.pop()
            parent = self.stack[-1]
        node = _Node(kind, self._label(kind, number, parent), number, line, parent=parent)
        node.order = len(self.nodes)
        parent.children.append(node)
        self.stack.append(node)
        self.nodes.append(node)
        return node

    def _open_top(self, kind: SectionKind, label: str, line: str) -> _Node:
        self.stack = [self.root]
        node = _Node(kind, label, "", line, parent=self.root)
        node.order = len(self.nodes)
        self.root.children.append(node)
        self.stack.append(node)
        self.nodes.append(node)
        return node

    def feed(self, raw: str) -> None:
        line = clean_line(raw)
        if not line or is_ocr_noise(line):
            return
        if self.pending_title_for is not None:
            node, self.pending_title_for = self.pending_title_for, None
            if not _match_heading(line) and len(line) < 200:
                sep = " " if node.heading.rstrip()[-1:] in ".:" else ". "
                node.heading = f"{node.heading.rstrip()}{sep}{line}".strip()
                node.lines.append(line)
                return
        if self._closes_law(line):
            self._open_top("passage", "passage", line).lines.append(line)
            return
        if _RECIPIENTS.match(line) or self._signs_off(line):
            self._open_top("recipients", "recipients", line).lines.append(line)
            return
        if self._in_recipients() and _ANNEX_TITLE.match(line):
            self.annexes += 1
            annex = self._open_top("preamble", f"annex{self.annexes}", line)
            annex.lines.append(line)
            self.annex_start = annex.order
            return
        if self._quoting(line):
            self.stack[-1].lines.append(line)
            return
        heading = _match_heading(line)
        if heading is not None:
            if heading.kind == "article" and line.lower().startswith("article"):
                self._article_style = "en"
            resolved = self._resolve(heading)
            if resolved is not None:
                kind, number, rank = resolved
                node = self._open(kind, number, rank, line)
                node.lines.append(line)
                if (kind in ("chapter", "section", "article") and not _has_title(heading)) or (
                    kind == "item" and _P_ARABIC_BARE.match(line)
                ):
                    self.pending_title_for = node
                return
        self.stack[-1].lines.append(line)

    def sections(self, doc_title: str) -> list[Section]:
        ids = self._unique_ids()
        out: list[Section] = []
        for node in self.nodes:
            if node is self.root and not node.lines:
                continue
            path = _heading_path(node, self.root, doc_title)
            out.append(
                Section(
                    section_id=ids[id(node)],
                    doc_id=self.doc_id,
                    label=ids[id(node)].split("#", 1)[1],
                    kind=node.kind,
                    heading=display_heading(node.heading) if node is not self.root else doc_title,
                    heading_path=path,
                    text=_join_paragraphs(node.lines),
                    parent_id=ids[id(node.parent)] if node.parent is not None else None,
                    children=[ids[id(c)] for c in node.children],
                    order=node.order,
                )
            )
        return out

    def _unique_ids(self) -> dict[int, str]:
        seen: dict[str, int] = {}
        ids: dict[int, str] = {}
        for node in self.nodes:
            label = node.label
            seen[label] = seen.get(label, 0) + 1
            if seen[label] > 1:
                label = f"{label}~{seen[label]}"
            ids[id(node)] = f"{self.doc_id}#{label}"
        return ids


_OPEN_QUOTES = ("“", '"', "„", "«")


def _unbalanced_quotes(line: str) -> bool:
    """A line that opens a quote it does not close (or closes one opened on an earlier line)."""
    curly = sum(line.count(q) for q in "“„«") - sum(line.count(q) for q in "”»")
    return curly != 0 or line.count('"') % 2 == 1


def _article_key(number: str) -> tuple[int, str]:
    """ "8a" sorts after "8" and before "9"."""
    m = re.match(r"(\d+)(.*)", number)
    return (int(m.group(1)), m.group(2)) if m else (0, number)


def _has_title(h: _Heading) -> bool:
    for pattern in (_P_CHUONG, _P_CHAPTER, _P_MUC, _P_DIEU, _P_ARTICLE):
        m = pattern.match(h.title)
        if m:
            return bool((m.group("title") or "").strip())
    return True


def _letter_pos(letter: str) -> int:
    idx = VI_LETTERS.find(letter)
    if idx < 0:  # f, j, w, z: OCR'd or foreign letters, placed after their Latin neighbour
        idx = "abcdefghijklmnopqrstuvwxyz".find(letter) + 1
    return idx


def _heading_path(node: _Node, root: _Node, doc_title: str) -> list[str]:
    path: list[str] = []
    current: _Node | None = node
    while current is not None and current is not root:
        path.append(display_heading(current.heading))
        current = current.parent
    if not path:
        return [display_heading(doc_title)]
    return list(reversed(path))


_SENTENCE_END = re.compile(r"[.:;!?)\]”\"/]$")


def _join_paragraphs(lines: list[str]) -> str:
    """Re-join paragraphs that a page break split mid-sentence (next one starts in lower case)."""
    out: list[str] = []
    for line in lines:
        if out and not _SENTENCE_END.search(out[-1]) and line[:1].islower():
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)


def parse_sections(doc_id: str, text: str, doc_title: str) -> list[Section]:
    """Split a document's text into its section tree (flattened, in document order)."""
    parser = SectionParser(doc_id, doc_title)
    for raw in nfc(text).splitlines():
        parser.feed(raw)
    return parser.sections(doc_title)
