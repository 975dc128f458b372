"""`make run` installs what serving needs and nothing else; `make test` adds the test tools and the browser.
Checked with `make -n` (print the recipes, run nothing) on a fresh copy of the Makefile."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tip.settings import repo_root

DEV_ONLY = ("torch", "[test", ",st", "bench]", "chromium", "apt-get")


def dry_run(target: str, tmp_path: Path) -> str:
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    shutil.copy(repo_root() / "Makefile", tmp_path / "Makefile")
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    done = subprocess.run(
        ["make", "-n", target], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=True
    )
    return done.stdout


def test_make_run_installs_the_runtime_only(tmp_path: Path) -> None:
    recipe = dry_run("run", tmp_path)
    assert "pip install -q -e ." in recipe and "tip serve" in recipe
    assert [word for word in DEV_ONLY if word in recipe] == []


def test_make_test_installs_the_extras_and_the_browser(tmp_path: Path) -> None:
    recipe = dry_run("test", tmp_path)
    assert '-e ".[test,st,bench]"' in recipe and "chromium" in recipe and "torch==" in recipe
    assert "pytest" in recipe
