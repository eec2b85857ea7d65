"""Every test runs with its own notes, cache and config locations: never the user's files.

Tests marked ``slow`` (long end-to-end runs) are left out of a plain ``pytest``, which keeps it
to a few minutes on 2 cores; ``-m slow`` runs just them, ``-m "slow or not slow"`` everything,
and naming a test file or test runs it whatever its marks.
"""

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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave out the slow tests unless asked for: by ``-m``, or by naming what to run."""
    if config.option.markexpr or config.args_source is not pytest.Config.ArgsSource.TESTPATHS:
        return
    slow = [item for item in items if item.get_closest_marker("slow") is not None]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if item.get_closest_marker("slow") is None]
