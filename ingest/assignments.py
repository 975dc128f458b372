"""Who leads (chủ trì) and who coordinates (phối hợp) each task of a plan, read off its sentences.

Officers ask "ai chủ trì việc X?"; plans answer it in a few classes of writing, all read here (the cue words
of each class live in ingest/data/assignment_cues.yaml):

  block    labelled lines before or after the task list, or on one line: "Cơ quan / Đơn vị chủ trì: X" or
           "Chủ trì: X", then "Cơ quan phối hợp: Y" / "Phối hợp: Y", "Thời gian thực hiện: ..." and
           "Đề nghị W ... phối hợp ..." lines
  table    a task table whose header names the "Chủ trì" and "Phối hợp" columns: one task per row
  chủ trì  "[Giao | Đề nghị] X [theo chức năng, nhiệm vụ] chủ trì | chịu trách nhiệm chính | là cơ quan
           thường trực / đầu mối ..., phối hợp (chặt chẽ) (với) Y | cùng Y | với sự phối hợp của Y; đề nghị W
           phối hợp"; also "lực lượng chủ công là X" and "do X chủ trì"
  subject  an item or bullet that opens with the agencies doing it: "Bộ Ngoại giao chỉ đạo ...",
           "Các Bộ: Công an, Quốc phòng ... nâng cao ...", "Sở Tư pháp tham mưu UBND tỉnh ..., phối hợp Y"
  paren    "(Bộ Công an chủ trì, phối hợp với ...)", "(Chủ trì: X; phối hợp: Y)" or "(Các Bộ: A, B phối
           hợp với C thực hiện)" after a task
  heading  a section titled by an agency ("2. Công an tỉnh:", "3. Đề nghị X và các tổ chức thành viên:",
           "1. Trách nhiệm của X", "X có nhiệm vụ:") whose body, or each of whose sub-items, is its duty

A line is read sentence by sentence, and each assignment's `text` is the verbatim sentence, block, row or
duty list it was read from, so an answer can quote the words that assign the task.

Rules a reader of the plans would apply, and so do we:
  - An agency that opens an item with an action verb ("chỉ đạo", "tăng cường", "tổ chức", "thực hiện")
    leads that item even without the word "chủ trì": the plans state each body's own task that way, and
    bcd138 closes such lists with "(Các bộ, ngành được phân công chủ trì ...)".
  - "X phối hợp (với ...) [tổ chức] thực hiện." with no task of its own is support: X is not a lead and the
    bullet gives no assignment. After a task, in parentheses, the same words name who carries it out.
  - Generic subjects ("Các bộ, ngành ...", "Các sở, ban, ngành ...") name no agency: no assignment; in a
    list ("Sở Y tế và các sở, ngành liên quan") the named agencies are read and the generic words skipped.
  - A "Phân công" subsection assigns its parent's task; a parenthesis closing the last sub-item of an item
    (bcd138 4.5) assigns the whole item, and then its sub-items do not inherit the item's title.
  - Only task parts are read (Nội dung / Nhiệm vụ / Giải pháp / Hoạt động / Phân công / Trách nhiệm / Tổ
    chức thực hiện / Kinh phí): not the objectives, targets, roadmap, preamble, articles or recipients.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

import yaml

from ingest.agencies import AgencyCatalog
from tip.domain import Assignment, DocumentMeta, Section
from tip.text import collapse_ws, fold


def _load_cues() -> dict[str, list[str]]:
    """The cue lists of ingest/data/assignment_cues.yaml (each says which way of writing it reads)."""
    text = resources.files("ingest").joinpath("data/assignment_cues.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _alternatives(phrases: list[str]) -> str:
    """One regex alternation, longest phrase first, a space matching any run of spaces."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


_CUES = _load_cues()
_TASK_PART = re.compile("|".join(re.escape(p) for p in _CUES["task_parts"]))
_READ_KINDS = {"part", "item", "subitem", "letter"}
_LABEL_LEAD = re.compile(rf"(?:{_alternatives(_CUES['lead_labels'])})\s*:\s*", re.I)
_LABEL_COORD = re.compile(rf"(?:{_alternatives(_CUES['coordinator_labels'])})\s*:\s*", re.I)
_LABEL_ANY = re.compile(
    rf"(?<!\w)(?:{_alternatives(_CUES['lead_labels'] + _CUES['coordinator_labels'] + _CUES['block_lines'])})"
    r"\s*:\s*",
    re.I,
)
_LABEL_SENTENCE = re.compile(rf"(?:{_alternatives(_CUES['sentence_labels'])})\s*:\s*", re.I)
_LEAD_BEFORE = re.compile(rf"(?<!\w)(?:{_alternatives(_CUES['lead_before'])})\s+", re.I)
_TITLE_BEFORE = re.compile(rf"(?:{_alternatives(_CUES['title_before_agency'])})\s+", re.I)
_TITLE_GAP = re.compile(r"[\s,]*")
_TITLE_AFTER = re.compile(rf"(?:{_alternatives(_CUES['title_after_agency'])})", re.I)
_TABLE_LEAD = re.compile(rf"(?:{_alternatives(_CUES['table_lead_columns'])})", re.I)
_TABLE_COORD = re.compile(rf"(?:{_alternatives(_CUES['table_coordinator_columns'])})", re.I)
_TABLE_RULE = re.compile(r"[\s|:\-–]*")
_COORD_CUE = re.compile(rf"(?<!\w)(?:{_alternatives(_CUES['coordinator_cues'])})(?!\w)", re.I)

