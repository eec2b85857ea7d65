"""The notes store: format, exact round trips, one-operation saves, and refusing to clobber."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import tempfile
import threading
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from filelock import FileLock
from hypothesis import given, settings
from hypothesis import strategies as st

from cpec_tui.models import Note
from cpec_tui.store import notes as notes_module
from cpec_tui.store.errors import NotesError
from cpec_tui.store.notes import (
    InvalidNotesFileError,
    NotesStore,
    UnknownNoteError,
    dump_notes,
    normalize_tags,
    parse_notes,
    split_tags,
)

TRICKY_TEXTS = [
    "",
    " ",
    "\t \n ",
    "line one\nline two\n",
    "windows\r\nline endings\r\n",
    "lone\rcarriage return",
    "mixed\r\n\n\r\r\n",
    "nul \x00 inside",
    "controls \x01\x07\x08\x0b\x0c\x1b\x1f\x7f\x80\x9f",
    "trailing spaces   \n\n\n   ",
    "emoji 😀 family 👩‍👩‍👧 flag 🇵🇰",
    "quotes \" ' \"\"\" ''' and \\ backslashes \\n",
    "[[notes]]\nid = 'fake'\nversion = 2",
    "\ufeffbom first",
    "unicode line sep \u2028 para sep \u2029 nel \x85",
    "中巴经济走廊 پاک چین اقتصادی راہداری",
]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "notes.toml"


@pytest.fixture
def store(path: Path) -> NotesStore:
    return NotesStore(path)


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


# -- reading --------------------------------------------------------------------------------------


def test_a_missing_file_holds_no_notes(store: NotesStore) -> None:
    assert store.load() == []
    assert store.signature() is None
    assert store.load_with_signature() == ([], None)
    assert not store.path.exists()  # reading never creates the file


@pytest.mark.parametrize("content", [b"", b"\n\n", b"  \n", b"\xef\xbb\xbf", b"# just a comment\n"])
def test_an_empty_file_holds_no_notes(store: NotesStore, content: bytes) -> None:
    store.path.write_bytes(content)
    assert store.load() == []
    note = store.add("jcc-1", "first")
    assert store.load() == [note]


def test_a_directory_is_not_a_notes_file(tmp_path: Path) -> None:
    store = NotesStore(tmp_path)
    with pytest.raises(NotesError, match=re.escape(str(tmp_path)) + ".*directory"):
        store.load()
    with pytest.raises(NotesError):
        store.add("jcc-1", "text")


def test_hand_edited_file_is_read_and_kept_on_save(store: NotesStore) -> None:
    store.path.write_text(
        "# my notes\n"
        "version = 1\n"
        "\n"
        "[[notes]]\n"
        "id = 'hand-made'\n"
        "meeting = 'jcc-1'\n"
        "created = 2024-01-02T03:04:05.123456Z\n"
        "updated = 2024-01-02T03:04:05+00:00\n"
        'text = """\n'
        "multi\n"
        'line"""\n'
        "tags = ['a', 'b']\n",
        encoding="utf-8",
    )
    [hand] = store.load()
    assert hand.id == "hand-made"
    assert hand.created == dt.datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=dt.UTC)
    assert hand.text == "multi\nline"
    added = store.add("jcc-2", "new")
    assert store.load() == [hand, added]  # microseconds and all
    assert "created = 2024-01-02T03:04:05.123456Z" in store.path.read_text(encoding="utf-8")


# -- adding and the file format -------------------------------------------------------------------


def test_add_writes_a_versioned_toml_file(store: NotesStore) -> None:
    before = dt.datetime.now(dt.UTC) - dt.timedelta(milliseconds=1)
    note = store.add("jcc-14", "Check the Gwadar figures.", tags=["gwadar", "energy"])
    after = dt.datetime.now(dt.UTC)

    assert re.fullmatch(r"[0-9a-f]{8}", note.id)
    assert note.meeting == "jcc-14"
    assert note.text == "Check the Gwadar figures."
    assert note.tags == ["gwadar", "energy"]
    assert note.created == note.updated
    assert note.created.utcoffset() == dt.timedelta(0)
    assert before <= note.created <= after

    text = store.path.read_text(encoding="utf-8")
    document = tomllib.loads(text)
    assert document["version"] == 1
    assert document["notes"] == [
        {
            "id": note.id,
            "meeting": "jcc-14",
            "created": note.created,
            "updated": note.updated,
            "text": "Check the Gwadar figures.",
            "tags": ["gwadar", "energy"],
        }
    ]
    assert re.search(r"^version = 1$", text, re.M)
    assert re.search(r"^\[\[notes\]\]$", text, re.M)
    assert re.search(r"^created = \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", text, re.M)
    assert re.search(r"^updated = \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", text, re.M)
    assert store.load() == [note]


