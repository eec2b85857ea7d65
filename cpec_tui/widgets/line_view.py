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

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget


class LineView(ScrollView):
    """A ``ScrollView`` whose lines and scrollbars are repainted only when they change."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._geometry: tuple[object, ...] | None = None

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
