"""Marking and comparing meetings from the browser, driven by keyboard through Pilot."""

from __future__ import annotations

from pathlib import Path

from cpec_tui.app import CpecApp
from cpec_tui.screens.compare import CompareScreen
from cpec_tui.widgets.search_bar import SearchBar
from tests.tui_fixtures import (
    TuiEnv,
    assert_no_injection,
    loaded,
    make_app,
    screen_text,
    tui_env,
    write_hostile,
)

__all__ = ["tui_env"]


def _status(app: CpecApp) -> str:
    return app.query_one(SearchBar).status_text


async def test_p_compares_a_meeting_with_the_previous_round(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        app.jump_to_meeting("jwg-icc-5")
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen) and screen.comparison is not None
        assert (screen.comparison.a.id, screen.comparison.b.id) == ("jwg-icc-4", "jwg-icc-5")
        rows = screen.side_texts()
        assert rows[0][1].startswith("A  JWG-ICC 4") and rows[0][2].startswith("B  JWG-ICC 5")
        labels = {label for label, _, _ in rows}
        assert "shared" in labels  # sectors both meetings have
        recurring = [row for row in rows if row[0].startswith("recurs")]
        assert recurring, "the outcomes of two rounds of one group recur"
        cited = ("stayed", "changed", "recurs", "only A", "only B", "A", "B")
        sides = [
            side for label, a, b in rows[1:] if label.startswith(cited) for side in (a, b) if side
        ]
        assert sides and all(side.endswith("]") for side in sides)  # every line its sources
        disputes = [row for row in rows if row[0] in ("A", "B")]
        assert {row[0] for row in disputes} == {"A", "B"}  # both meetings have conflicts
        assert all("⚠" in a + b for _, a, b in disputes)
        assert "Date" in screen_text(app) and "Co-chairs" in screen_text(app)
        await pilot.press("s")  # swap sides
        assert screen.comparison.a.id == "jwg-icc-5"
        await pilot.press("a")  # open A in the browser
        await pilot.pause()
        assert app.screen is app.browser and app.current_meeting_id == "jwg-icc-5"


async def test_m_marks_and_c_compares_the_marked_with_the_current(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        app.jump_to_meeting("jcc-1")
        await pilot.press("m")
        assert app.browser.state.marked == "jcc-1"
        assert "marked: JCC 1 (this one)" in _status(app)
        app.jump_to_meeting("jcc-14")
        await pilot.pause()
        assert "marked: JCC 1, c compares" in _status(app)
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen) and screen.comparison is not None
        assert (screen.comparison.a.id, screen.comparison.b.id) == ("jcc-1", "jcc-14")
        await pilot.press("b")
        await pilot.pause()
        assert app.current_meeting_id == "jcc-14"
        await pilot.press("m")  # marking another meeting moves the mark
        assert app.browser.state.marked == "jcc-14"
        await pilot.press("m")  # and marking it again removes it
        assert app.browser.state.marked is None and "marked" not in _status(app)


async def test_nothing_to_compare_says_so(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        app.jump_to_meeting("jwg-icc-1")  # a first round, nothing marked
        await pilot.press("p")
        await pilot.pause()
        assert app.screen is app.browser
        assert any("Nothing to compare" in str(n.message) for n in app._notifications)
        await pilot.press("c")  # the compare view opens, and says why it is empty
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert "Nothing to compare: mark a meeting with m" in screen_text(app)
        await pilot.press("escape")
        assert app.screen is app.browser


async def test_hostile_text_in_a_comparison_is_literal(tui_env: TuiEnv, tmp_path: Path) -> None:
    app = make_app(tui_env, write_hostile(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        app.jump_to_meeting("evil-1")
        await pilot.press("m")
        app.jump_to_meeting("calm-1")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        text = screen_text(app)
        assert "[bold]x[/bold]" in text and "[@click=app.quit]click[/]" in text
        assert_no_injection(app)
