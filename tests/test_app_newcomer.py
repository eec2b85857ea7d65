"""The browser's rough edges a newcomer meets first (issue: the newcomer's first hour)."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Static

from cpec_tui.app import CpecApp
from cpec_tui.screens.help import HelpScreen
from cpec_tui.search.registry import FILTERS
from cpec_tui.store.notes import NotesStore
from cpec_tui.widgets.meeting_list import MeetingList
from tests.tui_fixtures import TuiEnv, loaded, make_app, screen_text, tui_env

__all__ = ["tui_env"]


def _notifications(app: object) -> list[str]:
    # (Textual has no public list of the notifications shown.)
    return [notification.message for notification in app._notifications]  # type: ignore[attr-defined]


async def test_help_lists_the_search_syntax_and_reaches_its_end(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        texts = [str(static.content) for static in app.screen.query(Static)]
        for search_filter in FILTERS:
            assert search_filter.example.split(", ")[0] in texts, search_filter.name
        hint = app.screen.query_one("#help-close", Static)
        assert "more below" in str(hint.content)
        await pilot.press("end")
        await pilot.pause()
        body = app.screen.query_one("#help-body", VerticalScroll)
        assert body.scroll_y == body.max_scroll_y > 0
        assert "more below" not in str(hint.content)
        await pilot.press("home")
        await pilot.pause()
        assert body.scroll_y == 0


async def test_note_keys_with_no_note_say_why(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("e", "d", "u", "right_square_bracket")
        await pilot.pause()
        said = _notifications(app)
        assert "This meeting has no note to edit." in said
        assert "This meeting has no note to delete." in said
        assert "Nothing to undo." in said
        assert "This meeting has no note to choose between." in said


async def test_help_and_quit_stay_in_the_footer_at_80_columns(tui_env: TuiEnv) -> None:
    NotesStore(tui_env.notes).add("jcc-14", "first", [])
    NotesStore(tui_env.notes).add("jcc-14", "second", [])
    app = make_app(tui_env)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"jcc", "escape")
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "? Help" in footer and "q Quit" in footer, footer


async def test_the_search_box_completes_fields_and_values(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"sec")
        await pilot.pause(0.2)
        assert screen_text(app).splitlines()[0].strip() == "sector:"
        await pilot.press("right", *"agr")
        await pilot.pause(0.2)
        assert screen_text(app).splitlines()[0].strip() == "sector:agriculture"
        await pilot.press("right")
        await pilot.pause()
        assert app.browser.state.query == "sector:agriculture"


async def test_a_long_query_error_is_cut_visibly_and_shown_whole_in_the_list(
    tui_env: TuiEnv,
) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"date:2024..abc gwadar")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert lines[1].rstrip().endswith("…")
        listed = " ".join(line.strip() for line in lines[2:5])
        assert "use YYYY, YYYY-MM or YYYY-MM-DD." in listed
        assert app.query_one(MeetingList).row_count == 0


async def _palette_text(pilot: Pilot[None], app: CpecApp, typed: str, wanted: str) -> str:
    await pilot.press("ctrl+p", *typed)
    text = ""
    for _ in range(100):  # the palette fills its list in the background
        await pilot.pause(0.05)
        text = screen_text(app)
        if wanted in text:
            break
    await pilot.press("escape")
    return text


async def test_the_palette_lists_each_command_once(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        keys = await _palette_text(pilot, app, "keys", "search syntax")
        assert "Show keys" not in keys
        assert keys.count("Keys") == 1, "one Keys command: the ? help"
        theme = await _palette_text(pilot, app, "theme", "Change the current theme")
        assert "Change the current theme" in theme and "Switch theme" not in theme
