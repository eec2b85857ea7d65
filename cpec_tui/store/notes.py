"""The user's notes: a small TOML file that is never lost, torn or silently overwritten.

Notes are the only data a user creates, so this store is built around three rules:

* **Every change is one operation applied to what is on disk.** A mutation takes an exclusive
  lock (``<notes file>.lock`` beside the file while it is held, see
  :mod:`~cpec_tui.store.lock`), re-reads the file under it, applies exactly that operation
  (add one note, update one note, delete one note, restore one note) and writes the result
  before releasing the lock. An in-memory list is never written back, so two app instances,
  or the app and the CLI, saving at once both keep their notes.
* **A write is atomic.** The new file is written beside the old one, fsynced and renamed over
  it (:func:`~cpec_tui.store.files.atomic_write`), so a crash or ``kill -9`` leaves the old
  file or the new one, never a torn one. Temporary files a killed writer left behind are
  removed by the next save.
* **A file this version does not fully understand is never overwritten.** Bad TOML, bytes
  that are not UTF-8, a note that fails validation, duplicate note ids or a newer ``version``
  make every read and every save raise :class:`InvalidNotesFileError` (a
  :class:`~cpec_tui.store.errors.NotesError`) naming the file, the line and the problem; the
  file is left byte for byte as it was. A missing or empty file simply holds no notes.
* **Only a regular file is a notes file.** A directory, FIFO, device or socket at the path
  is refused before it is opened for writing, locked or replaced; so is a read-only file
  (no write bit: ``chmod 444`` means "do not change"), and a path whose directory does not
  exist (a typo must not quietly start a second notes file; only the default location, in
  the user data directory, is created). A save keeps the file's mode, owner and group; it
  replaces the file, so a hard link elsewhere keeps the old notes (a symlink is followed).

The file looks like this (timestamps are UTC, to the millisecond, and end in ``Z``; strings
are single-line basic strings with escapes, so any text, including ``\\r\\n``, a lone ``\\r``,
NUL and other control characters, round-trips exactly)::

    # cpec-tui notes (format version 1). Timestamps are UTC.
    version = 1

    [[notes]]
    id = "3f9a0c1e"
    meeting = "jcc-14"
    created = 2025-03-02T09:15:07.412Z
    updated = 2025-03-02T09:20:41.006Z
    text = "Check the Gwadar figures\\r\\nagainst the 2024 report."
    tags = [
        "gwadar",
        "follow up",
    ]

The store does not know the dataset: a note whose meeting has left the dataset is kept.

**Speed.** A save still reads the whole file under the lock, but a store remembers the bytes
it last read or wrote (compared whole, never judged by mtime, size or inode), the notes in
them and each note's chunk, the lines of its ``[[notes]]`` table. Bytes it knows are not
parsed again; in a file another instance changed, only the chunks this store has not seen
are parsed; and a save dumps, and parses back to check, only the notes it adds or changes.
A first read, a file whose first lines are not the ones above, and every file with a problem
are parsed whole, so problems are found and worded exactly as before.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import os
import re
import secrets
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import platformdirs
import pydantic
import tomli_w
from pydantic_core import ErrorDetails

from cpec_tui.models import NOTES_VERSION, Note, NotesFile
from cpec_tui.paths import APP_NAME
from cpec_tui.store import lock
from cpec_tui.store.errors import InvalidNoteError, NotesError
from cpec_tui.store.files import (
    NotRegularFileError,
    atomic_write,
    irregular_kind,
    open_regular,
)
from cpec_tui.store.locate import LineIndex
from cpec_tui.store.problems import (
    Loc,
    MalformedTomlError,
    NotUtf8Error,
    describe,
    field_path,
    format_problems,
    read_toml,
    validation_problems,
)

__all__ = [
    "LOCK_TIMEOUT",
    "InvalidNoteError",
    "InvalidNotesFileError",
    "NotesStore",
    "Signature",
    "UnknownNoteError",
    "dump_notes",
    "new_note_id",
    "normalize_tags",
    "parse_notes",
    "split_tags",
]

Signature = tuple[int, int, int]
"""``(st_mtime_ns, st_size, st_ino)`` of the notes file; see :meth:`NotesStore.signature`."""

LOCK_TIMEOUT = 10.0
"""Seconds a save waits for another instance to finish its own save before giving up."""

_NOT_SAVED = "No notes will be saved to this file until it is fixed; it has been left as it was."
_ONE_MILLISECOND = dt.timedelta(milliseconds=1)
_HEADER = f"# cpec-tui notes (format version {NOTES_VERSION}). Timestamps are UTC.\n"
_PREAMBLE = (_HEADER + tomli_w.dumps({"version": NOTES_VERSION})).encode("utf-8")
"""Everything before the first note in a file this module writes."""
_SEPARATOR = b"\n[[notes]]\n"
"""What comes before each note's own lines (its chunk) in a file this module writes."""
_TABLE_LINE = re.compile(rb"^[ \t]*\[", re.MULTILINE)
_RECORDS = {"notes": ("note", "id")}

