"""The cpec-tui browser: search on top, meetings on the left, the highlighted meeting on the right.

The app is the coordinator: widgets report what the user did through messages (the cursor
moved, a pane was opened or closed) or, for the query, a reactive the app watches (so a
keystroke is answered within its own frame), and the app answers by telling widgets what
to show. Loading runs in a thread so even a huge dataset never freezes the screen; a
dataset that cannot be loaded ends the app with exit code 2 and the loader's message,
never a traceback.

The first frame (search bar, an empty list that says it is loading, footer) is drawn before
anything heavy is imported: the models, the store and the search (pydantic, ~0.2 s) are
imported only for type checking here, and at run time by the loading thread, which starts
once that frame is on the screen. The search index of a large dataset is cached beside the
dataset cache (:mod:`cpec_tui.store.cache`), so a warm start only reads it back.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Static

from cpec_tui.commands import CpecCommands
from cpec_tui.screens.confirm import ConfirmScreen
from cpec_tui.screens.help import HelpScreen
from cpec_tui.settings import Settings, load_settings, save_settings
from cpec_tui.store.errors import DatasetError, NotesError
from cpec_tui.text import one_line, sanitize
from cpec_tui.widgets.meeting_detail import MeetingDetail, MeetingView
from cpec_tui.widgets.meeting_list import EmptyState, MeetingList
from cpec_tui.widgets.search_bar import SearchBar

if TYPE_CHECKING:  # imported by the loading thread (see the module's docstring)
    from cpec_tui.meetings import MeetingSummary
    from cpec_tui.models import Meeting, Note, Source
    from cpec_tui.search import SearchEngine, SearchResult, Spans
    from cpec_tui.store.dataset import LoadedDataset
    from cpec_tui.store.notes import NotesStore, Signature

NARROW_WIDTH = 100
"""Below this many columns the panes stack: the list, and the detail full screen on enter."""

NOTES_POLL_SECONDS = 2.0
REMEMBER_DELAY_SECONDS = 1.0

# Actions that only make sense on the main screen (not under a modal dialog).
_MAIN_SCREEN_ACTIONS = frozenset(
    {
        "focus_search",
        "new_note",
        "edit_note",
        "delete_note",
        "undo_delete",
        "previous_note",
        "next_note",
        "clear_search",
        "help",
        "quit",
    }
)


class CpecApp(App[None]):
    """Browse, search and annotate the CPEC meetings record."""

    CSS_PATH = "app.tcss"
    TITLE = "cpec-tui"
    AUTO_FOCUS = None  # the list takes focus once loaded; "/" reaches the search at any time
    COMMANDS: ClassVar = App.COMMANDS | {CpecCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_WIDTH, "-wide")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search"),
        Binding("n", "new_note", "New note"),
        Binding("e", "edit_note", "Edit note"),
        Binding("d", "delete_note", "Delete note"),
        Binding("u", "undo_delete", "Undo delete"),
        Binding("left_square_bracket", "previous_note", "Previous note", show=False),
        Binding("right_square_bracket", "next_note", "Next note", show=False),
        Binding("escape", "clear_search", "Clear search", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    class LoadProgress(Message):
        """What the loading thread is doing now (shown in the list while it loads)."""

        def __init__(self, step: str) -> None:
            self.step = step
            super().__init__()

    def __init__(self, data_path: Path, notes_path: Path) -> None:
        super().__init__()
        self._data_path = Path(data_path)
        self._notes_path = Path(notes_path)
        self._notes_store: NotesStore | None = None  # made by the loading thread
        self._settings = load_settings()
        if self._settings.theme in self.available_themes:
            self.theme = self._settings.theme
        self._engine: SearchEngine | None = None
        self._sources: Mapping[str, Source] = {}
        self._notes_by_meeting: dict[str, list[Note]] = {}
        self._notes_signature: Signature | None = None
        self._notes_error: str | None = None
        self._result: SearchResult | None = None
        self._query = ""
        self._current: str | None = None
        self._selected_note: str | None = None
        self._deleted: Note | None = None
        self._remember_timer: Timer | None = None
        self._keys_state: tuple[bool, ...] = ()

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="banner")
        yield SearchBar(id="search")
        with Horizontal(id="body"):
            yield MeetingList(id="meetings")
            yield MeetingDetail(id="detail")
        yield Footer()

    @property
    def is_loaded(self) -> bool:
        """Whether the dataset is loaded and indexed (the loading indicator is gone)."""
        return self._engine is not None

    @property
    def current_meeting_id(self) -> str | None:
        """The id of the meeting in the detail pane."""
        return self._current

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
    def _store(self) -> NotesStore:
        store = self._notes_store
        if store is None:  # no note can be acted on before the meetings are loaded
            raise RuntimeError("the notes are not loaded yet")
        return store

    def on_mount(self) -> None:
        self._list.loading = True
        self._detail.loading = True
        self._search.show_status(Content(f"Loading {one_line(str(self._data_path))}…"))
        self.watch(self.screen, "focused", self._focus_changed)
        self.watch(self._search, "query_text", self._query_changed, init=False)
        self.set_interval(NOTES_POLL_SECONDS, self._poll_notes)
        # Once the first frame is on the screen: the thread's imports would slow it down.
        self.call_after_refresh(self._load)

    # -- loading --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        """Read, validate and index the dataset and read the notes, off the UI thread."""
        try:
            dataset, engine = load_engine(self._data_path, self._progress)
        except DatasetError as error:
            self.call_from_thread(self._fail, error)
            return
        from cpec_tui.store.notes import NotesStore

        store = NotesStore(self._notes_path)
        notes, signature, problem = _read_notes(store)
        engine.set_notes(notes)
        self.call_from_thread(self._loaded, dataset, engine, store, notes, signature, problem)

    def _progress(self, step: str) -> None:
        self.post_message(self.LoadProgress(step))  # (thread-safe, and does not wait)

    @on(LoadProgress)
    def _show_progress(self, event: LoadProgress) -> None:
        if not self.is_loaded:
            self._list.loading_message = event.step

    def _fail(self, error: DatasetError) -> None:
        # Text, not a string: the message is data (paths, values) and must not be markup.
        message = Text(sanitize(str(error)), no_wrap=True, overflow="ignore")
        self.exit(return_code=2, message=message)

    def _loaded(
        self,
        dataset: LoadedDataset,
        engine: SearchEngine,
        store: NotesStore,
        notes: list[Note],
        signature: Signature | None,
        problem: str | None,
    ) -> None:
        # The dataset and its index are millions of objects that live until exit: take them
        # out of the cyclic GC's sight, or a full collection pauses typing for a second.
        gc.freeze()
        self._engine = engine
        self._notes_store = store
        self._sources = dataset.sources
        self._list.set_meetings(engine.meetings)
        self._notes_signature = signature
        self._set_notes(notes)
        self._set_notes_error(problem)
        self._list.loading = False
        self._detail.loading = False
        if self.screen.focused is None:  # unless the user went to the search while loading
            self._list.focus()
        start = self._settings.last_meeting
        if start is None or engine.position(start) is None:
            start = None
        self._run_search(self._search.query_text, prefer=start)

    # -- searching ------------------------------------------------------------------------

    def _query_changed(self, query: str) -> None:
        """Answer an edit of the query within the keystroke's frame (see SearchBar.query_text)."""
        # A cleared query goes back to the meeting the user was on; a new query to its best hit.
        prefer = self._current if not query.strip() else None
        self._run_search(query, prefer=prefer)

    @on(SearchBar.Submitted)
    def _query_submitted(self, event: SearchBar.Submitted) -> None:
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
        """Search, refill the list (O(visible rows)) and show the highlighted meeting."""
        engine = self._engine
        if engine is None:
            return
        result = engine.search(query)
        self._result, self._query = result, query
        rows: Sequence[int] = result.positions
        cursor = 0
        if prefer is not None:
            position = engine.position(prefer)
            if position is not None:
                cursor = _row_of(rows, position) or 0
        searching = bool(query.strip())
        suggestion = self._suggestion()
        empty = EmptyState(
            "No meetings match this search." if searching else "The dataset has no meetings.",
            suggestion,
        )
        self._list.show(
            rows,
            query_key=query,
            spans_of=_row_spans(result) if searching else None,
            cursor=cursor,
            empty=empty,
        )
        self._search.show_result(result, query=query, total=len(engine.meetings))
        self._show_current()

    # -- the highlighted meeting ----------------------------------------------------------

    @on(MeetingList.Highlighted)
    def _highlighted(self) -> None:
        # A cursor move still queued while the app shuts down has nothing left to show.
        with contextlib.suppress(NoMatches):
            self._show_current()

    def _show_current(self) -> None:
        """Bring the detail pane up to date with the list's cursor (cheap if unchanged)."""
        new_id = self._list.highlighted_id
        if new_id != self._current:
            self._current = new_id
            notes = self._notes_by_meeting.get(new_id or "", [])
            self._selected_note = notes[0].id if notes else None
            self._remember_soon()
        self._refresh_detail()
        self._refresh_keys()

    def _refresh_keys(self) -> None:
        """Update the footer only when a key's availability changed (it costs a repaint)."""
        state = (
            self._selected() is not None,
            self._deleted is not None,
            len(self._current_notes()) > 1,
            bool(self._query),
        )
        if state != self._keys_state:
            self._keys_state = state
            self.refresh_bindings()

    def _meeting(self, meeting_id: str | None) -> Meeting | None:
        """The meeting with this id (read from the packed dataset if need be), or None."""
        if self._engine is None or meeting_id is None:
            return None
        return self._engine.meetings.get(meeting_id)

    def _refresh_detail(self) -> None:
        meeting = self._meeting(self._current)
        if meeting is None:
            self._detail.show(None)
            return
        result = self._result
        searching = bool(self._query.strip()) and result is not None
        notes = self._notes_by_meeting.get(meeting.id, [])
        self._detail.show(
            MeetingView(
                meeting=meeting,
                sources=self._sources,
                notes=notes,
                spans_of=result.spans if searching and result is not None else None,
                query_key=self._query if searching else None,
                selected_note=self._selected_note,
                title_of=self._title_of,
            ),
            keep_scroll=False,
        )

    def _title_of(self, meeting_id: str) -> str | None:
        engine = self._engine
        summary = engine.meetings.summary_of(meeting_id) if engine is not None else None
        return summary.title if summary is not None else None

    def jump_to_meeting(self, meeting_id: str) -> None:
        """Select ``meeting_id``, clearing a search that hides it."""
        engine = self._engine
        position = engine.position(meeting_id) if engine is not None else None
        if engine is None or position is None:
            return
        result = self._result
        row = _row_of(result.positions, position) if result else None
        if row is None:
            # The search hides it: show every meeting again, with this one selected.
            self._run_search("", prefer=meeting_id)
            self._search.set_query("")
        else:
            self._list.move_to(row)
        self._list.focus()

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
        if focused is None or self.screen is not self.screen_stack[0]:
            return
        self.query_one("#body").set_class(focused is self._detail, "-detail-open")

    # -- notes ----------------------------------------------------------------------------

    def _set_notes(self, notes: Iterable[Note]) -> None:
        by_meeting: dict[str, list[Note]] = {}
        for note in sorted(notes, key=lambda note: note.created, reverse=True):
            by_meeting.setdefault(note.meeting, []).append(note)
        self._notes_by_meeting = by_meeting
        self._list.set_noted(frozenset(by_meeting))
        current = by_meeting.get(self._current or "", [])
        if self._selected_note not in {note.id for note in current}:
            self._selected_note = current[0].id if current else None

    def _set_notes_error(self, problem: str | None) -> None:
        banner = self.query_one("#banner", Static)
        changed = problem != self._notes_error
        self._notes_error = problem
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

    def _reload_notes(self, *, select: str | None = None) -> None:
        """Re-read the notes file and re-index, keeping the cursor on the same meeting."""
        notes, signature, problem = _read_notes(self._store)
        self._notes_signature = signature
        self._set_notes_error(problem)
        if problem is not None:
            return
        engine = self._engine
        if engine is None:
            return
        engine.set_notes(notes)
        self._set_notes(notes)
        if select is not None:
            self._selected_note = select
        self._run_search(self._query, prefer=self._current)
        self._refresh_detail()
        self._refresh_keys()

    def _poll_notes(self) -> None:
        """Pick up notes saved by another cpec-tui or the CLI, without a restart."""
        if self._engine is None or len(self.screen_stack) > 1:
            return
        if self._store.signature() != self._notes_signature:
            self._reload_notes()

    def _current_notes(self) -> list[Note]:
        return self._notes_by_meeting.get(self._current or "", [])

    def _selected(self) -> Note | None:
        return next((n for n in self._current_notes() if n.id == self._selected_note), None)

    def action_new_note(self) -> None:
        self._show_current()  # the list may have moved since its last message
        meeting = self._meeting(self._current)
        if meeting is None:
            self.notify("Select a meeting first.", severity="warning", markup=False)
            return
        if self._notes_error is not None:
            self.notify(
                f"Notes cannot be saved: {sanitize(self._notes_error)}",
                severity="error",
                markup=False,
            )
            return
        from cpec_tui.screens.note_editor import NoteEditor

        self.push_screen(
            NoteEditor(
                f"New note on {meeting.label} · {meeting.short_title}",
                partial(self._save_new_note, meeting.id),
            ),
            self._note_saved,
        )

    def _save_new_note(self, meeting_id: str, text: str, tags: list[str]) -> None:
        note = self._store.add(meeting_id, text, tags)
        self._reload_notes(select=note.id)

    def action_edit_note(self) -> None:
        self._show_current()  # the list may have moved since its last message
        note = self._selected()
        meeting = self._meeting(self._current)
        if note is None or meeting is None:
            self.notify("This meeting has no note to edit.", severity="warning", markup=False)
            return
        from cpec_tui.screens.note_editor import NoteEditor

        self.push_screen(
            NoteEditor(
                f"Edit note {note.id} on {meeting.label} · {meeting.short_title}",
                partial(self._save_edited_note, note.id),
                text=note.text,
                tags=", ".join(note.tags),
            ),
            self._note_saved,
        )

    def _save_edited_note(self, note_id: str, text: str, tags: list[str]) -> None:
        try:
            self._store.update(note_id, text=text, tags=tags)
        except KeyError as error:  # deleted meanwhile, perhaps by another instance
            raise NotesError(str(error)) from None
        self._reload_notes(select=note_id)

    def _note_saved(self, saved: bool | None) -> None:
        if saved:
            self.notify("Note saved.", markup=False)

    def action_delete_note(self) -> None:
        self._show_current()  # the list may have moved since its last message
        note = self._selected()
        if note is None:
            self.notify("This meeting has no note to delete.", severity="warning", markup=False)
            return
        preview = one_line(note.text)
        if len(preview) > 60:
            preview = preview[:59] + "…"
        question = Content(f"Delete this note?\n\n“{preview}”")
        self.push_screen(
            ConfirmScreen(question, yes="Delete", no="Keep"),
            partial(self._delete_confirmed, note),
        )

    def _delete_confirmed(self, note: Note, confirmed: bool | None) -> None:
        if not confirmed:
            return
        try:
            removed = self._store.delete(note.id)
        except (NotesError, KeyError) as error:
            self.notify(sanitize(str(error)), title="Not deleted", severity="error", markup=False)
            self._reload_notes()
            return
        self._deleted = removed
        self._reload_notes()
        self.notify("Note deleted — press u to undo.", markup=False)

    def action_undo_delete(self) -> None:
        note = self._deleted
        if note is None:
            self.notify("Nothing to undo.", markup=False)
            return
        try:
            self._store.restore(note)
        except NotesError as error:
            self.notify(sanitize(str(error)), title="Not restored", severity="error", markup=False)
            return
        self._deleted = None
        self._reload_notes(select=note.id if note.meeting == self._current else None)
        self.notify("Note restored.", markup=False)

    def action_previous_note(self) -> None:
        self._step_note(-1)

    def action_next_note(self) -> None:
        self._step_note(+1)

    def _step_note(self, step: int) -> None:
        self._show_current()
        notes = self._current_notes()
        if not notes:
            return
        ids = [note.id for note in notes]
        index = ids.index(self._selected_note) if self._selected_note in ids else 0
        self._selected_note = ids[(index + step) % len(ids)]
        self._refresh_detail()
        self.call_after_refresh(self._detail.scroll_to_selected_note)

    # -- other actions --------------------------------------------------------------------

    def action_focus_search(self) -> None:
        self.query_one("#body").remove_class("-detail-open")
        self._search.focus_input()

    def action_clear_search(self) -> None:
        if self._search.query_text:
            self._search.set_query("")

    def action_first_meeting(self) -> None:
        self._list.action_first()

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        self._remember()
        self.exit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide note keys that cannot act, and keep main-screen keys off modal dialogs."""
        if action in _MAIN_SCREEN_ACTIONS and len(self.screen_stack) > 1:
            return False
        if action in ("edit_note", "delete_note"):
            return self._selected() is not None
        if action == "undo_delete":
            return self._deleted is not None
        if action in ("previous_note", "next_note"):
            return len(self._current_notes()) > 1
        if action == "clear_search":
            return bool(self._query)
        return True

    def palette_meetings(self) -> Sequence[MeetingSummary]:
        """Meetings the command palette can jump to, newest first."""
        return self._engine.meetings.summaries if self._engine is not None else ()

    # -- remembered settings --------------------------------------------------------------

    def watch_theme(self, theme: str) -> None:
        if self.is_running and theme != self._settings.theme:
            self._remember()

    def _remember_soon(self) -> None:
        if self._remember_timer is not None:
            self._remember_timer.stop()
        self._remember_timer = self.set_timer(REMEMBER_DELAY_SECONDS, self._remember)

    def _remember(self) -> None:
        settings = Settings(
            theme=self.theme, last_meeting=self._current or self._settings.last_meeting
        )
        if settings != self._settings:
            save_settings(settings)
            self._settings = settings


def load_engine(
    path: Path, progress: Callable[[str], object] = lambda step: None
) -> tuple[LoadedDataset, SearchEngine]:
    """The dataset at ``path`` and its search engine, telling ``progress`` each slow step.

    The index comes from the index cache when it holds this dataset's (keyed on the digest
    of the file's bytes, so never a stale one); otherwise it is built and cached, unless the
    file is too small to be worth caching (``CACHE_MIN_BYTES``, as for the dataset).
    Raises :class:`DatasetError` if the dataset cannot be loaded.
    """
    progress(f"Reading {path.name}…")
    # The dataset and its index are millions of objects, none in a reference cycle, that
    # live until exit. The cyclic GC would scan them all (~0.5 s at 10,000 meetings) at its
    # first pass after they appear, and again now and then: it is paused while they are
    # made (in any thread: the screen makes little garbage meanwhile), and what was made
    # is then frozen, out of its sight.
    collecting = gc.isenabled()
    gc.disable()
    try:
        dataset, engine = _load_engine(path, progress)
        gc.freeze()
    finally:
        if collecting:
            gc.enable()
    return dataset, engine


def _load_engine(
    path: Path, progress: Callable[[str], object]
) -> tuple[LoadedDataset, SearchEngine]:
    from cpec_tui.search import SearchEngine
    from cpec_tui.search.index import INDEX_FORMAT, IndexStateError
    from cpec_tui.store import cache
    from cpec_tui.store.dataset import load_dataset

    dataset = load_dataset(path, progress)
    digest, count = dataset.digest, len(dataset.meetings)
    if digest is not None:
        state = cache.read_state("index", digest, INDEX_FORMAT)
        if state is not None:
            progress(f"Reading the search index of {count:,} meetings…")
            try:
                return dataset, SearchEngine(dataset, index_state=state)
            except IndexStateError:
                pass  # (damaged or not this dataset's after all: build it again)
    progress(f"Building the search index of {count:,} meetings…")
    engine = SearchEngine(dataset)
    _ = engine.index.corrector  # here, not on the first typo (the state includes it)
    if digest is not None:
        progress(f"Saving the search index of {count:,} meetings…")
        cache.write_state("index", digest, INDEX_FORMAT, engine.index_state())
    return dataset, engine


def _read_notes(store: NotesStore) -> tuple[list[Note], Signature | None, str | None]:
    try:
        notes, signature = store.load_with_signature()
    except NotesError as error:
        return [], store.signature(), str(error)
    return notes, signature, None


def _row_spans(result: SearchResult) -> Callable[[MeetingSummary], Spans]:
    """Matches in the two fields a list row shows, without computing the whole meeting's.

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
