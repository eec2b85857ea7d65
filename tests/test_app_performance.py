"""The list is virtual and a keystroke stays within a frame, even with 10,000 meetings."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest

import cpec_tui.store.dataset
from cpec_tui.meetings import Meetings
from cpec_tui.models import Dataset
from cpec_tui.paths import bundled_dataset
from cpec_tui.store.dataset import LoadedDataset, load_dataset
from cpec_tui.widgets.meeting_list import MeetingList
from cpec_tui.widgets.search_bar import SearchBar
from tests.tui_fixtures import TuiEnv, loaded, make_app, tui_env

pytestmark = pytest.mark.slow  # long end-to-end runs: see tests/conftest.py

__all__ = ["tui_env"]

QUERIES = ["gwadar port", "energy cooperation", "agriculture", "jcc", "islamabad meeting"]
FRAME_MS = 16.0


def _many_meetings(copies: int) -> Dataset:
    """The bundled meetings repeated under new ids (about 21 x ``copies`` meetings)."""
    base = load_dataset(bundled_dataset())
    meetings = [
        meeting.model_copy(update={"id": f"{meeting.id}-r{i}", "related": []})
        for i in range(copies)
        for meeting in base.meetings
    ]
    return Dataset.model_construct(version=1, sources=base.sources, meetings=meetings)


@pytest.fixture
def ten_thousand(monkeypatch: pytest.MonkeyPatch) -> int:
    dataset = _many_meetings(477)
    # Packed, as the store holds a dataset this large.
    loaded = LoadedDataset(dataset.sources, Meetings.packed(dataset.meetings), None)
    monkeypatch.setattr(cpec_tui.store.dataset, "load_dataset", lambda path, progress=None: loaded)
    return len(dataset.meetings)


async def test_refilling_the_list_draws_only_visible_rows(
    tui_env: TuiEnv, ten_thousand: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[int] = []
    original = MeetingList._row_segments

    def counting(self: MeetingList, row: int, styles: object) -> object:
        drawn.append(row)
        return original(self, row, styles)  # type: ignore[arg-type]

    monkeypatch.setattr(MeetingList, "_row_segments", counting)
    app = make_app(tui_env, Path("ignored.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        meetings = app.query_one(MeetingList)
        assert meetings.row_count == ten_thousand
        visible = meetings.scrollable_content_region.height
        for query in ["a", "ag", "agr", "", "g"]:
            drawn.clear()
            app.query_one(SearchBar).set_query(query)
            await pilot.pause()
            assert meetings.row_count > visible
            assert len(drawn) <= 2 * visible, query
        assert drawn  # "g" shows other meetings than "": their rows were drawn
        await pilot.press("G")  # the last of 10,000 rows, drawn without drawing the rest
        assert meetings.cursor == meetings.row_count - 1
        assert meetings.scroll_y > 0


async def test_keystroke_to_updated_list_and_detail_within_a_frame(
    tui_env: TuiEnv, ten_thousand: int
) -> None:
    app = make_app(tui_env, Path("ignored.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        search = app.query_one(SearchBar)
        search.focus_input()
        screen = app.screen
        costs: list[float] = []
        for query in QUERIES:
            search.set_query("")
            await pilot.pause()
            for end in range(1, len(query) + 1):
                text = query[:end]
                start = time.process_time()
                app._run_search(text)  # what each Input.Changed does
                screen._refresh_layout()  # and the repaint of what changed
                costs.append((time.process_time() - start) * 1000)
                search.set_query(text)
                await pilot.pause()
        median = statistics.median(costs)
        assert median <= FRAME_MS, f"median {median:.1f} ms over {len(costs)} keystrokes"
