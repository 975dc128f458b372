"""Invented test documents (not official texts) and writers for every reader format.

A document is a list of blocks (kind, text); each writer renders it the way real files do it: markdown
with `##`/`**`, plain text, DOCX with Heading styles or bold paragraphs, PDF (fpdf2, wrapped lines,
page numbers), HTML with navigation and scripts around the content. The legacy encoders (TCVN3, VNI,
Windows-1258) are written independently of ingest.vnencoding so the round trip really tests it."""

from __future__ import annotations

import random
import unicodedata
import zipfile
from pathlib import Path

import pytest

Block = tuple[str, str]  # kind: title | chapter | chapter_title | section | section_title | article | para

LAW_ID = "luat-thu"
CONV_ID = "conv-thu"

LAW: list[Block] = [
    ("title", "LUẬT"),
    ("title", "PHÒNG, CHỐNG MUA BÁN NGƯỜI (BẢN THỬ NGHIỆM)"),
    (
        "para",
        "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam; văn bản này do nhóm phát triển tự soạn để kiểm thử bộ đọc tài liệu.",
    ),
    ("chapter", "Chương I"),
    ("chapter_title", "NHỮNG QUY ĐỊNH CHUNG"),
    ("article", "Điều 1. Phạm vi điều chỉnh"),
    (
        "para",
        "1. Luật này quy định về phòng ngừa, phát hiện và xử lý hành vi mua bán người; tiếp nhận, xác minh, bảo vệ và hỗ trợ nạn nhân bị mua bán trở về cộng đồng một cách an toàn.",
    ),
    (
        "para",
        "2. Luật này áp dụng đối với cơ quan, tổ chức, cá nhân trong nước và người nước ngoài cư trú trên lãnh thổ Việt Nam.",
    ),
    ("article", "Điều 2. Giải thích từ ngữ"),
    ("para", "Trong Luật này, các từ ngữ dưới đây được hiểu như sau:"),
    ("para", "1. Hành vi mua bán người bao gồm:"),
    (
        "para",
        "a) Chuyển giao hoặc tiếp nhận người để bóc lột tình dục, cưỡng bức lao động hoặc lấy bộ phận cơ thể của nạn nhân;",
    ),
    (
        "para",
        "b) Tuyển mộ, vận chuyển, chứa chấp người khác để thực hiện hành vi quy định tại điểm a khoản này.",
    ),
    (
        "para",
        "2. Nạn nhân là người bị mua bán và được cơ quan có thẩm quyền xác định theo quy định của pháp luật.",
    ),
    ("article", "Điều 3. Các hành vi bị nghiêm cấm"),
    ("para", "1. Nghiêm cấm các hành vi sau đây:"),
    ("para", "a) Mua bán người hoặc tổ chức, môi giới để thực hiện việc mua bán người;"),
    ("para", "b) Lợi dụng hoạt động đưa người đi làm việc ở nước ngoài, du lịch, hôn nhân để mua bán người;"),
    ("para", "c) Trả thù, đe dọa, trù dập nạn nhân, người tố giác, người làm chứng;"),
    ("para", "d) Tiết lộ thông tin về nạn nhân khi chưa có sự đồng ý của họ;"),
    ("para", "đ) Giả mạo là nạn nhân để trục lợi chế độ hỗ trợ của nhà nước."),
    (
        "para",
        "2. Mọi hành vi vi phạm phải được phát hiện kịp thời và xử lý nghiêm minh theo quy định của pháp luật.",
    ),
    ("chapter", "Chương II"),
    ("chapter_title", "PHÒNG NGỪA VÀ HỖ TRỢ NẠN NHÂN"),
    ("section", "Mục 1"),
    ("section_title", "THÔNG TIN, TUYÊN TRUYỀN"),
    ("article", "Điều 4. Nội dung thông tin, tuyên truyền"),
    (
        "para",
        "1. Thông tin về thủ đoạn của tội phạm mua bán người được phổ biến rộng rãi tới người dân ở khu vực biên giới, vùng sâu, vùng xa.",
    ),
    (
        "para",
        "2. Kiến thức, kỹ năng phòng ngừa được lồng ghép vào chương trình giáo dục của nhà trường và các hoạt động của đoàn thể.",
    ),
    ("section", "Mục 2"),
    ("section_title", "HỖ TRỢ NẠN NHÂN"),
    ("article", "Điều 5. Chế độ hỗ trợ nạn nhân"),
    ("para", "1. Nạn nhân được hưởng các chế độ hỗ trợ sau đây:"),
    ("para", "a) Hỗ trợ nhu cầu thiết yếu, chi phí đi lại và chỗ ở tạm thời;"),
    ("para", "b) Hỗ trợ y tế, tâm lý, trợ giúp pháp lý và học nghề."),
    (
        "para",
        "2. Bộ Công an chủ trì, phối hợp với Bộ Lao động - Thương binh và Xã hội hướng dẫn thực hiện điều này.",
    ),
    ("article", "Điều 6. Hiệu lực thi hành"),
    ("para", "Luật này có hiệu lực kể từ ngày được công bố trong tài liệu kiểm thử."),
]