def test_short_notes_are_still_tables_and_empty_tags_are_omitted(store: NotesStore) -> None:
    store.add("jcc-1", "a")
    store.add("jcc-1", "b")
    text = store.path.read_text(encoding="utf-8")
    assert text.count("[[notes]]") == 2  # tomli-w on its own would inline these
    assert "tags" not in text
    assert [note.tags for note in store.load()] == [[], []]


def test_notes_keep_file_order(store: NotesStore) -> None:
    added = [store.add("jcc-1", f"note {i}") for i in range(5)]
    assert store.load() == added


def test_a_missing_directory_is_refused_not_created(tmp_path: Path) -> None:
    store = NotesStore(tmp_path / "typo" / "b" / "notes.toml")
    with pytest.raises(NotesError, match=re.escape(f"the directory {tmp_path / 'typo' / 'b'}")):
        store.add("jcc-1", "deep")
    assert not (tmp_path / "typo").exists()


def test_the_default_directory_is_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = tmp_path / "share" / "cpec-tui"
    monkeypatch.setattr(notes_module.platformdirs, "user_data_path", lambda name: data_dir)
    store = NotesStore(data_dir / "notes.toml")
    note = store.add("jcc-1", "first")
    assert store.load() == [note]


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_tricky_texts_round_trip_exactly(store: NotesStore, text: str) -> None:
    note = store.add("jcc-1", text)
    assert note.text == text
    [loaded] = store.load()
    assert loaded.text == text
    assert loaded == note
    assert NotesStore(store.path).load() == [note]


def test_the_store_accepts_empty_and_blank_text(store: NotesStore) -> None:
    """Refusing empty notes is the CLI's and the TUI's business; the store keeps anything."""
    notes = [store.add("jcc-1", ""), store.add("jcc-1", "   \n\t")]
    assert [note.text for note in store.load()] == ["", "   \n\t"]
    assert store.load() == notes


def test_notes_about_meetings_not_in_the_dataset_are_kept(store: NotesStore) -> None:
    orphan = store.add("no-such-meeting-anymore", "keep me")
    other = store.add("jcc-1", "other")
    store.update(other.id, text="changed")
    store.delete(other.id)
    assert store.load() == [orphan]


def test_ids_are_unique_under_the_lock(store: NotesStore, monkeypatch: pytest.MonkeyPatch) -> None:
    first = store.add("jcc-1", "first")
    ids = iter([first.id, first.id, first.id, "0badc0de"])
    monkeypatch.setattr(notes_module, "new_note_id", lambda: next(ids))
    second = store.add("jcc-1", "second")
    assert second.id == "0badc0de"
    assert [note.id for note in store.load()] == [first.id, "0badc0de"]


@pytest.mark.parametrize("meeting", ["", "JCC-14", "jcc 14", "jcc--14", "-jcc"])
def test_a_malformed_meeting_id_is_refused_before_touching_the_file(
    store: NotesStore, meeting: str
) -> None:
    with pytest.raises(ValueError):
        store.add(meeting, "text")
    assert not store.path.exists()


def test_text_with_a_lone_surrogate_is_refused(store: NotesStore) -> None:
    note = store.add("jcc-1", "fine")
    before = store.path.read_bytes()
    with pytest.raises(ValueError, match="surrogate"):
        store.add("jcc-1", "bad \ud800 text")
    with pytest.raises(ValueError, match="surrogate"):
        store.update(note.id, text="\udfff")
    assert store.path.read_bytes() == before


# -- tags -----------------------------------------------------------------------------------------


def test_tags_are_normalized() -> None:
    assert normalize_tags(["  energy ", "belt  and\troad", "", "   ", "Energy", "gwadar"]) == [
        "energy",
        "belt and road",
        "gwadar",
    ]
    assert normalize_tags([]) == []
    assert split_tags("energy, gwadar ,, Energy,  follow   up ") == [
        "energy",
        "gwadar",
        "follow up",
    ]
    assert split_tags("") == []


@pytest.mark.parametrize("tag", ["a,b", "nul\x00", "bell\x07", "del\x7f", "c1\x9f", "\ud800"])
def test_tags_with_commas_or_control_characters_are_refused(tag: str) -> None:
    with pytest.raises(ValueError):
        normalize_tags([tag])


def test_tags_must_be_a_sequence_of_strings() -> None:
    with pytest.raises(TypeError):
        normalize_tags("energy")


def test_bad_tags_are_refused_before_touching_the_file(store: NotesStore) -> None:
    note = store.add("jcc-1", "text", tags=["ok"])
    before = store.path.read_bytes()
    with pytest.raises(ValueError):
        store.add("jcc-1", "text", tags=["a,b"])
    with pytest.raises(ValueError):
        store.update(note.id, tags=["\x00"])
    assert store.path.read_bytes() == before


