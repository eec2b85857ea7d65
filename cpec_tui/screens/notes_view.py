"""Every note across meetings, newest first: search them, pick a tag, open a note's meeting.

A full-screen view (registered in :mod:`cpec_tui.screens.views`). The filter box narrows the
list as the user types (:func:`cpec_tui.export.notes.filter_notes`: every word, in the note,
its tags or its meeting's label and title); the tag menu keeps the notes with one tag;
``enter`` on a note opens its meeting in the browser with that note selected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Select, Static
from textual.widgets.option_list import Option

from cpec_tui.export.notes import filter_notes, note_tags
from cpec_tui.present import format_time
from cpec_tui.text import format_date, one_line
from cpec_tui.widgets.safe_input import SafeInput

if TYPE_CHECKING:
    from cpec_tui.library import Library
    from cpec_tui.models import Note

PREVIEW = 300
"""How much of a note's text its row shows (the browser shows it all)."""


class NotesView(Screen[object]):
    """The user's notes on every meeting, newest first."""

    DEFAULT_CSS = """
    NotesView #notes-bar {
        height: auto;
        padding: 0 1;
    }
    NotesView #notes-filter {
        width: 1fr;
    }
    NotesView #notes-tag {
        width: 32;
    }
    NotesView #notes-count {
        padding: 0 2;
        color: $text-muted;
    }
    NotesView #notes-list {
        height: 1fr;
        border: none;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back to the browser"),
        Binding("ctrl+f", "focus_filter", "Filter", show=False),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self._shown: list[Note] = []

    def compose(self) -> ComposeResult:
        notes = self.library.notes.all if self.library.is_loaded else ()
        tags = note_tags(notes)
        with Horizontal(id="notes-bar"):
            yield SafeInput(placeholder="Filter notes: words, a meeting…", id="notes-filter")
            yield Select(
                [(Content(f"#{one_line(tag)}"), tag) for tag in tags],
                prompt="Any tag",
                id="notes-tag",
            )
        yield Static(Content(""), id="notes-count")
        yield OptionList(id="notes-list")
        yield Footer()

    def on_mount(self) -> None:
        self._refill()
        self.query_one("#notes-list", OptionList).focus()

    @property
    def shown(self) -> list[Note]:
        """The notes listed, in order (for tests)."""
        return list(self._shown)

    @on(SafeInput.Changed, "#notes-filter")
    @on(Select.Changed, "#notes-tag")
    def _refill(self) -> None:
        library = self.library
        notes = library.notes.all if library.is_loaded else ()
        tag = self.query_one("#notes-tag", Select).value
        text = self.query_one("#notes-filter", SafeInput).value
        summary_of = library.meetings.summary_of if library.is_loaded else (lambda _: None)
        self._shown = filter_notes(notes, text, tag if isinstance(tag, str) else None, summary_of)
        options = self.query_one("#notes-list", OptionList)
        options.clear_options()
        options.add_options(self._option(note) for note in self._shown)
        if self._shown:
            options.highlighted = 0
        total = len(notes)
        if not total:
            count = "No notes yet: press n on a meeting in the browser to write one."
        elif len(self._shown) == total:
            count = f"{total} note{'s' if total != 1 else ''}, newest first"
        else:
            count = f"{len(self._shown)} of {total} notes, newest first"
        self.query_one("#notes-count", Static).update(Content(count))

    def _option(self, note: Note) -> Option:
        summary = self.library.meetings.summary_of(note.meeting)
        if summary is None:
            about = f"{note.meeting} (no longer in the dataset)"
        else:
            about = f"{summary.label} · {summary.short_title} · {format_date(summary.date)}"
        tags = "".join(f"  #{tag}" for tag in note.tags)
        head = one_line(f"{format_time(note.created)} · {about}{tags}")
        text = one_line(note.text)
        if len(text) > PREVIEW:
            text = text[: PREVIEW - 1] + "…"
        prompt = Content.assemble((head, "bold"), "\n  ", text)
        return Option(prompt, id=note.id)

    @on(OptionList.OptionSelected, "#notes-list")
    def _opened(self, event: OptionList.OptionSelected) -> None:
        note = next((note for note in self._shown if note.id == event.option.id), None)
        if note is None:
            return
        from cpec_tui.screens.browser import BrowserScreen

        browser = self.app.screen_stack[0]
        self.app.pop_screen()
        if isinstance(browser, BrowserScreen):
            browser.show_note(note)

    @on(SafeInput.Submitted, "#notes-filter")
    def _filter_done(self) -> None:
        self.query_one("#notes-list", OptionList).focus()

    def action_focus_filter(self) -> None:
        self.query_one("#notes-filter", SafeInput).focus()

    def action_close(self) -> None:
        self.app.pop_screen()
