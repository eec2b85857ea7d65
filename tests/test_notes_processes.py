"""The notes store against real processes: concurrent writers and writers killed mid-save."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from cpec_tui.store.notes import NotesStore

REPO = Path(__file__).resolve().parent.parent
WRITER = Path(__file__).resolve().parent / "notes_writer.py"

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL"),
    pytest.mark.slow,  # long end-to-end runs: see tests/conftest.py
]


def _start(
    path: Path, mode: str, label: str, count: int, start_at: float, slow_fsync: float = 0.0
) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
        "NOTES_WRITER_SLOW_FSYNC": str(slow_fsync) if slow_fsync else "",
    }
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(path), mode, label, str(count), repr(start_at)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _saved(output: str) -> list[tuple[str, str]]:
    """The ``(id, text)`` of every save a writer reported as finished."""
    pairs = []
    for line in output.splitlines():
        if line.startswith("saved "):
            _, note_id, text = line.split(" ", 2)
            pairs.append((note_id, text))
    return pairs


def _finish(process: subprocess.Popen[str]) -> list[tuple[str, str]]:
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    return _saved(out)


def test_concurrent_adders_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    start_at = time.time() + 0.8
    writers = [_start(path, "add", f"w{n}", 25, start_at) for n in range(4)]
    reported = [_finish(writer) for writer in writers]

    notes = NotesStore(path).load()
    assert len(notes) == 100
    assert len({note.id for note in notes}) == 100
    assert {note.id for note in notes} == {note_id for pairs in reported for note_id, _ in pairs}
    for n, pairs in enumerate(reported):
        assert len(pairs) == 25
        mine = [note.text for note in notes if note.tags == [f"w{n}"]]
        assert mine == [f"w{n}-{i}" for i in range(25)]  # each writer's notes, in its order
    assert all(len(note.id) == 8 for note in notes)


def test_concurrent_updates_and_adds_keep_both(tmp_path: Path) -> None:
    """An update in one process and adds in others: neither undoes the other."""
    path = tmp_path / "notes.toml"
    store = NotesStore(path)
    originals = [store.add("jcc-2", f"old-{i}") for i in range(20)]
    start_at = time.time() + 0.8
    writers = [
        _start(path, "update", "old", 0, start_at),
        _start(path, "add", "a", 20, start_at),
        _start(path, "add", "b", 20, start_at),
    ]
    updated, added_a, added_b = (_finish(writer) for writer in writers)

    notes = store.load()
    by_id = {note.id: note for note in notes}
    assert len(notes) == 60
    assert len(updated) == 20
    for original in originals:
        assert by_id[original.id].text == original.text + "+updated"
        assert by_id[original.id].created == original.created
        assert by_id[original.id].updated > original.updated
    for note_id, text in added_a + added_b:
        assert by_id[note_id].text == text


def test_writer_killed_mid_save_never_tears_the_file(tmp_path: Path) -> None:
    """SIGKILL a writer saving in a loop, again and again: the file always parses and holds a
    prefix of what was written, including every note reported saved."""
    path = tmp_path / "notes.toml"
    store = NotesStore(path)
    for i in range(40):  # ~80 kB, so that each save spends real time writing
        store.add("jcc-3", f"ballast-{i}\n" + "x" * 2000, tags=["ballast"])
    expected: list[str] = [note.text for note in store.load()]
    rng = random.Random(20240611)
    killed_mid_write = 0

    for round_number in range(8):
        label = f"r{round_number}"
        # Odd rounds widen the half-written window (see notes_writer.py), even rounds do not.
        writer = _start(path, "add", label, 0, 0.0, slow_fsync=0.03 * (round_number % 2))
        assert writer.stdout is not None
        assert writer.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0.0, 0.2))
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate(timeout=30)
        assert writer.returncode == -signal.SIGKILL
        reported = [text for _, text in _saved(out)]
        killed_mid_write += any(p.name.endswith(".tmp") for p in tmp_path.iterdir())

        data = path.read_bytes()
        document = tomllib.loads(data.decode("utf-8"))  # never torn or truncated
        assert document["version"] == 1
        texts = [note.text for note in store.load()]
        assert texts[: len(expected)] == expected  # nothing earlier was lost
        new = texts[len(expected) :]
        # Every reported save is there, in order, plus at most the one in flight.
        assert new in (
            [f"{label}-{i}" for i in range(n)] for n in (len(reported), len(reported) + 1)
        )
        expected = texts

    # The test did exercise a kill between writing the new file and renaming it.
    assert killed_mid_write >= 1
    # The next save cleans up the temporary files killed writers left behind.
    store.add("jcc-3", "after the storm")
    # ...and no lock file is left beside the notes ("user" is conftest's home).
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.toml", "user"]
    notes = store.load()
    assert [note.text for note in notes] == [*expected, "after the storm"]
    assert Counter(note.id for note in notes).most_common(1)[0][1] == 1
