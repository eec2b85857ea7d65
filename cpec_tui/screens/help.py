"""The ``?`` screen: every key the browser understands, grouped by where it works."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEY_MAP: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Anywhere",
        (
            ("/", "search (type to filter; results update as you type)"),
            ("?", "this help"),
            ("ctrl+p", "command palette: jump to a meeting, add a note, switch theme…"),
            ("q", "quit (ctrl+q works even while typing)"),
        ),
    ),
    (
        "Search box",
        (
            ("enter", "go to the results (or accept the “did you mean” suggestion)"),
            ("esc", "leave the search box, keeping the query"),
            ("down / tab", "go to the results"),
        ),
    ),
    (
        "Meeting list",
        (
            ("j / k, ↓ / ↑", "next / previous meeting"),
            ("g / G, home / end", "first / last meeting"),
            ("pgup / pgdn", "a page up / down"),
            ("enter / tab", "read the meeting in the detail pane"),
            ("esc", "clear the search"),
            ("mouse", "click a row to select it, double-click to open it"),
        ),
    ),
    (
        "Detail pane",
        (
            ("j / k, ↓ / ↑", "scroll"),
            ("g / G, pgup / pgdn", "top / bottom, a page up / down"),
            ("enter / tab / esc", "back to the list"),
        ),
    ),
    (
        "Notes (list or detail pane)",
        (
            ("n", "new note on the current meeting"),
            ("[ / ]", "select the previous / next note of the meeting (marked ▶)"),
            ("e", "edit the selected note"),
            ("d", "delete the selected note (asks first)"),
            ("u", "undo the last delete"),
        ),
    ),
    (
        "Across meetings (list or detail pane)",
        (
            ("m", "mark the meeting (again: unmark); c compares it with the current one"),
            ("p", "compare the meeting with the previous round of its series"),
            ("o", "order results by relevance, newest or oldest first"),
            ("f", "show / hide the facets: counts for the search; enter adds a value to it"),
        ),
    ),
    (
        "Timeline (t)",
        (
            ("← → / h l", "earlier / later meeting of the lane"),
            ("↑ ↓ / k j", "lane above / below (the meeting nearest in time)"),
            ("home / end", "first / last meeting of the lane"),
            ("z", "zoom: years or months across"),
            ("enter", "open the meeting in the browser; esc back"),
        ),
    ),
    (
        "Comparison (c, p)",
        (
            ("a / b", "open meeting A / B in the browser"),
            ("s", "swap the two sides"),
            ("j / k, pgup / pgdn", "scroll; esc back"),
        ),
    ),
    (
        "People (w)",
        (
            ("type", "search by name, title, organisation or country"),
            ("tab / ↑ ↓", "the people found, then the meetings of the one shown"),
            ("enter", "on a meeting: open it in the browser; esc back"),
        ),
    ),
    (
        "Note editor",
        (
            ("ctrl+s", "save"),
            ("tab", "move between the text and the tags (comma separated)"),
            ("esc", "close (asks before discarding unsaved text)"),
        ),
    ),
)


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; any of esc, q or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    #help-dialog {
        width: 84;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 1 2;
        border: round $primary;
        background: $surface;
    }
    #help-title {
        text-style: bold;
        color: $text-primary;
    }
    .help-group {
        margin-top: 1;
        text-style: bold;
        color: $text-accent;
    }
    .help-row {
        height: auto;
    }
    .help-key {
        width: 22;
        padding-left: 2;
        text-style: bold;
    }
    .help-what {
        width: 1fr;
    }
    #help-close {
        margin-top: 1;
        color: $text-muted;
        text-style: italic;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close"),
        Binding("j,down", "scroll_down", "Down", show=False),
        Binding("k,up", "scroll_up", "Up", show=False),
    ]

    def compose(self) -> ComposeResult:
        from cpec_tui.screens import views

        opened = tuple((view.key, f"open the {view.description.lower()}") for view in views.VIEWS)
        key_map = (*KEY_MAP, ("Views", opened)) if opened else KEY_MAP
        with VerticalScroll(id="help-dialog"):
            yield Static(Content("Keys"), id="help-title")
            for group, keys in key_map:
                yield Static(Content(group), classes="help-group")
                for key, what in keys:
                    with Horizontal(classes="help-row"):
                        yield Static(Content(key), classes="help-key")
                        yield Static(Content(what), classes="help-what")
            yield Static(Content("Press esc, q or ? to close."), id="help-close")

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll_down(self) -> None:
        self.query_one("#help-dialog", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#help-dialog", VerticalScroll).scroll_up()
