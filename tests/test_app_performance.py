"""The list is virtual: with 10,000 meetings a new result draws only the visible rows.

How fast a keystroke is answered is measured by the benchmark (bench/), never here."""

from __future__ import annotations

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
    monkeypatch.setattr(
        cpec_tui.store.dataset, "load_dataset", lambda path, progress=None, **options: loaded
    )
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
