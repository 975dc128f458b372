"""manifest.yaml: stable doc_ids and facts for the files of a corpus folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from ingest.errors import ManifestError

MANIFEST_NAME = "manifest.yaml"


class ManifestEntry(BaseModel):
    model_config = ConfigDict(extra="allow")

    doc_id: str
    file: str
    title: str
    doc_type: str = "other"
    number: str | None = None
    issuer: str | None = None
    signed_by: str | None = None
    issued: dt.date | None = None
    year: int | None = None
    jurisdiction: str = "national"
    jurisdiction_name: str = "Việt Nam (toàn quốc)"
    implements: list[str] = []
    topics: list[str] = []
    language: str = "vi"

    @field_validator("doc_id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not value or any(c in value for c in "#/ \\?"):
            raise ValueError(f"doc_id {value!r} must be a non-empty slug without '#', '/', spaces or '?'")
        return value


def load_manifest(corpus_dir: Path) -> dict[str, ManifestEntry]:
    """Entries keyed by file name; {} when the folder has no manifest. Malformed → ManifestError."""
    path = corpus_dir / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ManifestError(path, f"malformed YAML{where}: {getattr(exc, 'problem', exc)}") from exc
    except UnicodeDecodeError as exc:
        raise ManifestError(path, "not UTF-8 text") from exc
    if raw is None:
        return {}
    docs = raw.get("documents") if isinstance(raw, dict) else None
    if not isinstance(docs, list):
        raise ManifestError(path, "expected a top-level 'documents:' list")
    return _entries(path, docs)


def _entries(path: Path, docs: list[Any]) -> dict[str, ManifestEntry]:
    entries: dict[str, ManifestEntry] = {}
    seen_ids: set[str] = set()
    for i, item in enumerate(docs, start=1):
        try:
            entry = ManifestEntry.model_validate(item)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"]) or "entry"
            raise ManifestError(path, f"entry {i}: {field}: {first['msg']}") from exc
        if entry.doc_id in seen_ids:
            raise ManifestError(path, f"entry {i}: duplicate doc_id {entry.doc_id!r}")
        seen_ids.add(entry.doc_id)
        entries[entry.file] = entry
    return entries
