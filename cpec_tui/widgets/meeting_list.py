"""The list of meetings: one row per meeting, newest first, drawn only where it is visible.

This is a line-API ``ScrollView``: it holds a reference to the search result's positions
(indices into the engine's meetings) and renders a row only when Textual asks for that line,
so replacing 100,000 rows on a keystroke costs as much as replacing ten. A row's look depends
on its meeting, its cursor and the query's matches in it, not on the query itself: rendered
rows are cached per (position, cursor, matches, width), and a new result repaints only the
screen lines whose row looks different (most keystrokes change no visible row). The cache is
dropped when styles change.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.widget import Widget

from cpec_tui.present import marks
from cpec_tui.text import format_date, one_line
from cpec_tui.widgets.line_view import LineView
from cpec_tui.widgets.loading import ProgressIndicator
from cpec_tui.widgets.text_content import Ranges, Spans

if TYPE_CHECKING:  # (the models import pydantic: not before the first frame)
    from cpec_tui.meetings import Meetings, MeetingSummary
    from cpec_tui.models import Meeting

NOTE_MARK = "✎"
DATE_WIDTH = 11  # "21 Jan 2024"
MAX_LABEL_WIDTH = 16
FULL_TITLE_WIDTH = 80
"""From this many columns the list shows each meeting's full title, not its short one."""

SpansOf = Callable[["MeetingSummary"], Spans]
RowKey = tuple[int, bool, Ranges, Ranges]
"""What a row looks like: position, cursor, and the matches in its label and title (the
short or the full one, as the width decides; the width is part of the cache key)."""


@dataclass(frozen=True)
class _RowStyles:
    """Rich styles of one row's parts, for the cursor row or the others."""

    base: RichStyle
    note: RichStyle
    disputed: RichStyle
    date: RichStyle
    label: RichStyle
    match: RichStyle
    label_match: RichStyle


def _split(text: str, ranges: Ranges, style: RichStyle, match: RichStyle) -> list[Segment]:
    """``text`` as segments, the parts inside ``ranges`` in the ``match`` style."""
    segments: list[Segment] = []
    at = 0
    for start, end in sorted(ranges):
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        if start > at:
            segments.append(Segment(text[at:start], style))
        segments.append(Segment(text[start:end], match))
        at = end
    if at < len(text):
        segments.append(Segment(text[at:], style))
    return segments


@dataclass(frozen=True)
class EmptyState:
    """What the list says when nothing matches: a reason and perhaps a suggestion."""

    message: str
    suggestion: str | None = None


