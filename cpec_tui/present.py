"""How a meeting reads in full: one layout shared by ``cpec-tui show`` and the detail pane.

A meeting becomes a list of :class:`Section` s made of lines of :class:`Part` s. A part that
shows a searchable field carries that field's path (as named by
:func:`cpec_tui.search.searchable_fields`), so the TUI can highlight the query's matches in
it; its text is the field's text, unchanged, so highlight offsets line up. A line that states
a fact carries what the fact rests on (the source keys of its citation, or the related
meeting it names), so a reader can go from the fact to its sources.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cpec_tui.countries import country_name
from cpec_tui.export.sources import held_copy
from cpec_tui.export.words import concerns, date_standing, field_words
from cpec_tui.text import format_date
from cpec_tui.vocabulary import KINDS, MODES, SECTORS, SERIES, SOURCING, THEMES

if TYPE_CHECKING:  # the TUI's first frame must not wait for pydantic
    from cpec_tui.models import Meeting, Note, Person, Source, SourcedText

# Roles a renderer maps to a look; the CLI ignores all but "heading".
PLAIN, MUTED, CITE, WARNING, TAG, LINK, STRONG = (
    "plain",
    "muted",
    "cite",
    "warning",
    "tag",
    "link",
    "strong",
)


@dataclass(frozen=True)
class Part:
    """A run of text with a role, the field it shows (for highlights) and a link target.

    A citation carries the ``sources`` it cites; a related meeting's id, that ``meeting``.
    """

    text: str
    role: str = PLAIN
    path: str | None = None
    link: str | None = None
    sources: tuple[str, ...] = ()
    meeting: str | None = None


Line = tuple[Part, ...]


@dataclass(frozen=True)
class Section:
    """A headed block of the detail view: "Co-chairs", "Outcomes", "Sources"…"""

    heading: str
    lines: tuple[Line, ...]


CONFLICT_MARK = "⚠"
"""Reports conflict on a fact of the meeting: it has an entry under "Conflicts between
reports", and every fact that entry concerns carries the mark and the entry's id."""
UNCERTAIN_MARK = "≈"
"""The meeting's date is approximate or uncertain (inferred, or known only to the month or
the year)."""


def marks(conflicting: bool, uncertain: bool) -> str:
    """The two marks of a list line, each a character or a space: ``⚠≈``, ``⚠ ``, `` ≈``."""
    return (CONFLICT_MARK if conflicting else " ") + (UNCERTAIN_MARK if uncertain else " ")


def meeting_sections(
    meeting: Meeting,
    sources: Mapping[str, Source],
    notes: Sequence[Note] = (),
    title_of: Callable[[str], str | None] = lambda _: None,
) -> list[Section]:
    """The meeting in full, in reading order; empty sections are left out."""
    sections = [
        Section("", (_heading_line(meeting), _identity_line(meeting))),
        Section("Your notes", notes_lines(notes)),  # where the reader looks, seen after a save
        Section("When", _when(meeting)),
        Section("Where", _where(meeting)),
        Section(
            "Co-chairs",
            tuple(_person(p, f"co_chairs[{i}]") for i, p in enumerate(meeting.co_chairs)),
        ),
        Section(
            "Also named", tuple(_person(p, f"people[{i}]") for i, p in enumerate(meeting.people))
        ),
        Section("Participating organisations", _organisations(meeting)),
        Section("Agenda", _sourced(meeting.agenda, "agenda")),
        Section("Statements", _sourced(meeting.statements, "statements")),
        Section("Outcomes", _sourced(meeting.outcomes, "outcomes")),
        Section("Other details", _sourced(meeting.details, "details")),
        Section("Sectors and themes", _tags(meeting)),
        Section("Conflicts between reports", _conflicts(meeting)),
        Section("Related meetings", _related(meeting, title_of)),
        Section("Sources", _sources(meeting, sources)),
    ]
    if meeting.conflicts:
        sections = [_marked(section, meeting) for section in sections]
    return [section for section in sections if section.lines]


