"""`tip ask/responsibilities --jurisdiction`: an unknown place exits 2 with the known names and a "did you
mean"; a spelling of a known place resolves."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tip.cli import app
from tip.settings import Settings

runner = CliRunner()


@pytest.fixture
def data_dir(places_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("TIP_EMBEDDER", "fake")
    return str(places_settings.data_dir)


def tip(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize(
    "command",
    [
        ["responsibilities", "--jurisdiction", "Kontom"],
        ["ask", "Ai chủ trì hỗ trợ nạn nhân?", "--jurisdiction", "Kontom"],
    ],
)
def test_an_unknown_place_exits_2_with_a_suggestion(data_dir: str, command: list[str]) -> None:
    code, out = tip(*command, "--data-dir", data_dir)
    assert code == 2, out
    flat = " ".join(out.split())
    assert "did you mean Kon Tum?" in flat
    assert "known: Hòa Bình, Kon Tum, Việt Nam (toàn quốc), Đồng Nai" in flat


def test_a_spelling_of_a_known_place_resolves(data_dir: str) -> None:
    code, out = tip("responsibilities", "--json", "--jurisdiction", "Kontum", "--data-dir", data_dir)
    assert code == 0, out
    assert {r["doc_id"] for r in json.loads(out)} == {"kh-kontum-test"}
    code, out = tip(
        "ask", "--json", "Ai chủ trì hỗ trợ nạn nhân?", "--jurisdiction", "kon tum", "--data-dir", data_dir
    )
    assert code == 0, out
    assert json.loads(out)["jurisdictions"] == ["Kon Tum"]
