"""The user's notes as every front end sees them: read, grouped by meeting, kept current.

:class:`Notes` wraps the notes store (:class:`cpec_tui.store.notes.NotesStore`, which owns
the file, its lock and atomic writes) with what front ends need: the notes of a meeting,
newest first; whether another process saved since the last read; and why the file cannot be
used, if it cannot (then nothing may be saved, and nothing is overwritten). Each change
re-reads the file, so what is shown is what is on disk, written by anyone.

The methods that touch the file block (on the lock, up to its timeout): a UI calls them from
a worker thread, never from its event loop. A lock guards the snapshot, so readers on the UI
thread always see one whole state.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from cpec_tui.store.errors import NotesError

if TYPE_CHECKING:
    from cpec_tui.models import Note
    from cpec_tui.store.notes import NotesStore, Signature


def _by_meeting(notes: Sequence[Note]) -> Mapping[str, tuple[Note, ...]]:
    grouped: dict[str, list[Note]] = {}
    for note in sorted(notes, key=lambda note: note.created, reverse=True):
        grouped.setdefault(note.meeting, []).append(note)
    return MappingProxyType({meeting: tuple(group) for meeting, group in grouped.items()})


class Notes:
    """The notes file at ``path``, read on demand and re-read after every change."""

    def __init__(self, path: Path, on_change: Callable[[Sequence[Note]], object]) -> None:
        from cpec_tui.store.notes import NotesStore

        self.store: NotesStore = NotesStore(path)
        self._on_change = on_change
        self._lock = threading.RLock()
        self._all: tuple[Note, ...] = ()
        self._grouped: Mapping[str, tuple[Note, ...]] = MappingProxyType({})
        self._signature: Signature | None = None
        self._problem: str | None = None
        self._read = False

    @property
    def path(self) -> Path:
        return self.store.path

    # -- reading ------------------------------------------------------------------------

    @property
    def all(self) -> tuple[Note, ...]:
        """Every note, in file order (empty while the file cannot be read)."""
        self._ensure_read()
        return self._all

    def of(self, meeting_id: str) -> tuple[Note, ...]:
        """The notes about one meeting, newest first."""
        self._ensure_read()
        return self._grouped.get(meeting_id, ())

    @property
    def noted(self) -> frozenset[str]:
        """The ids of the meetings that have notes."""
        self._ensure_read()
        return frozenset(self._grouped)

    @property
    def problem(self) -> str | None:
        """Why the notes file cannot be used (read or saved), or None when it can."""
        self._ensure_read()
        return self._problem

    def changed_on_disk(self) -> bool:
        """Whether the file changed since it was last read (cheap: one ``stat``)."""
        return self._read and self.store.signature() != self._signature

    def reload(self) -> bool:
        """Re-read the file; True if the notes changed. A bad file keeps the last notes read."""
        with self._lock:
            try:
                notes, signature = self.store.load_with_signature()
            except NotesError as error:
                self._signature, self._problem, self._read = (
                    self.store.signature(),
                    str(error),
                    True,
                )
                return False
            changed = not self._read or tuple(notes) != self._all
            self._all, self._grouped = tuple(notes), _by_meeting(notes)
            self._signature, self._problem, self._read = signature, None, True
        if changed:
            self._on_change(self._all)
        return changed

    def _ensure_read(self) -> None:
        if not self._read:
            self.reload()

    # -- changing (each blocks on the file's lock: call from a worker) --------------------
    # Each raises NotesError (the file cannot be used: it is left as it was) or ValueError
    # (bad input); update, delete and restore raise KeyError for a note id not in the file.

    def add(self, meeting_id: str, text: str, tags: Sequence[str] = ()) -> Note:
        """Save a new note about a meeting and return it."""
        try:
            return self.store.add(meeting_id, text, tags)
        finally:
            self.reload()

    def update(
        self, note_id: str, *, text: str | None = None, tags: Sequence[str] | None = None
    ) -> Note:
        """Change a note's text and/or tags and return it as saved."""
        try:
            return self.store.update(note_id, text=text, tags=tags)
        finally:
            self.reload()

    def delete(self, note_id: str) -> Note:
        """Delete a note and return it (to undo with :meth:`restore`)."""
        try:
            return self.store.delete(note_id)
        finally:
            self.reload()

    def restore(self, note: Note) -> None:
        """Put back a deleted note, as it was."""
        try:
            self.store.restore(note)
        finally:
            self.reload()
