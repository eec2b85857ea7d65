"""Completing the word being typed in a query: field names and the values of vocabularies.

``sec`` → ``sector:``, ``sector:agr`` → ``sector:agriculture``, ``-mode:v`` → ``-mode:virtual``.
Pure and cheap (a few dozen string comparisons), so a front end can call it on every
keystroke, e.g. from a Textual ``Suggester``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from cpec_tui.search.query import FIELDS, QUOTES, VOCABULARIES
from cpec_tui.vocabulary import MODES

MIN_FIELD_PREFIX = 2
"""Letters typed before a field name is offered: one letter would put a field under most words."""

VALUES: Mapping[str, Sequence[str]] = {
    **{field: list(values) for field, (values, _) in VOCABULARIES.items()},
    "mode": list(MODES),
    "has": ["notes", "conflicts"],
}
"""The values each field with a fixed vocabulary takes, in the order they are offered."""


def complete(query: str) -> str | None:
    """``query`` with its last word completed, or None if there is nothing to add.

    The result always starts with ``query`` exactly as typed (only the rest is added, in
    lowercase), which is what a suggester shows after the cursor. The first field of
    :data:`FIELDS` (or value of :data:`VALUES`) that the word begins is offered; nothing is
    offered after a space, inside an unclosed quote, or for a value that is already complete.
    """
    if not query or query[-1].isspace() or sum(query.count(quote) for quote in QUOTES) % 2:
        return None
    word = query.split()[-1].removeprefix("-")
    name, colon, value = word.partition(":")
    if colon:
        rest = _rest(value.lower(), VALUES.get(name.lower(), ()))
    elif len(word) >= MIN_FIELD_PREFIX:
        rest = _rest(word.lower(), [f"{field}:" for field in FIELDS])
    else:
        rest = None
    return None if rest is None else query + rest


def _rest(typed: str, options: Iterable[str]) -> str | None:
    """What the first option that starts with ``typed`` (and is longer) adds to it."""
    for option in options:
        if len(option) > len(typed) and option.startswith(typed):
            return option[len(typed) :]
    return None
