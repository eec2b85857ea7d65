"""Shared helpers for the TUI tests: isolated user files, a hostile dataset, screen capture.

The hostile dataset puts markup, terminal escape sequences, bidi overrides, very long words
and emoji in every kind of string the browser shows, so the tests can prove that untrusted
text is only ever text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from rich.console import Console
from textual.pilot import Pilot

from cpec_tui.app import CpecApp
from cpec_tui.paths import bundled_dataset

MARKUP = "[bold]x[/bold]"
CLICK = "[@click=app.quit]click[/]"
STRAY = "stray [/] close"
OSC52 = "\x1b]52;c;aGVsbG8=\x07"
CLEAR = "\x1b[2J"
BIDI = "\u202eevil\u202c"
LONG_WORD = "Supercalifragilistic" + "x" * 180
EMOJI = "🚀 🇵🇰 👩‍👩‍👧"

HOSTILE_TITLE = f"Meeting {MARKUP} {CLICK} {STRAY} {OSC52} {CLEAR} {BIDI}"
HOSTILE_OUTCOME = f"Outcome {MARKUP} {CLICK} {LONG_WORD} {EMOJI}"
HOSTILE_NOTE = f"Note {MARKUP} {CLICK} {OSC52} {CLEAR} {BIDI} {EMOJI}"


@dataclass(frozen=True)
class TuiEnv:
    """Where one test's user files live."""

    home: Path
    notes: Path
    config: Path
    cache: Path


@pytest.fixture
def tui_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TuiEnv:
    """Every user-file location in a fresh temporary directory (never the user's own)."""
    home = tmp_path / "tui-user"
    home.mkdir(exist_ok=True)  # the notes store creates no missing directory but the default
    env = TuiEnv(home, home / "notes.toml", home / "config", home / "cache")
    monkeypatch.setenv("CPEC_TUI_NOTES", str(env.notes))
    monkeypatch.setenv("CPEC_TUI_CONFIG", str(env.config))
    monkeypatch.setenv("CPEC_TUI_CACHE", str(env.cache))
    monkeypatch.delenv("CPEC_TUI_DATA", raising=False)
    return env


def make_app(env: TuiEnv, data: Path | None = None) -> CpecApp:
    """The browser on ``data`` (default: the bundled dataset) with the test's notes file."""
    return CpecApp(data_path=data or bundled_dataset(), notes_path=env.notes)


async def loaded(pilot: Pilot[Any]) -> CpecApp:
    """Wait until the dataset is loaded and the screen has settled."""
    app = pilot.app
    assert isinstance(app, CpecApp)
    for _ in range(1500):  # up to 30 s: indexing thousands of meetings on a slow CI machine
        await pilot.pause(0.02)
        if app.is_loaded:
            break
    await pilot.pause()
    assert app.is_loaded, "the dataset did not load"
    return app


def _render(app: CpecApp) -> Console:
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    update = app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens, simplify=True
    )
    console.print(update)
    return console


def screen_text(app: CpecApp) -> str:
    """The whole screen as plain text, as a person would read it."""
    return _render(app).export_text(styles=False)


def screen_output(app: CpecApp) -> str:
    """The bytes the screen would send to the terminal (escape sequences included)."""
    console = _render(app)
    output = console.file
    assert isinstance(output, io.StringIO)
    return output.getvalue()


def assert_no_injection(app: CpecApp) -> None:
    """Nothing from the data reached the terminal as an escape sequence."""
    text = screen_text(app)
    assert "\x1b" not in text
    assert "\x07" not in text
    output = screen_output(app)
    assert "\x1b]52" not in output
    assert "\x1b[2J" not in output
    assert "\u202e" not in output


def _source(key: str, outlet: str, url: str | None = None, **extra: str) -> dict[str, Any]:
    source: dict[str, Any] = {"key": key, "outlet": outlet, **extra}
    if url is not None:
        source["url"] = url
    else:
        source["file"] = f"{key}.txt"
    return source


def hostile_document() -> dict[str, Any]:
    """A valid dataset whose every shown string is an attack or an oddity."""
    cite = ["h1"]
    meeting: dict[str, Any] = {
        "id": "evil-1",
        "series": "other",
        "sequence": 1,
        "kind": "meeting",
        "title": HOSTILE_TITLE,
        "short_title": f"{MARKUP} {CLICK} {OSC52}",
        "sourcing": "strong",
        "sources": ["h1", "h2", "h3"],
        "date": {
            "value": "2024-02-03",
            "status": "conflicting",
            "sources": cite,
            "note": f"Date note {CLICK}",
            "alternatives": [{"as_reported": f"{STRAY} {CLEAR}", "sources": ["h2"]}],
        },
        "venue": {"city": f"City {MARKUP}", "country": "PK", "mode": "in-person", "sources": cite},
        "co_chairs": [
            {
                "name": f"Chair {CLICK}",
                "title": f"Title {OSC52}",
                "country": "PK",
                "aliases": [MARKUP],
                "sources": cite,
            }
        ],
        "organisations": [{"name": f"Org {BIDI}", "country": "CN", "sources": cite}],
        "agenda": [{"text": f"Agenda {STRAY}", "sources": cite}],
        "outcomes": [{"text": HOSTILE_OUTCOME, "sources": cite}],
        "sectors": ["agriculture"],
        "themes": ["security"],
        "conflicts": [
            {
                "id": "C-1",
                "fields": ["date"],
                "summary": f"Summary {MARKUP}",
                "resolution": f"Resolution {CLICK}",
                "sources": cite,
            }
        ],
    }
    plain: dict[str, Any] = {
        "id": "calm-1",
        "series": "jcc",
        "sequence": 1,
        "kind": "meeting",
        "title": "A calm meeting about agriculture",
        "short_title": "1st JCC",
        "sourcing": "moderate",
        "sources": cite,
        "date": {"value": "2015-08", "status": "reported", "sources": cite},
    }
    return {
        "version": 1,
        "sources": [
            _source("h1", f"Outlet {MARKUP}", "https://example.org/a?b=[c]", headline=CLICK),
            # (A URL holding an escape is refused by validation: the headline holds it.)
            _source(
                "h2",
                f"Outlet {OSC52}",
                "https://example.org/x",
                headline="Headline \x1b]8;;evil\x1b\\",
            ),
            _source("h3", "Plain file outlet", note=f"Note {CLEAR}"),
        ],
        "meetings": [meeting, plain],
    }


def write_hostile(directory: Path) -> Path:
    """Write the hostile dataset to ``directory`` and return its path."""
    path = directory / "hostile.toml"
    path.write_text(tomli_w.dumps(hostile_document()), encoding="utf-8")
    return path