_Chunk = tuple[Note, bytes]
"""A note and its chunk: the ``key = value`` lines of its ``[[notes]]`` table, as UTF-8,
checked to read back, on their own, as exactly that note (see :func:`_chunk_of`). Chunks are
kept as bytes so that neither reading nor saving has to decode or encode the whole file."""


class InvalidNotesFileError(NotesError):
    """The notes file is corrupt or from a newer cpec-tui, so it is neither used nor written.

    ``problems`` lists each problem as ``"<file>:<line>: <what is wrong>"``; ``str(error)`` is
    the whole message, ready to show, and ends by saying that notes will not be saved until
    the file is fixed.
    """

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        if len(problems) == 1:
            text = f"{problems[0]}\n{_NOT_SAVED}"
        else:
            listed = "\n".join(f"  {problem}" for problem in problems)
            text = f"{path}: {len(problems)} problems:\n{listed}\n{_NOT_SAVED}"
        super().__init__(text)


class UnknownNoteError(KeyError):
    """No note with this id is in the file (another instance may have deleted it)."""

    def __init__(self, path: Path, note_id: str) -> None:
        self.path = path
        self.note_id = note_id
        super().__init__(note_id)

    def __str__(self) -> str:
        return f"{self.path}: there is no note with id {self.note_id!r} (it may have been deleted)"


def new_note_id() -> str:
    """A fresh random note id: 8 lowercase hex characters, safe in URLs and shells."""
    return secrets.token_hex(4)


def split_tags(text: str) -> list[str]:
    """Tags typed as one comma-separated string (``"energy, gwadar"``), normalized."""
    return normalize_tags(text.split(","))


def normalize_tags(tags: Iterable[str]) -> list[str]:
    """Tags as they are stored.

    Each tag is stripped and runs of whitespace inside it become one space; empty tags are
    dropped, and so is a tag equal, ignoring case, to an earlier one (the first spelling and
    the order are kept). A tag may contain spaces and any printable Unicode, but a comma (the
    separator when tags are typed on one line, see :func:`split_tags`) or a control character
    raises :class:`~cpec_tui.store.errors.InvalidNoteError` (a :class:`ValueError`), as does
    a lone surrogate (it cannot be saved as UTF-8).
    """
    if isinstance(tags, str):
        raise TypeError("tags must be a sequence of strings, not one string")
    result: list[str] = []
    seen: set[str] = set()
    for raw in tags:
        if not isinstance(raw, str):
            raise TypeError(f"a tag must be a string, not {type(raw).__name__}")
        tag = " ".join(raw.split())
        if not tag:
            continue
        if "," in tag:
            raise InvalidNoteError(
                f"tag {tag!r} contains a comma, which separates tags; nothing was saved"
            )
        for char in tag:
            if unicodedata.category(char) in ("Cc", "Cs"):
                what = "lone surrogate" if unicodedata.category(char) == "Cs" else "control"
                raise InvalidNoteError(
                    f"tag {tag!r} contains the {what} character {char!r}; nothing was saved"
                )
        key = tag.casefold()
        if key not in seen:
            seen.add(key)
            result.append(tag)
    return result


