"""The key tables (``?`` help and the README) say what the bindings do, all of them."""

from __future__ import annotations

import re
from pathlib import Path

from textual.binding import Binding

from cpec_tui.app import CpecApp
from cpec_tui.screens.browser import BrowserScreen
from cpec_tui.screens.help import KEY_MAP, key_table_markdown
from cpec_tui.screens.note_editor import NoteEditor
from cpec_tui.widgets.meeting_detail import MeetingDetail
from cpec_tui.widgets.meeting_list import MeetingList
from cpec_tui.widgets.search_bar import SearchBar

README = Path(__file__).resolve().parent.parent / "README.md"
SHOWN = {
    "slash": "/",
    "question_mark": "?",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "escape": "esc",
    "pageup": "pgup",
    "pagedown": "pgdn",
    "up": "↑",
    "down": "↓",
    "shift+g": "G",
}
"""How the help writes a Textual key name (others as they are)."""


def _documented() -> set[str]:
    keys: set[str] = set()
    for _, rows in KEY_MAP:
        for key, _ in rows:
            keys |= set(re.split(r" / |, | ", key))
    return keys


def test_every_key_the_browser_binds_is_in_the_help() -> None:
    owners = (CpecApp, BrowserScreen, MeetingList, MeetingDetail, SearchBar, NoteEditor)
    documented = _documented()
    missing = []
    for owner in owners:
        for binding in owner.BINDINGS:
            assert isinstance(binding, Binding)
            for key in binding.key.split(","):
                if SHOWN.get(key, key) not in documented:
                    missing.append(f"{owner.__name__}: {key} ({binding.action})")
    assert not missing


def test_the_readme_key_table_is_the_help() -> None:
    text = README.read_text(encoding="utf-8")
    assert key_table_markdown() in text, (
        "regenerate the README's key table from cpec_tui.screens.help.key_table_markdown()"
    )
