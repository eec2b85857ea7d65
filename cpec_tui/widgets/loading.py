"""A loading indicator that says what is being done ("Building the search index…").

It looks like Textual's :class:`~textual.widgets.LoadingIndicator` (which it is) but draws
line by line: a frame of the animation redraws the one line of dots, not every line of the
pane. That matters while loading: each redrawn line leaves garbage for the cyclic GC, which
the loading thread keeps paused (see :func:`cpec_tui.app.load_engine`), and costs the
loading thread time.
"""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import LoadingIndicator

from cpec_tui.text import one_line


class ProgressIndicator(LoadingIndicator):
    """Textual's animated dots, and under them what is being done (if anything)."""

    def __init__(self, step: str = "") -> None:
        super().__init__()
        self._step = step
        self._blank: Strip | None = None

    @property
    def step(self) -> str:
        """What is being done (plain text, shown as is)."""
        return self._step

    @step.setter
    def step(self, step: str) -> None:
        if step != self._step:
            self._step = step
            self.refresh()

    def _lines(self) -> list[Text]:
        dots = self.render()
        if not isinstance(dots, Text):  # (not expected: the indicator renders Text)
            dots = Text(str(dots))
        return [dots, Text(), Text(one_line(self._step))] if self._step else [dots]

    def _top(self, count: int) -> int:
        return max(0, (self.size.height - count) // 2)

    def automatic_refresh(self) -> None:
        """Redraw the dots only (an animation frame)."""
        if self.is_on_screen:
            top = self._top(3 if self._step else 1)
            self.refresh(Region(0, top, self.size.width, 1))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        lines = self._lines()
        index = y - self._top(len(lines))
        if 0 <= index < len(lines) and lines[index]:
            return self._strip(lines[index], width)
        blank = self._blank
        if blank is None or blank.cell_length != width:
            blank = self._blank = self._strip(Text(), width)
        return blank

    def _strip(self, text: Text, width: int) -> Strip:
        console: Console = self.app.console
        options = console.options.update(width=width, height=1, no_wrap=True, overflow="ellipsis")
        text.justify = "center"
        [line] = console.render_lines(text, options, style=self.rich_style, pad=True)
        return Strip(Segment.simplify(line), width)
