"""Errors that name the file and the reason in one line a person can act on."""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """A file that could not be read or parsed; the other files still ingest."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


class ManifestError(IngestError):
    """manifest.yaml is malformed: named with the entry or line at fault."""
