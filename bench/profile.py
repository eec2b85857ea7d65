"""Profile the slow paths with pyinstrument: ``python -m bench.profile {startup,load,keys} DATA``.

* ``startup DATA``: one start-up of the browser as ``bench.startup_probe`` measures it
  (imports, first frame, the UI side of loading, the usable frame), main thread only.
* ``load DATA [--cold]``: what the app's loading thread does before the list can fill,
  run on the main thread so pyinstrument sees it: ``Library.load`` (dataset, index and notes,
  from the caches filled by an unprofiled first load unless ``--cold``).
* ``keys DATA [--samples N]``: the typing of ``bench.keystroke_probe`` after loading, the
  event loop included (input handling, messages, search, list and detail, compositor).

``--flat`` prints self time per function instead of the call tree; ``--threshold F`` hides
calls under that fraction of the total (default 0.01); ``--show-all`` keeps library frames
(Textual, Rich, pydantic) in the tree. The profile goes to stdout; user
files are kept in a temporary directory. pyinstrument is a dev dependency
(``pip install -e '.[dev]'``). Profiling slows the code down 1.5 to 3 times.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def _isolate(tmp: Path) -> None:
    os.environ["CPEC_TUI_NOTES"] = str(tmp / "notes.toml")
    os.environ["CPEC_TUI_CACHE"] = str(tmp / "cache")
    os.environ["CPEC_TUI_CONFIG"] = str(tmp / "config")
    os.environ.pop("CPEC_TUI_DATA", None)


def _profiler() -> Any:
    from pyinstrument import Profiler

    return Profiler(interval=0.0005, async_mode="disabled")


def profile_startup(data: Path, tmp: Path) -> Any:
    from bench import startup_probe

    profiler = _profiler()
    profiler.start()
    os.environ["CPEC_BENCH_LAUNCHED"] = repr(time.time())
    startup_probe.main(["cpec", str(tmp / "startup.json"), str(data), str(tmp / "notes.toml")])
    return profiler.stop()


def profile_load(data: Path, cold: bool) -> Any:
    def load() -> object:
        from cpec_tui.library import Library

        library = Library(data, data.with_name("profile-notes.toml"))
        library.load()
        return library

    if not cold:
        load()  # fills the caches
    profiler = _profiler()
    profiler.start()
    load()
    return profiler.stop()


def profile_keys(data: Path, samples: int, tmp: Path) -> Any:
    from pyinstrument.session import Session

    from bench.keystroke_probe import measure

    saved = tmp / "keys.pyisession"
    asyncio.run(measure(data, tmp / "notes.toml", samples, saved))
    return Session.load(str(saved))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.profile",
        description=(__doc__ or "").split("\n")[0],
    )
    parser.add_argument("what", choices=["startup", "load", "keys"])
    parser.add_argument("data", type=Path, help="a meetings TOML file")
    parser.add_argument("--cold", action="store_true", help="load: no dataset or index cache")
    parser.add_argument("--samples", type=int, default=10, help="keys: cases per query kind")
    parser.add_argument("--flat", action="store_true", help="self time per function")
    parser.add_argument("--threshold", type=float, default=0.01, help="hide calls below this")
    parser.add_argument("--show-all", action="store_true", help="library frames too")
    args = parser.parse_args(argv)
    from pyinstrument.renderers import ConsoleRenderer

    with tempfile.TemporaryDirectory(prefix="cpec-profile-") as name:
        tmp = Path(name)
        _isolate(tmp)
        if args.what == "startup":
            session = profile_startup(args.data, tmp)
        elif args.what == "load":
            session = profile_load(args.data, args.cold)
        else:
            session = profile_keys(args.data, args.samples, tmp)
    renderer = ConsoleRenderer(
        unicode=True,
        color=False,
        flat=args.flat,
        show_all=args.show_all,
        processor_options={"filter_threshold": args.threshold},
    )
    sys.stdout.write(renderer.render(session))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