class MeetingList(LineView, can_focus=True):
    """Meetings as rows of date, label and short title, with marks and matches highlighted."""

    DEFAULT_CSS = """
    MeetingList {
        width: 46%;
        min-width: 40;
        height: 1fr;
        overflow-x: hidden;
        border-right: vkey $panel;
        scrollbar-size-vertical: 1;
    }
    MeetingList > .meeting-list--cursor {
        background: $block-cursor-blurred-background;
    }
    MeetingList:focus > .meeting-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    MeetingList > .meeting-list--match {
        color: $text-accent;
        text-style: bold underline;
    }
    MeetingList > .meeting-list--date {
        color: $text-muted;
    }
    MeetingList > .meeting-list--label {
        color: $text-primary;
    }
    MeetingList > .meeting-list--note {
        color: $text-success;
    }
    MeetingList > .meeting-list--disputed {
        color: $text-warning;
    }
    MeetingList > .meeting-list--empty {
        color: $text-muted;
        text-style: italic;
    }
    MeetingList > .meeting-list--suggestion {
        color: $text-accent;
        text-style: bold;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G,shift+g", "last", "Last", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("enter,tab", "open", "Details"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "meeting-list--cursor",
        "meeting-list--match",
        "meeting-list--date",
        "meeting-list--label",
        "meeting-list--note",
        "meeting-list--disputed",
        "meeting-list--empty",
        "meeting-list--suggestion",
    }

    class Highlighted(Message):
        """The cursor is on a different meeting (``None``: the list is empty)."""

        def __init__(self, meeting_id: str | None) -> None:
            self.meeting_id = meeting_id
            super().__init__()

    class Opened(Message):
        """The user asked to read the highlighted meeting (enter, tab or double click)."""

        def __init__(self, meeting_id: str) -> None:
            self.meeting_id = meeting_id
            super().__init__()

    class SuggestionChosen(Message):
        """The user accepted the "did you mean" suggestion shown for an empty result."""

        def __init__(self, suggestion: str) -> None:
            self.suggestion = suggestion
            super().__init__()

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._meetings: Meetings | None = None
        self._rows: Sequence[int] = ()
        self._query_key: object = None
        self._spans_of: SpansOf | None = None
        self._noted: frozenset[str] = frozenset()
        self._empty = EmptyState("No meetings.")
        self._label_width = 8
        self._cursor = 0
        self._announced: str | None = None
        # A few screens of rows: a Strip is ~30 objects that every full GC pass walks.
        self._cache: LRUCache[tuple[RowKey, int], Strip] = LRUCache(128)
        self._row_spans: LRUCache[int, Spans] = LRUCache(1024)  # per position, this query
        self._styles: dict[bool, _RowStyles] = {}
        self._loading_message = ""
        self._indicator: ProgressIndicator | None = None

    # -- while loading --------------------------------------------------------------------

    @property
    def loading_message(self) -> str:
        """What the loading indicator says is being done (while ``loading``)."""
        return self._loading_message

    @loading_message.setter
    def loading_message(self, message: str) -> None:
        self._loading_message = message
        if self._indicator is not None:
            self._indicator.step = message

    def get_loading_widget(self) -> Widget:
        self._indicator = ProgressIndicator(self._loading_message)
        return self._indicator

    # -- what the list shows --------------------------------------------------------------

    def set_meetings(self, meetings: Meetings) -> None:
        """The meetings rows refer to (by position); set once the dataset is loaded."""
        self._meetings = meetings
        widest = max(map(len, meetings.labels), default=8)
        self._label_width = min(widest, MAX_LABEL_WIDTH)
        self._forget_rendered()

    def show(
        self,
        rows: Sequence[int],
        *,
        query_key: object,
        spans_of: SpansOf | None,
        cursor: int = 0,
        empty: EmptyState | None = None,
    ) -> None:
        """Show these positions as rows; O(1) in their number (rows render when visible)."""
        if query_key != self._query_key:
            self._row_spans.clear()
        self._rows = rows
        self._query_key = query_key
        self._spans_of = spans_of
        if empty is not None:
            self._empty = empty
        self._cursor = self._clamp(cursor)
        self._update_virtual_size()
        self._scroll_to_cursor(center=True)
        self._refresh_changed_lines()
        self._announce()

    def set_noted(self, meeting_ids: frozenset[str]) -> None:
        """Which meetings have notes (marked with a pencil)."""
        if meeting_ids != self._noted:
            self._noted = meeting_ids
            self._forget_rendered()
            self.refresh()

    @property
    def cursor(self) -> int:
        """The row the cursor is on."""
        return self._cursor

    @property
    def row_count(self) -> int:
        """How many meetings the list shows."""
        return len(self._rows)

    @property
    def highlighted_id(self) -> str | None:
        """The id of the meeting under the cursor, if any."""
        if not self._rows or self._meetings is None:
            return None
        return self._meetings.ids[self._rows[self._cursor]]

    @property
    def highlighted_meeting(self) -> Meeting | None:
        """The meeting under the cursor, if any."""
        if not self._rows or self._meetings is None:
            return None
        return self._meetings[self._rows[self._cursor]]

    def row_text(self, row: int) -> str:
        """The plain text of a row as drawn (for tests and screen readers)."""
        return "".join(segment.text for segment in self._row_segments(row, self._row_styles(False)))

    def move_to(self, row: int) -> None:
        """Put the cursor on ``row`` (clamped) and bring it into view."""
        row = self._clamp(row)
        if row != self._cursor:
            old = self._cursor
            self._cursor = row
            self._refresh_row(old)
            self._refresh_row(row)
        self._scroll_to_cursor()
        self._announce()

    # -- actions --------------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        self.move_to(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_to(self._cursor + 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self._rows) - 1)

    def action_page_up(self) -> None:
        self.move_to(self._cursor - self._page())

    def action_page_down(self) -> None:
        self.move_to(self._cursor + self._page())

    def action_open(self) -> None:
        meeting_id = self.highlighted_id
        if meeting_id is not None:
            self.post_message(self.Opened(meeting_id))
        elif self._empty.suggestion:
            self.post_message(self.SuggestionChosen(self._empty.suggestion))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = self.scroll_offset.y + offset.y
        if not self._rows:
            lines = self._empty_lines(self.scrollable_content_region.width)
            if self._empty.suggestion and row == len(lines) - 1:
                self.post_message(self.SuggestionChosen(self._empty.suggestion))
            return
        if row < len(self._rows):
            self.move_to(row)
            if event.chain >= 2:
                self.action_open()

    # -- rendering ------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        row = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        self._drawn[y] = self._line_key(row, width)
        if not self._rows:
            return self._render_empty(row, width)
        if row >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        key = (self._row_key(row), width)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row(row, row == self._cursor, width)
            self._cache[key] = strip
        return strip

    def _line_key(self, row: int, width: int) -> object:
        """What decides how ``row`` looks: equal keys draw equal lines."""
        if not self._rows:
            return (self._empty, width)
        if row >= len(self._rows):
            return width
        return (self._row_key(row), width)

    def _row_key(self, row: int) -> RowKey:
        spans = self._spans(row)
        label, title = spans.get("label", ()), spans.get(self._title_field(), ())
        return (self._rows[row], row == self._cursor, tuple(label), tuple(title))

    def _spans(self, row: int) -> Spans:
        """The query's matches in ``row`` (computed once per query and position)."""
        if self._spans_of is None:
            return {}
        position = self._rows[row]
        spans = self._row_spans.get(position)
        if spans is None:
            assert self._meetings is not None  # (there are rows)
            summary = self._meetings.summaries[position]
            spans = self._row_spans[position] = self._spans_of(summary)
        return spans

    def _title_field(self) -> str:
        """Which title rows show: the full one when the pane is wide enough for it."""
        wide = self.scrollable_content_region.width >= FULL_TITLE_WIDTH
        return "title" if wide else "short_title"

    def _forget_rendered(self) -> None:
        """Rows must be rendered again (their look changed): drop cached and drawn rows."""
        self._cache.clear()
        self._drawn.clear()

    def _render_row(self, row: int, is_cursor: bool, width: int) -> Strip:
        styles = self._row_styles(is_cursor)
        strip = Strip(self._row_segments(row, styles))
        if strip.cell_length > width > 1:  # a title too long for the pane ends in "…"
            strip = Strip([*strip.crop(0, width - 1), Segment("…", styles.base)])
        return strip.crop_extend(0, width, styles.base)

    def _row_styles(self, is_cursor: bool) -> _RowStyles:
        """The row's styles from the CSS, resolved once per look (cleared on style changes)."""
        found = self._styles.get(is_cursor)
        if found is None:
            base = self.visual_style
            # The cursor's colours span the whole row: each column's own style (which carries
            # the pane's background) goes under them, not over them.
            row_background = VisualStyle()
            if is_cursor:
                cursor = self.get_visual_style("meeting-list--cursor")
                base = base + cursor
                row_background = VisualStyle(
                    background=cursor.background, foreground=cursor.foreground
                )

            def over(name: str, under: VisualStyle = base) -> RichStyle:
                column = under + self.get_visual_style(f"meeting-list--{name}")
                return (column + row_background).rich_style

            label = base + self.get_visual_style("meeting-list--label") + row_background
            found = _RowStyles(
                base=base.rich_style,
                note=over("note"),
                disputed=over("disputed"),
                date=over("date"),
                label=label.rich_style,
                match=over("match"),
                label_match=over("match", label),
            )
            self._styles[is_cursor] = found
        return found

    def _row_segments(self, row: int, styles: _RowStyles) -> list[Segment]:
        """``✎ ⚠ 21 Jan 2024  JWG-ICC 4   4th JWG-ICC`` with the query's matches marked.

        Built as plain segments rather than ``Content``: a screenful of rows is redrawn on
        every keystroke that changes the result, so each row must cost microseconds.
        """
        assert self._meetings is not None  # (there are rows)
        meeting = self._meetings.summaries[self._rows[row]]
        spans = self._spans(row)
        label = one_line(meeting.label)
        label_ranges: Ranges = spans.get("label", ())
        if len(label) > self._label_width:
            label = label[: self._label_width - 1] + "…"
            label_ranges = [(a, min(b, len(label) - 1)) for a, b in label_ranges]
        segments = [
            Segment(NOTE_MARK if meeting.id in self._noted else " ", styles.note),
            Segment(marks(meeting.conflicting, meeting.uncertain), styles.disputed),
            Segment(" ", styles.base),
            Segment(format_date(meeting.date).ljust(DATE_WIDTH), styles.date),
            Segment("  ", styles.base),
        ]
        segments += _split(label, label_ranges, styles.label, styles.label_match)
        segments.append(Segment(" " * (self._label_width - len(label) + 2), styles.base))
        field = self._title_field()
        title = meeting.title if field == "title" else meeting.short_title
        segments += _split(one_line(title), spans.get(field, ()), styles.base, styles.match)
        return segments

    def _render_empty(self, row: int, width: int) -> Strip:
        lines = self._empty_lines(width)
        if row >= len(lines):
            return Strip.blank(width, self.rich_style)
        base = self.visual_style
        segments: list[Segment] = list(lines[row].render_segments(base))
        return Strip(segments).crop_extend(0, width, base.rich_style)

    def _empty_lines(self, width: int) -> list[Content]:
        """The reason, wrapped to the pane (never cut), then the suggestion if there is one."""
        reason = one_line(self._empty.message)
        style = self.get_visual_style("meeting-list--empty")
        lines = [
            Content(f" {line}").stylize(style)
            for line in textwrap.wrap(reason, max(width - 2, 10)) or [""]
        ]
        if self._empty.suggestion:
            lines.append(
                Content.assemble(
                    " Did you mean ",
                    (
                        one_line(self._empty.suggestion),
                        self.get_visual_style("meeting-list--suggestion"),
                    ),
                    "? Press enter to search for it.",
                )
            )
        return lines

    # -- internals ------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        self._forget_rendered()
        self._styles.clear()
        super().notify_style_update()

    def _on_resize(self, event: events.Resize) -> None:
        self._forget_rendered()
        self._update_virtual_size()
        self._scroll_to_cursor()

    def _clamp(self, row: int) -> int:
        return max(0, min(row, len(self._rows) - 1))

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _update_virtual_size(self) -> None:
        rows = len(self._rows) if self._rows else 2
        self.set_virtual_size(Size(self.scrollable_content_region.width, rows))

    def _refresh_row(self, row: int) -> None:
        self.refresh_line(row)

    def _scroll_to_cursor(self, *, center: bool = False) -> None:
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top = round(self.scroll_y)
        if center and not top <= self._cursor < top + height:
            top = self._cursor - height // 2
        elif self._cursor < top:
            top = self._cursor
        elif self._cursor >= top + height:
            top = self._cursor - height + 1
        top = max(0, min(top, len(self._rows) - height))
        if top != round(self.scroll_y):
            self.scroll_to(y=top, animate=False, force=True)

    def _announce(self) -> None:
        """Tell the app which meeting is highlighted, once per change."""
        meeting_id = self.highlighted_id
        if meeting_id != self._announced:
            self._announced = meeting_id
            self.post_message(self.Highlighted(meeting_id))
