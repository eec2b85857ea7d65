"""Pictures of the views across meetings at 120x40 and 80x24, compared with approved SVG
snapshots in tests/__snapshots__/ (update: ``pytest tests/test_snapshots_views.py
--snapshot-update``, then check the SVGs by eye)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from cpec_tui.screens.people import PeopleScreen
from cpec_tui.screens.timeline import TimelineScreen
from tests.tui_fixtures import TuiEnv, loaded, make_app, tui_env

__all__ = ["tui_env"]

SnapCompare = Callable[..., bool]
SIZES = [(120, 40), (80, 24)]


@pytest.fixture
def colour(tui_env: TuiEnv, monkeypatch: pytest.MonkeyPatch) -> TuiEnv:
    """Snapshots in colour (the suite sets NO_COLOR for the CLI tests)."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tui_env


async def _built(pilot: Pilot[Any]) -> None:
    """Wait for a view's worker, if the view has one, then let the screen settle."""
    screen = pilot.app.screen
    for _ in range(500):
        if isinstance(screen, TimelineScreen) and screen.chart.rows:
            break
        if isinstance(screen, PeopleScreen) and screen.person is not None:
            break
        if not isinstance(screen, TimelineScreen | PeopleScreen):
            break
        await pilot.pause(0.02)
    await pilot.pause()


def _on(meeting_id: str, *keys: str) -> Callable[[Pilot[Any]], Any]:
    """Load, go to ``meeting_id``, press ``keys``, wait for the view."""

    async def run(pilot: Pilot[Any]) -> None:
        app = await loaded(pilot)
        app.jump_to_meeting(meeting_id)
        await pilot.pause()
        await pilot.press(*keys)
        await _built(pilot)

    return run


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_timeline(snap_compare: SnapCompare, colour: TuiEnv, size: tuple[int, int]) -> None:
    assert snap_compare(
        make_app(colour), terminal_size=size, run_before=_on("jcc-1", "t", "right", "down")
    )


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_timeline_months(snap_compare: SnapCompare, colour: TuiEnv, size: tuple[int, int]) -> None:
    assert snap_compare(
        make_app(colour), terminal_size=size, run_before=_on("jcc-1", "t", "end", "z")
    )


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_compare_previous_round(
    snap_compare: SnapCompare, colour: TuiEnv, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(colour), terminal_size=size, run_before=_on("jwg-icc-5", "p"))


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_people(snap_compare: SnapCompare, colour: TuiEnv, size: tuple[int, int]) -> None:
    assert snap_compare(
        make_app(colour), terminal_size=size, run_before=_on("jcc-14", "w", *"iqbal")
    )


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
def test_facets_and_mark(snap_compare: SnapCompare, colour: TuiEnv, size: tuple[int, int]) -> None:
    assert snap_compare(
        make_app(colour), terminal_size=size, run_before=_on("jcc-14", "m", "o", "f")
    )
