"""The note editor: a modal with the note's text and its tags, saved with ``ctrl+s``.

Saving is done by a callback the screen supplies, so the editor does not know about files.
It runs in a worker thread (a save can wait seconds on another writer's lock) while the
editor says "Saving…" and refuses a second save; if the callback raises (a corrupt notes
file, a full disk, a read-only location) the reason is shown here and the editor stays open
with the text intact, so nothing typed is lost.

The editor shows the note sanitised, but saves what the user wrote: a note saved with no
change is not saved at all, and an edit keeps every character the user did not touch as
it is stored (:func:`~cpec_tui.text.keep_original`), so a stored ``\\r\\n`` or ESC is
never replaced by the space or glyph shown for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static, TextArea

from cpec_tui.screens.confirm import ConfirmScreen
from cpec_tui.store.errors import NotesError
from cpec_tui.store.notes import split_tags
from cpec_tui.text import keep_original, one_line, sanitize
from cpec_tui.widgets.safe_input import SafeInput
from cpec_tui.widgets.safe_text_area import SafeTextArea

if TYPE_CHECKING:
    from cpec_tui.models import Note

SaveNote = Callable[[str, list[str]], "Note"]
"""Saves ``(text, tags)`` and returns the note saved; raises :class:`NotesError` or
:class:`ValueError` to refuse. Called in a worker thread."""


class NoteEditor(ModalScreen["Note | None"]):
    """Edit one note; dismisses with the note once saved, None if closed without saving."""

    DEFAULT_CSS = """
    NoteEditor {
        align: center middle;
    }
    #note-dialog {
        width: 90;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        border: round $primary;
        background: $surface;
    }
    #note-heading {
        text-style: bold;
        margin-bottom: 1;
    }
    #note-text {
        height: 12;
        min-height: 3;
    }
    #note-tags {
        margin-top: 1;
    }
    #note-error {
        display: none;
        color: $text-error;
        margin-top: 1;
        height: auto;
        max-height: 6;
    }
    #note-error.-shown {
        display: block;
    }
    #note-buttons {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    #note-buttons Button, #confirm-buttons Button {
        margin-left: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, heading: str, save: SaveNote, *, text: str = "", tags: str = "") -> None:
        super().__init__()
        self._heading = heading
        self._save = save
        self._original = text
        # What the editor shows is sanitized; compare against that, not the raw note.
        self._initial = (sanitize(text), one_line(tags))
        self._saving = False

    def compose(self) -> ComposeResult:
        text, tags = self._initial
        with Vertical(id="note-dialog"):
            yield Static(Content(one_line(self._heading)), id="note-heading")
            yield SafeTextArea(text, id="note-text", soft_wrap=True, show_line_numbers=False)
            yield SafeInput(
                tags,
                placeholder="tags, separated by commas (optional)",
                id="note-tags",
                compact=True,
            )
            yield Static(Content(""), id="note-error")
            with Horizontal(id="note-buttons"):
                yield Button(Content("Save (ctrl+s)"), id="note-save", variant="primary")
                yield Button(Content("Close (esc)"), id="note-close")

    def on_mount(self) -> None:
        area = self.query_one("#note-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def dirty(self) -> bool:
        """Whether the text or tags differ from what the editor opened with."""
        return self._values() != self._initial

    @property
    def saving(self) -> bool:
        """Whether a save is under way (the editor waits for it before closing)."""
        return self._saving

    def action_save(self) -> None:
        if self._saving:
            return
        text, tags_text = self._values()
        if not text.strip():
            self._show_error("A note needs some text: type it above, or press esc to close.")
            return
        if not self.dirty:  # nothing to save: the note stays exactly as it is stored
            self.dismiss(None)
            return
        try:
            tags = split_tags(tags_text)
        except ValueError as error:
            self._show_error(f"Not saved: {error}")
            return
        self._saving = True
        self._show_error("Saving…")
        self._save_in_worker(keep_original(self._original, text), tags)

    @work(thread=True, exclusive=True, group="note-save")
    def _save_in_worker(self, text: str, tags: list[str]) -> None:
        try:
            note = self._save(text, tags)
        except (NotesError, ValueError) as error:
            self.app.call_from_thread(self._not_saved, f"Not saved: {error}")
            return
        self.app.call_from_thread(self.dismiss, note)

    def _not_saved(self, message: str) -> None:
        self._saving = False
        self._show_error(message)

    def action_close(self) -> None:
        if self._saving:
            self.notify("Wait: the note is being saved.", markup=False)
            return
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(Content("Discard this unsaved note?"), yes="Discard", no="Keep editing"),
            answered,
        )

    @on(Button.Pressed, "#note-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#note-close")
    def _close_pressed(self) -> None:
        self.action_close()

    def _values(self) -> tuple[str, str]:
        text = self.query_one("#note-text", TextArea).text
        tags = self.query_one("#note-tags", Input).value
        return text, tags

    def _show_error(self, message: str) -> None:
        error = self.query_one("#note-error", Static)
        error.update(Content(sanitize(message)))
        error.add_class("-shown")
