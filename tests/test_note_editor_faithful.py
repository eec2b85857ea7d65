"""The note editor saves what the user wrote: line breaks as line breaks, the rest untouched."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual import events
from textual.app import App
from textual.widgets import TextArea

from cpec_tui.screens.note_editor import NoteEditor
from cpec_tui.text import keep_original, normalize_newlines, sanitize

STORED = "first\r\nsecond \x1b[31mred\x1b[0m\rlone CR\u200b"


class _Host(App[None]):
    """Just enough app to open the editor on ``text`` and record what it saves."""

    def __init__(self, text: str = "", tags: str = "") -> None:
        super().__init__()
        self.saved: list[tuple[str, list[str]]] = []
        self.closed_with: list[object] = []
        self._text, self._tags = text, tags

    def on_mount(self) -> None:
        editor = NoteEditor(
            "heading", lambda text, tags: self.saved.append((text, tags)), text=self._text
        )
        self.push_screen(editor, self.closed_with.append)


def _area(app: App[None]) -> TextArea:
    return app.screen.query_one("#note-text", TextArea)


def test_normalize_newlines() -> None:
    assert normalize_newlines("a\r\nb\rc\nd\r\r\n") == "a\nb\nc\nd\n\n"


def test_keep_original_restores_what_was_not_touched() -> None:
    shown = sanitize(STORED)
    assert keep_original(STORED, shown) == STORED
    edited = shown.replace("second", "2nd") + " more"
    assert keep_original(STORED, edited) == STORED.replace("second", "2nd") + " more"
    # What the user deleted stays deleted, even a character shown as a glyph.
    assert keep_original("a\x1bb", "ab") == "ab"


@given(
    st.text(st.characters(blacklist_characters="xyz")),
    st.integers(0, 50),
    st.text("xyz", max_size=5),
)
def test_keep_original_keeps_everything_outside_an_insertion(
    original: str, at: int, typed: str
) -> None:
    shown = sanitize(original)
    at = min(at, len(shown))
    edited = shown[:at] + typed + shown[at:]
    kept = keep_original(original, edited)
    assert "".join(char for char in kept if char not in "xyz") == original


@pytest.mark.parametrize("paste", ["one\rtwo\rthree", "one\r\ntwo\r\nthree", "one\ntwo\nthree"])
async def test_a_paste_with_cr_line_breaks_is_lines(paste: str) -> None:
    app = _Host()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.screen.post_message(events.Paste(paste))
        await pilot.pause()
        assert _area(app).text == "one\ntwo\nthree"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.saved == [("one\ntwo\nthree", [])]


async def test_saving_an_unchanged_note_saves_nothing() -> None:
    app = _Host(STORED)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert _area(app).text == sanitize(STORED)
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.saved == []
    assert app.closed_with == [None]  # closed, nothing saved


async def test_an_edit_keeps_the_stored_characters_it_did_not_touch() -> None:
    app = _Host(STORED)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press(*" and more")  # the cursor starts at the end
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.saved == [(STORED + " and more", [])]


def test_invisible_characters_are_shown() -> None:
    for char in "\u200b\u200e\u200f\u2060\u2066\u202e\ufeff\u00ad\u2028":
        assert sanitize(f"a{char}b") == "a\ufffdb", repr(char)
    # Joiners shape scripts and emoji: kept.
    joined = "\U0001f469\u200d\U0001f467 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    assert sanitize(joined) == joined
