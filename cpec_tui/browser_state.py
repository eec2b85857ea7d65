"""What the browser is showing, as one value: pure, Textual-free, and tested without Textual.

The browser screen keeps exactly one :class:`BrowserState` and replaces it through the
transitions below; widgets are told what to show from it and never keep a copy of their own
(the list's cursor is the one input the state takes from a widget: it is where the user is).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from cpec_tui.models import Note

Order = Literal["relevance", "newest", "oldest"]
"""How the list is ordered (the search engine's ``Order``, not imported: it loads pydantic)."""
ORDERS: tuple[Order, ...] = ("relevance", "newest", "oldest")


@dataclass(frozen=True)
class BrowserState:
    """The query, the meeting shown, its selected note, and what can be undone."""

    query: str = ""
    current: str | None = None
    """The id of the meeting in the detail pane (the list's cursor)."""
    selected_note: str | None = None
    """The id of the selected note of :attr:`current` (marked ▶), if it has notes."""
    deleted: Note | None = None
    """The note deleted last, until it is restored (``u``)."""
    reading: str | None = None
    """The meeting the user was reading when the current search began."""
    landed: str | None = None
    """The hit the search last put the cursor on. Clearing a search goes back to
    :attr:`reading` while the cursor is still there: a hit the user moved to is kept."""
    marked: str | None = None
    """The meeting marked to be compared with another (``m``, then ``c``)."""
    order: Order = "relevance"
    """How the results are listed (an empty query lists newest first either way)."""
    facets_shown: bool = False
    """Whether the facets pane is beside the results."""

    @property
    def searching(self) -> bool:
        """Whether a query narrows the list."""
        return bool(self.query.strip())

    def at(self, meeting_id: str | None, notes: Sequence[Note]) -> BrowserState:
        """The cursor is on ``meeting_id`` (whose notes are ``notes``, newest first).

        A new meeting selects its newest note; the same one keeps its selection if the
        note is still there.
        """
        ids = [note.id for note in notes]
        if meeting_id == self.current and self.selected_note in ids:
            return self
        return replace(self, current=meeting_id, selected_note=ids[0] if ids else None)

    def with_query(self, query: str) -> tuple[BrowserState, str | None]:
        """The query is now ``query``; also the meeting the list should keep or return to.

        Starting a search remembers the meeting being read. Clearing it returns there,
        unless the user moved to another hit (then that one stays). A changed search goes
        to its best hit (None: the list's first row).
        """
        if not query.strip():
            back = self.current
            if self.searching and self.reading is not None and self.current == self.landed:
                back = self.reading
            return replace(self, query=query, reading=None, landed=None), back
        reading = self.reading if self.searching else self.current
        return replace(self, query=query, reading=reading), None

    def landed_on(self, meeting_id: str | None) -> BrowserState:
        """A search put the cursor on ``meeting_id`` (see :attr:`landed`)."""
        return replace(self, landed=meeting_id if self.searching else None)

    def with_selected(self, note_id: str | None) -> BrowserState:
        """Select a note of the current meeting (None: no note)."""
        return replace(self, selected_note=note_id)

    def stepped(self, notes: Sequence[Note], step: int) -> BrowserState:
        """Select the note ``step`` places from the selected one, wrapping around."""
        ids = [note.id for note in notes]
        if not ids:
            return self
        index = ids.index(self.selected_note) if self.selected_note in ids else 0
        return replace(self, selected_note=ids[(index + step) % len(ids)])

    def with_deleted(self, note: Note | None) -> BrowserState:
        """Remember ``note`` as the one to restore on undo (None: nothing to undo)."""
        return replace(self, deleted=note)

    def toggled_mark(self) -> BrowserState:
        """Mark the current meeting for a comparison, or unmark it if it is the marked one."""
        if self.current is None:
            return self
        return replace(self, marked=None if self.marked == self.current else self.current)

    def comparing(self) -> tuple[str, str] | None:
        """The marked meeting and the current one, to compare (None unless both, distinct)."""
        if self.marked is None or self.current is None or self.marked == self.current:
            return None
        return self.marked, self.current

    def next_order(self) -> BrowserState:
        """The next way of ordering results: relevance, newest first, oldest first, again."""
        return replace(self, order=ORDERS[(ORDERS.index(self.order) + 1) % len(ORDERS)])

    def toggled_facets(self) -> BrowserState:
        """Show the facets pane if hidden, hide it if shown."""
        return replace(self, facets_shown=not self.facets_shown)
