"""Corpus ingestion: manifest metadata, inferred metadata for unlisted files, collected errors, stable ids."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from ingest.errors import IngestError, ManifestError
from ingest.manifest import load_manifest
from ingest.metadata import doc_id_from_path, infer_metadata
from ingest.pipeline import ingest_corpus

UNLISTED = """ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ

Số: 45/KH-UBND

Quảng Trị, ngày 02 tháng 6 năm 2024

KẾ HOẠCH

Phòng, chống mua bán người năm 2024 trên địa bàn tỉnh Quảng Trị

I. NHIỆM VỤ

1. Hỗ trợ nạn nhân

Sở Lao động - Thương binh và Xã hội chủ trì, phối hợp Công an tỉnh thực hiện hỗ trợ nạn nhân trở về.
"""

LAW = """QUỐC HỘI

Luật số: 53/2024/QH15

LUẬT

PHÒNG, CHỐNG MUA BÁN NGƯỜI (bản thử nghiệm)

Chương I
NHỮNG QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Luật này quy định về phòng ngừa, phát hiện và xử lý hành vi mua bán người.
"""


def test_unlisted_file_gets_inferred_metadata(mini_corpus: Path) -> None:
    (mini_corpus / "Kế hoạch Quảng Trị 2024.md").write_text(UNLISTED, encoding="utf-8")
    report = ingest_corpus(mini_corpus)
    assert not report.errors
    doc = next(d for d in report.documents if not d.meta.from_manifest)
    meta = doc.meta
    assert meta.doc_id == "ke-hoach-quang-tri-2024"
    assert (meta.number, meta.issued, meta.doc_type) == ("45/KH-UBND", dt.date(2024, 6, 2), "plan")
    assert (meta.jurisdiction, meta.jurisdiction_name) == ("province", "Quảng Trị")
    assert meta.issuer == "Ủy ban nhân dân tỉnh Quảng Trị"
    assert any("not in manifest.yaml" in w for w in report.warnings)
    assert doc.assignments and doc.assignments[0].leads == ["Sở Lao động - Thương binh và Xã hội"]


def test_law_metadata_is_inferred(tmp_path: Path) -> None:
    path = tmp_path / "luat.txt"
    meta = infer_metadata(path, LAW, "x")
    assert (meta.doc_type, meta.number, meta.year, meta.issuer) == ("law", "53/2024/QH15", 2024, "Quốc hội")


def test_doc_ids_from_file_names() -> None:
    assert doc_id_from_path(Path("Luật PCMBN 2024.docx")) == "luat-pcmbn-2024"
    assert doc_id_from_path(Path("---.md")) == "document"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("documents: [ {doc_id: x", "malformed YAML at line"),
        ("nothing: here", "top-level 'documents:'"),
        ("documents:\n  - {file: a.md, title: t}", "entry 1: doc_id"),
        ("documents:\n  - {doc_id: 'a b', file: a.md, title: t}", "doc_id"),
        (
            "documents:\n  - {doc_id: a, file: a.md, title: t}\n  - {doc_id: a, file: b.md, title: t}",
            "duplicate doc_id",
        ),
    ],
)
def test_malformed_manifest_is_named(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "manifest.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(ManifestError, match=message) as info:
        load_manifest(tmp_path)
    assert str(info.value).startswith("manifest.yaml: ")


def test_missing_corpus_folder(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="corpus folder not found"):
        ingest_corpus(tmp_path / "nope")


def test_section_ids_are_stable_across_reingests(mini_corpus: Path, tmp_path: Path) -> None:
    first = ingest_corpus(mini_corpus)
    copy = tmp_path / "copy"
    shutil.copytree(mini_corpus, copy)
    again = ingest_corpus(copy)
    ids = lambda r: [s.section_id for d in r.documents for s in d.sections]  # noqa: E731
    assert ids(first) == ids(again) and len(set(ids(first))) == len(ids(first))
