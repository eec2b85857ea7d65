"""The people view, driven by keyboard through Pilot; the library keeps what it built."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from cpec_tui.app import CpecApp
from cpec_tui.library import Library
from cpec_tui.paths import bundled_dataset
from cpec_tui.screens.people import PeopleScreen
from tests.tui_fixtures import TuiEnv, loaded, make_app, screen_text, tui_env

__all__ = ["tui_env"]


async def opened(pilot: Pilot[Any]) -> PeopleScreen:
    """Press w and wait until the worker has read every meeting."""
    await pilot.press("w")
    screen = pilot.app.screen
    assert isinstance(screen, PeopleScreen)
    for _ in range(500):
        await pilot.pause(0.02)
        if screen.person is not None:
            break
    await pilot.pause()
    return screen


def test_the_library_builds_the_people_once_and_reports_its_reading(tmp_path: Path) -> None:
    library = Library(bundled_dataset(), tmp_path / "notes.toml")
    reports: list[tuple[int, int]] = []
    people = library.people(lambda read, total: reports.append((read, total)))
    total = len(library.meetings)
    assert reports and reports[-1] == (total, total)
    assert library.people() is people  # kept: the view reopens at once
    assert any(entry.name == "Ahsan Iqbal" for entry in people.entries)


def test_a_progress_that_raises_abandons_the_reading_and_keeps_nothing(tmp_path: Path) -> None:
    library = Library(bundled_dataset(), tmp_path / "notes.toml")

    def stop(read: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        library.people(stop)
    assert library.people().entries  # built again, from the start


async def test_search_a_person_and_open_one_of_their_meetings(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        screen = await opened(pilot)
        assert "people" in screen_text(app)
        await pilot.press(*"ahsan iq")
        await pilot.pause()
        person = screen.person
        assert person is not None and person.name == "Ahsan Iqbal"
        text = screen_text(app)
        assert "Ahsan Iqbal · Pakistan" in text
        assert re.search(r"\d+ of \d+ people", text) and "co-chair" in text
        newest = person.meetings[0]
        assert [a.date for a in person.meetings] == sorted(
            (a.date for a in person.meetings), reverse=True
        )
        await pilot.press("enter", "tab")  # to the people, then to their meetings
        meetings = screen.query_one("#person-meetings", OptionList)
        assert app.focused is meetings
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app, CpecApp) and app.screen is app.browser
        assert app.current_meeting_id == newest.id


async def test_moving_through_the_people_shows_each_one(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        screen = await opened(pilot)
        await pilot.press("tab")
        first = screen.person
        await pilot.press("down")
        assert screen.person is not None and screen.person != first
        await pilot.press("escape")
        assert app.screen is app.browser
        await pilot.press("w")  # built already: the list is there at once
        await pilot.pause()
        reopened = app.screen
        assert isinstance(reopened, PeopleScreen) and reopened.person is not None
        await pilot.press(*"nobody-by-this-name")
        await pilot.pause()
        assert reopened.person is None and "Nobody matches." in screen_text(app)
