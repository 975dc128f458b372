"""read_document: every format gives one paragraph per line, and every bad file a named reason."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

from ingest.errors import IngestError
from ingest.readers import SUPPORTED_SUFFIXES, join_wrapped_lines, read_document, tidy
from tests.ingest.docs_factory import (
    CONV_ID,
    CONVENTION,
    LAW,
    LAW_ID,
    TABLE_ROWS,
    WRITERS,
    corrupt_middle,
    plain_lines,
    to_cp1258,
    to_html,
    to_tcvn3,
    to_text,
    to_vni,
    truncate,
    write_bad_files,
    write_docx,
    write_scanned_pdf,
    write_workbook_as_docx,
    write_zip_not_word,
)

NON_MD = [f for f in WRITERS if f != "md"]


def lines_of(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


# --- every format, both documents --------------------------------------------------------------------
@pytest.mark.parametrize("doc_id,blocks", [(LAW_ID, LAW), (CONV_ID, CONVENTION)])
@pytest.mark.parametrize("fmt", NON_MD)
def test_one_block_per_line(written, fmt, doc_id, blocks):
    text = read_document(written[(fmt, doc_id)])
    assert lines_of(text) == plain_lines(blocks)
    assert unicodedata.is_normalized("NFC", text)


def test_markdown_keeps_its_marks_for_the_parser(written):
    text = read_document(written[("md", LAW_ID)])
    assert "## **Chương I**" in lines_of(text)
    assert [line.strip("#* ") for line in lines_of(text)] == plain_lines(LAW)


def test_decomposed_text_comes_back_nfc(tmp_path):
    path = tmp_path / "nfd.md"
    path.write_text(unicodedata.normalize("NFD", "Điều 1. Quyết định về người bị hại"), encoding="utf-8")
    assert read_document(path) == "Điều 1. Quyết định về người bị hại"


def test_utf8_bom_and_utf16(tmp_path):
    (tmp_path / "bom.txt").write_bytes("\ufeffĐiều 1. Phạm vi".encode())
    (tmp_path / "u16.txt").write_bytes("Điều 1. Phạm vi\nnội dung".encode("utf-16"))
    assert read_document(tmp_path / "bom.txt") == "Điều 1. Phạm vi"
    assert read_document(tmp_path / "u16.txt") == "Điều 1. Phạm vi\nnội dung"


def test_tidy_collapses_spaces_and_blank_runs():
    assert tidy("a \t b\u00a0c\r\n\r\n\r\n\u200bd  \n") == "a b c\n\nd"


# --- DOCX ---------------------------------------------------------------------------------------------
def test_docx_table_cells_in_order(tmp_path):
    path = write_docx(LAW[:6], tmp_path / "table.docx", table=True)
    text = lines_of(read_document(path))
    cells = [value for row in TABLE_ROWS for value in row]
    assert text[-len(cells) - 1 : -1] == cells
    assert text[-1] == "Đoạn sau bảng."


def test_docx_merged_cell_once(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Tiêu đề gộp"
    table.cell(1, 0).text, table.cell(1, 1).text = "trái", "phải"
    document.save(str(tmp_path / "merged.docx"))
    assert lines_of(read_document(tmp_path / "merged.docx")) == ["Tiêu đề gộp", "trái", "phải"]


# --- PDF ----------------------------------------------------------------------------------------------
def test_pdf_rejoins_wrapped_lines_and_drops_page_numbers(written):
    from pypdf import PdfReader

    raw = PdfReader(written[("pdf", LAW_ID)]).pages[0].extract_text()
    assert "mua\nbán người" in raw  # the fixture really wraps mid-sentence
    text = read_document(written[("pdf", LAW_ID)])
    assert "xử lý hành vi mua bán người; tiếp nhận" in text
    assert not any(line.strip().isdigit() for line in text.splitlines())


@pytest.mark.parametrize(
    "lines,expected",
    [
        (["1. Nội dung gồm", "các việc sau"], ["1. Nội dung gồm các việc sau"]),
        (["trách nhiệm của", "a) Bộ Công an;"], ["trách nhiệm của", "a) Bộ Công an;"]),
        (["trách nhiệm của", "đ) cơ quan khác"], ["trách nhiệm của", "đ) cơ quan khác"]),
        (["như sau", "1. khoản một"], ["như sau", "1. khoản một"]),
        (["NHỮNG QUY ĐỊNH CHUNG", "Điều 3. Giải thích"], ["NHỮNG QUY ĐỊNH CHUNG", "Điều 3. Giải thích"]),
        (["kết thúc câu.", "tiếp theo"], ["kết thúc câu.", "tiếp theo"]),
        (["quy định tại", "Điều 5 của Luật này."], ["quy định tại Điều 5 của Luật này."]),
        (["quy định tại", "khoản 2 Điều 5."], ["quy định tại khoản 2 Điều 5."]),
        (["GENERAL PROVISIONS", "Article 1 Objectives"], ["GENERAL PROVISIONS", "Article 1 Objectives"]),
        (["as set out in", "Article 3 of this Convention."], ["as set out in Article 3 of this Convention."]),
        (["traf-", "ficking in persons"], ["traf-ficking in persons"]),
        (["- gạch đầu dòng", "- gạch thứ hai"], ["- gạch đầu dòng", "- gạch thứ hai"]),
    ],
)
def test_join_wrapped_lines(lines, expected):
    assert join_wrapped_lines(lines) == expected


def test_encrypted_pdf_is_named(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "Protected text")
    pdf.output(str(tmp_path / "locked.pdf"))
    with pytest.raises(IngestError, match="password-protected"):
        read_document(tmp_path / "locked.pdf")


# --- HTML ---------------------------------------------------------------------------------------------
def test_html_drops_script_style_nav(written):
    text = read_document(written[("html", LAW_ID)])
    for noise in ("Trang chủ", "console.log", "color:", "var menu", "Trang văn bản"):
        assert noise not in text


def test_html_inline_tags_stay_on_one_line(tmp_path):
    path = tmp_path / "inline.htm"
    path.write_text(
        "<p><b>Điều 1.</b> Phạm <i>vi</i>&nbsp;điều chỉnh<br>dòng hai</p><div>a<p>b</p>c</div>", "utf-8"
    )
    assert lines_of(read_document(path)) == ["Điều 1. Phạm vi điều chỉnh", "dòng hai", "a", "b", "c"]


def test_html_misdeclared_charset_but_utf8(tmp_path):
    path = tmp_path / "wrong.html"
    path.write_bytes(to_html(LAW, charset="iso-8859-1").encode("utf-8"))
    assert lines_of(read_document(path)) == plain_lines(LAW)


def test_html_declared_windows_1258(tmp_path):
    path = tmp_path / "cp1258.html"
    path.write_bytes(to_cp1258(to_html(LAW, charset="windows-1258")))
    assert lines_of(read_document(path)) == plain_lines(LAW)


# --- legacy encodings through the readers ------------------------------------------------------------
@pytest.mark.parametrize(
    "name,make",
    [
        ("cp1258.txt", lambda: to_cp1258(to_text(LAW))),
        ("tcvn3-bytes.txt", lambda: to_tcvn3(to_text(LAW)).encode("latin-1")),
        ("vni-bytes.md", lambda: to_vni(to_text(LAW)).encode("cp1252")),
        ("tcvn3-utf8.txt", lambda: to_tcvn3(to_text(LAW)).encode("utf-8")),
        ("vni.html", lambda: to_vni(to_html(LAW)).encode("utf-8")),
        ("tcvn3-latin1.html", lambda: to_tcvn3(to_html(LAW, charset="iso-8859-1")).encode("latin-1")),
        ("tcvn3-misdeclared.html", lambda: to_tcvn3(to_html(LAW)).encode("latin-1")),
        ("vni-cp1252.htm", lambda: to_vni(to_html(LAW, charset="windows-1252")).encode("cp1252")),
    ],
)
def test_legacy_text_files_read_as_the_original(tmp_path, name, make):
    path = tmp_path / name
    path.write_bytes(make())
    assert lines_of(read_document(path)) == plain_lines(LAW)


@pytest.mark.parametrize("convert", [to_tcvn3, to_vni], ids=["tcvn3", "vni"])
def test_legacy_font_docx_reads_as_the_original(tmp_path, convert):
    blocks = [(kind, convert(text)) for kind, text in LAW]  # .VnTime / VNI-Times text stored as-is
    path = write_docx(blocks, tmp_path / "legacy.docx")
    assert lines_of(read_document(path)) == plain_lines(LAW)


def test_mixed_legacy_file_is_refused(tmp_path):
    lines = plain_lines(LAW)
    half = len(lines) // 2
    path = tmp_path / "mixed.docx"
    write_docx(
        [("para", to_tcvn3(t)) for t in lines[:half]] + [("para", to_vni(t)) for t in lines[half:]], path
    )
    with pytest.raises(IngestError, match=r"TCVN3/VNI legacy font encoding .*uncertain"):
        read_document(path)


# --- bad inputs ---------------------------------------------------------------------------------------
BAD = {
    "empty.txt": "file is empty",
    "blank.md": "file is empty",
    "empty.docx": "file is empty",
    "garbage-nul.txt": r"binary content \(NUL bytes\)",
    "garbage-ctl.md": "binary or garbage content",
    "garbage.html": "binary content",
    "sheet.xlsx": r"unsupported file type \.xlsx",
    "old.doc": r"legacy Word \.doc is not supported",
    "noext": r"unsupported file type \(no extension\)",
    "russian.txt": "not UTF-8 and not recognisable as Windows-1258 Vietnamese",
    "latin1-german.txt": "not UTF-8 and not recognisable as Windows-1258 Vietnamese",
    "pdf-as.docx": r"content is PDF, not \.docx",
    "bad-header.pdf": "not a PDF",
    "corrupt.pdf": "corrupt or truncated PDF",
}


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory) -> dict[str, Path]:
    return write_bad_files(tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize("name", list(BAD))
def test_bad_file_names_the_reason(bad_files, name):
    with pytest.raises(IngestError, match=BAD[name]) as info:
        read_document(bad_files[name])
    assert info.value.path == bad_files[name]
    assert "\n" not in str(info.value) and str(info.value).startswith(f"{bad_files[name].name}: ")


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9, 0.99])
@pytest.mark.parametrize(
    "fmt,reason", [("pdf", "corrupt or truncated PDF"), ("docx-styles", "corrupt or truncated DOCX")]
)
def test_truncated_files(written, tmp_path, fmt, reason, keep):
    source = written[(fmt, LAW_ID)]
    with pytest.raises(IngestError, match=reason):
        read_document(truncate(source, tmp_path / f"cut{source.suffix}", keep))


def test_workbook_renamed_docx(tmp_path):
    with pytest.raises(IngestError, match=r"not a Word document \(it is an Excel workbook\)"):
        read_document(write_workbook_as_docx(tmp_path / "book.docx"))


@pytest.mark.parametrize("fmt", ["docx-styles", "pdf"])
def test_corrupted_middle_is_named(written, tmp_path, fmt):
    source = written[(fmt, LAW_ID)]
    try:
        text = read_document(corrupt_middle(source, tmp_path / f"bad{source.suffix}"))
    except IngestError as exc:
        assert "corrupt" in exc.reason or "no text layer" in exc.reason
    else:  # pypdf may recover the other objects: then most of the text must still be there
        assert fmt == "pdf" and "Điều 1. Phạm vi điều chỉnh" in text


def test_zip_that_is_not_word(tmp_path):
    with pytest.raises(IngestError, match="not a Word document"):
        read_document(write_zip_not_word(tmp_path / "other.docx"))


def test_docx_renamed_pdf_and_txt(written, tmp_path):
    for name in ("renamed.pdf", "renamed.txt"):
        shutil.copy(written[("docx-styles", LAW_ID)], tmp_path / name)
        with pytest.raises(IngestError, match="content is zip"):
            read_document(tmp_path / name)


def test_scanned_pdf_asks_for_ocr(tmp_path):
    with pytest.raises(IngestError, match=r"PDF has no text layer \(scanned image\?\); OCR it first"):
        read_document(write_scanned_pdf(tmp_path / "scan.pdf"))


def test_missing_file(tmp_path):
    with pytest.raises(IngestError, match="cannot read file"):
        read_document(tmp_path / "absent.md")


def test_html_with_no_text(tmp_path):
    (tmp_path / "nav.html").write_text(
        "<html><body><nav>Menu</nav><script>x()</script></body></html>", "utf-8"
    )
    with pytest.raises(IngestError, match="no readable text"):
        read_document(tmp_path / "nav.html")


def test_supported_suffixes_all_have_readers(tmp_path):
    for suffix in SUPPORTED_SUFFIXES:
        with pytest.raises(IngestError, match="file is empty"):
            (tmp_path / f"e{suffix}").write_bytes(b"")
            read_document(tmp_path / f"e{suffix}")


# An <ol> numbers its items on screen only (treaty and law pages often list subparagraphs that way): the
# reader writes the number the page shows, so the parser sees "(b)" and "3." as a person reading it does.
@pytest.mark.parametrize(
    ("ol", "first", "second"),
    [
        ('<ol type="a">', "(a) Shelter and food;", "(b) Legal advice."),
        ('<ol type="i">', "(i) Shelter and food;", "(ii) Legal advice."),
        ('<ol start="3">', "3. Shelter and food;", "4. Legal advice."),
        ("<ol>", "1. Shelter and food;", "2. Legal advice."),
    ],
)
def test_html_ordered_list_items_keep_their_numbers(tmp_path, ol, first, second):
    path = tmp_path / "list.html"
    path.write_text(
        f"<html><body><p>2. Each Party shall provide:</p>{ol}<li>Shelter and food;</li>"
        "<li>Legal advice.</li></ol><footer>Site map | Contact</footer></body></html>",
        encoding="utf-8",
    )
    assert lines_of(read_document(path)) == ["2. Each Party shall provide:", first, second]


def test_html_list_item_typed_with_its_number_keeps_it(tmp_path):
    path = tmp_path / "typed.html"
    path.write_text(
        '<ol type="a"><li>a) Hỗ trợ tiền ăn;</li><li>b) Hỗ trợ đi lại.</li></ol>', encoding="utf-8"
    )
    assert lines_of(read_document(path)) == ["a) Hỗ trợ tiền ăn;", "b) Hỗ trợ đi lại."]
