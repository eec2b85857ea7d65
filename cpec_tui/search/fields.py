"""The searchable texts of a meeting, each with its field path, kind and tier.

What each kind of field is (its tier, its label, the filters that look in it) is declared
once, in :mod:`cpec_tui.search.registry`; this module reads those texts out of a meeting.
The TUI displays exactly these texts, so highlight spans computed on them line up.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from cpec_tui.countries import country_name
from cpec_tui.models import Meeting, Note, Person, Source
from cpec_tui.search.registry import BY_KIND, kind_of, tier
from cpec_tui.vocabulary import MODES, SECTORS, THEMES

Field = tuple[str, int, str]

NOTE_KINDS = frozenset(kind for kind in BY_KIND if kind.startswith("notes."))


def searchable_fields(
    meeting: Meeting, sources: Mapping[str, Source], notes: Sequence[Note]
) -> Iterator[Field]:
    """Every searchable text of a meeting as ``(field path, tier, text)``.

    ``sources`` maps source keys to sources (keys the meeting does not cite are ignored);
    ``notes`` may hold any notes, only the ones about this meeting are used.
    """
    for path, field_tier, text, _kind in kinded_fields(meeting, sources, notes):
        yield path, field_tier, text


def kinded_fields(
    meeting: Meeting, sources: Mapping[str, Source], notes: Sequence[Note]
) -> Iterator[tuple[str, int, str, str]]:
    """:func:`searchable_fields` with each field's kind (its path without indices)."""
    yield from meeting_fields(meeting, sources)
    yield from note_fields(meeting.id, notes)


def _field(path: str, text: str) -> tuple[str, int, str, str]:
    """A field as :func:`kinded_fields` yields it: its kind and tier as the registry has them."""
    kind = kind_of(path)
    return path, tier(kind), text, kind


def _person(prefix: str, person: Person) -> Iterator[tuple[str, int, str, str]]:
    yield _field(f"{prefix}.name", person.name)
    for j, alias in enumerate(person.aliases):
        yield _field(f"{prefix}.aliases[{j}]", alias)
    if person.title is not None:
        yield _field(f"{prefix}.title", person.title)
    if person.organisation is not None:
        yield _field(f"{prefix}.organisation", person.organisation)


def meeting_fields(
    meeting: Meeting, sources: Mapping[str, Source]
) -> Iterator[tuple[str, int, str, str]]:
    """The dataset's searchable fields of a meeting (not the notes), with kinds."""
    yield _field("id", meeting.id)
    yield _field("title", meeting.title)
    yield _field("short_title", meeting.short_title)
    yield _field("label", meeting.label)
    for i, chair in enumerate(meeting.co_chairs):
        yield from _person(f"co_chairs[{i}]", chair)
    for i, person in enumerate(meeting.people):
        yield from _person(f"people[{i}]", person)
    for i, organisation in enumerate(meeting.organisations):
        yield _field(f"organisations[{i}].name", organisation.name)
    venue = meeting.venue
    if venue is not None:
        if venue.city is not None:
            yield _field("venue.city", venue.city)
        if venue.country is not None:
            yield _field("venue.country", country_name(venue.country))
        if venue.mode is not None:
            yield _field("venue.mode", MODES.get(venue.mode, venue.mode))
    date = meeting.date
    yield _field("date.value", date.value)
    if date.note is not None:
        yield _field("date.note", date.note)
    for i, alternative in enumerate(date.alternatives):
        yield _field(f"date.alternatives[{i}].as_reported", alternative.as_reported)
    if venue is not None and venue.note is not None:
        yield _field("venue.note", venue.note)
    for group in ("agenda", "statements", "outcomes", "details"):
        for i, item in enumerate(getattr(meeting, group)):
            yield _field(f"{group}[{i}].text", item.text)
    for i, sector in enumerate(meeting.sectors):
        yield _field(f"sectors[{i}]", SECTORS.get(sector, sector))
    for i, theme in enumerate(meeting.themes):
        yield _field(f"themes[{i}]", THEMES.get(theme, theme))
    for i, conflict in enumerate(meeting.conflicts):
        yield _field(f"conflicts[{i}].summary", conflict.summary)
        yield _field(f"conflicts[{i}].resolution", conflict.resolution)
    for key in meeting.all_source_keys():
        source = sources.get(key)
        if source is None:
            continue
        yield _field(f"sources[{key}].outlet", source.outlet)
        if source.headline is not None:
            yield _field(f"sources[{key}].headline", source.headline)


def note_fields(meeting_id: str, notes: Sequence[Note]) -> Iterator[tuple[str, int, str, str]]:
    """The searchable fields of the notes about one meeting, with kinds."""
    for note in notes:
        if note.meeting != meeting_id:
            continue
        yield _field(f"notes[{note.id}].text", note.text)
        for j, tag in enumerate(note.tags):
            yield _field(f"notes[{note.id}].tags[{j}]", tag)


def tier_texts(meeting: Meeting, sources: Mapping[str, Source], tier: int) -> list[str]:
    """The texts of one tier of :func:`meeting_fields`, without paths.

    A fast path for building the index and checking phrases; it must list exactly the texts
    of :func:`meeting_fields` (a test holds it to that).
    """
    if tier == 1:
        first = [meeting.id, meeting.title, meeting.short_title, meeting.label]
        for chair in meeting.co_chairs:
            first.append(chair.name)
            first += chair.aliases
        return first
    if tier == 3:
        third: list[str] = []
        for key in meeting.all_source_keys():
            source = sources.get(key)
            if source is not None:
                third.append(source.outlet)
                if source.headline is not None:
                    third.append(source.headline)
        return third
    second: list[str] = []
    for chair in meeting.co_chairs:
        if chair.title is not None:
            second.append(chair.title)
        if chair.organisation is not None:
            second.append(chair.organisation)
    for person in meeting.people:
        second.append(person.name)
        second += person.aliases
        if person.title is not None:
            second.append(person.title)
        if person.organisation is not None:
            second.append(person.organisation)
    second += [organisation.name for organisation in meeting.organisations]
    venue = meeting.venue
    if venue is not None:
        if venue.city is not None:
            second.append(venue.city)
        if venue.country is not None:
            second.append(country_name(venue.country))
        if venue.mode is not None:
            second.append(MODES.get(venue.mode, venue.mode))
        if venue.note is not None:
            second.append(venue.note)
    date = meeting.date
    second.append(date.value)
    if date.note is not None:
        second.append(date.note)
    second += [alternative.as_reported for alternative in date.alternatives]
    second += [item.text for item in meeting.agenda]
    second += [item.text for item in meeting.statements]
    second += [item.text for item in meeting.outcomes]
    second += [item.text for item in meeting.details]
    second += [SECTORS.get(sector, sector) for sector in meeting.sectors]
    second += [THEMES.get(theme, theme) for theme in meeting.themes]
    for conflict in meeting.conflicts:
        second.append(conflict.summary)
        second.append(conflict.resolution)
    return second