# -- update, delete, restore ----------------------------------------------------------------------


def test_update_changes_only_what_is_given_and_bumps_updated(store: NotesStore) -> None:
    note = store.add("jcc-1", "first text", tags=["a"])
    other = store.add("jcc-2", "other")

    text_changed = store.update(note.id, text="second text")
    assert text_changed.text == "second text"
    assert text_changed.tags == ["a"]
    assert (text_changed.id, text_changed.meeting, text_changed.created) == (
        note.id,
        note.meeting,
        note.created,
    )
    assert text_changed.updated > note.updated
    assert text_changed.updated.utcoffset() == dt.timedelta(0)

    tags_changed = store.update(note.id, tags=[" b ", "c"])
    assert tags_changed.text == "second text"
    assert tags_changed.tags == ["b", "c"]
    assert tags_changed.updated > text_changed.updated

    cleared = store.update(note.id, tags=[])
    assert cleared.tags == []
    assert store.load() == [cleared, other]


def test_updated_moves_forward_even_if_the_clock_does_not(
    store: NotesStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen = dt.datetime(2025, 1, 1, 12, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(notes_module, "_now", lambda: frozen)
    note = store.add("jcc-1", "v1")
    v2 = store.update(note.id, text="v2")
    v3 = store.update(note.id, text="v3")
    assert note.created == note.updated == frozen
    assert note.updated < v2.updated < v3.updated
    assert store.load() == [v3]


def test_an_update_that_changes_nothing_writes_nothing(store: NotesStore) -> None:
    note = store.add("jcc-1", "same", tags=["t"])
    signature = store.signature()
    assert store.update(note.id, text="same", tags=["t "]) == note
    assert store.update(note.id) == note
    assert store.signature() == signature


def test_delete_returns_the_note_and_restore_puts_it_back_exactly(store: NotesStore) -> None:
    first = store.add("jcc-1", "first")
    middle = store.add("jcc-2", "middle\r\n", tags=["x"])
    last = store.add("jcc-3", "last")

    removed = store.delete(middle.id)
    assert removed == middle
    assert store.load() == [first, last]

    store.restore(removed)
    assert store.load() == [first, middle, last]  # same id, timestamps, text, place

    store.restore(removed)  # undoing twice changes nothing
    assert store.load() == [first, middle, last]


def test_restore_keeps_a_newer_copy_already_on_disk(path: Path) -> None:
    app, cli = NotesStore(path), NotesStore(path)
    note = app.add("jcc-1", "v1")
    removed = app.delete(note.id)
    cli.restore(removed)
    edited = cli.update(note.id, text="v2")
    app.restore(removed)  # the app's own undo, late
    assert app.load() == [edited]


def test_restore_into_an_empty_or_missing_file(store: NotesStore) -> None:
    note = store.add("jcc-1", "only")
    store.delete(note.id)
    assert store.load() == []
    store.path.unlink()
    store.restore(note)
    assert store.load() == [note]


def test_unknown_ids_raise_key_error_and_change_nothing(store: NotesStore) -> None:
    note = store.add("jcc-1", "text")
    before = store.path.read_bytes()
    with pytest.raises(KeyError):
        store.update("nope1234", text="x")
    with pytest.raises(UnknownNoteError, match="nope1234"):
        store.delete("nope1234")
    assert store.path.read_bytes() == before
    store.delete(note.id)
    with pytest.raises(KeyError):
        store.delete(note.id)
    with pytest.raises(KeyError):
        store.update(note.id, text="edit of a note another instance deleted")


def test_unknown_ids_in_a_missing_file(store: NotesStore) -> None:
    with pytest.raises(KeyError):
        store.update("abcdef12", text="x")
    with pytest.raises(KeyError):
        store.delete("abcdef12")
    assert not store.path.exists()


# -- several instances ----------------------------------------------------------------------------


def test_instances_never_write_back_a_stale_list(path: Path) -> None:
    app, cli = NotesStore(path), NotesStore(path)
    a = app.add("jcc-1", "from the app")
    shown_in_app = app.load()
    b = cli.add("jcc-1", "from the cli")
    a2 = app.update(a.id, text="edited in the app")  # the app never saw b
    c = app.add("jcc-2", "another from the app")
    cli.delete(a.id)  # the cli never saw the edit or c
    assert shown_in_app == [a]
    assert app.load() == [b, c]
    assert a2.text == "edited in the app"


def _add_from_threads(store_for: Callable[[], NotesStore], reload: bool) -> list[Note]:
    """Six threads each add ten notes (``store_for()`` gives each thread its store);
    returns every note they added and fails the test if any thread raised."""
    added: list[Note] = []
    errors: list[BaseException] = []

    def work(n: int) -> None:
        store = store_for()
        try:
            for i in range(10):
                added.append(store.add("jcc-1", f"t{n}-{i}"))
                if reload:
                    store.load()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return added


def test_threads_with_their_own_stores_lose_nothing(path: Path) -> None:
    added = _add_from_threads(lambda: NotesStore(path), reload=False)
    loaded = NotesStore(path).load()
    assert len(loaded) == 60
    assert sorted(note.id for note in loaded) == sorted(note.id for note in added)


def test_a_held_lock_gives_a_clear_error_after_the_timeout(path: Path) -> None:
    store = NotesStore(path, lock_timeout=0.2)
    store.add("jcc-1", "before")
    before = path.read_bytes()
    assert store.lock_path == path.with_name("notes.toml.lock")
    with FileLock(store.lock_path):  # (as a cpec-tui that used filelock takes it)
        with pytest.raises(NotesError, match=r"notes\.toml\.lock") as caught:
            store.add("jcc-1", "blocked")
        assert str(path) in str(caught.value)
        assert store.load()[0].text == "before"  # reading needs no lock
    assert path.read_bytes() == before


def test_a_symlinked_notes_file_is_followed(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "notes.toml"
    real.parent.mkdir()
    link = tmp_path / "notes.toml"
    link.symlink_to(real)
    store = NotesStore(link)
    note = store.add("jcc-1", "through the link")
    assert link.is_symlink()
    assert NotesStore(real).load() == [note]
    assert store.lock_path == real.with_name("notes.toml.lock")


# -- signature ------------------------------------------------------------------------------------


def test_signature_changes_after_every_save(path: Path) -> None:
    store, other = NotesStore(path), NotesStore(path)
    assert store.signature() is None
    note = store.add("jcc-1", "aaaa")
    first = store.signature()
    assert first is not None
    assert first[1] == path.stat().st_size
    assert store.signature() == first
    store.load()
    assert store.signature() == first  # reading changes nothing

    other.update(note.id, text="bbbb")  # same size, same clock tick perhaps: new inode
    second = store.signature()
    assert second is not None and second != first
    notes, signature = store.load_with_signature()
    assert signature == second
    assert notes[0].text == "bbbb"

    other.delete(note.id)
    assert store.signature() not in (first, second, None)


# -- corrupt and newer files are never overwritten --------------------------------------------

GOOD_NOTE = (
    "[[notes]]\n"
    'id = "deadbeef"\n'
    'meeting = "jcc-1"\n'
    "created = 2025-01-01T00:00:00.000Z\n"
    "updated = 2025-01-01T00:00:00.000Z\n"
    'text = "keep me"\n'
)

CORRUPT: dict[str, tuple[str | bytes, int, str]] = {
    # name: (content, line named in the message, words in the message)
    "bad toml": (
        f"version = 1\n\n{GOOD_NOTE}\n[[notes]]\nid = 'cafe0000'\ntext = \"unterminated\n",
        12,
        "malformed TOML",
    ),
    "not utf-8": (
        f"version = 1\n\n{GOOD_NOTE}".replace("keep me", "keep \xff me").encode("latin-1"),
        8,
        "not UTF-8",
    ),
    "unknown field": (
        f"version = 1\n\n{GOOD_NOTE}colour = 'red'\n",
        9,
        "colour: is not a field",
    ),
    "wrong type": (
        f"version = 1\n\n{GOOD_NOTE}".replace('"jcc-1"', "14"),
        5,
        "meeting",
    ),
    "bad meeting id": (
        f"version = 1\n\n{GOOD_NOTE}".replace('"jcc-1"', '"JCC 1"'),
        5,
        "not a valid id",
    ),
    "not utc": (
        f"version = 1\n\n{GOOD_NOTE}".replace(
            "updated = 2025-01-01T00:00:00.000Z", "updated = 2025-01-01T05:00:00+05:00"
        ),
        7,
        "UTC",
    ),
    "local time": (
        f"version = 1\n\n{GOOD_NOTE}".replace(
            "created = 2025-01-01T00:00:00.000Z", "created = 2025-01-01T00:00:00"
        ),
        6,
        "UTC",
    ),
    "quoted time": (
        f"version = 1\n\n{GOOD_NOTE}".replace(
            "created = 2025-01-01T00:00:00.000Z", 'created = "2025-01-01T00:00:00Z"'
        ),
        6,
        "created",
    ),
    "missing text": (
        f"version = 1\n\n{GOOD_NOTE}".replace('text = "keep me"\n', ""),
        3,
        "text: is required",
    ),
    "duplicate ids": (
        f"version = 1\n\n{GOOD_NOTE}\n{GOOD_NOTE}",
        11,
        "duplicate note id 'deadbeef' (also used on line 4)",
    ),
    "newer version": (f"# from the future\nversion = 2\n\n{GOOD_NOTE}", 2, "newer cpec-tui"),
    "version as text": (f'version = "1"\n\n{GOOD_NOTE}', 1, "not a notes format version"),
    "no version": (GOOD_NOTE, 1, "`version` is missing"),
    "unknown top-level key": (f"version = 1\nowner = 'me'\n\n{GOOD_NOTE}", 2, "owner"),
    "notes not a list": ("version = 1\nnotes = 'none'\n", 2, "notes"),
}


@pytest.mark.parametrize("kind", CORRUPT)
def test_a_corrupt_or_newer_file_is_never_overwritten(path: Path, kind: str) -> None:
    content, line, words = CORRUPT[kind]
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    path.write_bytes(data)
    store = NotesStore(path)
    deleted = Note(
        id="0000abcd",
        meeting="jcc-1",
        created=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        updated=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        text="a deleted note",
    )

    with pytest.raises(InvalidNotesFileError) as caught:
        store.load()
    message = str(caught.value)
    assert f"{path}:{line}:" in message
    assert words in message
    assert "No notes will be saved to this file until it is fixed" in message
    assert caught.value.path == path

    attempts: list[Callable[[], object]] = [
        lambda: store.add("jcc-1", "unsaved text"),
        lambda: store.update("deadbeef", text="unsaved edit"),
        lambda: store.update("deadbeef", tags=["x"]),
        lambda: store.delete("deadbeef"),
        lambda: store.restore(deleted),
    ]
    for attempt in attempts:
        with pytest.raises(NotesError) as caught_on_save:
            attempt()
        assert str(caught_on_save.value) == message
        assert path.read_bytes() == data
    assert _leftovers(path.parent) == []


def test_every_problem_is_listed_in_line_order(path: Path) -> None:
    content = (
        "version = 1\n\n"
        + GOOD_NOTE.replace('"jcc-1"', '"Bad Id"')
        + "\n"
        + GOOD_NOTE.replace("keep me", "dup").replace(
            "created = 2025-01-01T00:00:00.000Z", "created = 2025-01-01T00:00:00"
        )
    )
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidNotesFileError) as caught:
        NotesStore(path).load()
    problems = caught.value.problems
    assert len(problems) == 3
    assert problems[0].startswith(f"{path}:5: note 'deadbeef': meeting:")
    assert problems[1].startswith(f"{path}:11: note 'deadbeef': id: duplicate")
    assert problems[2].startswith(f"{path}:13: note 'deadbeef': created:")
    assert str(caught.value).startswith(f"{path}: 3 problems:\n")


def test_unreadable_text_is_worded_exactly(path: Path) -> None:
    path.write_bytes(b'version = 1\n\n[[notes]]\nid = "caf\xe9"\n')
    with pytest.raises(InvalidNotesFileError) as caught:
        NotesStore(path).load()
    assert caught.value.problems == [
        f"{path}:4:10: the file is not UTF-8 text (byte 0xe9); save it as UTF-8"
    ]
    path.write_bytes(b'version = 1\nx = "open\n')
    with pytest.raises(InvalidNotesFileError) as caught:
        NotesStore(path).load()
    [problem] = caught.value.problems
    assert problem.startswith(f"{path}:2:") and ": malformed TOML: " in problem
    assert not problem.endswith(".")


def test_an_unreadable_file_is_an_error_not_an_empty_list(
    store: NotesStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add("jcc-1", "text")
    before = store.path.read_bytes()
    real_open = os.open

    def denied(file: Any, *args: Any, **kwargs: Any) -> int:
        if file == store.path:
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("os.open", denied)
    with pytest.raises(NotesError, match="Permission denied"):
        store.load()
    with pytest.raises(NotesError, match="Permission denied"):
        store.add("jcc-1", "would wipe the file if read errors meant no notes")
    monkeypatch.undo()
    assert store.path.read_bytes() == before


# -- full disks and read-only places --------------------------------------------------------------


@pytest.fixture
def saved(store: NotesStore) -> Iterator[tuple[NotesStore, Note, bytes]]:
    note = store.add("jcc-1", "already saved")
    yield store, note, store.path.read_bytes()


def _raise(code: int) -> object:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EDQUOT])
@pytest.mark.parametrize("where", ["tempfile.mkstemp", "os.fsync", "os.replace"])
def test_a_failed_write_is_a_clear_error_and_keeps_the_file(
    saved: tuple[NotesStore, Note, bytes],
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    code: int,
) -> None:
    store, note, before = saved
    monkeypatch.setattr(where, _raise(code))
    attempts: list[Callable[[], object]] = [
        lambda: store.add("jcc-1", "unsaved"),
        lambda: store.update(note.id, text="unsaved edit"),
        lambda: store.delete(note.id),
    ]
    for attempt in attempts:
        with pytest.raises(NotesError) as caught:
            attempt()
        message = str(caught.value)
        assert str(store.path) in message
        assert os.strerror(code) in message
        assert "left as it was" in message
        assert store.path.read_bytes() == before
        assert _leftovers(store.path.parent) == []
    monkeypatch.undo()
    assert store.load() == [note]
    assert store.add("jcc-1", "saved once there is room").text == "saved once there is room"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores modes")
def test_a_read_only_directory_is_a_clear_error_and_keeps_the_file(
    saved: tuple[NotesStore, Note, bytes],
) -> None:
    store, note, before = saved
    directory = store.path.parent
    directory.chmod(0o555)
    try:
        with pytest.raises(NotesError, match=re.escape(str(store.path))):
            store.add("jcc-1", "unsaved")
        with pytest.raises(NotesError, match=r"[Pp]ermission denied"):
            store.update(note.id, text="unsaved")
        assert store.load() == [note]  # still readable
    finally:
        directory.chmod(0o755)
    assert store.path.read_bytes() == before


def test_a_directory_that_cannot_be_created_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "share" / "cpec-tui"
    monkeypatch.setattr(notes_module.platformdirs, "user_data_path", lambda name: data_dir)
    store = NotesStore(data_dir / "notes.toml")
    monkeypatch.setattr("pathlib.Path.mkdir", _raise(errno.EROFS))
    with pytest.raises(NotesError, match="Read-only file system"):
        store.add("jcc-1", "unsaved")


# -- what a store remembers: quick saves that never trust stale data ----------------------------


def _count_parsed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the characters every ``tomllib.loads`` call parses from now on."""
    parsed: list[int] = []
    real_loads = tomllib.loads

    def loads(text: str, **kwargs: Any) -> dict[str, Any]:
        parsed.append(len(text))
        return real_loads(text, **kwargs)

    monkeypatch.setattr(tomllib, "loads", loads)
    return parsed


def test_a_save_parses_only_the_note_it_writes(
    store: NotesStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(40):
        store.add("jcc-1", f"ballast {i} " + "x" * 200, tags=["ballast"])
    size = store.path.stat().st_size
    parsed = _count_parsed(monkeypatch)
    note = store.add("jcc-2", "one more")
    store.update(note.id, text="one more, edited")
    store.delete(note.id)
    store.load()
    assert sum(parsed) < size / 10  # two notes' tables, not the file four times
    monkeypatch.undo()
    assert NotesStore(store.path).load() == store.load()


def test_another_instance_s_save_is_read_note_by_note(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, cli = NotesStore(path), NotesStore(path)
    for i in range(40):
        app.add("jcc-1", f"ballast {i} " + "x" * 200)
    size = path.stat().st_size
    cli_note = cli.add("jcc-2", "from the cli")
    parsed = _count_parsed(monkeypatch)
    app_note = app.add("jcc-3", "from the app")
    assert sum(parsed) < size / 10  # the cli's note and the app's own, not the whole file
    monkeypatch.undo()
    assert NotesStore(path).load()[-2:] == [cli_note, app_note]


def test_a_changed_file_is_never_served_from_memory(path: Path) -> None:
    """Same size, same mtime, same inode, different bytes: the store still sees the change."""
    store = NotesStore(path)
    note = store.add("jcc-1", "aaaa")
    other = store.add("jcc-1", "keep")
    stat = path.stat()
    data = path.read_bytes()
    with open(path, "r+b") as file:  # in place: the inode stays
        file.write(data.replace(b'"aaaa"', b'"bbbb"'))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (path.stat().st_ino, path.stat().st_size) == (stat.st_ino, stat.st_size)
    assert store.load() == [note.model_copy(update={"text": "bbbb"}), other]
    added = store.add("jcc-2", "new")
    assert NotesStore(path).load() == [note.model_copy(update={"text": "bbbb"}), other, added]


@pytest.mark.parametrize("kind", CORRUPT)
def test_a_store_that_knows_the_file_still_refuses_a_corrupt_one(path: Path, kind: str) -> None:
    store = NotesStore(path)
    store.add("jcc-1", "read and written by this store")
    store.load()
    content = CORRUPT[kind][0]
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    path.write_bytes(data)
    with pytest.raises(InvalidNotesFileError) as fresh:
        NotesStore(path).load()
    attempts: list[Callable[[], object]] = [store.load, lambda: store.add("jcc-1", "unsaved")]
    for attempt in attempts:
        with pytest.raises(InvalidNotesFileError) as caught:
            attempt()
        assert str(caught.value) == str(fresh.value)
    assert path.read_bytes() == data


def test_a_copied_note_table_is_a_duplicate_id_even_for_a_store_that_knows_it(
    path: Path,
) -> None:
    store = NotesStore(path)
    first = store.add("jcc-1", "first")
    store.add("jcc-1", "second")
    data = path.read_bytes()
    table = data.split(b"\n[[notes]]\n")[1]
    path.write_bytes(data + b"\n[[notes]]\n" + table)  # the first note's table again, at the end
    with pytest.raises(InvalidNotesFileError, match=f"duplicate note id {first.id!r}"):
        store.load()
    with pytest.raises(InvalidNotesFileError):
        store.add("jcc-1", "unsaved")
    with pytest.raises(ValueError, match="id"):
        dump_notes([first, first])


@pytest.mark.parametrize(
    "text",
    [
        'text = """\nfirst line\n[[notes]]\nid = \'not a note\'"""',
        'text = """\n[not a table]\n  [nor this]"""',
        "text = '''[[notes]]'''",
        'text = """\nfirst\n\n[[notes]]\nid = "fake"\n"""',
        'tags = [\n  "a",\n]\ntext = """\r\nline\\\n  trimmed"""',
    ],
)
def test_hand_edits_that_look_like_tables_are_read_whole(path: Path, text: str) -> None:
    """Text that only looks like a ``[[notes]]`` header is never taken for one."""
    store = NotesStore(path)
    store.add("jcc-1", "before")
    edited = store.add("jcc-1", "to be edited by hand")
    store.add("jcc-1", "after")
    data = path.read_bytes().replace(b'text = "to be edited by hand"', text.encode())
    path.write_bytes(data)
    expected = parse_notes(path, data)
    assert len(expected) == 3
    assert expected[1].id == edited.id
    assert store.load() == expected
    assert NotesStore(path).load() == expected
    added = store.add("jcc-2", "new")
    again = NotesStore(path)
    assert again.load() == [*expected, added]
    assert again.add("jcc-2", "newer").text == "newer"
    assert store.load()[:4] == [*expected, added]


