"""Facet counts over a result's bitmap, the filters that refine by a value, and results
listed by relevance, newest or oldest."""

from __future__ import annotations

import random

import pytest

from cpec_tui.search import SearchEngine
from cpec_tui.search.bitmaps import full, positions
from cpec_tui.search.engine import DatedPositions
from cpec_tui.views.facets import DIMENSIONS, FacetIndex, Facets, refinement
from tests.views_data import engine_of, meeting

VENUE_PK = {"city": "Islamabad", "country": "PK", "sources": ["s1"]}
VENUE_CN = {"city": "Beijing", "country": "CN", "sources": ["s1"]}


@pytest.fixture
def engine() -> SearchEngine:
    return engine_of(
        meeting("jcc-1", "2013-08", sequence=1, sectors=["energy"], venue=VENUE_PK),
        meeting(
            "jcc-2",
            "2014-05-01",
            sequence=2,
            sectors=["energy", "industry"],
            themes=["security"],
            venue=VENUE_CN,
            sources=["s1", "s2"],
        ),
        meeting("bpc-1", "2014", series="bpc", sequence=1, sources=["s3"], venue=VENUE_PK),
    )


def _as_dict(facets: Facets) -> dict[str, dict[str, int]]:
    return {d: {c.value: c.count for c in counts} for d, counts in facets.dimensions.items()}


def test_counts_every_dimension_of_all_meetings(engine: SearchEngine) -> None:
    facets = FacetIndex(engine.index).count(full(len(engine.meetings)))
    assert facets.total == 3
    assert tuple(facets.dimensions) == DIMENSIONS
    assert _as_dict(facets) == {
        "series": {"jcc": 2, "bpc": 1},
        "year": {"2014": 2, "2013": 1},
        "sector": {"energy": 2, "industry": 1},
        "theme": {"security": 1},
        "country": {"PK": 2, "CN": 1},
        # An outlet counts once per meeting, however many of its sources a meeting cites.
        "outlet": {"Dawn": 3, "Business Recorder": 1},
    }
    assert [c.value for c in facets.dimensions["year"]] == ["2014", "2013"], "newest first"
    assert [c.value for c in facets.dimensions["series"]] == ["jcc", "bpc"], "most first"


def test_counts_follow_the_query(engine: SearchEngine) -> None:
    facets = FacetIndex(engine.index).count(engine.search("venue:pk").bitmap)
    assert facets.total == 2
    assert _as_dict(facets)["series"] == {"jcc": 1, "bpc": 1}
    assert _as_dict(facets)["sector"] == {"energy": 1}
    none = FacetIndex(engine.index).count(engine.search("nothingmatchesthis").bitmap)
    assert none.total == 0 and all(counts == () for counts in none.dimensions.values())


def test_refinements_are_filters_that_find_the_counted_meetings(engine: SearchEngine) -> None:
    assert refinement("sector", "energy") == "sector:energy"
    assert refinement("country", "PK") == "venue:pk"
    assert refinement("outlet", "Business Recorder") == 'outlet:"Business Recorder"'
    assert refinement("outlet", 'The "Nation"') == 'outlet:"The Nation"'
    facets = FacetIndex(engine.index).count(full(len(engine.meetings)))
    for dimension, counts in facets.dimensions.items():
        for item in counts:
            found = engine.search(refinement(dimension, item.value))
            assert found.error is None
            assert len(found) == item.count, (dimension, item.value)


def test_results_by_relevance_newest_or_oldest(engine: SearchEngine) -> None:
    result = engine.search("energy OR jcc")
    ids = engine.meetings.ids
    relevance = [ids[p] for p in result.positions]
    newest = result.ordered("newest")
    oldest = result.ordered("oldest")
    assert sorted(relevance) == sorted(ids[p] for p in newest.positions)
    assert [ids[p] for p in newest.positions] == ["jcc-2", "jcc-1"]
    assert [ids[p] for p in oldest.positions] == ["jcc-1", "jcc-2"]
    assert oldest.bitmap == result.bitmap == newest.bitmap
    # Each meeting keeps its score and highlights whatever the order.
    scores = {result.meeting(k).id: result.score(k) for k in range(len(result))}
    assert {oldest.meeting(k).id: oldest.score(k) for k in range(len(oldest))} == scores
    assert oldest.matched_fields(0) == result.matched_fields(relevance.index("jcc-1"))
    assert result.ordered("relevance") is result
    assert oldest.ordered("newest") is newest
    assert len(engine.search("").ordered("oldest")) == 3


@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 4097, 20_000])
def test_date_order_decodes_block_by_block_to_the_same_positions(size: int) -> None:
    rng = random.Random(size)
    bitmap = rng.getrandbits(size) & rng.getrandbits(size) if size else 0
    expected = positions(bitmap)
    newest = DatedPositions([(8, bitmap)], bitmap, newest=True)
    oldest = DatedPositions([(8, bitmap)], bitmap, newest=False)
    assert len(newest) == len(oldest) == len(expected)
    assert list(newest) == expected
    assert list(oldest) == expected[::-1]
    if expected:
        assert (newest[-1], oldest[0], oldest.score(0)) == (expected[-1], expected[-1], 8)
