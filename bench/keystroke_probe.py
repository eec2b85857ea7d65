"""Keystroke latency in the real app: ``python -m bench.keystroke_probe DATA NOTES OUT SAMPLES``.

The browser runs headless (Textual's ``run_test``, 120x40) on ``DATA``. For every case of
:func:`bench.queries.typed_queries`:

1. the search box is set to the case's ``before`` text and the probe waits until the app
   has shown that query's result and painted it, then 50 ms more, so the screen is idle, as
   it is between two keystrokes of a person typing;
2. the clock starts, ``pilot.press(key)`` sends the key event through the driver, as a
   terminal would;
3. the clock stops at the first frame the screen hands to the driver after the list was
   refilled for the new query and then the detail pane was given its meeting, i.e. the
   first frame showing both. A headless app drops frames in ``App._display``; the probe
   wraps it and encodes the frame as escape sequences, as a terminal driver would, before
   it stops the clock.

It writes, per kind, the latencies and their parts: key to list refilled (input handling,
messages, the search itself), list to detail, detail to painted frame, and the time spent
in ``SearchEngine.search``. Results JSON goes to ``OUT``.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

from bench.queries import KINDS, typed_queries
from bench.startup_probe import peak_rss_mb
from cpec_tui.app import CpecApp
from cpec_tui.search.engine import SearchEngine
from cpec_tui.widgets.meeting_detail import MeetingDetail
from cpec_tui.widgets.meeting_list import MeetingList
from cpec_tui.widgets.search_bar import SearchBar

SIZE = (120, 40)
IDLE_SECONDS = 0.05
LOAD_TIMEOUT = 1800.0
STEP_TIMEOUT = 60.0


class _Recorder:
    """Timestamps of what the app did, from wrappers around its widgets and screen."""

    def __init__(self) -> None:
        self.frames: list[float] = []
        self.list_shows: list[tuple[float, object]] = []
        self.detail_shows: list[float] = []
        self.searches: list[tuple[float, float, str]] = []

    def first_frame(self, query: object, since: float) -> tuple[float, float, float] | None:
        """(list refilled, detail shown, frame painted) for ``query`` after ``since``."""
        listed = next((t for t, key in self.list_shows if t >= since and key == query), None)
        if listed is None:
            return None
        detailed = next((t for t in self.detail_shows if t >= listed), None)
        if detailed is None:
            return None
        painted = next((t for t in self.frames if t >= detailed), None)
        if painted is None:
            return None
        return listed, detailed, painted

    def search_ms(self, query: str, since: float) -> float | None:
        return next(
            ((end - start) * 1000 for start, end, text in self.searches
             if start >= since and text == query),
            None,
        )


def _instrument(app: CpecApp, recorder: _Recorder) -> None:
    meetings = app.query_one(MeetingList)
    detail = app.query_one(MeetingDetail)
    list_show = meetings.show
    detail_show = detail.show
    display = app._display

    def timed_list_show(rows: Any, *, query_key: object, **options: Any) -> None:
        list_show(rows, query_key=query_key, **options)
        recorder.list_shows.append((time.perf_counter(), query_key))

    def timed_detail_show(view: Any, **options: Any) -> bool:
        shown = detail_show(view, **options)
        recorder.detail_shows.append(time.perf_counter())
        return shown

    def timed_display(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is None:
            return
        render = getattr(renderable, "render_segments", None)
        if render is not None:
            render(app.console)
        recorder.frames.append(time.perf_counter())

    meetings.show = timed_list_show  # type: ignore[method-assign]
    detail.show = timed_detail_show  # type: ignore[method-assign]
    app._display = timed_display  # type: ignore[method-assign]


def _instrument_engine(recorder: _Recorder) -> None:
    search = SearchEngine.search

    def timed_search(self: SearchEngine, text: str) -> Any:
        start = time.perf_counter()
        result = search(self, text)
        recorder.searches.append((start, time.perf_counter(), text))
        return result

    SearchEngine.search = timed_search  # type: ignore[method-assign]


async def _until(condition: Any, timeout: float, what: str) -> Any:
    deadline = time.perf_counter() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.perf_counter() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.001)


async def measure(data: Path, notes: Path, samples: int) -> dict[str, Any]:
    app = CpecApp(data_path=data, notes_path=notes)
    recorder = _Recorder()
    _instrument_engine(recorder)
    out: dict[str, Any] = {"kinds": {}}
    async with app.run_test(size=SIZE) as pilot:
        started = time.perf_counter()
        await _until(lambda: app.is_loaded, LOAD_TIMEOUT, "the dataset to load")
        out["load_seconds"] = time.perf_counter() - started
        await pilot.pause()
        _instrument(app, recorder)
        search = app.query_one(SearchBar)
        search.focus_input()
        await pilot.pause()
        meetings = app.palette_meetings()
        out["meetings"] = len(meetings)
        engine = getattr(app, "_engine", None)  # only for outlet names in field filters
        sources = list(getattr(engine, "sources", {}).values())
        cases = typed_queries(meetings, sources, samples)
        for kind in KINDS:
            rows: list[dict[str, Any]] = []
            for case in cases[kind][:samples]:
                if search.query_text != case.before:
                    since = time.perf_counter()
                    search.set_query(case.before)
                    await _until(
                        lambda b=case.before, s=since: recorder.first_frame(b, s),  # type: ignore[misc]
                        STEP_TIMEOUT,
                        f"{case.before!r} to show",
                    )
                await asyncio.sleep(IDLE_SECONDS)
                start = time.perf_counter()
                await pilot.press(case.key)
                listed, detailed, painted = await _until(
                    lambda a=case.after, s=start: recorder.first_frame(a, s),  # type: ignore[misc]
                    STEP_TIMEOUT,
                    f"{case.after!r} to show",
                )
                rows.append(
                    {
                        "before": case.before,
                        "after": case.after,
                        "total_ms": (painted - start) * 1000,
                        "to_list_ms": (listed - start) * 1000,
                        "list_to_detail_ms": (detailed - listed) * 1000,
                        "to_frame_ms": (painted - detailed) * 1000,
                        "search_ms": recorder.search_ms(case.after, start),
                        "results": app.query_one(MeetingList).row_count,
                    }
                )
            out["kinds"][kind] = rows
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def main(argv: list[str]) -> int:
    data, notes, out, samples = Path(argv[0]), Path(argv[1]), Path(argv[2]), int(argv[3])
    result = asyncio.run(measure(data, notes, samples))
    out.write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