def test_a_header_hidden_in_a_string_is_not_taken_for_one(path: Path) -> None:
    """One ``[[notes]]`` line inside a string, one real header written another way: as many
    ``[[notes]]`` lines as notes, but not the same ones."""
    first = NotesStore(path).add("jcc-1", "hidden header below")
    NotesStore(path).add("jcc-1", "second")
    data = path.read_bytes().replace(
        b'text = "hidden header below"', b'text = """\n\n[[notes]]\nnot a header"""'
    )
    data += (
        b"\n[[ notes ]]\n"
        b'id = "c0ffee00"\n'
        b'meeting = "jcc-1"\n'
        b"created = 2025-01-01T00:00:00.000Z\n"
        b"updated = 2025-01-01T00:00:00.000Z\n"
        b'text = "a real note"\n'
    )
    path.write_bytes(data)
    expected = parse_notes(path, data)
    assert [note.text for note in expected] == [
        "\n[[notes]]\nnot a header",
        "second",
        "a real note",
    ]
    assert expected[0].id == first.id
    for store in (NotesStore(path), NotesStore(path)):
        assert store.load() == expected
        expected = [*expected, store.add("jcc-2", "saved after")]
        assert parse_notes(path, path.read_bytes()) == expected
    store = NotesStore(path)
    assert store.load() == expected
    store.delete(expected[1].id)  # rewrites what is after the hidden header
    edited = store.update(expected[0].id, text="no longer hidden")
    assert parse_notes(path, path.read_bytes()) == [edited, *expected[2:]]


