"""``cpec-tui note …``: add, list, edit, remove and export notes from a shell or a script."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cpec_tui.cli.meetings import load_or_report, unknown_meeting
from cpec_tui.cli.output import fail, print_json
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
    add.add_argument("meeting", metavar="ID", help="meeting id")
    add.add_argument("text", metavar="TEXT", nargs="?", help="the note; '-' reads stdin")
    add.add_argument("--tag", action="append", default=[], metavar="TAG", help="repeatable")
    add.set_defaults(run=run_add)

    listing = actions.add_parser("list", parents=[shared], help="list notes")
    listing.add_argument("meeting", metavar="ID", nargs="?", help="only this meeting's notes")
    listing.add_argument("--json", action="store_true", help="print notes as JSON")
    listing.add_argument(
        "--orphans", action="store_true", help="only notes whose meeting is not in the dataset"
    )
    listing.set_defaults(run=run_list)

    edit = actions.add_parser("edit", parents=[shared], help="replace a note's text")
    edit.add_argument("note_id", metavar="NOTE_ID")
    edit.add_argument("text", metavar="TEXT", nargs="?", help="the new text; '-' reads stdin")
    edit.add_argument("--tag", action="append", default=None, metavar="TAG", help="replace tags")
    edit.set_defaults(run=run_edit)

    remove = actions.add_parser("rm", parents=[shared], help="delete a note")
    remove.add_argument("note_id", metavar="NOTE_ID")
    remove.set_defaults(run=run_rm)

    export = actions.add_parser("export", parents=[shared], help="all notes, grouped by meeting")
    export.add_argument("--format", choices=["md", "json"], default="md")
    export.add_argument("--tag", metavar="TAG", help="only the notes with this tag (any case)")
    export.set_defaults(run=run_export)


def _text(given: str | None) -> str | None:
    """The note text from the argument, or from stdin for '-' (or when stdin is piped)."""
    if given == "-" or (given is None and not sys.stdin.isatty()):
        return sys.stdin.read()
    return given


def run_add(args: argparse.Namespace, library: Library) -> int:
    dataset = load_or_report(library)
    if dataset is None:
        return 2
    if dataset.meetings.position(args.meeting) is None:
        message = unknown_meeting(args.meeting, dataset.meetings.ids)
        return fail(message + " No note was saved.", 1)
    text = _text(args.text)
    if text is None or not text.strip():
        return fail("cpec-tui: the note is empty; give TEXT, or '-' to read it from stdin.", 1)
    try:
        note = library.notes.add(args.meeting, text, args.tag)
    except NotesError as error:
        return fail(str(error), 1)
    sys.stdout.write(f"{note.id}\n")
    return 0


def run_edit(args: argparse.Namespace, library: Library) -> int:
    text = _text(args.text)
    if text is not None and not text.strip():
        return fail("cpec-tui: the new text is empty; use 'cpec-tui note rm' to delete.", 1)
    if text is None and args.tag is None:
        return fail("cpec-tui: nothing to change; give TEXT, '-', or --tag.", 1)
    try:
        library.notes.update(args.note_id, text=text, tags=args.tag)
    except KeyError:
        return fail(f"cpec-tui: no note with id {args.note_id!r}. Nothing was changed.", 1)
    except NotesError as error:
        return fail(str(error), 1)
    return 0


def run_rm(args: argparse.Namespace, library: Library) -> int:
    try:
        library.notes.delete(args.note_id)
    except KeyError:
        return fail(f"cpec-tui: no note with id {args.note_id!r}. Nothing was deleted.", 1)
    except NotesError as error:
        return fail(str(error), 1)
    return 0


def _read_notes(library: Library) -> Sequence[Note] | None:
    problem = library.notes.problem
    if problem is not None:
        fail(problem, 1)
        return None
    return library.notes.all


def run_list(args: argparse.Namespace, library: Library) -> int:
    all_notes = _read_notes(library)
    if all_notes is None:
        return 1
    selected = all_notes
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

    all_notes = _read_notes(library)
    if all_notes is None:
        return 1
    dataset = load_or_report(library)
    if dataset is None:
        return 2
    groups = group_notes(all_notes, dataset.meetings.summaries, args.tag)
    if args.format == "json":
        print_json(notes_records(groups))
    else:
        sys.stdout.write(notes_markdown(groups))
    return 0
