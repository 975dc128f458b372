"""The README's settings table and `Settings` agree: every TIP_ variable is listed once, with its default."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pydantic_core import PydanticUndefined

from tip.settings import Settings, repo_root

ROW = re.compile(r"^\| `(TIP_[A-Z0-9_]+)` \| (.+?) \| .+ \|$")
COMPUTED = {"corpus_dir", "data_dir"}  # defaults that depend on where the repository lies


def readme_rows() -> dict[str, str]:
    text = (repo_root() / "README.md").read_text(encoding="utf-8")
    rows = [m.groups() for line in text.splitlines() if (m := ROW.match(line))]
    names = [name for name, _ in rows]
    assert len(names) == len(set(names)), "a variable is listed twice"
    return dict(rows)


def documented(value: Any) -> str:
    """How the table writes a default: `unset` for nothing, else the value in backticks."""
    if value is None or value == []:
        return "unset"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, float) and value.is_integer():
        return f"`{int(value)}`"
    if value == "":
        return '`""`'
    return f"`{value}`"


def test_every_setting_is_in_the_readme_and_nothing_else() -> None:
    variables = {f"TIP_{name.upper()}" for name in Settings.model_fields}
    assert set(readme_rows()) == variables


@pytest.mark.parametrize("name", sorted(set(Settings.model_fields) - COMPUTED))
def test_readme_default_is_the_code_default(name: str) -> None:
    field = Settings.model_fields[name]
    default = field.get_default(call_default_factory=True)
    assert default is not PydanticUndefined
    assert readme_rows()[f"TIP_{name.upper()}"] == documented(default)