class NotesStore:
    """The notes file at ``path``: read it, and change it one note at a time, safely.

    Each mutating method locks the file, re-reads it, applies its one change to what is on
    disk, writes atomically and unlocks; the returned values describe the file as written.
    They raise :class:`~cpec_tui.store.errors.NotesError` (the file is then unchanged) when the
    file is corrupt or newer (:class:`InvalidNotesFileError`), cannot be read, cannot be locked
    within ``lock_timeout`` seconds or cannot be written (disk full, read-only location); the
    caller still holds whatever text it was trying to save.

    A symlinked notes file is followed: the target is replaced and locked, not the link.
    """

    def __init__(self, path: Path, *, lock_timeout: float = LOCK_TIMEOUT) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        # What this store last read or wrote. Replaced whole, never changed in place, so a
        # thread loading while another saves sees one consistent snapshot or the other.
        self._snapshot: _Snapshot | None = None

    def __repr__(self) -> str:
        return f"NotesStore({str(self.path)!r})"

    @property
    def lock_path(self) -> Path:
        """The lock every writer of this notes file takes: ``<file>.lock`` beside it, there
        only while a save holds it."""
        target = self._target()
        return target.with_name(f"{target.name}.lock")

    # -- reading ------------------------------------------------------------------------------

    def load(self) -> list[Note]:
        """Every note, in file order; ``[]`` if the file is missing or empty."""
        return self.load_with_signature()[0]

    def load_with_signature(self) -> tuple[list[Note], Signature | None]:
        """The notes and the :meth:`signature` of exactly the file they were read from.

        Compare the signature with a later :meth:`signature` to learn whether anyone saved
        since, without a window in which a save could go unnoticed.
        """
        snapshot, signature = self._read(self._target())
        return list(snapshot.notes), signature

    def signature(self) -> Signature | None:
        """``(st_mtime_ns, st_size, st_ino)`` of the file, or ``None`` if it cannot be seen.

        Cheap enough to poll: every save replaces the file with a new inode, so the signature
        changes after any save by any instance, even within the same clock tick. ``None``
        means missing (or not even stat-able; :meth:`load` then says why).
        """
        try:
            stat = os.stat(self.path)
        except (OSError, ValueError):
            return None
        return stat.st_mtime_ns, stat.st_size, stat.st_ino

    # -- changing -----------------------------------------------------------------------------

    def add(self, meeting: str, text: str, tags: Sequence[str] = ()) -> Note:
        """Append a new note about ``meeting`` and return it.

        The id is fresh and checked unique under the lock; ``created`` and ``updated`` are now
        (UTC, millisecond precision). ``text`` is stored exactly, even if empty or only
        whitespace (the CLI and TUI refuse empty notes themselves). ``tags`` go through
        :func:`normalize_tags`. Raises :class:`ValueError` (before touching the file) for a
        malformed meeting id, a bad tag or text that cannot be saved as UTF-8.
        """
        _check_text(text)
        now = _now()
        note = _build(
            id=new_note_id(),
            meeting=meeting,
            created=now,
            updated=now,
            text=text,
            tags=normalize_tags(tags),
        )
        added: list[Note] = []

        def change(notes: list[Note]) -> list[Note]:
            taken = {existing.id for existing in notes}
            fresh = note
            while fresh.id in taken:
                fresh = fresh.model_copy(update={"id": new_note_id()})
            added.append(fresh)
            return [*notes, fresh]

        self._mutate(change)
        return added[0]

    def update(
        self,
        note_id: str,
        *,
        text: str | None = None,
        tags: Sequence[str] | None = None,
    ) -> Note:
        """Change the text and/or tags of one note and return it as saved.

        Only the fields given are changed; another instance's edits to other notes, or to
        the field not given, are kept. ``updated`` becomes now, and always moves forward (at
        least one millisecond past its previous value). If nothing would change, nothing is
        written and the note is returned as it is. Raises :class:`UnknownNoteError` (a
        :class:`KeyError`) if no note has this id, e.g. because another instance deleted it.
        """
        if text is not None:
            _check_text(text)
        new_tags = None if tags is None else normalize_tags(tags)
        result: list[Note] = []

        def change(notes: list[Note]) -> list[Note] | None:
            index = self._index_of(notes, note_id)
            old = notes[index]
            fields = {
                "text": old.text if text is None else text,
                "tags": old.tags if new_tags is None else new_tags,
            }
            if fields["text"] == old.text and fields["tags"] == old.tags:
                result.append(old)
                return None
            updated = max(_now(), old.updated + _ONE_MILLISECOND)
            new = _build(**{**old.model_dump(), **fields, "updated": updated})
            result.append(new)
            return [*notes[:index], new, *notes[index + 1 :]]

        self._mutate(change)
        return result[0]

    def delete(self, note_id: str) -> Note:
        """Remove one note and return it as it was on disk (keep it to :meth:`restore` it).

        Raises :class:`UnknownNoteError` (a :class:`KeyError`) if no note has this id.
        """
        removed: list[Note] = []

        def change(notes: list[Note]) -> list[Note]:
            index = self._index_of(notes, note_id)
            removed.append(notes[index])
            return [*notes[:index], *notes[index + 1 :]]

        self._mutate(change)
        return removed[0]

    def restore(self, note: Note) -> None:
        """Undo a delete: put ``note`` back exactly (same id, timestamps, text and tags).

        It goes back among the other notes by its ``created`` time, which is where it was
        unless the file was reordered by hand. If a note with its id is already in the file
        (the delete was already undone, perhaps by another instance, which may since have
        edited it) the file is left alone: the copy on disk is at least as new.
        """
        checked = _build(**note.model_dump())

        def change(notes: list[Note]) -> list[Note] | None:
            if any(existing.id == checked.id for existing in notes):
                return None
            index = next(
                (i for i, existing in enumerate(notes) if existing.created > checked.created),
                len(notes),
            )
            return [*notes[:index], checked, *notes[index:]]

        self._mutate(change)

    # -- internals ----------------------------------------------------------------------------

    def _target(self) -> Path:
        """The file actually written: the notes path with any symlinks resolved."""
        return Path(os.path.realpath(self.path))

    def _index_of(self, notes: list[Note], note_id: str) -> int:
        for index, note in enumerate(notes):
            if note.id == note_id:
                return index
        raise UnknownNoteError(self.path, note_id)

    def _read(self, target: Path) -> tuple[_Snapshot, Signature | None]:
        try:
            file, stat = open_regular(target)
            with file:
                data = file.read()
        except FileNotFoundError:
            return self._notes_in(b""), None
        except NotRegularFileError as error:
            raise self._not_regular(error.kind) from None
        except OSError as error:
            raise NotesError(
                f"{self.path}: the notes file cannot be read: {_reason(error)}. "
                "Notes will not be saved until this is fixed."
            ) from None
        return self._notes_in(data), (stat.st_mtime_ns, stat.st_size, stat.st_ino)

    def _notes_in(self, data: bytes) -> _Snapshot:
        """The notes in ``data``, the bytes just read from the file, parsed as little as can be.

        The very bytes this store last read or wrote are not parsed again (they are compared
        whole: faster than hashing them, and no collision can fool it). If they changed, and
        this store knows chunks, only the chunks it has not seen are parsed. Anything else
        (a first read, a file edited by hand, every file with a problem) goes to
        :func:`parse_notes`, the one judge of what a file holds and what is wrong with it.
        """
        known = self._snapshot
        if known is not None and known.data == data:
            return known
        entries = _split_own_format(data, known.by_chunk()) if known is not None else None
        if entries is not None:
            snapshot = _Snapshot(data, [note for note, _ in entries.values()], entries)
        else:
            notes = parse_notes(self.path, data)
            entries = _chunks_of_parsed(data, notes)
            if entries is None:
                # Not in this module's format: keep the chunks of the notes that are
                # unchanged since this store last saw them, so a save need not redo them.
                old = known.chunks if known is not None else {}
                entries = {
                    note.id: entry
                    for note in notes
                    if (entry := old.get(note.id)) is not None and entry[0] == note
                }
            snapshot = _Snapshot(data, notes, entries)
        self._snapshot = snapshot
        return snapshot

    def _not_regular(self, kind: str) -> NotesError:
        return NotesError(
            f"{self.path}: is {kind}, not a notes file. Point --notes (or CPEC_TUI_NOTES) "
            "at a regular file; notes will not be saved until this is fixed."
        )

    def _check_writable(self, target: Path) -> None:
        """Refuse, before locking anything, a path this store must not write (see above)."""
        try:
            stat = os.stat(target)
        except FileNotFoundError:
            parent = target.parent
            if parent.is_dir():
                return
            if parent == platformdirs.user_data_path(APP_NAME):
                try:
                    parent.mkdir(parents=True, exist_ok=True)
                except OSError as error:
                    raise self._save_error(error) from None
                return
            raise NotesError(
                f"{self.path}: cannot save notes: the directory {parent} does not exist. "
                "Create it, or check the path given to --notes (or CPEC_TUI_NOTES)."
            ) from None
        except OSError as error:
            raise self._save_error(error) from None
        kind = irregular_kind(stat.st_mode)
        if kind is not None:
            raise self._not_regular(kind)
        if not stat.st_mode & 0o222 or not os.access(target, os.W_OK):
            raise NotesError(
                f"{self.path}: cannot save notes: the file is read-only (mode "
                f"{stat.st_mode & 0o777:03o}). Make it writable (chmod u+w) to save notes "
                "to it; it was left as it was."
            )

    def _mutate(self, change: Callable[[list[Note]], list[Note] | None]) -> None:
        """Lock, re-read, apply ``change`` to the notes on disk, write, unlock.

        ``change`` returns the new list, or ``None`` when there is nothing to write.
        """
        target = self._target()
        self._check_writable(target)
        try:
            with lock.exclusive(self.lock_path, self.lock_timeout):
                self._change_locked(target, change)
        except lock.LockBusyError as busy:
            raise NotesError(
                f"{self.path}: cannot save notes: {busy.holder or 'another program'} has "
                f"been saving to this file for over {self.lock_timeout:g} s (it holds "
                f"{busy.path}). Nothing was changed; try again in a moment."
            ) from None
        except OSError as error:
            raise NotesError(
                f"{self.path}: cannot save notes: the lock file {self.lock_path} cannot be "
                f"created: {error.strerror or error}. The notes file was left as it was."
            ) from None

    def _change_locked(
        self, target: Path, change: Callable[[list[Note]], list[Note] | None]
    ) -> None:
        """:meth:`_mutate`'s work once the lock is held."""
        snapshot, _ = self._read(target)
        new = change(list(snapshot.notes))
        if new is None:
            return
        try:
            data, entries = _serialize(new, snapshot.chunks)
        except ValueError as error:
            raise NotesError(
                f"{self.path}: cannot save notes: {error}. Nothing was changed."
            ) from None
        _remove_stale_temporaries(target)
        try:
            atomic_write(target, data)
        except OSError as error:
            raise self._save_error(error) from None
        self._snapshot = _Snapshot(data, new, entries)

    def _save_error(self, error: OSError) -> NotesError:
        return NotesError(
            f"{self.path}: cannot save notes: {_reason(error)}. The notes file was left as "
            "it was. Free some space or fix the permissions, then save again."
        )


