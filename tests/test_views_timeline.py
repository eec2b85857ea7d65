"""Timeline lanes: date order, round numbers, gaps, and what a query leaves."""

from __future__ import annotations

from cpec_tui.search import SearchEngine
from cpec_tui.search.bitmaps import Bitmap
from cpec_tui.views.timeline import Timeline, TimelineIndex, missing_rounds
from tests.views_data import engine_of, meeting


def build_timeline(
    engine: SearchEngine, within: Bitmap | None = None, series: tuple[str, ...] = ()
) -> Timeline:
    return TimelineIndex(engine.meetings, engine.index.series).timeline(within, series)


def test_missing_rounds_between_first_and_last() -> None:
    assert missing_rounds([5, 1, 2, 7]) == (3, 4, 6)
    assert missing_rounds([4]) == ()
    assert missing_rounds([]) == ()
    assert missing_rounds([3, 3, 4]) == (), "a repeated round is not a gap"


def test_lanes_in_date_order_with_gaps_at_both_ends_of_the_record() -> None:
    # Rounds 1-2 and 6 are not in the record: only the gap between known rounds counts.
    engine = engine_of(
        meeting("jcc-5", "2019-11", sequence=5),
        meeting("jcc-3", "2017-02-01", sequence=3),
        meeting("jcc-7", "2021", sequence=7),
        meeting("jwg-icc-1", "2019-04-09", series="jwg-icc", sequence=1),
    )
    timeline = build_timeline(engine)
    assert [lane.series for lane in timeline.lanes] == ["jcc", "jwg-icc"]
    jcc = timeline.lanes[0]
    assert [(m.id, m.date, m.sequence) for m in jcc.marks] == [
        ("jcc-3", "2017-02-01", 3),
        ("jcc-5", "2019-11", 5),
        ("jcc-7", "2021", 7),
    ]
    assert jcc.missing == (4, 6)
    assert [engine.meetings.ids[p] for p in jcc.marks.positions] == ["jcc-3", "jcc-5", "jcc-7"]
    assert jcc.years == (2017, 2021)
    assert timeline.lanes[1].missing == ()
    assert timeline.years == (2017, 2021)


def test_a_series_without_round_numbers_has_marks_but_no_gaps() -> None:
    engine = engine_of(
        meeting("brief-b", "2022-11-21", series="mfa-briefing"),
        meeting("brief-a", "2022-11-20", series="mfa-briefing"),
    )
    (lane,) = build_timeline(engine).lanes
    assert [(m.id, m.sequence) for m in lane.marks] == [("brief-a", None), ("brief-b", None)]
    assert lane.missing == ()


def test_a_query_narrows_the_marks_but_gaps_stay_those_of_the_record() -> None:
    engine = engine_of(
        meeting("jcc-1", "2013", sequence=1, sectors=["energy"]),
        meeting("jcc-2", "2014", sequence=2),
        meeting("jcc-4", "2016", sequence=4, sectors=["energy"]),
        meeting("bpc-1", "2015", series="bpc", sequence=1),
    )
    within = engine.search("sector:energy").bitmap
    (lane,) = build_timeline(engine, within).lanes
    assert [m.id for m in lane.marks] == ["jcc-1", "jcc-4"]
    assert lane.missing == (3,), "round 2 is in the record, only not in the result"
    assert build_timeline(engine, 0).lanes == ()


def test_series_option_keeps_only_those_lanes() -> None:
    engine = engine_of(
        meeting("jcc-1", "2013", sequence=1),
        meeting("bpc-1", "2015", series="bpc", sequence=1),
    )
    timeline = build_timeline(engine, series=("bpc",))
    assert [lane.series for lane in timeline.lanes] == ["bpc"]
    assert TimelineIndex(engine.meetings, {}).timeline().lanes == ()
    assert TimelineIndex(engine.meetings, {}).timeline().years is None


def test_one_meeting() -> None:
    engine = engine_of(meeting("jcc-9", "2019-11", sequence=9))
    (lane,) = build_timeline(engine).lanes
    assert [(m.id, m.sequence, m.year) for m in lane.marks] == [("jcc-9", 9, 2019)]
    assert lane.missing == ()
