"""TipRetriever in a real LCEL chain (retriever → prompt → the project's fake chat model → parser), sync and
async, over the mini-corpus index."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from langchain_core.documents import Document
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompt_values import PromptValue
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnableLambda, RunnablePassthrough

from index.llm import build_chat_model
from tip.langchain import TipRetriever
from tip.settings import Settings

QUESTION = "Ai chủ trì hỗ trợ nạn nhân ở Hòa Bình?"
SCRIPTED = "Sở Lao động - Thương binh và Xã hội chủ trì [kh-hoabinh-test#II.1.2]."


def cited(docs: list[Document]) -> str:
    return "\n\n".join(
        f"[{d.metadata['section_id']}] {d.metadata['citation']}\n{d.page_content}" for d in docs
    )


def test_documents_carry_section_ids_citations_and_metadata(mini_engine) -> None:  # type: ignore[no-untyped-def]
    retriever = TipRetriever(engine=mini_engine, k=3)
    docs = retriever.invoke(QUESTION)
    assert 1 <= len(docs) <= 3
    top = docs[0]
    assert top.id == top.metadata["section_id"] == top.metadata["source"] == "kh-hoabinh-test#II.1.2"
    assert top.metadata["doc_short_name"] == "12/KH-UBND" and top.metadata["jurisdiction_name"] == "Hòa Bình"
    assert top.metadata["citation"].startswith("12/KH-UBND, II.1.2 — ")
    assert top.metadata["quote"] and top.metadata["quote"] in top.page_content
    assert "Sở Lao động" in top.page_content and isinstance(top.metadata["score"], float)
    scoped = TipRetriever(engine=mini_engine, k=5, jurisdiction="national").invoke(QUESTION)
    assert scoped and all(d.metadata["jurisdiction"] == "national" for d in scoped)


def test_retriever_in_an_lcel_chain_sync_and_async(
    mini_engine, mini_settings: Settings, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    script = tmp_path / "replies.json"
    script.write_text(json.dumps([SCRIPTED, SCRIPTED]), encoding="utf-8")
    model = build_chat_model(mini_settings.with_overrides(llm_provider="fake", llm_fake_script=script))
    prompts: list[str] = []

    def seen(prompt: PromptValue) -> PromptValue:
        prompts.append(prompt.to_string())
        return prompt

    prompt = ChatPromptTemplate.from_messages(
        [
            ("system", "Answer only from these sections, citing [section_id]:\n{context}"),
            ("human", "{question}"),
        ]
    )
    retriever = TipRetriever(engine=mini_engine, k=3)
    chain = (
        {"context": retriever | cited, "question": RunnablePassthrough()}
        | prompt
        | RunnableLambda(seen)
        | model
        | StrOutputParser()
    )
    assert chain.invoke(QUESTION) == SCRIPTED
    assert asyncio.run(chain.ainvoke(QUESTION)) == SCRIPTED
    assert len(prompts) == 2 and all("[kh-hoabinh-test#II.1.2]" in p and QUESTION in p for p in prompts)
    assert [d.id for d in asyncio.run(retriever.ainvoke(QUESTION))] == [
        d.id for d in retriever.invoke(QUESTION)
    ]
