"""Read a source file into NFC plain text, one paragraph or heading per line.

Formats: .md, .txt, .docx, .pdf, .html/.htm. Legacy Vietnamese encodings are converted when certain,
refused otherwise (see ingest.vnencoding). Every failure is an IngestError with a one-line reason, so
one bad file is reported by name and the others still ingest."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from ingest.errors import IngestError
from ingest.vnencoding import decode_bytes, fix_legacy_text
from tip.text import nfc

SUPPORTED_SUFFIXES = (".md", ".txt", ".docx", ".pdf", ".html", ".htm")
_HINTS = {
    ".doc": "legacy Word .doc is not supported; save it as .docx",
    ".rtf": "RTF is not supported; save it as .docx",
    ".odt": "OpenDocument is not supported; save it as .docx",
}
_MAGIC = {b"%PDF-": "PDF", b"PK\x03\x04": "zip (DOCX/XLSX)", b"\xd0\xcf\x11\xe0": "legacy Office (.doc/.xls)"}


def read_document(path: Path) -> str:
    """Return the document's text; raise IngestError naming the file and the reason."""
    path = Path(path)
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        raise IngestError(path, _unsupported(suffix))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(path, f"cannot read file ({exc.strerror or type(exc).__name__})") from None
    if not data.strip():
        raise IngestError(path, "file is empty")
    try:
        text = tidy(reader(path, data))
    except IngestError:
        raise
    except Exception as exc:  # a reader bug or an unforeseen library error: still one named line
        raise IngestError(path, f"cannot read {suffix} file ({_brief(exc)})") from exc
    if not any(ch.isalpha() for ch in text):
        raise IngestError(path, "no readable text found")
    return text


def _unsupported(suffix: str) -> str:
    if suffix in _HINTS:
        return _HINTS[suffix]
    return (
        f"unsupported file type {suffix or '(no extension)'}; expected one of {', '.join(SUPPORTED_SUFFIXES)}"
    )


_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")


def tidy(text: str) -> str:
    """NFC, one space between words, no empty runs of lines: the shape the section parser expects."""
    text = _INVISIBLE.sub("", nfc(text).replace("\r\n", "\n").replace("\r", "\n"))
    lines: list[str] = []
    for raw in text.split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip()


def _sniffed(data: bytes) -> str | None:
    head = data.lstrip()[:8]
    return next((name for magic, name in _MAGIC.items() if head.startswith(magic)), None)


def _wrong_format(path: Path, data: bytes, expected: str | None) -> None:
    """A file whose bytes say it is another format (a PDF renamed .docx) gets a reason, not a crash."""
    found = _sniffed(data)
    if found is not None and found != expected:
        raise IngestError(path, f"content is {found}, not {path.suffix.lower()}; fix the file extension")


