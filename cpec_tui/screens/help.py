"""The ``?`` screen: every key the browser understands, grouped by where it works."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
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
            ("→ at the end", "accept the completion shown (sec → sector:, sector:agr → …)"),
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
            ("tab / shift+tab", "next / previous fact: a line citing sources, a related meeting"),
            ("enter", "on a fact: its sources (or open the related meeting)"),
            ("esc", "back to the list"),
        ),
    ),
    (
        "Sources of a fact (enter on a fact)",
        (
            ("↑ / ↓", "another source"),
            ("enter", "go to the source's full entry (Sources section)"),
            ("o", "open its web address in the system browser"),
            ("c", "copy a ready citation: outlet, date, “headline”, URL"),
            ("esc", "close"),
        ),
    ),
    (
        "Reading and citing (list or detail pane)",
        (
            ("x", "export this meeting or the results to a file: Markdown, CSV or JSON"),
            ("y", "copy this meeting as Markdown with footnote citations"),
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
    (
        "Notes view (N)",
        (
            ("type", "filter the notes: words of a note, its tags or its meeting"),
            ("tag menu", "only the notes with one tag"),
            ("enter", "open the meeting of the selected note"),
            ("esc", "back to the browser"),
        ),
    ),
    (
        "Marks in the list and the detail pane",
        (
            ("✎", "you have notes on this meeting"),
            (
                "⚠",
                "reports conflict on a fact of it (has:conflicts finds these); in the detail "
                "pane ⚠ C-5 marks each fact concerned, explained under Conflicts",
            ),
            (
                "≈",
                "its date is approximate or uncertain (only the month or year known, or inferred)",
            ),
        ),
    ),
)


def key_table_markdown() -> str:
    """:data:`KEY_MAP` as the README's Markdown table (a test keeps the two the same)."""
    rows = ["| key | does |", "|---|---|"]
    for group, keys in KEY_MAP:
        rows.append(f"| **{group}** | |")
        rows += [f"| `{key}` | {what} |" for key, what in keys]
    return "\n".join(rows) + "\n"


def search_help() -> tuple[tuple[str, str], ...]:
    """The query language, from the field registry: every filter with an example."""
    from cpec_tui.search.registry import FILTERS

    basics = (
        ("gwadar energy", "every word must match, as a prefix; case and accents are ignored"),
        ('"third parties"', "an exact phrase"),
        ("-word  -series:jcc", "leave out what matches"),
        ("gwadar OR energy", "either"),
    )
    return basics + tuple((f.example.split(", ")[0], f.what) for f in FILTERS)


class HelpScreen(ModalScreen[None]):
    """Every key and the search syntax; esc, q or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    #help-dialog {
        width: 90;
        max-width: 100%;
        height: 100%;
        max-height: 60;
        border: round $primary;
        background: $surface;
    }
    #help-body {
        height: 1fr;
        padding: 1 1 0 2;
        scrollbar-gutter: stable;  /* the scrollbar beside the text, never over it */
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
        width: 24;
        padding-left: 2;
        text-style: bold;
    }
    .help-what {
        width: 1fr;
    }
    #help-close {
        height: 1;
        padding: 0 2;
        color: $text-muted;
        text-style: italic;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close"),
        Binding("j,down", "scroll('down')", "Down", show=False),
        Binding("k,up", "scroll('up')", "Up", show=False),
        Binding("pagedown,space", "scroll('page_down')", "Page down", show=False),
        Binding("pageup", "scroll('page_up')", "Page up", show=False),
        Binding("g,home", "scroll('home')", "Top", show=False),
        Binding("G,end", "scroll('end')", "Bottom", show=False),
    ]

    def compose(self) -> ComposeResult:
        from cpec_tui.screens import views

        opened = tuple((view.key, f"open the {view.description.lower()}") for view in views.VIEWS)
        key_map = (*KEY_MAP, ("Views", opened)) if opened else KEY_MAP
        key_map = (*key_map, ("Search (type after /)", search_help()))
        with Vertical(id="help-dialog"):
            with VerticalScroll(id="help-body"):
                yield Static(Content("Keys"), id="help-title")
                for group, keys in key_map:
                    yield Static(Content(group), classes="help-group")
                    for key, what in keys:
                        with Horizontal(classes="help-row"):
                            yield Static(Content(key), classes="help-key")
                            yield Static(Content(what), classes="help-what")
            yield Static(Content(""), id="help-close")

    def on_mount(self) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        self.watch(body, "scroll_y", self._show_position)
        self.call_after_refresh(self._show_position)

    def _show_position(self) -> None:
        """Say whether more is below, and how to get there."""
        body = self.query_one("#help-body", VerticalScroll)
        more = body.scroll_y < body.max_scroll_y
        hint = "↓ more below: pgdn, end · " if more else ""
        self.query_one("#help-close", Static).update(Content(f"{hint}esc, q or ? closes"))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, where: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        {
            "down": body.scroll_down,
            "up": body.scroll_up,
            "page_down": body.scroll_page_down,
            "page_up": body.scroll_page_up,
            "home": body.scroll_home,
            "end": body.scroll_end,
        }[where](animate=False)
