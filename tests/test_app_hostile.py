"""Untrusted text is only text: markup, escape sequences and oddities in the data and notes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual import events

from cpec_tui.store.notes import NotesStore
from cpec_tui.text import one_line, sanitize
from cpec_tui.widgets.meeting_detail import MeetingDetail
from cpec_tui.widgets.meeting_list import MeetingList
from cpec_tui.widgets.search_bar import SearchBar
from tests.tui_fixtures import (
    BIDI,
    CLEAR,
    CLICK,
    EMOJI,
    HOSTILE_NOTE,
    LONG_WORD,
    MARKUP,
    OSC52,
    STRAY,
    TuiEnv,
    assert_no_injection,
    loaded,
    make_app,
    screen_output,
    screen_text,
    tui_env,
    write_hostile,
)

__all__ = ["tui_env"]

SIZE = (120, 40)
KEYS = [
    "j", "k", "G", "g", "pagedown", "pageup", "enter", "j", "pagedown", "G", "escape",
    "tab", "tab", "question_mark", "escape", "left_square_bracket", "right_square_bracket",
]  # fmt: skip


async def test_hostile_strings_are_shown_literally(tui_env: TuiEnv, tmp_path: Path) -> None:
    app = make_app(tui_env, write_hostile(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        meetings = app.query_one(MeetingList)
        detail = app.query_one(MeetingDetail)
        assert app.current_meeting_id == "evil-1"
        text = detail.plain_text
        for literal in (MARKUP, CLICK, STRAY, "Chair [@click=app.quit]click[/]", LONG_WORD, EMOJI):
            assert literal in text
        # Escape sequences and bidi overrides are shown as visible symbols, never sent.
        assert sanitize(OSC52) in text and "␛]52;c;aGVsbG8=␇" in text
        assert sanitize(CLEAR) in text
        assert sanitize(BIDI) in text
        assert "\x1b" not in text and "\u202e" not in text
        row = meetings.row_text(0)
        assert MARKUP in row and CLICK in row and "␛" in row
        screen = screen_text(app)
        assert MARKUP in screen
        assert "[@click=app.quit]click[/]" in screen
        assert_no_injection(app)


@pytest.mark.slow  # a long end-to-end run: see tests/conftest.py
async def test_every_key_on_a_hostile_dataset_keeps_the_app_running(
    tui_env: TuiEnv, tmp_path: Path
) -> None:
    app = make_app(tui_env, write_hostile(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        for key in KEYS:
            await pilot.press(key)
            assert app.is_running, key
            assert_no_injection(app)
        # Clicking the [@click=app.quit] text does nothing: it is not an action.
        await pilot.click(MeetingList, offset=(40, 0))
        await pilot.click(MeetingDetail, offset=(5, 0))
        await pilot.click(MeetingDetail, offset=(20, 0))
        await pilot.pause()
        assert app.is_running
        for query in ("[bold]", "[@click=app.quit]", "[/]", "\x1b[2J", "click", OSC52):
            await pilot.press("slash", "ctrl+a", "ctrl+k")
            app.query_one(SearchBar).set_query(query)
            await pilot.pause()
            assert app.is_running
            assert_no_injection(app)
        status = app.query_one(SearchBar).status_text
        assert "\x1b" not in status


async def test_search_highlights_inside_hostile_text(tui_env: TuiEnv, tmp_path: Path) -> None:
    app = make_app(tui_env, write_hostile(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("slash", *"click")
        await pilot.pause()
        assert app.query_one(MeetingList).row_count >= 1
        assert app.current_meeting_id == "evil-1"
        assert CLICK in app.query_one(MeetingDetail).plain_text
        assert_no_injection(app)


async def test_unsafe_links_are_not_hyperlinks(tui_env: TuiEnv, tmp_path: Path) -> None:
    app = make_app(tui_env, write_hostile(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("enter", "G")
        await pilot.pause()
        output = screen_output(app)
        # The source URLs are terminal hyperlinks; text hiding an escape never makes one.
        links = {url for url in re.findall(r"\x1b\]8;[^;\x1b]*;([^\x1b]*)\x1b\\", output) if url}
        assert links == {"https://example.org/a?b=[c]", "https://example.org/x"}
        assert "\x1b]8;;evil" not in output
        assert "Headline ␛]8;;evil␛\\" in app.query_one(MeetingDetail).plain_text


async def test_hostile_notes_are_shown_literally(tui_env: TuiEnv, tmp_path: Path) -> None:
    store = NotesStore(tui_env.notes)
    store.add("evil-1", HOSTILE_NOTE + "\nsecond line " + LONG_WORD, ["[bold]tag[/]", "ok"])
    app = make_app(tui_env, write_hostile(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        meetings = app.query_one(MeetingList)
        detail = app.query_one(MeetingDetail)
        assert meetings.row_text(0).startswith("✎")
        text = detail.plain_text
        assert "Your notes" in text
        assert one_line(HOSTILE_NOTE.split(" ", 1)[1][:20]) in text
        assert MARKUP in text and CLICK in text and "#[bold]tag[/]" in text
        assert "second line" in text
        await pilot.press("enter", "G")
        await pilot.pause()
        assert_no_injection(app)
        # Editing shows the raw text in the editor (it is text there too) and survives.
        await pilot.press("escape", "e")
        await pilot.pause()
        assert_no_injection(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


async def test_hostile_notification_text_is_not_markup(tui_env: TuiEnv, tmp_path: Path) -> None:
    notes = tui_env.notes
    notes.parent.mkdir(parents=True, exist_ok=True)
    notes.write_text('version = 1\n[[notes]]\nid = "[@click=app.quit]x[/]"\n', encoding="utf-8")
    app = make_app(tui_env, write_hostile(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.pause()
        assert app.is_running
        assert_no_injection(app)


async def test_pasted_escape_sequences_are_shown_not_sent(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("slash")
        app.post_message(events.Paste(f"gwadar{OSC52}{CLEAR}"))
        await pilot.pause()
        assert app.query_one(SearchBar).query_text == f"gwadar{one_line(OSC52)}{one_line(CLEAR)}"
        assert_no_injection(app)
        await pilot.press("escape", "escape", "n")  # leave and clear the search, new note
        await pilot.pause()
        app.post_message(events.Paste(f"note {OSC52}\nline {CLEAR} {BIDI}"))
        await pilot.pause()
        assert_no_injection(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = NotesStore(tui_env.notes).load()
        assert [note.text for note in saved] == [
            f"note {sanitize(OSC52)}\nline {sanitize(CLEAR)} {sanitize(BIDI)}"
        ]
        assert_no_injection(app)