@pytest.mark.parametrize(
    "spoil",
    [
        lambda toml: toml.replace("\\r\\n", "\\n"),  # a line ending lost
        lambda toml: toml + "[tags]\n",  # a table no note has
    ],
)
def test_a_note_that_would_not_read_back_is_not_written(
    store: NotesStore, monkeypatch: pytest.MonkeyPatch, spoil: Callable[[str], str]
) -> None:
    """Every table a save writes is parsed back first; tomli-w is trusted with nothing."""
    note = store.add("jcc-1", "already saved")
    before = store.path.read_bytes()
    real_dumps = tomli_w.dumps
    monkeypatch.setattr(tomli_w, "dumps", lambda table: spoil(real_dumps(table)))
    with pytest.raises(NotesError, match="cannot save notes") as caught:
        store.add("jcc-1", "line\r\nending")
    assert "Nothing was changed" in str(caught.value)
    assert store.path.read_bytes() == before
    monkeypatch.undo()
    assert store.load() == [note]


def test_threads_sharing_one_store_lose_nothing(path: Path) -> None:
    store = NotesStore(path)
    added = _add_from_threads(lambda: store, reload=True)
    assert sorted(note.id for note in NotesStore(path).load()) == sorted(n.id for n in added)
    assert store.load() == NotesStore(path).load()


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["add", "update", "delete", "restore", "hand-edit"]),
        st.integers(0, 1),
        st.integers(0, 50),
        st.sampled_from(TRICKY_TEXTS),
    ),
    max_size=10,
)