def _marked(section: Section, meeting: Meeting) -> Section:
    """``section`` with each fact that a conflict concerns marked ``⚠ C-5`` where it is shown.

    The date line says it in words already (see :func:`date_standing`), and the Conflicts
    section is what the marks point to.
    """
    if section.heading in ("Conflicts between reports", "When"):
        return section
    lines = []
    for line in section.lines:
        paths = [part.path for part in line if part.path]
        ids = [
            conflict.id
            for conflict in meeting.conflicts
            if any(concerns(conflict, path) for path in paths)
        ]
        if ids:
            mark = Part(f" {CONFLICT_MARK} {', '.join(ids)}", WARNING)
            cited = bool(line) and line[-1].role == CITE
            line = (*line[:-1], mark, line[-1]) if cited else (*line, mark)
        lines.append(line)
    return Section(section.heading, tuple(lines))


def _cite(keys: Sequence[str]) -> Part:
    return Part(f" [{', '.join(keys)}]", CITE, sources=tuple(keys))


def facts_of(line: Line) -> tuple[tuple[str, ...], str | None]:
    """What a line's fact rests on: the source keys it cites and the meeting it names."""
    keys: tuple[str, ...] = ()
    meeting = None
    for part in line:
        keys += part.sources
        meeting = meeting or part.meeting
    return keys, meeting


def _heading_line(meeting: Meeting) -> Line:
    return (Part(meeting.title, STRONG, "title"),)


def _identity_line(meeting: Meeting) -> Line:
    return (
        Part(meeting.label, MUTED, "label"),
        Part(" · ", MUTED),
        Part(meeting.short_title, MUTED, "short_title"),
        Part(" · ", MUTED),
        Part(meeting.id, MUTED, "id"),
        Part(f" · {SERIES[meeting.series]} · {KINDS[meeting.kind]}", MUTED),
        Part(f" · sourcing: {SOURCING[meeting.sourcing].lower()}", MUTED),
        _cite(meeting.sources),
    )


def _when(meeting: Meeting) -> tuple[Line, ...]:
    date = meeting.date
    first: list[Part] = [
        Part(format_date(date.value, weekday=True), STRONG),
        Part(" (", MUTED),
        Part(date.value, MUTED, "date.value"),  # (year: and date: matches highlight it)
        Part(") — ", MUTED),
        *_date_standing(meeting),
        _cite(date.sources),
    ]
    lines: list[Line] = [tuple(first)]
    if date.note:
        lines.append((Part(date.note, MUTED, "date.note"),))
    for i, alternative in enumerate(date.alternatives):
        when = f" ({format_date(alternative.value)})" if alternative.value else ""
        lines.append(
            (
                Part("Also reported: ", MUTED),
                Part(alternative.as_reported, PLAIN, f"date.alternatives[{i}].as_reported"),
                Part(when, MUTED),
                _cite(alternative.sources),
            )
        )
    return tuple(lines)


def _date_standing(meeting: Meeting) -> list[Part]:
    """How sure the record is of the date, its doubt (if any) marked."""
    settled, doubt = date_standing(meeting)
    parts = [Part(f"{settled}; " if settled and doubt else settled, MUTED)] if settled else []
    if doubt:
        parts.append(Part(f"{CONFLICT_MARK} {doubt}", WARNING))
    return parts


def _where(meeting: Meeting) -> tuple[Line, ...]:
    venue = meeting.venue
    if venue is None:
        return ()
    parts: list[Part] = []
    if venue.city:
        parts.append(Part(venue.city, PLAIN, "venue.city"))
    if venue.country:
        if parts:
            parts.append(Part(", "))
        parts.append(Part(country_name(venue.country), PLAIN, "venue.country"))
    if venue.mode:
        if parts:
            parts.append(Part(" · "))
        parts.append(Part(MODES[venue.mode], PLAIN, "venue.mode"))
    parts.append(_cite(venue.sources))
    lines: list[Line] = [tuple(parts)]
    if venue.note:
        lines.append((Part(venue.note, MUTED, "venue.note"),))
    return tuple(lines)


def _person(person: Person, path: str) -> Line:
    parts = [Part(person.name, STRONG, f"{path}.name")]
    for j, alias in enumerate(person.aliases):
        parts += [
            Part(" (also " if j == 0 else ", ", MUTED),
            Part(alias, MUTED, f"{path}.aliases[{j}]"),
        ]
    if person.aliases:
        parts.append(Part(")", MUTED))
    if person.title:
        parts += [Part(" — "), Part(person.title, PLAIN, f"{path}.title")]
    if person.organisation:
        parts += [Part(", "), Part(person.organisation, PLAIN, f"{path}.organisation")]
    parts += [Part(f" · {country_name(person.country)}", MUTED), _cite(person.sources)]
    return tuple(parts)


