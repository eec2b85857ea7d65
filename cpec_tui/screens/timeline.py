"""The timeline: a lane per series, years (or months) across, each meeting a mark showing its
round, and the rounds the record lacks named for the lane under the cursor.

Narrowed by the browser's query. Building the series index reads every summary (seconds at
100,000 meetings), so it runs in a worker, once per library; what one frame draws is a few
binary searches per lane and column, however many meetings a lane has.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Footer, Static

from cpec_tui.present import CONFLICT_MARK, UNCERTAIN_MARK
from cpec_tui.screens.across import AcrossScreen
from cpec_tui.text import format_date, one_line
from cpec_tui.views.timeline import cell_text, rounds_text
from cpec_tui.vocabulary import series_label

if TYPE_CHECKING:
    from cpec_tui.library import Library
    from cpec_tui.views.timeline import Lane, Mark

Zoom = Literal["years", "months"]
NAME_WIDTH = 10
"""Columns of a lane's name (``JWG-ICC``; longer names end in …)."""
GAPS_WIDTH = 8
"""Columns kept for a lane's missing rounds, at its right end (``4 gaps``; where the
width allows, the rounds themselves: ``missing 2-4, 13``)."""
MIN_CELL = 4
MONTH_CELL = 4
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DASH = "\u2013"  # an en dash, for ranges of years


def month_of(date: str) -> int:
    """A recorded date as a month number (``year * 12 + month - 1``); a bare year is its
    January."""
    month = int(date[5:7]) if len(date) >= 7 else 1
    return int(date[:4]) * 12 + month - 1


@dataclass(frozen=True)
class LaneRow:
    """A lane, with its marks' months and rounds read once (the worker does it)."""

    lane: Lane
    months: array[int]
    """Each mark's :func:`month_of`, oldest first (the marks' order)."""
    rounds: tuple[int | None, ...]

    @classmethod
    def of(cls, lane: Lane) -> LaneRow:
        marks = list(lane.marks)
        months = array("i", [month_of(mark.date) for mark in marks])
        return cls(lane, months, tuple(mark.sequence for mark in marks))

    def bucket(self, i: int, zoom: Zoom) -> int:
        """The column (a year, or a month number) mark ``i`` goes in."""
        return self.months[i] if zoom == "months" else self.months[i] // 12

    def span(self, bucket: int, zoom: Zoom) -> range:
        """The marks in a column."""
        if zoom == "months":
            return range(bisect_left(self.months, bucket), bisect_right(self.months, bucket))
        lo = bisect_left(self.months, bucket * 12)
        return range(lo, bisect_left(self.months, bucket * 12 + 12))

    def nearest(self, month: int) -> int:
        """The mark closest in time to ``month``."""
        i = bisect_left(self.months, month)
        if i == len(self.months):
            return i - 1
        if i and month - self.months[i - 1] <= self.months[i] - month:
            return i - 1
        return i


