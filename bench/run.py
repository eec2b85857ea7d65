"""Measure cpec-tui against its performance goals: ``python -m bench.run [--sizes 1000,10000]``.

One run measures, side by side: start-up (first paint and usable screen, cold and warm
dataset cache) next to an empty Textual app, keystroke-to-screen latency in the real app,
the search engine alone, saving a note next to 1,000 others, the CLI, and peak memory. It
prints Markdown tables (goals first) and writes ``bench/results.json`` (``--out``).

Synthetic datasets (``bench.generate``, seed 0) are generated once into ``--data-dir``
(default ``$CPEC_BENCH_DATA``, else the user cache directory, ``~/.cache/cpec-tui-bench``
on Linux) and reused. Every process the benchmark runs gets its own temporary notes, cache
and config locations (``CPEC_TUI_NOTES``/``CPEC_TUI_CACHE``/``CPEC_TUI_CONFIG``), so the
user's files are never read or written. See ``docs/benchmarks.md`` for the method.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
import tomli_w

from bench.generate import generate_notes
from bench.queries import KINDS
from cpec_tui.models import newest_first
from cpec_tui.paths import bundled_dataset
from cpec_tui.store.dataset import load_dataset
from cpec_tui.store.notes import NotesStore, dump_notes, parse_notes

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO / "bench" / "generate.py"
DEFAULT_OUT = REPO / "bench" / "results.json"
DEFAULT_SIZES = (1000, 10_000)
SEED = 0
BUNDLED = "bundled"
FLOOR = "floor"  # the keystroke floor: a Textual app of the same shape with nothing behind it
BIG = 50_000  # from this size on, fewer start-up samples (a cold start takes minutes)
EXISTING_NOTES = 1000
CHILD_TIMEOUT = 3600.0
SCHEMA = 1

KIND_TITLES = {
    "word": "word",
    "prefix": "prefix",
    "two_words": "two words",
    "field": "field filter",
    "typo": "typo",
    "clear": "clear",
}


@dataclass(frozen=True)
class Plan:
    """How many samples of each measurement."""

    floor: int  # empty app and bundled start-ups, interleaved
    warm: int
    cold: int
    big_warm: int
    big_cold: int
    keystrokes: int  # per kind
    queries: int  # per kind
    saves: int
    cli: int


FULL = Plan(
    floor=7, warm=5, cold=3, big_warm=3, big_cold=1, keystrokes=20, queries=40, saves=100, cli=7
)
QUICK = Plan(
    floor=2, warm=2, cold=1, big_warm=1, big_cold=1, keystrokes=3, queries=5, saves=10, cli=2
)


# -- statistics --------------------------------------------------------------------------------


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (no interpolation: a p95 is a value that was measured)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def summary(values: Sequence[float], digits: int = 4) -> dict[str, Any]:
    """n, median, p95, min and max of ``values``, rounded."""
    if not values:
        return {"n": 0, "median": None, "p95": None, "min": None, "max": None}
    return {
        "n": len(values),
        "median": round(statistics.median(values), digits),
        "p95": round(percentile(values, 0.95), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
    }


# -- the run -----------------------------------------------------------------------------------


def default_data_dir() -> Path:
    chosen = os.environ.get("CPEC_BENCH_DATA")
    return Path(chosen).expanduser() if chosen else platformdirs.user_cache_path("cpec-tui-bench")


class Bench:
    """One benchmark run: isolated user files, child processes, progress on stderr."""

    def __init__(self, plan: Plan, tmp: Path, data_dir: Path) -> None:
        self.plan = plan
        self.tmp = tmp
        self.data_dir = data_dir
        self.started = time.perf_counter()
        self.notes = tmp / "notes.toml"  # never written: the app starts with no notes
        self._count = 0
        self.warm_caches: dict[str, Path] = {BUNDLED: tmp / "cache"}
        env = dict(os.environ)
        env.pop("CPEC_TUI_DATA", None)
        # Children run with compiled bytecode, as an installed package has; kept out of the
        # source tree.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.setdefault("PYTHONPYCACHEPREFIX", str(data_dir / "pycache"))
        env["PYTHONPATH"] = os.pathsep.join(
            [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]
        )
        env.update(
            CPEC_TUI_NOTES=str(self.notes),
            CPEC_TUI_CACHE=str(tmp / "cache"),
            CPEC_TUI_CONFIG=str(tmp / "config"),
        )
        self.env = env
        # This process too (the note-saving benchmark runs here).
        for name in ("CPEC_TUI_NOTES", "CPEC_TUI_CACHE", "CPEC_TUI_CONFIG"):
            os.environ[name] = env[name]

    def log(self, message: str) -> None:
        elapsed = time.perf_counter() - self.started
        print(f"[bench {elapsed:7.1f}s] {message}", file=sys.stderr, flush=True)

    def fresh(self, name: str) -> Path:
        self._count += 1
        path = self.tmp / f"{name}-{self._count}"
        path.mkdir(parents=True)
        return path

    def python(
        self, args: Sequence[str], *, env: dict[str, str] | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [sys.executable, *args],
            cwd=REPO,
            env=env or self.env,
            capture_output=True,
            text=True,
            timeout=CHILD_TIMEOUT,
            check=False,
        )
        if check and proc.returncode != 0:
            raise RuntimeError(
                f"{' '.join(args)} exited with {proc.returncode}:\n{proc.stderr[-4000:]}"
            )
        return proc

    # -- datasets ------------------------------------------------------------------------

    def dataset(self, size: int) -> Path:
        """The synthetic dataset of ``size`` meetings (seed 0), generated if missing.

        Named after the generator's source too: a dataset made by an older generator (for an
        older data model) is never measured in its place.
        """
        self.data_dir.mkdir(parents=True, exist_ok=True)
        made_by = hashlib.blake2b(GENERATOR.read_bytes(), digest_size=4).hexdigest()
        path = self.data_dir / f"meetings-{size}-seed{SEED}-{made_by}.toml"
        if not path.exists():
            self.log(f"generating {size:,} meetings into {path}")
            partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
            self.python(
                [
                    "-m",
                    "bench.generate",
                    "--meetings",
                    str(size),
                    "--seed",
                    str(SEED),
                    "--out",
                    str(partial),
                ]
            )
            partial.replace(path)
        return path

    # -- start-up ------------------------------------------------------------------------

    def startup_sample(self, kind: str, data: Path | None = None, cache: Path | None = None) -> Any:
        out = self.tmp / f"startup-{self._count}.json"
        self._count += 1
        env = dict(self.env)
        env["CPEC_TUI_CONFIG"] = str(self.fresh("config"))  # nothing remembered: newest first
        if cache is not None:
            env["CPEC_TUI_CACHE"] = str(cache)
        args = ["-m", "bench.startup_probe", kind, str(out)]
        if data is not None:
            args += [str(data), str(self.notes)]
        env["CPEC_BENCH_LAUNCHED"] = repr(time.time())
        self.python(args, env=env)
        return json.loads(out.read_text(encoding="utf-8"))

    def startup(self, datasets: dict[str, Path]) -> dict[str, Any]:
        plan = self.plan
        self.log("start-up: warming up (bytecode, OS file cache)")
        self.startup_sample("empty")
        self.startup_sample("cpec", datasets[BUNDLED])
        floor: list[Any] = []
        bundled: list[Any] = []
        self.log(f"start-up: empty Textual app and bundled dataset, {plan.floor} each")
        for _ in range(plan.floor):
            floor.append(self.startup_sample("empty"))
            bundled.append(self.startup_sample("cpec", datasets[BUNDLED]))
        result: dict[str, Any] = {
            "floor": _startup_summary(floor),
            BUNDLED: _startup_summary(bundled),
            "sizes": {},
        }
        floor_paint = result["floor"]["first_paint"]["median"]
        for key in ("first_paint", "usable"):
            result[BUNDLED][f"ratio_{key}"] = round(result[BUNDLED][key]["median"] / floor_paint, 3)
        for label, path in datasets.items():
            if label == BUNDLED:
                continue
            big = int(label) >= BIG
            cold_n, warm_n = (plan.big_cold, plan.big_warm) if big else (plan.cold, plan.warm)
            cold: list[Any] = []
            cache = self.tmp
            for i in range(cold_n):
                self.log(f"start-up: {int(label):,} meetings, cold cache ({i + 1}/{cold_n})")
                cache = self.fresh(f"cache-{label}")
                cold.append(self.startup_sample("cpec", path, cache))
            self.warm_caches[label] = cache  # the last cold start filled it
            warm: list[Any] = []
            for i in range(warm_n):
                self.log(f"start-up: {int(label):,} meetings, warm cache ({i + 1}/{warm_n})")
                warm.append(self.startup_sample("cpec", path, cache))
            result["sizes"][label] = {
                "cold": _startup_summary(cold),
                "warm": _startup_summary(warm),
            }
        return result

    # -- keystrokes and engine -----------------------------------------------------------

    def keystrokes(self, datasets: dict[str, Path]) -> dict[str, Any]:
        floor_n = self.plan.keystrokes * len(KINDS)
        self.log(f"keystrokes: Textual floor app, {floor_n} keystrokes")
        out = self.tmp / "keys-floor.json"
        self.python(["-m", "bench.keystroke_probe", "--floor", str(out), str(floor_n)])
        result: dict[str, Any] = {FLOOR: _keystroke_summary(json.loads(out.read_text("utf-8")))}
        for label, path in datasets.items():
            self.log(f"keystrokes: {_label(label)}, {self.plan.keystrokes} per kind")
            out = self.tmp / f"keys-{label}.json"
            env = dict(self.env)
            env["CPEC_TUI_CACHE"] = str(self.warm_caches[label])
            env["CPEC_TUI_CONFIG"] = str(self.fresh("config"))
            self.python(
                [
                    "-m",
                    "bench.keystroke_probe",
                    str(path),
                    str(self.notes),
                    str(out),
                    str(self.plan.keystrokes),
                ],
                env=env,
            )
            result[label] = _keystroke_summary(json.loads(out.read_text(encoding="utf-8")))
        return result

    def engine(self, datasets: dict[str, Path]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for label, path in datasets.items():
            self.log(f"search engine: {_label(label)}, {self.plan.queries} queries per kind")
            out = self.tmp / f"engine-{label}.json"
            env = dict(self.env)
            env["CPEC_TUI_CACHE"] = str(self.warm_caches[label])
            self.python(
                ["-m", "bench.engine_probe", str(path), str(out), str(self.plan.queries)],
                env=env,
            )
            result[label] = _engine_summary(json.loads(out.read_text(encoding="utf-8")))
        return result

    # -- notes ---------------------------------------------------------------------------

    def notes_save(self, meeting_ids: list[str]) -> dict[str, Any]:
        """``NotesStore.add`` next to 1,000 notes: one store as the app, a new one as the CLI."""
        self.log(f"note save: {self.plan.saves} saves next to {EXISTING_NOTES:,} notes")
        document = generate_notes(
            {"meetings": [{"id": meeting} for meeting in meeting_ids]}, EXISTING_NOTES, SEED
        )
        seed_file = self.tmp / "notes-1k-seed.toml"
        notes = parse_notes(seed_file, tomli_w.dumps(document).encode())
        content = dump_notes(notes)  # the file as cpec-tui itself writes it
        text = "Check the figures against the ministry's own report before citing them."

        def run(path: Path, store_for: Callable[[], NotesStore]) -> list[float]:
            path.write_bytes(content)
            times: list[float] = []
            for i in range(self.plan.saves):
                meeting = meeting_ids[i % len(meeting_ids)]
                start = time.perf_counter()
                store_for().add(meeting, f"{text} ({i})", ["follow up"])
                times.append((time.perf_counter() - start) * 1000)
            return times

        app_path = self.tmp / "notes-app.toml"
        app_store = NotesStore(app_path)
        app_path.write_bytes(content)
        app_store.load()  # as the app does when it starts
        same = run(app_path, lambda: app_store)
        cli_path = self.tmp / "notes-cli.toml"
        fresh = run(cli_path, lambda: NotesStore(cli_path))
        return {
            "existing_notes": EXISTING_NOTES,
            "same_store_ms": summary(same, 3),
            "fresh_store_ms": summary(fresh, 3),
        }

    # -- CLI -----------------------------------------------------------------------------

    def cli(self, newest_id: str) -> dict[str, Any]:
        commands = {
            "list": ["list"],
            "search": ["search", "gwadar port"],
            "note add": ["note", "add", newest_id, "Benchmark note."],
        }
        self.log(f"CLI: {', '.join(commands)}, {self.plan.cli} runs each")
        result: dict[str, Any] = {}
        for name, args in commands.items():
            command = ["-m", "cpec_tui", *args]
            self.python(command)  # warm-up
            times: list[float] = []
            for _ in range(self.plan.cli):
                start = time.perf_counter()
                self.python(command)
                times.append(time.perf_counter() - start)
            result[name] = {"command": "cpec-tui " + _quoted(args), **summary(times)}
        return result

    def cli_large(self, datasets: dict[str, Path]) -> dict[str, Any]:
        """``search``, ``show`` and ``list`` on each generated dataset, its caches warm,
        beside ``cpec-tui --version`` timed in the same run (the interpreter's floor)."""
        result: dict[str, Any] = {}
        for label, data in datasets.items():
            if label == BUNDLED or int(label) < 10_000:
                continue
            listed = self.python(["-m", "cpec_tui", "--data", str(data), "list"])  # warms
            newest = listed.stdout.splitlines()[0][13:].split()[0]  # date, two marks, id
            commands = {
                "--version": ["--version"],
                "search": ["--data", str(data), "search", "gwadar port", "--limit", "20"],
                "show": ["--data", str(data), "show", newest],
                "list": ["--data", str(data), "list"],
            }
            self.log(f"CLI at {int(label):,} meetings, warm: {self.plan.cli} runs each")
            rows: dict[str, Any] = {}
            for name, args in commands.items():
                command = ["-m", "cpec_tui", *args]
                self.python(command)  # the search index's cache too
                times = []
                for _ in range(self.plan.cli):
                    start = time.perf_counter()
                    self.python(command)
                    times.append(time.perf_counter() - start)
                rows[name] = {"command": "cpec-tui " + _quoted(args[2:] or args), **summary(times)}
            result[label] = rows
        return result


def _quoted(args: Sequence[str]) -> str:
    return " ".join(f"'{arg}'" if " " in arg else arg for arg in args)


def _label(label: str) -> str:
    return "bundled dataset" if label == BUNDLED else f"{int(label):,} meetings"


def _startup_summary(samples: list[Any]) -> dict[str, Any]:
    marks = {key for sample in samples for key in sample["marks"]}
    phases = {
        key: round(statistics.median(s["marks"][key] for s in samples if key in s["marks"]), 4)
        for key in sorted(marks)
    }
    rss = [s["peak_rss_mb"] for s in samples if s.get("peak_rss_mb") is not None]
    return {
        "meetings": samples[0].get("meetings"),
        "first_paint": summary([s["marks"]["first_paint"] for s in samples]),
        "usable": summary([s["marks"]["usable"] for s in samples]),
        "phases": phases,
        "peak_rss_mb": round(max(rss), 1) if rss else None,
    }


def _keystroke_summary(raw: dict[str, Any]) -> dict[str, Any]:
    kinds: dict[str, Any] = {}
    every: list[float] = []
    parts: dict[str, list[float]] = {
        "to_list_ms": [],
        "list_to_detail_ms": [],
        "to_frame_ms": [],
        "frame_wait_ms": [],
        "frame_render_ms": [],
        "encode_ms": [],
    }
    searches: list[float] = []
    for kind, rows in raw["kinds"].items():
        totals = [row["total_ms"] for row in rows]
        every += totals
        for part, values in parts.items():
            values += [row[part] for row in rows]
        searches += [row["search_ms"] for row in rows if row["search_ms"] is not None]
        kinds[kind] = {
            **summary(totals, 2),
            "search_ms_median": round(
                statistics.median([r["search_ms"] for r in rows if r["search_ms"] is not None]),
                3,
            )
            if any(r["search_ms"] is not None for r in rows)
            else None,
            "results_median": statistics.median([row["results"] for row in rows]) if rows else None,
            "samples_ms": [round(t, 2) for t in totals],
        }
    return {
        "meetings": raw["meetings"],
        "kinds": kinds,
        "all": summary(every, 2),
        "parts_median_ms": {
            **{part: round(statistics.median(values), 2) for part, values in parts.items()},
            "search_ms": round(statistics.median(searches), 3) if searches else None,
        },
        "peak_rss_mb": raw.get("peak_rss_mb"),
    }


def _engine_summary(raw: dict[str, Any]) -> dict[str, Any]:
    kinds: dict[str, Any] = {}
    every: list[float] = []
    facets: list[float] = []
    for kind in KINDS:
        rows = raw["kinds"].get(kind, [])
        times = [row["ms"] for row in rows]
        every += times
        facets += [row["facets_ms"] for row in rows]
        kinds[kind] = {
            **summary(times, 3),
            "results_median": statistics.median([row["results"] for row in rows]) if rows else None,
            "queries": [row["query"] for row in rows],
        }
        if kind == "typo":
            kinds[kind]["corrected"] = sum(row["corrected"] for row in rows)
    return {
        "meetings": raw["meetings"],
        "load_seconds": round(raw["load_seconds"], 3),
        "index_seconds": round(raw["index_seconds"], 3),
        "kinds": kinds,
        "all": summary(every, 3),
        "facets": summary(facets, 3),
        "peak_rss_mb": raw.get("peak_rss_mb"),
    }


# -- goals -------------------------------------------------------------------------------------


def _goal(goal: str, target: str, measured: str, passed: bool | None) -> dict[str, Any]:
    return {"goal": goal, "target": target, "measured": measured, "pass": passed}


def goals(results: dict[str, Any]) -> list[dict[str, Any]]:
    startup = results["startup"]
    bundled = startup[BUNDLED]
    floor = startup["floor"]["first_paint"]["median"]
    rows = [
        _goal(
            "startup, bundled dataset (usable)",
            "≤ 1.3 x the empty Textual app",
            f"{bundled['ratio_usable']:.2f} x ({bundled['usable']['median']:.2f} s vs "
            f"{floor:.2f} s; first paint {bundled['ratio_first_paint']:.2f} x)",
            bundled["ratio_usable"] <= 1.3,
        )
    ]
    for name, row in results["cli"].items():
        rows.append(
            _goal(
                f"CLI `{name}`, bundled dataset",
                "≤ 0.3 s wall",
                f"{row['median']:.3f} s median",
                row["median"] <= 0.3,
            )
        )
    for label, limit in (("10000", 0.4), ("100000", 1.0)):
        large = results.get("cli_large", {}).get(label)
        if large is None:
            continue
        floor_s = large["--version"]["median"]
        for name in ("search", "show", "list"):
            row = large[name]
            rows.append(
                _goal(
                    f"CLI `{name}`, {int(label):,} meetings (warm)",
                    f"≤ {limit} s wall",
                    f"{row['median']:.3f} s median (`--version`: {floor_s:.3f} s)",
                    row["median"] <= limit,
                )
            )
    ten = startup["sizes"].get("10000")
    if ten is None:
        rows.append(_goal("startup, 10,000 meetings (warm)", "≤ 1.5 s", "not measured", None))
    else:
        warm = ten["warm"]
        rows.append(
            _goal(
                "startup, 10,000 meetings (warm, usable)",
                "≤ 1.5 s",
                f"{warm['usable']['median']:.2f} s (first paint "
                f"{warm['first_paint']['median']:.2f} s)",
                warm["usable"]["median"] <= 1.5,
            )
        )
    keys = results["keystrokes"]
    floor_ms = keys[FLOOR]["all"]["median"]
    if "10000" in keys:
        every = keys["10000"]["all"]
        rows.append(
            _goal(
                "keystroke → screen updated, 10,000 meetings",
                "≤ 16 ms median, ≤ 33 ms p95",
                f"{every['median']:.1f} ms median, {every['p95']:.1f} ms p95 "
                f"(Textual floor {floor_ms:.1f} ms)",
                every["median"] <= 16 and every["p95"] <= 33,
            )
        )
    else:
        rows.append(_goal("keystroke, 10,000 meetings", "≤ 16 ms median", "not measured", None))
    if "100000" in keys:
        every = keys["100000"]["all"]
        rows.append(
            _goal(
                "keystroke → screen updated, 100,000 meetings",
                "≤ 50 ms median",
                f"{every['median']:.1f} ms median, {every['p95']:.1f} ms p95 "
                f"(Textual floor {floor_ms:.1f} ms)",
                every["median"] <= 50,
            )
        )
    else:
        rows.append(_goal("keystroke, 100,000 meetings", "≤ 50 ms median", "not measured", None))
    facets = results["engine"].get("100000", {}).get("facets")
    if facets is not None and "100000" in keys:
        every = keys["100000"]["all"]
        rows.append(
            _goal(
                "keystroke with facets shown, 100,000 meetings",
                "keystroke + facet counts ≤ 50 ms median",
                f"{every['median'] + facets['median']:.1f} ms median ({facets['median']:.2f} ms "
                f"facets, p95 {facets['p95']:.2f} ms)",
                every["median"] + facets["median"] <= 50,
            )
        )
    else:
        rows.append(
            _goal("keystroke with facets, 100,000 meetings", "≤ 50 ms median", "not measured", None)
        )
    notes = results["notes"]
    rows.append(
        _goal(
            "note save, 1,000 notes",
            "≤ 20 ms p50",
            f"{notes['same_store_ms']['median']:.1f} ms p50 (app's store; a new store per "
            f"save, as the CLI: {notes['fresh_store_ms']['median']:.1f} ms)",
            notes["same_store_ms"]["median"] <= 20,
        )
    )
    big = startup["sizes"].get("100000")
    if big is None:
        rows.append(_goal("peak memory, 100,000 meetings", "≤ 400 MB", "not measured", None))
    else:
        warm_mb, cold_mb = big["warm"]["peak_rss_mb"], big["cold"]["peak_rss_mb"]
        rows.append(
            _goal(
                "peak memory, 100,000 meetings (warm)",
                "≤ 400 MB",
                f"{warm_mb:,.0f} MB (cold start: {cold_mb:,.0f} MB)",
                warm_mb <= 400,
            )
        )
    return rows


# -- report ------------------------------------------------------------------------------------


def _mark(passed: bool | None) -> str:
    return {True: "PASS", False: "FAIL", None: "—"}[passed]


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _ms(stats: dict[str, Any], digits: int = 1) -> str:
    return f"{stats['median']:.{digits}f} / {stats['p95']:.{digits}f}"


def report(results: dict[str, Any]) -> str:
    meta = results["meta"]
    lines = [
        f"cpec-tui benchmarks — {meta['date']} — {meta['platform']}, {meta['cpus']} CPUs, "
        f"Python {meta['python']}, Textual {meta['textual']}"
        + (" — QUICK (few samples)" if meta["quick"] else ""),
        f"load average at start {meta['load_before']}, at end {meta['load_after']}",
        "",
        "### Goals",
        "",
    ]
    lines += _table(
        ["goal", "target", "measured", ""],
        [[g["goal"], g["target"], g["measured"], _mark(g["pass"])] for g in results["goals"]],
    )

    startup = results["startup"]
    floor = startup["floor"]["first_paint"]["median"]
    lines += [
        "",
        "### Start-up: process start → headless screen (median of n; p95 in results.json)",
        "",
    ]
    empty = startup["floor"]
    rows: list[list[str]] = [
        [
            "empty Textual app",
            "—",
            "—",
            str(empty["first_paint"]["n"]),
            f"{empty['phases']['imported']:.2f}",
            "—",
            "—",
            f"{floor:.2f}",
            f"{floor:.2f}",
            "1.00 x",
            f"{empty['peak_rss_mb']:,.0f}",
        ]
    ]

    def startup_row(label: str, cache: str, entry: dict[str, Any]) -> list[str]:
        phases = entry["phases"]
        usable = entry["usable"]["median"]
        return [
            label,
            f"{entry['meetings']:,}" if entry["meetings"] else "?",
            cache,
            str(entry["usable"]["n"]),
            f"{phases.get('imported', float('nan')):.2f}",
            f"{phases.get('dataset_loaded', float('nan')):.2f}",
            f"{phases.get('index_built', float('nan')):.2f}",
            f"{entry['first_paint']['median']:.2f}",
            f"{usable:.2f}",
            f"{usable / floor:.2f} x",
            f"{entry['peak_rss_mb']:,.0f}",
        ]

    rows.append(startup_row("bundled", "none (< 256 KiB)", startup[BUNDLED]))
    for label, entry in startup["sizes"].items():
        for cache in ("cold", "warm"):
            rows.append(startup_row(f"{int(label):,}", cache, entry[cache]))
    lines += _table(
        [
            "dataset",
            "meetings",
            "cache",
            "n",
            "imports done s",
            "dataset loaded s",
            "index ready s",
            "first paint s",
            "usable s",
            "usable ÷ empty",
            "peak RSS MB",
        ],
        rows,
    )

    keys = results["keystrokes"]
    floor_keys = keys[FLOOR]["all"]
    lines += [
        "",
        "### Keystroke → list and detail painted (ms, median / p95)",
        "",
        f"Floor, a Textual app of the same shape (input, list and detail panes, footer) that "
        f"only sets new text: {_ms(floor_keys)} (n={floor_keys['n']}).",
        "",
    ]
    lines += _table(
        ["dataset", "n/kind", *[KIND_TITLES[k] for k in KINDS], "all kinds"],
        [
            [
                _label(label),
                str(entry["kinds"][KINDS[0]]["n"]),
                *[_ms(entry["kinds"][k]) if entry["kinds"][k]["n"] else "—" for k in KINDS],
                _ms(entry["all"]),
            ]
            for label, entry in keys.items()
            if label != FLOOR
        ],
    )
    lines += ["", "Where a keystroke's time goes (medians over all kinds, ms):", ""]
    lines += _table(
        [
            "app",
            "key → list refilled",
            "of which search",
            "list → detail shown",
            "wait for the frame",
            "frame: layout, render, encode",
            "of which encode",
        ],
        [
            [
                "floor app" if label == FLOOR else _label(label),
                f"{entry['parts_median_ms']['to_list_ms']:.1f}",
                _ms_or_dash(entry["parts_median_ms"]["search_ms"], 2),
                f"{entry['parts_median_ms']['list_to_detail_ms']:.1f}",
                f"{entry['parts_median_ms']['frame_wait_ms']:.1f}",
                f"{entry['parts_median_ms']['frame_render_ms']:.1f}",
                f"{entry['parts_median_ms']['encode_ms']:.1f}",
            ]
            for label, entry in keys.items()
        ],
    )

    engine = results["engine"]
    lines += ["", "### Search engine alone (ms per query, median / p95)", ""]
    lines += _table(
        [
            "dataset",
            "index build s",
            "n/kind",
            *[KIND_TITLES[k] for k in KINDS],
            "all kinds",
            "+ facets",
        ],
        [
            [
                _label(label),
                f"{entry['index_seconds']:.2f}",
                str(entry["kinds"][KINDS[0]]["n"]),
                *[_ms(entry["kinds"][k], 2) if entry["kinds"][k]["n"] else "—" for k in KINDS],
                _ms(entry["all"], 2),
                _ms(entry["facets"], 2) if "facets" in entry else "—",
            ]
            for label, entry in engine.items()
        ],
    )

    notes = results["notes"]
    lines += [
        "",
        f"### Note save next to {notes['existing_notes']:,} notes (ms)",
        "",
    ]
    lines += _table(
        ["store", "n", "p50", "p95", "max"],
        [
            [
                title,
                str(notes[key]["n"]),
                f"{notes[key]['median']:.2f}",
                f"{notes[key]['p95']:.2f}",
                f"{notes[key]['max']:.2f}",
            ]
            for title, key in (
                ("one store for every save (the app)", "same_store_ms"),
                ("a new store per save (the CLI)", "fresh_store_ms"),
            )
        ],
    )

    lines += ["", "### CLI on the bundled dataset (wall time, s)", ""]
    lines += _table(
        ["command", "n", "median", "p95", "min"],
        [
            [
                f"`{row['command']}`",
                str(row["n"]),
                f"{row['median']:.3f}",
                f"{row['p95']:.3f}",
                f"{row['min']:.3f}",
            ]
            for row in results["cli"].values()
        ],
    )

    for label, large in results.get("cli_large", {}).items():
        lines += ["", f"### CLI at {int(label):,} meetings, caches warm (wall time, s)", ""]
        lines += _table(
            ["command", "n", "median", "p95", "min"],
            [
                [
                    f"`{row['command']}`",
                    str(row["n"]),
                    f"{row['median']:.3f}",
                    f"{row['p95']:.3f}",
                    f"{row['min']:.3f}",
                ]
                for row in large.values()
            ],
        )

    lines += ["", "### Peak memory (RSS, MB)", ""]
    memory_rows: list[list[str]] = []
    for label, entry in results["memory"].items():
        memory_rows.append(
            [
                _label(label),
                _mb(entry.get("app_warm")),
                _mb(entry.get("app_cold")),
                _mb(entry.get("engine_only")),
            ]
        )
    lines += _table(
        ["dataset", "app, warm start", "app, cold start", "dataset + index, no UI"],
        memory_rows,
    )
    return "\n".join(lines) + "\n"


def _ms_or_dash(value: float | None, digits: int) -> str:
    return f"{value:.{digits}f}" if value is not None else "—"


def _mb(value: float | None) -> str:
    return f"{value:,.0f}" if value is not None else "—"


def memory(results: dict[str, Any]) -> dict[str, Any]:
    startup = results["startup"]
    out: dict[str, Any] = {
        BUNDLED: {
            "app_warm": startup[BUNDLED]["peak_rss_mb"],
            "app_cold": startup[BUNDLED]["peak_rss_mb"],
            "engine_only": results["engine"][BUNDLED]["peak_rss_mb"],
        }
    }
    for label, entry in startup["sizes"].items():
        out[label] = {
            "app_warm": entry["warm"]["peak_rss_mb"],
            "app_cold": entry["cold"]["peak_rss_mb"],
            "engine_only": results["engine"][label]["peak_rss_mb"],
        }
    return out


# -- command line ------------------------------------------------------------------------------


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected sizes like 1000,10000") from None
    if not sizes or any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError("sizes must be whole numbers of 1 or more")
    return sorted(set(sizes))


def _load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except (AttributeError, OSError):
        return "n/a"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=list(DEFAULT_SIZES),
        help="synthetic dataset sizes, comma-separated (default: 1000,10000; "
        "the full run adds 100000)",
    )
    parser.add_argument("--quick", action="store_true", help="few samples (a smoke run)")
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"results JSON (default: {DEFAULT_OUT})"
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="where generated datasets are kept (default: $CPEC_BENCH_DATA or "
        f"{platformdirs.user_cache_path('cpec-tui-bench')})",
    )
    parser.add_argument(
        "--report",
        type=Path,
        metavar="RESULTS",
        help="print the tables of an earlier results file and exit (measures nothing)",
    )
    args = parser.parse_args(argv)
    if args.report is not None:
        sys.stdout.write(report(json.loads(args.report.read_text(encoding="utf-8"))))
        return 0
    plan = QUICK if args.quick else FULL
    data_dir: Path = (args.data_dir or default_data_dir()).expanduser().resolve()
    import textual

    meta = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "textual": getattr(textual, "__version__", "?"),
        "sizes": args.sizes,
        "quick": args.quick,
        "seed": SEED,
        "plan": plan.__dict__,
        "load_before": _load_average(),
    }
    with tempfile.TemporaryDirectory(prefix="cpec-bench-") as tmp_name:
        bench = Bench(plan, Path(tmp_name), data_dir)
        datasets: dict[str, Path] = {BUNDLED: bundled_dataset()}
        for size in args.sizes:
            datasets[str(size)] = bench.dataset(size)
        bundled = load_dataset(bundled_dataset())
        meeting_ids = [meeting.id for meeting in bundled.meetings]
        newest = newest_first(bundled.meetings)[0].id
        results: dict[str, Any] = {"schema": SCHEMA, "meta": meta}
        results["startup"] = bench.startup(datasets)
        results["keystrokes"] = bench.keystrokes(datasets)
        results["engine"] = bench.engine(datasets)
        results["notes"] = bench.notes_save(meeting_ids)
        results["cli"] = bench.cli(newest)
        results["cli_large"] = bench.cli_large(datasets)
        results["memory"] = memory(results)
        meta["load_after"] = _load_average()
        meta["seconds"] = round(time.perf_counter() - bench.started, 1)
        results["goals"] = goals(results)
        bench.log("done")
    text = report(results)
    sys.stdout.write(text)
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".tmp")
    partial.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    partial.replace(out)
    print(f"\nwrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