_LABEL = re.compile(r"(?:[IVXL]+|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)]\s*")
_BULLET = re.compile(r"[-+•*–]\s*")
_PHAN_CONG = re.compile(r"Phân công(?:\s+(?:thực hiện|nhiệm vụ|trách nhiệm))?\s*:?\s*", re.I)
_LEAD_IN = re.compile(r"(?:Giao|Đề nghị|đề nghị)\s+")
_LEAD_INS_ONLY = re.compile(
    r"[\s\-+•*–]*(?:Phân công(?:\s+thực hiện)?\s*:\s*)?(?i:" + _LABEL_SENTENCE.pattern + r")?"
    r"(?:(?:Giao|Đề nghị|đề nghị)\s+)?"
    r"(?:Các\s+(?:Bộ|Sở|bộ|sở)\s*:\s*)?"
)
_LIST_PREFIX = re.compile(r"Các\s+(Bộ|Sở|bộ|sở)\s*:\s*")

_CHU_TRI = re.compile(rf"(?<!\w)(?:{_alternatives(_CUES['lead_verbs'])})(?!\w)", re.I)
_ASSIGNED_GENERIC = re.compile(r"được phân công\s*$", re.I)
_PAREN_TAIL = re.compile(r"\(([^()]*)\)[\s.]*$")
_PAREN_KEYWORDS = re.compile(r"chủ trì|phối hợp|thực hiện", re.I)
_THEO = r"theo\s+(?:chức năng|nhiệm vụ)(?:[,\s]+(?:và\s+)?(?:chức năng|nhiệm vụ|lĩnh vực|địa bàn|quản lý|quyền hạn|phụ trách|được giao|được phân công))*"
_PHOI_HOP_PRED = re.compile(
    r"\s*(?:\([^)]*\)\s*)?(?:,?\s*" + _THEO + r"\s*,?\s*)?(?:tích cực\s+)?(?:tham gia\s*,?\s*)?"
    r"(?:tăng cường\s+)?phối hợp(?:\s+chặt chẽ)?(?:\s+với)?(?!\w)",
    re.I,
)
_BARE_EXECUTION = re.compile(
    r"[\s,]*(?:(?:tổ chức|triển khai)\s+){0,2}thực hiện(?:\s+theo\s[^.;]*)?[\s.;]*", re.I
)
_TRAILING_THEO = re.compile(r"(?i),?\s*" + _THEO + r"[^;.]*$")

