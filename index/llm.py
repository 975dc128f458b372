"""Optional answer synthesis through a LangChain chat model (off by default).

The model sees only the retrieved sections and must cite them as [section_id]. Ids it invents are
dropped and flagged; an answer left with no valid citation falls back to the extractive one.
The chat model is wrapped here once: the rest of the engine sees only `Synthesizer`."""

from __future__ import annotations

import json
import re
from typing import Any

from index.intent import QueryAnalysis
from tip.domain import Answer, Citation
from tip.settings import Settings

_CITED = re.compile(r"\[([^\[\]\s]+#[^\[\]\s]+)\]")

SYSTEM_PROMPT = (
    "You answer questions for Vietnamese counter-trafficking officers using ONLY the numbered sections given. "
    "Answer in the language of the question, briefly. Name the agencies exactly as the sections write them. "
    "After every claim cite the section id in square brackets, e.g. [kh-kontum-actip#II.3.2]. Cite only ids from "
    "the list. If the sections do not answer the question, reply exactly: NO_ANSWER"
)


def build_chat_model(settings: Settings) -> Any:
    """The configured LangChain chat model (OpenAI-compatible, Ollama, or a scripted fake for tests)."""
    if settings.llm_provider == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=settings.llm_model or "gpt-4o-mini",
            base_url=settings.llm_base_url,
            api_key=settings.llm_api_key.get_secret_value() if settings.llm_api_key else "not-needed",  # type: ignore[arg-type]
            timeout=settings.llm_timeout_s,
            temperature=0,
        )
    if settings.llm_provider == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(
            model=settings.llm_model or "qwen2.5", base_url=settings.llm_base_url, temperature=0
        )
    if settings.llm_provider == "fake":
        from langchain_core.language_models.fake_chat_models import FakeListChatModel

        replies = (
            json.loads(settings.llm_fake_script.read_text(encoding="utf-8"))
            if settings.llm_fake_script
            else ["NO_ANSWER"]
        )
        return FakeListChatModel(responses=[str(r) for r in replies])
    raise ValueError(f"unknown llm_provider {settings.llm_provider!r}")


class Synthesizer:
    def __init__(self, chat_model: Any) -> None:
        self.model = chat_model

    @classmethod
    def from_settings(cls, settings: Settings) -> Synthesizer:
        return cls(build_chat_model(settings))

    def synthesize(self, qa: QueryAnalysis, extractive: Answer) -> Answer:
        from langchain_core.messages import HumanMessage, SystemMessage

        sections = "\n\n".join(
            f"[{c.section_id}] ({c.doc_short_name} — {c.heading_path})\n{c.text}"
            for c in extractive.citations
        )
        messages = [
            SystemMessage(SYSTEM_PROMPT),
            HumanMessage(f"Sections:\n\n{sections}\n\nQuestion: {qa.question}"),
        ]
        try:
            reply = self.model.invoke(messages)
        except Exception as exc:  # an unreachable endpoint must not cost the officer the extractive answer
            return extractive.model_copy(
                update={"flags": [*extractive.flags, f"llm_error:{type(exc).__name__}"]}
            )
        return self.apply(str(reply.content), extractive)

    @staticmethod
    def apply(text: str, extractive: Answer) -> Answer:
        """Keep the model's text only with valid citations; drop and flag invented ids."""
        if text.strip() == "NO_ANSWER":
            return extractive.model_copy(update={"flags": [*extractive.flags, "llm_no_answer"]})
        allowed = {c.section_id: c for c in extractive.citations}
        cited = list(dict.fromkeys(_CITED.findall(text)))
        invented = [sid for sid in cited if sid not in allowed]
        valid = [sid for sid in cited if sid in allowed]
        flags = [*extractive.flags, *(f"llm_citation_dropped:{sid}" for sid in invented)]
        if not valid:
            return extractive.model_copy(update={"flags": [*flags, "llm_uncited_fallback"]})
        for sid in invented:
            text = text.replace(f"[{sid}]", "")
        ordered: list[Citation] = [allowed[s] for s in valid] + [
            c for c in extractive.citations if c.section_id not in valid
        ]
        return extractive.model_copy(
            update={"answer": text.strip(), "citations": ordered, "flags": [*flags, "llm_synthesized"]}
        )
