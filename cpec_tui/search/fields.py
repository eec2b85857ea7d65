"""The single definition of what is searchable in a meeting, and how much a match there counts.

Tier 1 (the title, the label, the co-chairs) outranks tier 2 (everything else the record
says), which outranks tier 3 (sources and the user's notes). The TUI displays exactly these
texts, so highlight spans computed on them line up.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from cpec_tui.countries import country_name
from cpec_tui.models import Meeting, Note, Person, Source
from cpec_tui.vocabulary import MODES, SECTORS, THEMES

Field = tuple[str, int, str]

# Kinds: a field path without its indices, e.g. "co_chairs.name", "sources.outlet".
CHAIR_KINDS = frozenset({"co_chairs.name", "co_chairs.aliases"})
PERSON_KINDS = CHAIR_KINDS | {"people.name", "people.aliases"}
VENUE_KINDS = frozenset({"venue.city", "venue.country"})
OUTLET_KINDS = frozenset({"sources.outlet"})
TAG_KINDS = frozenset({"notes.tags"})
NOTE_KINDS = frozenset({"notes.text", "notes.tags"})


def searchable_fields(
    meeting: Meeting, sources: Mapping[str, Source], notes: Sequence[Note]
) -> Iterator[Field]:
    """Every searchable text of a meeting as ``(field path, tier, text)``.

    ``sources`` maps source keys to sources (keys the meeting does not cite are ignored);
    ``notes`` may hold any notes, only the ones about this meeting are used.
    """
    for path, tier, text, _kind in kinded_fields(meeting, sources, notes):
        yield path, tier, text


def kinded_fields(
    meeting: Meeting, sources: Mapping[str, Source], notes: Sequence[Note]
) -> Iterator[tuple[str, int, str, str]]:
    """:func:`searchable_fields` with each field's kind (its path without indices)."""
    yield from meeting_fields(meeting, sources)
    yield from note_fields(meeting.id, notes)


def _person(prefix: str, person: Person, name_tier: int) -> Iterator[tuple[str, int, str, str]]:
    kind = prefix.partition("[")[0]
    yield f"{prefix}.name", name_tier, person.name, f"{kind}.name"
    for j, alias in enumerate(person.aliases):
        yield f"{prefix}.aliases[{j}]", name_tier, alias, f"{kind}.aliases"
    if person.title is not None:
        yield f"{prefix}.title", 2, person.title, f"{kind}.title"
    if person.organisation is not None:
        yield f"{prefix}.organisation", 2, person.organisation, f"{kind}.organisation"


def meeting_fields(
    meeting: Meeting, sources: Mapping[str, Source]
) -> Iterator[tuple[str, int, str, str]]:
    """The dataset's searchable fields of a meeting (not the notes), with kinds."""
    yield "id", 1, meeting.id, "id"
    yield "title", 1, meeting.title, "title"
    yield "short_title", 1, meeting.short_title, "short_title"
    yield "label", 1, meeting.label, "label"
    for i, chair in enumerate(meeting.co_chairs):
        # Names and aliases are tier 1, title and organisation tier 2.
        yield from _person(f"co_chairs[{i}]", chair, 1)
    for i, person in enumerate(meeting.people):
        yield from _person(f"people[{i}]", person, 2)
    for i, organisation in enumerate(meeting.organisations):
        yield f"organisations[{i}].name", 2, organisation.name, "organisations.name"
    venue = meeting.venue
    if venue is not None:
        if venue.city is not None:
            yield "venue.city", 2, venue.city, "venue.city"
        if venue.country is not None:
            yield "venue.country", 2, country_name(venue.country), "venue.country"
        if venue.mode is not None:
            yield "venue.mode", 2, MODES.get(venue.mode, venue.mode), "venue.mode"
    date = meeting.date
    yield "date.value", 2, date.value, "date.value"
    if date.note is not None:
        yield "date.note", 2, date.note, "date.note"
    for i, alternative in enumerate(date.alternatives):
        yield (
            f"date.alternatives[{i}].as_reported",
            2,
            alternative.as_reported,
            "date.alternatives.as_reported",
        )
    if venue is not None and venue.note is not None:
        yield "venue.note", 2, venue.note, "venue.note"
    for group in ("agenda", "statements", "outcomes", "details"):
        for i, item in enumerate(getattr(meeting, group)):
            yield f"{group}[{i}].text", 2, item.text, f"{group}.text"
    for i, sector in enumerate(meeting.sectors):
        yield f"sectors[{i}]", 2, SECTORS.get(sector, sector), "sectors"
    for i, theme in enumerate(meeting.themes):
        yield f"themes[{i}]", 2, THEMES.get(theme, theme), "themes"
    for i, conflict in enumerate(meeting.conflicts):
        yield f"conflicts[{i}].summary", 2, conflict.summary, "conflicts.summary"
        yield f"conflicts[{i}].resolution", 2, conflict.resolution, "conflicts.resolution"
    for key in meeting.all_source_keys():
        source = sources.get(key)
        if source is None:
            continue
        yield f"sources[{key}].outlet", 3, source.outlet, "sources.outlet"
        if source.headline is not None:
            yield f"sources[{key}].headline", 3, source.headline, "sources.headline"


def note_fields(meeting_id: str, notes: Sequence[Note]) -> Iterator[tuple[str, int, str, str]]:
    """The searchable fields of the notes about one meeting, with kinds."""
    for note in notes:
        if note.meeting != meeting_id:
            continue
        yield f"notes[{note.id}].text", 3, note.text, "notes.text"
        for j, tag in enumerate(note.tags):
            yield f"notes[{note.id}].tags[{j}]", 3, tag, "notes.tags"


def tier_of_kind(kind: str) -> int:
    """The tier of fields of a kind (used to order matched fields)."""
    if kind in {"id", "title", "short_title", "label"} or kind in CHAIR_KINDS:
        return 1
    if kind.startswith(("sources.", "notes.")):
        return 3
    return 2


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
