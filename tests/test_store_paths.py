"""Odd paths and hostile files: refused with a clear error, never opened for writing or hung on."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import cpec_tui.store.dataset as dataset_module
from cpec_tui.store import lock
from cpec_tui.store.dataset import load_dataset
from cpec_tui.store.errors import DatasetError, NotesError
from cpec_tui.store.notes import NotesStore
from tests.datasets import VALID, line_of, write

DEEP = "[" * 600 + "]" * 600


@pytest.fixture
def odd_paths() -> Iterator[dict[str, Path]]:
    """A FIFO, a socket and a directory (in a short directory: socket paths are short)."""
    with tempfile.TemporaryDirectory(prefix="cpec") as name:
        folder = Path(name)
        os.mkfifo(folder / "fifo")
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(folder / "sock"))
        (folder / "dir").mkdir()
        try:
            yield {
                "fifo": folder / "fifo",
                "socket": folder / "sock",
                "directory": folder / "dir",
                "device": Path("/dev/null"),
            }
        finally:
            server.close()


KINDS = {
    "fifo": "a named pipe (FIFO)",
    "socket": "a socket",
    "directory": "a directory",
    "device": "a character device",
}


@pytest.mark.parametrize("kind", KINDS)
def test_a_notes_path_that_is_not_a_regular_file_is_refused(
    odd_paths: dict[str, Path], kind: str
) -> None:
    path = odd_paths[kind]
    before = path.lstat()
    store = NotesStore(path, lock_timeout=0.2)
    message = re.escape(f"{path}: is {KINDS[kind]}, not a notes file")
    with pytest.raises(NotesError, match=message):
        store.load()  # (a FIFO with no writer would block a plain open)
    with pytest.raises(NotesError, match=message):
        store.add("jcc-1", "never written")
    after = path.lstat()
    assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode)
    assert after.st_ino == before.st_ino
    assert not path.with_name(f"{path.name}.lock").exists()


@pytest.mark.parametrize("kind", KINDS)
def test_a_dataset_that_is_not_a_regular_file_is_refused(
    odd_paths: dict[str, Path], kind: str
) -> None:
    path = odd_paths[kind]
    message = re.escape(f"{path}: is {KINDS[kind]}, not a meetings TOML file")
    with pytest.raises(DatasetError, match=message):
        load_dataset(path)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_endless_devices_are_refused_up_front(device: str) -> None:
    with pytest.raises(DatasetError, match="is a character device"):
        load_dataset(Path(device))


def test_a_dataset_over_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path)
    monkeypatch.setattr(dataset_module, "MAX_BYTES", path.stat().st_size - 1)
    with pytest.raises(DatasetError, match="MB a dataset may be"):
        load_dataset(path)


@pytest.mark.parametrize("cache_min", [0, 1 << 30], ids=["grouped", "whole"])
def test_a_dataset_that_grows_while_read_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_min: int
) -> None:
    path = write(tmp_path)
    monkeypatch.setattr(dataset_module, "CACHE_MIN_BYTES", cache_min)
    real = dataset_module.open_regular

    def grown(opened: Path) -> tuple[object, os.stat_result]:
        file, info = real(opened)
        with path.open("ab") as more:
            more.write(b"\n# written meanwhile\n")
        return file, info

    monkeypatch.setattr(dataset_module, "open_regular", grown)
    with pytest.raises(DatasetError, match="changed while it was being read"):
        load_dataset(path)


# -- saving keeps the file what it was -----------------------------------------------------------


def test_a_read_only_notes_file_is_never_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    store = NotesStore(path)
    store.add("jcc-1", "kept")
    path.chmod(0o444)
    before = path.read_bytes()
    with pytest.raises(NotesError, match=r"read-only \(mode 444\)"):
        store.add("jcc-1", "refused")  # (root could write it: the mode is the user's word)
    assert path.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_a_save_keeps_the_mode_and_group(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    store = NotesStore(path)
    store.add("jcc-1", "first")
    path.chmod(0o640)
    groups = os.getgroups() if os.geteuid() != 0 else [0, 1, 2]
    group = next((gid for gid in groups if gid != path.stat().st_gid), path.stat().st_gid)
    os.chown(path, -1, group)
    store.add("jcc-1", "second")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.stat().st_gid == group
    assert [note.text for note in store.load()] == ["first", "second"]


def test_no_lock_file_is_left_behind(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    store = NotesStore(path)
    note = store.add("jcc-1", "one")
    store.update(note.id, text="two")
    store.delete(note.id)
    assert sorted(entry.name for entry in tmp_path.iterdir()) == ["notes.toml", "user"]


def test_a_busy_lock_says_who_holds_it_and_never_to_delete_it(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    store = NotesStore(path, lock_timeout=0.3)
    store.add("jcc-1", "before")
    held, release = threading.Event(), threading.Event()

    def holder() -> None:
        with lock.exclusive(store.lock_path, 5):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert held.wait(5)
        with pytest.raises(NotesError) as caught:
            store.add("jcc-1", "blocked")
    finally:
        release.set()
        thread.join()
    message = str(caught.value)
    assert f"process {os.getpid()} on host {socket.gethostname()!r}" in message
    assert "delete" not in message.lower()
    assert "Nothing was changed" in message
    assert store.add("jcc-1", "after").text == "after"
    assert not store.lock_path.exists()


def test_a_lock_deleted_by_its_holder_is_not_shared(tmp_path: Path) -> None:
    """Waiters on a lock file its holder deletes lock the new one, one at a time."""
    path = tmp_path / "x.lock"
    inside: list[int] = []
    overlaps: list[int] = []

    def work(n: int) -> None:
        for _ in range(20):
            with lock.exclusive(path, 30):
                inside.append(n)
                if len(inside) > 1:
                    overlaps.append(n)
                inside.remove(n)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlaps == []
    assert not path.exists()


# -- hostile contents: located errors, never a traceback ----------------------------------------


@pytest.mark.parametrize("cache_min", [0, 1 << 30], ids=["grouped", "whole"])
def test_deep_nesting_in_a_dataset_is_a_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_min: int
) -> None:
    monkeypatch.setattr(dataset_module, "CACHE_MIN_BYTES", cache_min)
    text = VALID.replace("[[meetings]]\n", f"[[meetings]]\nagenda = {DEEP}\n", 1)
    path = write(tmp_path, text)
    with pytest.raises(DatasetError) as caught:
        load_dataset(path)
    line = line_of(text, "agenda = [[[")
    assert str(caught.value).startswith(f"{path}:{line}: malformed TOML: ")
    assert "nested too deeply" in str(caught.value)


def test_deep_nesting_in_the_notes_file_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    path.write_text(f"version = 1\n\n[[notes]]\ntags = {DEEP}\n")
    before = path.read_bytes()
    store = NotesStore(path)
    for attempt in (store.load, lambda: store.add("jcc-1", "x")):
        with pytest.raises(NotesError, match=f"{path}:4: malformed TOML: .*nested too deeply"):
            attempt()
    assert path.read_bytes() == before


def test_deep_nesting_in_a_note_written_meanwhile_is_a_located_error(tmp_path: Path) -> None:
    """A store that knows the file reads new chunks alone: that way must not crash either."""
    path = tmp_path / "notes.toml"
    store = NotesStore(path)
    store.add("jcc-1", "known")
    with path.open("a") as file:
        file.write(f'\n[[notes]]\nid = "0badc0de"\ntags = {DEEP}\n')
    with pytest.raises(NotesError, match="nested too deeply"):
        store.load()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cpec_tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("dataset", ["/dev/zero", "/dev/urandom", "fifo"])
def test_the_cli_refuses_endless_datasets(odd_paths: dict[str, Path], dataset: str) -> None:
    path = str(odd_paths["fifo"]) if dataset == "fifo" else dataset
    for command in (["validate", path], ["--data", path, "list"]):
        run = _cli(*command)
        assert run.returncode == 2
        assert f"{path}: is " in run.stderr and "Traceback" not in run.stderr


def test_the_cli_refuses_a_fifo_as_notes(odd_paths: dict[str, Path]) -> None:
    fifo = odd_paths["fifo"]
    run = _cli("--notes", str(fifo), "note", "add", "jcc-14", "text")
    assert run.returncode != 0
    assert f"{fifo}: is a named pipe (FIFO), not a notes file" in run.stderr
    assert "Traceback" not in run.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    with contextlib.suppress(FileNotFoundError):
        pytest.fail(f"a lock file was left: {fifo.with_name('fifo.lock').stat()}")
