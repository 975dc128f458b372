"""Document metadata: from the manifest when the file is listed, inferred from the text otherwise."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ingest.manifest import ManifestEntry
from tip.domain import DocType, DocumentMeta
from tip.text import collapse_ws, fold

_NUMBER = re.compile(r"Số\s*:?\s*(\d+\s*/\s*(?:\d{4}\s*/\s*)?[A-ZĐ][A-ZĐ0-9\-]*(?:-[A-ZĐ0-9]+)*)", re.UNICODE)
_NUMBER_BARE = re.compile(r"\b(\d+/(?:\d{4}/)?(?:QH\d+|NĐ-CP|QĐ-TTg|KH-UBND|QĐ-[A-Z]+|TT-[A-Z]+))\b")
_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I)
_PROVINCE = re.compile(
    r"trên địa bàn (tỉnh|thành phố|Thành phố)\s+([A-ZĐÂ][^\n,.;()]{1,40}?)(?:\s*$|[,.;(\n])", re.M
)
_ISSUERS = [
    ("Quốc hội", r"\bQUỐC HỘI\b"),
    ("Chính phủ", r"^\s*\**CHÍNH PHỦ\b"),
    ("Thủ tướng Chính phủ", r"THỦ TƯỚNG CHÍNH PHỦ"),
    ("Ủy ban nhân dân", r"ỦY BAN NHÂN DÂN|UBND"),
]
_TYPES: list[tuple[DocType, str]] = [
    ("convention", r"\b(CÔNG ƯỚC|CONVENTION)\b"),
    ("law", r"^\s*\**LUẬT\b"),
    ("decree", r"^\s*\**NGHỊ ĐỊNH\b"),
    ("circular", r"^\s*\**THÔNG TƯ\b"),
    ("decision", r"^\s*\**QUYẾT ĐỊNH\b"),
    ("plan", r"^\s*\**(#+\s*)?\**KẾ HOẠCH\b"),
]


def from_manifest(entry: ManifestEntry, sha256: str) -> DocumentMeta:
    data = entry.model_dump(include=set(DocumentMeta.model_fields) - {"sha256", "from_manifest"})
    if data.get("doc_type") not in DocType.__args__:  # type: ignore[attr-defined]
        data["doc_type"] = "other"
    return DocumentMeta(**data, sha256=sha256, from_manifest=True)


def doc_id_from_path(path: Path) -> str:
    """A slug from the file name: 'Luật PCMBN 2024.docx' → 'luat-pcmbn-2024'."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(path.stem)).strip("-")
    return slug or "document"


def infer_metadata(path: Path, text: str, sha256: str) -> DocumentMeta:
    """Metadata for a file that is not in the manifest, read off its first page."""
    head = "\n".join(text.splitlines()[:80])
    issued = _first_date(head)
    number = _first_number(head)
    province = _province(head)
    return DocumentMeta(
        doc_id=doc_id_from_path(path),
        file=path.name,
        title=_title(head) or path.stem,
        doc_type=_doc_type(head),
        number=number,
        issuer=_issuer(head, province),
        issued=issued,
        year=issued.year if issued else _year_from_number(number),
        jurisdiction="province" if province else "national",
        jurisdiction_name=province or "Việt Nam (toàn quốc)",
        sha256=sha256,
        from_manifest=False,
    )


def _first_number(head: str) -> str | None:
    m = _NUMBER.search(head) or _NUMBER_BARE.search(head)
    return re.sub(r"\s+", "", m.group(1)) if m else None


def _first_date(head: str) -> dt.date | None:
    for m in _DATE.finditer(head):
        try:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            continue
    return None


def _province(head: str) -> str | None:
    m = _PROVINCE.search(head.replace("*", ""))
    return collapse_ws(m.group(2)) if m else None


def _doc_type(head: str) -> DocType:
    for doc_type, pattern in _TYPES:
        if re.search(pattern, head, re.M):
            return doc_type
    return "other"


def _issuer(head: str, province: str | None) -> str | None:
    for name, pattern in _ISSUERS:
        if re.search(pattern, head, re.M):
            return f"{name} tỉnh {province}" if name == "Ủy ban nhân dân" and province else name
    return None


def _title(head: str) -> str | None:
    """The line after the document-type line ("KẾ HOẠCH" / "LUẬT" …), joined to it."""
    lines = [collapse_ws(line.replace("*", "").lstrip("# ")) for line in head.splitlines()]
    lines = [line for line in lines if line]
    for i, line in enumerate(lines):
        if re.fullmatch(r"(KẾ HOẠCH|QUYẾT ĐỊNH|LUẬT|NGHỊ ĐỊNH|THÔNG TƯ|CÔNG ƯỚC)(\s+[A-ZĐ ]+)?", line):
            if i + 1 < len(lines):
                return f"{line.capitalize()} {lines[i + 1]}"
            return line
    return None


def _year_from_number(number: str | None) -> int | None:
    m = re.search(r"/(\d{4})/", number or "")
    return int(m.group(1)) if m else None