_SEPARATORS = re.compile(r"(?:\s+|,|(?<!\w)(?:và|với|[Đđ]ề nghị)(?!\w)|Các\s+(?:Bộ|Sở|bộ|sở)\s*:)+")
_SEPARATORS_BOUNDED = re.compile(
    r"(?:\s+|[,;.:]|(?<!\w)(?:và|với|[Đđ]ề nghị)(?!\w)|Các\s+(?:Bộ|Sở|bộ|sở)\s*:)+"
)
_ITEM_GAP = re.compile(r"[\s,]*(?:và\s+)?(?:[Đđ]ề nghị\s+)?", re.I)
_GENERIC = re.compile(
    r"(?:[Cc]ác|cơ quan|đơn vị|tổ chức|sở|ban|ngành|bộ|địa phương|đoàn thể|lực lượng|những|hệ thống"
    r"|doanh nghiệp|nhà mạng|cấp ủy|chính quyền|báo chí|báo|đài|thông tấn|truyền thông)(?!\w)"
)
_NOUN_AFTER_TO_CHUC = (
    r"(?!\s*,|\s+(?:chính trị|xã hội|có liên quan|liên quan|thành viên|quốc tế|phi chính phủ|khác|hữu quan))"
)
_CUE = re.compile(
    r"(?<!\w)(?:thực hiện|triển khai|tham mưu|xây dựng|tăng cường|đẩy mạnh|tổ chức"
    + _NOUN_AFTER_TO_CHUC
    + r"|tổng hợp"
    r"|hướng dẫn|chỉ đạo|nghiên cứu|tuyên truyền|tham gia|đấu tranh|giải quyết|ban hành|kiểm tra|theo dõi"
    r"|bố trí|phối hợp|chủ trì|nắm|nâng cao|rà soát|đề xuất|xử lý|tiếp nhận|theo chức năng|theo nhiệm vụ"
    r"|trong|để|nhằm|là|có trách nhiệm|chịu trách nhiệm|căn cứ)(?!\w)"
)
_GENERIC_STOP = re.compile(r"[,;.(]|\svà\s")
_ORG_HEAD = re.compile(
    r"(?:Sở|Bộ|Cục|Chi cục|Tổng cục|Vụ|Đài|Báo|Hội|Ủy ban|Uỷ ban|UBND|Ban|Viện|Tòa án|Toà án|Trung ương"
    r"|Thông tấn xã|Ngân hàng|Công an|Liên đoàn|Văn phòng|Trung tâm|Phòng|Cơ quan|Lực lượng|Đoàn|Tỉnh đoàn"
    r"|Thành đoàn|Thanh tra|Học viện|Trường|Bệnh viện|Quỹ|Kho bạc|Hải quan)(?!\w)"
)
_SPACES = re.compile(r"\s+")
_PARENS = re.compile(r"\([^()]*\)")
_OWNED = re.compile(r"(?:thuộc|của)\s+$")
_SENTENCE_END = re.compile(r"\.(?=\s|$)")


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    name: str


@dataclass(frozen=True)
class _Span:
    start: int  # the line as written (the assignment text)
    end: int
    body: int  # where its words start, after label, bullet and "Phân công:"


def extract_assignments(
    meta: DocumentMeta, sections: list[Section], catalog: AgencyCatalog
) -> list[Assignment]:
    """Every assignment sentence or block of the plan's task parts, in document order."""
    by_id = {s.section_id: s for s in sections}
    out: list[Assignment] = []
    for section in sections:
        if _is_task_section(section, by_id):
            out.extend(_SectionReader(section, by_id, meta, catalog).read())
    return out


def _is_task_section(section: Section, by_id: dict[str, Section]) -> bool:
    """Sections under a part about tasks, assignments, implementation or funding."""
    return under_task_part(
        section, by_id, _READ_KINDS, lambda heading: bool(_TASK_PART.search(fold(heading)))
    )


def under_task_part(
    section: Section, by_id: dict[str, Section], kinds: set[str], is_task_heading: Callable[[str], bool]
) -> bool:
    """A section of a readable kind whose enclosing part's heading is about tasks (any language's cues)."""
    if section.kind not in kinds:
        return False
    node: Section | None = section
    while node is not None and node.kind != "part":
        node = by_id.get(node.parent_id or "")
    return node is not None and is_task_heading(node.heading)