# --- text formats -------------------------------------------------------------------------------------
def _reject_binary(path: Path, data: bytes) -> None:
    """NUL or many control bytes mean a binary file, not text in an unusual encoding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # UTF-16 with a byte-order mark: NUL bytes are expected
    _wrong_format(path, data, None)
    if b"\x00" in data:
        raise IngestError(path, "binary content (NUL bytes); not a text document")
    control = sum(1 for b in data if (b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D)) or b == 0x7F)
    if control > 0.02 * len(data):
        raise IngestError(path, f"binary or garbage content ({control * 100 // len(data)}% control bytes)")


def _read_text(path: Path, data: bytes) -> str:
    _reject_binary(path, data)
    return decode_bytes(path, data)


# --- DOCX ---------------------------------------------------------------------------------------------
def _read_docx(path: Path, data: bytes) -> str:
    """Paragraphs and table cells in document order; headings are ordinary lines."""
    _wrong_format(path, data, "zip (DOCX/XLSX)")
    document = _open_docx(path, data)
    try:
        lines = list(_docx_lines(document))
    except Exception as exc:  # a part that parses but is malformed inside
        raise IngestError(path, f"corrupt DOCX ({_brief(exc)})") from None
    if not any(line.strip() for line in lines):
        raise IngestError(path, "DOCX has no text (only images or empty paragraphs?)")
    return fix_legacy_text(path, "\n".join(lines))


def _open_docx(path: Path, data: bytes):  # -> docx.document.Document
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, EOFError):
        raise IngestError(path, "corrupt or truncated DOCX (not a valid zip archive)") from None
    except KeyError:
        raise IngestError(path, "not a Word document (the zip archive has no Word parts)") from None
    except ValueError as exc:
        raise IngestError(path, f"not a Word document ({_office_kind(str(exc))})") from None
    except Exception as exc:
        raise IngestError(path, f"corrupt DOCX ({_brief(exc)})") from None


def _office_kind(message: str) -> str:
    """python-docx names the content type it found; say which Office file it is instead."""
    for marker, kind in (("spreadsheetml", "an Excel workbook"), ("presentationml", "a PowerPoint file")):
        if marker in message:
            return f"it is {kind}"
    m = re.search(r"content type is '([^']+)'", message)
    return f"content type {m.group(1)}" if m else "unexpected content"


def _docx_lines(container) -> Iterator[str]:
    """Walk a body or table cell: paragraphs as lines (soft breaks split), tables cell by cell."""
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            yield from _table_lines(block)
        else:
            yield from block.text.split("\n")


def _table_lines(table) -> Iterator[str]:
    seen: set = set()  # holds the lxml elements themselves: an id() could be reused once a proxy is freed
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:  # a merged cell repeats in every grid position it spans
                continue
            seen.add(cell._tc)
            yield from _docx_lines(cell)


# --- PDF ----------------------------------------------------------------------------------------------
def _read_pdf(path: Path, data: bytes) -> str:
    _check_pdf_frame(path, data)
    pages = _pdf_pages(path, data)
    _check_text_layer(path, pages)
    lines: list[str] = []
    for page in pages:
        lines.extend(_drop_page_numbers(page.splitlines()))
    return fix_legacy_text(path, "\n".join(join_wrapped_lines(lines)))


def _check_pdf_frame(path: Path, data: bytes) -> None:
    """A PDF starts with %PDF- and ends with %%EOF; a cut-off download lacks the end."""
    if b"%PDF-" not in data[:1024]:  # the header may follow a little junk
        _wrong_format(path, data, "PDF")
        raise IngestError(path, "not a PDF (no %PDF- header)")
    if b"%%EOF" not in data[-4096:]:
        raise IngestError(path, "corrupt or truncated PDF (no %%EOF end marker)")


def _pdf_pages(path: Path, data: bytes) -> list[str]:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(path, "PDF is password-protected; save an unprotected copy")
        return [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except Exception as exc:  # pypdf raises PdfReadError, but also ValueError/KeyError on damaged files
        raise IngestError(path, f"corrupt or truncated PDF ({_brief(exc)})") from None


_UNREADABLE = re.compile(r"[\ufffd\ue000-\uf8ff]|\(cid:\d+\)")


def _check_text_layer(path: Path, pages: list[str]) -> None:
    """Scanned pages have no text; fonts without a Unicode map give private-use or cid garbage."""
    empty = sum(1 for page in pages if sum(ch.isalnum() for ch in page) < 10)
    if not pages or empty == len(pages):
        raise IngestError(path, "PDF has no text layer (scanned image?); OCR it first")
    if len(pages) >= 2 and empty > len(pages) / 2:
        raise IngestError(
            path, f"PDF has no text layer on {empty} of {len(pages)} pages (scanned?); OCR it first"
        )
    text = "".join(pages)
    bad = len(_UNREADABLE.findall(text))
    if bad > 0.2 * sum(not ch.isspace() for ch in text):
        raise IngestError(path, "PDF text layer is unreadable (fonts without a Unicode map); OCR it first")


_PAGE_NUMBER = re.compile(r"^(?:-\s*)?(?:trang|page)?\s*\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*-)?$", re.I)


def _drop_page_numbers(lines: list[str]) -> list[str]:
    """Page numbers at the top or bottom of a page would otherwise split a paragraph."""
    lines = [line for line in lines if line.strip()]
    while lines and _PAGE_NUMBER.match(lines[-1].strip()):
        lines.pop()
    while lines and _PAGE_NUMBER.match(lines[0].strip()):
        lines.pop(0)
    return lines


_BLOCK_START = re.compile(
    r"^(?:[-–—•+*]\s|\(?[a-zđ]\)\s|\(?\d+(?:\.\d+)*[.)]\s|[ivxl]+[.)]\s"
    r"|(?:điều|chương|mục|phần|article|chapter|section|part|annex|phụ lục)\s+\w)",
    re.I,
)
# "Điều 5 của Luật này…", "Article 3 of this…": a reference (number then a lower-case word), not a heading.
_REFERENCE = re.compile(r"^(?:Điều|Chương|Mục|Article|Chapter|Section)\s+[\dIVXL]+[a-z]?\s+(?P<next>\w)")
_SENTENCE_END = re.compile(r"[.:;!?…]$")


def join_wrapped_lines(lines: list[str]) -> list[str]:
    """Re-join lines a PDF wrapped mid-sentence. Only when clearly safe: the previous line does not end
    a sentence and the next starts in lower case without a list marker ("a)", "1."), or the next is a
    cross-reference ("Điều 5 của …") after a line cut mid-sentence. Headings always stay at line start."""
    out: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        prev = out[-1] if out else ""
        if prev and _continues(prev, line):
            hyphen = prev.endswith("-") and prev[-2:-1].isalpha()
            out[-1] = f"{prev}{line}" if hyphen else f"{prev} {line}"
        else:
            out.append(line)
    return out


def _continues(prev: str, line: str) -> bool:
    if _SENTENCE_END.search(prev):
        return False
    if line[0].islower():
        return not _BLOCK_START.match(line)
    ref = _REFERENCE.match(line)
    mid_sentence = prev[-1].islower() or prev[-1].isdigit() or prev[-1] == ","
    return ref is not None and ref.group("next").islower() and mid_sentence


# --- HTML ---------------------------------------------------------------------------------------------
_DROP_TAGS = (
    "script", "style", "nav", "noscript", "template", "head", "iframe", "svg", "form", "button", "footer",
)  # fmt: skip
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})  # fmt: skip
_WS = re.compile(r"\s+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _read_html(path: Path, data: bytes) -> str:
    _reject_binary(path, data)
    from selectolax.lexbor import LexborHTMLParser

    try:
        tree = LexborHTMLParser(_decode_html(path, data))
        for node in tree.css(", ".join(_DROP_TAGS)):
            node.decompose()
        root = tree.body or tree.root
        parts: list[str] = []
        if root is not None:
            _html_text(root, parts)
    except IngestError:
        raise
    except Exception as exc:
        raise IngestError(path, f"cannot parse HTML ({_brief(exc)})") from None
    return fix_legacy_text(path, "".join(parts))


def _decode_html(path: Path, data: bytes) -> str:
    """Valid UTF-8 wins (pages often declare the wrong charset), then the declared charset
    (windows-1258, or latin-1 for .VnTime pages), then the same detection as text files."""
    if not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        try:
            return nfc(data.decode("utf-8"))
        except UnicodeDecodeError:
            pass
        m = _CHARSET.search(data[:4096])
        try:
            return (
                nfc(data.decode(m.group(1).decode("ascii"))) if m else decode_bytes(path, data, legacy=False)
            )
        except (LookupError, UnicodeDecodeError):
            pass  # unknown or wrong declaration: fall back to detection
    return decode_bytes(path, data, legacy=False)


def _html_text(node, parts: list[str]) -> None:
    """Depth-first text with a line break around every block element (inline tags keep one line)."""
    child = node.child
    while child is not None:
        tag = child.tag
        if tag == "-text":
            parts.append(_WS.sub(" ", child.text_content or ""))  # source line breaks are spaces
        elif tag == "ol":
            parts.append("\n")
            _ordered_list(child, parts)
            parts.append("\n")
        elif tag in _BLOCK_TAGS:
            parts.append("\n")
            if tag == "pre":
                parts.append(child.text(deep=True))
            else:
                _html_text(child, parts)
            parts.append("\n")
        elif tag and not tag.startswith("!") and tag != "-comment":
            _html_text(child, parts)
        child = child.next


_ITEM_MARKER = re.compile(r"^\s*(?:\(?[0-9]{1,3}[.)]|\(?[a-zđ]\)|\(?[ivxl]{1,5}\)|[-–•])\s", re.I)


def _ordered_list(node, parts: list[str]) -> None:
    """An <ol> numbers its items on screen only: write the number ("1.", "(a)", "(i)") as the text shows
    it, so "paragraph 2 (b)" stays findable; items already typed with a number keep theirs."""
    kind = (node.attributes.get("type") or "1").strip()
    try:
        number = int(node.attributes.get("start") or 1)
    except ValueError:
        number = 1
    child = node.child
    while child is not None:
        if child.tag == "li":
            item: list[str] = []
            _html_text(child, item)
            text = "".join(item).lstrip()
            marker = "" if _ITEM_MARKER.match(text) else _list_marker(kind, number) + " "
            parts.extend(["\n", marker, text, "\n"])
            number += 1
        elif child.tag not in ("-text", "-comment"):
            _html_text(child, parts)
        child = child.next


def _list_marker(kind: str, number: int) -> str:
    if kind in ("a", "A"):
        letter = chr(ord("a") + (number - 1) % 26)
        return f"({letter.upper() if kind == 'A' else letter})"
    if kind in ("i", "I"):
        roman = _roman(number)
        return f"({roman if kind == 'I' else roman.lower()})"
    return f"{number}."


def _roman(number: int) -> str:
    out = ""
    for value, digits in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out, number = out + digits, number - value
    return out


def _brief(exc: BaseException) -> str:
    """One short line naming a library exception, never a traceback."""
    message = " ".join(str(exc).split())
    if len(message) > 120:
        message = message[:117] + "..."
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


_READERS: dict[str, Callable[[Path, bytes], str]] = {
    ".md": _read_text,
    ".txt": _read_text,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
    ".html": _read_html,
    ".htm": _read_html,
}
