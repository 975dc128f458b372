"""The engine as a LangChain retriever, for users who build their own chains (LCEL, agents, RAG
templates). LangChain's types stop here: the engine knows nothing of them.

Only `langchain_core` is needed (BaseRetriever, Document, runnables); the `langchain` umbrella package is
not a dependency. See docs/langchain.md for a ten-line example."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForRetrieverRun, CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from index.engine import Engine
from tip.domain import SearchHit
from tip.settings import Settings


class TipRetriever(BaseRetriever):
    """Ranked sections of the indexed plans and laws as LangChain Documents: the section's text as
    page_content, its section id as the Document id, and the citation facts in metadata."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    engine: Engine
    k: int = 5
    jurisdiction: str | None = None  # a province name or "national"
    doc_ids: Sequence[str] | None = None

    @classmethod
    def from_settings(cls, settings: Settings, **options: Any) -> TipRetriever:
        """A retriever over the index built by `tip ingest` in settings.data_dir."""
        return cls(engine=Engine(settings).load(), **options)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return [hit_document(hit) for hit in self._search(query)]

    async def _aget_relevant_documents(
        self, query: str, *, run_manager: AsyncCallbackManagerForRetrieverRun
    ) -> list[Document]:
        """The engine is synchronous (embedding, vector store): it runs in a worker thread so the
        caller's event loop keeps serving."""
        hits = await asyncio.to_thread(self._search, query)
        return [hit_document(hit) for hit in hits]

    def _search(self, query: str) -> list[SearchHit]:
        return self.engine.search(query, k=self.k, doc_ids=self.doc_ids, jurisdiction=self.jurisdiction)


def hit_document(hit: SearchHit) -> Document:
    """One ranked section as a Document; `citation` is the line to show under an answer."""
    section, doc = hit.section, hit.doc
    citation = f"{doc.short_name}, {section.label} — {section.path_display}"
    return Document(
        id=section.section_id,
        page_content=section.text,
        metadata={
            "source": section.section_id,
            "section_id": section.section_id,
            "label": section.label,
            "heading_path": section.path_display,
            "doc_id": doc.doc_id,
            "doc_title": doc.title,
            "doc_short_name": doc.short_name,
            "doc_number": doc.number,
            "doc_type": doc.doc_type,
            "year": doc.effective_year,
            "jurisdiction": doc.jurisdiction,
            "jurisdiction_name": doc.jurisdiction_name,
            "score": hit.score,
            "quote": hit.quote,
            "citation": citation,
        },
    )
