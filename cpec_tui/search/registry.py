"""The one declaration of a meeting's searchable fields and of the query's filters.

Every searchable text of a meeting has a *kind*: its field path without indices
(``co_chairs.name`` for ``co_chairs[1].name``). :data:`FIELDS` declares each kind once: how
much a match there counts (its tier), how a match there is named to a reader ("co-chair",
"outcome"), and which ``field:`` filters look in it. :data:`FILTERS` declares each filter
once, with the example ``?`` help and error messages show. Everything else derives from
these two tables: the kinds a filter highlights, the tier a field is indexed under, the
label of a matched field in ``cpec-tui search`` and in the browser, and the fields the
parser knows (a test holds the extraction in :mod:`cpec_tui.search.fields` and the index
to them).

Light on purpose (no models, no pydantic): the query parser and the browser's first frame
import it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Field:
    """A kind of searchable text in a meeting."""

    kind: str
    """The field path without indices, e.g. ``co_chairs.name``, ``sources.outlet``."""
    tier: int
    """1: what the meeting is (title, label, co-chairs); 2: what the record says of it;
    3: its sources and the user's notes. A match in a lower tier ranks higher."""
    label: str
    """How a match in this field is named to a reader: ``outcome: …agriculture…``."""
    filters: frozenset[str] = frozenset()
    """The ``field:`` filters that look in this field (and highlight it)."""


@dataclass(frozen=True)
class Filter:
    """A ``field:value`` filter of the query language."""

    name: str
    what: str
    """What it matches, in a few words."""
    example: str
    """A query using it, as ``?`` help and error messages show it."""

    @property
    def help(self) -> str:
        return f"{self.what}, e.g. {self.example}"


def _field(kind: str, tier: int, label: str, *filters: str) -> Field:
    return Field(kind, tier, label, frozenset(filters))


FIELDS: tuple[Field, ...] = (
    _field("id", 1, "id", "id"),
    _field("title", 1, "title"),
    _field("short_title", 1, "title"),
    _field("label", 1, "label", "series"),
    _field("co_chairs.name", 1, "co-chair", "chair", "person"),
    _field("co_chairs.aliases", 1, "co-chair", "chair", "person"),
    _field("co_chairs.title", 2, "co-chair"),
    _field("co_chairs.organisation", 2, "co-chair"),
    _field("people.name", 2, "named", "person"),
    _field("people.aliases", 2, "named", "person"),
    _field("people.title", 2, "named"),
    _field("people.organisation", 2, "named"),
    _field("organisations.name", 2, "organisation"),
    _field("venue.city", 2, "venue", "venue"),
    _field("venue.country", 2, "venue", "venue"),
    _field("venue.mode", 2, "venue", "mode"),
    _field("venue.note", 2, "venue"),
    _field("date.value", 2, "date", "date", "year"),
    _field("date.note", 2, "date"),
    _field("date.alternatives.as_reported", 2, "date"),
    _field("agenda.text", 2, "agenda"),
    _field("statements.text", 2, "statement"),
    _field("outcomes.text", 2, "outcome"),
    _field("details.text", 2, "detail"),
    _field("sectors", 2, "sector", "sector"),
    _field("themes", 2, "theme", "theme"),
    _field("conflicts.summary", 2, "conflict"),
    _field("conflicts.resolution", 2, "conflict"),
    _field("sources.outlet", 3, "source", "outlet"),
    _field("sources.headline", 3, "source"),
    _field("notes.text", 3, "your note"),
    _field("notes.tags", 3, "your note", "tag"),
)

FILTERS: tuple[Filter, ...] = (
    Filter("id", "a meeting id (prefix)", "id:jcc-14"),
    Filter("series", "a meeting series", "series:jwg-icc"),
    Filter("chair", "a co-chair's name", 'chair:"sun weidong"'),
    Filter("person", "anyone named in the record", "person:iqbal"),
    Filter("venue", "a city or country", "venue:beijing"),
    Filter("mode", "virtual, in-person or hybrid", "mode:virtual"),
    Filter("sector", "a sector", "sector:agriculture"),
    Filter("theme", "a theme", "theme:security"),
    Filter("outlet", "a source's outlet", "outlet:xinhua"),
    Filter("year", "a year or a range of years", "year:2024"),
    Filter("date", "a date or a range", "date:2022..2024, date:2024-01, date:..2020"),
    Filter("has", "meetings you annotated, or whose reports conflict", "has:notes, has:conflicts"),
    Filter("tag", "a tag of one of your notes", "tag:follow-up"),
)

BY_KIND: Mapping[str, Field] = MappingProxyType({field.kind: field for field in FIELDS})
FILTER_NAMES: tuple[str, ...] = tuple(search_filter.name for search_filter in FILTERS)


def kind_of(path: str) -> str:
    """The kind of a field path: ``co_chairs[1].name`` -> ``co_chairs.name``,
    ``sources[w10].outlet`` -> ``sources.outlet``."""
    parts = []
    for part in path.split("."):
        parts.append(part.partition("[")[0])
    return ".".join(parts)


def tier(kind: str) -> int:
    """The tier of a kind of field (see :attr:`Field.tier`)."""
    return BY_KIND[kind].tier


def label(path: str) -> str:
    """How a match at ``path`` is named to a reader ("co-chair", "outcome")."""
    field = BY_KIND.get(kind_of(path))
    return field.label if field is not None else path


def kinds_of(filter_name: str) -> frozenset[str]:
    """The kinds of field the filter ``filter_name`` looks in (and highlights)."""
    return frozenset(field.kind for field in FIELDS if filter_name in field.filters)