class TimelineChart(Widget, can_focus=True):
    """The lanes and the axis, with a cursor on one mark; told what to show by the screen."""

    DEFAULT_CSS = """
    TimelineChart {
        height: auto;
        padding: 0 1;
    }
    TimelineChart > .timeline-chart--axis {
        color: $text-muted;
        text-style: bold;
    }
    TimelineChart > .timeline-chart--name {
        color: $text-primary;
    }
    TimelineChart > .timeline-chart--empty {
        color: $text-muted;
    }
    TimelineChart > .timeline-chart--gaps {
        color: $text-warning;
    }
    TimelineChart > .timeline-chart--cursor {
        background: $block-cursor-blurred-background;
    }
    TimelineChart:focus > .timeline-chart--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline-chart--axis",
        "timeline-chart--name",
        "timeline-chart--empty",
        "timeline-chart--gaps",
        "timeline-chart--cursor",
    }

    rows: reactive[tuple[LaneRow, ...]] = reactive((), layout=True)
    lane: reactive[int] = reactive(0)
    mark: reactive[int] = reactive(0)
    zoom: reactive[Zoom] = reactive("years", layout=True)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._first = 0
        """The first column shown, when the columns do not all fit."""

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.rows) + self._axis_lines() if self.rows else 1

    def _axis_lines(self) -> int:
        return 2 if self.zoom == "months" else 1

    def _columns(self) -> tuple[int, int, int]:
        """The first column, how many fit, and each one's width."""
        rows = self.rows
        lo = min(row.bucket(0, self.zoom) for row in rows)
        hi = max(row.bucket(len(row.months) - 1, self.zoom) for row in rows)
        room = max(MIN_CELL, self.content_size.width - NAME_WIDTH - GAPS_WIDTH)
        count = hi - lo + 1
        width = MONTH_CELL if self.zoom == "months" else max(MIN_CELL, room // count)
        fit = max(1, room // width)
        if fit >= count:
            return lo, count, width
        at = rows[self.lane].bucket(self.mark, self.zoom)  # keep the cursor's column in view
        first = self._first if lo <= self._first <= hi else lo
        if not first <= at < first + fit:
            first = at - fit // 2
        self._first = max(lo, min(first, hi - fit + 1))
        return self._first, fit, width

    def render(self) -> Content:
        if not self.rows:
            return Content("No meeting to show.")
        first, fit, width = self._columns()
        buckets = range(first, first + fit)
        axis = self.get_visual_style("timeline-chart--axis")
        lines: list[Content] = []
        if self.zoom == "months":
            years = "".join(
                (str(b // 12) if b % 12 == 0 or b == first else "").ljust(width) for b in buckets
            )
            lines.append(Content(" " * NAME_WIDTH + years).stylize(axis))
            months = "".join(MONTHS[b % 12].ljust(width) for b in buckets)
            lines.append(Content(" " * NAME_WIDTH + months).stylize(axis))
        else:
            years = "".join(
                (str(b) if width > 4 else f"'{b % 100:02d}").ljust(width) for b in buckets
            )
            lines.append(Content(" " * NAME_WIDTH + years).stylize(axis))
        for number, row in enumerate(self.rows):
            lines.append(self._lane_line(number, row, buckets, width))
        return Content("\n").join(lines)

    def _lane_line(self, number: int, row: LaneRow, buckets: range, width: int) -> Content:
        empty = self.get_visual_style("timeline-chart--empty")
        cursor = self.get_visual_style("timeline-chart--cursor")
        name = series_label(row.lane.series)
        if len(name) > NAME_WIDTH - 1:
            name = name[: NAME_WIDTH - 2] + "…"
        parts: list[Content] = [
            Content(name.ljust(NAME_WIDTH)).stylize(self.get_visual_style("timeline-chart--name"))
        ]
        selected = self.mark if number == self.lane else None
        for bucket in buckets:
            marks = row.span(bucket, self.zoom)
            text, each = cell_text([row.rounds[i] for i in marks], width)
            cell = Content(text.ljust(width))
            if not marks:
                cell = cell.stylize(empty)
            elif selected is not None and selected in marks:
                if each:  # the selected round alone
                    before = [_round(row.rounds[i]) for i in range(marks.start, selected)]
                    start = sum(len(text) + 1 for text in before)
                    cell = cell.stylize(cursor, start, start + len(_round(row.rounds[selected])))
                else:
                    cell = cell.stylize(cursor, 0, len(text))
            parts.append(cell)
        missing = row.lane.missing
        spare = max(GAPS_WIDTH, self.content_size.width - NAME_WIDTH - len(buckets) * width)
        gaps = f" missing {rounds_text(missing)}" if missing else ""
        if len(gaps) > spare:
            gaps = f"{len(missing)} gap{'s' * (len(missing) != 1)}".rjust(GAPS_WIDTH)
        parts.append(Content(gaps).stylize(self.get_visual_style("timeline-chart--gaps")))
        return Content("").join(parts)

    def cursor_line(self) -> int:
        """The line the cursor's lane is drawn on (to scroll it into view)."""
        return self._axis_lines() + self.lane


def _round(sequence: int | None) -> str:
    return "•" if sequence is None else str(sequence)


class TimelineScreen(AcrossScreen):
    """The meetings of the browser's query on a time axis, a lane per series."""

    DEFAULT_CSS = """
    TimelineScreen #timeline-head {
        height: 1;
        padding: 0 1;
        background: $boost;
        color: $text-muted;
    }
    TimelineScreen #timeline-scroll {
        height: 1fr;
    }
    TimelineScreen #timeline-info {
        height: auto;
        max-height: 4;
        padding: 0 1;
        border-top: solid $panel;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "step(-1)", "Earlier", show=False),
        Binding("right,l", "step(1)", "Later", show=False),
        Binding("up,k", "lane(-1)", "Lane up", show=False),
        Binding("down,j", "lane(1)", "Lane down", show=False),
        Binding("home,g", "end(0)", "First", show=False),
        Binding("end,G,shift+g", "end(1)", "Last", show=False),
        Binding("z", "zoom", "Years/months"),
        Binding("enter", "open", "Open"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__(library)
        self._query = ""
        self._what = "Building the timeline…"

    def compose(self) -> ComposeResult:
        yield Static(Content("Timeline"), id="timeline-head")
        with VerticalScroll(id="timeline-scroll", can_focus=False):
            yield TimelineChart(id="chart")
        yield Static(Content(""), id="timeline-info")
        yield Footer()

    @property
    def chart(self) -> TimelineChart:
        return self.query_one("#chart", TimelineChart)

    def on_mount(self) -> None:
        self._query = self.browser_query
        self.chart.loading = True
        self.chart.focus()
        self._head()
        self._build(self._query)

    @work(thread=True, exclusive=True)
    def _build(self, query: str) -> None:
        """The lanes of ``query``'s meetings, their months and rounds read off the loop."""
        index = self.library.timeline_index()
        result = self.library.search(query) if query.strip() else None
        within = result.bitmap if result is not None and result.error is None else None
        rows = tuple(LaneRow.of(lane) for lane in index.timeline(within).lanes)
        error = result is not None and result.error is not None
        self.app.call_from_thread(self._built, rows, error)

    def _built(self, rows: tuple[LaneRow, ...], query_error: bool) -> None:
        chart = self.chart
        chart.loading = False
        chart.rows = rows
        count = sum(len(row.months) for row in rows)
        what = f"{count:,} meeting{'s' * (count != 1)} in {len(rows)} series"
        if self._query.strip():
            shown = one_line(self._query)
            what += f" · search: {shown}" + (" (not valid: all shown)" if query_error else "")
        self._what = what
        self._head()
        self._show_info()

    def _head(self) -> None:
        other = "years" if self.chart.zoom == "months" else "months"
        text = f"Timeline · {self._what} · {self.chart.zoom} across (z: {other})"
        self.query_one("#timeline-head", Static).update(Content(text))

    def _selected(self) -> tuple[LaneRow, Mark] | None:
        chart = self.chart
        if not chart.rows:
            return None
        row = chart.rows[chart.lane]
        return row, row.lane.marks[chart.mark]

    @property
    def selected_id(self) -> str | None:
        """The id of the meeting under the cursor."""
        found = self._selected()
        return found[1].id if found is not None else None

    def _show_info(self) -> None:
        info = self.query_one("#timeline-info", Static)
        found = self._selected()
        if found is None:
            info.update(Content("No meeting matches the browser's search."))
            return
        row, mark = found
        lane = row.lane
        flag = f" {CONFLICT_MARK} reports conflict" if mark.conflicting else ""
        if mark.uncertain:
            flag += f" {UNCERTAIN_MARK} date approximate"
        first, last = lane.years
        years = str(first) if first == last else f"{first}{DASH}{last}"
        count = len(lane.marks)
        about = f"{lane.name}: {count} meeting{'s' * (count != 1)}, {years}"
        if lane.missing:
            plural = "s" * (len(lane.missing) > 1)
            about += f" · not in the record: round{plural} {rounds_text(lane.missing)}"
        else:
            about += " · no round missing"
        head = f"{mark.label} · {format_date(mark.date)}{flag} · {mark.short_title}"
        info.update(Content(f"{one_line(head)}\n{one_line(about)}"))

    def _moved(self) -> None:
        chart = self.chart
        chart.refresh()
        scroll = self.query_one("#timeline-scroll", VerticalScroll)
        scroll.scroll_to_region(Region(0, chart.cursor_line(), 1, 1), animate=False)
        self._show_info()

    def action_step(self, step: int) -> None:
        chart = self.chart
        if chart.rows:
            count = len(chart.rows[chart.lane].months)
            chart.mark = max(0, min(chart.mark + step, count - 1))
            self._moved()

    def action_lane(self, step: int) -> None:
        chart = self.chart
        if not chart.rows:
            return
        lane = max(0, min(chart.lane + step, len(chart.rows) - 1))
        if lane != chart.lane:
            month = chart.rows[chart.lane].months[chart.mark]
            chart.mark = chart.rows[lane].nearest(month)
            chart.lane = lane
            self._moved()

    def action_end(self, last: int) -> None:
        chart = self.chart
        if chart.rows:
            chart.mark = len(chart.rows[chart.lane].months) - 1 if last else 0
            self._moved()

    def action_zoom(self) -> None:
        chart = self.chart
        chart.zoom = "months" if chart.zoom == "years" else "years"
        self._head()
        self._moved()

    def action_open(self) -> None:
        meeting_id = self.selected_id
        if meeting_id is not None:
            self.open_in_browser(meeting_id)