# -- the file format ----------------------------------------------------------------------------


def dump_notes(notes: Sequence[Note]) -> bytes:
    """The notes file holding ``notes``, as UTF-8 bytes.

    Every note is its own ``[[notes]]`` table (tomli-w alone would inline short ones), strings
    are escaped single-line basic strings (tomli-w's multi-line strings would turn ``\\r\\n``
    into ``\\n``), and every note's table is parsed back and compared with the note before
    the file is returned: anything that would not round-trip exactly, or two notes with one
    id, raises :class:`ValueError` instead of being written.
    """
    return _serialize(notes, {})[0]


def _serialize(
    notes: Sequence[Note], known: Mapping[str, _Chunk]
) -> tuple[bytes, dict[str, _Chunk]]:
    """:func:`dump_notes`, reusing the checked chunk in ``known`` of every note unchanged.

    Returns the bytes and every note's chunk by id. Only the chunks of new or changed notes
    are dumped and parsed back (:func:`_chunk_of`); that is what makes a save cost about the
    same with 10 notes or 5,000. Parsing back each chunk on its own is enough: every chunk
    stands alone (:func:`_stands_alone`), so after the fixed preamble, each behind its own
    ``[[notes]]`` header, it reads back as one more note and touches nothing else; and the
    ids are checked unique, as :func:`parse_notes` demands.
    """
    entries: dict[str, _Chunk] = {}
    parts = [_PREAMBLE]
    for note in notes:
        entry = known.get(note.id)
        if entry is None or (entry[0] is not note and entry[0] != note):
            entry = (note, _chunk_of(note))
        if note.id in entries:
            raise ValueError(f"two notes would have the id {note.id!r}")
        entries[note.id] = entry
        parts.append(entry[1])
    return _SEPARATOR.join(parts), entries


