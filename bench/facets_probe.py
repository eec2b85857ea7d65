"""Facets on every keystroke: ``python -m bench.facets_probe DATA OUT SAMPLES``.

Loads ``DATA`` and builds its search engine as :mod:`bench.engine_probe` does, then for each
case of :func:`bench.queries.typed_queries` searches the ``before`` text (untimed), times
``engine.search(after)``, and times, separately, what the facets pane adds on top: the
result's bitmap and :meth:`cpec_tui.views.facets.FacetIndex.count` of it (every dimension,
every value). The empty query (every meeting counted) is timed too: it is the worst case
for the popcounts and the first thing the pane shows.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from bench.queries import KINDS, typed_queries
from cpec_tui.search import SearchEngine
from cpec_tui.store.dataset import load_dataset
from cpec_tui.views.facets import FacetIndex


def measure(data: Path, samples: int) -> dict[str, Any]:
    dataset = load_dataset(data)
    engine = SearchEngine(dataset)
    started = time.perf_counter()
    facets = FacetIndex(engine.index)
    out: dict[str, Any] = {
        "meetings": len(engine.meetings),
        "facet_index_ms": (time.perf_counter() - started) * 1000,
        "values": sum(len(table) for table in facets.count(-1).dimensions.values()),
        "kinds": {},
    }
    cases = typed_queries(engine.meetings, list(engine.sources.values()), samples)
    for kind in (*KINDS, "empty"):
        rows: list[dict[str, Any]] = []
        for case in cases.get(kind, [])[:samples] if kind != "empty" else [None] * samples:
            before, after = ("", "") if case is None else (case.before, case.after)
            engine.search(before)
            start = time.perf_counter()
            result = engine.search(after)
            searched = time.perf_counter()
            counted = facets.count(result.bitmap)
            done = time.perf_counter()
            rows.append(
                {
                    "query": after,
                    "results": counted.total,
                    "search_ms": (searched - start) * 1000,
                    "facets_ms": (done - searched) * 1000,
                }
            )
        out["kinds"][kind] = rows
    return out


def main(argv: list[str]) -> int:
    data, out, samples = Path(argv[0]), Path(argv[1]), int(argv[2])
    out.write_text(json.dumps(measure(data, samples)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
