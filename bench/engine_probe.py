"""The search engine alone: ``python -m bench.engine_probe DATA OUT SAMPLES``.

Loads ``DATA`` (from the dataset cache when the parent warmed it), times building the
index, then for each case of :func:`bench.queries.typed_queries` searches the ``before``
text (untimed: the keystroke before) and times ``engine.search(after)`` plus what the list
needs from the result: its length and the first screenful (50) of ranked positions, which
are decoded lazily. What the facets pane adds on top, counting the result by every
dimension (:meth:`cpec_tui.views.facets.FacetIndex.count`), is timed apart. Every timed
query text is new to the engine, so none is answered from its cache of whole results;
smaller caches (term prefixes, typo candidates) are as warm as typing leaves them.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from bench.queries import KINDS, typed_queries
from bench.startup_probe import peak_rss_mb
from cpec_tui.search import SearchEngine
from cpec_tui.store.dataset import load_dataset
from cpec_tui.views.facets import FacetIndex

SCREENFUL = 50


def measure(data: Path, samples: int) -> dict[str, Any]:
    started = time.perf_counter()
    dataset = load_dataset(data)
    loaded = time.perf_counter()
    engine = SearchEngine(dataset)
    indexed = time.perf_counter()
    facets = FacetIndex(engine.index)
    cases = typed_queries(engine.meetings, list(engine.sources.values()), samples)
    out: dict[str, Any] = {
        "meetings": len(engine.meetings),
        "load_seconds": loaded - started,
        "index_seconds": indexed - loaded,
        "kinds": {},
    }
    for kind in KINDS:
        rows: list[dict[str, Any]] = []
        for case in cases[kind][:samples]:
            engine.search(case.before)
            start = time.perf_counter()
            result = engine.search(case.after)
            found = len(result)
            _ = result.positions[:SCREENFUL]
            elapsed = time.perf_counter() - start
            start = time.perf_counter()
            facets.count(result.bitmap)
            facets_ms = (time.perf_counter() - start) * 1000
            rows.append(
                {
                    "query": case.after,
                    "ms": elapsed * 1000,
                    "facets_ms": facets_ms,
                    "results": found,
                    "corrected": bool(result.corrections),
                    "error": result.error.message if result.error is not None else None,
                }
            )
        out["kinds"][kind] = rows
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def main(argv: list[str]) -> int:
    data, out, samples = Path(argv[0]), Path(argv[1]), int(argv[2])
    out.write_text(json.dumps(measure(data, samples)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
