"""Typing in the search box: one frame per keystroke, and only what changed is redrawn.

The app answers a keystroke (search, list, status, detail) before Textual paints the edited
input, so the first frame after a key shows its result; and a keystroke that leaves rows or
lines as they were does not render them again.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from textual.widgets import Input

from cpec_tui.app import CpecApp
from cpec_tui.paths import bundled_dataset
from cpec_tui.search import SearchEngine
from cpec_tui.store.dataset import load_dataset
from cpec_tui.widgets.meeting_detail import MeetingDetail
from cpec_tui.widgets.meeting_list import MeetingList
from cpec_tui.widgets.search_bar import SearchBar
from tests.tui_fixtures import TuiEnv, loaded, make_app, tui_env

__all__ = ["tui_env"]

SIZE = (120, 40)
_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")


class _Counts:
    """How often the panes built or rendered something since the last :meth:`clear`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.builds = self.detail_lines = self.rows = 0
        build, line, row = MeetingDetail._build, MeetingDetail.render_line, MeetingList._render_row

        def counted_build(detail: MeetingDetail) -> None:
            self.builds += 1
            build(detail)

        def counted_line(detail: MeetingDetail, y: int) -> Any:
            self.detail_lines += 1
            return line(detail, y)

        def counted_row(meetings: MeetingList, *args: Any) -> Any:
            self.rows += 1
            return row(meetings, *args)

        monkeypatch.setattr(MeetingDetail, "_build", counted_build)
        monkeypatch.setattr(MeetingDetail, "render_line", counted_line)
        monkeypatch.setattr(MeetingList, "_render_row", counted_row)

    def clear(self) -> None:
        self.builds = self.detail_lines = self.rows = 0


async def _typing(app: CpecApp) -> tuple[MeetingList, MeetingDetail, SearchBar]:
    search = app.query_one(SearchBar)
    search.focus_input()
    app.query_one(Input).cursor_blink = False  # no frames of its own between keystrokes
    return app.query_one(MeetingList), app.query_one(MeetingDetail), search


async def test_typing_updates_list_status_and_detail_on_every_keystroke(tui_env: TuiEnv) -> None:
    engine = SearchEngine(load_dataset(bundled_dataset()))
    total = len(engine.meetings)
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        meetings, detail, search = await _typing(app)
        query = ""
        for key in [*"gwadar", "space", *"port", "backspace", "backspace"]:
            await pilot.press(key)
            await pilot.pause()
            query = query[:-1] if key == "backspace" else query + (" " if key == "space" else key)
            result = engine.search(query)
            assert search.query_text == query
            assert meetings.row_count == len(result)
            assert search.status_text.startswith(f"{len(result)} of {total} meetings")
            best = engine.meetings[result.positions[0]] if len(result) else None
            assert app.current_meeting_id == (best.id if best else None)
            if best is not None:
                assert detail.plain_text.startswith(best.title)


async def test_the_first_frame_after_a_keystroke_shows_its_result(
    tui_env: TuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        _, _, search = await _typing(app)
        await pilot.pause()
        frames: list[str] = []
        display = app._display

        def record(screen: Any, update: Any) -> None:  # every frame Textual paints
            display(screen, update)
            if update is not None:
                frames.append(_ESCAPES.sub("", update.render_segments(app.console)))

        monkeypatch.setattr(app, "_display", record)
        for typed in ["g", "gw", "gwa", "gwad", "gwada", "gwadar"]:
            frames.clear()
            await pilot.press(typed[-1])
            await pilot.pause()
            # Frames that repaint the search line with the typed text in it.
            showing_the_key = [
                frame for frame in frames if frame.splitlines()[0].strip().startswith(typed)
            ]
            assert showing_the_key, typed
            # Never the typed text without its result: the status is in the same frame.
            assert all(search.status_text in frame for frame in showing_the_key), typed


async def test_a_keystroke_that_changes_no_match_rebuilds_nothing(
    tui_env: TuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = _Counts(monkeypatch)
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        _, detail, search = await _typing(app)
        await pilot.press(*"gwadar")
        await pilot.pause()
        shown, status, text = app.current_meeting_id, search.status_text, detail.plain_text
        counts.clear()
        await pilot.press("space")  # "gwadar ": the same meetings, the same matches
        await pilot.pause()
        assert search.query_text == "gwadar "
        assert (app.current_meeting_id, search.status_text) == (shown, status)
        assert detail.plain_text == text
        assert (counts.builds, counts.detail_lines, counts.rows) == (0, 0, 0)


async def test_a_new_highlight_redraws_only_the_lines_it_changes(
    tui_env: TuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = _Counts(monkeypatch)
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        _, detail, _ = await _typing(app)
        await pilot.press(*"urum")
        await pilot.pause()
        shown = app.current_meeting_id
        counts.clear()
        await pilot.press("q")  # "urumq": the same meeting, a longer match in a line or two
        await pilot.pause()
        assert app.current_meeting_id == shown
        assert counts.builds == 1
        assert 0 < counts.detail_lines < detail.scrollable_content_region.height
        assert counts.rows == 0  # the same rows, and no match in their labels and titles


async def test_scrollbars_follow_the_results(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=(120, 16)) as pilot:  # fewer lines than meetings
        await loaded(pilot)
        meetings, detail, _ = await _typing(app)
        total = meetings.row_count
        bar = meetings.vertical_scrollbar
        assert meetings.show_vertical_scrollbar and bar.window_virtual_size == total
        await pilot.press(*"jcc")
        await pilot.pause()
        assert meetings.row_count < meetings.scrollable_content_region.height
        assert not meetings.show_vertical_scrollbar
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert meetings.show_vertical_scrollbar and bar.window_virtual_size == total
        # Another meeting, chosen without typing (no layout asked for by the search input).
        meetings.focus()
        await pilot.pause()
        lines = detail.line_count
        await pilot.press("j")
        await pilot.pause()
        assert detail.line_count != lines
        assert detail.vertical_scrollbar.window_virtual_size == detail.line_count
