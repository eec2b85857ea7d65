"""The single definition of what a meeting, a source and a note are.

Every model forbids unknown fields, so a misspelt key in the dataset is reported instead of
silently ignored. Rules that span records (unique ids, cited sources resolve, linked meetings
exist) live in :func:`cross_record_problems`, which runs as its own pass so that every problem
is reported, not just the first one a list validator would reach.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from cpec_tui.countries import COUNTRIES
from cpec_tui.vocabulary import (
    DATE_STATUSES,
    KINDS,
    MODES,
    SECTORS,
    SERIES,
    SOURCING,
    THEMES,
    series_label,
)

DATASET_VERSION = 1
NOTES_VERSION = 1

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CONFLICT_ID_RE = re.compile(r"^[A-Z]+-[0-9]+$")
_FIELD_PATH_RE = re.compile(r"^[a-z_]+(?:\[[0-9]+\])*(?:\.[a-z_]+(?:\[[0-9]+\])*)*$")
_PATH_PART_RE = re.compile(r"([a-z_]+)|\[([0-9]+)\]")
_PARTIAL_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

Precision = Literal["year", "month", "day"]


def _in_vocabulary(vocabulary: dict[str, str], what: str) -> AfterValidator:
    def check(value: str) -> str:
        if value not in vocabulary:
            raise ValueError(f"{value!r} is not a known {what}")
        return value

    return AfterValidator(check)


def _check_id(value: str) -> str:
    if not _ID_RE.match(value):
        raise ValueError(f"{value!r} is not a valid id (lowercase letters, digits and dashes)")
    return value


def _check_conflict_id(value: str) -> str:
    if not _CONFLICT_ID_RE.match(value):
        raise ValueError(f"{value!r} is not a conflict id (capitals, a dash and a number: 'C-12')")
    return value


def _check_field_path(value: str) -> str:
    if not _FIELD_PATH_RE.match(value):
        raise ValueError(
            f"{value!r} is not a field path of a meeting (write it like 'date', 'venue.mode' "
            "or 'co_chairs[1]')"
        )
    return value


def _check_partial_date(value: str) -> str:
    match = _PARTIAL_DATE_RE.match(value)
    if not match:
        raise ValueError(f"{value!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{value!r} is not a real date") from None
    return value


def _check_country(value: str) -> str:
    if value not in COUNTRIES:
        raise ValueError(f"{value!r} is not a known country")
    return value


def _check_url(value: str) -> str:
    # ``\S`` alone lets ESC, BEL and C1 controls through: a record must not hold them.
    if not re.match(r"^https?://\S+$", value) or any(
        unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp") for char in value
    ):
        raise ValueError(f"{value!r} is not an http(s) URL")
    return value


def _check_text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


MeetingId = Annotated[str, AfterValidator(_check_id)]
ConflictId = Annotated[str, AfterValidator(_check_conflict_id)]
FieldPath = Annotated[str, AfterValidator(_check_field_path)]
SourceKey = Annotated[str, AfterValidator(_check_text)]
PartialDate = Annotated[str, AfterValidator(_check_partial_date)]
CountryCode = Annotated[str, AfterValidator(_check_country)]
Url = Annotated[str, AfterValidator(_check_url)]
Text = Annotated[str, AfterValidator(_check_text)]
Sector = Annotated[str, _in_vocabulary(SECTORS, "sector")]
Theme = Annotated[str, _in_vocabulary(THEMES, "theme")]
Series = Annotated[str, _in_vocabulary(SERIES, "series")]
Kind = Annotated[str, _in_vocabulary(KINDS, "kind")]
Mode = Annotated[str, _in_vocabulary(MODES, "mode")]
DateStatus = Annotated[str, _in_vocabulary(DATE_STATUSES, "date status")]
Sourcing = Annotated[str, _in_vocabulary(SOURCING, "sourcing level")]
SourceKeys = Annotated[list[SourceKey], Field(min_length=1)]


class Model(BaseModel):
    """Base for dataset models: strict about unknown keys, immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def date_precision(value: str) -> Precision:
    """How much of a ``YYYY[-MM[-DD]]`` date is known."""
    return ("year", "month", "day")[value.count("-")]


def date_sort_key(value: str) -> tuple[int, int, int]:
    """Order partial dates; an unknown month or day sorts after the known ones of its period."""
    parts = [int(part) for part in value.split("-")]
    parts += [13, 32][len(parts) - 1 :]
    return parts[0], parts[1], parts[2]


def newest_first(meetings: Sequence[Meeting]) -> list[Meeting]:
    """Meetings by date, newest first; ties broken by id so the order is stable."""
    by_id = sorted(meetings, key=lambda meeting: meeting.id)
    return sorted(by_id, key=lambda meeting: date_sort_key(meeting.date.value), reverse=True)


