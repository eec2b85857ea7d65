"""Starting the TUI: only where it can draw, and only importing Textual then."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

from cpec_tui.cli.output import fail

NEEDS_TERMINAL = (
    "cpec-tui: the browser needs an interactive terminal (stdin, stdout and stderr must all be "
    "a TTY: it reads keys from stdin and draws on stderr; and TERM must not be 'dumb'). "
    "For scripts and pipes use the commands instead: 'cpec-tui list', 'cpec-tui show ID', "
    "'cpec-tui search QUERY' (add --json for machine output); for a web browser, "
    "'cpec-tui serve'; 'cpec-tui --help' lists them all."
)

# What textual-serve puts in TEXTUAL_DRIVER for the app processes it starts: that driver
# speaks a packet protocol over pipes by design, so a missing terminal is expected there.
WEB_DRIVER = "textual.drivers.web_driver:WebDriver"


def _is_tty(stream: TextIO | None) -> bool:
    return stream is not None and stream.isatty()


def has_terminal() -> bool:
    """Whether a full-screen app can run here without hanging or drawing into a file.

    Textual's terminal driver reads ``sys.__stdin__`` and draws on ``sys.__stderr__``; stdout
    must be the terminal too, or ``cpec-tui > file`` would leave a blank file and a busy screen.
    """
    streams = (sys.__stdin__, sys.__stdout__, sys.__stderr__)
    return all(_is_tty(stream) for stream in streams) and os.environ.get("TERM") != "dumb"


def served_over_the_web() -> bool:
    """Whether ``cpec-tui serve`` (textual-serve) started this process to drive a browser tab."""
    return os.environ.get("TEXTUAL_DRIVER") == WEB_DRIVER


def run_tui(data: Path, notes: Path) -> int:
    """Run the browser on ``data`` with notes in ``notes``; returns the exit code."""
    if not (served_over_the_web() or has_terminal()):
        return fail(NEEDS_TERMINAL, 2)
    from cpec_tui.app import CpecApp

    app = CpecApp(data_path=data, notes_path=notes)
    app.run()
    return app.return_code or 0