class _SectionReader:
    """Reads one section's lines; offsets are into section.text so `text` stays verbatim."""

    def __init__(
        self, section: Section, by_id: dict[str, Section], meta: DocumentMeta, catalog: AgencyCatalog
    ):
        self.section = section
        self.by_id = by_id
        self.meta = meta
        self.catalog = catalog
        self.t = section.text
        self.jur = meta.jurisdiction_name
        self.mentions = _mentions(self.t, catalog, self.jur)
        self.at = {m.start: m for m in self.mentions}
        self.lines = self._spans()

    # -- layout --------------------------------------------------------------------------------
    def _spans(self) -> list[_Span]:
        spans: list[_Span] = []
        pos = 0
        for raw in self.t.split("\n"):
            start, end = pos, pos + len(raw)
            pos = end + 1
            while end > start and self.t[end - 1].isspace():
                end -= 1
            if end > start:
                spans.append(_Span(start, end, self._body_start(start, end, first=not spans)))
        return spans

    def _body_start(self, start: int, end: int, first: bool) -> int:
        pos = start
        if first and self.section.kind != "part":
            m = _LABEL.match(self.t, pos, end)
            pos = m.end() if m else pos
        m = _BULLET.match(self.t, pos, end)
        pos = m.end() if m else pos
        m = _PHAN_CONG.match(self.t, pos, end) or _LABEL_SENTENCE.match(self.t, pos, end)
        return m.end() if m else pos

    def _parent(self) -> Section | None:
        return self.by_id.get(self.section.parent_id or "")

    def _is_phan_cong(self) -> bool:
        first = self.lines[0] if self.lines else None
        if first is None or self.section.kind == "part":
            return False
        m = _LABEL.match(self.t, first.start, first.end)
        return bool(_PHAN_CONG.match(self.t, m.end() if m else first.start)) and self._parent() is not None

    def _task(self, parent: bool = False) -> Section:
        owner = self._parent() if parent else None
        return owner or self.section

    # -- reading -------------------------------------------------------------------------------
    def read(self) -> list[Assignment]:
        if not self.lines:
            return []
        heading = self._agency_heading()
        if heading is not None:
            return [heading]
        out: list[Assignment] = []
        task = self._task(parent=self._is_phan_cong())
        i = 1 if self.section.children else 0  # a section with sub-items opens with a title, not a task
        while i < len(self.lines):
            if _LABEL_LEAD.match(self.t, self.lines[i].body):
                block, i = self._block(i, task)
                out.extend(block)
                continue
            if self.t.startswith("|", self.lines[i].body):
                rows, i = self._table(i, task)
                out.extend(rows)
                continue
            out.extend(self._line(i, task))
            i += 1
        if not out and (inherited := self._inherited()) is not None:
            out.append(inherited)
        return out

    def _assignment(
        self, task: Section, leads: list[str], coords: list[str], start: int, end: int
    ) -> Assignment:
        leads = _unique(leads)
        return Assignment(
            doc_id=self.meta.doc_id,
            section_id=self.section.section_id,
            task_section_id=task.section_id,
            task=task.heading,
            leads=leads,
            coordinators=[c for c in _unique(coords) if c not in leads],
            jurisdiction=self.jur,
            text=self.t[start:end],
        )

    def heading_agencies(self) -> list[str] | None:
        """The agencies a section is titled by ('2. Công an tỉnh:', '3. Đề nghị X và các tổ chức thành
        viên:', '1. Công an tỉnh (cơ quan thường trực):'), or None when the title is a task."""
        if self.section.kind == "part" or not self.lines:
            return None
        first = self.lines[0]
        subject = self._subject(_skip(_TITLE_BEFORE, self.t, first.body, first.end), first.end)
        if subject is None:
            return None
        leads, stop = subject
        named_after = _LEAD_BEFORE.match(self.t, _skip(_TITLE_GAP, self.t, stop, first.end), first.end)
        if named_after is not None:  # "4. Lực lượng Công an, chủ công là lực lượng Cảnh sát điều tra …:"
            more, stop = self._list(named_after.end(), first.end, bounded=False)
            leads = leads + more
        rest = _PARENS.sub("", self.t[stop : first.end]).strip(" :.;,")
        return leads if not rest or _TITLE_AFTER.fullmatch(rest) else None

    def _agency_heading(self) -> Assignment | None:
        """A section titled by an agency: its body is that agency's duties."""
        leads = self.heading_agencies() if len(self.lines) > 1 else None
        if leads is None:
            return None
        coords = [c for line in self.lines[1:] for c in self._all_coordinators(line.body, line.end)]
        if all(_COORD_CUE.match(self.t, line.body) for line in self.lines[1:]):
            return self._supporting_heading(leads, coords)
        return self._assignment(self.section, leads, coords, self.lines[1].start, self.lines[-1].end)

    def _supporting_heading(self, titled: list[str], partners: list[str]) -> Assignment | None:
        """An agency's title whose every duty starts 'Phối hợp …' supports: the leads are the agencies
        its lines say 'chủ trì', else the partners it works with."""
        found = [self._chu_tri(line.body, line.end) for line in self.lines[1:]]
        leads = [n for f in found if f is not None for n in f[0]]
        if not leads:
            leads, partners = partners, []
        if not leads:
            return None
        return self._assignment(
            self.section, leads, titled + partners, self.lines[1].start, self.lines[-1].end
        )

    def _inherited(self) -> Assignment | None:
        """A sub-item under an agency's title ('1. Bộ Công an' / 'a) Chỉ đạo ...') that names no agency
        of its own is that agency's duty; not when an item's closing parenthesis assigns it instead."""
        if self.section.kind not in ("subitem", "letter") or self._in_assigned_item():
            return None
        node = self._parent()
        while node is not None and node.kind in ("item", "subitem", "letter"):
            leads = _SectionReader(node, self.by_id, self.meta, self.catalog).heading_agencies()
            if leads is not None:
                coords = [c for line in self.lines for c in self._all_coordinators(line.body, line.end)]
                return self._assignment(self.section, leads, coords, self.lines[0].start, self.lines[-1].end)
            node = self.by_id.get(node.parent_id or "")
        return None

    def _in_assigned_item(self) -> bool:
        """A closing parenthesis ('(Bộ Công an chủ trì …)') assigns the item; not under an agency's title,
        where it names the lead of its own sub-item only."""
        parent = self._parent()
        if parent is None or self._titled(parent):
            return False
        return any(_CHU_TRI.search(_closing_paren(self.by_id.get(s))) for s in parent.children)

    def _titled(self, section: Section) -> bool:
        """A section titled by an agency ('4. Lực lượng Công an …:'): its sub-items are that agency's."""
        return _SectionReader(section, self.by_id, self.meta, self.catalog).heading_agencies() is not None

    def _block(self, i: int, task: Section) -> tuple[list[Assignment], int]:
        """'Cơ quan chủ trì: X' and the lines that complete it ('Cơ quan phối hợp: ...', 'Thời gian
        thực hiện: ...', 'Đề nghị X phối hợp ...'); labels may also share one line."""
        leads: list[str] = []
        coords: list[str] = []
        j = i
        while j < len(self.lines):
            line = self.lines[j]
            if j > i and _LABEL_LEAD.match(self.t, line.body):
                break  # the next block
            labelled = self._labelled(line.body, line.end)
            if labelled is not None:
                leads += labelled[0]
                coords += labelled[1]
            elif j > i and (support := self._support(line.body, line.end)):
                coords += support
            else:
                break
            j += 1
        if not leads:
            return [], j
        return [self._assignment(task, leads, coords, self.lines[i].start, self.lines[j - 1].end)], j

    def _table(self, i: int, task: Section) -> tuple[list[Assignment], int]:
        """A task table: the header names the lead and coordinator columns, each row is one task."""
        j = i
        while j < len(self.lines) and self.t.startswith("|", self.lines[j].body):
            j += 1
        header = [self.t[a:b] for a, b in _cells(self.t, self.lines[i].body, self.lines[i].end)]
        lead_col = next((k for k, cell in enumerate(header) if _TABLE_LEAD.fullmatch(cell)), -1)
        coord_col = next((k for k, cell in enumerate(header) if _TABLE_COORD.fullmatch(cell)), -1)
        out: list[Assignment] = []
        for row in self.lines[i + 1 : j] if lead_col >= 0 else []:
            cells = _cells(self.t, row.body, row.end)
            if _TABLE_RULE.fullmatch(self.t, row.body, row.end):
                continue
            leads = self._cell_agencies(cells, lead_col)
            if leads:
                coords = self._cell_agencies(cells, coord_col)
                out.append(self._assignment(task, leads, coords, row.start, row.end))
        return out, j

    def _cell_agencies(self, cells: list[tuple[int, int]], col: int) -> list[str]:
        return self._list(*cells[col], bounded=True)[0] if 0 <= col < len(cells) else []

    def _labelled(self, start: int, end: int) -> tuple[list[str], list[str]] | None:
        """(leads, coordinators) of 'Chủ trì: X; Phối hợp: Y. Thời gian: ...' from `start`, or None
        when no label opens the span. A label counts at the start or after '.', ';' or '('."""
        labels = [
            m
            for m in _LABEL_ANY.finditer(self.t, start, end)
            if m.start() == start or self.t[start : m.start()].rstrip()[-1:] in (".", ";", "(")
        ]
        if not labels or labels[0].start() != start:
            return None
        leads: list[str] = []
        coords: list[str] = []
        for k, m in enumerate(labels):
            stop = labels[k + 1].start() if k + 1 < len(labels) else end
            names = self._list(m.end(), stop, bounded=True)[0]
            if _LABEL_LEAD.fullmatch(m.group()):
                leads += names
            elif _LABEL_COORD.fullmatch(m.group()):
                coords += names
        return leads, coords

    def _line(self, i: int, task: Section) -> list[Assignment]:
        """One bullet or paragraph, sentence by sentence: each sentence's own assignment, and one in a
        closing parenthesis."""
        line = self.lines[i]
        out: list[Assignment] = []
        sentences = _sentences(self.t, line.body, line.end)
        opened: tuple[int, int] | None = (
            None  # (index in out, start) of the assignment later sentences continue
        )
        for k, (start, end) in enumerate(sentences):
            is_last = i == len(self.lines) - 1 and k == len(sentences) - 1
            first = line.start if k == 0 else start
            own, paren = self._one_sentence(start, end, first, is_last, task)
            if own is None and paren is None and _GENERIC.match(self.t, start, end):
                opened = None  # "Các bộ, ngành … khác chỉ đạo …": another subject's task
            if own is None and paren is None and opened is not None:
                # "Đề nghị X tăng cường …. Giám sát …; phối hợp tổ chức diễn đàn …": X's tasks go on
                at, begin = opened
                out[at] = out[at].model_copy(update={"text": self.t[begin:end]})
                continue
            opened = (len(out), first) if own is not None else None
            out.extend(a for a in (own, paren) if a is not None)
        return out

    def _one_sentence(
        self, body: int, end: int, start: int, is_last: bool, task: Section
    ) -> tuple[Assignment | None, Assignment | None]:
        """The sentence's own assignment, and the one its closing parenthesis makes."""
        paren = _PAREN_TAIL.search(self.t, body, end)
        paren_assignment = None
        if paren and _PAREN_KEYWORDS.search(paren.group(1)):
            close = self.t.rfind(")", paren.start(), end) + 1
            end = max(body, len(self.t[: paren.start()].rstrip()))
            paren_assignment = self._paren(paren.start(), close, is_last=is_last, task=task)
        found = self._sentence(body, end, in_paren=False)
        own = self._assignment(task, found[0], found[1], start, end) if found is not None else None
        return own, paren_assignment

    def _paren(self, start: int, end: int, is_last: bool, task: Section) -> Assignment | None:
        inner = _skip(_SPACES, self.t, start + 1, end - 1)
        found = self._labelled(inner, end - 1) or self._sentence(start + 1, end - 1, in_paren=True)
        if found is None or not found[0]:
            return None
        if is_last and self._closes_parent():
            task = self._parent() or task
        return self._assignment(task, found[0], found[1], start, end)

    def _closes_parent(self) -> bool:
        """The last sub-item's closing parenthesis speaks for the whole item when no sibling has its own."""
        parent = self._parent()
        if parent is None or parent.kind not in ("item", "subitem", "letter") or len(parent.children) < 2:
            return False
        if self._titled(parent):
            return False
        if parent.children[-1] != self.section.section_id:
            return False
        siblings = [self.by_id.get(s) for s in parent.children[:-1]]
        if any(_PAREN_KEYWORDS.search(_closing_paren(s)) for s in siblings):
            return False
        # A sibling that names its own lead makes this parenthesis its item's own.
        return not any(
            s is not None and (_CHU_TRI.search(s.text) or _LABEL_LEAD.search(s.text)) for s in siblings
        )

    # -- sentences -----------------------------------------------------------------------------
    def _sentence(self, start: int, end: int, in_paren: bool) -> tuple[list[str], list[str]] | None:
        """(leads, coordinators) of one sentence, or None when it assigns nothing."""
        found = self._lead_named_after(start, end) or self._chu_tri(start, end)
        if found is not None:
            return found
        subject = self._subject(start, end)
        if subject is None:
            return None
        leads, stop = subject
        pred = _PHOI_HOP_PRED.match(self.t, stop, end)
        if pred is None:  # "X <does the task> ..., phối hợp với Y" / "..., cùng Y"; "; W phối hợp"
            return leads, self._coords_after(stop, end)
        partners, pstop = self._list(pred.end(), end, bounded=False)
        if not in_paren and _BARE_EXECUTION.fullmatch(self.t, pstop, end):
            return None  # "X phối hợp (với ...) thực hiện.": support, not a task of X
        return leads, partners

    def _lead_named_after(self, start: int, end: int) -> tuple[list[str], list[str]] | None:
        """'lực lượng chủ công là X, phối hợp với Y' / 'cơ quan chủ trì là X'."""
        for m in _LEAD_BEFORE.finditer(self.t, start, end):
            leads, stop = self._list(m.end(), end, bounded=False)
            if not leads:
                continue
            # "Lực lượng chủ công là X; Y chủ trì … trên tuyến biên giới": both lead, each its share
            also = self._chu_tri(stop, end)
            if also is not None:
                return _unique(leads + also[0]), _unique(self._coords_after(stop, end) + also[1])
            return leads, self._coords_after(stop, end)
        return None

    def _chu_tri(self, start: int, end: int) -> tuple[list[str], list[str]] | None:
        for m in _CHU_TRI.finditer(self.t, start, end):
            if _ASSIGNED_GENERIC.search(self.t, start, m.start()):
                continue
            clause = self._clause_start(start, m.start())
            leads = self._subject_before(clause, m.start())
            if leads:
                return leads, self._coords_after(m.end(), end)
        return None

    def _clause_start(self, start: int, pos: int) -> int:
        cut = start
        for sep in (";", "(", ". "):
            k = self.t.rfind(sep, start, pos)
            if k >= 0:
                cut = max(cut, k + len(sep))
        return cut

    def _subject_before(self, clause: int, pos: int) -> list[str]:
        """The agencies written right before 'chủ trì' (with 'theo chức năng ...' allowed between)."""
        inside = [m for m in self.mentions if m.start >= clause and m.end <= pos]
        run: list[_Mention] = []
        edge = pos
        for m in reversed(inside):
            gap = self.t[m.end : edge]
            ok = _trailing_gap_ok(gap) if not run else bool(_ITEM_GAP.fullmatch(gap))
            if not ok:
                break
            run.insert(0, m)
            edge = m.start
        if run:
            if not _LEAD_INS_ONLY.fullmatch(self.t, clause, run[0].start):
                run = run[-1:]  # "Trên cơ sở đề xuất của A, B chủ trì": only B is the subject
            return [m.name for m in run]
        return self._unknown_subject(clause, pos)

    def _unknown_subject(self, clause: int, pos: int) -> list[str]:
        """A subject the catalogue does not know, kept as written when it looks like an agency."""
        chunk = self.t[clause:pos]
        lead_in = _LEAD_INS_ONLY.match(chunk)
        chunk = _TRAILING_THEO.sub("", chunk[lead_in.end() if lead_in else 0 :]).strip(" ,")
        if chunk and _ORG_HEAD.match(chunk) and len(chunk.split()) <= 12 and not _CUE.search(chunk):
            return [collapse_ws(chunk)]
        return []

    def _coords_after(self, pos: int, end: int) -> list[str]:
        """Coordinators after the lead: the 'phối hợp (với)' / 'cùng' list of its clause, then
        '; đề nghị W phối hợp' clauses."""
        clause_end = self._clause_end(pos, end)
        coords = self._coordinators_in(pos, clause_end)
        k = clause_end
        while k < end and self.t[k] == ";":
            nxt = self._clause_end(k + 1, end)
            cue = _COORD_CUE.match(self.t, _skip(_SPACES, self.t, k + 1, nxt), nxt)
            if cue:  # "; phối hợp với Y ..." / "; cơ quan phối hợp là Y"
                coords += self._list(cue.end(), nxt, bounded=False)[0]
            else:
                coords += self._support(k + 1, nxt, allow_bare_list=True)
            k = nxt
        return coords

    def _coordinators_in(self, pos: int, end: int) -> list[str]:
        """The first 'phối hợp (chặt chẽ) (với) Y, Z' / 'cùng Y' list in a clause ('cùng cấp' is no list)."""
        for m in _COORD_CUE.finditer(self.t, pos, end):
            names, stop = self._list(m.end(), end, bounded=False)
            if names or stop > _skip(_SEPARATORS, self.t, m.end(), end):
                return names
        return []

    def _all_coordinators(self, pos: int, end: int) -> list[str]:
        """Every agency a duty line names as a partner ('Phối hợp chặt chẽ với Y ...; cùng Z ...')."""
        return [
            n
            for m in _COORD_CUE.finditer(self.t, pos, end)
            for n in self._list(m.end(), end, bounded=False)[0]
        ]

    def _clause_end(self, pos: int, end: int) -> int:
        semi = self.t.find(";", pos, end)
        dot = _SENTENCE_END.search(self.t, pos, end)
        ends = [x for x in (semi, dot.start() if dot else -1) if x >= 0]
        return min(ends) if ends else end

    def _support(self, start: int, end: int, allow_bare_list: bool = False) -> list[str]:
        """Agencies a clause names as supporting: 'Đề nghị W, V phối hợp ...' (or a bare list after ';')."""
        subject = self._subject(start, end)
        if subject is None:
            return []
        names, stop = subject
        pred = _PHOI_HOP_PRED.match(self.t, stop, end)
        if pred is not None:
            return names + self._list(pred.end(), end, bounded=False)[0]
        rest = self.t[stop:end]
        if allow_bare_list and (not rest.strip(" ,.;") or _BARE_EXECUTION.fullmatch(rest)):
            return names
        return []

    def _subject(self, start: int, end: int) -> tuple[list[str], int] | None:
        """Agencies that open a clause (after 'Giao' / 'Đề nghị' / 'Các Bộ:'), and where they stop."""
        pos = _skip(_LEAD_IN, self.t, _skip(_SPACES, self.t, start, end), end)
        prefix = _LIST_PREFIX.match(self.t, pos, end)
        first = prefix.end() if prefix else pos
        if first not in self.at:
            return None
        names, stop = self._list(pos, end, bounded=False)
        return (names, stop) if names else None

    def _list(self, pos: int, end: int, bounded: bool) -> tuple[list[str], int]:
        """A list of agencies from `pos`: known names, 'Các Bộ:' items, generic phrases skipped
        ('các sở, ban, ngành'); in a bounded list (a 'Cơ quan ...:' line) unknown agencies are kept."""
        names: list[str] = []
        seps = _SEPARATORS_BOUNDED if bounded else _SEPARATORS
        while True:
            pos = _skip(seps, self.t, pos, end)
            if pos >= end:
                break
            mention = self.at.get(pos)
            if mention is not None and mention.end <= end:
                names.append(mention.name)
                pos = mention.end
                continue
            if _CUE.match(self.t, pos, end):
                break
            generic = _GENERIC.match(self.t, pos, end)
            if generic:
                pos = self._generic_end(generic.end(), end)
                continue
            if bounded and _ORG_HEAD.match(self.t, pos, end):
                stop = self._generic_end(pos + 1, end)
                names.append(collapse_ws(self.t[pos:stop]).strip(" ,;."))
                pos = stop
                continue
            break
        return names, pos

    def _generic_end(self, pos: int, end: int) -> int:
        """End of a generic phrase: the next list separator, verb, or agency not owned by it ('thuộc X')."""
        stops = [end]
        m = _GENERIC_STOP.search(self.t, pos, end)
        if m:
            stops.append(m.start())
        m = _CUE.search(self.t, pos, end)
        if m:
            stops.append(m.start())
        for mention in self.mentions:
            if pos <= mention.start < end and not _OWNED.search(
                self.t, max(0, mention.start - 8), mention.start
            ):
                stops.append(mention.start)
                break
        return max(pos, min(stops))


