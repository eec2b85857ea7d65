"""The theme and the last meeting viewed are remembered between runs; a bad file is ignored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cpec_tui.models import newest_first
from cpec_tui.paths import bundled_dataset
from cpec_tui.settings import Settings, load_settings, save_settings, settings_path
from cpec_tui.store.dataset import load_dataset
from tests.tui_fixtures import TuiEnv, loaded, make_app, tui_env

__all__ = ["tui_env"]

SIZE = (120, 40)


def test_settings_round_trip(tui_env: TuiEnv) -> None:
    assert settings_path().parent == tui_env.config
    assert load_settings() == Settings()
    assert save_settings(Settings(theme="nord", last_meeting="jcc-14"))
    assert load_settings() == Settings(theme="nord", last_meeting="jcc-14")
    assert json.loads(settings_path().read_text()) == {"theme": "nord", "last_meeting": "jcc-14"}


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b"[1, 2]", b'{"theme": 5, "last_meeting": ["x"]}', b"\xff\xfe", b"null"],
)
def test_a_corrupt_settings_file_is_ignored(tui_env: TuiEnv, content: bytes) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    assert load_settings() == Settings()


def test_an_unwritable_config_dir_is_not_an_error(
    tui_env: TuiEnv, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("CPEC_TUI_CONFIG", str(blocker / "config"))
    assert save_settings(Settings(theme="nord")) is False


async def test_theme_and_last_meeting_are_remembered_across_runs(tui_env: TuiEnv) -> None:
    ids = [m.id for m in newest_first(load_dataset(bundled_dataset()).meetings)]
    first = make_app(tui_env)
    async with first.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert first.current_meeting_id == ids[0]
        await pilot.press("j", "j", "j")
        first.theme = "nord"
        await pilot.pause()
        await pilot.press("q")
    assert load_settings() == Settings(theme="nord", last_meeting=ids[3])

    second = make_app(tui_env)
    async with second.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert second.theme == "nord"
        assert second.current_meeting_id == ids[3]
        assert second.query_one("MeetingList").cursor == 3  # type: ignore[attr-defined]


async def test_theme_switch_from_the_palette_is_remembered(tui_env: TuiEnv) -> None:
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p", *"theme")  # Textual's own "Theme" command
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        await pilot.press(*"gruvbox")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.theme == "gruvbox"
    assert load_settings().theme == "gruvbox"


async def test_a_forgotten_meeting_falls_back_to_the_newest(tui_env: TuiEnv) -> None:
    save_settings(Settings(theme="no-such-theme", last_meeting="gone-1"))
    ids = [m.id for m in newest_first(load_dataset(bundled_dataset()).meetings)]
    app = make_app(tui_env)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.current_meeting_id == ids[0]
        assert app.theme != "no-such-theme"
        assert app.is_running
