"""The facets pane: how the current query's meetings fall by series, year, sector, theme,
country and outlet; choosing a value asks the browser to refine the query by it.

The browser owns whether the pane is shown and what it counts; the pane only draws the
counts it is given (each dimension's most common values) and says which one was chosen.
It is recounted on every keystroke, so it is a line-API view like the list: a new count
repaints only the lines whose text changed, each line rendered once per look. A new number of
lines would change its scrollable size, which makes Textual lay out the whole screen (~13 ms
at 120x40): the size grows at once but shrinks only once the typing pauses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.timer import Timer

from cpec_tui.countries import country_name
from cpec_tui.text import one_line
from cpec_tui.vocabulary import SECTORS, SERIES, THEMES, series_label
from cpec_tui.widgets.line_view import LineView

if TYPE_CHECKING:  # (the views import the models, which import pydantic)
    from cpec_tui.views.facets import Dimension, Facets

SHRINK_DELAY_SECONDS = 0.3
"""How long the pane waits, after a recount with fewer lines, before it scrolls less far."""
SHOWN_PER_DIMENSION = 8
"""Values listed per dimension (the most common first; years newest first)."""
LABEL_WIDTH = 20
"""Columns of a value's name (longer ones end in …; the count comes first)."""


def value_label(dimension: str, value: str) -> str:
    """A value as a reader knows it: ``JWG-ICC``, ``Agriculture``, ``Pakistan``, ``2024``."""
    if dimension == "series":
        return series_label(value) if value in SERIES else value
    names = {"sector": SECTORS, "theme": THEMES}.get(dimension)
    if names is not None:
        return names.get(value, value)
    return country_name(value) if dimension == "country" else value


@dataclass(frozen=True, slots=True)
class FacetLine:
    """A line of the pane: a dimension's heading, one of its values, or how many more."""

    text: str
    dimension: Dimension | None = None
    value: str | None = None
    """Set on a value's line (the one kind a cursor stops on)."""
    heading: bool = False


def facet_lines(facets: Facets) -> list[FacetLine]:
    """What the pane shows of ``facets``: per dimension a heading, then its first values."""
    lines: list[FacetLine] = []
    for dimension, counts in facets.dimensions.items():
        if not counts:
            continue
        lines.append(FacetLine(dimension.capitalize(), heading=True))
        for item in counts[:SHOWN_PER_DIMENSION]:
            label = one_line(value_label(dimension, item.value))
            if len(label) > LABEL_WIDTH:
                label = label[: LABEL_WIDTH - 1] + "…"
            lines.append(FacetLine(f"{item.count:>7,}  {label}", dimension, item.value))
        hidden = len(counts) - SHOWN_PER_DIMENSION
        if hidden > 0:
            lines.append(FacetLine(f"         … {hidden:,} more"))
    return lines or [FacetLine("No meeting to count.")]


