"""Facts of a meeting said in words, the same in every export format."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cpec_tui.countries import country_name
from cpec_tui.vocabulary import DATE_STATUSES, MODES

if TYPE_CHECKING:
    from cpec_tui.models import Conflict, Meeting, Venue

_COUNTS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def venue_text(venue: Venue) -> str:
    """``Islamabad, Pakistan (in person)``; whichever parts the record has."""
    place = ", ".join(
        part for part in (venue.city, country_name(venue.country) if venue.country else "") if part
    )
    mode = MODES[venue.mode].lower() if venue.mode else ""
    return f"{place} ({mode})" if place and mode else place or mode


_ITEM = re.compile(r"^([a-z_]+)\[(\d+)\]")
_ITEMS = {
    "co_chairs": "co-chair",
    "people": "person named",
    "organisations": "organisation",
    "agenda": "agenda item",
    "statements": "statement",
    "outcomes": "outcome",
    "details": "detail",
    "sectors": "sector",
    "themes": "theme",
}


def field_words(field: str) -> str:
    """A conflict's field as a reader says it: ``co_chairs[1]`` -> ``co-chair 2``,
    ``venue.mode`` -> ``venue: mode``, ``short_title`` -> ``short title``."""
    item = _ITEM.match(field)
    if item is not None and item.group(1) in _ITEMS:
        number = int(item.group(2)) + 1
        field = f"{_ITEMS[item.group(1)]} {number}{field[item.end() :]}"
    return field.replace("co_chairs", "co-chairs").replace("_", " ").replace(".", ": ")


def concerns(conflict: Conflict, path: str) -> bool:
    """Whether ``conflict`` is about the field at ``path`` or a part of it: a conflict on
    ``date`` concerns ``date.value``, one on ``co_chairs[1]`` concerns ``co_chairs[1].name``."""
    return any(
        path == field or path.startswith((f"{field}.", f"{field}[")) for field in conflict.fields
    )


def date_standing(meeting: Meeting) -> tuple[str, str]:
    """How sure the record is of the meeting's date, as one statement that cannot contradict
    itself: what is settled, and what is in doubt ("" for either when there is none).

    ``("confirmed by agreeing sources", "one report differs, see Conflicts")``;
    ``("", "sources disagree, see Conflicts")`` when the date itself is disputed.
    """
    date = meeting.date
    if not date.disputed:
        return DATE_STATUSES[date.status], ""
    about_date = [conflict.id for conflict in meeting.conflicts if concerns(conflict, "date")]
    if about_date:
        see = f", see Conflicts ({', '.join(about_date)})"
    elif date.alternatives:
        see = ", see “Also reported” below"
    else:
        see = ""
    if date.status == "conflicting":
        return "", f"{DATE_STATUSES['conflicting']}{see}"
    count = len(date.alternatives)
    number = _COUNTS[count] if count < len(_COUNTS) else str(count)
    differ = "report differs" if count == 1 else "reports differ"
    return DATE_STATUSES[date.status], f"{number} {differ}{see}"