def says_lead(text: str) -> bool:
    """An assignment that says its agency leads ("X chủ trì …", "Cơ quan chủ trì: X", "X là cơ quan đầu
    mối"), not only that it does a part of the task ("X chỉ đạo cơ sở khám bệnh …")."""
    return bool(_CHU_TRI.search(text))


# -- helpers ---------------------------------------------------------------------------------------
def _mentions(text: str, catalog: AgencyCatalog, jurisdiction: str) -> list[_Mention]:
    """Catalogue matches, plus the items of 'Các Bộ: Công an, Tư pháp' lists read as 'Bộ Công an' ..."""
    expanded: list[_Mention] = []
    for m in _LIST_PREFIX.finditer(text):
        prefix = m.group(1).capitalize()
        pos = m.end()
        while True:
            found = catalog.match_at(text, pos, prefix, jurisdiction)
            if found is None:
                break
            expanded.append(_Mention(found.start, found.end, found.name))
            sep = re.compile(r"\s*(?:,|và(?!\w))\s*").match(text, found.end)
            if sep is None or sep.end() == found.end:
                break
            pos = sep.end()
    plain = [
        _Mention(m.start, m.end, m.name)
        for m in catalog.find_all(text, jurisdiction)
        if not any(e.start < m.end and m.start < e.end for e in expanded)
    ]
    return sorted(plain + expanded, key=lambda m: m.start)


