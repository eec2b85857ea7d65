"""Map a path in a parsed TOML document back to the line it was written on.

``tomllib`` returns plain dicts with no positions, and pydantic reports errors by path
(``meetings[3].co_chairs[1].country``). To tell the user *which line* to fix, this module
scans the text once, tracking table headers, array-of-tables counters and keys, and records
the line of every path it sees. It is a reader for well-formed files only: it runs after
``tomllib`` has accepted the document.
"""

from __future__ import annotations

import re

Path = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_NAME = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
_KEY = re.compile(rf"^\s*({_NAME}(?:\s*\.\s*{_NAME})*)\s*=")


def _split_key(dotted: str) -> list[str]:
    parts = re.findall(_NAME, dotted)
    return [part.strip("\"'") for part in parts]


class LineIndex:
    """Lines of every table, array element and key in a TOML text."""

    def __init__(self, text: str) -> None:
        self._lines: dict[Path, int] = {}
        arrays: dict[Path, int] = {}
        current: Path = ()
        in_multiline: str | None = None
        for lineno, line in enumerate(text.splitlines(), start=1):
            if in_multiline is not None:
                if line.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            header = _HEADER.match(line)
            if header:
                is_array = header.group(1) == "[["
                current = self._resolve(_split_key(header.group(2)), is_array, arrays)
                self._lines.setdefault(current, lineno)
                continue
            key = _KEY.match(line)
            if key:
                self._lines.setdefault((*current, *_split_key(key.group(1))), lineno)
                rest = line[key.end() :]
                for quote in ('"""', "'''"):
                    if rest.count(quote) % 2 == 1:
                        in_multiline = quote

    @staticmethod
    def _resolve(names: list[str], is_array: bool, arrays: dict[Path, int]) -> Path:
        path: Path = ()
        for depth, name in enumerate(names):
            path = (*path, name)
            last = depth == len(names) - 1
            if last and is_array:
                arrays[path] = arrays.get(path, -1) + 1
            if path in arrays:
                path = (*path, arrays[path])
        return path

    def line_of(self, path: Path) -> int | None:
        """The line of ``path``, or of its nearest enclosing table or key that was seen."""
        for end in range(len(path), 0, -1):
            line = self._lines.get(path[:end])
            if line is not None:
                return line
        return None
