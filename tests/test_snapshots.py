"""Pictures of the browser, compared with approved SVG snapshots in tests/__snapshots__/.

After an intended change of look, run ``pytest tests/test_snapshots.py --snapshot-update``
and check the new SVGs by eye (``rsvg-convert file.svg -o file.png``).
"""

from __future__ import annotations

from collections.abc import Callable
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
