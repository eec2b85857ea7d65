"""Starting the TUI: only with an interactive terminal, and only importing Textual then."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from cpec_tui.cli.output import fail

NEEDS_TERMINAL = (
    "cpec-tui: the browser needs an interactive terminal (stdin and stdout must be a TTY, "
    "and TERM must not be 'dumb'). For scripts and pipes use the commands instead: "
    "'cpec-tui list', 'cpec-tui show ID', 'cpec-tui search QUERY' (add --json for machine "
    "output); 'cpec-tui --help' lists them all."
)


def has_terminal() -> bool:
    """Whether a full-screen app can run here without hanging or writing to a pipe."""
    return sys.stdin.isatty() and sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def run_tui(data: Path, notes: Path) -> int:
    """Run the browser on ``data`` with notes in ``notes``; returns the exit code."""
    if not has_terminal():
        return fail(NEEDS_TERMINAL, 2)
    from cpec_tui.app import CpecApp

    app = CpecApp(data_path=data, notes_path=notes)
    app.run()
    return app.return_code or 0