def _closing_paren(section: Section | None) -> str:
    """The words of the parenthesis that closes a section's last line ('' when there is none)."""
    tail = section.text.rstrip().rsplit("\n", 1)[-1] if section else ""
    m = _PAREN_TAIL.search(tail)
    return m.group(1) if m else ""


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each cell of a '| a | b |' row, spaces trimmed."""
    cells = []
    bars = [k for k in range(start, end) if text[k] == "|"]
    for a, b in zip(bars, [*bars[1:], end], strict=True):
        lo, hi = a + 1, b
        while lo < hi and text[lo].isspace():
            lo += 1
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        if b < end or lo < hi:
            cells.append((lo, hi))
    return cells


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of a line: split at '. ' before a capital, outside parentheses, after a lower-case
    word or a number (so 'TP. Hải Phòng' stays whole)."""
    out = []
    depth = 0
    first = start
    for k in range(start, end):
        ch = text[k]
        depth += (ch == "(") - (ch == ")")
        if ch != "." or depth > 0 or k == first:
            continue
        nxt = _skip(_SPACES, text, k + 1, end)
        prev = text[k - 1]
        if nxt > k + 1 and nxt < end and text[nxt].isupper() and (prev.islower() or prev.isdigit()):
            out.append((first, k + 1))
            first = nxt
    out.append((first, end))
    return out


def _skip(pattern: re.Pattern[str], text: str, pos: int, end: int) -> int:
    m = pattern.match(text, pos, end)
    return m.end() if m else pos


def _trailing_gap_ok(gap: str) -> bool:
    """Between the last lead and 'chủ trì' only commas, a parenthesis or 'theo chức năng, nhiệm vụ ...'."""
    gap = re.sub(r"\([^)]*\)", "", gap)
    gap = _TRAILING_THEO.sub("", gap)
    return not gap.strip(" ,\t")


def _unique(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for name in names:
        if name and name not in seen:
            seen.add(name)
            out.append(name)
    return out
