"""The browser's keys across meetings: the facets pane, the order of results, full titles."""

from __future__ import annotations

from textual.widgets import Input

from cpec_tui.app import CpecApp
from cpec_tui.widgets.facets_pane import FacetsPane
from cpec_tui.widgets.meeting_list import MeetingList
from cpec_tui.widgets.search_bar import SearchBar
from tests.tui_fixtures import TuiEnv, loaded, make_app, tui_env

__all__ = ["tui_env"]


def _options(pane: FacetsPane) -> list[str]:
    return pane.lines


async def test_facets_count_the_query_and_a_chosen_value_refines_it(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        pane = app.query_one(FacetsPane)
        assert not pane.display or not pane.region.width  # hidden until asked for
        await pilot.press("f")
        await pilot.pause()
        assert pane.region.width > 0 and app.focused is pane
        options = _options(pane)
        assert options[0] == "Series"
        assert options[1].split() == ["10", "JCC"]  # 10 of the 21 meetings are JCC
        assert {"Year", "Sector", "Theme", "Country", "Outlet"} <= set(options)
        await pilot.press("down", "enter")  # the second series: JWG-ICC
        await pilot.pause()
        search = app.query_one("#search-input", Input)
        assert search.value == "series:jwg-icc"
        assert app.query_one(MeetingList).row_count == 5
        assert _options(pane)[1].split() == ["5", "JWG-ICC"]  # counted again, as shown
        await pilot.press("slash", "end", *" agriculture")
        await pilot.pause()
        within = int(app.query_one(SearchBar).status_text.split()[0])
        series_count = int(_options(pane)[1].split()[0])
        assert series_count == within < 5  # the counts followed the keystrokes
        await pilot.press("escape", "f")  # (escape leaves the search box)
        await pilot.pause()
        assert not pane.region.width
        assert app.focused is app.query_one(MeetingList)


async def test_a_value_already_in_the_query_is_not_added_twice(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("f", "down", "enter")
        await pilot.pause()
        await pilot.press("f", "f", "enter")  # JWG-ICC, now the only series
        await pilot.pause()
        assert app.query_one("#search-input", Input).value == "series:jwg-icc"


async def test_o_orders_by_relevance_newest_and_oldest(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        listing = app.query_one(MeetingList)
        status = app.query_one(SearchBar)
        await pilot.press("slash", *"gwadar", "enter")
        await pilot.pause()
        assert "first" not in status.status_text  # relevance, as always at first
        best = listing.highlighted_id
        await pilot.press("o")
        assert "newest first" in status.status_text
        assert listing.highlighted_id == best  # the same meeting stays selected
        newest = [_date(app, row) for row in range(listing.row_count)]
        assert newest == sorted(newest, reverse=True)
        await pilot.press("o")
        assert "oldest first" in status.status_text
        oldest = [_date(app, row) for row in range(listing.row_count)]
        assert oldest == sorted(oldest)
        await pilot.press("o")
        assert "first" not in status.status_text


def _date(app: CpecApp, row: int) -> str:
    listing = app.query_one(MeetingList)
    position = listing._rows[row]
    return app.library.meetings.summaries[position].date


async def test_a_wide_terminal_lists_full_titles(tui_env: TuiEnv) -> None:
    full = "14th meeting of the CPEC Joint Cooperation Committee"
    for width, shown in ((120, False), (200, True)):
        app = make_app(tui_env)
        async with app.run_test(size=(width, 30)) as pilot:
            await loaded(pilot)
            app.jump_to_meeting("jcc-14")
            await pilot.pause()
            listing = app.query_one(MeetingList)
            assert (full in listing.row_text(listing.cursor)) is shown
            assert ("14th JCC" in listing.row_text(listing.cursor)) is not shown