def _chunk_of(note: Note) -> bytes:
    """The lines of ``note``'s ``[[notes]]`` table, checked to read back as exactly ``note``.

    Raises :class:`ValueError` if they would not (what is never written cannot be lost).
    """
    table = note.model_dump(mode="python", exclude_none=True)
    table["created"] = _ZuluDatetime.of(note.created)
    table["updated"] = _ZuluDatetime.of(note.updated)
    if not table["tags"]:
        del table["tags"]
    text = tomli_w.dumps(table)
    try:
        chunk = text.encode("utf-8")
        back = Note.model_validate(tomllib.loads(text), strict=True)
    except (UnicodeEncodeError, tomllib.TOMLDecodeError, pydantic.ValidationError) as error:
        raise ValueError(f"the notes do not survive being written ({error})") from error
    if back != note or not _stands_alone(chunk):
        raise ValueError("the notes would not read back exactly as written")
    return chunk


def _stands_alone(chunk: bytes) -> bool:
    """True if no line of ``chunk`` opens a table (or an array of tables), and it ends a line.

    This is what lets a file be handled as a preamble and a list of chunks. A chunk like this
    that parses on its own ends where its last statement ends; put behind a ``[[notes]]``
    header, the same statements fill that note's table and nothing else, and the next
    ``[[notes]]`` header is still a header. Conversely, if a whole file of such chunks
    parses with one note per ``[[notes]]`` separator, every separator was a header, and each
    chunk parses on its own to the table it filled in the file. (A line starting with ``[``
    inside a multi-line string is refused too: doubt costs only a full parse.)
    """
    return chunk.endswith(b"\n") and _TABLE_LINE.search(chunk) is None


