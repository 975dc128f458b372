"""The law and convention fixtures (tests/fixtures/laws, shaped like the real texts) give the same section
tree whatever format they arrive in: wrapped PDF lines, Word headings or bold paragraphs, HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.readers import read_document
from ingest.structure import parse_sections
from tests.ingest.docs_factory import WRITERS, Block

LAWS = Path(__file__).resolve().parents[1] / "fixtures" / "laws"
FIXTURES = ["luat-pcmbn-test", "actip-test"]
_CHAPTER = re.compile(r"^(Chương|CHAPTER|Chapter)\s+[IVXL\d]+$")
_SECTION = re.compile(r"^Mục\s+\d+$")


def blocks_of(markdown: str) -> list[Block]:
    """The fixture's markdown as writer blocks: # title, ## chapter (+ title), ### Mục (+ title), a bold
    line an article heading, anything else a paragraph."""
    blocks: list[Block] = []
    for raw in markdown.splitlines():
        line = raw.strip()
        if not line:
            continue
        marks, _, rest = line.partition(" ") if line.startswith("#") else ("", "", line)
        text = rest.strip("*").strip()
        if marks == "#":
            blocks.append(("title", text))
        elif marks == "##":
            blocks.append(("chapter" if _CHAPTER.match(text) else "chapter_title", text))
        elif marks == "###":
            blocks.append(("section" if _SECTION.match(text) else "section_title", text))
        elif line.startswith("**") and line.endswith("**"):
            blocks.append(("article", text))
        else:
            blocks.append(("para", text))
    return blocks


def tree(path: Path, doc_id: str) -> list[tuple[str, str, str | None]]:
    return [(s.label, s.kind, s.parent_id) for s in parse_sections(doc_id, read_document(path), "Văn bản")]


@pytest.fixture(scope="module")
def reference() -> dict[str, list[tuple[str, str, str | None]]]:
    return {doc_id: tree(LAWS / f"{doc_id}.md", doc_id) for doc_id in FIXTURES}


@pytest.mark.parametrize("fmt", [f for f in WRITERS if f != "md"])
@pytest.mark.parametrize("doc_id", FIXTURES)
def test_fixture_tree_in_every_format(tmp_path, reference, fmt, doc_id):
    blocks = blocks_of((LAWS / f"{doc_id}.md").read_text(encoding="utf-8"))
    assert tree(WRITERS[fmt](blocks, tmp_path, doc_id), doc_id) == reference[doc_id]


def test_fixture_shapes(reference):
    law = [label for label, _, _ in reference["luat-pcmbn-test"]]
    conv = [label for label, _, _ in reference["actip-test"]]
    assert law[:4] == ["preamble", "C1", "D1", "D2"] and "C3.M2" in law and "D14.1.đ" in law
    assert law.count("D2.1") == 1 and law[-2:] == ["D20.2", "recipients"]
    assert conv[:3] == ["preamble", "C1", "Art1"] and "Art2.f" in conv and "Art14.3.d" in conv
    assert sum(label.startswith("Art") and "." not in label for label in conv) == 20


LAWS3 = Path(__file__).resolve().parents[1] / "fixtures" / "laws3"


def test_word_decree_and_html_convention_fixtures():
    """tests/fixtures/laws3: a decree typed in Word (bold runs, chapter and title split by a line break, an
    amending article quoting new clauses, an annex table naming articles) and a convention as a treaty web
    page (mixed-case parts, titles after <br>, nested "(i)", an <ol type="a">)."""
    decree = {s.label: s for s in parse_sections("nd", read_document(LAWS3 / "nd-131-2026-test.docx"), "NĐ")}
    assert decree["C3.M2"].heading == "Mục 2. HỖ TRỢ HỌC NGHỀ, VIỆC LÀM VÀ TRỢ CẤP"
    assert [k for k in decree if k.startswith("D19")] == ["D19", "D19.1", "D19.2", "D19.3"]
    assert not any("~" in k for k in decree if k.startswith("D"))
    conv = {
        s.label: s
        for s in parse_sections("cv", read_document(LAWS3 / "conv-forced-criminality-test.html"), "C")
    }
    assert [k for k, s in conv.items() if s.kind == "part"] == ["I", "II", "III", "IV", "V"]
    assert conv["Art8.2.d"].text == "(d) Employment, educational and training opportunities."
    assert "(ii) The trafficking of drugs" in conv["Art2.a"].text
    assert "Treaty Collection" not in conv["Art16"].text
