"""The user's notes for export: grouped by meeting, with the meeting's date and title."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cpec_tui.export.escape import markdown_block, markdown_text
from cpec_tui.present import format_time
from cpec_tui.text import format_date

if TYPE_CHECKING:
    from cpec_tui.meetings import MeetingSummary
    from cpec_tui.models import Note


@dataclass(frozen=True)
class NoteGroup:
    """A meeting's notes, oldest first; ``meeting`` is None once it left the dataset."""

    meeting_id: str
    meeting: MeetingSummary | None
    notes: tuple[Note, ...]


def _tag_key(tag: str) -> str:
    """Tags compare as the notes store keeps them apart: ignoring case and extra spaces."""
    return " ".join(tag.split()).casefold()


def group_notes(
    notes: Iterable[Note], summaries: Iterable[MeetingSummary], tag: str | None = None
) -> list[NoteGroup]:
    """Notes by meeting, meetings in ``summaries`` order, then orphans by id.

    With ``tag``, only the notes that carry it (ignoring case), and only meetings that have one.
    """
    wanted = None if tag is None else _tag_key(tag)
    by_meeting: dict[str, list[Note]] = {}
    for note in sorted(notes, key=lambda n: n.created):
        if wanted is None or wanted in map(_tag_key, note.tags):
            by_meeting.setdefault(note.meeting, []).append(note)
    groups = [
        NoteGroup(summary.id, summary, tuple(by_meeting.pop(summary.id)))
        for summary in summaries
        if summary.id in by_meeting
    ]
    groups += [NoteGroup(key, None, tuple(group)) for key, group in sorted(by_meeting.items())]
    return groups


def notes_markdown(groups: Sequence[NoteGroup]) -> str:
    """The notes as Markdown: a section per meeting (id, title, date), a heading per note."""
    out = ["# cpec-tui notes", ""]
    for group in groups:
        summary = group.meeting
        if summary is None:
            out += [f"## {group.meeting_id}: meeting no longer in the dataset", ""]
        else:
            title, date = markdown_text(summary.title), format_date(summary.date)
            out += [f"## {group.meeting_id}: {title} ({date})", ""]
        for note in group.notes:
            tags = "".join(f" \\#{markdown_text(tag)}" for tag in note.tags)
            out += [f"### {format_time(note.created)}{tags} ({markdown_text(note.id)})", ""]
            out += [markdown_block(note.text), ""]
    return "\n".join(out)


def notes_records(groups: Sequence[NoteGroup]) -> list[dict[str, Any]]:
    """The notes as JSON values: per meeting its id, date, title and notes as dumped."""
    return [
        {
            "meeting": group.meeting_id,
            "date": group.meeting.date if group.meeting else None,
            "title": group.meeting.title if group.meeting else None,
            "notes": [note.model_dump(mode="json") for note in group.notes],
        }
        for group in groups
    ]


def note_tags(notes: Iterable[Note]) -> list[str]:
    """The distinct tags of ``notes`` (as first written, told apart ignoring case), sorted."""
    tags: dict[str, str] = {}
    for note in notes:
        for tag in note.tags:
            tags.setdefault(_tag_key(tag), tag)
    return [tags[key] for key in sorted(tags)]


def filter_notes(
    notes: Iterable[Note],
    text: str = "",
    tag: str | None = None,
    summary_of: Callable[[str], MeetingSummary | None] = lambda _: None,
) -> list[Note]:
    """The notes that carry ``tag`` and contain every word of ``text``, newest first.

    Words are looked for, ignoring case, in the note, its tags and its meeting's id, label
    and short title, so "jcc 14 roads" finds a note about roads on JCC 14.
    """
    words = text.casefold().split()
    wanted = None if tag is None else _tag_key(tag)
    found: list[Note] = []
    for note in notes:
        if wanted is not None and wanted not in map(_tag_key, note.tags):
            continue
        if words:
            summary = summary_of(note.meeting)
            about = (summary.label, summary.short_title) if summary is not None else ()
            haystack = " ".join((note.text, note.meeting, *note.tags, *about)).casefold()
            if not all(word in haystack for word in words):
                continue
        found.append(note)
    return sorted(found, key=lambda note: note.created, reverse=True)