CONVENTION: list[Block] = [
    ("title", "MODEL CONVENTION ON TRAFFICKING (TEST)"),
    (
        "para",
        "The Parties to this Convention, written only to test the document readers, have agreed as follows:",
    ),
    ("chapter", "Chapter I"),
    ("chapter_title", "GENERAL PROVISIONS"),
    ("article", "Article 1 Objectives"),
    (
        "para",
        "1. The objectives of this Convention are to prevent and combat trafficking in persons, paying particular attention to women and children who are most at risk.",
    ),
    (
        "para",
        "2. This Convention shall also promote cooperation among the Parties in order to meet these objectives.",
    ),
    ("article", "Article 2 Use of terms"),
    ("para", "For the purposes of this Convention:"),
    ("para", "1. “Trafficking in persons” shall mean:"),
    ("para", "(a) the recruitment, transportation or harbouring of persons by means of threat or force;"),
    ("para", "(b) the exploitation of a person for labour or services against that person’s will;"),
    ("para", "2. “Child” shall mean any person under eighteen years of age."),
    ("chapter", "Chapter II"),
    ("chapter_title", "PREVENTION AND PROTECTION"),
    ("article", "Article 3 Prevention"),
    ("para", "1. Each Party shall establish policies and programmes to prevent trafficking in persons."),
    ("para", "2. Each Party shall take measures to discourage the demand that fosters exploitation."),
    ("article", "Article 4 Protection of victims"),
    ("para", "1. Each Party shall protect the privacy of victims, including by:"),
    ("para", "a) keeping legal proceedings relating to trafficking confidential;"),
    ("para", "b) providing information on relevant court proceedings in a language the victim understands."),
    ("para", "2. Each Party shall consider providing for the physical safety of victims."),
    ("article", "Article 5 Final provisions"),
    ("para", "This Convention enters into force for the purposes of the test suite only."),
]

HEADING_KINDS = {"title", "chapter", "chapter_title", "section", "section_title", "article"}


def plain_lines(blocks: list[Block]) -> list[str]:
    return [text for _, text in blocks]


# --- text formats -------------------------------------------------------------------------------------
def to_markdown(blocks: list[Block]) -> str:
    """Markdown the way the corpus has it: headings as `##` + bold, blank lines between paragraphs."""
    marks = {"title": "#", "chapter": "##", "chapter_title": "##", "section": "###", "section_title": "###"}
    out = []
    for kind, text in blocks:
        if kind in marks:
            out.append(f"{marks[kind]} **{text}**")
        elif kind == "article":
            out.append(f"**{text}**")
        else:
            out.append(text)
    return "\n\n".join(out) + "\n"


def to_text(blocks: list[Block]) -> str:
    """Plain text: one block per line, Windows line endings, no blank lines."""
    return "\r\n".join(plain_lines(blocks)) + "\r\n"


def write_md(blocks: list[Block], path: Path) -> Path:
    path.write_text(to_markdown(blocks), encoding="utf-8")
    return path


def write_txt(blocks: list[Block], path: Path) -> Path:
    path.write_bytes(to_text(blocks).encode("utf-8"))
    return path


# --- DOCX ---------------------------------------------------------------------------------------------
_DOCX_STYLES = {
    "title": "Title",
    "chapter": "Heading 1",
    "chapter_title": "Heading 1",
    "section": "Heading 2",
}
_DOCX_STYLES |= {"section_title": "Heading 2", "article": "Heading 3"}


def write_docx(blocks: list[Block], path: Path, headings: str = "styles", table: bool = False) -> Path:
    """headings="styles": Word heading styles; "bold": bold runs, chapter number and title in one
    paragraph split by a line break (how many real decisions are typed). table=True appends a table."""
    import docx

    document = docx.Document()
    pending_break: str | None = None
    for kind, text in blocks:
        if headings == "styles" and kind in HEADING_KINDS:
            document.add_paragraph(text, style=_DOCX_STYLES[kind])
        elif headings == "bold" and kind in ("chapter", "section"):
            pending_break = text
        elif headings == "bold" and kind in HEADING_KINDS:
            paragraph = document.add_paragraph()
            if pending_break:
                paragraph.add_run(pending_break).bold = True
                paragraph.add_run().add_break()
                pending_break = None
            paragraph.add_run(text).bold = True
        else:
            document.add_paragraph(text)
    if table:
        add_table(document)
    document.save(str(path))
    return path