class Source(Model):
    """A published report a fact rests on; cited by ``key``."""

    key: SourceKey
    outlet: Text
    published: PartialDate | None = None
    url: Url | None = None
    file: Text | None = None
    headline: Text | None = None
    note: Text | None = None

    @field_validator("file")
    @classmethod
    def _plain_file_name(cls, value: str | None) -> str | None:
        if value is not None and ("/" in value or "\\" in value):
            raise ValueError(f"{value!r} must be a plain file name, not a path")
        return value

    @model_validator(mode="after")
    def _located(self) -> Source:
        if self.url is None and self.file is None:
            raise ValueError("a source needs a url or a file")
        return self


class SourcedText(Model):
    """A sentence of the record (agenda item, outcome, statement) and the sources it rests on."""

    text: Text
    sources: SourceKeys


class AlternativeDate(Model):
    """A date some sources give that the record did not adopt."""

    value: PartialDate | None = None
    as_reported: Text
    sources: SourceKeys


class MeetingDate(Model):
    """When a meeting took place, how precisely that is known, and how sure the sources are."""

    value: PartialDate
    status: DateStatus
    sources: SourceKeys
    note: Text | None = None
    alternatives: list[AlternativeDate] = []

    @property
    def precision(self) -> Precision:
        return date_precision(self.value)

    @property
    def disputed(self) -> bool:
        """Whether sources disagree on when the meeting was (marked wherever it is shown)."""
        return self.status == "conflicting" or bool(self.alternatives)

    @property
    def uncertain(self) -> bool:
        """Whether the date is approximate or uncertain: inferred, or known only to the
        month or the year (the list marks it ≈)."""
        return self.status == "uncertain" or self.precision != "day"

    @property
    def weekday(self) -> str | None:
        """The weekday, computed from the date (never copied from a source)."""
        if self.precision != "day":
            return None
        return dt.date.fromisoformat(self.value).strftime("%A")


class Venue(Model):
    """Where a meeting was held; a virtual meeting may still name the host city."""

    city: Text | None = None
    country: CountryCode | None = None
    mode: Mode | None = None
    note: Text | None = None
    sources: SourceKeys


class Person(Model):
    """Someone named in a record: a co-chair, a speaker, a delegation member."""

    name: Text
    title: Text | None = None
    organisation: Text | None = None
    country: CountryCode
    aliases: list[Text] = []
    sources: SourceKeys


class Organisation(Model):
    """A body that took part in a meeting besides the co-chairs' ministries."""

    name: Text
    country: CountryCode | None = None
    sources: SourceKeys


class Conflict(Model):
    """A point on which the sources disagree, and what the record makes of it.

    ``id`` is stable ("C-2") so that notes, reports and audits can name the conflict; ``fields``
    are the paths, inside the meeting, of the values it concerns ("date", "co_chairs[1]").
    """

    id: ConflictId
    fields: Annotated[list[FieldPath], Field(min_length=1)]
    summary: Text
    resolution: Text
    sources: SourceKeys


class Meeting(Model):
    """One meeting, briefing or visit and everything the sources say about it."""

    id: MeetingId
    series: Series
    sequence: Annotated[int, Field(ge=1)] | None = None
    kind: Kind
    title: Text
    short_title: Text
    sourcing: Sourcing
    sources: SourceKeys
    date: MeetingDate
    venue: Venue | None = None
    co_chairs: list[Person] = []
    people: list[Person] = []
    organisations: list[Organisation] = []
    agenda: list[SourcedText] = []
    statements: list[SourcedText] = []
    outcomes: list[SourcedText] = []
    details: list[SourcedText] = []
    """What the sources report that is neither agenda, statement nor outcome: attendance, or
    a step taken later (minutes signed months afterwards)."""
    sectors: list[Sector] = []
    themes: list[Theme] = []
    conflicts: list[Conflict] = []
    related: list[MeetingId] = []

    @property
    def label(self) -> str:
        """Series and number as people write it: ``JWG-ICC 4``, ``JCC 14``, ``MFA briefing``."""
        name = series_label(self.series)
        return f"{name} {self.sequence}" if self.sequence is not None else name

    def all_source_keys(self) -> list[str]:
        """The distinct sources this meeting cites, in first-cited order."""
        keys = [*self.sources, *self.date.sources]
        for alternative in self.date.alternatives:
            keys += alternative.sources
        if self.venue is not None:
            keys += self.venue.sources
        groups: list[list[Any]] = [
            self.co_chairs,
            self.people,
            self.organisations,
            self.agenda,
            self.statements,
            self.outcomes,
            self.details,
            self.conflicts,
        ]
        for members in groups:
            for member in members:
                keys += member.sources
        return list(dict.fromkeys(keys))


class Dataset(Model):
    """The whole curated record: format version, the source registry and the meetings."""

    version: Literal[1]
    sources: list[Source]
    meetings: list[Meeting]


class Problem(Model):
    """One thing wrong with a record, located by its place in the parsed document."""

    loc: tuple[str | int, ...]
    message: str