@given(OPERATIONS)
@settings(max_examples=60, deadline=None)
def test_stores_always_agree_with_a_full_parse_of_the_file(
    operations: list[tuple[str, int, int, str]],
) -> None:
    """Two stores (two instances) and hand edits, interleaved: every store reads and saves
    exactly what a whole parse of the file says, whatever each remembers."""
    path = Path(_shared_dir.name) / "agree.toml"
    path.unlink(missing_ok=True)
    stores = [NotesStore(path), NotesStore(path)]
    stores[0].add("jcc-1", "seed\r\n", tags=["s"])
    removed: list[Note] = []
    for operation, who, pick, text in operations:
        store = stores[who]
        current = parse_notes(path, path.read_bytes())
        assert store.load() == current
        target = current[pick % len(current)] if current else None
        if operation == "add":
            store.add("jcc-2", text)
        elif operation == "update" and target is not None:
            store.update(target.id, text=text)
        elif operation == "delete" and target is not None:
            removed.append(store.delete(target.id))
        elif operation == "restore" and removed:
            store.restore(removed[pick % len(removed)])
        elif operation == "hand-edit":
            # The same notes in another style, which only a full parse reads.
            same = dump_notes(current).replace(b" = ", b"=")
            path.write_bytes(b"# edited by hand\n" + same)
        assert stores[0].load() == stores[1].load() == parse_notes(path, path.read_bytes())


