"""Browsing the bundled dataset with the keyboard and the mouse, through Textual's Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Input, Static

from cpec_tui.app import CpecApp
from cpec_tui.models import newest_first
from cpec_tui.paths import bundled_dataset
from cpec_tui.screens.help import HelpScreen
from cpec_tui.search import SearchEngine
from cpec_tui.store.dataset import load_dataset
from cpec_tui.widgets.meeting_detail import MeetingDetail
from cpec_tui.widgets.meeting_list import MeetingList
from cpec_tui.widgets.search_bar import SearchBar
from tests.datasets import VALID, write
from tests.tui_fixtures import TuiEnv, loaded, make_app, screen_text, tui_env

__all__ = ["tui_env"]

SIZE = (120, 40)


def _meetings() -> list[str]:
    return [meeting.id for meeting in newest_first(load_dataset(bundled_dataset()).meetings)]


def _parts(app: CpecApp) -> tuple[MeetingList, MeetingDetail, SearchBar]:
    return app.query_one(MeetingList), app.query_one(MeetingDetail), app.query_one(SearchBar)


async def test_starts_on_the_newest_meeting(tui_env: TuiEnv) -> None:
    ids = _meetings()
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        meetings, detail, search = _parts(app)
        assert app.current_meeting_id == ids[0]
        assert meetings.row_count == len(ids)
        assert app.focused is meetings
        newest = load_dataset(bundled_dataset()).meetings
        title = next(m.title for m in newest if m.id == ids[0])
        assert detail.plain_text.startswith(title)
        assert search.status_text == f"{len(ids)} meetings"
        text = screen_text(app)
        assert title in text
        assert "Search" in text and "Quit" in text  # the footer lists the keys


async def test_cursor_keys_move_and_show_each_meeting(tui_env: TuiEnv) -> None:
    ids = _meetings()
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        meetings, detail, _ = _parts(app)
        await pilot.press("j")
        assert app.current_meeting_id == ids[1]
        await pilot.press("down", "down")
        assert app.current_meeting_id == ids[3]
        await pilot.press("k")
        assert app.current_meeting_id == ids[2]
        await pilot.press("up")
        assert app.current_meeting_id == ids[1]
        await pilot.press("G")
        assert app.current_meeting_id == ids[-1]
        assert meetings.cursor == len(ids) - 1
        await pilot.press("g")
        assert app.current_meeting_id == ids[0]
        await pilot.press("end")
        assert app.current_meeting_id == ids[-1]
        await pilot.press("home")
        assert app.current_meeting_id == ids[0]
        await pilot.press("pagedown")
        assert meetings.cursor > 5
        await pilot.press("pageup")
        assert meetings.cursor == 0
        await pilot.press("k")  # already at the top: stays
        assert meetings.cursor == 0
        meeting = newest_first(load_dataset(bundled_dataset()).meetings)[0]
        assert meeting.title in detail.plain_text


async def test_enter_and_tab_go_to_the_detail_pane_and_esc_back(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        meetings, detail, _ = _parts(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is detail
        before = detail.scroll_y
        await pilot.press("j", "j", "pagedown")
        assert detail.scroll_y > before
        await pilot.press("g")
        await pilot.pause()
        assert detail.scroll_y == 0
        await pilot.press("enter")
        assert app.focused is meetings
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is detail
        await pilot.press("escape")  # (tab in the detail pane goes to the next fact)
        assert app.focused is meetings
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        assert app.focused is meetings
        assert app.is_running


async def test_typing_a_query_filters_and_highlights(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        meetings, detail, search = _parts(app)
        total = meetings.row_count
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"gwadar")
        await pilot.pause()
        assert 0 < meetings.row_count < total
        assert search.status_text == f"{meetings.row_count} of {total} meetings"
        assert "gwadar" in detail.plain_text.lower()
        # Leaving the search keeps the query; esc in the list clears it.
        await pilot.press("escape")
        assert app.focused is meetings
        assert search.query_text == "gwadar"
        await pilot.press("escape")
        await pilot.pause()
        assert search.query_text == ""
        assert meetings.row_count == total


async def test_clearing_the_query_keeps_the_chosen_meeting(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        meetings, _, search = _parts(app)
        await pilot.press("slash", *"jwg", "enter", "j")
        chosen = app.current_meeting_id
        assert chosen is not None
        await pilot.press("escape")
        await pilot.pause()
        assert search.query_text == ""
        assert app.current_meeting_id == chosen
        assert meetings.highlighted_meeting is not None
        assert meetings.highlighted_meeting.id == chosen


async def test_a_misspelling_is_corrected_and_said_so(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        meetings, _, search = _parts(app)
        await pilot.press("slash", *"agricultre")
        await pilot.pause()
        assert meetings.row_count > 0
        assert "showing results for agriculture" in search.status_text


async def test_an_empty_result_says_so_and_offers_a_suggestion(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        meetings, detail, search = _parts(app)
        await pilot.press("slash", *"zzzqqq")
        await pilot.pause()
        assert meetings.row_count == 0
        assert search.status_text.startswith("0 of ")
        assert "No meetings match" in screen_text(app)
        assert detail.plain_text == "No meeting selected."
        # A "did you mean" for a query that nearly matches, accepted with enter.
        await pilot.press("ctrl+a", "ctrl+k", *"agricultre -agriculture gwadr")
        await pilot.pause()
        if "did you mean" in search.status_text:
            await pilot.press("enter")
            await pilot.pause()
            assert search.query_text != "agricultre -agriculture gwadr"
        assert app.is_running


async def test_a_broken_query_is_reported_inline(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        _, _, search = _parts(app)
        await pilot.press("slash")
        for query in ['"unclosed', "sector:nonsense", "date:2020..", "(", "-", "AND", "[/]"]:
            await pilot.press("ctrl+a", "ctrl+k", *query)
            await pilot.pause()
            assert app.is_running
        await pilot.press("ctrl+a", "ctrl+k", *'"unclosed')
        await pilot.pause()
        assert "⚠" in search.status_text
        assert app.is_running


async def test_clicking_a_row_selects_it(tui_env: TuiEnv) -> None:
    ids = _meetings()
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        meetings, detail, _ = _parts(app)
        await pilot.click(MeetingList, offset=(10, 3))
        await pilot.pause()
        assert app.current_meeting_id == ids[3]
        assert meetings.cursor == 3
        await pilot.click(MeetingList, offset=(10, 5), times=2)
        await pilot.pause()
        assert app.current_meeting_id == ids[5]
        assert app.focused is detail


async def test_help_screen_opens_and_closes(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(static.content) for static in app.screen.query(Static))
        for key in ("ctrl+p", "pgup / pgdn", "new note", "undo the last delete", "ctrl+s"):
            assert key in text
        assert "Keys" in screen_text(app)
        await pilot.press("n")  # not a new note: keys of the main screen are off here
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark", "q")
        assert not isinstance(app.screen, HelpScreen)
        assert app.is_running


async def test_command_palette_jumps_to_a_meeting(tui_env: TuiEnv) -> None:
    ids = _meetings()
    target = ids[-1]
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*target)
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        assert app.current_meeting_id == target


async def test_command_palette_jump_clears_a_search_that_hides_the_meeting(
    tui_env: TuiEnv,
) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        _, _, search = _parts(app)
        await pilot.press("slash", *"gwadar", "enter")
        engine = SearchEngine(load_dataset(bundled_dataset()))
        found = set(engine.search("gwadar").positions)
        hidden = next(m.id for i, m in enumerate(engine.meetings) if i not in found)
        app.jump_to_meeting(hidden)
        await pilot.pause()
        assert app.current_meeting_id == hidden
        assert search.query_text == ""


async def test_command_palette_lists_app_commands(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p", *"add a note")
        await pilot.pause(0.5)
        assert "Add a note to this meeting" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("ctrl+p", *"theme")
        await pilot.pause(0.5)
        assert "Change the current theme" in screen_text(app)
        await pilot.press("escape")
        assert app.is_running


async def test_q_quits(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_q_in_the_search_box_is_text(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("slash", "q", "n", "question_mark")
        assert app.is_running
        assert app.query_one(SearchBar).query_text == "qn?"


async def test_a_broken_dataset_exits_with_code_2_and_the_message(
    tui_env: TuiEnv, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = write(tmp_path, VALID.replace('country = "CN"', 'country = "XX"'))
    app = make_app(tui_env, data)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            if not app.is_running:
                break
    assert app.return_code == 2
    message = capsys.readouterr().err
    assert "Traceback" not in message
    assert "'XX' is not a known country" in message
    assert str(data) in message


async def test_a_missing_dataset_exits_with_code_2(tui_env: TuiEnv, tmp_path: Path) -> None:
    app = make_app(tui_env, tmp_path / "nope.toml")
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            if not app.is_running:
                break
    assert app.return_code == 2


async def test_a_small_dataset_from_tests_works(tui_env: TuiEnv, tmp_path: Path) -> None:
    app = make_app(tui_env, write(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        meetings, detail, _ = _parts(app)
        assert meetings.row_count == 2
        assert app.current_meeting_id == "jwg-icc-5"
        await pilot.press("j")
        text = detail.plain_text
        assert "Sun 21 Jan 2024" in text
        assert "confirmed by agreeing sources; ⚠ one report differs, see Conflicts" in text
        assert "Muhammad Syrus Sajjad Qazi — Foreign Secretary" in text
        assert "https://example.org/jwg-icc-4" in text
        assert "Agriculture" in text and "Countering disinformation" in text
        row = meetings.row_text(1)
        assert "⚠" in row and "21 Jan 2024" in row and "JWG-ICC 4" in row


async def test_clicking_a_source_url_opens_it(
    tui_env: TuiEnv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    app = make_app(tui_env, write(tmp_path))
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("j")
        detail = app.query_one(MeetingDetail)
        url = "https://example.org/jwg-icc-4"
        row = next(i for i, line in enumerate(detail.screen_lines) if url in line)
        detail.scroll_to(y=row, animate=False)
        await pilot.pause()
        column = detail.screen_lines[row].index(url)
        top = round(detail.scroll_y)
        await pilot.click(MeetingDetail, offset=(column + 3 + 2, row - top))  # + padding
        await pilot.pause()
        assert opened == [url]
        await pilot.click(MeetingDetail, offset=(3, 0))  # plain text: nothing opens
        assert opened == [url]
