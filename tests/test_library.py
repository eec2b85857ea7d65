"""The library every front end reads the record by: lazy parts, notes in step with search."""

from __future__ import annotations

from pathlib import Path

import pytest

import cpec_tui.store.dataset as dataset_module
from cpec_tui.library import Library
from cpec_tui.paths import bundled_dataset
from cpec_tui.search.index import DatasetIndex
from cpec_tui.store.errors import DatasetError
from cpec_tui.store.notes import NotesStore


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Library:
    monkeypatch.setenv("CPEC_TUI_CACHE", str(tmp_path / "cache"))
    return Library(bundled_dataset(), tmp_path / "notes.toml")


def test_listing_needs_no_search_index(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_index(*args: object) -> None:
        raise AssertionError("the index was built")

    monkeypatch.setattr(DatasetIndex, "__init__", no_index)
    assert len(library.meetings) > 0
    assert library.meeting("jwg-icc-4") is not None
    assert not library.is_loaded


def test_ids_resolve_case_insensitively(library: Library) -> None:
    assert library.resolve_id("jwg-icc-4") == "jwg-icc-4"
    assert library.resolve_id("JWG-ICC-4") == "jwg-icc-4"
    assert library.resolve_id("jwg-icc-99") is None


def test_a_saved_note_is_found_by_the_next_search(library: Library) -> None:
    library.load()
    assert len(library.search("zanzibar")) == 0
    note = library.notes.add("jwg-icc-4", "Ask about Zanzibar", ["follow-up"])
    assert library.notes.of("jwg-icc-4") == (note,)
    assert [library.meetings.ids[p] for p in library.search("zanzibar").positions] == ["jwg-icc-4"]
    library.notes.delete(note.id)
    assert len(library.search("zanzibar")) == 0
    library.notes.restore(note)
    assert len(library.search("tag:follow")) == 1


def test_a_note_saved_by_another_process_is_seen_after_reload(library: Library) -> None:
    library.load()
    assert not library.notes.changed_on_disk()
    NotesStore(library.notes_path).add("jcc-14", "written elsewhere")
    assert library.notes.changed_on_disk()
    assert library.notes.reload()
    assert len(library.search('"written elsewhere"')) == 1


def test_a_bad_notes_file_is_a_problem_not_a_failure(library: Library) -> None:
    library.notes_path.write_text("this is [not toml", encoding="utf-8")
    library.load()
    assert library.notes.problem is not None
    assert library.notes.all == ()
    assert len(library.search("gwadar")) > 0
    assert library.notes_path.read_text(encoding="utf-8") == "this is [not toml"


def test_a_bad_dataset_raises_the_stores_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("version = 1\n[[meetings]]\nid = 3\n", encoding="utf-8")
    with pytest.raises(DatasetError):
        Library(bad, tmp_path / "notes.toml").load()


def test_the_engine_comes_from_the_index_cache_when_warm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CPEC_TUI_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(dataset_module, "CACHE_MIN_BYTES", 0)  # cache the bundled dataset
    Library(bundled_dataset(), tmp_path / "n.toml").load()
    built: list[int] = []
    original = DatasetIndex.__init__

    def counting(self: DatasetIndex, *args: object) -> None:
        built.append(1)
        original(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(DatasetIndex, "__init__", counting)
    warm = Library(bundled_dataset(), tmp_path / "n.toml")
    assert len(warm.search("gwadar")) > 0
    assert built == []