TABLE_ROWS = [("Cơ quan", "Nhiệm vụ"), ("Bộ Công an", "Chủ trì điều tra"), ("Bộ Tư pháp", "Trợ giúp pháp lý")]


def add_table(document) -> None:
    table = document.add_table(rows=len(TABLE_ROWS), cols=2)
    for row, values in zip(table.rows, TABLE_ROWS, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("Đoạn sau bảng.")


# --- PDF ----------------------------------------------------------------------------------------------
def unicode_font() -> tuple[Path, Path]:
    """DejaVu Sans (regular, bold) from the system or matplotlib; skip the test when neither exists."""
    for folder in _font_dirs():
        regular = folder / "DejaVuSans.ttf"
        if regular.exists():
            bold = folder / "DejaVuSans-Bold.ttf"
            return regular, bold if bold.exists() else regular
    pytest.skip("no Unicode TTF font (DejaVuSans) available for PDF fixtures")


def _font_dirs() -> list[Path]:
    dirs = [Path("/usr/share/fonts/truetype/dejavu")]
    try:
        import matplotlib

        dirs.append(Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf")
    except ImportError:
        pass
    return dirs


def _pdf():
    from fpdf import FPDF

    class NumberedPDF(FPDF):
        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("DejaVu", size=9)
            self.cell(0, 10, str(self.page_no()), align="C")

    regular, bold = unicode_font()
    pdf = NumberedPDF(format=(148, 210))  # A5, by size: fpdf2 warns on the name
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.set_auto_page_break(True, margin=20)
    return pdf


def write_pdf(blocks: list[Block], path: Path) -> Path:
    """A5 pages so long paragraphs wrap mid-sentence and the text runs over several pages."""
    pdf = _pdf()
    pdf.add_page()
    for kind, text in blocks:
        pdf.set_font("DejaVu", "B" if kind in HEADING_KINDS else "", 10)
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def write_scanned_pdf(path: Path) -> Path:
    """A page with only drawings: what a scan without OCR looks like to a text extractor."""
    pdf = _pdf()
    pdf.add_page()
    pdf.set_fill_color(120, 120, 120)
    pdf.rect(20, 20, 100, 140, style="F")
    pdf.output(str(path))
    return path


# --- HTML ---------------------------------------------------------------------------------------------
def to_html(blocks: list[Block], charset: str = "utf-8") -> str:
    """Content in h1/h2/h3/p with inline tags, inside navigation, scripts and styles to be dropped."""
    tags = {"title": "h1", "chapter": "h2", "chapter_title": "h2", "section": "h3", "section_title": "h3"}
    body = []
    for kind, text in blocks:
        if kind in tags:
            body.append(f"<{tags[kind]}>{_esc(text)}</{tags[kind]}>")
        elif kind == "article":
            body.append(f'<p class="dieu"><b>{_esc(text)}</b></p>')
        else:
            words = _esc(text).split(" ")
            half = len(words) // 2  # a source line break inside a paragraph is only a space
            body.append("<p>" + " ".join(words[:half]) + "\n      " + " ".join(words[half:]) + "</p>")
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="{charset}"><title>Trang văn bản</title>'
        "<style>p { color: #333 }</style><script>var menu = 'Trang chủ';</script></head>\n<body>"
        '<nav><a href="/">Trang chủ</a> | <a href="/vb">Văn bản</a></nav>\n<main><article>\n'
        + "\n".join(body)
        + "\n</article></main>\n<script>console.log('x')</script></body></html>\n"
    )


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_html(blocks: list[Block], path: Path) -> Path:
    path.write_text(to_html(blocks), encoding="utf-8")
    return path


WRITERS = {
    "md": lambda b, d, n: write_md(b, d / f"{n}.md"),
    "txt": lambda b, d, n: write_txt(b, d / f"{n}.txt"),
    "docx-styles": lambda b, d, n: write_docx(b, d / f"{n}-styles.docx", "styles"),
    "docx-bold": lambda b, d, n: write_docx(b, d / f"{n}-bold.docx", "bold"),
    "pdf": lambda b, d, n: write_pdf(b, d / f"{n}.pdf"),
    "html": lambda b, d, n: write_html(b, d / f"{n}.html"),
}


# --- legacy encodings (independent reverse tables) ----------------------------------------------------
# Each row: the letter without tone, then with huyền, hỏi, ngã, sắc, nặng.
_ROWS = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]
_TCVN3_ROWS = dict(
    zip(
        _ROWS,
        [
            "aµ¶·¸¹",
            "¨»¼½¾Æ",
            "©ÇÈÉÊË",
            "eÌÎÏÐÑ",
            "ªÒÓÔÕÖ",
            "i×ØÜÝÞ",
            "oßáâãä",
            "«åæçèé",
            "¬êëìíî",
            "uïñòóô",
            "\xadõö÷øù",
            "yúûüýþ",
        ],
        strict=True,
    )
)
_TCVN3_UPPER = {"Ă": "¡", "Â": "¢", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦", "Đ": "§", "đ": "®"}
_TONE_ORDER = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
_VNI_BASE = {
    "a": "a",
    "ă": "a",
    "â": "a",
    "e": "e",
    "ê": "e",
    "o": "o",
    "ô": "o",
    "ơ": "ô",
    "u": "u",
    "ư": "ö",
    "y": "y",
}
_VNI_MARKS = {  # quality → marks for (no tone, huyền, hỏi, ngã, sắc, nặng)
    "plain": ["", "ø", "û", "õ", "ù", "ï"],
    "circ": ["â", "à", "å", "ã", "á", "ä"],
    "breve": ["ê", "è", "ú", "ü", "é", "ë"],
}
_VNI_I = ["i", "ì", "æ", "ó", "í", "ò"]


def _split_letter(ch: str) -> tuple[str, int] | None:
    """'ộ' → ('ô', 5): the vowel with its quality mark, and the tone's index in _TONE_ORDER."""
    decomposed = unicodedata.normalize("NFD", ch.lower())
    tone = next((t for t in _TONE_ORDER[1:] if t in decomposed), "")
    base = unicodedata.normalize("NFC", decomposed.replace(tone, "") if tone else decomposed)
    if base not in _ROWS:
        return None
    return base, _TONE_ORDER.index(tone)


def to_tcvn3(text: str) -> str:
    """Unicode → TCVN3 code points; capitals with a tone use the lower-case code (.VnTimeH fonts)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _TCVN3_UPPER:
            out.append(_TCVN3_UPPER[ch])
            continue
        split = _split_letter(ch)
        if split is None:
            out.append(ch)
            continue
        base, tone = split
        plain_ascii = tone == 0 and base.isascii()
        out.append(ch if plain_ascii else _TCVN3_ROWS[base][tone])
    return "".join(out)


def to_vni(text: str) -> str:
    """Unicode → VNI-Windows: base letter then mark character(s)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        seq = _vni_letter(ch.lower())
        out.append(seq.upper() if ch.isupper() else seq)
    return "".join(out)


def _vni_letter(ch: str) -> str:
    if ch == "đ":
        return "ñ"
    split = _split_letter(ch)
    if split is None:
        return ch
    base, tone = split
    if base == "i":
        return _VNI_I[tone]
    if base == "y" and tone == 5:
        return "î"
    quality = "circ" if base in "âêô" else "breve" if base == "ă" else "plain"
    return _VNI_BASE[base] + _VNI_MARKS[quality][tone]


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes: precomposed letters where the code page has them, else base + tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            tone = next(t for t in _TONE_ORDER[1:] if t in decomposed)
            base = unicodedata.normalize("NFC", decomposed.replace(tone, ""))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


# --- bad files ----------------------------------------------------------------------------------------
def write_bad_files(folder: Path) -> dict[str, Path]:
    """Every failure the readers must name: name → path."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(1258)
    files = {
        "empty.txt": b"",
        "blank.md": b"  \n\n \t\n",
        "empty.docx": b"",
        "garbage-nul.txt": bytes(rng.randrange(256) for _ in range(4000)),
        "garbage-ctl.md": bytes(rng.randrange(1, 256) for _ in range(4000)),
        "garbage.html": b"<html>\x00\x01\x02" + bytes(rng.randrange(256) for _ in range(2000)),
        "sheet.xlsx": b"PK\x03\x04 not really a spreadsheet",
        "old.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 legacy word",
        "noext": b"plain words",
        "russian.txt": "Закон о противодействии торговле людьми и защите пострадавших.\n".encode("koi8_r")
        * 5,
        "latin1-german.txt": "Über die Maßnahmen gegen Menschenhandel für Länder, Behörden und Gerichte.\n".encode(
            "latin-1"
        )
        * 5,
        "pdf-as.docx": b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n",
        "bad-header.pdf": b"hello, this is not a pdf at all\n%%EOF\n",
        "corrupt.pdf": b"%PDF-1.4\n" + bytes(rng.randrange(32, 127) for _ in range(3000)) + b"\n%%EOF\n",
    }
    paths = {}
    for name, data in files.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    return paths


def truncate(source: Path, target: Path, keep: float = 0.5) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * keep)])
    return target


def write_zip_not_word(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    return path


def write_workbook_as_docx(path: Path) -> Path:
    """A minimal Office package whose main part is a spreadsheet: an .xlsx renamed to .docx."""
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
        '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
        'main+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("xl/workbook.xml", workbook)
    return path


def corrupt_middle(source: Path, target: Path) -> Path:
    """Overwrite a run of bytes in the middle: the size and end markers survive, the content does not."""
    data = bytearray(source.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(range(64))
    target.write_bytes(bytes(data))
    return target
