"""A separate process that changes a notes file, for tests/test_notes_processes.py.

    python tests/notes_writer.py NOTES_FILE MODE LABEL COUNT START_AT

MODE ``add`` adds COUNT notes (COUNT 0: until killed) about meeting ``jcc-1`` with texts
``LABEL-0``, ``LABEL-1``, ...; MODE ``update`` rewrites the text of every note already in the
file whose text starts with ``LABEL``, appending ``+updated``. Work starts at the Unix time
START_AT, so several writers begin together. After each save returns, the process prints
``saved <id> <text>`` and flushes, so whatever it printed is known to be on disk.

With ``NOTES_WRITER_SLOW_FSYNC=<seconds>`` in the environment every ``os.fsync`` first sleeps
that long. The code path is unchanged; the window in which the new file is half written
(between creating the temporary file and renaming it) just becomes wide enough for a test's
``kill -9`` to land in it most of the time.
"""

from __future__ import annotations

import itertools
import os
import sys
import time
from pathlib import Path
from typing import Any

from cpec_tui.store.notes import NotesStore


def _slow_fsync(seconds: float) -> None:
    real_fsync = os.fsync

    def fsync(fd: Any) -> None:
        time.sleep(seconds)
        real_fsync(fd)

    os.fsync = fsync


def main() -> None:
    slow = os.environ.get("NOTES_WRITER_SLOW_FSYNC")
    if slow:
        _slow_fsync(float(slow))
    path, mode, label, count, start_at = sys.argv[1:6]
    store = NotesStore(Path(path), lock_timeout=60)
    delay = float(start_at) - time.time()
    if delay > 0:
        time.sleep(delay)
    print("ready", flush=True)
    if mode == "add":
        numbers = itertools.count() if int(count) == 0 else range(int(count))
        for i in numbers:
            note = store.add("jcc-1", f"{label}-{i}", tags=[label])
            print(f"saved {note.id} {note.text}", flush=True)
    elif mode == "update":
        for note in store.load():
            if note.text.startswith(label):
                updated = store.update(note.id, text=note.text + "+updated")
                print(f"saved {updated.id} {updated.text}", flush=True)
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main()