class FacetsPane(LineView, can_focus=True):
    """Counts per dimension for the meetings shown; enter on a value refines the search."""

    DEFAULT_CSS = """
    FacetsPane {
        width: 32;
        height: 1fr;
        overflow-x: hidden;
        border-right: vkey $panel;
        scrollbar-size-vertical: 1;
    }
    FacetsPane:focus {
        border-right: vkey $primary;
    }
    FacetsPane > .facets-pane--heading {
        color: $text-accent;
        text-style: bold;
    }
    FacetsPane > .facets-pane--cursor {
        background: $block-cursor-blurred-background;
    }
    FacetsPane:focus > .facets-pane--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"facets-pane--heading", "facets-pane--cursor"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("home,g", "move(-100000)", "First", show=False),
        Binding("end,G,shift+g", "move(100000)", "Last", show=False),
        Binding("enter", "choose", "Refine the search"),
        Binding("escape,left", "leave", "To the list", show=False),
    ]

    class Chosen(Message):
        """The user chose a value: the query should be narrowed to it."""

        def __init__(self, dimension: Dimension, value: str) -> None:
            self.dimension: Dimension = dimension
            self.value = value
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: Facets | None = None
        self._lines: list[FacetLine] = []
        self._cursor: int | None = None
        self._strips: LRUCache[tuple[FacetLine, bool, int], Strip] = LRUCache(256)
        self._shrink: Timer | None = None
        self._styles: dict[tuple[bool, bool], RichStyle] = {}

    @property
    def lines(self) -> list[str]:
        """The text of every line (for tests and screen readers)."""
        return [line.text for line in self._lines]

    @property
    def cursor_line(self) -> FacetLine | None:
        """The value under the cursor, if any."""
        return self._lines[self._cursor] if self._cursor is not None else None

    def show(self, facets: Facets) -> None:
        """Show these counts, keeping the cursor on the same value if it is still there."""
        if facets == self._shown:
            return
        self._shown = facets
        was = self.cursor_line
        self._lines = facet_lines(facets)
        keep = (was.dimension, was.value) if was is not None else None
        values = [i for i, line in enumerate(self._lines) if line.value is not None]
        self._cursor = next(
            (i for i in values if (self._lines[i].dimension, self._lines[i].value) == keep),
            values[0] if values else None,
        )
        if len(self._lines) > self.virtual_size.height:
            self._fit()
        elif len(self._lines) < self.virtual_size.height:
            if self._shrink is not None:
                self._shrink.stop()
            self._shrink = self.set_timer(SHRINK_DELAY_SECONDS, self._fit)
        self._scroll_to_cursor()
        self._refresh_changed_lines()

    def _fit(self) -> None:
        """Scroll as far as the lines go (see the module's note on why not at every count)."""
        self.set_virtual_size(Size(self.scrollable_content_region.width, len(self._lines)))

    # -- keys -----------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        """The cursor to the value ``step`` values away (clamped)."""
        values = [i for i, line in enumerate(self._lines) if line.value is not None]
        if not values or self._cursor is None:
            return
        at = values.index(self._cursor)
        self._cursor = values[max(0, min(at + step, len(values) - 1))]
        self._scroll_to_cursor()
        self._refresh_changed_lines()

    def action_choose(self) -> None:
        line = self.cursor_line
        if line is not None and line.dimension is not None and line.value is not None:
            self.post_message(self.Chosen(line.dimension, line.value))

    def action_leave(self) -> None:
        self.screen.focus_previous()

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = self.scroll_offset.y + offset.y
        if row < len(self._lines) and self._lines[row].value is not None:
            self._cursor = row
            self._refresh_changed_lines()
            if event.chain >= 2:
                self.action_choose()

    # -- rendering ------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        row = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        key = self._line_key(row, width)
        self._drawn[y] = key
        if row >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        line = self._lines[row]
        is_cursor = row == self._cursor
        strip = self._strips.get((line, is_cursor, width))
        if strip is None:
            style = self._style(line.heading, is_cursor)
            strip = Strip([Segment(line.text, style)]).crop_extend(0, width, style)
            self._strips[(line, is_cursor, width)] = strip
        return strip

    def _style(self, heading: bool, is_cursor: bool) -> RichStyle:
        """A line's style from the CSS, resolved once per look (cleared on style changes)."""
        found = self._styles.get((heading, is_cursor))
        if found is None:
            style = self.visual_style
            if heading:
                style += self.get_visual_style("facets-pane--heading")
            if is_cursor:
                style += self.get_visual_style("facets-pane--cursor")
            found = self._styles[(heading, is_cursor)] = style.rich_style
        return found

    def _line_key(self, row: int, width: int) -> object:
        if row >= len(self._lines):
            return width
        return (self._lines[row], row == self._cursor, width)

    def _scroll_to_cursor(self) -> None:
        height = self.scrollable_content_region.height
        if self._cursor is None or height <= 0:
            return
        top = round(self.scroll_y)
        if self._cursor < top:  # (with its dimension's heading, if that is just above)
            top = self._cursor - (self._cursor > 0 and self._lines[self._cursor - 1].heading)
        elif self._cursor >= top + height:
            top = self._cursor - height + 1
        if top != round(self.scroll_y):
            self.scroll_to(y=max(0, top), animate=False, force=True)

    def notify_style_update(self) -> None:
        self._strips.clear()
        self._styles.clear()
        self._drawn.clear()
        super().notify_style_update()

    def _on_resize(self, event: events.Resize) -> None:
        self._drawn.clear()
        self._fit()
