"""Facts of a meeting said in words, the same in every export format."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpec_tui.countries import country_name
from cpec_tui.vocabulary import DATE_STATUSES, MODES

if TYPE_CHECKING:
    from cpec_tui.models import Meeting, Venue

_COUNTS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def venue_text(venue: Venue) -> str:
    """``Islamabad, Pakistan (in person)``; whichever parts the record has."""
    place = ", ".join(
        part for part in (venue.city, country_name(venue.country) if venue.country else "") if part
    )
    mode = MODES[venue.mode].lower() if venue.mode else ""
    return f"{place} ({mode})" if place and mode else place or mode


def field_words(field: str) -> str:
    """A conflict's field as a reader says it: ``co_chairs`` -> ``co-chairs``,
    ``venue.mode`` -> ``venue: mode``."""
    return field.replace("_", "-").replace(".", ": ")


def date_standing(meeting: Meeting) -> tuple[str, str]:
    """How sure the record is of the meeting's date, as one statement that cannot contradict
    itself: what is settled, and what is in doubt ("" for either when there is none).

    ``("confirmed by agreeing sources", "one report differs, see Conflicts")``;
    ``("", "sources disagree, see Conflicts")`` when the date itself is disputed.
    """
    date = meeting.date
    if not date.disputed:
        return DATE_STATUSES[date.status], ""
    if any(
        field.split(".")[0] == "date" for conflict in meeting.conflicts for field in conflict.fields
    ):
        see = ", see Conflicts"
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
