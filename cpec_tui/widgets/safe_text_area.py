"""A multi-line text editor that can never send a control character to the terminal.

Textual's ``TextArea`` draws its document as is, so a pasted escape sequence (or a note
written by another program) would reach the terminal raw. Text loaded into it and every edit
pass through :func:`cpec_tui.text.sanitize`: newlines and tabs stay, other control
characters become visible pictures. Typed and pasted line breaks, CR or CRLF as terminals
send them, become newlines first (:func:`cpec_tui.text.normalize_newlines`). What it shows
is for display: to save an edit, see :func:`cpec_tui.text.keep_original`.
"""

from __future__ import annotations

from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult

from cpec_tui.text import normalize_newlines, sanitize


class SafeTextArea(TextArea):
    """A ``TextArea`` whose text is always safe to draw."""

    def load_text(self, text: str) -> None:
        super().load_text(sanitize(text))

    def edit(self, edit: Edit) -> EditResult:
        edit.text = sanitize(normalize_newlines(edit.text))
        return super().edit(edit)
