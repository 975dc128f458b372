"""What a new user of `tip` meets: help on every option, --lang limited to its choices, tables cut at word
boundaries, eval JSON only on request, setting errors that name the variable, progress lines in a log."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
import typer

from tests.tip.test_cli import env, tip  # noqa: F401  (the mini corpus and the fake embedder)
from tip.cli import app
from tip.progress import LogProgress, progress_line
from tip.text import shorten

CLI = pytest.mark.usefixtures("env")  # TIP_ variables for the mini corpus and the fake embedder


@pytest.fixture(autouse=True)
def wide_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # rich wraps tables to the width it is given


def all_commands(command: click.Command, path: str = "tip") -> list[tuple[str, click.Command]]:
    found = [(path, command)]
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            found += all_commands(sub, f"{path} {name}")
    return found


def test_every_option_and_argument_has_help() -> None:
    missing = [
        f"{path} {param.name}"
        for path, command in all_commands(typer.main.get_command(app))
        for param in command.params
        if isinstance(param, click.Option | click.Argument)
        and not getattr(param, "help", None)
        and param.name not in ("install_completion", "show_completion", "help")
    ]
    assert missing == []


@CLI
def test_lang_is_limited_to_its_choices() -> None:
    code, out = tip("ask", "--lang", "fr", "Ai chủ trì?")
    assert code == 2
    assert "'vi', 'en', 'vi-nodiac'" in out
    assert "vi|en|vi-nodiac" in tip("ask", "--help")[1]


@CLI
def test_tables_cut_long_text_at_a_word_boundary() -> None:
    assert tip("ingest")[0] == 0
    code, out = tip("docs")
    title = "Kế hoạch phòng, chống mua bán người năm 2025 trên địa bàn tỉnh Hòa Bình"  # 73 characters
    assert code == 0
    shown = next(line for line in out.splitlines() if "kh-hoabinh-test" in line)
    cut = next(c.strip() for c in shown.split("│") if c.strip().startswith("Kế hoạch"))
    assert cut.endswith("…") and len(cut) <= 70
    assert title.startswith(cut[:-1]) and title[len(cut) - 1] == " "  # the cut falls between words


def test_shorten_keeps_whole_words() -> None:
    assert shorten("Sở Lao động Thương binh và Xã hội", 20) == "Sở Lao động Thương…"
    assert shorten("ngắn", 20) == "ngắn"


@CLI
def test_eval_run_prints_json_only_when_asked(tmp_path: Path) -> None:
    assert tip("ingest")[0] == 0
    questions = tmp_path / "set.yaml"
    questions.write_text(
        "questions:\n"
        "  - id: hb-lead\n"
        "    question: 'Ai chủ trì hỗ trợ nạn nhân bị mua bán ở Hòa Bình?'\n"
        "    lang: vi\n"
        "    kind: who_leads\n"
        "    expect:\n"
        "      citations: [{doc_id: kh-hoabinh-test, contains: 'chủ trì'}]\n"
        "      answer_contains: ['Lao động']\n",
        encoding="utf-8",
    )
    code, out = tip("eval", "run", str(questions))
    assert code == 0 and "overall" in out
    assert not [line for line in out.splitlines() if line.startswith("{")]
    code, out = tip("eval", "run", "--json", str(questions))
    (line,) = [line for line in out.splitlines() if line.startswith("{")]
    assert code == 0 and json.loads(line)["overall"]["n"] == 1


@CLI
@pytest.mark.parametrize(
    ("variable", "value"), [("TIP_TOP_K", "many"), ("TIP_EMBEDDER", "word2vec"), ("TIP_PROGRESS", "loud")]
)
def test_a_bad_setting_names_its_variable(monkeypatch: pytest.MonkeyPatch, variable: str, value: str) -> None:
    monkeypatch.setenv(variable, value)
    code, out = tip("docs")
    assert code == 2
    assert f"configuration error: {variable}: " in out


@CLI
def test_first_ingest_logs_progress_lines_when_not_on_a_terminal() -> None:
    code, out = tip("ingest")  # CliRunner is not a terminal: TIP_PROGRESS=auto logs lines
    assert code == 0, out
    assert "reading: documents parsed 2/2" in out
    embedded = [line for line in out.splitlines() if line.startswith("embedding: chunks embedded")]
    assert embedded and "/s" in embedded[-1] and "done in" in embedded[-1]


@CLI
def test_progress_off_prints_no_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIP_PROGRESS", "off")
    code, out = tip("ingest")
    assert code == 0 and "chunks embedded" not in out and "documents parsed" not in out


def test_log_progress_writes_a_line_every_interval_with_rate_and_eta() -> None:
    now = [0.0]
    lines: list[str] = []
    progress = LogProgress(lines.append, interval_s=5, clock=lambda: now[0])
    task = progress.add_task("embedding", total=None)
    for done in range(0, 101, 10):  # 10 chunks a second, reported every second
        progress.update(task, completed=done, total=100)
        now[0] += 1
    assert lines == [
        "embedding: chunks embedded 0/100",
        "embedding: chunks embedded 50/100 (10.0/s, ETA 5 s)",
        "embedding: chunks embedded 100/100 (10.0/s, done in 10 s)",
    ]


def test_progress_line_formats_long_waits_in_minutes() -> None:
    assert (
        progress_line("embedding", 60, 6060, 60)
        == "embedding: chunks embedded 60/6060 (1.0/s, ETA 100 min 00 s)"
    )
    assert progress_line("reading", 3, None, 0) == "reading: documents parsed 3"