# -- properties -----------------------------------------------------------------------------------

SPECIAL = st.sampled_from(
    [
        *["\r", "\n", "\r\n", "\x00", "\t", " ", "\x7f", "\x1b", "\x85", "\u2028", "\ufeff"],
        *['"', "\\", "'''", '"""', "😀", "👩‍👩‍👧", "é", "e\u0301", "[[notes]]", "#", "="],
    ]
)
TEXTS = st.one_of(
    st.text(),  # any Unicode but lone surrogates, which cannot be UTF-8
    st.lists(SPECIAL).map("".join),
    st.text(st.characters(max_codepoint=0x9F)),  # dense in C0 and C1 control characters
)
TAG_TEXT = st.text(
    st.characters(exclude_categories=("Cc", "Cs"), exclude_characters=",") | st.sampled_from(" \t")
)


@given(TEXTS)
@settings(max_examples=300)
def test_tomllib_reads_back_what_tomli_w_wrote(text: str) -> None:
    assert tomllib.loads(tomli_w.dumps({"text": text}))["text"] == text


@given(TEXTS, st.lists(TAG_TEXT, max_size=5))
@settings(max_examples=300)
def test_dump_and_parse_round_trip(text: str, tags: list[str]) -> None:
    note = Note(
        id="a1b2c3d4",
        meeting="jcc-1",
        created=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        updated=dt.datetime(2025, 6, 1, 1, 2, 3, 4000, tzinfo=dt.UTC),
        text=text,
        tags=normalize_tags(tags),
    )
    other = note.model_copy(update={"id": "e5f6a7b8", "text": text[::-1]})
    assert parse_notes(Path("notes.toml"), dump_notes([note, other])) == [note, other]


_shared_dir = tempfile.TemporaryDirectory(
    prefix="cpec-notes-"
)  # function fixtures and @given clash


@given(TEXTS, st.lists(TAG_TEXT, max_size=5))
@settings(max_examples=150, deadline=None)
def test_any_text_and_tags_round_trip_through_add_and_load(text: str, tags: list[str]) -> None:
    path = Path(_shared_dir.name) / "notes.toml"
    path.unlink(missing_ok=True)
    store = NotesStore(path)
    before = store.add("jcc-1", "a note already in the file\r\n", tags=["x"])
    note = store.add("jcc-2", text, tags=tags)
    assert note.text == text
    assert note.tags == normalize_tags(tags)
    assert NotesStore(path).load() == [before, note]
    assert NotesStore(path).load()[1].text == text


@given(st.lists(st.text(), max_size=6))
def test_normalize_tags_is_idempotent_or_refuses(tags: list[str]) -> None:
    try:
        normalized = normalize_tags(tags)
    except ValueError:
        return
    assert normalize_tags(normalized) == normalized
    assert all(tag == " ".join(tag.split()) and tag for tag in normalized)
    assert len({tag.casefold() for tag in normalized}) == len(normalized)
