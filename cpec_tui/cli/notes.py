"""``cpec-tui note …``: add, list, edit, remove and export notes from a shell or a script."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cpec_tui.cli.meetings import load_or_report, meeting_id, unknown_meeting
from cpec_tui.cli.output import CommandError, fail, print_json
from cpec_tui.present import format_time
from cpec_tui.store.errors import NotesError
from cpec_tui.text import one_line

if TYPE_CHECKING:  # (imported where needed: the browser must not wait for pydantic)
    from cpec_tui.library import Library
    from cpec_tui.models import Note


def register(commands: Any, shared: argparse.ArgumentParser) -> None:
    """Add ``note`` and its subcommands to the ``cpec-tui`` parser."""
    note = commands.add_parser("note", parents=[shared], help="add, list, edit and export notes")
    actions = note.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = actions.add_parser("add", parents=[shared], help="add a note to a meeting")
    add.add_argument("meeting", metavar="ID", type=meeting_id, help="meeting id")
    add.add_argument("text", metavar="TEXT", help="the note; '-' reads it from stdin")
    add.add_argument("--tag", action="append", default=[], metavar="TAG", help="repeatable")
    add.set_defaults(run=run_add)

    listing = actions.add_parser("list", parents=[shared], help="list notes")
    listing.add_argument(
        "meeting", metavar="ID", nargs="?", type=meeting_id, help="only this meeting's notes"
    )
    listing.add_argument("--json", action="store_true", help="print notes as JSON")
    listing.add_argument(
        "--orphans", action="store_true", help="only notes whose meeting is not in the dataset"
    )
    listing.set_defaults(run=run_list)

    edit = actions.add_parser("edit", parents=[shared], help="change a note's text or tags")
    edit.add_argument("note_id", metavar="NOTE_ID", help=_NOTE_ID_HELP)
    edit.add_argument("text", metavar="TEXT", nargs="?", help="the new text; '-' reads stdin")
    edit.add_argument(
        "--tag",
        action="append",
        default=None,
        metavar="TAG",
        help="replace the tags (repeatable; --tag '' removes them all)",
    )
    edit.set_defaults(run=run_edit)

    remove = actions.add_parser("rm", parents=[shared], help="delete a note")
    remove.add_argument("note_id", metavar="NOTE_ID", help=_NOTE_ID_HELP)
    remove.set_defaults(run=run_rm)

    export = actions.add_parser("export", parents=[shared], help="all notes, grouped by meeting")
    export.add_argument("--format", choices=["md", "json"], default="md")
    export.add_argument("--tag", metavar="TAG", help="only the notes with this tag (any case)")
    export.set_defaults(run=run_export)


_NOTE_ID_HELP = "a note's id, or its first 4 or more characters"
MIN_PREFIX = 4
"""How much of a note id names it: fewer characters would make ``rm`` too easy to misaim."""


def _text(given: str) -> str:
    """The note text from the argument, or from stdin for '-' (and only then)."""
    if given == "-":
        return _utf8(sys.stdin.buffer.read(), "the text read from stdin")
    return _argument(given, "the text")


def _argument(given: str, what: str) -> str:
    """A command-line argument, refused if it held bytes that are not UTF-8.

    Python hands such bytes over as lone surrogates, which a notes file cannot hold.
    """
    try:
        given.encode("utf-8")
    except UnicodeEncodeError:
        return _utf8(os.fsencode(given), what)
    return given


def _utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CommandError(
            f"cpec-tui: {what} is not UTF-8 text (byte 0x{data[error.start]:02x} at offset "
            f"{error.start}); nothing was saved.",
            2,
        ) from None


def _tags(given: Sequence[str]) -> list[str]:
    """The tags as they will be stored; a comma or control character in one is refused."""
    from cpec_tui.store.notes import normalize_tags

    try:
        return normalize_tags([_argument(tag, "a tag") for tag in given])
    except ValueError as error:
        raise CommandError(f"cpec-tui: {error}; nothing was saved.", 2) from None


def _non_empty(text: str) -> str:
    if not text.strip():
        raise CommandError(
            "cpec-tui: the note is empty; give its text, or '-' to read it from stdin "
            "('cpec-tui note rm' deletes a note).",
            2,
        )
    return text


def find_note(notes: Sequence[Note], given: str) -> Note:
    """The note ``given`` names: by its id, or by a unique beginning of it (as git does).

    Raises :class:`CommandError`: exit 1 if no note matches, 2 if the beginning is too short
    or several notes begin so (their ids, meetings and first lines are listed).
    """
    wanted = given.strip().lower()
    for note in notes:
        if note.id == wanted:
            return note
    matches = [note for note in notes if wanted and note.id.startswith(wanted)]
    if not matches:
        raise CommandError(f"cpec-tui: no note with id {given!r}. Nothing was changed.", 1)
    if len(wanted) < MIN_PREFIX:
        raise CommandError(
            f"cpec-tui: {given!r} is too short to name a note: give its id, or at least its "
            f"first {MIN_PREFIX} characters ('cpec-tui note list' shows them).",
            2,
        )
    if len(matches) > 1:
        listed = "\n".join(
            f"  {note.id}  {note.meeting:<24} {one_line(note.text.strip())[:50]}"
            for note in matches
        )
        raise CommandError(
            f"cpec-tui: {len(matches)} notes have ids beginning {given!r}; give more of the "
            f"id. Nothing was changed.\n{listed}",
            2,
        )
    return matches[0]


def run_add(args: argparse.Namespace, library: Library) -> int:
    tags = _tags(args.tag)
    dataset = load_or_report(library)
    if dataset is None:
        return 2
    if dataset.meetings.position(args.meeting) is None:
        message = unknown_meeting(args.meeting, dataset.meetings.ids)
        return fail(message + " No note was saved.", 1)
    text = _non_empty(_text(args.text))  # last: a wrong id is reported before text is typed
    try:
        note = library.notes.add(args.meeting, text, tags)
    except NotesError as error:
        return fail(str(error), 2)
    sys.stdout.write(f"{note.id}\n")
    return 0


def run_edit(args: argparse.Namespace, library: Library) -> int:
    text = None if args.text is None else _non_empty(_text(args.text))
    tags = None if args.tag is None else _tags(args.tag)
    if text is None and tags is None:
        return fail("cpec-tui: nothing to change; give the new TEXT, '-', or --tag.", 2)
    notes = library.notes
    try:
        note = find_note(_notes_or_fail(library), args.note_id)
        notes.update(note.id, text=text, tags=tags)
    except KeyError:  # deleted by another writer since it was found
        return fail(f"cpec-tui: no note with id {args.note_id!r}. Nothing was changed.", 1)
    except NotesError as error:
        return fail(str(error), 2)
    return 0


def run_rm(args: argparse.Namespace, library: Library) -> int:
    try:
        library.notes.delete(find_note(_notes_or_fail(library), args.note_id).id)
    except KeyError:
        return fail(f"cpec-tui: no note with id {args.note_id!r}. Nothing was deleted.", 1)
    except NotesError as error:
        return fail(str(error), 2)
    return 0


def _notes_or_fail(library: Library) -> Sequence[Note]:
    """Every note; a notes file that cannot be used is a :class:`CommandError` (exit 2)."""
    problem = library.notes.problem
    if problem is not None:
        raise CommandError(problem, 2)
    return library.notes.all


def run_list(args: argparse.Namespace, library: Library) -> int:
    selected = _notes_or_fail(library)
    if args.orphans or args.meeting:
        dataset = load_or_report(library)
        if dataset is None:
            return 2
        known = dataset.meetings.positions_by_id
        if args.meeting and args.meeting not in known:
            return fail(unknown_meeting(args.meeting, dataset.meetings.ids), 1)
        if args.orphans:
            selected = [note for note in selected if note.meeting not in known]
        if args.meeting:
            selected = [note for note in selected if note.meeting == args.meeting]
    if args.json:
        print_json([note.model_dump(mode="json") for note in selected])
        return 0
    for note in sorted(selected, key=lambda n: n.created, reverse=True):
        tags = "".join(f" #{tag}" for tag in note.tags)
        sys.stdout.write(
            one_line(
                f"{note.id}  {note.meeting:<24} {format_time(note.created)}{tags}  {note.text}"
            )
            + "\n"
        )
    return 0


def run_export(args: argparse.Namespace, library: Library) -> int:
    from cpec_tui.export.notes import group_notes, notes_markdown, notes_records

    all_notes = _notes_or_fail(library)
    dataset = load_or_report(library)
    if dataset is None:
        return 2
    groups = group_notes(all_notes, dataset.meetings.summaries, args.tag)
    if args.format == "json":
        print_json(notes_records(groups))
    else:
        sys.stdout.write(notes_markdown(groups))
    return 0
