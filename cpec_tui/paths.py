"""Where cpec-tui finds the bundled dataset and keeps the user's notes, cache and settings.

Every location can be overridden from the environment, which is also how the tests keep
their hands off a real user's files.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

import platformdirs

APP_NAME = "cpec-tui"


def bundled_dataset() -> Path:
    """The dataset shipped with the package (installed wheel) or beside it (source checkout)."""
    installed = Path(str(files("cpec_tui"))) / "data" / "meetings.toml"
    if installed.is_file():
        return installed
    return Path(__file__).resolve().parent.parent / "data" / "meetings.toml"


def dataset_path(given: str | None) -> Path:
    """``--data`` if given, else ``CPEC_TUI_DATA``, else the bundled dataset."""
    chosen = given or os.environ.get("CPEC_TUI_DATA")
    return Path(chosen).expanduser() if chosen else bundled_dataset()


def notes_path(given: str | None) -> Path:
    """``--notes`` if given, else ``CPEC_TUI_NOTES``, else the user data directory."""
    chosen = given or os.environ.get("CPEC_TUI_NOTES")
    if chosen:
        return Path(chosen).expanduser()
    return platformdirs.user_data_path(APP_NAME) / "notes.toml"


def cache_dir() -> Path:
    """Where parsed datasets are cached (``CPEC_TUI_CACHE`` overrides)."""
    chosen = os.environ.get("CPEC_TUI_CACHE")
    return Path(chosen).expanduser() if chosen else platformdirs.user_cache_path(APP_NAME)


def config_dir() -> Path:
    """Where the TUI remembers the theme and the last meeting (``CPEC_TUI_CONFIG`` overrides)."""
    chosen = os.environ.get("CPEC_TUI_CONFIG")
    return Path(chosen).expanduser() if chosen else platformdirs.user_config_path(APP_NAME)
