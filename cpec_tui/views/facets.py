"""How a query's meetings fall by series, year, sector, theme, country and outlet.

Cheap enough for every keystroke: the search index already holds, per value of each
dimension, the bitmap of the meetings that have it, so a count is one AND and a popcount
over the result's bitmap (``(result & value).bit_count()``, in C), with no meeting read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from cpec_tui.search.bitmaps import Bitmap
from cpec_tui.search.index import DatasetIndex

Dimension = Literal["series", "year", "sector", "theme", "country", "outlet"]
DIMENSIONS: tuple[Dimension, ...] = ("series", "year", "sector", "theme", "country", "outlet")

# The query filter each dimension refines by (a country is a venue's).
_FILTERS: dict[Dimension, str] = {
    "series": "series",
    "year": "year",
    "sector": "sector",
    "theme": "theme",
    "country": "venue",
    "outlet": "outlet",
}


@dataclass(frozen=True, slots=True)
class Count:
    """A value of a dimension (a vocabulary id, a year, an ISO code, an outlet's name) and
    how many of the meetings counted have it."""

    value: str
    count: int


@dataclass(frozen=True, slots=True)
class Facets:
    """The counts of each dimension: years newest first, other values most common first
    (ties by value); values no meeting counted has are left out."""

    total: int
    """How many meetings were counted."""
    dimensions: Mapping[Dimension, tuple[Count, ...]]


class FacetIndex:
    """Each dimension's values and their meetings' bitmaps, taken from the search index."""

    def __init__(self, index: DatasetIndex) -> None:
        self._tables: dict[Dimension, dict[str, Bitmap]] = {
            "series": index.series,
            "year": {str(year): bitmap for year, bitmap in sorted(index.years.items())},
            "sector": index.sectors,
            "theme": index.themes,
            "country": index.countries,
            "outlet": index.outlets,
        }

    def count(self, within: Bitmap) -> Facets:
        """The facets of the meetings in ``within`` (a search result's bitmap)."""
        dimensions: dict[Dimension, tuple[Count, ...]] = {}
        for dimension, table in self._tables.items():
            counts = [
                Count(value, found)
                for value, bitmap in table.items()
                if (found := (bitmap & within).bit_count())
            ]
            if dimension == "year":
                counts.reverse()
            else:
                counts.sort(key=lambda item: (-item.count, item.value))
            dimensions[dimension] = tuple(counts)
        return Facets(within.bit_count(), dimensions)


def refinement(dimension: Dimension, value: str) -> str:
    """The query filter that narrows a query to meetings with this value:
    ``sector:agriculture``, ``venue:pk``, ``outlet:"business recorder"``."""
    if dimension == "country":
        value = value.lower()
    words = value.replace('"', " ").replace("\u201c", " ").replace("\u201d", " ").split()
    text = " ".join(words)
    return f'{_FILTERS[dimension]}:"{text}"' if len(words) != 1 else f"{_FILTERS[dimension]}:{text}"
