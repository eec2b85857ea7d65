"""One startup sample, in a fresh process: ``python -m bench.startup_probe KIND OUT [DATA NOTES]``.

``KIND`` is ``empty`` (a bare Textual app with a header and a footer: the floor) or ``cpec``
(the browser on ``DATA`` with notes in ``NOTES``). The parent puts its ``time.time()`` just
before it started this process in ``CPEC_BENCH_LAUNCHED``; every time written to ``OUT``
(JSON) is seconds since then, so interpreter start-up and imports are included.

The app runs headless at 120x40. Screens call ``App._display`` with each frame the
compositor has rendered; a headless app drops the frame there, so this probe wraps it and,
to charge what a terminal would cost, also encodes the frame as escape sequences.

* ``first_paint``: the first frame displayed.
* ``usable`` (``cpec`` only): the first frame displayed once the dataset is indexed, the
  loading indicators are gone, the list holds every meeting with the cursor on the newest
  and the detail pane shows that meeting.

The probe exits at ``usable`` (or the first paint for ``empty``). It keeps its own imports
to the standard library before the app's, so the floor is not inflated by argument parsing.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Any

TIMEOUT_SECONDS = 1800.0
SIZE = (120, 40)


def _since_launch(launched: float) -> float:
    return time.time() - launched


def _encode(app: Any, renderable: object) -> None:
    """What a real driver would do with the frame, short of writing it to the terminal."""
    render = getattr(renderable, "render_segments", None)
    if render is not None:
        render(app.console)


class _OnImport:
    """Calls back with a module just after its first import, to time phases.

    The probe must not import the app's modules itself (that would move their cost), so it
    patches them only when the app imports them, in whichever thread.
    """

    def __init__(self, callbacks: dict[str, Callable[[Any], None]]) -> None:
        self.callbacks = callbacks

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        callback = self.callbacks.pop(name, None)
        if callback is None:
            return None
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            if finder is self or find is None:
                continue
            spec = find(name, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        exec_module = loader.exec_module

        def patched(module: Any) -> None:
            exec_module(module)
            callback(module)

        loader.exec_module = patched
        return spec


def _on_import(callbacks: dict[str, Callable[[Any], None]]) -> None:
    for name in list(callbacks):
        if name in sys.modules:  # (not expected: nothing of the app is imported yet)
            callbacks.pop(name)(sys.modules[name])
    sys.meta_path.insert(0, _OnImport(callbacks))


def _run_empty(launched: float, marks: dict[str, float]) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header

    marks["imported"] = _since_launch(launched)

    class EmptyApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Footer()

    app = EmptyApp()
    original = app._display

    def display(screen: Any, renderable: Any) -> None:
        original(screen, renderable)
        if renderable is None or "first_paint" in marks:
            return
        _encode(app, renderable)
        marks["first_paint"] = marks["usable"] = _since_launch(launched)
        app.exit()

    app._display = display  # type: ignore[method-assign]
    app.run(headless=True, size=SIZE)


def _run_cpec(launched: float, marks: dict[str, float], data: str, notes: str) -> dict[str, Any]:
    from pathlib import Path

    info: dict[str, Any] = {}

    def timed_load(load: Any) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            result = load(*args, **kwargs)
            marks.setdefault("dataset_loaded", _since_launch(launched))
            info.setdefault("meetings", len(result.meetings))
            return result

        return timed

    def patch_dataset(module: Any) -> None:
        module.load_dataset = timed_load(module.load_dataset)

    def patch_engine(module: Any) -> None:
        engine_class = getattr(module, "SearchEngine", None)
        if engine_class is None:
            return
        init = engine_class.__init__

        def timed_init(self: Any, *args: Any, **kwargs: Any) -> None:
            init(self, *args, **kwargs)
            marks.setdefault("index_built", _since_launch(launched))

        engine_class.__init__ = timed_init

    _on_import({"cpec_tui.store.dataset": patch_dataset, "cpec_tui.search.engine": patch_engine})

    import cpec_tui.cli  # noqa: F401  (what `cpec-tui` imports before it starts the browser)
    from cpec_tui.app import CpecApp
    from cpec_tui.widgets.meeting_detail import MeetingDetail
    from cpec_tui.widgets.meeting_list import MeetingList

    marks["imported"] = _since_launch(launched)
    app = CpecApp(data_path=Path(data), notes_path=Path(notes))
    # The hand-over to the UI thread: the browser screen is told the library is loaded.
    from cpec_tui.screens.browser import BrowserScreen

    loaded = BrowserScreen.library_loaded

    def timed_loaded(self: Any, *args: Any, **kwargs: Any) -> None:
        marks.setdefault("handed_to_ui", _since_launch(launched))
        loaded(self, *args, **kwargs)
        marks.setdefault("list_filled", _since_launch(launched))

    BrowserScreen.library_loaded = timed_loaded  # type: ignore[method-assign]

    def usable() -> bool:
        if not app.is_loaded:
            return False
        meetings = app.query_one(MeetingList)
        detail = app.query_one(MeetingDetail)
        newest = app.palette_meetings()
        highlighted = meetings.highlighted_meeting
        return (
            not meetings.loading
            and not detail.loading
            and bool(newest)
            and meetings.row_count == len(newest)
            and meetings.cursor == 0
            and highlighted is not None
            and highlighted.id == newest[0].id
            and app.current_meeting_id == newest[0].id
            and detail.line_count > 0
        )

    original = app._display

    def display(screen: Any, renderable: Any) -> None:
        original(screen, renderable)
        if renderable is None:
            return
        if "first_paint" not in marks:
            _encode(app, renderable)
            marks["first_paint"] = _since_launch(launched)
        if "usable" not in marks and usable():
            _encode(app, renderable)
            marks["usable"] = _since_launch(launched)
            app.exit()

    app._display = display  # type: ignore[method-assign]
    app.run(headless=True, size=SIZE)
    info["return_code"] = app.return_code
    return info


def _watchdog() -> None:
    """End a probe that never gets there (the parent then reports the sample as failed)."""
    import threading

    timer = threading.Timer(TIMEOUT_SECONDS, os._exit, args=(3,))
    timer.daemon = True
    timer.start()


def peak_rss_mb() -> float | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main(argv: list[str]) -> int:
    launched = float(os.environ["CPEC_BENCH_LAUNCHED"])
    kind, out = argv[0], argv[1]
    marks: dict[str, float] = {}
    info: dict[str, Any] = {}
    _watchdog()
    if kind == "empty":
        _run_empty(launched, marks)
    elif kind == "cpec":
        info = _run_cpec(launched, marks, argv[2], argv[3])
    else:
        raise SystemExit(f"unknown kind {kind!r}")
    import json

    record = {"kind": kind, "marks": marks, "peak_rss_mb": peak_rss_mb(), **info}
    with open(out, "w", encoding="utf-8") as file:
        json.dump(record, file)
    return 0 if "usable" in marks else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
