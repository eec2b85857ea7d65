"""A one-line input that can never send a control character to the terminal.

Textual's ``Input`` draws its value as is, so a pasted ``ESC [ 2 J`` (or a query set from
data) would reach the terminal raw. Every value this input holds passes through
:func:`cpec_tui.text.one_line` first: control characters become visible pictures, character
for character, so the cursor position stays right.
"""

from __future__ import annotations

from textual.widgets import Input

from cpec_tui.text import one_line


class SafeInput(Input):
    """An ``Input`` whose value is always safe to draw."""

    def validate_value(self, value: str) -> str:
        return one_line(value)