def cross_record_problems(document: Mapping[str, Any]) -> list[Problem]:
    """Rules no single record can check: unique ids and keys, and references that resolve.

    Conflict ids are unique across the dataset, and each path a conflict names must lead to a
    value the meeting actually has: a conflict about ``co_chairs[1]`` of a meeting with one
    co-chair points at nothing.

    Works on the parsed document rather than on models, so it also runs when some records
    fail validation: a duplicate id is reported next to a bad country, not after it is fixed.
    """
    problems: list[Problem] = []
    sources = _records(document, "sources")
    meetings = _records(document, "meetings")
    source_keys = _first_seen("sources", sources, "key", problems)
    meeting_ids = _first_seen("meetings", meetings, "id", problems)
    conflict_ids: dict[str, str] = {}
    for i, meeting in meetings:
        problems += _conflict_problems(i, meeting, conflict_ids)
        for path, keys in _cited_sources(meeting, ()):
            for j, key in enumerate(keys):
                if isinstance(key, str) and key not in source_keys:
                    problems.append(
                        Problem(
                            loc=("meetings", i, *path, j),
                            message=f"cites source {key!r}, which is not in [[sources]]",
                        )
                    )
        related = meeting.get("related")
        for j, other in enumerate(related if isinstance(related, list) else []):
            if isinstance(other, str) and other not in meeting_ids:
                problems.append(
                    Problem(
                        loc=("meetings", i, "related", j),
                        message=f"links to meeting {other!r}, which does not exist",
                    )
                )
    return problems


def _conflict_problems(i: int, meeting: Mapping[str, Any], seen: dict[str, str]) -> list[Problem]:
    """Duplicate conflict ids (``seen`` maps each id to its meeting) and paths that lead nowhere."""
    problems: list[Problem] = []
    owner = meeting.get("id")
    where = f"meeting {owner!r}" if isinstance(owner, str) else f"meeting #{i + 1}"
    conflicts = meeting.get("conflicts")
    for j, conflict in enumerate(conflicts if isinstance(conflicts, list) else []):
        if not isinstance(conflict, Mapping):
            continue
        conflict_id = conflict.get("id")
        if isinstance(conflict_id, str):
            if conflict_id in seen:
                problems.append(
                    Problem(
                        loc=("meetings", i, "conflicts", j, "id"),
                        message=(
                            f"duplicate conflict id {conflict_id!r} (also in {seen[conflict_id]})"
                        ),
                    )
                )
            else:
                seen[conflict_id] = where
        paths = conflict.get("fields")
        for k, path in enumerate(paths if isinstance(paths, list) else []):
            if (
                isinstance(path, str)
                and _FIELD_PATH_RE.match(path)
                and not _resolves(meeting, path)
            ):
                problems.append(
                    Problem(
                        loc=("meetings", i, "conflicts", j, "fields", k),
                        message=f"names {path!r}, which this meeting does not have",
                    )
                )
    return problems


def _resolves(node: Any, path: str) -> bool:
    """Whether ``path`` (``venue.mode``, ``co_chairs[1]``) leads to a value inside ``node``."""
    for name, index in _PATH_PART_RE.findall(path):
        if name:
            if not isinstance(node, Mapping) or name not in node:
                return False
            node = node[name]
        else:
            if not isinstance(node, list) or int(index) >= len(node):
                return False
            node = node[int(index)]
    return not (isinstance(node, list) and not node)


def _records(document: Mapping[str, Any], name: str) -> list[tuple[int, Mapping[str, Any]]]:
    items = document.get(name)
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, Mapping)]


def _first_seen(
    collection: str,
    records: list[tuple[int, Mapping[str, Any]]],
    field: str,
    problems: list[Problem],
) -> set[str]:
    """The set of values of ``field``; every repeat is reported as a problem."""
    seen: set[str] = set()
    for i, record in records:
        value = record.get(field)
        if not isinstance(value, str):
            continue
        if value in seen:
            problems.append(
                Problem(loc=(collection, i, field), message=f"duplicate {field} {value!r}")
            )
        seen.add(value)
    return seen


def _cited_sources(
    node: Mapping[str, Any], path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], list[Any]]]:
    """Every ``sources`` list anywhere inside a meeting, with its path."""
    for key, value in node.items():
        if key == "sources" and isinstance(value, list):
            yield (*path, key), value
        elif isinstance(value, Mapping):
            yield from _cited_sources(value, (*path, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, Mapping):
                    yield from _cited_sources(item, (*path, key, i))


NoteId = Annotated[str, AfterValidator(_check_text)]
Tag = Annotated[str, AfterValidator(_check_text)]


def _check_utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() != dt.timedelta(0):
        raise ValueError("must be a UTC time (ending in Z)")
    return value


UtcTime = Annotated[dt.datetime, AfterValidator(_check_utc)]


class Note(BaseModel):
    """A user's own annotation of a meeting; the only data the user creates."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: NoteId
    meeting: MeetingId
    created: UtcTime
    updated: UtcTime
    text: str
    tags: list[Tag] = []


class NotesFile(BaseModel):
    """The on-disk notes document: a format version and the notes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    notes: list[Note] = []