def _split_own_format(data: bytes, by_chunk: Mapping[bytes, Note]) -> dict[str, _Chunk] | None:
    """The notes in ``data``, by id in file order, read chunk by chunk; None if in doubt.

    ``data`` must be the preamble :func:`dump_notes` writes and chunks after separators.
    Chunks in ``by_chunk`` (checked before) are not parsed again; any other must stand alone
    (:func:`_stands_alone`) and hold a valid note on its own. Any doubt (a BOM, another
    first line, a bad note, a duplicate id) gives None, and the caller then parses the whole
    file with :func:`parse_notes`, which also says what is wrong.
    """
    # Splitting UTF-8 at an ASCII separator is safe: no multi-byte character contains one.
    preamble, *chunks = data.split(_SEPARATOR)
    if preamble != _PREAMBLE:
        return None
    entries: dict[str, _Chunk] = {}
    for chunk in chunks:
        note = by_chunk.get(chunk)
        if note is None:
            if not _stands_alone(chunk):
                return None
            try:
                note = Note.model_validate(tomllib.loads(chunk.decode("utf-8")), strict=True)
            # (UnicodeDecodeError, TOMLDecodeError, ValidationError are ValueErrors; a
            # deeply nested value makes tomllib recurse too deep)
            except (ValueError, RecursionError):
                return None
        if note.id in entries:
            return None
        entries[note.id] = (note, chunk)
    return entries


