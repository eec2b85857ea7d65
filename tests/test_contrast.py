"""Citation keys and sector/theme chips are readable: WCAG AA (4.5:1) in every theme offered.

Measured on the colours the detail pane renders, as a terminal would show them (a ``dim``
style is blended toward the background the way Textual's filter does).
"""

from __future__ import annotations

import pytest
from rich.color import Color as RichColor
from rich.segment import Segment
from textual.constants import DIM_FACTOR

from cpec_tui.app import CpecApp
from cpec_tui.paths import bundled_dataset
from cpec_tui.vocabulary import SECTORS, THEMES
from cpec_tui.widgets.meeting_detail import MeetingDetail
from tests.tui_fixtures import TuiEnv, loaded, tui_env

pytestmark = pytest.mark.slow  # long end-to-end runs: see tests/conftest.py

__all__ = ["tui_env"]

AA = 4.5
CHIPS = set(SECTORS.values()) | set(THEMES.values())
# Every theme the app offers but those that leave the colours to the terminal's palette.
OFFERED = sorted(
    name
    for name in CpecApp(bundled_dataset(), bundled_dataset()).available_themes
    if not name.startswith("ansi-")
)


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def _luminance(rgb: tuple[int, int, int]) -> float:
    red, green, blue = (_linear(c) for c in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(foreground: tuple[int, int, int], background: tuple[int, int, int]) -> float:
    """The WCAG contrast ratio of two colours."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _rgb(color: RichColor | None) -> tuple[int, int, int]:
    assert color is not None and color.triplet is not None
    return color.triplet.red, color.triplet.green, color.triplet.blue


def _shown(segment: Segment) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """The segment's foreground and background as the screen shows them."""
    style = segment.style
    assert style is not None
    background = _rgb(style.bgcolor)
    foreground = _rgb(style.color)
    if style.dim:
        foreground = tuple(  # type: ignore[assignment]
            round(b + (f - b) * DIM_FACTOR) for f, b in zip(foreground, background, strict=True)
        )
    return foreground, background


def test_the_ratio_is_wcags() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast((119, 119, 119), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("theme", OFFERED)
async def test_citations_and_chips_meet_wcag_aa(tui_env: TuiEnv, theme: str) -> None:
    app = CpecApp(data_path=bundled_dataset(), notes_path=tui_env.notes)
    async with app.run_test(size=(120, 60)) as pilot:
        app.theme = theme
        await loaded(pilot)
        await pilot.pause()
        detail = app.query_one(MeetingDetail)
        cites: list[float] = []
        chips: list[float] = []
        for y in range(detail.size.height):
            for segment in detail.render_line(y):
                text = segment.text.strip()
                if text.startswith("[") and text.endswith("]") and any(c.isdigit() for c in text):
                    cites.append(contrast(*_shown(segment)))
                elif text in CHIPS:
                    chips.append(contrast(*_shown(segment)))
        assert cites and chips, "the meeting shows citation keys and chips"
        assert min(cites) >= AA, f"citation keys: {min(cites):.2f}:1"
        assert min(chips) >= AA, f"chips: {min(chips):.2f}:1"
