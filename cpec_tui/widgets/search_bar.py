"""The search pane: a query input and one status line under it.

The status line says how many meetings match, which misspellings were corrected, or what is
wrong with the query; it never raises and never parses the query as markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.suggester import Suggester
from textual.widgets import Input, Static

from cpec_tui.text import one_line
from cpec_tui.widgets.safe_input import SafeInput

if TYPE_CHECKING:  # (the search imports pydantic: not before the first frame)
    from cpec_tui.search import QueryError, SearchResult

PLACEHOLDER = 'Search meetings: words, "a phrase", -exclude, field:value  (press / to search)'


def corrected_query(query: str, corrections: Mapping[str, str]) -> str:
    """``query`` with each corrected word replaced: ``agricultre`` -> ``agriculture``."""
    for wrong, right in corrections.items():
        query = re.sub(rf"(?<!\w){re.escape(wrong)}(?!\w)", right, query, flags=re.IGNORECASE)
    return query


class QuerySuggester(Suggester):
    """Completes the field name or vocabulary value being typed (``sec`` → ``sector:``);
    ``right`` at the end of the query accepts it."""

    async def get_suggestion(self, value: str) -> str | None:
        from cpec_tui.search.complete import complete  # (after the first frame: the search)

        return complete(value)


class SearchBar(Vertical):
    """Input plus status; :attr:`query_text` follows every edit of the input."""

    DEFAULT_CSS = """
    SearchBar {
        height: auto;
        padding: 0 1;
        background: $boost;
    }
    SearchBar #search-input {
        width: 1fr;
        background: $surface;
    }
    SearchBar #search-input:focus {
        background: $surface-lighten-1;
    }
    SearchBar #search-status {
        height: 1;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;  /* cut visibly; the list shows a query error whole */
    }
    SearchBar > .search-bar--count {
        color: $text;
    }
    SearchBar > .search-bar--correction {
        color: $text-accent;
        text-style: bold;
    }
    SearchBar > .search-bar--error {
        color: $text-error;
    }
    SearchBar > .search-bar--error-part {
        background: $error-muted;
        text-style: bold underline;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Leave search", show=False),
        Binding("down", "leave", "To the list", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "search-bar--count",
        "search-bar--correction",
        "search-bar--error",
        "search-bar--error-part",
    }

    class Left(Message):
        """The user left the query input (escape or down) without submitting."""

    class Submitted(Message):
        """Enter was pressed in the query input."""

        def __init__(self, query: str) -> None:
            self.query = query
            super().__init__()

    query_text: var[str] = var("", init=False)
    """The query as typed, set in the same turn as the input's edit (a watcher, not a message).

    Watch it to answer each keystroke in the keystroke's own frame: Textual paints the edited
    input as soon as the input is idle, so an answer that arrives by message lands after that
    frame and waits for the next frame slot, 17 to 33 ms later.
    """

    def compose(self) -> ComposeResult:
        yield SafeInput(
            placeholder=PLACEHOLDER,
            id="search-input",
            compact=True,
            suggester=QuerySuggester(case_sensitive=True),
        )
        yield Static(Content(""), id="search-status")

    def on_mount(self) -> None:
        field = self.query_one("#search-input", Input)
        self.watch(field, "value", self._follow_input, init=False)

    def _follow_input(self, value: str) -> None:
        self.query_text = value

    def set_query(self, text: str) -> None:
        """Replace the query (:attr:`query_text` follows, as if typed)."""
        field = self.query_one("#search-input", Input)
        field.value = text
        field.cursor_position = len(text)

    def focus_input(self) -> None:
        """Put the keyboard in the query input."""
        self.query_one("#search-input", Input).focus()

    def show_status(self, status: Content) -> None:
        """Show ``status`` (already safe content) under the input."""
        # One line whatever it says (see the CSS): no layout needed, only a repaint.
        self.query_one("#search-status", Static).update(status, layout=False)

    def show_result(
        self, result: SearchResult, *, query: str, total: int, extra: Sequence[str] = ()
    ) -> None:
        """Describe ``result``: a count, a correction, an empty result or a query error;
        then ``extra`` (plain text: how the list is ordered, what is marked)."""
        status = self._describe(result, query, total)
        for part in extra:
            status += Content(f" · {one_line(part)}")
        self.show_status(status)

    def _describe(self, result: SearchResult, query: str, total: int) -> Content:
        count_style = self.get_visual_style("search-bar--count")
        if not query.strip():
            return Content(f"{total:,} meetings").stylize(count_style)
        found = len(result)
        status = Content(f"{found:,} of {total:,} meetings").stylize(count_style)
        if result.error is not None:
            return status + "  " + self._error(result.error, query)
        if result.corrections:
            fixed = one_line(corrected_query(query, result.corrections))
            status += Content.assemble(
                " · showing results for ",
                (fixed, self.get_visual_style("search-bar--correction")),
            )
        if not found and result.did_you_mean:
            status += Content.assemble(
                " · did you mean ",
                (one_line(result.did_you_mean), self.get_visual_style("search-bar--correction")),
                "? (enter)",
            )
        return status

    def _error(self, error: QueryError, query: str) -> Content:
        """The error's message, then the query with the offending part marked."""
        message = Content(f"⚠ {one_line(error.message)}").stylize(
            self.get_visual_style("search-bar--error")
        )
        fixed = getattr(error, "fixed_query", None)
        if isinstance(fixed, str) and fixed:
            message += Content.assemble(
                " · did you mean ",
                (one_line(fixed), self.get_visual_style("search-bar--correction")),
                "? (enter)",
            )
        elif error.suggestion:
            message += Content(f" · try {one_line(error.suggestion)}")
        shown = Content(one_line(query), strip_control_codes=False)
        start, end = max(0, error.start), min(len(query), error.end)
        if start < end:
            shown = shown.stylize(self.get_visual_style("search-bar--error-part"), start, end)
        return message + "  in  " + shown

    def action_leave(self) -> None:
        self.post_message(self.Left())

    @property
    def status_text(self) -> str:
        """The status line as plain text (for tests)."""
        content = self.query_one("#search-status", Static).content
        return content.plain if isinstance(content, Content) else str(content)

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(event.value))