def _chunks_of_parsed(data: bytes, notes: Sequence[Note]) -> dict[str, _Chunk] | None:
    """Each note's chunk, if ``data``, which :func:`parse_notes` read as ``notes``, is a
    preamble and one chunk per note that stands alone; else None.

    The whole parse has then checked every chunk (see :func:`_stands_alone`), so a first read
    costs one parse and leaves the store ready for quick saves.
    """
    preamble, *chunks = data.split(_SEPARATOR)
    if preamble != _PREAMBLE or len(chunks) != len(notes):
        return None
    if not all(_stands_alone(chunk) for chunk in chunks):
        return None
    return {note.id: (note, chunk) for note, chunk in zip(notes, chunks, strict=True)}


class _Snapshot:
    """One version of the file: its bytes, its notes and their checked chunks.

    Immutable once made (a store replaces its snapshot, never edits it), so a thread that
    loads while another saves sees one whole snapshot or the other.
    """

    __slots__ = ("_by_chunk", "chunks", "data", "notes")

    def __init__(self, data: bytes, notes: Sequence[Note], chunks: Mapping[str, _Chunk]) -> None:
        self.data = data
        self.notes = tuple(notes)
        # The checked chunk of each note, by id (all of them unless the file was parsed whole).
        self.chunks = chunks
        self._by_chunk: Mapping[bytes, Note] | None = None

    def by_chunk(self) -> Mapping[bytes, Note]:
        """Each checked chunk's note, by the chunk; made when first needed, which is only
        when another instance has changed the file."""
        if self._by_chunk is None:
            self._by_chunk = {chunk: note for note, chunk in self.chunks.values()}
        return self._by_chunk


def parse_notes(path: Path, data: bytes) -> list[Note]:
    """The notes in ``data`` (the bytes of the file at ``path``).

    Raises :class:`InvalidNotesFileError` naming every problem with its line.
    """
    try:
        text, document = read_toml(path, data)
    except NotUtf8Error as problem:
        raise InvalidNotesFileError(path, [f"{problem}; save it as UTF-8"]) from None
    except MalformedTomlError as problem:
        raise InvalidNotesFileError(path, [str(problem)]) from None
    if not document:
        return []
    _check_version(path, text, document)
    problems: list[tuple[Loc, str]] = []
    notes_file: NotesFile | None = None
    try:
        notes_file = NotesFile.model_validate(document, strict=True)
    except pydantic.ValidationError as error:
        problems += validation_problems(error, _describe)
    duplicates = _duplicate_ids(document)
    if problems or duplicates:
        lines = LineIndex(text)  # only now: indexing lines costs as much as parsing
        for loc, first, note_id in duplicates:
            used = lines.line_of(first)
            problems.append((loc, f"duplicate note id {note_id!r} (also used on line {used})"))
        raise InvalidNotesFileError(
            path, format_problems(path, lines, document, problems, _RECORDS)
        )
    assert notes_file is not None
    return list(notes_file.notes)


