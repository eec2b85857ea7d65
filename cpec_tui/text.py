"""Make untrusted text safe to put on a terminal, and format dates the way people read them.

Dataset strings and notes may hold escape sequences (``\\x1b]52;...`` can write the user's
clipboard, ``\\x1b[2J`` clears the screen) and bidi overrides that disguise text. Nothing in
Rich or Textual strips them, so every string from a file passes through :func:`sanitize`
before it reaches the CLI's stdout or a widget.
"""

from __future__ import annotations

import datetime as dt
import re
from difflib import SequenceMatcher


def _picture(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture": ESC shows as ␛
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


_UNSAFE_CODES = [
    *range(0x00, 0x09),
    *range(0x0B, 0x20),
    *range(0x7F, 0xA0),
    0x00AD,  # soft hyphen
    0x061C,  # Arabic letter mark
    0x180E,  # Mongolian vowel separator
    0x200B,  # zero-width space (the non-joiner and joiner are kept: Urdu and emoji need them)
    0x200E,  # left-to-right mark
    0x200F,  # right-to-left mark
    *range(0x2028, 0x202F),  # line and paragraph separators; bidi embeddings, overrides
    *range(0x2060, 0x2070),  # word joiner, invisible operators, bidi isolates, deprecated
    0xFEFF,  # zero-width no-break space (a BOM inside text)
    *range(0xFFF9, 0xFFFC),  # interlinear annotation
]
_SAFE = str.maketrans({code: _picture(code) for code in _UNSAFE_CODES})
_SAFE_ONE_LINE = str.maketrans({**_SAFE, 0x0A: " ", 0x09: " "})
_CRLF = re.compile(r"\r(?=\n)")
_LINE_BREAK = re.compile(r"\r\n?")


def sanitize(text: str) -> str:
    """``text`` with every control character other than newline and tab made visible.

    Invisible format characters (zero-width spaces, word joiners, bidi marks and overrides,
    a BOM) count as control characters here: they hide or disguise what the data says. The
    zero-width non-joiner and joiner stay: they shape Urdu and Persian script and emoji.

    Character for character (a CR before a newline becomes a space, any other control
    character its visible picture), so highlight offsets computed on the original text
    still point at the same characters.
    """
    if text.isprintable():  # (most text: nothing to change, and this check runs in C)
        return text
    return _CRLF.sub(" ", text).translate(_SAFE)


def one_line(text: str) -> str:
    """Like :func:`sanitize`, with newlines and tabs shown as spaces, for list rows."""
    if text.isprintable():  # (every unsafe character is one Python deems unprintable)
        return text
    return _CRLF.sub(" ", text).translate(_SAFE_ONE_LINE)


def normalize_newlines(text: str) -> str:
    """``text`` with CRLF and lone CR line breaks as ``\\n``: how typed or pasted text is
    taken in (a terminal pastes CR line breaks; they are line breaks, not characters)."""
    return _LINE_BREAK.sub("\n", text)


def keep_original(original: str, edited: str) -> str:
    """``edited``, a person's edit of ``sanitize(original)``, with every character they did
    not touch taken back from ``original``.

    An editor shows :func:`sanitize`'s text, which must never be what is saved: a stored
    ``\\r\\n`` or ESC would come back as a space or a ``␛`` glyph. :func:`sanitize` maps
    character for character, so what the edit kept lines up with the original.
    """
    shown = sanitize(original)
    if edited == shown:
        return original
    matcher = SequenceMatcher(None, shown, edited, autojunk=False)
    return "".join(
        original[i1:i2] if tag == "equal" else edited[j1:j2]
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    )


def format_date(value: str, *, weekday: bool = False) -> str:
    """``2024-01-21`` -> ``21 Jan 2024`` (``Sun 21 Jan 2024``); ``2015-11`` -> ``Nov 2015``."""
    # The precision as models.date_precision tells it, which is not imported: the models
    # import pydantic, which the TUI's first frame must not wait for.
    dashes = value.count("-")
    if dashes == 0:  # a year
        return value
    if dashes == 1:  # a month
        return dt.date.fromisoformat(f"{value}-01").strftime("%b %Y")
    day = dt.date.fromisoformat(value)
    text = f"{day.day} {day.strftime('%b %Y')}"
    return f"{day.strftime('%a')} {text}" if weekday else text
