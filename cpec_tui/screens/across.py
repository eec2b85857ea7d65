"""What the views across meetings (timeline, compare, people) share: they read the browser's
query, open a meeting in the browser, and go back to it with escape."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.binding import Binding, BindingType
from textual.screen import Screen

if TYPE_CHECKING:
    from cpec_tui.app import CpecApp
    from cpec_tui.browser_state import BrowserState
    from cpec_tui.library import Library


class AcrossScreen(Screen[object]):
    """A full-screen view over the browser, made from the library."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library

    @property
    def browser_state(self) -> BrowserState | None:
        """The browser's state (its query, current and marked meeting), if it is below."""
        from cpec_tui.screens.browser import BrowserScreen

        bottom = self.app.screen_stack[0]
        return bottom.state if isinstance(bottom, BrowserScreen) else None

    @property
    def browser_query(self) -> str:
        """The query the browser shows: the views narrow to it."""
        state = self.browser_state
        return state.query if state is not None else ""

    def open_in_browser(self, meeting_id: str) -> None:
        """Back to the browser, on ``meeting_id``."""
        cast("CpecApp", self.app).jump_to_meeting(meeting_id)

    def action_back(self) -> None:
        self.dismiss(None)
