"""The browser's state and its transitions, without Textual."""

from __future__ import annotations

import datetime as dt

from cpec_tui.browser_state import BrowserState
from cpec_tui.models import Note

NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def note(note_id: str, meeting: str = "m-1") -> Note:
    return Note(id=note_id, meeting=meeting, text="t", created=NOW, updated=NOW)


def test_a_new_meeting_selects_its_newest_note() -> None:
    state = BrowserState().at("m-1", [note("n-2"), note("n-1")])
    assert (state.current, state.selected_note) == ("m-1", "n-2")
    assert state.at("m-2", []).selected_note is None


def test_the_same_meeting_keeps_its_selection_while_the_note_exists() -> None:
    state = BrowserState().at("m-1", [note("n-2"), note("n-1")]).with_selected("n-1")
    assert state.at("m-1", [note("n-2"), note("n-1")]).selected_note == "n-1"
    assert state.at("m-1", [note("n-2")]).selected_note == "n-2"


def test_stepping_wraps_around() -> None:
    notes = [note("a"), note("b"), note("c")]
    state = BrowserState().at("m-1", notes)
    assert state.stepped(notes, -1).selected_note == "c"
    assert state.stepped(notes, 1).stepped(notes, 1).stepped(notes, 1).selected_note == "a"
    assert BrowserState().stepped([], 1) == BrowserState()


def test_clearing_a_search_goes_back_to_the_meeting_being_read() -> None:
    reading = BrowserState().at("m-7", [])
    searching, prefer = reading.with_query("gwadar")
    assert prefer is None and searching.reading == "m-7"
    searching = searching.at("m-1", []).landed_on("m-1")  # the best hit
    narrowed, _ = searching.with_query("gwadar port")
    assert narrowed.reading == "m-7"
    cleared, back = narrowed.at("m-1", []).with_query("")
    assert back == "m-7" and cleared.reading is None and not cleared.searching


def test_clearing_a_search_keeps_a_hit_the_user_moved_to() -> None:
    searching, _ = BrowserState().at("m-7", []).with_query("gwadar")
    searching = searching.at("m-1", []).landed_on("m-1").at("m-3", [])
    _, back = searching.with_query("")
    assert back == "m-3"


def test_undo_remembers_the_deleted_note() -> None:
    gone = note("n-1")
    state = BrowserState().with_deleted(gone)
    assert state.deleted == gone
    assert state.with_deleted(None).deleted is None


def test_marking_toggles_on_the_current_meeting_and_survives_moving_on() -> None:
    assert BrowserState().toggled_mark() == BrowserState()  # nothing to mark
    marked = BrowserState().at("m-1", []).toggled_mark()
    assert marked.marked == "m-1" and marked.comparing() is None  # not with itself
    moved = marked.at("m-2", [])
    assert moved.marked == "m-1" and moved.comparing() == ("m-1", "m-2")
    assert moved.toggled_mark().marked == "m-2"  # marking another moves the mark
    assert marked.toggled_mark().marked is None  # marking it again unmarks it


def test_the_order_cycles_through_every_order_of_the_engine() -> None:
    from cpec_tui.search.engine import ORDERS

    state = BrowserState()
    seen = []
    for _ in ORDERS:
        seen.append(state.order)
        state = state.next_order()
    assert tuple(seen) == ORDERS and state.order == "relevance"


def test_the_facets_pane_toggles() -> None:
    state = BrowserState().toggled_facets()
    assert state.facets_shown and not state.toggled_facets().facets_shown
