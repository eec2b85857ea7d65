"""Terminal sizes: side by side when wide, one pane at a time when narrow, down to 40x12."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from cpec_tui.text import sanitize
from cpec_tui.widgets.meeting_detail import MeetingDetail
from cpec_tui.widgets.meeting_list import MeetingList
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


async def test_wide_terminal_shows_both_panes(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        meetings, detail = app.query_one(MeetingList), app.query_one(MeetingDetail)
        assert meetings.display and detail.display
        assert meetings.region.width > 0 and detail.region.width > 0
        assert meetings.region.y == detail.region.y  # side by side
        assert app.screen.has_class("-wide")


async def test_narrow_terminal_shows_one_pane_at_a_time(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=(60, 20)) as pilot:
        await loaded(pilot)
        meetings, detail = app.query_one(MeetingList), app.query_one(MeetingDetail)
        assert app.screen.has_class("-narrow")
        assert meetings.region.width == 60
        assert detail.region.width == 0
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.focused is detail
        assert detail.region.width > 50
        assert meetings.region.width == 0
        assert detail.line_count > 0
        await pilot.press("pagedown", "escape")
        await pilot.pause()
        assert app.focused is meetings
        assert meetings.region.width == 60
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is detail
        await pilot.press("slash")  # the search box brings the list back
        await pilot.pause()
        assert meetings.region.width == 60


@pytest.mark.slow  # a long end-to-end run: see tests/conftest.py
async def test_resizing_down_to_40x12_and_back(tui_env: TuiEnv, tmp_path: Path) -> None:
    for data in (None, write_hostile(tmp_path)):
        app = make_app(tui_env, data)
        async with app.run_test(size=(120, 40)) as pilot:
            await loaded(pilot)
            chosen = app.current_meeting_id
            for width, height in [(100, 30), (99, 30), (80, 24), (60, 20), (40, 12), (41, 13)]:
                await pilot.resize_terminal(width, height)
                await pilot.pause()
                assert app.is_running
                assert app.size == (width, height)
                text = screen_text(app)
                assert len(text.splitlines()) == height
                assert_no_injection(app)
                await pilot.press("j", "k", "enter", "pagedown", "escape")
            await pilot.press("enter")  # the detail pane open when the terminal grows
            await pilot.resize_terminal(120, 40)
            await pilot.pause()
            assert app.screen.has_class("-wide")
            assert app.query_one(MeetingList).region.width > 0
            assert app.query_one(MeetingDetail).region.width > 0
            assert app.current_meeting_id == chosen
            assert_no_injection(app)


async def test_starting_tiny_works(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=(40, 12)) as pilot:
        await loaded(pilot)
        await pilot.press("j", "enter", "j", "escape", "question_mark")
        await pilot.pause()
        assert app.is_running
        await pilot.press("escape", "slash", *"gwadar")
        await pilot.pause()
        assert app.is_running
        text = screen_text(app)
        assert "gwadar" in text


def _url(line: str, urls: set[str]) -> bool:
    """Whether ``line`` shows one of ``urls``: whole, or its start cut with an ellipsis."""
    shown = line.strip()
    if shown in urls:
        return True
    return shown.endswith("…") and any(url.startswith(shown[:-1]) for url in urls)


async def test_wrapped_detail_lines_fit_and_lose_nothing(tui_env: TuiEnv, tmp_path: Path) -> None:
    for data in (None, write_hostile(tmp_path)):
        app = make_app(tui_env, data)
        async with app.run_test(size=(120, 40)) as pilot:
            await loaded(pilot)
            detail = app.query_one(MeetingDetail)
            for size, keys in [((120, 40), ()), ((61, 20), ("enter",)), ((40, 12), ("j",))]:
                await pilot.resize_terminal(*size)
                await pilot.press(*keys)
                await pilot.pause()
                width = detail.scrollable_content_region.width
                assert width > 0
                assert all(cell_len(line) <= width for line in detail.screen_lines), size
                # Every character is drawn, but URLs: one line each, whole or cut with "…".
                urls = {sanitize(s.url) for s in app.library.sources.values() if s.url}
                screen = [line for line in detail.screen_lines if not _url(line, urls)]
                text = [line for line in detail.plain_text.splitlines() if not _url(line, urls)]
                assert "".join("".join(screen).split()) == "".join("".join(text).split())
                assert len(detail.screen_lines) - len(screen) == len(
                    detail.plain_text.splitlines()
                ) - len(text)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord", "gruvbox"])
async def test_the_selected_row_is_highlighted_across_every_column(
    tui_env: TuiEnv, theme: str
) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=(120, 30)) as pilot:
        app.theme = theme
        await loaded(pilot)
        await pilot.pause()
        meetings = app.query_one(MeetingList)
        cursor_row = meetings.render_line(0)
        looks = {(seg.style.bgcolor, seg.style.color) for seg in cursor_row if seg.text.strip()}
        assert len(looks) == 1, looks  # date, label and title alike
        other_row = meetings.render_line(1)
        assert {seg.style.bgcolor for seg in other_row} != {seg.style.bgcolor for seg in cursor_row}
