"""The browser: search on top, meetings on the left, the highlighted meeting on the right.

The main screen of the app. It owns its keys and its look, and one :class:`BrowserState`
(query, current meeting, selected note, undo): each event replaces the state through a
transition, and the widgets are told what to show from it. Widgets report what the user did
through messages (the cursor moved, a pane was opened or closed) or, for the query, a reactive
the screen watches (so a keystroke is answered within its own frame).

Everything the screen shows comes from the :class:`~cpec_tui.library.Library`; whatever
touches a file (saving, deleting or re-reading notes) runs in a worker thread, so a notes
file locked by another writer never freezes the screen.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from cpec_tui.browser_state import BrowserState
from cpec_tui.screens.confirm import ConfirmScreen
from cpec_tui.store.errors import NotesError
from cpec_tui.text import one_line, sanitize
from cpec_tui.widgets.facets_pane import FacetsPane
from cpec_tui.widgets.meeting_detail import MeetingDetail, MeetingView
from cpec_tui.widgets.meeting_list import EmptyState, MeetingList
from cpec_tui.widgets.search_bar import SearchBar

if TYPE_CHECKING:  # imported by the loading thread (the first frame must not wait for them)
    from cpec_tui.library import Library
    from cpec_tui.meetings import MeetingSummary
    from cpec_tui.models import Meeting, Note
    from cpec_tui.screens.export_dialog import ExportRequest
    from cpec_tui.search import SearchResult, Spans
    from cpec_tui.views.facets import FacetIndex

NARROW_WIDTH = 100
"""Below this many columns the panes stack: the list, and the detail full screen on enter."""

NOTES_POLL_SECONDS = 2.0


class BrowserScreen(Screen[None]):
    """Browse, search and annotate the meetings of a library."""

    DEFAULT_CSS = """
    BrowserScreen {
        layout: vertical;
    }
    BrowserScreen #banner {
        display: none;
        height: auto;
        max-height: 3;
        padding: 0 1;
        background: $warning-muted;
        color: $text-warning;
    }
    BrowserScreen #banner.-shown {
        display: block;
    }
    BrowserScreen #body {
        height: 1fr;
    }
    /* Narrow terminals: one pane at a time; enter opens the meeting full screen. */
    BrowserScreen.-narrow #body {
        layout: vertical;
    }
    BrowserScreen.-narrow MeetingList {
        width: 100%;
        min-width: 0;
        border-right: none;
    }
    BrowserScreen.-narrow MeetingDetail {
        display: none;
        padding: 0 1;
    }
    BrowserScreen.-narrow #body.-detail-open MeetingList {
        display: none;
    }
    BrowserScreen.-narrow #body.-detail-open MeetingDetail {
        display: block;
    }
    BrowserScreen #facets {
        display: none;
    }
    BrowserScreen #body.-facets #facets {
        display: block;
    }
    BrowserScreen.-narrow #body.-facets {
        layout: horizontal;
    }
    BrowserScreen.-narrow #body.-facets MeetingList {
        width: 1fr;
    }
    BrowserScreen.-narrow #body.-detail-open #facets {
        display: none;
    }
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_WIDTH, "-wide")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search"),
        Binding("n", "new_note", "New note"),
        # Listed in ? help, not the footer (the keys a newcomer needs most must fit at 80
        # columns); pressed with nothing to act on, each says why.
        Binding("e", "edit_note", "Edit note", show=False),
        Binding("d", "delete_note", "Delete note", show=False),
        Binding("u", "undo_delete", "Undo delete", show=False),
        Binding("left_square_bracket", "previous_note", "Previous note", show=False),
        Binding("right_square_bracket", "next_note", "Next note", show=False),
        Binding("escape", "clear_search", "Clear search", show=False),
        # reading and citing
        Binding("x", "export", "Export"),
        Binding("y", "copy_markdown", "Copy as Markdown", show=False),
        # -- across meetings (c, compare with the marked one, is the compare view's key) --
        Binding("m", "mark", "Mark", show=False),
        Binding("p", "compare_previous", "Vs previous round", show=False),
        Binding("o", "next_order", "Order", show=False),
        Binding("f", "toggle_facets", "Facets", show=False),
    ]

    class MeetingShown(Message):
        """Another meeting is in the detail pane (the app remembers it for the next run)."""

        def __init__(self, meeting_id: str) -> None:
            self.meeting_id = meeting_id
            super().__init__()

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.state = BrowserState()
        self._result: SearchResult | None = None
        self._notes_problem: str | None = None
        self._keys_state: tuple[bool, ...] = ()
        self._facet_index: FacetIndex | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="banner")
        yield SearchBar(id="search")
        with Horizontal(id="body"):
            yield MeetingList(id="meetings")
            yield FacetsPane(id="facets")
            yield MeetingDetail(id="detail")
        yield Footer()

    @property
    def _list(self) -> MeetingList:
        return self.query_one("#meetings", MeetingList)

    @property
    def _detail(self) -> MeetingDetail:
        return self.query_one("#detail", MeetingDetail)

    @property
    def _search(self) -> SearchBar:
        return self.query_one("#search", SearchBar)

    @property
    def is_loaded(self) -> bool:
        """Whether the library is loaded and shown (the loading indicator is gone)."""
        return self._result is not None

    def on_mount(self) -> None:
        self._list.loading = True
        self._detail.loading = True
        self._search.show_status(Content(f"Loading {one_line(str(self.library.data_path))}…"))
        self.watch(self, "focused", self._focus_changed)
        self.watch(self._search, "query_text", self._query_changed, init=False)
        self.set_interval(NOTES_POLL_SECONDS, self._poll_notes)

    # -- loading --------------------------------------------------------------------------

    def show_progress(self, step: str) -> None:
        """Say in the list what the loading thread is doing."""
        if not self.is_loaded:
            self._list.loading_message = step

    def library_loaded(self, start: str | None) -> None:
        """The library is loaded: fill the panes, on meeting ``start`` if it still exists."""
        library = self.library
        self._list.set_meetings(library.meetings)
        self._list.set_noted(library.notes.noted)
        self._show_notes_problem(library.notes.problem)
        self._list.loading = False
        self._detail.loading = False
        if self.focused is None:  # unless the user went to the search while loading
            self._list.focus()
        if start is not None and library.meetings.position(start) is None:
            start = None
        self._run_search(self._search.query_text, prefer=start)

    # -- searching ------------------------------------------------------------------------

    def _query_changed(self, query: str) -> None:
        """Answer an edit of the query within the keystroke's frame (see SearchBar.query_text)."""
        self._run_search(query)

    @on(SearchBar.Submitted)
    def _query_submitted(self) -> None:
        suggestion = self._suggestion()
        if suggestion is not None:
            self._search.set_query(suggestion)
        else:
            self._list.focus()

    @on(SearchBar.Left)
    def _search_left(self) -> None:
        self._list.focus()

    @on(MeetingList.SuggestionChosen)
    def _suggestion_chosen(self, event: MeetingList.SuggestionChosen) -> None:
        self._search.set_query(event.suggestion)

    def _suggestion(self) -> str | None:
        """The query to try instead, when the current one found nothing or is broken."""
        result = self._result
        if result is None:
            return None
        fixed = getattr(result.error, "fixed_query", None) if result.error else None
        if isinstance(fixed, str) and fixed:
            return fixed
        if not len(result) and result.did_you_mean:
            return result.did_you_mean
        return None

    def _run_search(self, query: str, *, prefer: str | None = None) -> None:
        """Search, refill the list (O(visible rows)) and show the highlighted meeting.

        ``prefer`` is the meeting to keep the cursor on; by default the state's: the one being
        read when a search is cleared, the best hit of a new search.
        """
        if not self.library.is_loaded:
            return
        self.state, back = self.state.with_query(query)
        prefer = prefer or back
        engine = self.library.engine
        result = engine.search(query).ordered(self.state.order)
        self._result = result
        rows: Sequence[int] = result.positions
        cursor = 0
        if prefer is not None:
            position = engine.position(prefer)
            if position is not None:
                cursor = _row_of(rows, position) or 0
        searching = self.state.searching
        if result.error is not None:  # whole here: the status line may have to cut it
            reason = f"⚠ {result.error.message}"
        elif searching:
            reason = "No meetings match this search."
        else:
            reason = "The dataset has no meetings."
        empty = EmptyState(reason, self._suggestion())
        self._list.show(
            rows,
            query_key=query,
            spans_of=_row_spans(result) if searching else None,
            cursor=cursor,
            empty=empty,
        )
        self._show_status()  # (before the detail: the status is painted in the same frame)
        self._show_current()
        self.state = self.state.landed_on(self.state.current)
        self._show_facets()

    # -- the highlighted meeting ----------------------------------------------------------

    @on(MeetingList.Highlighted)
    def _highlighted(self) -> None:
        # A cursor move still queued while the app shuts down has nothing left to show.
        with contextlib.suppress(NoMatches):
            self._show_current()

    def _at_cursor(self) -> BrowserState:
        """The state with the list's cursor as the current meeting (the list is where the
        user is: a key may arrive before the list's message saying it moved)."""
        meeting_id = self._list.highlighted_id
        self.state = self.state.at(meeting_id, self._notes_of(meeting_id))
        return self.state

    def _show_current(self) -> None:
        """Bring the detail pane and the keys up to date with the list's cursor."""
        before = self.state.current
        state = self._at_cursor()
        if state.current != before and state.current is not None:
            self.post_message(self.MeetingShown(state.current))
        if state.marked is not None and state.current != before:
            self._show_status()  # ("marked" names the current meeting, or not)
        self._refresh_detail()
        self._refresh_keys()

    def _notes_of(self, meeting_id: str | None) -> tuple[Note, ...]:
        if meeting_id is None or not self.library.is_loaded:
            return ()
        return self.library.notes.of(meeting_id)

    def _selected(self) -> Note | None:
        state = self.state
        notes = self._notes_of(state.current)
        return next((note for note in notes if note.id == state.selected_note), None)

    def _refresh_keys(self) -> None:
        """Update the footer only when a key's availability changed (it costs a repaint)."""
        keys = (bool(self.state.query),)
        if keys != self._keys_state:
            self._keys_state = keys
            self.refresh_bindings()

    def meeting(self, meeting_id: str | None) -> Meeting | None:
        """The meeting with this id (read from the packed dataset if need be), or None."""
        if meeting_id is None or not self.library.is_loaded:
            return None
        return self.library.meeting(meeting_id)

    def _refresh_detail(self) -> None:
        state = self.state
        meeting = self.meeting(state.current)
        if meeting is None:
            self._detail.show(None)
            return
        result = self._result
        searching = state.searching and result is not None
        self._detail.show(
            MeetingView(
                meeting=meeting,
                sources=self.library.sources,
                notes=list(self._notes_of(meeting.id)),
                spans_of=result.spans if searching and result is not None else None,
                query_key=state.query if searching else None,
                selected_note=state.selected_note,
                title_of=self._title_of,
            ),
            keep_scroll=False,
        )

    def _title_of(self, meeting_id: str) -> str | None:
        summary = self.library.meetings.summary_of(meeting_id)
        return summary.title if summary is not None else None

    def jump_to_meeting(self, meeting_id: str) -> None:
        """Select ``meeting_id``; a search that hides it is cleared, and the user told so."""
        if not self.library.is_loaded:
            return
        position = self.library.meetings.position(meeting_id)
        if position is None:
            return
        result = self._result
        row = _row_of(result.positions, position) if result else None
        if row is None:
            self._run_search("", prefer=meeting_id)
            self._search.set_query("")
            self.notify("The search hid that meeting: it was cleared.", markup=False)
        else:
            self._list.move_to(row)
        self._list.focus()

    def show_note(self, note: Note) -> None:
        """Show the meeting of ``note`` with the note selected and in view (the notes view)."""
        self.jump_to_meeting(note.meeting)
        if self._at_cursor().current == note.meeting:
            self.state = self.state.with_selected(note.id)
            self._refresh_detail()
            self._refresh_keys()
            self.call_after_refresh(self._detail.scroll_to_selected_note)

    def palette_meetings(self) -> Sequence[MeetingSummary]:
        """Meetings the command palette can jump to, newest first."""
        return self.library.meetings.summaries if self.library.is_loaded else ()

    # -- panes and focus ------------------------------------------------------------------

    @on(MeetingList.Opened)
    def _open_detail(self) -> None:
        self.query_one("#body").add_class("-detail-open")
        self.call_after_refresh(self._detail.focus)

    @on(MeetingDetail.Closed)
    def _close_detail(self) -> None:
        self.query_one("#body").remove_class("-detail-open")
        self._list.focus()

    def _focus_changed(self, focused: Widget | None) -> None:
        if focused is not None:
            self.query_one("#body").set_class(focused is self._detail, "-detail-open")

    # -- notes: shown --------------------------------------------------------------------

    def _show_notes_problem(self, problem: str | None) -> None:
        banner = self.query_one("#banner", Static)
        changed = problem != self._notes_problem
        self._notes_problem = problem
        if problem is None:
            banner.remove_class("-shown")
            banner.update(Content(""))
            return
        banner.update(Content(f"⚠ Notes are read-only: {sanitize(problem)}"))
        banner.add_class("-shown")
        if changed:
            self.notify(
                sanitize(problem),
                title="Notes file problem",
                severity="warning",
                timeout=10,
                markup=False,
            )

    def _notes_reloaded(self, select: str | None = None) -> None:
        """The notes changed (here or elsewhere): show them, keeping the same meeting."""
        self._show_notes_problem(self.library.notes.problem)
        self._list.set_noted(self.library.notes.noted)
        if select is not None:
            self.state = self.state.with_selected(select)
        self._run_search(self.state.query, prefer=self.state.current)

    def _poll_notes(self) -> None:
        """Pick up notes saved by another cpec-tui or the CLI, without a restart."""
        if self.library.is_loaded and self.library.notes.changed_on_disk():
            self._reload_notes()

    @work(thread=True, exclusive=True, group="notes-read")
    def _reload_notes(self) -> None:
        self.library.notes.reload()
        self.app.call_from_thread(self._notes_reloaded)

    # -- notes: changed (in workers: a save may wait on another writer's lock) -------------

    def action_new_note(self) -> None:
        meeting = self.meeting(self._at_cursor().current)
        if meeting is None:
            self.notify("Select a meeting first.", severity="warning", markup=False)
            return
        problem = self.library.notes.problem
        if problem is not None:
            message = f"Notes cannot be saved: {sanitize(problem)}"
            self.notify(message, severity="error", markup=False)
            return
        from cpec_tui.screens.note_editor import NoteEditor

        notes = self.library.notes
        self.app.push_screen(
            NoteEditor(
                f"New note on {meeting.label} · {meeting.short_title}",
                partial(notes.add, meeting.id),
            ),
            self._note_saved,
        )

    def action_edit_note(self) -> None:
        self._at_cursor()
        note = self._selected()
        meeting = self.meeting(self.state.current)
        if note is None or meeting is None:
            self.notify("This meeting has no note to edit.", severity="warning", markup=False)
            return
        from cpec_tui.screens.note_editor import NoteEditor

        self.app.push_screen(
            NoteEditor(
                f"Edit note {note.id} on {meeting.label} · {meeting.short_title}",
                partial(self._save_edited, note.id),
                text=note.text,
                tags=", ".join(note.tags),
            ),
            self._note_saved,
        )

    def _save_edited(self, note_id: str, text: str, tags: list[str]) -> Note:
        try:
            return self.library.notes.update(note_id, text=text, tags=tags)
        except KeyError as error:  # deleted meanwhile, perhaps by another instance
            raise NotesError(str(error)) from None

    def _note_saved(self, saved: Note | None) -> None:
        if saved is None:
            return
        self._notes_reloaded(select=saved.id if saved.meeting == self.state.current else None)
        self.call_after_refresh(self._detail.scroll_to_selected_note)
        self.notify("Note saved.", markup=False)

    def action_delete_note(self) -> None:
        self._at_cursor()
        note = self._selected()
        if note is None:
            self.notify("This meeting has no note to delete.", severity="warning", markup=False)
            return
        preview = one_line(note.text)
        if len(preview) > 60:
            preview = preview[:59] + "…"
        question = Content(f"Delete this note?\n\n“{preview}”")
        self.app.push_screen(
            ConfirmScreen(question, yes="Delete", no="Keep"),
            partial(self._delete_confirmed, note),
        )

    def _delete_confirmed(self, note: Note, confirmed: bool | None) -> None:
        if confirmed:
            self._delete(note)

    @work(thread=True, exclusive=True, group="notes-write")
    def _delete(self, note: Note) -> None:
        try:
            removed = self.library.notes.delete(note.id)
        except (NotesError, KeyError) as error:
            self.app.call_from_thread(self._change_failed, "Not deleted", str(error))
            return
        self.app.call_from_thread(self._deleted, removed)

    def _deleted(self, removed: Note) -> None:
        self.state = self.state.with_deleted(removed)
        self._notes_reloaded()
        self.notify("Note deleted — press u to undo.", markup=False)

    def action_undo_delete(self) -> None:
        note = self.state.deleted
        if note is None:
            self.notify("Nothing to undo.", markup=False)
            return
        self._restore(note)

    @work(thread=True, exclusive=True, group="notes-write")
    def _restore(self, note: Note) -> None:
        try:
            self.library.notes.restore(note)
        except NotesError as error:
            self.app.call_from_thread(self._change_failed, "Not restored", str(error))
            return
        self.app.call_from_thread(self._restored, note)

    def _restored(self, note: Note) -> None:
        self.state = self.state.with_deleted(None)
        self._notes_reloaded(select=note.id if note.meeting == self.state.current else None)
        self.notify("Note restored.", markup=False)

    def _change_failed(self, title: str, message: str) -> None:
        self.notify(sanitize(message), title=title, severity="error", markup=False)
        self._notes_reloaded()

    def action_previous_note(self) -> None:
        self._step_note(-1)

    def action_next_note(self) -> None:
        self._step_note(+1)

    def _step_note(self, step: int) -> None:
        state = self._at_cursor()
        notes = self._notes_of(state.current)
        if len(notes) < 2:
            what = "no note" if not notes else "only one note"
            self.notify(f"This meeting has {what} to choose between.", markup=False)
            return
        self.state = state.stepped(notes, step)
        self._refresh_detail()
        self.call_after_refresh(self._detail.scroll_to_selected_note)

    # -- reading and citing: sources in place, copy, export -------------------------------

    @on(MeetingDetail.SourcesWanted)
    def _sources_wanted(self, event: MeetingDetail.SourcesWanted) -> None:
        from cpec_tui.screens.sources_popup import SourcesPopup

        sources = self.library.sources
        cited = [(key, sources.get(key)) for key in dict.fromkeys(event.fact.sources)]
        self.app.push_screen(SourcesPopup(event.fact.text, cited), self._source_followed)

    def _source_followed(self, key: str | None) -> None:
        if key is not None:
            self._detail.go_to_source(key)

    @on(MeetingDetail.MeetingWanted)
    def _meeting_wanted(self, event: MeetingDetail.MeetingWanted) -> None:
        if not self.library.is_loaded or self.library.meetings.position(event.meeting_id) is None:
            self.notify("That meeting is not in the record.", severity="warning", markup=False)
            return
        self.jump_to_meeting(event.meeting_id)
        self.call_after_refresh(self._detail.focus)

    def action_copy_markdown(self) -> None:
        """Copy the current meeting as Markdown with footnote citations."""
        from cpec_tui.export.markdown import meeting_markdown

        meeting = self.meeting(self._at_cursor().current)
        if meeting is None:
            self.notify("Select a meeting first.", severity="warning", markup=False)
            return
        text = meeting_markdown(meeting, self.library.sources, self.library.meetings.summary_of)
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied {one_line(meeting.label)} as Markdown.", markup=False)

    def action_export(self) -> None:
        """Ask what to export where (this meeting or the results), then write it."""
        from cpec_tui.screens.export_dialog import ExportDialog

        meeting = self.meeting(self._at_cursor().current)
        results = len(self._result) if self._result is not None else 0
        if meeting is None and not results:
            self.notify("There is nothing to export.", severity="warning", markup=False)
            return
        current = (meeting.id, one_line(meeting.label)) if meeting is not None else None
        self.app.push_screen(ExportDialog(current, results), self._export_confirmed)

    def _export_confirmed(self, request: ExportRequest | None) -> None:
        from cpec_tui.export.formats import results_heading
        from cpec_tui.screens.export_dialog import MEETING

        result = self._result
        if request is None or result is None:
            return
        meetings: Iterable[Meeting]
        if request.scope == MEETING:
            meeting = self.meeting(self.state.current)
            meetings = [meeting] if meeting is not None else []
            count, heading = len(meetings), None
        else:
            meetings = (result.meeting(k) for k in range(len(result)))
            count, heading = len(result), results_heading(self.state.query)
        self._export(request, meetings, count, heading)

    @work(thread=True, exclusive=True, group="export")
    def _export(
        self, request: ExportRequest, meetings: Iterable[Meeting], count: int, heading: str | None
    ) -> None:
        from cpec_tui.export.formats import export_chunks
        from cpec_tui.store.files import atomic_write_chunks

        library = self.library
        chunks = export_chunks(
            request.form, meetings, library.sources, library.meetings.summary_of, heading
        )
        where = one_line(str(request.path))
        try:
            atomic_write_chunks(request.path, (chunk.encode("utf-8") for chunk in chunks))
        except OSError as error:
            message = f"Cannot write {where}: {error.strerror or error}"
            self.app.call_from_thread(
                self.notify, sanitize(message), title="Not exported", severity="error", markup=False
            )
            return
        done = f"Exported {'1 meeting' if count == 1 else f'{count} meetings'} to {where}."
        self.app.call_from_thread(self.notify, done, markup=False)

    # -- across meetings: marks, order, facets -------------------------------------------

    def _show_status(self) -> None:
        """The search's count, then how the list is ordered and which meeting is marked."""
        result = self._result
        if result is None:
            return
        state = self.state
        extra = []
        if state.order != "relevance":  # (best match first goes without saying)
            extra.append(f"{state.order} first")
        if state.marked is not None:
            summary = self.library.meetings.summary_of(state.marked)
            what = summary.label if summary is not None else state.marked
            here = " (this one)" if state.marked == state.current else ", c compares"
            extra.append(f"marked: {what}{here}")
        total = len(self.library.engine.meetings)
        self._search.show_result(result, query=state.query, total=total, extra=extra)

    def action_mark(self) -> None:
        """Mark the current meeting, to compare another with it (``c``)."""
        self.state = self._at_cursor().toggled_mark()
        self._show_status()

    def action_compare_previous(self) -> None:
        """Compare the current meeting with the previous round of its series."""
        from cpec_tui.screens.compare import CompareScreen, pair_to_compare

        found = pair_to_compare(self.library, None, self._at_cursor().current)
        if isinstance(found, str):
            self.notify(found, severity="warning", markup=False)
            return
        self.app.push_screen(CompareScreen(self.library, found))

    def action_next_order(self) -> None:
        """Relevance, newest first, oldest first: the list keeps the same meeting."""
        self.state = self._at_cursor().next_order()
        self._run_search(self.state.query, prefer=self.state.current)

    def action_toggle_facets(self) -> None:
        self.state = self.state.toggled_facets()
        shown = self.state.facets_shown
        self.query_one("#body").set_class(shown, "-facets")
        self._show_facets()
        if shown:
            self.query_one("#facets", FacetsPane).focus()
        elif self.focused is None or self.focused is self.query_one("#facets"):
            self._list.focus()

    def _show_facets(self) -> None:
        """Count the current result by each dimension (a few AND and popcounts per value)."""
        result = self._result
        if not self.state.facets_shown or result is None:
            return
        if self._facet_index is None:
            from cpec_tui.views.facets import FacetIndex

            self._facet_index = FacetIndex(self.library.engine.index)
        self.query_one("#facets", FacetsPane).show(self._facet_index.count(result.bitmap))

    @on(FacetsPane.Chosen)
    def _facet_chosen(self, event: FacetsPane.Chosen) -> None:
        """Refine the query by the value chosen: the query box says what is shown."""
        from cpec_tui.views.facets import refinement

        added = refinement(event.dimension, event.value)
        query = self.state.query.strip()
        if added not in query:
            self._search.set_query(f"{query} {added}".strip())

    # -- other actions --------------------------------------------------------------------

    def action_focus_search(self) -> None:
        self.query_one("#body").remove_class("-detail-open")
        self._search.focus_input()

    def action_clear_search(self) -> None:
        if self._search.query_text:
            self._search.set_query("")

    def action_first_meeting(self) -> None:
        self._list.action_first()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``esc`` clears a search only while there is one (it leaves dialogs otherwise)."""
        if action == "clear_search":
            return bool(self.state.query)
        return True


def _row_spans(result: SearchResult) -> Callable[[MeetingSummary], Spans]:
    """Matches in the fields a list row shows, without computing the whole meeting's.

    ``result.spans`` tokenizes every field of a meeting (~0.7 ms on a large synthetic
    record, and a packed meeting must be read first); a screenful of rows must cost far less
    than a frame, so rows ask only for their label and short title, with the same highlights
    the detail pane uses.
    """
    from cpec_tui.search.spans import compute_spans  # (imported by now: a lookup)

    highlights = result.highlights

    def spans(meeting: MeetingSummary) -> Spans:
        fields = (
            ("label", 1, meeting.label, "label"),
            ("short_title", 1, meeting.short_title, "short_title"),
            ("title", 1, meeting.title, "title"),
        )
        return compute_spans(fields, highlights)

    return spans


def _row_of(rows: Sequence[int], position: int) -> int | None:
    """Where ``position`` is among ``rows``.

    O(1) when every meeting is listed in order (the empty query: row == position), else a
    scan, which only happens when a search or reload must keep the same meeting selected.
    """
    if isinstance(rows, range):
        return rows.index(position) if position in rows else None
    if position < len(rows) and rows[position] == position:
        return position
    try:
        return rows.index(position)
    except ValueError:
        return None
