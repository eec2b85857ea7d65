"""Search over the meetings and the user's notes: query language, index, ranking, highlights.

Pure (no Textual, no file I/O)::

    engine = SearchEngine(dataset)
    result = engine.search('chair:"sun weidong" -virtual energy OR power')
    for k in range(min(len(result), 20)):
        meeting = result.meeting(k)
        spans = result.spans(meeting)  # {"title": [(0, 6)], ...}
"""

from __future__ import annotations

from cpec_tui.search.complete import complete
from cpec_tui.search.engine import RankedPositions, SearchEngine, SearchResult
from cpec_tui.search.fields import searchable_fields
from cpec_tui.search.normalize import normalize
from cpec_tui.search.query import FIELDS, Query, QueryError, parse
from cpec_tui.search.spans import Span, Spans, snippet

__all__ = [
    "FIELDS",
    "Query",
    "QueryError",
    "RankedPositions",
    "SearchEngine",
    "SearchResult",
    "Span",
    "Spans",
    "complete",
    "normalize",
    "parse",
    "searchable_fields",
    "snippet",
]
