"""issue 11, items 7-9: size limits, no silent skips, no links out of the corpus, TCVN3 capitals."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest.agencies import AgencyCatalog
from ingest.manifest import load_manifest
from ingest.pipeline import CorpusLimits, ingest_corpus, ingest_file
from tests.conftest import SHARED_CORPUS
from tests.ingest.docs_factory import to_tcvn3
from tip.settings import Settings


# -- item 7: size limits --------------------------------------------------------------------------------
def test_default_limits_are_20_mb_and_5000_sections() -> None:
    assert CorpusLimits.from_settings(Settings()) == CorpusLimits(20 * 1024 * 1024, 5000)


def test_a_file_over_the_size_limit_is_named_and_the_others_ingest(mini_corpus: Path) -> None:
    big = mini_corpus / "huge.md"
    big.write_text("## I. Phần\n\n" + "Nội dung dài. " * 2000, encoding="utf-8")
    limits = CorpusLimits.from_settings(Settings(max_file_mb=0.01))
    report = ingest_corpus(mini_corpus, limits=limits)
    (error,) = report.errors
    assert error.path.name == "huge.md" and "0.01 MB" in error.reason and "TIP_MAX_FILE_MB" in error.reason
    assert {d.meta.doc_id for d in report.documents} == {"kh-hoabinh-test", "qd-99-test"}


def test_a_document_over_the_section_limit_is_named(mini_corpus: Path) -> None:
    many = mini_corpus / "many.md"
    many.write_text("\n\n".join(f"{i}. Mục số {i}: nội dung." for i in range(1, 41)), encoding="utf-8")
    report = ingest_corpus(mini_corpus, limits=CorpusLimits(max_sections=30))
    (error,) = report.errors
    assert error.path.name == "many.md" and "the limit is 30" in error.reason
    assert "TIP_MAX_SECTIONS_PER_DOC" in error.reason
    assert len(report.documents) == 2


# -- item 8: no silent skips, no links out of the folder ----------------------------------------------
def test_every_skipped_entry_is_named_with_its_reason(mini_corpus: Path) -> None:
    (mini_corpus / "..%2F..%2Fetc%2Fpasswd.md").write_text("1. Mục\n", encoding="utf-8")
    (mini_corpus / "laws").mkdir()
    report = ingest_corpus(mini_corpus)
    skipped = "\n".join(report.skipped)
    assert "..%2F..%2Fetc%2Fpasswd.md: skipped: hidden file" in skipped
    assert "laws: skipped: a folder" in skipped


def test_a_link_out_of_the_corpus_is_refused(mini_corpus: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text((mini_corpus / "qd-99-test.md").read_text(encoding="utf-8"), encoding="utf-8")
    os.symlink("/etc/passwd", mini_corpus / "passwd.txt")
    os.symlink(outside, mini_corpus / "outside.md")
    os.symlink(mini_corpus / "kh-hoabinh-test.md", mini_corpus / "inside-link.md")  # inside: fine
    report = ingest_corpus(mini_corpus)
    files = {d.meta.file for d in report.documents}
    assert "passwd.txt" not in files and "outside.md" not in files
    refused = [s for s in report.skipped if s.startswith(("passwd.txt", "outside.md"))]
    assert len(refused) == 2 and all("outside the corpus folder" in s for s in refused)
    assert not any(e.path.name == "passwd.txt" for e in report.errors)


# -- item 9: a TCVN3 copy decodes to the same sections and assignments --------------------------------
@pytest.mark.parametrize(
    "name",
    [
        "kh-kontum-actip.md",
        "kh-dongnai-2026-2030.md",
        "kh-kiengiang-78-2021.md",
        "qd-1957-2020-ttg.md",
        "kh-bcd138-ngay-30-7-2021.md",
    ],
)
def test_a_tcvn3_copy_gives_the_same_sections_and_assignments(name: str, tmp_path: Path) -> None:
    if not (SHARED_CORPUS / name).is_file():
        pytest.skip("../shared/corpus is not beside the repository")
    catalog = AgencyCatalog.load()
    entry = load_manifest(SHARED_CORPUS)[name]
    original = ingest_file(SHARED_CORPUS / name, entry, catalog)
    copy = tmp_path / name  # written outside the repository, removed with tmp_path
    copy.write_bytes(to_tcvn3((SHARED_CORPUS / name).read_text(encoding="utf-8")).encode("utf-8"))
    legacy = ingest_file(copy, entry, catalog)
    assert [s.text for s in legacy.sections] == [s.text for s in original.sections]
    assert [s.heading for s in legacy.sections] == [s.heading for s in original.sections]
    assert legacy.assignments == original.assignments