def _organisations(meeting: Meeting) -> tuple[Line, ...]:
    lines: list[Line] = []
    for i, organisation in enumerate(meeting.organisations):
        country = f" · {country_name(organisation.country)}" if organisation.country else ""
        lines.append(
            (
                Part(organisation.name, PLAIN, f"organisations[{i}].name"),
                Part(country, MUTED),
                _cite(organisation.sources),
            )
        )
    return tuple(lines)


def _sourced(items: Sequence[SourcedText], name: str) -> tuple[Line, ...]:
    return tuple(
        (Part("• ", MUTED), Part(item.text, PLAIN, f"{name}[{i}].text"), _cite(item.sources))
        for i, item in enumerate(items)
    )


def _tags(meeting: Meeting) -> tuple[Line, ...]:
    lines: list[Line] = []
    if meeting.sectors:
        parts: list[Part] = [Part("Sectors: ", MUTED)]
        for i, sector in enumerate(meeting.sectors):
            parts += [Part(" " if i else ""), Part(SECTORS[sector], TAG, f"sectors[{i}]")]
        lines.append(tuple(parts))
    if meeting.themes:
        parts = [Part("Themes:  ", MUTED)]
        for i, theme in enumerate(meeting.themes):
            parts += [Part(" " if i else ""), Part(THEMES[theme], TAG, f"themes[{i}]")]
        lines.append(tuple(parts))
    return tuple(lines)


def _conflicts(meeting: Meeting) -> tuple[Line, ...]:
    lines: list[Line] = []
    for i, conflict in enumerate(meeting.conflicts):
        lines.append(
            (
                Part(
                    f"{CONFLICT_MARK} {conflict.id} "
                    f"({', '.join(field_words(field) for field in conflict.fields)}): ",
                    WARNING,
                ),
                Part(conflict.summary, PLAIN, f"conflicts[{i}].summary"),
                _cite(conflict.sources),
            )
        )
        lines.append(
            (
                Part("  Resolution: ", MUTED),
                Part(conflict.resolution, PLAIN, f"conflicts[{i}].resolution"),
            )
        )
    return tuple(lines)


def _related(meeting: Meeting, title_of: Callable[[str], str | None]) -> tuple[Line, ...]:
    lines: list[Line] = []
    for other in meeting.related:
        title = title_of(other)
        lines.append(
            (Part(other, STRONG, meeting=other), Part(f"  {title}" if title else "", MUTED))
        )
    return tuple(lines)


def _sources(meeting: Meeting, sources: Mapping[str, Source]) -> tuple[Line, ...]:
    lines: list[Line] = []
    for key in meeting.all_source_keys():
        source = sources.get(key)
        if source is None:
            continue
        parts = [
            Part(f"[{key}] ", CITE, sources=(key,)),
            Part(source.outlet, STRONG, f"sources[{key}].outlet"),
        ]
        if source.published:
            parts.append(Part(f", {format_date(source.published)}", MUTED))
        if source.headline:
            parts += [Part(": "), Part(source.headline, PLAIN, f"sources[{key}].headline")]
        lines.append(tuple(parts))
        if source.url:
            safe = source.url.startswith(("http://", "https://"))
            lines.append((Part("    "), Part(source.url, LINK, link=source.url if safe else None)))
        held = held_copy(source)
        if held:
            lines.append((Part(f"    {held[0].upper()}{held[1:]}", MUTED),))
        if source.note:
            lines.append((Part(f"    {source.note}", MUTED),))
    return tuple(lines)


def format_time(moment: dt.datetime) -> str:
    """A note's timestamp in the user's local time, to the minute."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def notes_lines(notes: Sequence[Note]) -> tuple[Line, ...]:
    """A meeting's notes, newest first, each a header line (time, tags, id) then its text."""
    lines: list[Line] = []
    for note in sorted(notes, key=lambda n: n.created, reverse=True):
        header: list[Part] = [Part(format_time(note.created), MUTED)]
        if note.updated != note.created:
            header.append(Part(f" (edited {format_time(note.updated)})", MUTED))
        for j, tag in enumerate(note.tags):
            header += [Part(" #", TAG), Part(tag, TAG, f"notes[{note.id}].tags[{j}]")]
        header.append(Part(f"  {note.id}", CITE))
        lines.append(tuple(header))
        lines.append((Part(note.text, PLAIN, f"notes[{note.id}].text"),))
    return tuple(lines)
