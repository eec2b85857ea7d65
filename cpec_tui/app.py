"""The cpec-tui app: thin. It holds the settings, the theme, the library and the screens.

The browser (:mod:`cpec_tui.screens.browser`) is the default screen; the other full-screen
views are registered in :mod:`cpec_tui.screens.views`, each bound to its key. The app binds
only the keys that work on every view (``?`` help, ``q`` quit, ``/`` back to the search) and
loads the library in a thread, so even a huge dataset never freezes the screen; a dataset that
cannot be loaded ends the app with exit code 2 and the loader's message, never a traceback.

The first frame (search bar, an empty list that says it is loading, footer) is drawn before
anything heavy is imported: the models, the store and the search (pydantic, ~0.2 s) are
imported by the loading thread, which starts once that frame is on the screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.timer import Timer

from cpec_tui.commands import CpecCommands
from cpec_tui.library import Library
from cpec_tui.screens import views
from cpec_tui.screens.browser import BrowserScreen
from cpec_tui.screens.help import HelpScreen
from cpec_tui.settings import Settings, load_settings, save_settings
from cpec_tui.store.errors import DatasetError
from cpec_tui.text import sanitize

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from cpec_tui.meetings import MeetingSummary

REMEMBER_DELAY_SECONDS = 1.0

_EVERYWHERE_ACTIONS = frozenset({"focus_search", "help", "quit", "open_view"})
"""The app's own actions: available on every full-screen view, never under a dialog."""


class CpecApp(App[None]):
    """Browse, search and annotate the CPEC meetings record."""

    TITLE = "cpec-tui"
    AUTO_FOCUS = None  # the list takes focus once loaded; "/" reaches the search at any time
    COMMANDS: ClassVar = App.COMMANDS | {CpecCommands}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, data_path: Path, notes_path: Path) -> None:
        super().__init__()
        self.library = Library(data_path, notes_path)
        self._settings = load_settings()
        if self._settings.theme in self.available_themes:
            self.theme = self._settings.theme
        self._last_meeting = self._settings.last_meeting
        self._remember_timer: Timer | None = None
        for view in views.VIEWS:
            self.bind(view.key, f"open_view('{view.name}')", description=view.description)

    def get_default_screen(self) -> Screen[None]:
        return BrowserScreen(self.library)

    @property
    def browser(self) -> BrowserScreen:
        """The browser, at the bottom of the screen stack."""
        screen = self.screen_stack[0]
        assert isinstance(screen, BrowserScreen)
        return screen

    @property
    def is_loaded(self) -> bool:
        """Whether the dataset is loaded, indexed and shown."""
        return self.browser.is_loaded

    @property
    def current_meeting_id(self) -> str | None:
        """The id of the meeting in the browser's detail pane."""
        return self.browser.state.current

    def on_mount(self) -> None:
        # Once the first frame is on the screen: the thread's imports would slow it down.
        self.call_after_refresh(self._load)

    # -- loading --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        """Load the library (dataset, index, notes) off the UI thread."""
        try:
            self.library.load(self._progress)
        except DatasetError as error:
            self.call_from_thread(self._fail, error)
            return
        self.call_from_thread(self.browser.library_loaded, self._last_meeting)

    def _progress(self, step: str) -> None:
        self.call_from_thread(self.browser.show_progress, step)

    def _fail(self, error: DatasetError) -> None:
        # Text, not a string: the message is data (paths, values) and must not be markup.
        message = Text(sanitize(str(error)), no_wrap=True, overflow="ignore")
        self.exit(return_code=2, message=message)

    # -- keys that work everywhere ---------------------------------------------------------

    def action_focus_search(self) -> None:
        """Back to the browser, if a view is on top of it, and into its search box."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.browser.action_focus_search()

    def action_open_view(self, name: str) -> None:
        """Open the registered view ``name`` over the browser (one view at a time)."""
        view = next(view for view in views.VIEWS if view.name == name)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(view.make(self.library))

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        self._remember()
        self.exit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The app's keys work on every full-screen view, never under a modal dialog."""
        return not (action in _EVERYWHERE_ACTIONS and isinstance(self.screen, ModalScreen))

    # -- what the command palette reaches (see cpec_tui.commands) -------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's own palette commands, less its "Keys": the palette's "Keys" is ours (the
        ``?`` help), so it is not listed twice."""
        for command in super().get_system_commands(screen):
            if command.title != "Keys":
                yield command

    def palette_meetings(self) -> Sequence[MeetingSummary]:
        """Meetings the command palette can jump to, newest first."""
        return self.browser.palette_meetings()

    def jump_to_meeting(self, meeting_id: str) -> None:
        """Show ``meeting_id`` in the browser (from whichever view is open)."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.browser.jump_to_meeting(meeting_id)

    def action_new_note(self) -> None:
        self.browser.action_new_note()

    def action_clear_search(self) -> None:
        self.browser.action_clear_search()

    def action_first_meeting(self) -> None:
        self.browser.action_first_meeting()

    # -- remembered settings --------------------------------------------------------------

    def on_browser_screen_meeting_shown(self, event: BrowserScreen.MeetingShown) -> None:
        """The user is reading a meeting: remember it (soon, not on every cursor move)."""
        self._last_meeting = event.meeting_id
        if self._remember_timer is not None:
            self._remember_timer.stop()
        self._remember_timer = self.set_timer(REMEMBER_DELAY_SECONDS, self._remember)

    def watch_theme(self, theme: str) -> None:
        if self.is_running and theme != self._settings.theme:
            self._remember()

    def _remember(self) -> None:
        settings = Settings(theme=self.theme, last_meeting=self._last_meeting)
        if settings != self._settings:
            save_settings(settings)
            self._settings = settings
