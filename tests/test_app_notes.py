"""Notes in the browser: write, see, search, edit, delete and undo, all from the keyboard."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from textual.widgets import TextArea

from cpec_tui.app import CpecApp
from cpec_tui.paths import bundled_dataset
from cpec_tui.screens.confirm import ConfirmScreen
from cpec_tui.screens.note_editor import NoteEditor
from cpec_tui.store.notes import NotesStore
from cpec_tui.widgets.meeting_detail import MeetingDetail
from cpec_tui.widgets.meeting_list import MeetingList
from cpec_tui.widgets.search_bar import SearchBar
from tests.tui_fixtures import TuiEnv, loaded, make_app, screen_text, tui_env

__all__ = ["tui_env"]

SIZE = (120, 40)
WORD = "zanzibarium"


def _error_text(app: object) -> str:
    from textual.app import App
    from textual.widgets import Static

    assert isinstance(app, App)
    return str(app.screen.query_one("#note-error", Static).content)


def _notifications(app: CpecApp) -> list[str]:
    # (Textual has no public list of the notifications shown.)
    return [notification.message for notification in app._notifications]


async def test_write_see_search_edit_delete_and_undo_a_note(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        meetings, detail, search = (
            app.query_one(MeetingList),
            app.query_one(MeetingDetail),
            app.query_one(SearchBar),
        )
        await pilot.press("j")
        meeting_id = app.current_meeting_id
        assert meeting_id is not None
        assert not meetings.row_text(1).startswith("✎")

        # Write.
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*f"Check the {WORD} figures", "enter", *"second line")
        await pilot.press("tab", *"follow up, energy")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NoteEditor)
        notes = NotesStore(tui_env.notes).load()
        assert len(notes) == 1
        note = notes[0]
        assert note.meeting == meeting_id
        assert note.text == f"Check the {WORD} figures\nsecond line"
        assert note.tags == ["follow up", "energy"]

        # See it: in the detail pane, and the list marks the meeting.
        text = detail.plain_text
        assert "Your notes" in text
        assert f"Check the {WORD} figures" in text and "second line" in text
        assert "#follow up" in text and "#energy" in text
        assert meetings.row_text(1).startswith("✎")

        # Search it: the note's word finds the meeting at once.
        await pilot.press("slash", *WORD)
        await pilot.pause()
        assert meetings.row_count == 1
        assert app.current_meeting_id == meeting_id
        assert search.status_text.startswith("1 of ")
        await pilot.press("escape")  # back to the list, query kept

        # Edit it.
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        area = app.screen.query_one(TextArea)
        assert area.text == note.text
        await pilot.press("end", *" (edited)")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NoteEditor)
        assert "second line (edited)" in detail.plain_text
        assert NotesStore(tui_env.notes).load()[0].text.endswith("(edited)")

        # Delete it, after confirming.
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert NotesStore(tui_env.notes).load() == []
        assert "Your notes" not in detail.plain_text
        assert "Note deleted — press u to undo." in _notifications(app)
        assert meetings.row_count == 0  # the query no longer matches anything

        # Undo.
        await pilot.press("u")
        await pilot.pause()
        restored = NotesStore(tui_env.notes).load()
        assert [n.id for n in restored] == [note.id]
        assert meetings.row_count == 1
        assert app.current_meeting_id == meeting_id
        assert "second line (edited)" in detail.plain_text
        await pilot.press("u")  # nothing left to undo: harmless
        assert app.is_running


async def test_declining_a_delete_keeps_the_note(tui_env: TuiEnv) -> None:
    NotesStore(tui_env.notes).add("jcc-14", "keep me", [])
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.current_meeting_id == "jcc-14"
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert len(NotesStore(tui_env.notes).load()) == 1
        assert "keep me" in app.query_one(MeetingDetail).plain_text


async def test_closing_the_editor_asks_before_discarding(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("escape")  # nothing typed: closes at once
        await pilot.pause()
        assert not isinstance(app.screen, NoteEditor)
        await pilot.press("n", *"unsaved words", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == "unsaved words"
        await pilot.press("escape", "y")
        await pilot.pause()
        assert not isinstance(app.screen, NoteEditor)
        assert NotesStore(tui_env.notes).load() == []


async def test_an_empty_note_is_refused(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "space", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        assert "needs some text" in _error_text(app)
        assert NotesStore(tui_env.notes).load() == []


async def test_a_save_error_keeps_the_editor_open_with_the_text(
    tui_env: TuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr("cpec_tui.store.notes.atomic_write", disk_full)
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", *"precious words", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        error = _error_text(app)
        assert error.startswith("Not saved:")
        assert "cannot save notes" in error and "No space left on device" in error
        assert app.screen.query_one(TextArea).text == "precious words"
        await pilot.press("escape", "y")
        await pilot.pause()
        assert app.is_running


async def test_an_unreadable_notes_location_is_reported(tui_env: TuiEnv, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("I am a file")
    app = CpecApp(data_path=bundled_dataset(), notes_path=blocker / "notes.toml")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert "Notes are read-only" in screen_text(app)
        await pilot.press("j", "n")
        assert not isinstance(app.screen, NoteEditor)
        assert app.is_running


async def test_a_corrupt_notes_file_warns_browses_and_refuses_to_save(tui_env: TuiEnv) -> None:
    tui_env.notes.parent.mkdir(parents=True, exist_ok=True)
    original = b'version = 1\n\n[[notes]]\nid = "a"\nmeeting = "jcc-14"\ncreated = "oops"\n'
    tui_env.notes.write_bytes(original)
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        text = screen_text(app)
        assert "Notes are read-only" in text
        assert f"{tui_env.notes}:" in str(app.query_one("#banner").content)  # type: ignore[attr-defined]
        assert ":6" in str(app.query_one("#banner").content)  # type: ignore[attr-defined]
        await pilot.press("j", "k", "slash", *"gwadar", "escape")
        assert app.query_one(MeetingList).row_count > 0
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, NoteEditor)
        assert any("Notes cannot be saved" in text for text in _notifications(app))
    assert tui_env.notes.read_bytes() == original


async def test_notes_saved_elsewhere_appear_without_restart(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.current_meeting_id == "jcc-14"
        NotesStore(tui_env.notes).add("jcc-14", "written by the CLI", ["cli"])
        for _ in range(40):
            await pilot.pause(0.1)
            if "written by the CLI" in app.query_one(MeetingDetail).plain_text:
                break
        assert "written by the CLI" in app.query_one(MeetingDetail).plain_text
        assert app.query_one(MeetingList).row_text(0).startswith("✎")


async def test_brackets_select_a_note_to_edit_and_delete(tui_env: TuiEnv) -> None:
    store = NotesStore(tui_env.notes)
    older = store.add("jcc-14", "the older note", [])
    newer = store.add("jcc-14", "the newer note", [])
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        detail = app.query_one(MeetingDetail)
        lines = detail.plain_text.splitlines()
        header = next(line for line in lines if newer.id in line)
        assert header.lstrip().startswith("▶")  # the newest is selected first
        await pilot.press("right_square_bracket")
        lines = detail.plain_text.splitlines()
        assert next(line for line in lines if older.id in line).lstrip().startswith("▶")
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one(TextArea).text == "the older note"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("left_square_bracket", "d", "y")
        await pilot.pause()
        assert [n.id for n in store.load()] == [older.id]


async def test_the_detail_pane_jumps_to_a_matching_note(tui_env: TuiEnv) -> None:
    NotesStore(tui_env.notes).add("jcc-14", f"a {WORD} note", [])
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        detail = app.query_one(MeetingDetail)
        await pilot.press("slash", *WORD)
        await pilot.pause()
        assert detail.scroll_y > 0  # the note is at the end of a long record
        shown = detail.scroll_y
        await pilot.press("escape", "d", "y")
        await pilot.pause()
        assert detail.plain_text == "No meeting selected."
        await pilot.press("u")  # back from an empty pane: still jumps to the match
        await pilot.pause()
        assert detail.scroll_y == shown


async def test_a_save_waiting_on_another_writers_lock_never_freezes_the_screen(
    tui_env: TuiEnv,
) -> None:
    from filelock import FileLock

    lock = FileLock(str(NotesStore(tui_env.notes).lock_path))
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        with lock:  # another writer holds the notes file
            await pilot.press("n", *"patient words", "ctrl+s")
            await pilot.pause(0.3)
            editor = app.screen
            assert isinstance(editor, NoteEditor)
            assert editor.saving
            assert _error_text(app) == "Saving…"
            await pilot.press("escape")  # refused while saving: the text is not dropped
            await pilot.pause()
            assert app.screen is editor
            assert "Wait: the note is being saved." in _notifications(app)
        for _ in range(200):  # the lock is free: the save goes through
            await pilot.pause(0.05)
            if not isinstance(app.screen, NoteEditor):
                break
        assert not isinstance(app.screen, NoteEditor)
        assert [note.text for note in NotesStore(tui_env.notes).load()] == ["patient words"]
        assert "patient words" in app.query_one(MeetingDetail).plain_text
