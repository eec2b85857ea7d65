"""A new full-screen view is one module and one registration: the global keys work on it."""

from __future__ import annotations

from typing import ClassVar

import pytest
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from cpec_tui.library import Library
from cpec_tui.screens import views
from cpec_tui.screens.help import HelpScreen
from cpec_tui.widgets.search_bar import SearchBar
from tests.tui_fixtures import TuiEnv, loaded, make_app, tui_env

__all__ = ["tui_env"]


class CountScreen(Screen[None]):
    """A minimal view: one pane showing how many meetings the library holds, one key."""

    DEFAULT_CSS = """
    CountScreen #count { height: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("r", "recount", "Recount")]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.recounts = 0

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="count")
        yield Footer()

    def on_mount(self) -> None:
        self.action_recount()

    def action_recount(self) -> None:
        self.recounts += 1
        pane = self.query_one("#count", Static)
        pane.update(Content(f"{len(self.library.meetings)} meetings ({self.recounts})"))


@pytest.fixture
def count_view(monkeypatch: pytest.MonkeyPatch) -> views.View:
    view = views.View("count", "z", "Count", CountScreen)
    monkeypatch.setattr(views, "VIEWS", [view])
    return view


async def test_a_registered_view_opens_by_key_and_keeps_the_global_keys(
    tui_env: TuiEnv, count_view: views.View
) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("z")
        screen = app.screen
        assert isinstance(screen, CountScreen)
        total = len(app.library.meetings)
        assert str(screen.query_one("#count", Static).content) == f"{total} meetings (1)"
        await pilot.press("r")  # the view's own key
        assert str(screen.query_one("#count", Static).content) == f"{total} meetings (2)"
        await pilot.press("question_mark")  # help, from the view, lists the view's key
        assert isinstance(app.screen, HelpScreen)
        texts = [str(static.content) for static in app.screen.query(Static)]
        assert "open the count" in texts
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("slash")  # back to the browser's search
        await pilot.pause()
        assert app.screen is app.browser
        assert app.focused is not None and app.focused.parent is app.query_one(SearchBar)
        await pilot.press("escape", "z", "q")  # quit from the view
        await pilot.pause()
    assert app.return_code == 0


async def test_a_registered_view_is_in_the_command_palette(
    tui_env: TuiEnv, count_view: views.View
) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p", *"open the count")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CountScreen)
