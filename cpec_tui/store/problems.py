"""Turn what is wrong with a TOML file into sentences that name the file, line and field.

The dataset and the notes file are both TOML read by :mod:`tomllib` and checked by pydantic,
and both must tell a person exactly where to look: ``meetings.toml:41: meeting 'jwg-icc-4':
co_chairs[1].country: 'XX' is not a known country``. The pieces here are the part of that
which does not depend on which file it is; each store adds its own advice ("save it as
UTF-8", "notes will not be saved") and its own error class.

Every function is pure: it reads its arguments and returns text.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pydantic
from pydantic_core import ErrorDetails

from cpec_tui.store.locate import LineIndex

__all__ = [
    "Loc",
    "MalformedTomlError",
    "NotUtf8Error",
    "TomlTextError",
    "describe",
    "field_path",
    "format_problems",
    "read_toml",
    "validation_problems",
]

Loc = tuple[str | int, ...]
"""Where a value is in a parsed document: ``("meetings", 3, "co_chairs", 1, "country")``."""

Records = Mapping[str, tuple[str, str]]
"""Each array of tables that holds records: ``{"meetings": ("meeting", "id")}`` names an item
of ``meetings`` as ``meeting '<its id>'``."""

# Python 3.11-3.13 give a TOML error's position only inside the message text.
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


class TomlTextError(ValueError):
    """The bytes are not a TOML document; ``str(error)`` starts with ``<file>:<line>:``."""


class NotUtf8Error(TomlTextError):
    """``<file>:<line>:<column>: the file is not UTF-8 text (byte 0xe9)``.

    The caller adds its advice: the sentence is shared, what to do next is not.
    """


class MalformedTomlError(TomlTextError):
    """``<file>:<line>:<column>: malformed TOML: <what tomllib says>``, without a final stop."""


def read_toml(path: Path, data: bytes) -> tuple[str, dict[str, Any]]:
    """The text of ``data`` (UTF-8, a leading BOM dropped) and the document it holds.

    Raises :class:`NotUtf8Error` or :class:`MalformedTomlError`, whose message names the
    line and column, because "invalid start byte at position 81234" helps nobody edit a file.
    An empty document is returned as ``{}``: whether that is allowed is the caller's rule.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise NotUtf8Error(
            f"{path}:{line}:{column}: the file is not UTF-8 text (byte 0x{data[error.start]:02x})"
        ) from None
    text = text.removeprefix("\ufeff")
    try:
        return text, tomllib.loads(text)
    except RecursionError:  # tomllib parses nested arrays and tables by recursion
        raise MalformedTomlError(
            f"{path}:{_deepest_line(text)}: malformed TOML: arrays or inline tables nested "
            "too deeply to read"
        ) from None
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        position = _TOML_POSITION.search(message)
        if position:
            where = f"{path}:{position.group(1)}:{position.group(2)}"
        else:
            where = f"{path}:{text.count(chr(10)) + 1}"
        detail = _TOML_POSITION.sub("", message).replace(" (at end of document)", " at the end")
        raise MalformedTomlError(
            f"{where}: malformed TOML: {detail[:1].lower()}{detail[1:]}"
        ) from None


def _deepest_line(text: str) -> int:
    """The line on which the nesting of ``[`` and ``{`` is deepest (strings skipped roughly:
    this only points a person at where to look, after the parser gave up)."""
    depth = deepest = 0
    line = where = 1
    quote: str | None = None
    escaped = comment = False
    for char in text:
        if char == "\n":
            line += 1
            comment = False
            if quote is not None and len(quote) == 1:
                quote = None
        elif comment:
            continue
        elif quote is not None:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#":
            comment = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest, where = depth, line
        elif char in "]}":
            depth -= 1
    return where


def describe(error: ErrorDetails, format_name: str) -> str:
    """A pydantic error as a sentence about the value, without pydantic's jargon.

    ``format_name`` ("this format", "the notes format") is what a misspelt key is not a field
    of. Values that are not containers are quoted, so the reader sees what was written.
    """
    kind = error["type"]
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        return f"is not a field of {format_name} (check its spelling)"
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind != "value_error" and not isinstance(error["input"], dict | list):
        message += f" (got {error['input']!r})"
    return message


def validation_problems(
    error: pydantic.ValidationError, describe_error: Callable[[ErrorDetails], str]
) -> list[tuple[Loc, str]]:
    """Every error pydantic found, as ``(where, sentence)`` for :func:`format_problems`.

    ``describe_error`` is :func:`describe` with the caller's format name, plus whatever the
    caller words differently (the dataset's ``version``).
    """
    return [(tuple(details["loc"]), describe_error(details)) for details in error.errors()]


def format_problems(
    path: Path,
    lines: LineIndex,
    document: Mapping[str, Any],
    problems: Iterable[tuple[Loc, str]],
    records: Records,
) -> list[str]:
    """Every problem as :func:`_format_problem` words it, in the order of the file's lines.

    Sorted by line because a person fixes a file from the top down; problems on one line
    keep the order they were found in.
    """
    ordered = sorted(problems, key=lambda problem: lines.line_of(problem[0]) or 0)
    return [
        _format_problem(path, lines, document, loc, message, records) for loc, message in ordered
    ]


def _format_problem(
    path: Path,
    lines: LineIndex,
    document: Mapping[str, Any],
    loc: Loc,
    message: str,
    records: Records,
) -> str:
    """``meetings.toml:41: meeting 'jwg-icc-4': co_chairs[1].country: 'XX' is not ...``.

    A problem inside a record names the record by its key (or ``#<n>`` if it has none that
    is a string), since a line number goes stale as soon as the user edits above it; the
    field path is then relative to that record.
    """
    line = lines.line_of(loc)
    where = f"{path}:{line}" if line is not None else str(path)
    record = ""
    field_loc = loc
    if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
        kind = records.get(loc[0])
        if kind is not None:
            (noun, key_field), index, field_loc = kind, loc[1], loc[2:]
            items = document.get(loc[0])
            item = items[index] if isinstance(items, list) and index < len(items) else None
            key = item.get(key_field) if isinstance(item, dict) else None
            record = f" {noun} {key!r}:" if isinstance(key, str) else f" {noun} #{index + 1}:"
    field = field_path(field_loc)
    return f"{where}:{record}{' ' + field + ':' if field else ''} {message}"


def field_path(loc: Loc) -> str:
    """``co_chairs[1].country``: how a person would write the path, not pydantic's tuple."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
