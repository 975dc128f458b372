"""Legacy Vietnamese encodings: converted when certain, refused when not, clean text left alone."""

from __future__ import annotations

import unicodedata

import pytest

from ingest.errors import IngestError
from ingest.vnencoding import (
    TCVN3_TO_UNICODE,
    VNI_TO_UNICODE,
    decode_bytes,
    fix_legacy_text,
    is_vietnamese_syllable,
    tcvn3_to_unicode,
    vni_to_unicode,
)
from tests.ingest.docs_factory import CONVENTION, LAW, plain_lines, to_cp1258, to_tcvn3, to_vni

LAW_TEXT = "\n".join(plain_lines(LAW))
CONV_TEXT = "\n".join(plain_lines(CONVENTION))
UNCERTAIN = (
    r"looks like TCVN3/VNI legacy font encoding .*conversion is uncertain; re-save the file as Unicode"
)


# --- tables -------------------------------------------------------------------------------------------
def test_tcvn3_table_shape():
    letters = list(TCVN3_TO_UNICODE.values())
    assert len(letters) == 74 == len(set(letters))  # 7 capitals + 7 plain letters + 12 vowels × 5 tones
    assert all(len(ch) == 1 and unicodedata.is_normalized("NFC", ch) for ch in letters)
    assert all("\u00a1" <= code <= "\u00fe" for code in TCVN3_TO_UNICODE)


def test_vni_table_covers_every_vietnamese_letter():
    vowels = "aăâeêioôơuưy"
    tones = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
    wanted = {unicodedata.normalize("NFC", v + t) for v in vowels for t in tones} | {"đ"}
    wanted -= set("aeiouy")  # plain letters are themselves
    produced = set(VNI_TO_UNICODE.values())
    assert {ch for ch in wanted} <= produced
    assert {ch.upper() for ch in wanted} <= produced


@pytest.mark.parametrize(
    "legacy,expected",
    [
        ("Bé C«ng an", "Bộ Công an"),
        ("Céng hßa x· héi chñ nghÜa ViÖt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
        ("c¸c c¬ quan, ng\u00adêi d©n ®\u00adîc", "các cơ quan, người dân được"),
        ("QUYÕT §ÞNH", "QUYẾT ĐỊNH"),  # capitals drawn by a .VnTimeH font from lower-case codes
        ("LUËT sè 1", "LUẬT số 1"),
    ],
)
def test_tcvn3_known_phrases(legacy, expected):
    assert tcvn3_to_unicode(legacy) == expected


@pytest.mark.parametrize(
    "legacy,expected",
    [
        ("Boä Coâng an", "Bộ Công an"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
        ("ñöôïc ngöôøi Quyeát ñònh", "được người Quyết định"),
        ("VIEÄT NAM, THÖÔNG", "VIỆT NAM, THƯƠNG"),
        ("khaên aên maëc", "khăn ăn mặc"),
    ],
)
def test_vni_known_phrases(legacy, expected):
    assert unicodedata.normalize("NFC", vni_to_unicode(legacy)) == expected


@pytest.mark.parametrize(
    "word", ["người", "nghĩa", "Việt", "khuya", "quyền", "thuở", "hoặc", "khuỷu", "giường", "gì"]
)
def test_valid_syllables(word):
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize("word", ["C«ng", "ViÖt", "Boä", "hoøa", "trafficking", "xyz", "hoàc", "ngả̀"])
def test_invalid_syllables(word):
    assert not is_vietnamese_syllable(word)


# --- round trips --------------------------------------------------------------------------------------
@pytest.mark.parametrize("encode", [to_tcvn3, to_vni], ids=["tcvn3", "vni"])
def test_legacy_text_round_trip(encode):
    legacy = encode(LAW_TEXT)
    assert legacy != LAW_TEXT
    assert fix_legacy_text("law.docx", legacy) == LAW_TEXT


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: to_cp1258(t),
        lambda t: to_tcvn3(t).encode("latin-1"),
        lambda t: to_vni(t).encode("cp1252"),
        lambda t: t.encode("utf-8"),
        lambda t: to_tcvn3(t).encode("utf-8"),
    ],
    ids=["cp1258", "tcvn3-bytes", "vni-bytes", "utf8", "tcvn3-in-utf8"],
)
def test_decode_bytes_round_trip(encode):
    assert decode_bytes("law.txt", encode(LAW_TEXT)) == LAW_TEXT


def test_cp1258_is_really_decomposed():
    data = to_cp1258("Việt")
    assert len(data) == 5  # V i ê + combining dot below + t
    assert decode_bytes("a.txt", data) == "Việt"


# --- clean text stays as it is -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        LAW_TEXT,
        CONV_TEXT,
        "© 2024 • Café «quoted» naïve résumé – see § 5 and Genève; price ±5 °C.\n" + CONV_TEXT,
        "Über die Maßnahmen gegen Menschenhandel für Länder, Behörden und Gerichte. " * 5,
        "Hội nghị tại Genève và São Paulo; bà Müller phát biểu.\n" + LAW_TEXT,
        "Bé C«ng an\n" + LAW_TEXT,  # one stray legacy phrase in a long clean text is not worth guessing
    ],
    ids=["law", "convention", "english-symbols", "german", "vi-foreign-names", "one-stray"],
)
def test_clean_text_untouched(text):
    assert fix_legacy_text("clean.md", text) == text
    assert decode_bytes("clean.md", text.encode("utf-8")) == text


def test_decomposed_unicode_is_normalised_not_converted():
    assert fix_legacy_text("a.md", "Quy\u00ea\u0301t \u0111i\u0323nh") == "Quyết định"


def test_cp1252_english_with_smart_quotes_is_accepted():
    data = "The “Parties” shall – in good faith – cooperate… ©2024".encode("cp1252")
    assert decode_bytes("conv.txt", data) == "The “Parties” shall – in good faith – cooperate… ©2024"


# --- refusals -----------------------------------------------------------------------------------------
def test_mixed_tcvn3_and_vni_is_uncertain():
    lines = plain_lines(LAW)
    half = len(lines) // 2
    mixed = "\n".join([to_tcvn3(t) for t in lines[:half]] + [to_vni(t) for t in lines[half:]])
    with pytest.raises(IngestError, match=UNCERTAIN):
        fix_legacy_text("mixed.docx", mixed)


def test_damaged_tcvn3_is_uncertain():
    damaged = to_tcvn3(LAW_TEXT).translate(str.maketrans("¸\u00adéÖµ", "?????"))  # lost in a copy-paste
    with pytest.raises(IngestError, match=UNCERTAIN) as info:
        fix_legacy_text("damaged.txt", damaged)
    assert info.value.path.name == "damaged.txt"


@pytest.mark.parametrize(
    "data",
    [
        "Закон о противодействии торговле людьми и защите пострадавших. ".encode("koi8_r") * 5,
        "Über die Maßnahmen gegen Menschenhandel für Länder, Behörden und Gerichte. ".encode("latin-1") * 5,
        "人身売買の防止に関する法律".encode("shift_jis") * 5,
    ],
    ids=["koi8-r", "latin1-german", "shift-jis"],
)
def test_undecodable_bytes_are_refused(data):
    with pytest.raises(IngestError, match="not UTF-8 and not recognisable as Windows-1258 Vietnamese"):
        decode_bytes("x.txt", data)
