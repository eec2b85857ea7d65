"""Starting the browser: a light first frame, progress while loading, a cached index."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

import cpec_tui.store.dataset as dataset_module
from cpec_tui import paths
from cpec_tui.library import Library
from cpec_tui.search import SearchEngine
from cpec_tui.search.index import DatasetIndex
from cpec_tui.widgets.meeting_list import MeetingList
from cpec_tui.widgets.search_bar import SearchBar
from tests.tui_fixtures import TuiEnv, loaded, make_app, screen_text, tui_env

__all__ = ["tui_env"]

REPO = Path(__file__).resolve().parent.parent

# What the first frame must not wait for: pydantic (~0.2 s) and everything that needs it.
HEAVY = [
    "pydantic",
    "pydantic_core",
    "cpec_tui.models",
    "cpec_tui.search",
    "cpec_tui.store.dataset",
    "cpec_tui.store.notes",
    "cpec_tui.store.problems",
    "cpec_tui.screens.note_editor",
]


def test_importing_the_app_does_not_import_pydantic_models_search_or_store() -> None:
    code = f"import sys, cpec_tui.app\nprint([name for name in {HEAVY!r} if name in sys.modules])\n"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


async def test_the_loading_list_says_what_is_being_done(
    tui_env: TuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    go_on = threading.Event()

    original = Library.engine_or_load

    def slow_load(library: Library, progress: Callable[[str], object]) -> SearchEngine:
        progress("Building the search index of 21 meetings…")
        assert go_on.wait(30)
        return original(library, progress)

    monkeypatch.setattr(Library, "engine_or_load", slow_load)
    app = make_app(tui_env)
    async with app.run_test(size=(120, 30)) as pilot:
        for _ in range(250):
            await pilot.pause(0.02)
            if "Building the search index" in screen_text(app):
                break
        text = screen_text(app)
        assert "Building the search index of 21 meetings…" in text
        assert "Loading" in app.query_one(SearchBar).status_text
        assert not app.is_loaded
        go_on.set()
        await loaded(pilot)
        assert "Building the search index" not in screen_text(app)
        assert app.query_one(MeetingList).row_count > 0


async def test_a_second_start_reads_the_index_from_the_cache(
    tui_env: TuiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dataset_module, "CACHE_MIN_BYTES", 0)  # cache the bundled dataset too
    restored: list[DatasetIndex] = []
    original = DatasetIndex.from_state.__func__  # type: ignore[attr-defined]

    def counting(cls: type[DatasetIndex], *args: object) -> DatasetIndex:
        index: DatasetIndex = original(cls, *args)
        restored.append(index)
        return index

    monkeypatch.setattr(DatasetIndex, "from_state", classmethod(counting))
    queries = ["gwadar", "agricultre", '"joint working group"', "chair:ahsan -virtual", ""]
    answers: list[list[list[int]]] = []
    for _ in range(2):
        app = make_app(tui_env)
        async with app.run_test(size=(120, 40)) as pilot:
            await loaded(pilot)
            search = app.query_one(SearchBar)
            meetings = app.query_one(MeetingList)
            answer: list[list[int]] = []
            for query in queries:
                search.set_query(query)
                await pilot.pause()
                engine = app.library.engine
                answer.append(list(engine.search(query).positions))
                assert meetings.row_count == len(answer[-1])
            answers.append(answer)
            await pilot.pause(0.2)
    assert len(restored) == 1  # the second start
    assert answers[0] == answers[1]
    assert any(answers[0][:-1])
    assert list((paths.cache_dir() / "indexes").glob("*.marshal"))
