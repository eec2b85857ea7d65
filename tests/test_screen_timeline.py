"""The timeline view, driven by keyboard through Pilot on the bundled dataset."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from cpec_tui.app import CpecApp
from cpec_tui.screens.timeline import TimelineChart, TimelineScreen, month_of
from cpec_tui.views.timeline import cell_text
from tests.tui_fixtures import TuiEnv, loaded, make_app, screen_text, tui_env

__all__ = ["tui_env"]


async def opened(pilot: Pilot[Any]) -> TimelineScreen:
    """Press t and wait until the worker has built the lanes."""
    app = pilot.app
    assert isinstance(app, CpecApp)
    await pilot.press("t")
    screen = app.screen
    assert isinstance(screen, TimelineScreen)
    for _ in range(500):
        await pilot.pause(0.02)
        if screen.chart.rows or "in 0 series" in screen_text(app):
            break
    await pilot.pause()
    return screen


def test_a_bare_year_goes_in_its_january_and_a_cell_shows_rounds_or_a_count() -> None:
    assert month_of("2015") == month_of("2015-01-20") == 2015 * 12
    assert month_of("2015-08") == 2015 * 12 + 7
    assert cell_text([5, None], 7) == ("5,•", True)
    assert cell_text([10, 11, 12], 7) == ("3\u00d7", False)  # "10,11,12" does not fit
    assert cell_text([], 7) == ("·", False)


async def test_lanes_years_and_gaps_are_shown_and_the_cursor_moves(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        screen = await opened(pilot)
        chart = screen.query_one(TimelineChart)
        series = [row.lane.series for row in chart.rows]
        assert series[:2] == ["jcc", "jwg-icc"]
        text = screen_text(app)
        assert "JCC" in text and "JWG-ICC" in text and "2013" in text and "2025" in text
        assert "missing 2\u20134, 13" in text  # JCC rounds 2-4 and 13, at the end of its lane
        assert "not in the record: rounds 2\u20134, 13" in text
        assert screen.selected_id == "jcc-1"
        await pilot.press("right")
        assert screen.selected_id == "jcc-5"
        await pilot.press("end")
        assert screen.selected_id == "jcc-14"
        await pilot.press("down")  # to the nearest JWG-ICC meeting in time
        assert screen.selected_id == "jwg-icc-5"
        assert "JWG-ICC 5 · 10 Jan 2025" in screen_text(app)
        await pilot.press("left", "up", "up")  # (up from the first lane stays there)
        assert screen.selected_id is not None and screen.selected_id.startswith("jcc-")


async def test_zoom_shows_months_around_the_cursor(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await opened(pilot)
        await pilot.press("end", "z")
        text = screen_text(app)
        assert "months across" in text
        assert "Sep" in text and "2025" in text  # JCC 14, in September 2025, is in view
        lane_line = next(line for line in text.splitlines() if line.startswith(" JCC "))
        assert "14" in lane_line and "4 gaps" in lane_line  # (no room to list them)
        await pilot.press("z")
        assert "years across" in screen_text(app)


async def test_the_browsers_search_narrows_it_and_enter_opens_the_meeting(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"series:jwg-icc", "enter")
        screen = await opened(pilot)
        assert [row.lane.series for row in screen.chart.rows] == ["jwg-icc"]
        assert "5 meetings in 1 series · search: series:jwg-icc" in screen_text(app)
        await pilot.press("right", "right", "enter")
        await pilot.pause()
        assert isinstance(app, CpecApp) and app.screen is app.browser
        assert app.current_meeting_id == "jwg-icc-3"


async def test_a_search_matching_nothing_says_so(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"zzzzqqq", "enter")
        screen = await opened(pilot)
        assert not screen.chart.rows
        assert "No meeting matches the browser's search." in screen_text(app)
        await pilot.press("right", "down", "enter", "z")  # nothing to move to: no error
        await pilot.press("escape")
        assert app.screen is app.browser
