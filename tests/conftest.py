"""Every test runs with its own notes, cache and config locations: never the user's files."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_user_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every user-file location at a fresh temporary directory."""
    home = tmp_path / "user"
    home.mkdir(exist_ok=True)  # the notes store creates no missing directory but the default
    monkeypatch.setenv("CPEC_TUI_NOTES", str(home / "notes.toml"))
    monkeypatch.setenv("CPEC_TUI_CACHE", str(home / "cache"))
    monkeypatch.setenv("CPEC_TUI_CONFIG", str(home / "config"))
    monkeypatch.delenv("CPEC_TUI_DATA", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return home
