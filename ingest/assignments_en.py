"""Who leads and who coordinates each task of an English-language plan (a translated provincial plan).

The same question class as ingest/assignments.py ("who leads task X?"), written the way English translations
of the plans write it; the cue words live in the `english` part of ingest/data/assignment_cues.yaml:

  block    "Lead agency: X." then "Coordinating agencies: Y; Z." and other lines ("Timeline: …", "Deadline: …")
  sentence "[The] X shall take the lead [in …], in coordination with [the] Y, [the] Z and [the] W, in …"
  heading  a section titled by agencies ("2. Provincial Police", "8. Provincial People's Procuracy and
           Provincial People's Court") whose body, or each of whose points, is their duty

English agency names are kept as written (the catalogue holds Vietnamese names). A list of names is split on
";" and before a word that opens an agency name, so "Department of Culture, Sports and Tourism" stays whole.
Only task parts are read (tasks, solutions, implementation, funding …), as for Vietnamese plans.
"""

from __future__ import annotations

import re
from importlib import resources

import yaml

from ingest.assignments import under_task_part
from tip.domain import Assignment, DocumentMeta, Section


def _load_cues() -> dict[str, list[str]]:
    text = resources.files("ingest").joinpath("data/assignment_cues.yaml").read_text(encoding="utf-8")
    return dict(yaml.safe_load(text)["english"])


def _alternatives(phrases: list[str]) -> str:
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


_CUES = _load_cues()
_TASK_PART = re.compile(rf"\b(?:{_alternatives(_CUES['task_parts'])})\b", re.I)
_READ_KINDS = {"item", "subitem", "letter"}
_LEAD_LABEL = re.compile(rf"^(?:{_alternatives(_CUES['lead_labels'])})\s*:\s*", re.I)
_COORD_LABEL = re.compile(rf"^(?:{_alternatives(_CUES['coordinator_labels'])})\s*:\s*", re.I)
_BLOCK_LINE = re.compile(rf"^(?:{_alternatives(_CUES['block_lines'])})\s*:", re.I)
_LEAD_VERB = re.compile(rf"\b(?:{_alternatives(_CUES['lead_verbs'])})\b", re.I)
_COORD_CUE = re.compile(rf"\b(?:{_alternatives(_CUES['coordinator_cues'])})\s+", re.I)
_HEAD = _alternatives(_CUES["agency_heads"])
_STARTS_AGENCY = re.compile(rf"^(?:the\s+)?(?:{_HEAD})\b", re.I)
# A list boundary: ", " or " and " (", and ") before a name that opens with an agency word.
_NAME_SPLIT = re.compile(rf"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?=(?:the\s+)?(?:{_HEAD})\b)", re.I)
# Where the coordinators end: a clause that goes on with another verb (", in carrying out", ", and shall").
_COORD_END = re.compile(r"[;.](?=\s|$)|,\s+(?!the\b|and\s+the\b)(?=[a-z])")
_LABEL = re.compile(r"^(?:[IVXL]+|\d{1,2}(?:\.\d{1,2})*|[a-z])[.)]\s*")
_SENTENCE = re.compile(r"[^.;]*?(?:[.;](?=\s|$)|$)")


def extract_assignments_en(meta: DocumentMeta, sections: list[Section]) -> list[Assignment]:
    """Every assignment block, sentence or agency-titled duty of the plan's task parts, in document order."""
    by_id = {s.section_id: s for s in sections}
    out: list[Assignment] = []
    for section in sections:
        if _is_task_section(section, by_id):
            out.extend(_read_section(meta, section, by_id))
    return out


def _is_task_section(section: Section, by_id: dict[str, Section]) -> bool:
    return under_task_part(section, by_id, _READ_KINDS, lambda heading: bool(_TASK_PART.search(heading)))


def _read_section(meta: DocumentMeta, section: Section, by_id: dict[str, Section]) -> list[Assignment]:
    lines = [ln.strip() for ln in section.text.split("\n") if ln.strip()]
    if not lines:
        return []
    titled = agency_title(lines[0])
    if titled is not None:
        body = lines[1:]
        return [_assignment(meta, section, section, titled, [], "\n".join(body))] if body else []
    parent = by_id.get(section.parent_id or "")
    inherited = agency_title(parent.text.split("\n", 1)[0]) if parent is not None else None
    if inherited is not None:  # "a) Take the lead in …" under "2. Provincial Police"
        return [_assignment(meta, section, section, inherited, [], _LABEL.sub("", lines[0], count=1))]
    out: list[Assignment] = []
    i = 0
    while i < len(lines):
        if _LEAD_LABEL.match(lines[i]):
            end = i + 1
            while end < len(lines) and (_COORD_LABEL.match(lines[end]) or _BLOCK_LINE.match(lines[end])):
                end += 1
            out.append(_block(meta, section, lines[i:end]))
            i = end
            continue
        out.extend(_sentences(meta, section, lines[i]))
        i += 1
    return out


def agency_title(line: str) -> list[str] | None:
    """The agencies a heading line is made of ("2. Provincial Police" → ["Provincial Police"]), or None
    when the heading is a task ("2. Reception, verification and identification of victims")."""
    title = _LABEL.sub("", line.strip(), count=1).rstrip(" :.")
    if not title or len(title) > 160 or not _STARTS_AGENCY.match(title):
        return None
    names = split_names(title)
    return names if all(_STARTS_AGENCY.match(n) for n in names) else None


def split_names(text: str) -> list[str]:
    """A list of English agency names, split on ';' and before each name's first word."""
    names: list[str] = []
    for part in text.split(";"):
        for name in _NAME_SPLIT.split(part):
            name = re.sub(r"^(?:and\s+)?(?:the\s+)", "", name.strip(" ,.:"), flags=re.I).strip(" ,.:")
            if name:
                names.append(name)
    return names


def _block(meta: DocumentMeta, section: Section, block: list[str]) -> Assignment:
    leads = split_names(_LEAD_LABEL.sub("", block[0], count=1))
    coords = [n for ln in block[1:] if (m := _COORD_LABEL.match(ln)) for n in split_names(ln[m.end() :])]
    return _assignment(meta, section, section, leads, coords, "\n".join(block))


def _sentences(meta: DocumentMeta, section: Section, line: str) -> list[Assignment]:
    """'[The] X shall take the lead …, in coordination with Y …' sentences of one line."""
    out: list[Assignment] = []
    body = _LABEL.sub("", line, count=1)
    for m in _SENTENCE.finditer(body):
        sentence = m.group(0).strip()
        verb = _LEAD_VERB.search(sentence)
        if not sentence or verb is None:
            continue
        subject = sentence[: verb.start()].strip(" ,")
        if not _STARTS_AGENCY.match(subject):
            continue
        out.append(
            _assignment(
                meta, section, section, split_names(subject), _coordinators(sentence, verb.end()), sentence
            )
        )
    return out


def _coordinators(sentence: str, start: int) -> list[str]:
    cue = _COORD_CUE.search(sentence, start)
    if cue is None:
        return []
    end = _COORD_END.search(sentence, cue.end())
    return split_names(sentence[cue.end() : end.start() if end else len(sentence)])


def _assignment(
    meta: DocumentMeta, section: Section, task: Section, leads: list[str], coords: list[str], text: str
) -> Assignment:
    leads = list(dict.fromkeys(leads))
    return Assignment(
        doc_id=meta.doc_id,
        section_id=section.section_id,
        task_section_id=task.section_id,
        task=task.heading,
        leads=leads,
        coordinators=[c for c in dict.fromkeys(coords) if c not in leads],
        jurisdiction=meta.jurisdiction_name,
        text=text,
    )
