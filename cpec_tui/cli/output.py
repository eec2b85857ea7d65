"""Writing to the terminal or a pipe: sanitised text, safe JSON, bold only on a terminal."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from cpec_tui.export.escape import json_array_chunks, json_text
from cpec_tui.text import sanitize

if TYPE_CHECKING:
    from cpec_tui.present import Line, Section


def styled(stream: TextIO) -> bool:
    """Whether to emit bold/dim: only to a terminal, and never when NO_COLOR is set."""
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def width(stream: TextIO) -> int | None:
    """The terminal's width, or None for a pipe (never truncate what a script reads)."""
    return shutil.get_terminal_size().columns if stream.isatty() else None


def emphasise(text: str, spans: Sequence[tuple[int, int]], on: bool) -> str:
    """``text`` sanitised, with ``spans`` in bold when ``on``; offsets survive sanitising."""
    text = sanitize(text)
    if not on or not spans:
        return text
    out, last = [], 0
    for start, end in spans:
        out += [text[last:start], "\x1b[1m", text[start:end], "\x1b[22m"]
        last = end
    out.append(text[last:])
    return "".join(out)


def print_json(value: Any) -> None:
    """Pretty JSON on stdout; characters a terminal could act on are escaped, never raw."""
    sys.stdout.write(json_text(value) + "\n")


def print_json_array(items: Iterable[Any]) -> None:
    """:func:`print_json` of a list, written an item at a time (100,000 meetings need not
    all be in memory at once); the output is the same, byte for byte."""
    sys.stdout.writelines(json_array_chunks(items))


def print_sections(sections: Sequence[Section]) -> None:
    """A meeting in full on stdout as indented text, headings in bold on a terminal."""
    stream = sys.stdout
    bold = styled(stream)
    for section in sections:
        if section.heading:
            heading = f"\x1b[1m{section.heading}\x1b[22m" if bold else section.heading
            stream.write(f"\n{heading}\n")
        indent = "  " if section.heading else ""
        for line in section.lines:
            stream.write(_aligned(line, indent) + "\n")


def _aligned(line: Line, indent: str) -> str:
    """A line's parts, sanitised; a part's later lines start under its first character.

    So a multi-line note keeps its shape, and a bulleted item's later lines hang under its
    text rather than under the bullet.
    """
    out = ""
    for part in line:
        column = len(out) - (out.rfind("\n") + 1)
        out += sanitize(part.text).replace("\n", "\n" + " " * column)
    return indent + out.replace("\n", "\n" + indent)


class CommandError(Exception):
    """A command cannot go on: ``str(error)`` is the message, ``code`` the exit code.

    Raised by the argument checks of any command; ``main`` prints it, so no check needs to
    thread an exit code back through its callers.
    """

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def fail(message: str, code: int) -> int:
    """Print ``message`` to stderr and return ``code`` for ``main`` to exit with."""
    sys.stderr.write(sanitize(message).rstrip("\n") + "\n")
    return code
