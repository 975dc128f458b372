"""Write every test document in every format once per session (PDF and DOCX writing is the slow part)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ingest.docs_factory import CONV_ID, CONVENTION, LAW, LAW_ID, WRITERS


@pytest.fixture(scope="session")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """(format, doc_id) → path of the law and the convention written in that format."""
    folder = tmp_path_factory.mktemp("docs")
    return {
        (fmt, doc_id): write(blocks, folder, doc_id)
        for fmt, write in WRITERS.items()
        for doc_id, blocks in ((LAW_ID, LAW), (CONV_ID, CONVENTION))
    }
