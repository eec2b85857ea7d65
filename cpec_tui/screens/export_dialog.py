"""Export from the browser: what (this meeting or the results), in which format, to which file.

The dialog only asks; the browser writes the file (atomically, in a worker). The path starts
as a default that follows the choices (``~/cpec-jcc-14.md``) until the user edits it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from cpec_tui.export.formats import MEETING_FORMATS
from cpec_tui.widgets.safe_input import SafeInput

MEETING, RESULTS = "meeting", "results"


@dataclass(frozen=True)
class ExportRequest:
    """What the user confirmed: the scope (:data:`MEETING` or :data:`RESULTS`), format, file."""

    scope: str
    form: str
    path: Path


def default_path(scope: str, form: str, meeting_id: str | None) -> str:
    """Where an export goes unless the user says otherwise, as the user would type it."""
    name = meeting_id if scope == MEETING and meeting_id else "results"
    return f"~/cpec-{name}.{form}"


def chosen_path(text: str) -> Path | None:
    """The file the user typed (``~`` expanded), or None when it names no file."""
    text = text.strip()
    if not text or text.endswith(("/", "\\")):
        return None
    try:
        return Path(text).expanduser()
    except RuntimeError:  # ~someone who does not exist
        return None


class ExportDialog(ModalScreen[ExportRequest | None]):
    """Asks what to export where; dismisses with an :class:`ExportRequest` or None."""

    DEFAULT_CSS = """
    ExportDialog {
        align: center middle;
    }
    #export-dialog {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 1 2;
        border: round $primary;
        background: $surface;
    }
    #export-title {
        text-style: bold;
        color: $text-primary;
        margin-bottom: 1;
    }
    #export-dialog Label {
        margin-top: 1;
        color: $text-muted;
    }
    #export-problem {
        color: $text-error;
        height: auto;
    }
    #export-buttons {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, meeting: tuple[str, str] | None, results: int) -> None:
        """``meeting`` is the current meeting's (id, label); ``results``, how many are listed."""
        super().__init__()
        self._meeting = meeting
        self._results = results
        self._edited = False

    def compose(self) -> ComposeResult:
        scopes: list[tuple[str, str]] = []
        if self._meeting is not None:
            scopes.append((f"This meeting ({self._meeting[1]})", MEETING))
        if self._results:
            shown = "The meeting listed" if self._results == 1 else "The meetings listed"
            scopes.append((f"{shown} ({self._results})", RESULTS))
        scope = scopes[0][1] if scopes else MEETING
        with Vertical(id="export-dialog"):
            yield Static(Content("Export"), id="export-title")
            yield Label(Content("What"))
            yield Select(scopes, value=scope, allow_blank=False, id="export-scope")
            yield Label(Content("Format"))
            yield Select(
                [(f"{name} (.{form})", form) for form, name in MEETING_FORMATS.items()],
                value="md",
                allow_blank=False,
                id="export-format",
            )
            yield Label(Content("File (replaced if it exists)"))
            yield SafeInput(
                default_path(scope, "md", self._meeting_id), id="export-path", select_on_focus=False
            )
            yield Static(Content(""), id="export-problem")
            with Horizontal(id="export-buttons"):
                yield Button(Content("Export"), id="export-ok", variant="primary")
                yield Button(Content("Cancel"), id="export-cancel")

    @property
    def _meeting_id(self) -> str | None:
        return self._meeting[0] if self._meeting is not None else None

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def _choice(self, selector: str) -> str:
        value = self.query_one(selector, Select).value
        return value if isinstance(value, str) else ""

    @on(Select.Changed)
    def _choice_changed(self) -> None:
        if not self._edited:
            path = self.query_one("#export-path", Input)
            form = self._choice("#export-format")
            path.value = default_path(self._choice("#export-scope"), form, self._meeting_id)

    @on(Input.Changed, "#export-path")
    def _path_edited(self, event: Input.Changed) -> None:
        form = self._choice("#export-format")
        default = default_path(self._choice("#export-scope"), form, self._meeting_id)
        self._edited = event.value != default

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-ok")
    def _confirmed(self) -> None:
        path = chosen_path(self.query_one("#export-path", Input).value)
        if path is None:
            problem = self.query_one("#export-problem", Static)
            problem.update(Content("Type the path of a file to write."))
            return
        self.dismiss(
            ExportRequest(self._choice("#export-scope"), self._choice("#export-format"), path)
        )

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
