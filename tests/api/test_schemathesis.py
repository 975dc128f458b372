"""Property-based checks of the whole API from its own /openapi.json (schemathesis CLI, live uvicorn).

Every check schemathesis has is on: no 5xx, responses (errors included) match the documented schemas,
status codes and content types, invalid input is refused with 4xx. Bounded by --max-examples (~15 s)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from api.app import create_app
from tests.api.conftest import live_server
from tip.settings import Settings

pytestmark = pytest.mark.slow

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
MAX_EXAMPLES = 50
SEED = 20261122


def test_schemathesis_finds_no_failures(
    mini_settings: Settings, tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    if not SCHEMATHESIS.exists():
        pytest.skip("schemathesis is not installed (pip install -e '.[test]')")
    settings = mini_settings.model_copy(update={"rate_limit_per_minute": 0})  # a fuzzer is not an abuser
    report = tmp_path / "schemathesis.json"
    with live_server(create_app(settings)) as url:
        command = [
            str(SCHEMATHESIS), "run", f"{url}/openapi.json",
            "--checks", "all",
            "--max-examples", str(MAX_EXAMPLES),
            "--seed", str(SEED),
            "--request-timeout", "30",
            "--report", "json", "--report-json-path", str(report),
        ]  # fmt: skip
        proc = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    summary = json.loads(report.read_text(encoding="utf-8"))
    generated = summary["test_cases"]["generated"]
    record_property("schemathesis_cases", generated)
    print(
        f"schemathesis {summary['schemathesis_version']}: {generated} cases, {len(summary['failures'])} failures"
    )
    assert proc.returncode == 0, proc.stdout[-6000:]
    assert summary["operations"]["tested"] == summary["operations"]["total"] >= 11
    assert generated > 200 and not summary["failures"] and not summary["errors"]