def _check_version(path: Path, text: str, document: dict[str, Any]) -> None:
    """Refuse a file from a newer cpec-tui before judging notes whose format it may change."""
    if "version" not in document:
        raise InvalidNotesFileError(
            path, [f"{path}:1: `version` is missing; a notes file starts with `version = 1`"]
        )
    version = document["version"]
    valid = isinstance(version, int) and not isinstance(version, bool) and version >= 1
    if valid and version <= NOTES_VERSION:
        return
    where = f"{path}:{LineIndex(text).line_of(('version',)) or 1}"
    if not valid:
        raise InvalidNotesFileError(
            path, [f"{where}: version: {version!r} is not a notes format version (use 1)"]
        )
    raise InvalidNotesFileError(
        path,
        [
            f"{where}: version: the file is in notes format version {version}, written by a "
            f"newer cpec-tui; this one reads version {NOTES_VERSION}. Upgrade cpec-tui to use "
            "these notes"
        ],
    )


def _duplicate_ids(document: dict[str, Any]) -> list[tuple[Loc, Loc, str]]:
    """``(where, where first used, id)`` for every reuse of a note id."""
    notes = document.get("notes")
    if not isinstance(notes, list):
        return []
    first: dict[str, int] = {}
    duplicates: list[tuple[Loc, Loc, str]] = []
    for i, note in enumerate(notes):
        note_id = note.get("id") if isinstance(note, dict) else None
        if not isinstance(note_id, str):
            continue
        if note_id in first:
            duplicates.append((("notes", i, "id"), ("notes", first[note_id], "id"), note_id))
        else:
            first[note_id] = i
    return duplicates


def _describe(error: ErrorDetails) -> str:
    return describe(error, "the notes format")


# -- small helpers ------------------------------------------------------------------------------


class _ZuluDatetime(dt.datetime):
    """A UTC datetime that tomli-w writes as ``2025-03-02T09:15:07.412Z``.

    tomli-w writes a datetime as ``str(value)`` (``2025-03-02 09:15:07.412000+00:00``);
    this subclass changes only that text.
    """

    @classmethod
    def of(cls, value: dt.datetime) -> _ZuluDatetime:
        utc = value.astimezone(dt.UTC)
        return cls(
            utc.year,
            utc.month,
            utc.day,
            utc.hour,
            utc.minute,
            utc.second,
            utc.microsecond,
            tzinfo=dt.UTC,
        )

    def __str__(self) -> str:
        timespec = "microseconds" if self.microsecond % 1000 else "milliseconds"
        return self.replace(tzinfo=None).isoformat(timespec=timespec) + "Z"


def _now() -> dt.datetime:
    """Now, in UTC, to the millisecond (what the file keeps, so it round-trips exactly)."""
    now = dt.datetime.now(dt.UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def _build(**fields: Any) -> Note:
    """A validated note; a bad value raises :class:`InvalidNoteError` saying which."""
    try:
        return Note.model_validate(fields)
    except pydantic.ValidationError as error:
        problems = "; ".join(
            f"{field_path(tuple(details['loc']))}: {_describe(details)}"
            for details in error.errors()
        )
        raise InvalidNoteError(f"the note cannot be saved: {problems}") from None


def _check_text(text: str) -> None:
    if not isinstance(text, str):
        raise TypeError(f"note text must be a string, not {type(text).__name__}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise InvalidNoteError(
            f"note text contains {text[error.start]!r} at position {error.start}, which is "
            "not UTF-8 text (a byte that is not UTF-8, or a lone surrogate); nothing was saved"
        ) from None


def _reason(error: OSError) -> str:
    reason = error.strerror or str(error) or type(error).__name__
    if error.filename is not None:
        reason += f" ({error.filename})"
    return reason


def _remove_stale_temporaries(target: Path) -> None:
    """Delete temporary files a killed writer left; only called with the lock held.

    Every writer holds the lock while its temporary file exists, so any found now is stale.
    """
    with contextlib.suppress(OSError):
        for leftover in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()
