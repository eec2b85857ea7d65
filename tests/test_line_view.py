"""The one private Textual method cpec-tui overrides, held to the behaviour it relies on.

:class:`cpec_tui.widgets.line_view.LineView` overrides ``ScrollView._size_updated`` so a
layout that changes nothing repaints no scrollbar (a keystroke asks for a layout). If
Textual renames the method, changes its signature or stops calling it on a resize, these
tests fail: re-measure the keystroke frame before adapting the override.
"""

from __future__ import annotations

import inspect

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cpec_tui.widgets.line_view import LineView


class Lines(LineView):
    def render_line(self, y: int) -> Strip:
        return Strip.blank(self.size.width, self.rich_style)


class LinesApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Lines(id="lines")


def test_the_overridden_method_keeps_its_signature() -> None:
    parameters = list(inspect.signature(ScrollView._size_updated).parameters)
    assert parameters == ["self", "size", "virtual_size", "container_size", "layout"]


async def test_textual_calls_it_on_a_resize_and_the_override_skips_unchanged_layouts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[Size] = []
    original = ScrollView._size_updated

    def counting(self: ScrollView, size: Size, *args: object, **kwargs: object) -> bool:
        calls.append(size)
        return original(self, size, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ScrollView, "_size_updated", counting)
    app = LinesApp()
    async with app.run_test(size=(40, 10)) as pilot:
        lines = app.query_one(Lines)
        lines.set_virtual_size(Size(40, 100))
        await pilot.pause()
        settled = len(calls)
        assert settled >= 1  # Textual sized the widget through the method
        for _ in range(3):  # layouts that change nothing: the override stops them
            lines.refresh(layout=True)
            await pilot.pause()
        assert len(calls) == settled
        await pilot.resize_terminal(60, 12)
        await pilot.pause()
        assert len(calls) > settled  # a real resize still goes through
        assert lines.size.width == 60
