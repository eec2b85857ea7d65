"""Keystroke latency in the real app: ``python -m bench.keystroke_probe DATA NOTES OUT N``.

``python -m bench.keystroke_probe --floor OUT N`` measures ``N`` keystrokes the same way in
:class:`FloorApp`, a Textual app of the same shape with nothing behind it: the floor.

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
in ``SearchEngine.search``. Results JSON goes to ``OUT``. A fifth argument, a path, saves a
pyinstrument session of the typing (not of the loading) there; ``bench.profile`` uses it.
``--facets`` (anywhere) types with the facets pane shown, counted again on every keystroke.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

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
        self.encoding: list[float] = []  # seconds spent encoding each frame
        self.ticks: list[float] = []  # when each screen update (Textual's frame timer) began
        self.list_shows: list[tuple[float, object]] = []
        self.detail_shows: list[float] = []
        self.searches: list[tuple[float, float, str]] = []

    def first_frame(
        self, query: object, since: float
    ) -> tuple[float, float, float, float, float] | None:
        """(list refilled, detail shown, frame begun, painted, encoding) for ``query``."""
        listed = next((t for t, key in self.list_shows if t >= since and key == query), None)
        if listed is None:
            return None
        detailed = next((t for t in self.detail_shows if t >= listed), None)
        if detailed is None:
            return None
        frame = next((i for i, t in enumerate(self.frames) if t >= detailed), None)
        if frame is None:
            return None
        painted = self.frames[frame]
        begun = max((t for t in self.ticks if detailed <= t <= painted), default=detailed)
        return listed, detailed, begun, painted, self.encoding[frame]

    def search_ms(self, query: str, since: float) -> float | None:
        return next(
            (
                (end - start) * 1000
                for start, end, text in self.searches
                if start >= since and text == query
            ),
            None,
        )


def _instrument(app: CpecApp, recorder: _Recorder) -> None:
    meetings = app.query_one(MeetingList)
    detail = app.query_one(MeetingDetail)
    list_show = meetings.show
    detail_show = detail.show

    def timed_list_show(rows: Any, *, query_key: object, **options: Any) -> None:
        list_show(rows, query_key=query_key, **options)
        recorder.list_shows.append((time.perf_counter(), query_key))

    def timed_detail_show(view: Any, **options: Any) -> bool:
        shown = detail_show(view, **options)
        recorder.detail_shows.append(time.perf_counter())
        return shown

    meetings.show = timed_list_show  # type: ignore[method-assign]
    detail.show = timed_detail_show  # type: ignore[method-assign]
    _instrument_display(app, recorder)


def _instrument_ticks(recorder: _Recorder) -> None:
    """Note when each screen update begins (before any screen exists: its timer binds it)."""
    update = Screen._on_timer_update

    def timed_update(screen: Any) -> None:
        recorder.ticks.append(time.perf_counter())
        update(screen)

    patched: Any = Screen
    patched._on_timer_update = timed_update


def _instrument_display(app: App[Any], recorder: _Recorder) -> None:
    display = app._display

    def timed_display(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is None:
            return
        start = time.perf_counter()
        render = getattr(renderable, "render_segments", None)
        if render is not None:
            render(app.console)
        end = time.perf_counter()
        recorder.frames.append(end)
        recorder.encoding.append(end - start)

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


async def measure(
    data: Path, notes: Path, samples: int, profile: Path | None = None, *, facets: bool = False
) -> dict[str, Any]:
    """Type every case; with ``profile``, save a pyinstrument session of the typing there;
    with ``facets``, with the facets pane shown."""
    recorder = _Recorder()
    _instrument_engine(recorder)
    _instrument_ticks(recorder)
    app = CpecApp(data_path=data, notes_path=notes)
    out: dict[str, Any] = {"kinds": {}, "facets": facets}
    async with app.run_test(size=SIZE) as pilot:
        started = time.perf_counter()
        await _until(lambda: app.is_loaded, LOAD_TIMEOUT, "the dataset to load")
        out["load_seconds"] = time.perf_counter() - started
        await pilot.pause()
        _instrument(app, recorder)
        if facets:
            app.browser.action_toggle_facets()
        search = app.query_one(SearchBar)
        search.focus_input()
        await pilot.pause()
        engine = app.library.engine  # the meetings and sources the typed queries are drawn from
        assert engine is not None
        out["meetings"] = len(engine.meetings)
        cases = typed_queries(engine.meetings, list(engine.sources.values()), samples)
        profiler = _profiler() if profile is not None else None
        for kind in KINDS:
            rows: list[dict[str, Any]] = []
            for case in cases[kind][:samples]:
                if search.query_text != case.before:
                    since = time.perf_counter()
                    search.set_query(case.before)
                    await _until(
                        lambda b=case.before, s=since: recorder.first_frame(b, s),
                        STEP_TIMEOUT,
                        f"{case.before!r} to show",
                    )
                await asyncio.sleep(IDLE_SECONDS)
                start = time.perf_counter()
                await pilot.press(case.key)
                listed, detailed, begun, painted, encoding = await _until(
                    lambda a=case.after, s=start: recorder.first_frame(a, s),
                    STEP_TIMEOUT,
                    f"{case.after!r} to show",
                )
                rows.append(
                    _timing_row(
                        case.before,
                        case.after,
                        (start, listed, detailed, begun, painted, encoding),
                        search_ms=recorder.search_ms(case.after, start),
                        results=app.query_one(MeetingList).row_count,
                    )
                )
            out["kinds"][kind] = rows
        if profiler is not None and profile is not None:
            session = profiler.stop()
            session.save(str(profile))
    out["peak_rss_mb"] = peak_rss_mb()
    return out


class FloorApp(App[None]):
    """The floor: what any Textual app of this shape pays per keystroke.

    An input and a status line, a list pane and a detail pane side by side, a footer: on
    every ``Input.Changed`` both panes and the status get new text, as the browser's do,
    with no search and no data behind them.
    """

    CSS = """
    #status { height: 1; }
    #panes { height: 1fr; }
    #list { width: 2fr; height: 1fr; }
    #detail { width: 3fr; height: 1fr; }
    """

    def __init__(self, recorder: _Recorder) -> None:
        super().__init__()
        self.recorder = recorder

    def compose(self) -> ComposeResult:
        yield Input(id="query", compact=True)
        yield Static(id="status")
        with Horizontal(id="panes"):
            yield Static(id="list")
            yield Static(id="detail")
        yield Footer()

    def on_input_changed(self, event: Input.Changed) -> None:
        value = event.value
        self.query_one("#status", Static).update(Content(f"{len(value)} of 10,000 meetings"))
        rows = "\n".join(f"2024-01-{row % 28 + 1:02}  row {row}  {value}" for row in range(40))
        self.query_one("#list", Static).update(Content(rows))
        self.recorder.list_shows.append((time.perf_counter(), value))
        self.query_one("#detail", Static).update(Content(f"{value} " * 200))
        self.recorder.detail_shows.append(time.perf_counter())


FLOOR_WORDS = ("corridor", "energy", "gwadar", "railway", "agriculture", "industrial")


async def measure_floor(samples: int) -> dict[str, Any]:
    """The same keystroke measurement on :class:`FloorApp` (``samples`` keystrokes)."""
    recorder = _Recorder()
    _instrument_ticks(recorder)
    app = FloorApp(recorder)
    rows: list[dict[str, Any]] = []
    async with app.run_test(size=SIZE) as pilot:
        _instrument_display(app, recorder)
        field = app.query_one(Input)
        field.focus()
        await pilot.pause()
        for i in range(samples):
            first = FLOOR_WORDS[i % len(FLOOR_WORDS)]
            second = FLOOR_WORDS[(i // len(FLOOR_WORDS) + 1) % len(FLOOR_WORDS)]
            after = f"{first} {second}{'abcdefghijklmnopqrstuvwxyz'[i % 26]}"
            before = after[:-1]
            since = time.perf_counter()
            field.value = before
            field.cursor_position = len(before)
            await _until(
                lambda b=before, s=since: recorder.first_frame(b, s), STEP_TIMEOUT, "the floor"
            )
            await asyncio.sleep(IDLE_SECONDS)
            start = time.perf_counter()
            await pilot.press(after[-1])
            listed, detailed, begun, painted, encoding = await _until(
                lambda a=after, s=start: recorder.first_frame(a, s), STEP_TIMEOUT, "the floor"
            )
            rows.append(
                _timing_row(
                    before,
                    after,
                    (start, listed, detailed, begun, painted, encoding),
                    search_ms=None,
                    results=40,
                )
            )
    return {"meetings": 0, "kinds": {"floor": rows}, "peak_rss_mb": peak_rss_mb()}


def _timing_row(
    before: str,
    after: str,
    marks: tuple[float, float, float, float, float, float],
    *,
    search_ms: float | None,
    results: int,
) -> dict[str, Any]:
    """One keystroke's phases in ms, from its (start, listed, detailed, begun, painted,
    encoding) marks; the same shape for the app and the floor so the tables compare."""
    start, listed, detailed, begun, painted, encoding = marks
    return {
        "before": before,
        "after": after,
        "total_ms": (painted - start) * 1000,
        "to_list_ms": (listed - start) * 1000,
        "list_to_detail_ms": (detailed - listed) * 1000,
        "to_frame_ms": (painted - detailed) * 1000,
        "frame_wait_ms": (begun - detailed) * 1000,
        "frame_render_ms": (painted - begun) * 1000,
        "encode_ms": encoding * 1000,
        "search_ms": search_ms,
        "results": results,
    }


def _profiler() -> Any:
    from pyinstrument import Profiler  # a dev dependency, only needed to profile

    # Not async-aware: time the probe spends waiting shows as the event loop's idle select,
    # not as the probe's own awaits.
    profiler = Profiler(interval=0.0005, async_mode="disabled")
    profiler.start()
    return profiler


def main(argv: list[str]) -> int:
    if argv[0] == "--floor":
        floor = asyncio.run(measure_floor(int(argv[2])))
        Path(argv[1]).write_text(json.dumps(floor), encoding="utf-8")
        return 0
    facets = "--facets" in argv
    argv = [arg for arg in argv if arg != "--facets"]
    data, notes, out, samples = Path(argv[0]), Path(argv[1]), Path(argv[2]), int(argv[3])
    profile = Path(argv[4]) if len(argv) > 4 else None
    result = asyncio.run(measure(data, notes, samples, profile, facets=facets))
    out.write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
