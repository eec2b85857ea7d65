"""The ``cpec-tui`` command line; the browser is its default command.

Only the TUI imports Textual, so ``list``, ``show`` and ``search`` start fast and work in
scripts and pipes.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from cpec_tui import __version__, paths
from cpec_tui.cli import export, meetings, notes, serve, views
from cpec_tui.cli.output import CommandError, fail
from cpec_tui.cli.tui import run_tui
from cpec_tui.library import Library

DESCRIPTION = (
    "Browse the record of China-Pakistan Economic Corridor cooperation meetings, offline. "
    "Without a command, opens the browser."
)


def _global_options(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--data",
        metavar="PATH",
        default=default,
        help="meetings dataset (TOML); default: $CPEC_TUI_DATA or the bundled dataset",
    )
    parser.add_argument(
        "--notes",
        metavar="PATH",
        default=default,
        help="notes file; default: $CPEC_TUI_NOTES or the user data directory",
    )


def build_parser() -> argparse.ArgumentParser:
    """The parser for every command; global options work before or after the command."""
    parser = argparse.ArgumentParser(prog="cpec-tui", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"cpec-tui {__version__}")
    _global_options(parser, None)
    shared = argparse.ArgumentParser(add_help=False)
    _global_options(shared, argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    meetings.register(commands, shared)
    notes.register(commands, shared)
    export.register(commands, shared)
    views.register(commands, shared)
    serve.register(commands, shared)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = build_parser().parse_args(meetings.query_last(sys.argv[1:] if argv is None else argv))
    data = paths.dataset_path(args.data)
    notes_file = paths.notes_path(args.notes)
    try:
        if args.command is None:
            return run_tui(data, notes_file)
        code: int = args.run(args, Library(data, notes_file))
        return code
    except CommandError as error:
        return fail(str(error), error.code)
    except BrokenPipeError:
        # `cpec-tui list | head` closed the pipe: not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130
