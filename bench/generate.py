"""Synthetic distractor corpus: plan documents for other provinces, derived at run time from the seed plans.

Every generated corpus folder holds
- the five real documents of the seed corpus (copied, with their manifest entries), so dev.yaml can be scored;
- distractors: a seed plan rewritten for another province (names from index/data/places.yaml minus the
  provinces the real corpus covers), another programme period (all years shifted by a non-zero offset),
  other document numbers, dates and percentages, two swapped pairs of provincial departments, and its
  numbered subsections shuffled (and renumbered) inside each part.

The sequence of distractors is fixed (round r, province p → seed (p + r) mod 4, year offset OFFSETS[r]), so
a smaller corpus is a prefix of a larger one: the 10k corpus holds the 1k distractors, 100k holds 10k's.
A distractor never keeps the seed's period or document numbers, so every dev.yaml question still has one
right answer (in a real document); distractors are near-misses, not duplicates.

    python -m bench.generate --size 10k [--out data/bench/corpus-10k]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
import shutil
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from index.places import Gazetteer
from tip.settings import Settings

REAL_PROVINCES = {"Kon Tum", "Kiên Giang", "Đồng Nai"}
CITIES = {"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Hồ Chí Minh", "Thừa Thiên Huế"}

# Year offsets per round (never 0: a distractor never covers the seed's own period).
OFFSETS = [
    5,
    -5,
    10,
    3,
    -3,
    8,
    -8,
    2,
    -2,
    6,
    -6,
    4,
    -4,
    7,
    -7,
    9,
    -9,
    1,
    -1,
    11,
    -10,
    12,
    -11,
    13,
    -12,
    14,
    -13,
    15,
    -14,
    16,
    -15,
    17,
    -16,
    18,
    -17,
    19,
    -18,
    20,
    -19,
]

# Provincial departments that swap roles between distractors (two disjoint pairs per document).
DEPARTMENTS = [
    "Sở Y tế",
    "Sở Tư pháp",
    "Sở Giáo dục và Đào tạo",
    "Sở Nội vụ",
    "Sở Ngoại vụ",
    "Sở Tài chính",
    "Sở Thông tin và Truyền thông",
    "Sở Văn hóa và Thể thao",
    "Sở Khoa học và Công nghệ",
    "Sở Lao động Thương binh và Xã hội",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Lao động – Thương binh và Xã hội",
]

# National → provincial wording for the national-day plan of the Steering Committee 138/CP.
BCD_REWRITES = [
    (
        "Ban Chỉ đạo phòng, chống tội phạm của Chính phủ (Ban Chỉ đạo 138/CP)",
        "Ban Chỉ đạo phòng, chống tội phạm {unit} (Ban Chỉ đạo 138 {unit_short})",
    ),
    ("Ban Chỉ đạo phòng, chống tội phạm của Chính phủ", "Ban Chỉ đạo phòng, chống tội phạm {unit}"),
    ("Ban Chỉ đạo 138/CP", "Ban Chỉ đạo 138 {unit}"),
    ("Hà Nội, ngày", "{name}, ngày"),
    ("Bộ Công an", "Công an {unit_short}"),
    ("Bộ Quốc phòng", "Bộ Chỉ huy Quân sự {unit_short}"),
    ("Bộ Ngoại giao", "Sở Ngoại vụ"),
    ("các bộ, ngành", "các sở, ngành"),
    ("Các bộ, ngành", "Các sở, ngành"),
    ("bộ, ngành", "sở, ngành"),
    ("toàn quốc", "toàn {unit_short}"),
]
_BO_TO_SO = re.compile(
    r"\bBộ (?=(?:Lao|Giáo|Y|Tư|Thông|Văn|Tài|Kế|Nội|Khoa|Nông|Công Thương|Xây|Giao|Tài nguyên))"
)

_PH_BASE = 0xF0000  # one private-use character per held span: no digits a later rule could match
_PH_RE = re.compile("\ue000([\U000f0000-\U000ffffd])")
_DOC_NUMBER = re.compile(r"\b(\d{1,5})(\s?/\s?)((?:\d{4}/)?)([A-ZĐ][A-ZĐa-z0-9\-]*)")
_DATE_WORDS = re.compile(r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})")
_DATE_SLASH = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_YEAR = re.compile(r"(?<![\d/])(19[89]\d|20[0-4]\d)(?![\d/])")
_PERCENT = re.compile(r"\b(\d{1,3})(\s?%)")
_CLOSING_LINE = re.compile(r"^(Nơi nhận|TM\.|KT\.|T/M|CHỦ TỊCH|TRƯỞNG BAN)", re.I)
_ROMAN_LINE = re.compile(r"^[IVXL]{1,7}\.\s*\S")
_ARABIC_LINE = re.compile(r"^(?P<pre>\s*(?:#{1,6}\s*)?(?:\*\*)?)(?P<num>\d{1,2})\.(?P<post>\s+\S.*)$")


@dataclass(frozen=True)
class Seed:
    doc_id: str
    key: str  # short tag used in generated doc ids
    place_names: tuple[str, ...]  # the seed's own province spellings to replace (longest first)
    national: bool = False


SEEDS = [
    Seed("kh-kontum-actip", "actip", ("tỉnh Kon Tum", "Tỉnh Kon Tum", "Kon Tum")),
    Seed("kh-kiengiang-78-2021", "ctmbn", ("tỉnh Kiên Giang", "Tỉnh Kiên Giang", "Kiên Giang")),
    Seed(
        "kh-dongnai-2026-2030",
        "ctmbn-dh",
        ("Thành phố Đồng Nai", "thành phố Đồng Nai", "tỉnh Đồng Nai", "Đồng Nai"),
    ),
    Seed("kh-bcd138-ngay-30-7-2021", "ngay-30-7", (), national=True),
]

SIGNERS = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Hoàng Cường",
    "Phạm Minh Dũng",
    "Hoàng Thị Hạnh",
    "Võ Quốc Khánh",
    "Đặng Thanh Long",
    "Bùi Thị Mai",
    "Đỗ Văn Nam",
    "Huỳnh Ngọc Phúc",
    "Ngô Thị Quyên",
    "Dương Văn Sơn",
]


@dataclass
class GeneratedCorpus:
    folder: Path
    target_chunks: int
    real_docs: int
    distractors: int
    estimated_chunks: int
    provinces: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "target_chunks": self.target_chunks,
            "real_docs": self.real_docs,
            "distractors": self.distractors,
            "estimated_chunks": self.estimated_chunks,
            "provinces": len(self.provinces),
        }


def parse_size(text: str) -> int:
    """'1k' → 1000, '10k' → 10000, '250' → 250."""
    t = text.strip().lower()
    mult = 1
    if t.endswith("k"):
        t, mult = t[:-1], 1000
    elif t.endswith("m"):
        t, mult = t[:-1], 1_000_000
    return int(float(t) * mult)


def size_label(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


def distractor_provinces() -> list[str]:
    """The 63 pre-2025 provinces of the gazetteer minus the real corpus's, as written after a 'tỉnh' or
    'thành phố' (so 'Hồ Chí Minh', not 'Thành phố Hồ Chí Minh')."""
    names = [n.removeprefix("Thành phố ") for n in Gazetteer.load().before_2025]
    return [n for n in names if n not in REAL_PROVINCES]


def slug(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    folded = "".join(c for c in folded if unicodedata.category(c) != "Mn")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def _rng(*parts: object) -> random.Random:
    h = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return random.Random(int.from_bytes(h[:8], "big"))


class Protector:
    """Placeholders keep already-rewritten spans from being rewritten again by a later rule."""

    def __init__(self) -> None:
        self.values: list[str] = []

    def hold(self, value: str) -> str:
        self.values.append(value)
        return "\ue000" + chr(_PH_BASE + len(self.values) - 1)

    def release(self, text: str) -> str:
        while _PH_RE.search(text):
            text = _PH_RE.sub(lambda m: self.values[ord(m.group(1)) - _PH_BASE], text)
        return text


@dataclass
class Variant:
    """One distractor: which seed, which province, which period, and its deterministic substitutions."""

    seed: Seed
    province: str
    round: int
    offset: int

    @property
    def doc_id(self) -> str:
        return f"bench-{slug(self.province)}-{self.seed.key}-r{self.round:02d}"

    @property
    def unit(self) -> str:
        return ("thành phố " if self.province in CITIES else "tỉnh ") + self.province

    @property
    def unit_short(self) -> str:
        return "thành phố" if self.province in CITIES else "tỉnh"

    def rng(self, what: str) -> random.Random:
        return _rng(self.doc_id, what)

    def new_number(self, old: str) -> str:
        r = _rng(self.doc_id, "num", old)
        while True:
            n = r.randint(11, 2999)
            if str(n) != old.strip():
                return str(n)

    def rewrite(self, text: str) -> str:
        p = Protector()

        # 1. document numbers (1957/QĐ-TTg → 1312/QĐ-TTg; year inside shifted)
        def number(m: re.Match[str]) -> str:
            year = m.group(3)
            if year:
                year = f"{int(year[:4]) + self.offset}/"
            return p.hold(f"{self.new_number(m.group(1))}{m.group(2)}{year}{m.group(4)}")

        text = _DOC_NUMBER.sub(number, text)
        # 2. dates: day and month moved, year shifted
        dd, dm = self.rng("date").randint(1, 27), self.rng("month").randint(1, 11)

        def moved(d: str, mth: str, y: str) -> tuple[int, int, int]:
            return (int(d) - 1 + dd) % 28 + 1, (int(mth) - 1 + dm) % 12 + 1, int(y) + self.offset

        def date_words(m: re.Match[str]) -> str:
            d, mth, y = moved(*m.groups())
            return p.hold(f"ngày {d:02d} tháng {mth:02d} năm {y}")

        def date_slash(m: re.Match[str]) -> str:
            d, mth, y = moved(*m.groups())
            return p.hold(f"{d:02d}/{mth:02d}/{y}")

        text = _DATE_WORDS.sub(date_words, text)
        text = _DATE_SLASH.sub(date_slash, text)
        # 3. every other year: the programme period moves
        text = _YEAR.sub(lambda m: p.hold(str(int(m.group(1)) + self.offset)), text)
        # 4. percentages
        pr = self.rng("pct")

        def percent(m: re.Match[str]) -> str:
            v = int(m.group(1))
            nv = max(5, min(100, v + pr.choice([-15, -10, -5, 5]))) if v > 0 else v
            return p.hold(f"{nv}{m.group(2)}")

        text = _PERCENT.sub(percent, text)
        # 5. places and (for the national-day plan) national → provincial wording
        fmt = {"unit": self.unit, "unit_short": self.unit_short, "name": self.province}
        if self.seed.national:
            for old, new in BCD_REWRITES:
                text = text.replace(old, p.hold(new.format(**fmt)))
            text = _BO_TO_SO.sub("Sở ", text)
        for old in self.seed.place_names:
            if old.lower().startswith(("tỉnh ", "thành phố ")):
                new = self.unit[0].upper() + self.unit[1:] if old[0].isupper() else self.unit
            else:
                new = self.province
            text = text.replace(old, p.hold(new))
            text = text.replace(old.upper(), p.hold(new.upper()))
        # 6. two disjoint pairs of departments swap roles
        dr = self.rng("dept")
        picks = dr.sample(
            [d for d in DEPARTMENTS if "Lao động" not in d] + ["Sở Lao động Thương binh và Xã hội"], 4
        )
        swap = {picks[0]: picks[1], picks[1]: picks[0], picks[2]: picks[3], picks[3]: picks[2]}
        if any("Lao động" in k for k in swap):
            lab = next(k for k in swap if "Lao động" in k)
            for alias in ("Sở Lao động - Thương binh và Xã hội", "Sở Lao động – Thương binh và Xã hội"):
                swap[alias] = swap[lab]
        for old in sorted(swap, key=len, reverse=True):
            text = text.replace(old, p.hold(swap[old]))
        return p.release(text)

    def manifest_entry(self, seed_entry: dict[str, Any], file: str) -> dict[str, Any]:
        issued = seed_entry.get("issued")
        if isinstance(issued, dt.date):
            r = self.rng("issued")
            try:
                issued = issued.replace(
                    year=issued.year + self.offset, day=min(28, max(1, issued.day + r.randint(-9, 9)))
                )
            except ValueError:
                issued = None
            issued = issued.isoformat() if issued else None
        year = seed_entry.get("year")
        if year:
            year = int(year) + self.offset
        number = seed_entry.get("number")
        if self.seed.national or number is None:
            number = f"{self.rng('docnum').randint(10, 400)}/KH-UBND"
        else:
            number = self.rewrite(str(number))
        issuer = (
            f"Ủy ban nhân dân {self.unit}"
            if not self.seed.national
            else f"Ban Chỉ đạo phòng, chống tội phạm {self.unit}"
        )
        title = self.rewrite(str(seed_entry["title"]))
        if self.province not in title:
            title += f" trên địa bàn {self.unit}"
        return {
            "doc_id": self.doc_id,
            "file": file,
            "doc_type": "plan",
            "title": title,
            "number": number,
            "issuer": issuer,
            "signed_by": self.rng("signer").choice(SIGNERS),
            "issued": issued,
            "year": year,
            "jurisdiction": "province",
            "jurisdiction_name": self.province,
            "implements": [self.rewrite(str(x)) for x in seed_entry.get("implements") or []],
            "topics": list(seed_entry.get("topics") or []),
            "language": "vi",
            "bench_seed": self.seed.doc_id,  # extra field (ManifestEntry allows extras): the donor document
        }


def shuffle_subsections(text: str, rng: random.Random) -> str:
    """Inside each Roman-numbered part, shuffle its arabic-numbered blocks (1., 2., …) and renumber them."""
    lines = text.split("\n")
    out: list[str] = []
    part: list[str] = []

    def flush() -> None:
        out.extend(_shuffle_part(part, rng))
        part.clear()

    for line in lines:
        bare = re.sub(r"^\s*#{1,6}\s*", "", line).replace("**", "").strip()
        if _ROMAN_LINE.match(bare) or _CLOSING_LINE.match(bare):
            flush()
        part.append(line)
    flush()
    return "\n".join(out)


def _shuffle_part(lines: list[str], rng: random.Random) -> list[str]:
    starts = [i for i, line in enumerate(lines) if _ARABIC_LINE.match(line)]
    nums = [int(_ARABIC_LINE.match(lines[i]).group("num")) for i in starts]  # type: ignore[union-attr]
    if len(starts) < 3 or nums != list(range(1, len(nums) + 1)):
        return lines
    head = lines[: starts[0]]
    blocks = [lines[a:b] for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]
    order = list(range(len(blocks)))
    rng.shuffle(order)
    out = list(head)
    for new_num, idx in enumerate(order, start=1):
        block = list(blocks[idx])
        m = _ARABIC_LINE.match(block[0])
        assert m is not None
        old_num = m.group("num")
        block[0] = f"{m.group('pre')}{new_num}.{m.group('post')}"
        sub = re.compile(rf"^(\s*(?:#{{1,6}}\s*)?(?:\*\*)?){old_num}\.(?=\d)")
        block = [block[0], *(sub.sub(rf"\g<1>{new_num}.", line) for line in block[1:])]
        if block and block[-1].strip() and idx == len(blocks) - 1:
            block.append("")
        out.extend(block)
    return out


def distractor_sequence() -> Iterator[Variant]:
    """The fixed, endless-until-exhausted order of distractors: round by round, every province once a round."""
    provinces = distractor_provinces()
    for r, offset in enumerate(OFFSETS):
        for p, name in enumerate(provinces):
            yield Variant(SEEDS[(p + r) % len(SEEDS)], name, r, offset)


def seed_chunk_counts(seed_corpus: Path) -> dict[str, int]:
    """Chunks per real document (a distractor chunks like its seed, give or take a window)."""
    from index.chunking import chunk_document
    from ingest.pipeline import ingest_corpus

    report = ingest_corpus(seed_corpus)
    return {d.meta.doc_id: len(chunk_document(d)) for d in report.documents}


def generate(
    target_chunks: int,
    out_dir: Path,
    seed_corpus: Path | None = None,
    counts: dict[str, int] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> GeneratedCorpus:
    """Write a corpus of about `target_chunks` chunks: the real documents plus distractors (a prefix of the
    fixed sequence). Re-running with the same target leaves an up-to-date folder as it is."""
    seed_corpus = seed_corpus or Settings().corpus_dir
    counts = counts or seed_chunk_counts(seed_corpus)
    manifest = yaml.safe_load((seed_corpus / "manifest.yaml").read_text(encoding="utf-8"))
    entries = {e["doc_id"]: e for e in manifest["documents"]}
    real_chunks = sum(counts.values())
    variants: list[Variant] = []
    total = real_chunks
    # take distractors from the fixed sequence until the estimate reaches the target
    sequence = distractor_sequence()
    while total < target_chunks:
        v = next(sequence, None)
        if v is None:
            raise ValueError(f"{target_chunks} chunks need more than {len(OFFSETS)} rounds of distractors")
        variants.append(v)
        total += counts[v.seed.doc_id]
    stamp = {
        "target_chunks": target_chunks,
        "distractors": [v.doc_id for v in variants],
        "format": 1,
        "seed_sha": _folder_sha(seed_corpus),
    }
    stamp_path = out_dir / ".bench-corpus.json"
    if stamp_path.exists() and json.loads(stamp_path.read_text(encoding="utf-8")) == stamp:
        return GeneratedCorpus(
            out_dir, target_chunks, len(entries), len(variants), total, sorted({v.province for v in variants})
        )
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    docs_out: list[dict[str, Any]] = []
    for e in manifest["documents"]:
        shutil.copy(seed_corpus / e["file"], out_dir / e["file"])
        docs_out.append(e)
    seed_texts = {
        e["doc_id"]: (seed_corpus / e["file"]).read_text(encoding="utf-8") for e in manifest["documents"]
    }
    for i, v in enumerate(variants):
        file = f"{v.doc_id}.md"
        text = shuffle_subsections(v.rewrite(seed_texts[v.seed.doc_id]), v.rng("order"))
        (out_dir / file).write_text(text, encoding="utf-8")
        docs_out.append(v.manifest_entry(entries[v.seed.doc_id], file))
        if on_progress and (i % 100 == 0 or i == len(variants) - 1):
            on_progress(i + 1, len(variants))
    header = (
        "# Generated by bench/generate.py: the real documents plus synthetic distractors. Never commit.\n"
    )
    (out_dir / "manifest.yaml").write_text(
        header + yaml.safe_dump({"documents": docs_out}, allow_unicode=True, sort_keys=False, width=200),
        encoding="utf-8",
    )
    stamp_path.write_text(json.dumps(stamp), encoding="utf-8")
    return GeneratedCorpus(
        out_dir, target_chunks, len(entries), len(variants), total, sorted({v.province for v in variants})
    )


def _folder_sha(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.iterdir()):
        if p.is_file():
            h.update(p.name.encode())
            h.update(p.read_bytes())
    h.update(Path(__file__).read_bytes())  # a generator change regenerates
    return h.hexdigest()[:16]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", required=True, help="target chunk count: 300, 1k, 10k, 100k")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--seed-corpus", type=Path, default=None)
    args = ap.parse_args(argv)
    n = parse_size(args.size)
    out = args.out or Settings().data_dir / "bench" / f"corpus-{size_label(n)}"
    info = generate(
        n, out, args.seed_corpus, on_progress=lambda i, t: print(f"  {i}/{t} distractors", flush=True)
    )
    print(json.dumps(info.to_json(), ensure_ascii=False))


if __name__ == "__main__":
    main()
