"""Everyone the record names: a search box, the people found, and the one under the cursor
with the titles they held and their meetings, newest first (enter opens one).

Building the list reads every meeting (a minute and more at 100,000), so it runs in a worker
that reports how many meetings it has read; the library keeps the list, so the view opens
at once the next time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from cpec_tui.countries import country_name
from cpec_tui.screens.across import AcrossScreen
from cpec_tui.text import format_date, one_line
from cpec_tui.widgets.safe_input import SafeInput

if TYPE_CHECKING:
    from cpec_tui.library import Library
    from cpec_tui.views.people import PeopleIndex, PersonEntry

SHOWN = 200
"""People listed at most (the search narrows the rest)."""
DASH = "\u2013"  # an en dash, for spans of dates


class _Abandoned(Exception):
    """Nobody waits for the people any more: stop reading (the next opening starts again)."""


class PeopleScreen(AcrossScreen):
    """Search the people of the record; read who they are and where they appear."""

    DEFAULT_CSS = """
    PeopleScreen #people-search {
        margin: 0 1;
    }
    PeopleScreen #people-status {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    PeopleScreen #people-body {
        height: 1fr;
    }
    PeopleScreen #people-list {
        width: 40%;
        min-width: 28;
        height: 1fr;
        border: none;
        border-right: vkey $panel;
    }
    PeopleScreen #person {
        width: 1fr;
        height: 1fr;
    }
    PeopleScreen #person-head {
        height: auto;
        max-height: 50%;
        padding: 0 1;
    }
    PeopleScreen #person-meetings {
        height: 1fr;
        border: none;
        border-top: solid $panel;
    }
    """

    def __init__(self, library: Library) -> None:
        super().__init__(library)
        self._index: PeopleIndex | None = None
        self._found: list[PersonEntry] = []
        self._person: PersonEntry | None = None

    def compose(self) -> ComposeResult:
        yield SafeInput(
            placeholder="Search people: name, title, organisation, country",
            id="people-search",
            compact=True,
        )
        yield Static(Content(""), id="people-status")
        with Horizontal(id="people-body"):
            yield OptionList(id="people-list")
            with Vertical(id="person"):
                yield Static(Content(""), id="person-head")
                yield OptionList(id="person-meetings")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#people-body").loading = True
        self.query_one("#people-search", Input).focus()
        self._status("Reading the meetings…")
        self._build()

    @work(thread=True, exclusive=True)
    def _build(self) -> None:
        worker = get_current_worker()

        def progress(read: int, total: int) -> None:
            if worker.is_cancelled:  # the view was closed, or the app is quitting
                raise _Abandoned
            self.app.call_from_thread(self._status, f"Reading the meetings: {read:,} of {total:,}…")

        try:
            index = self.library.people(progress)
        except _Abandoned:
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._built, index)

    def _built(self, index: PeopleIndex) -> None:
        self._index = index
        self.query_one("#people-body").loading = False
        self._search(self.query_one("#people-search", Input).value)

    def _status(self, text: str) -> None:
        self.query_one("#people-status", Static).update(Content(text))

    @on(Input.Changed, "#people-search")
    def _query_changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @on(Input.Submitted, "#people-search")
    def _query_submitted(self) -> None:
        self.query_one("#people-list", OptionList).focus()

    def _search(self, query: str) -> None:
        if self._index is None:
            return
        found = self._found = self._index.search(query)
        total = len(self._index.entries)
        shown = found[:SHOWN]
        listing = self.query_one("#people-list", OptionList)
        listing.set_options(
            Option(Content(f"{one_line(entry.name)} · {entry.country}")) for entry in shown
        )
        listing.highlighted = 0 if shown else None
        count = f"{len(found):,} of {total:,} people" if query.strip() else f"{total:,} people"
        if len(found) > SHOWN:
            count += f" · the first {SHOWN} listed: type to narrow"
        self._status(count + " · tab: the list, then the meetings · enter opens a meeting")
        self._show_person(shown[0] if shown else None)

    @on(OptionList.OptionHighlighted, "#people-list")
    def _person_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index < len(self._found):
            self._show_person(self._found[event.option_index])

    def _show_person(self, entry: PersonEntry | None) -> None:
        if entry is self._person and entry is not None:
            return
        self._person = entry
        head = self.query_one("#person-head", Static)
        meetings = self.query_one("#person-meetings", OptionList)
        if entry is None:
            head.update(Content("Nobody matches."))
            meetings.clear_options()
            return
        lines = [f"{entry.name} · {country_name(entry.country)}"]
        if entry.aliases:
            lines.append(f"also written: {'; '.join(entry.aliases)}")
        for title in entry.titles:
            span = format_date(title.first)
            if title.last != title.first:
                span += f" {DASH} {format_date(title.last)}"
            lines.append(f"{title.title} ({span})")
        head.update(Content("\n".join(one_line(line) for line in lines)))
        options = []
        for appearance in entry.meetings:
            summary = self.library.meetings.summary_of(appearance.id)
            what = summary.label if summary is not None else appearance.id
            given = f" · {appearance.title}" if appearance.title else ""
            text = f"{format_date(appearance.date):<11}  {appearance.role:<8}  {what}{given}"
            options.append(Option(Content(one_line(text)), id=appearance.id))
        meetings.set_options(options)
        meetings.highlighted = 0 if options else None

    @on(OptionList.OptionSelected, "#person-meetings")
    def _meeting_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.open_in_browser(event.option.id)

    @on(OptionList.OptionSelected, "#people-list")
    def _person_chosen(self) -> None:
        self.query_one("#person-meetings", OptionList).focus()

    @property
    def person(self) -> PersonEntry | None:
        """The person shown."""
        return self._person
