"""Pictures of the browser, compared with approved SVG snapshots in tests/__snapshots__/.

After an intended change of look, run ``pytest tests/test_snapshots.py --snapshot-update``
and check the new SVGs by eye (``rsvg-convert file.svg -o file.png``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from cpec_tui.app import CpecApp
from tests.tui_fixtures import TuiEnv, loaded, make_app, tui_env, write_hostile

__all__ = ["tui_env"]

SnapCompare = Callable[..., bool]


@pytest.fixture
def colour(tui_env: TuiEnv, monkeypatch: pytest.MonkeyPatch) -> TuiEnv:
    """Snapshots in colour (the suite sets NO_COLOR for the CLI tests)."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tui_env


def _app(env: TuiEnv, data: Path | None = None) -> CpecApp:
    return make_app(env, data)


async def _ready(pilot: Pilot[Any]) -> None:
    await loaded(pilot)


def test_main_screen(snap_compare: SnapCompare, colour: TuiEnv) -> None:
    assert snap_compare(_app(colour), terminal_size=(120, 40), run_before=_ready)


def test_search_with_highlights(snap_compare: SnapCompare, colour: TuiEnv) -> None:
    assert snap_compare(
        _app(colour),
        press=["slash", *"gwadar port", "enter", "j"],
        terminal_size=(120, 40),
        run_before=_ready,
    )


def test_detail_scrolled(snap_compare: SnapCompare, colour: TuiEnv) -> None:
    assert snap_compare(
        _app(colour),
        press=["j", "j", "enter", "pagedown"],
        terminal_size=(120, 40),
        run_before=_ready,
    )


def test_help_screen(snap_compare: SnapCompare, colour: TuiEnv) -> None:
    assert snap_compare(
        _app(colour), press=["question_mark"], terminal_size=(120, 40), run_before=_ready
    )


def test_narrow_terminal(snap_compare: SnapCompare, colour: TuiEnv) -> None:
    assert snap_compare(_app(colour), terminal_size=(60, 20), run_before=_ready)


def test_narrow_terminal_detail(snap_compare: SnapCompare, colour: TuiEnv) -> None:
    assert snap_compare(
        _app(colour), press=["j", "enter"], terminal_size=(60, 20), run_before=_ready
    )


def test_hostile_text_is_literal(snap_compare: SnapCompare, colour: TuiEnv, tmp_path: Path) -> None:
    assert snap_compare(
        _app(colour, write_hostile(tmp_path)), terminal_size=(120, 40), run_before=_ready
    )


def test_query_error_with_suggestion(snap_compare: SnapCompare, colour: TuiEnv) -> None:
    assert snap_compare(
        _app(colour),
        press=["slash", *"sector:agricultre"],
        terminal_size=(100, 20),
        run_before=_ready,
    )


def test_fact_cursor_and_its_sources(snap_compare: SnapCompare, colour: TuiEnv) -> None:
    assert snap_compare(
        _app(colour),
        press=["enter", "tab", "tab", "enter"],
        terminal_size=(120, 40),
        run_before=_ready,
    )


def test_fact_cursor_on_a_disputed_date(snap_compare: SnapCompare, colour: TuiEnv) -> None:
    assert snap_compare(
        _app(colour),
        press=["j", "j", "j", "j", "enter", "tab", "tab"],
        terminal_size=(120, 40),
        run_before=_ready,
    )


def test_export_dialog(snap_compare: SnapCompare, colour: TuiEnv) -> None:
    assert snap_compare(_app(colour), press=["x"], terminal_size=(120, 40), run_before=_ready)


NOTES = """version = 1

[[notes]]
id = "n1"
meeting = "jcc-1"
created = 2024-01-02T03:04:05Z
updated = 2024-01-02T03:04:05Z
text = "Launch of the committee: check the minutes"
tags = ["story"]

[[notes]]
id = "n2"
meeting = "jcc-14"
created = 2024-03-04T05:06:07Z
updated = 2024-03-04T05:06:07Z
text = "Phase II roadmap: ML-1 and SEZs"
tags = ["story", "rail"]
"""


@pytest.fixture
def noted(colour: TuiEnv) -> Iterator[TuiEnv]:
    """Two notes with fixed times, shown in UTC (a note's time is shown in local time)."""
    colour.notes.parent.mkdir(parents=True, exist_ok=True)
    colour.notes.write_text(NOTES, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "UTC")
        time.tzset()
        yield colour
    time.tzset()


def test_notes_under_the_header(snap_compare: SnapCompare, noted: TuiEnv) -> None:
    assert snap_compare(_app(noted), terminal_size=(120, 30), run_before=_ready)


def test_notes_view(snap_compare: SnapCompare, noted: TuiEnv) -> None:
    async def ready(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        await pilot.press("N")
        await pilot.pause()

    assert snap_compare(_app(noted), terminal_size=(120, 30), run_before=ready)
