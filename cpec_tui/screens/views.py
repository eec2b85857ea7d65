"""The full-screen views beside the browser, registered in one place.

A view is a :class:`~textual.screen.Screen` in its own module under ``screens/``, with its own
bindings and ``DEFAULT_CSS``, made from the library. Registering it here is all it takes: the
app binds its key, lists it in the command palette and in ``?`` help, and the global keys
(``q``, ``?``, ``/`` back to the search) work on it as on the browser.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import Screen

    from cpec_tui.library import Library


@dataclass(frozen=True)
class View:
    """A full-screen view: its name, the key that opens it, and how it is made."""

    name: str
    key: str
    """A Textual key name, e.g. ``"t"``."""
    description: str
    """What it shows, in a few words (footer, palette and help)."""
    make: Callable[[Library], Screen[object]]


VIEWS: list[View] = []
"""Every view the app offers, in the order the palette and help list them."""


def _notes_view(library: Library) -> Screen[object]:
    from cpec_tui.screens.notes_view import NotesView

    return NotesView(library)


VIEWS.append(View("notes", "N", "Notes view", _notes_view))


def _timeline(library: Library) -> Screen[object]:
    from cpec_tui.screens.timeline import TimelineScreen

    return TimelineScreen(library)


VIEWS.append(View("timeline", "t", "Timeline", _timeline))


def _compare(library: Library) -> Screen[object]:
    from cpec_tui.screens.compare import CompareScreen

    return CompareScreen(library)


VIEWS.append(View("compare", "c", "Comparison", _compare))


def _people(library: Library) -> Screen[object]:
    from cpec_tui.screens.people import PeopleScreen

    return PeopleScreen(library)


VIEWS.append(View("people", "w", "People", _people))
