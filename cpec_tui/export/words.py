"""Facts of a meeting said in words, the same in every export format."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpec_tui.countries import country_name
from cpec_tui.vocabulary import MODES

if TYPE_CHECKING:
    from cpec_tui.models import Venue


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
