"""What the browser remembers between runs: the theme and the last meeting viewed.

The file is a convenience, never a reason to fail: a missing, unreadable or corrupt
``settings.json`` reads as "nothing remembered", and a failed write is ignored (the next
run simply starts on the newest meeting with the default theme).
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from cpec_tui import paths
from cpec_tui.store.files import atomic_write

SETTINGS_FILE = "settings.json"


@dataclass(frozen=True)
class Settings:
    """Remembered state; ``None`` means "not remembered" (use the default)."""

    theme: str | None = None
    last_meeting: str | None = None


def settings_path() -> Path:
    """Where the settings live (inside :func:`cpec_tui.paths.config_dir`)."""
    return paths.config_dir() / SETTINGS_FILE


def load_settings(path: Path | None = None) -> Settings:
    """The remembered settings, or empty ones if the file is missing or unusable."""
    try:
        raw = json.loads((path or settings_path()).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    theme = raw.get("theme")
    last = raw.get("last_meeting")
    return Settings(
        theme=theme if isinstance(theme, str) and theme else None,
        last_meeting=last if isinstance(last, str) and last else None,
    )


def save_settings(settings: Settings, path: Path | None = None) -> bool:
    """Write ``settings`` atomically; returns whether it worked (failure is not an error)."""
    data = json.dumps(asdict(settings), indent=2, ensure_ascii=False) + "\n"
    with contextlib.suppress(OSError):
        atomic_write(path or settings_path(), data.encode("utf-8"))
        return True
    return False
