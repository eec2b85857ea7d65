"""Meetings as Markdown an article can quote: every cited key a footnote naming its source.

Each source key a fact cites becomes a footnote reference (``[^w10]``) right after the fact,
and the document ends with one footnote per cited source: outlet, date, headline and a link.
Every string from the data is escaped (:mod:`cpec_tui.export.escape`), so a title with ``*``
or ``[`` renders as written and no text can become a link, an image or HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from cpec_tui.countries import country_name
from cpec_tui.export.escape import markdown_link, markdown_text
from cpec_tui.export.sources import held_copy, published
from cpec_tui.export.words import date_standing, field_words, venue_text
from cpec_tui.text import format_date
from cpec_tui.vocabulary import KINDS, SECTORS, SERIES, SOURCING, THEMES

if TYPE_CHECKING:
    from cpec_tui.meetings import MeetingSummary
    from cpec_tui.models import Meeting, Person, Source, SourcedText

SummaryOf = Callable[[str], "MeetingSummary | None"]

# A footnote label Markdown keeps as it is; other keys get one made of their safe characters.
_LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_LABEL_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


class Footnotes:
    """The footnote label of each cited source key, unique within one document."""

    def __init__(self) -> None:
        self._labels: dict[str, str] = {}

    def ref(self, keys: Iterable[str]) -> str:
        """Footnote references for ``keys``, e.g. ``[^s1][^w10]``."""
        return "".join(f"[^{self.label(key)}]" for key in keys)

    def label(self, key: str) -> str:
        """``key`` itself when Markdown allows it as a label, else a unique safe stand-in."""
        label = self._labels.get(key)
        if label is None:
            label = key if _LABEL.fullmatch(key) else _stand_in(key)
            # Some renderers match labels ignoring case: keep them apart that way too.
            taken = {other.casefold() for other in self._labels.values()}
            base, n = label, 1
            while label.casefold() in taken:
                n += 1
                label = f"{base}-{n}"
            self._labels[key] = label
        return label

    def definitions(self, sources: Mapping[str, Source]) -> list[str]:
        """One definition per key referenced so far, in first-referenced order."""
        return [
            f"[^{label}]: {_source_line(key, sources.get(key))}"
            for key, label in self._labels.items()
        ]


def _stand_in(key: str) -> str:
    return "source-" + (_LABEL_UNSAFE.sub("-", key).strip("-.") or "key")


def _source_line(key: str, source: Source | None) -> str:
    if source is None:
        return f"Source {markdown_text(key)} is not in the record."
    parts = [f"*{markdown_text(source.outlet)}*"]
    parts.append(published(source))
    if source.headline:
        parts.append(f"“{markdown_text(source.headline)}”")
    if source.url:
        parts.append(markdown_link(source.url))
    held = held_copy(source)
    if held:
        parts.append(held)
    return ", ".join(parts) + "."


def meeting_markdown(
    meeting: Meeting, sources: Mapping[str, Source], summary_of: SummaryOf = lambda _: None
) -> str:
    """One meeting as a Markdown document: its facts with footnote citations, then those.

    ``summary_of`` finds a related meeting by id (None if unknown), to name it; "copy as
    Markdown" and ``cpec-tui show --format md`` both give this.
    """
    return meetings_markdown([meeting], sources, summary_of)


def meetings_markdown(
    meetings: Iterable[Meeting],
    sources: Mapping[str, Source],
    summary_of: SummaryOf = lambda _: None,
    heading: str | None = None,
) -> str:
    """Meetings as one Markdown document sharing one set of footnotes.

    Under a ``heading`` (``# CPEC meetings matching …``) each meeting is a second-level
    section; without one, each meeting's title is a first-level heading.
    """
    return "".join(markdown_chunks(meetings, sources, summary_of, heading))


def markdown_chunks(
    meetings: Iterable[Meeting],
    sources: Mapping[str, Source],
    summary_of: SummaryOf = lambda _: None,
    heading: str | None = None,
) -> Iterator[str]:
    """:func:`meetings_markdown` made a meeting at a time, the footnotes last."""
    footnotes = Footnotes()
    level = 1
    if heading is not None:
        yield f"# {markdown_text(heading)}\n\n"
        level = 2
    for meeting in meetings:
        yield "".join(f"{line}\n" for line in _meeting_lines(meeting, footnotes, summary_of, level))
    yield "".join(f"{line}\n" for line in footnotes.definitions(sources))


def _meeting_lines(
    meeting: Meeting, footnotes: Footnotes, summary_of: SummaryOf, level: int
) -> list[str]:
    cite = footnotes.ref
    sub = "#" * (level + 1)
    identity = " · ".join(
        [
            markdown_text(meeting.label),
            markdown_text(meeting.short_title),
            f"`{meeting.id}`",
            SERIES[meeting.series],
            KINDS[meeting.kind],
            f"sourcing: {SOURCING[meeting.sourcing].lower()}",
        ]
    )
    lines = [f"{'#' * level} {markdown_text(meeting.title)}", "", identity + cite(meeting.sources)]
    lines += ["", *_facts(meeting, cite), ""]
    sections = [
        ("Co-chairs", [_person(person, cite) for person in meeting.co_chairs]),
        ("Also named", [_person(person, cite) for person in meeting.people]),
        ("Participating organisations", _organisations(meeting, cite)),
        ("Agenda", _sourced(meeting.agenda, cite)),
        ("Statements", _sourced(meeting.statements, cite)),
        ("Outcomes", _sourced(meeting.outcomes, cite)),
        ("Sectors and themes", _tags(meeting)),
        ("Conflicts between reports", _conflicts(meeting, cite)),
        ("Related meetings", _related(meeting, summary_of)),
    ]
    for heading, items in sections:
        if items:
            lines += [f"{sub} {heading}", "", *items, ""]
    return lines


def _facts(meeting: Meeting, cite: Callable[[Sequence[str]], str]) -> list[str]:
    date = meeting.date
    standing = "; ".join(part for part in date_standing(meeting) if part)
    when = f"{format_date(date.value, weekday=True)} ({standing})"
    items = [f"- **When:** {when}{cite(date.sources)}"]
    if date.note:
        _continue(items, markdown_text(date.note))
    for alternative in date.alternatives:
        also = f" ({format_date(alternative.value)})" if alternative.value else ""
        text = markdown_text(alternative.as_reported)
        items.append(f"- **Also reported:** {text}{also}{cite(alternative.sources)}")
    venue = meeting.venue
    if venue is not None:
        where = markdown_text(venue_text(venue)) or "not recorded"
        items.append(f"- **Where:** {where}{cite(venue.sources)}")
        if venue.note:
            _continue(items, markdown_text(venue.note))
    return items


def _continue(items: list[str], text: str) -> None:
    """Add ``text`` to the last list item, on a line of its own (after a hard line break)."""
    items[-1] += "\\"
    items.append(f"  {text}")


def _person(person: Person, cite: Callable[[Sequence[str]], str]) -> str:
    text = f"- **{markdown_text(person.name)}**"
    if person.aliases:
        text += f" (also {', '.join(markdown_text(alias) for alias in person.aliases)})"
    if person.title:
        text += f" — {markdown_text(person.title)}"
    if person.organisation:
        text += f", {markdown_text(person.organisation)}"
    return f"{text} · {country_name(person.country)}{cite(person.sources)}"


def _organisations(meeting: Meeting, cite: Callable[[Sequence[str]], str]) -> list[str]:
    return [
        f"- {markdown_text(organisation.name)}"
        + (f" · {country_name(organisation.country)}" if organisation.country else "")
        + cite(organisation.sources)
        for organisation in meeting.organisations
    ]


def _sourced(items: Sequence[SourcedText], cite: Callable[[Sequence[str]], str]) -> list[str]:
    return [f"- {markdown_text(item.text)}{cite(item.sources)}" for item in items]


def _tags(meeting: Meeting) -> list[str]:
    lines = []
    if meeting.sectors:
        lines.append(f"- Sectors: {', '.join(SECTORS[sector] for sector in meeting.sectors)}")
    if meeting.themes:
        lines.append(f"- Themes: {', '.join(THEMES[theme] for theme in meeting.themes)}")
    return lines


def _conflicts(meeting: Meeting, cite: Callable[[Sequence[str]], str]) -> list[str]:
    lines = []
    for conflict in meeting.conflicts:
        fields = markdown_text(", ".join(field_words(field) for field in conflict.fields))
        heading = f"{markdown_text(conflict.id)} ({fields})"
        lines.append(f"- **{heading}:** {markdown_text(conflict.summary)}{cite(conflict.sources)}")
        _continue(lines, f"Resolution: {markdown_text(conflict.resolution)}")
    return lines


def _related(meeting: Meeting, summary_of: SummaryOf) -> list[str]:
    lines = []
    for other in meeting.related:
        summary = summary_of(other)
        if summary is None:
            lines.append(f"- `{other}`")
        else:
            about = f"{markdown_text(summary.short_title)}, {format_date(summary.date)}"
            lines.append(f"- `{other}`: {about}")
    return lines
