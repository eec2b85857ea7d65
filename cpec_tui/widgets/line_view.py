"""The base of the list and detail panes: a line-API ``ScrollView`` repainted line by line.

Both panes repaint only the screen lines that change on a keystroke. Two things in Textual's
``ScrollView`` would repaint more, so this class does them differently:

* setting ``virtual_size`` (a reactive with ``layout=True``) marks every line dirty;
  :meth:`LineView.set_virtual_size` asks for the layout alone (the scrollbars follow it);
* on every layout of the screen (the search input asks for one on each keystroke) Textual
  compares the pane's content region with its virtual size, which always differ for a
  line-API widget, and repaints both scrollbars; this class updates them only when the
  pane's size, virtual size or scrollbars changed.
"""

from __future__ import annotations

from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.widget import Widget


class LineView(ScrollView):
    """A ``ScrollView`` whose lines and scrollbars are repainted only when they change."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._geometry: tuple[object, ...] | None = None
        self._drawn: dict[int, object] = {}
        """Screen line -> the :meth:`_line_key` of what was last rendered there."""

    def _line_key(self, row: int, width: int) -> object:
        """What row ``row`` looks like at ``width``: equal keys draw the same line."""
        raise NotImplementedError

    def _refresh_changed_lines(self) -> None:
        """Repaint the screen lines that will look different from what was drawn there.

        After a keystroke the visible rows are often the same rows with the same matches:
        repainting only what changed spares Textual most of a frame's work. Subclasses
        record each line's key in :attr:`_drawn` as they render it.
        """
        top = self.scroll_offset.y
        width, height = self.scrollable_content_region.size
        changed = [
            Region(0, y, width, 1)
            for y in range(height)
            if self._drawn.get(y) != self._line_key(top + y, width)
        ]
        if changed:
            self.refresh(*changed)

    def set_virtual_size(self, size: Size) -> None:
        """Set the scrollable size; the caller repaints whichever lines changed."""
        if size != self.virtual_size:
            self.set_reactive(Widget.virtual_size, size)
            self.refresh(repaint=False, layout=True)

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        geometry = (
            size,
            self.virtual_size,
            container_size,
            self.show_vertical_scrollbar,
            self.show_horizontal_scrollbar,
        )
        if geometry == self._geometry:
            return False  # (no resize event either: the size is unchanged)
        self._geometry = geometry
        return super()._size_updated(size, virtual_size, container_size, layout)
