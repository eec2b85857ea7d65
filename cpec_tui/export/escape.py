"""Make untrusted text safe inside each export format, so a file shows what the data says.

Every function first makes the text safe for a terminal (:func:`cpec_tui.text.one_line`:
control characters become visible symbols, newlines spaces), then escapes what the format
itself would act on: Markdown emphasis, links and line-start blocks; a spreadsheet formula;
BibTeX braces and TeX specials; a URL's characters that could end a link early.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote

from cpec_tui.text import one_line, sanitize

# Characters JSON leaves raw that a terminal would still act on (C1 controls, bidi overrides).
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# Markdown punctuation that means something anywhere in a line (CommonMark lets any ASCII
# punctuation be backslash-escaped, so escaping one that needed none is harmless).
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&!#$^{}])")
# At the start of a line: a list bullet, an ordered list ("1." / "1)") or a setext heading
# underline (headings and block quotes are escaped wherever "#" and ">" occur).
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")

# What a URL may keep as it is; everything else (spaces, brackets, quotes, braces,
# backslashes, control and non-ASCII characters) is percent-encoded. "%" is kept so an
# already-encoded URL is not encoded twice.
_URL_SAFE = ":/?#@!$&+,;=%~-._"

# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_BIBTEX = {
    "\\": r"{\textbackslash}",
    "{": r"{\textbraceleft}",
    "}": r"{\textbraceright}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "~": r"{\textasciitilde}",
    "^": r"{\textasciicircum}",
}
_BIBTEX_SPECIAL = re.compile("|".join(re.escape(char) for char in _BIBTEX))
_BIBTEX_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9_:.+/-]")


def plain(text: str) -> str:
    """``text`` on one line with every control character made visible and edges trimmed."""
    return one_line(text).strip()


def markdown_text(text: str) -> str:
    """``text`` as Markdown that renders as exactly these characters, on one line."""
    escaped = _MD_INLINE.sub(r"\\\1", plain(text))
    return _MD_LINE_START.sub(_escape_line_start, escaped)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, lead = match.groups()
    return f"{indent}{lead}\\" if lead[0].isdigit() else f"{indent}\\{lead}"


def markdown_block(text: str) -> str:
    """Multi-line ``text`` (a note) as Markdown: each line escaped, line breaks kept."""
    lines = [markdown_text(line) for line in sanitize(text).splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    # A backslash at the end of a line is a hard line break; a blank line ends a paragraph.
    return "\n".join(
        line + ("\\" if line and i + 1 < len(lines) and lines[i + 1] else "")
        for i, line in enumerate(lines)
    )


def safe_url(url: str) -> str:
    """``url`` percent-encoded so that no character in it can end a link, a field or a line."""
    return quote(url.strip(), safe=_URL_SAFE)


def is_web_url(url: str) -> bool:
    """Whether ``url`` is one a reader may follow (http or https, nothing else)."""
    return url.lower().startswith(("http://", "https://"))


def markdown_link(url: str) -> str:
    """An http(s) ``url`` as a Markdown autolink; any other as plain escaped text."""
    if is_web_url(url):
        return f"<{safe_url(url)}>"
    return markdown_text(url)


def csv_cell(text: str) -> str:
    """``text`` for a CSV cell: one line, and never run as a formula by a spreadsheet."""
    cell = plain(text)
    return f"'{cell}" if cell.startswith(_FORMULA_START) else cell


def bibtex_text(text: str) -> str:
    """``text`` for a braced BibTeX field: braces balanced, TeX specials escaped."""
    return _BIBTEX_SPECIAL.sub(lambda match: _BIBTEX[match.group()], plain(text))


def bibtex_key(key: str) -> str:
    """A citation key BibTeX accepts: the dataset's own key, unsafe characters as ``_``."""
    return _BIBTEX_KEY_UNSAFE.sub("_", plain(key)) or "source"


def json_text(value: Any) -> str:
    """Pretty JSON; characters a terminal could act on are escaped, never raw."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def json_array_chunks(items: Iterable[Any]) -> Iterator[str]:
    """``json_text(list(items)) + "\\n"``, an item at a time (100,000 meetings need not all
    be in memory at once); the output is the same, byte for byte."""
    opening = "[\n  "
    for item in items:
        yield opening + json_text(item).replace("\n", "\n  ")
        opening = ",\n  "
    yield "[]\n" if opening == "[\n  " else "\n]\n"
