"""The search engine on a small hand-made dataset: operators, ranking, typos, spans, notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpec_tui import paths
from cpec_tui.meetings import Meetings, Sources
from cpec_tui.models import Dataset, Meeting, Note
from cpec_tui.search import (
    QueryError,
    SearchEngine,
    SearchResult,
    searchable_fields,
    snippet,
)
from cpec_tui.search.fields import kinded_fields, meeting_fields, tier_texts
from cpec_tui.store.dataset import LoadedDataset

UTC = dt.UTC


def person(name: str, country: str = "PK", **extra: Any) -> dict[str, Any]:
    return {"name": name, "country": country, "sources": ["s1"], **extra}


def meeting(meeting_id: str, series: str, title: str, date: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": meeting_id,
        "series": series,
        "kind": extra.pop("kind", "meeting"),
        "title": title,
        "short_title": extra.pop("short_title", title[:20]),
        "sourcing": "strong",
        "sources": extra.pop("sources", ["s1"]),
        "date": {"value": date, "status": "confirmed", "sources": ["s1"]},
        **extra,
    }


def sourced(text: str) -> dict[str, Any]:
    return {"text": text, "sources": ["s1"]}


DOCUMENT: dict[str, Any] = {
    "version": 1,
    "sources": [
        {"key": "s1", "outlet": "Business Recorder", "url": "https://example.org/1"},
        {
            "key": "s2",
            "outlet": "Xinhua",
            "url": "https://example.org/2",
            "headline": "Talks in Lahore conclude",
        },
        {"key": "s3", "outlet": "Dawn", "file": "3.txt", "headline": "Gwadar port news"},
    ],
    "meetings": [
        meeting(
            "jwg-icc-4",
            "jwg-icc",
            "4th meeting of the Joint Working Group on International Cooperation",
            "2024-01-21",
            sequence=4,
            short_title="4th JWG-ICC",
            venue={"city": "Islamabad", "country": "PK", "mode": "in-person", "sources": ["s1"]},
            co_chairs=[
                person("Sun Weidong", "CN", title="Vice Minister for Foreign Affairs"),
                person("Muhammad Syrus Sajjad Qazi", title="Foreign Secretary"),
            ],
            outcomes=[sourced("Both sides agreed to expand agriculture cooperation.")],
            sectors=["agriculture"],
            themes=["counter-disinformation"],
            conflicts=[
                {
                    "id": "C-1",
                    "fields": ["date"],
                    "summary": "Sources disagree on the day.",
                    "resolution": "The official readout is followed.",
                    "sources": ["s1"],
                }
            ],
        ),
        meeting(
            "jcc-14",
            "jcc",
            "14th Joint Cooperation Committee",
            "2025-09-26",
            sequence=14,
            short_title="14th JCC",
            sources=["s1", "s3"],
            venue={"city": "Beijing", "country": "CN", "mode": "virtual", "sources": ["s1"]},
            co_chairs=[person("Ahsan Iqbal", aliases=["Iqbal Ahsan"], title="Planning Minister")],
            people=[person("Amna Baloch", title="Foreign Secretary")],
            outcomes=[sourced("Signed agreements on the ML-1 railway, Gwadar port and Lahore.")],
            sectors=["transport-infrastructure", "gwadar-maritime"],
        ),
        meeting(
            "bpc-4",
            "bpc",
            "4th Bilateral Political Consultations",
            "2025-01",
            sequence=4,
            sources=["s1", "s2"],
            venue={"city": "Beijing", "country": "CN", "mode": "in-person", "sources": ["s1"]},
            co_chairs=[person("Ma Zhaoxu", "CN")],
            statements=[sourced("Wei-dong's remarks on energy security.")],
            sectors=["energy"],
            themes=["security"],
        ),
        meeting(
            "jwg-it-2",
            "jwg-it",
            "2nd meeting of the JWG on IT Industry in Lahore",
            "2022",
            sequence=2,
            venue={"mode": "virtual", "sources": ["s1"]},
            agenda=[sourced("Digital corridor and fibre optic cable.")],
            people=[person("José Müller", "CN", organisation="Zürich Telecom")],
            sectors=["information-technology"],
        ),
        meeting(
            "visit-2019-gwadar",
            "visit",
            "Official visit by Senator Balloch",
            "2019-06-15",
            kind="visit",
            venue={"city": "Gwadar", "country": "PK", "mode": "in-person", "sources": ["s1"]},
            people=[person("Ali Balloch")],
            outcomes=[sourced("Discussed agricultural training.")],
        ),
        meeting(
            "mfa-briefing-2020",
            "mfa-briefing",
            "Foreign ministry press briefing on CPEC",
            "2020-03-02",
            kind="press-briefing",
            statements=[sourced("The corridor is a flagship of the Belt and Road.")],
            themes=["covid-19"],
        ),
    ],
}

IDS_NEWEST_FIRST = [
    "jcc-14",
    "bpc-4",
    "jwg-icc-4",
    "jwg-it-2",
    "mfa-briefing-2020",
    "visit-2019-gwadar",
]


def note(note_id: str, meeting_id: str, text: str, tags: list[str] | None = None) -> Note:
    moment = dt.datetime(2025, 1, 1, tzinfo=UTC)
    return Note(
        id=note_id,
        meeting=meeting_id,
        created=moment,
        updated=moment,
        text=text,
        tags=tags or [],
    )


NOTES = [
    note("n1", "jwg-icc-4", "Follow up on the desalination plant.", ["follow-up", "Water"]),
    note("n2", "mfa-briefing-2020", "Spokesperson was evasive", ["press"]),
    note("n3", "no-such-meeting", "desalination everywhere", ["ghost"]),
]


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return Dataset.model_validate(DOCUMENT)


@pytest.fixture(scope="module")
def engine(dataset: Dataset) -> SearchEngine:
    engine = SearchEngine(dataset)
    engine.set_notes(NOTES)
    return engine


def ids(result: SearchResult) -> list[str]:
    return [result.meeting(k).id for k in range(len(result))]


def found(engine: SearchEngine, query: str) -> list[str]:
    result = engine.search(query)
    assert result.error is None, result.error
    return ids(result)


# -- order, positions ---------------------------------------------------------------------------


def test_meetings_are_newest_first(engine: SearchEngine) -> None:
    assert [m.id for m in engine.meetings] == IDS_NEWEST_FIRST


def test_position(engine: SearchEngine) -> None:
    assert engine.position("jcc-14") == 0
    assert engine.position("visit-2019-gwadar") == 5
    assert engine.position("nope") is None


def test_empty_query_lists_every_meeting_newest_first(engine: SearchEngine) -> None:
    result = engine.search("")
    assert ids(result) == IDS_NEWEST_FIRST
    assert list(result.positions) == list(range(6))
    assert result.error is None and result.corrections == {} and result.did_you_mean is None
    assert list(engine.search("   ").positions) == list(range(6))


def test_positions_is_a_sequence(engine: SearchEngine) -> None:
    result = engine.search("beijing")
    positions = result.positions
    assert len(positions) == len(result) == 2
    assert positions[0] == 0 and positions[-1] == 1
    assert positions[0:2] == [0, 1]
    assert list(positions) == [0, 1]
    with pytest.raises(IndexError):
        positions[2]


def test_result_query_is_kept(engine: SearchEngine) -> None:
    assert engine.search("energy").query == "energy"


def test_engine_without_notes(dataset: Dataset) -> None:
    engine = SearchEngine(dataset)
    assert found(engine, "desalination") == []
    assert found(engine, "has:notes") == []


# -- words --------------------------------------------------------------------------------------


def test_every_word_must_match(engine: SearchEngine) -> None:
    assert found(engine, "beijing") == ["jcc-14", "bpc-4"]
    assert found(engine, "beijing security") == ["bpc-4"]
    assert found(engine, "beijing islamabad") == []


@pytest.mark.parametrize("query", ["weidong", "Wei-dong", "WEIDONG", "wéidong", "Weidong,"])
def test_case_accents_and_punctuation_are_ignored(engine: SearchEngine, query: str) -> None:
    assert "jwg-icc-4" in found(engine, query)


def test_hyphenated_text_matches_joined_and_parts(engine: SearchEngine) -> None:
    # "Wei-dong's remarks" in bpc-4: joined "weidongs", parts "wei", "dong", "s"
    assert "bpc-4" in found(engine, "weidong")
    assert "bpc-4" in found(engine, "dong")
    assert found(engine, "ml-1") == ["jcc-14"]
    assert found(engine, "ml1") == ["jcc-14"]


def test_accented_text_is_found_without_accents(engine: SearchEngine) -> None:
    assert found(engine, "zurich") == ["jwg-it-2"]
    assert found(engine, "MULLER jose") == ["jwg-it-2"]


def test_words_match_as_prefixes(engine: SearchEngine) -> None:
    assert set(found(engine, "agri")) == {"jwg-icc-4", "visit-2019-gwadar"}
    assert found(engine, "consult") == ["bpc-4"]


def test_ids_labels_and_dates_are_searchable(engine: SearchEngine) -> None:
    assert found(engine, "jcc-14") == ["jcc-14"]
    assert found(engine, "JWG-ICC") == ["jwg-icc-4"]
    assert found(engine, "2024-01-21") == ["jwg-icc-4"]


def test_vocabulary_labels_are_searchable(engine: SearchEngine) -> None:
    assert found(engine, "disinformation") == ["jwg-icc-4"]
    assert found(engine, "virtual") == ["jcc-14", "jwg-it-2"]


def test_sources_are_searchable(engine: SearchEngine) -> None:
    assert found(engine, "xinhua") == ["bpc-4"]


def test_notes_are_searchable_and_unknown_meetings_ignored(engine: SearchEngine) -> None:
    assert found(engine, "desalination") == ["jwg-icc-4"]
    assert found(engine, "evasive") == ["mfa-briefing-2020"]
    assert found(engine, "ghost") == []


# -- phrases ------------------------------------------------------------------------------------


def test_phrase(engine: SearchEngine) -> None:
    assert found(engine, '"joint working group"') == ["jwg-icc-4"]
    assert found(engine, '"working joint"') == []
    assert found(engine, '"belt and road"') == ["mfa-briefing-2020"]


def test_phrase_ignores_punctuation_and_case(engine: SearchEngine) -> None:
    assert found(engine, '"railway gwadar"') == ["jcc-14"]  # "railway, Gwadar"
    assert found(engine, '"wei dong"') == ["bpc-4"]
    assert found(engine, '"weidong\'s remarks"') == ["bpc-4"]


def test_phrase_last_word_is_a_prefix(engine: SearchEngine) -> None:
    assert found(engine, '"belt and ro"') == ["mfa-briefing-2020"]
    assert found(engine, '"bel and road"') == []


def test_phrase_does_not_span_fields(engine: SearchEngine) -> None:
    # title ends "...Cooperation", short title starts "4th"
    assert found(engine, '"cooperation 4th"') == []


def test_phrase_with_accents(engine: SearchEngine) -> None:
    assert found(engine, '"jose muller"') == ["jwg-it-2"]
    assert found(engine, '"ZÜRICH telecom"') == ["jwg-it-2"]


def test_phrase_cache_follows_the_query(engine: SearchEngine) -> None:
    # the same phrase first within a narrow set, then alone
    assert found(engine, '"foreign secretary" year:2025') == ["jcc-14"]
    assert found(engine, '"foreign secretary"') == ["jcc-14", "jwg-icc-4"]


def test_phrases_in_packed_meetings(dataset: Dataset) -> None:
    # A large dataset is packed: phrases are checked in the index's own copy of the texts.
    packed = LoadedDataset(Sources.packed(dataset.sources), Meetings.packed(dataset.meetings), None)
    engine = SearchEngine(packed, NOTES)
    assert found(engine, '"joint working group"') == ["jwg-icc-4"]
    assert found(engine, '"jose muller"') == ["jwg-it-2"]
    assert found(engine, '"desalination plant"') == ["jwg-icc-4"]
    assert found(engine, '"talks in lahore"') == ["bpc-4"]


def test_phrase_in_notes(engine: SearchEngine) -> None:
    assert found(engine, '"desalination plant"') == ["jwg-icc-4"]


def test_phrase_and_words(engine: SearchEngine) -> None:
    assert found(engine, '"foreign secretary" baloch') == ["jcc-14"]
    assert found(engine, '"foreign secretary" -baloch') == ["jwg-icc-4"]


# -- filters ------------------------------------------------------------------------------------


def test_id_filter(engine: SearchEngine) -> None:
    assert found(engine, "id:jwg") == ["jwg-icc-4", "jwg-it-2"]
    assert found(engine, "id:JCC-14") == ["jcc-14"]
    assert found(engine, "id:zz") == []


def test_series_filter(engine: SearchEngine) -> None:
    assert found(engine, "series:jwg-icc") == ["jwg-icc-4"]
    assert found(engine, "series:jwg") == ["jwg-icc-4", "jwg-it-2"]
    assert found(engine, "series:bpc") == ["bpc-4"]


def test_chair_filter(engine: SearchEngine) -> None:
    assert found(engine, "chair:weidong") == ["jwg-icc-4"]
    assert found(engine, 'chair:"sun weidong"') == ["jwg-icc-4"]
    assert found(engine, "chair:ahsan") == ["jcc-14"]
    # a chair's alias counts, a non-chair person does not
    assert found(engine, 'chair:"iqbal ahsan"') == ["jcc-14"]
    assert found(engine, "chair:baloch") == []


def test_person_filter(engine: SearchEngine) -> None:
    assert found(engine, "person:baloch") == ["jcc-14"]
    assert found(engine, "person:weidong") == ["jwg-icc-4"]
    assert found(engine, "person:muller") == ["jwg-it-2"]
    # "Wei-dong" in a statement is not a person
    assert "bpc-4" not in found(engine, "person:weidong")


def test_venue_filter(engine: SearchEngine) -> None:
    assert found(engine, "venue:beijing") == ["jcc-14", "bpc-4"]
    assert found(engine, "venue:china") == ["jcc-14", "bpc-4"]
    assert found(engine, "venue:CN") == ["jcc-14", "bpc-4"]
    assert found(engine, "venue:pakistan") == ["jwg-icc-4", "visit-2019-gwadar"]
    assert found(engine, "venue:gwadar") == ["visit-2019-gwadar"]


def test_mode_filter(engine: SearchEngine) -> None:
    assert found(engine, "mode:virtual") == ["jcc-14", "jwg-it-2"]
    assert found(engine, "mode:in-person") == ["bpc-4", "jwg-icc-4", "visit-2019-gwadar"]
    assert found(engine, 'mode:"in person"') == ["bpc-4", "jwg-icc-4", "visit-2019-gwadar"]
    assert found(engine, "mode:hybrid") == []


def test_sector_and_theme_filters(engine: SearchEngine) -> None:
    assert found(engine, "sector:agri") == ["jwg-icc-4"]
    assert found(engine, "sector:gwadar") == ["jcc-14"]
    assert found(engine, "theme:security") == ["bpc-4"]
    assert found(engine, "theme:covid") == ["mfa-briefing-2020"]


def test_outlet_filter(engine: SearchEngine) -> None:
    assert found(engine, "outlet:xinhua") == ["bpc-4"]
    assert found(engine, "outlet:dawn") == ["jcc-14"]
    assert len(found(engine, 'outlet:"business recorder"')) == 6


def test_year_filter(engine: SearchEngine) -> None:
    assert found(engine, "year:2024") == ["jwg-icc-4"]
    assert found(engine, "year:2025") == ["jcc-14", "bpc-4"]
    assert found(engine, "year:2021") == []


def test_date_ranges(engine: SearchEngine) -> None:
    assert found(engine, "date:2022..2024") == ["jwg-icc-4", "jwg-it-2"]
    assert found(engine, "date:..2020") == ["mfa-briefing-2020", "visit-2019-gwadar"]
    assert found(engine, "date:2025..") == ["jcc-14", "bpc-4"]
    assert found(engine, "date:2024-01") == ["jwg-icc-4"]
    assert found(engine, "date:2024-01-21") == ["jwg-icc-4"]
    assert found(engine, "date:2024-01-22") == []


def test_partial_dates_match_when_their_period_overlaps(engine: SearchEngine) -> None:
    # bpc-4 is "2025-01"; jwg-it-2 is "2022"
    assert found(engine, "date:2025-01-10") == ["bpc-4"]
    assert found(engine, "date:2025-01-31..2025-03") == ["bpc-4"]
    assert found(engine, "date:2022-06") == ["jwg-it-2"]
    assert found(engine, "date:2021-12-31..2022-01-01") == ["jwg-it-2"]


def test_has_filters(engine: SearchEngine) -> None:
    assert found(engine, "has:notes") == ["jwg-icc-4", "mfa-briefing-2020"]
    assert found(engine, "has:note") == ["jwg-icc-4", "mfa-briefing-2020"]
    assert found(engine, "has:conflicts") == ["jwg-icc-4"]
    assert found(engine, "-has:conflicts") == [i for i in IDS_NEWEST_FIRST if i != "jwg-icc-4"]


def test_tag_filter(engine: SearchEngine) -> None:
    assert found(engine, "tag:follow") == ["jwg-icc-4"]
    assert found(engine, "tag:WATER") == ["jwg-icc-4"]
    assert found(engine, "tag:#press") == ["mfa-briefing-2020"]
    assert found(engine, "tag:ghost") == []


# -- exclusion, OR, combinations ---------------------------------------------------------------


def test_exclusion(engine: SearchEngine) -> None:
    assert found(engine, "beijing -security") == ["jcc-14"]
    assert found(engine, "-beijing") == [
        "jwg-icc-4",
        "jwg-it-2",
        "mfa-briefing-2020",
        "visit-2019-gwadar",
    ]
    assert found(engine, '-"joint working group" series:jwg') == ["jwg-it-2"]
    assert found(engine, "-mode:virtual -mode:in-person") == ["mfa-briefing-2020"]


def test_excluding_an_unknown_word_excludes_nothing(engine: SearchEngine) -> None:
    assert len(found(engine, "-zzzzqqq")) == 6


def test_or(engine: SearchEngine) -> None:
    assert found(engine, "xinhua OR dawn") == ["jcc-14", "bpc-4"]
    either = found(engine, "islamabad OR gwadar OR zurich")
    assert set(either) == {"jcc-14", "jwg-icc-4", "jwg-it-2", "visit-2019-gwadar"}
    assert either[0] == "visit-2019-gwadar"  # "gwadar" in its id: tier 1


def test_or_binds_tighter_than_and(engine: SearchEngine) -> None:
    assert found(engine, "beijing OR islamabad security") == ["bpc-4"]
    assert found(engine, "security beijing OR islamabad") == ["bpc-4"]


def test_or_with_filters_phrases_and_exclusions(engine: SearchEngine) -> None:
    assert found(engine, 'chair:weidong OR "ma zhaoxu"') == ["bpc-4", "jwg-icc-4"]
    assert found(engine, "year:2019 OR year:2020") == ["mfa-briefing-2020", "visit-2019-gwadar"]
    assert found(engine, "-beijing OR security mode:in-person") == [
        "bpc-4",
        "jwg-icc-4",
        "visit-2019-gwadar",
    ]


def test_or_ranks_by_the_best_member(engine: SearchEngine) -> None:
    # lahore: title of jwg-it-2 (tier 1) beats the jcc-14 outcome (tier 2)
    result = engine.search("zzlahore OR lahore")
    assert ids(result)[:2] == ["jwg-it-2", "jcc-14"]


def test_everything_combined(engine: SearchEngine) -> None:
    query = 'series:jwg OR series:jcc -mode:virtual "agriculture cooperation" year:2024 sun'
    assert found(engine, query) == ["jwg-icc-4"]


# -- ranking ------------------------------------------------------------------------------------


def test_title_outranks_outcome_outranks_source(engine: SearchEngine) -> None:
    # lahore: jwg-it-2 title (tier 1), jcc-14 outcome (tier 2), bpc-4 source headline (tier 3)
    result = engine.search("lahore")
    assert ids(result) == ["jwg-it-2", "jcc-14", "bpc-4"]
    assert result.score(0) > result.score(1) > result.score(2) > 0


def test_co_chair_outranks_statement(engine: SearchEngine) -> None:
    assert found(engine, "weidong") == ["jwg-icc-4", "bpc-4"]


def test_recency_breaks_ties(engine: SearchEngine) -> None:
    result = engine.search("beijing")
    assert result.score(0) == result.score(1)
    assert ids(result) == ["jcc-14", "bpc-4"]


def test_more_words_in_better_fields_rank_higher(engine: SearchEngine) -> None:
    result = engine.search("joint")
    assert ids(result) == ["jcc-14", "jwg-icc-4"]  # both titles: newest first
    result = engine.search("joint agriculture")
    assert ids(result) == ["jwg-icc-4"]


def test_filters_alone_score_zero(engine: SearchEngine) -> None:
    result = engine.search("mode:virtual")
    assert [result.score(k) for k in range(len(result))] == [0.0, 0.0]


def test_note_match_ranks_below_record_match(engine: SearchEngine) -> None:
    engine2 = SearchEngine(Dataset.model_validate(DOCUMENT))
    engine2.set_notes([note("x", "jcc-14", "remember agriculture")])
    assert found(engine2, "agriculture") == ["jwg-icc-4", "jcc-14"]


# -- typos --------------------------------------------------------------------------------------


def test_typo_is_corrected(engine: SearchEngine) -> None:
    result = engine.search("agricultre")
    assert ids(result) == ["jwg-icc-4"]
    assert result.corrections == {"agricultre": "agriculture"}
    assert result.error is None


def test_typo_in_a_name(engine: SearchEngine) -> None:
    result = engine.search("Balloh")
    assert result.corrections == {"Balloh": "balloch"}
    assert ids(result) == ["visit-2019-gwadar"]


def test_transposition_is_a_typo(engine: SearchEngine) -> None:
    result = engine.search("islamabda")
    assert result.corrections == {"islamabda": "islamabad"}


def test_corrected_words_rank_below_exact_matches(engine: SearchEngine) -> None:
    exact = engine.search("islamabad")
    corrected = engine.search("islamabda")
    assert ids(exact) == ids(corrected)
    assert corrected.score(0) < exact.score(0)


def test_typo_with_other_words(engine: SearchEngine) -> None:
    result = engine.search("beijing securty")
    assert ids(result) == ["bpc-4"]
    assert result.corrections == {"securty": "security"}


def test_known_prefix_is_not_corrected(engine: SearchEngine) -> None:
    assert engine.search("agri").corrections == {}


def test_far_or_short_words_are_not_corrected(engine: SearchEngine) -> None:
    assert engine.search("qqqqqqqq").corrections == {}
    assert len(engine.search("qqqqqqqq")) == 0
    assert engine.search("zxq").corrections == {}


def test_excluded_words_are_not_corrected(engine: SearchEngine) -> None:
    result = engine.search("-agricultre")
    assert result.corrections == {}
    assert len(result) == 6


def test_typo_in_a_note(engine: SearchEngine) -> None:
    result = engine.search("desalinaton")
    assert result.corrections == {"desalinaton": "desalination"}
    assert ids(result) == ["jwg-icc-4"]


def test_typo_in_a_text_filter(engine: SearchEngine) -> None:
    result = engine.search("chair:weidnog")
    assert ids(result) == ["jwg-icc-4"]
    assert result.corrections == {"chair:weidnog": "chair:weidong"}


def test_did_you_mean_when_nothing_matches(engine: SearchEngine) -> None:
    # "balloch" exists (visit), but not with beijing; "baloch" (jcc-14) does
    result = engine.search("balloch beijing")
    assert len(result) == 0 and result.error is None
    assert result.did_you_mean == "baloch beijing"
    assert len(engine.search(result.did_you_mean)) == 1


def test_no_did_you_mean_when_results_or_nothing_close(engine: SearchEngine) -> None:
    assert engine.search("balloch").did_you_mean is None
    assert engine.search("qqqqqqqq").did_you_mean is None


def test_did_you_mean_drops_the_term_that_blocks_every_match(engine: SearchEngine) -> None:
    # nothing is close to "qqqqqqqq", so the best suggestion is the query without it
    result = engine.search("beijing  qqqqqqqq")
    assert len(result) == 0
    assert result.did_you_mean == "beijing"
    assert len(engine.search("beijing")) > 0
    assert engine.search("qqqqqqqq zzzzzzzz").did_you_mean is None


# -- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        '"unclosed',
        "chiar:sun",
        "date:2024..abc",
        "chair:",
        "year:abc",
        "has:x",
        "mode:x",
        "sector:zzz",
        "theme:zzz",
        "series:zzz",
        "a OR",
        "-",
    ],
)
def test_bad_queries_give_an_error_not_an_exception(engine: SearchEngine, query: str) -> None:
    result = engine.search(query)
    assert isinstance(result.error, QueryError)
    assert not result.error.internal
    assert len(result) == 0 and list(result.positions) == []
    assert result.corrections == {} and result.did_you_mean is None


def test_unknown_field_error_suggests(engine: SearchEngine) -> None:
    error = engine.search("chiar:sun").error
    assert error is not None and error.suggestion == "chair:"
    assert error.fixed_query == "chair:sun"


def test_an_internal_failure_becomes_an_error(
    dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = SearchEngine(dataset)

    def broken(text: str) -> SearchResult:
        raise RuntimeError("bug")

    monkeypatch.setattr(engine, "_search", broken)
    result = engine.search("energy")
    assert result.error is not None and result.error.internal
    assert "could not be run" in result.error.message
    assert isinstance(result.error.__cause__, RuntimeError)
    assert len(result) == 0


def test_non_string_input_does_not_raise(engine: SearchEngine) -> None:
    assert len(engine.search(None)) == 0  # type: ignore[arg-type]


# -- spans and snippets -------------------------------------------------------------------------


def fields_of(engine: SearchEngine, meeting_id: str) -> dict[str, str]:
    m = engine.meetings[engine.position(meeting_id) or 0]
    return {
        path: text
        for path, _tier, text in searchable_fields(m, engine.sources, engine.notes_for(m.id))
    }


def highlighted(engine: SearchEngine, query: str, meeting_id: str) -> dict[str, list[str]]:
    result = engine.search(query)
    m = engine.meetings[engine.position(meeting_id) or 0]
    texts = fields_of(engine, meeting_id)
    return {path: [texts[path][a:b] for a, b in spans] for path, spans in result.spans(m).items()}


def test_spans_of_a_word(engine: SearchEngine) -> None:
    result = engine.search("weidong")
    m = result.meeting(0)
    spans = result.spans(m)
    assert spans == {"co_chairs[0].name": [(4, 11)]}


def test_spans_of_a_prefix_highlight_the_prefix(engine: SearchEngine) -> None:
    assert highlighted(engine, "agri", "jwg-icc-4") == {
        "outcomes[0].text": ["agri"],
        "sectors[0]": ["Agri"],
    }


def test_spans_of_a_hyphenated_word(engine: SearchEngine) -> None:
    assert highlighted(engine, "Wei-dong", "bpc-4") == {"statements[0].text": ["Wei-dong"]}
    assert highlighted(engine, "weid", "bpc-4") == {"statements[0].text": ["Wei-d"]}
    assert highlighted(engine, "dong", "bpc-4") == {"statements[0].text": ["dong"]}
    assert highlighted(engine, "weidong", "jwg-icc-4") == {"co_chairs[0].name": ["Weidong"]}


def test_spans_map_back_through_accents(engine: SearchEngine) -> None:
    assert highlighted(engine, "zur muller", "jwg-it-2") == {
        "people[0].name": ["Müller"],
        "people[0].organisation": ["Zür"],
    }


def test_spans_of_a_phrase(engine: SearchEngine) -> None:
    assert highlighted(engine, '"railway gwadar"', "jcc-14") == {
        "outcomes[0].text": ["railway, Gwadar"]
    }


def test_spans_of_filters(engine: SearchEngine) -> None:
    assert highlighted(engine, "chair:sun mode:in-person year:2024 sector:agri", "jwg-icc-4") == {
        "co_chairs[0].name": ["Sun"],
        "venue.mode": ["In person"],
        "date.value": ["2024-01-21"],
        "sectors[0]": ["Agriculture"],
    }
    assert highlighted(engine, "venue:pk series:jwg id:jwg-i", "jwg-icc-4") == {
        "id": ["jwg-i"],
        "label": ["JWG-ICC"],
        "venue.country": ["Pakistan"],
    }
    assert highlighted(engine, "outlet:xinhua theme:security", "bpc-4") == {
        "sources[s2].outlet": ["Xinhua"],
        "themes[0]": ["Security"],
    }


def test_spans_in_notes(engine: SearchEngine) -> None:
    assert highlighted(engine, "desalination tag:water", "jwg-icc-4") == {
        "notes[n1].text": ["desalination"],
        "notes[n1].tags[1]": ["Water"],
    }


def test_spans_of_a_corrected_word(engine: SearchEngine) -> None:
    assert highlighted(engine, "islamabda", "jwg-icc-4") == {"venue.city": ["Islamabad"]}


def test_excluded_terms_are_not_highlighted(engine: SearchEngine) -> None:
    assert highlighted(engine, "beijing -jcc", "bpc-4") == {"venue.city": ["Beijing"]}


def test_spans_of_every_or_member(engine: SearchEngine) -> None:
    assert highlighted(engine, "xinhua OR beijing", "bpc-4") == {
        "venue.city": ["Beijing"],
        "sources[s2].outlet": ["Xinhua"],
    }


def test_no_spans_for_filters_without_text(engine: SearchEngine) -> None:
    result = engine.search("has:conflicts")
    assert result.spans(result.meeting(0)) == {}


def test_spans_are_sorted_and_do_not_overlap(engine: SearchEngine) -> None:
    result = engine.search('joint jo "joint working" cooperation co')
    for k in range(len(result)):
        for spans in result.spans(result.meeting(k)).values():
            assert spans == sorted(spans)
            assert all(a < b for a, b in spans)
            assert all(spans[i][1] < spans[i + 1][0] for i in range(len(spans) - 1))


def test_matched_fields_best_tier_first(engine: SearchEngine) -> None:
    result = engine.search("lahore")
    assert result.matched_fields(0) == ["title"]
    assert result.matched_fields(1) == ["outcomes[0].text"]
    assert result.matched_fields(2) == ["sources[s2].headline"]
    result = engine.search("agriculture desalination")
    assert result.matched_fields(0) == ["outcomes[0].text", "sectors[0]", "notes[n1].text"]


def test_snippet_of_a_short_text_is_the_text() -> None:
    assert snippet("Sun Weidong", [(4, 11)]) == ("Sun Weidong", [(4, 11)])


def test_snippet_cuts_around_the_first_span() -> None:
    text = " ".join(f"word{i}" for i in range(40)) + " target " + "tail " * 30
    start = text.index("target")
    window, spans = snippet(text, [(start, start + 6)], width=40)
    assert len(window) <= 40
    assert window.startswith("…") and window.endswith("…")
    (span,) = spans
    assert window[span[0] : span[1]] == "target"


def test_snippet_at_the_end_uses_the_whole_width() -> None:
    text = "x" * 100 + " target"
    window, spans = snippet(text, [(101, 107)], width=30)
    assert len(window) == 30 and window.startswith("…") and window.endswith("target")
    assert window[spans[0][0] : spans[0][1]] == "target"


def test_snippet_without_spans_starts_at_the_beginning() -> None:
    window, spans = snippet("a" * 100, [], width=10)
    assert window == "a" * 9 + "…" and spans == []


def test_snippet_flattens_line_breaks_and_clips_spans() -> None:
    window, spans = snippet("line one\nline two", [(5, 8)], width=80)
    assert window == "line one line two" and spans == [(5, 8)]
    text = "a" * 50 + "b" * 50
    window, spans = snippet(text, [(40, 100)], width=20)
    assert len(window) <= 20
    assert all(0 <= a < b <= len(window) for a, b in spans)


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=200),
    st.lists(st.tuples(st.integers(0, 200), st.integers(0, 200)), max_size=4),
    st.integers(1, 100),
)
def test_snippet_never_breaks(text: str, raw_spans: list[tuple[int, int]], width: int) -> None:
    spans = sorted((min(a, b, len(text)), min(max(a, b), len(text))) for a, b in raw_spans)
    window, shifted = snippet(text, spans, width)
    assert len(window) <= max(width, 1) or len(window) == len(text) <= width
    assert all(0 <= a < b <= len(window) for a, b in shifted)


def test_spans_line_up_with_snippets(engine: SearchEngine) -> None:
    result = engine.search("railway")
    m = result.meeting(0)
    path, spans = next(iter(result.spans(m).items()))
    window, shifted = snippet(fields_of(engine, m.id)[path], spans, width=30)
    assert [window[a:b] for a, b in shifted] == ["railway"]


# -- notes --------------------------------------------------------------------------------------


def test_set_notes_reindexes(dataset: Dataset) -> None:
    engine = SearchEngine(dataset)
    assert found(engine, "kumquat") == []
    engine.set_notes([note("k", "bpc-4", "kumquat diplomacy", ["fruit"])])
    assert found(engine, "kumquat") == ["bpc-4"]
    assert found(engine, "tag:fruit") == ["bpc-4"]
    assert found(engine, '"kumquat diplomacy"') == ["bpc-4"]
    engine.set_notes([])
    assert found(engine, "kumquat") == []
    assert found(engine, '"kumquat diplomacy"') == []
    assert found(engine, "has:notes") == []


def test_engine_accepts_notes_up_front(dataset: Dataset) -> None:
    engine = SearchEngine(dataset, NOTES)
    assert found(engine, "desalination") == ["jwg-icc-4"]


# -- the field definitions ----------------------------------------------------------------------


def test_searchable_fields_paths_and_tiers(engine: SearchEngine) -> None:
    m = engine.meetings[engine.position("jwg-icc-4") or 0]
    fields = list(searchable_fields(m, engine.sources, NOTES))
    by_path = {path: (tier, text) for path, tier, text in fields}
    assert by_path["id"] == (1, "jwg-icc-4")
    assert by_path["label"] == (1, "JWG-ICC 4")
    assert by_path["co_chairs[0].name"] == (1, "Sun Weidong")
    assert by_path["co_chairs[0].title"] == (2, "Vice Minister for Foreign Affairs")
    assert by_path["venue.country"] == (2, "Pakistan")
    assert by_path["venue.mode"] == (2, "In person")
    assert by_path["sectors[0]"] == (2, "Agriculture")
    assert by_path["themes[0]"] == (2, "Countering disinformation")
    assert by_path["conflicts[0].summary"][0] == 2
    assert by_path["sources[s1].outlet"] == (3, "Business Recorder")
    assert by_path["notes[n1].text"] == (3, "Follow up on the desalination plant.")
    assert by_path["notes[n1].tags[0]"] == (3, "follow-up")
    assert "notes[n2].text" not in by_path  # another meeting's note
    assert len(by_path) == len(fields)


def test_fast_tier_texts_match_the_field_definition(dataset: Dataset) -> None:
    sources = {source.key: source for source in dataset.sources}
    for m in dataset.meetings:
        fields = list(meeting_fields(m, sources))
        for tier in (1, 2, 3):
            expected = sorted(text for _, t, text, _ in fields if t == tier)
            assert sorted(tier_texts(m, sources, tier)) == expected


def test_kinds_are_paths_without_indices(engine: SearchEngine) -> None:
    for m in engine.meetings:
        for path, _tier, _text, kind in kinded_fields(m, engine.sources, NOTES):
            stripped = "".join(part.split("]")[-1] for part in path.split("["))
            assert stripped == kind


# -- the bundled dataset ------------------------------------------------------------------------


def bundled() -> Iterator[Dataset]:
    from cpec_tui.store.dataset import load_dataset

    try:
        yield load_dataset(paths.bundled_dataset())
    except Exception:  # being written concurrently: skip rather than fail
        return


@pytest.mark.parametrize("query", ["", "weidong", "sector:agri", "jcc OR jwg", "-virtual"])
def test_bundled_dataset_searches(query: str) -> None:
    datasets = list(bundled())
    if not datasets:
        pytest.skip("the bundled dataset does not load yet")
    engine = SearchEngine(datasets[0])
    result = engine.search(query)
    assert result.error is None
    for k in range(min(len(result), 5)):
        result.spans(result.meeting(k))
        result.matched_fields(k)
    if query == "":
        assert len(result) == len(datasets[0].meetings)


# -- never raises -------------------------------------------------------------------------------

QUERY_PIECES = st.sampled_from(
    [
        "a",
        "agri",
        "weidong",
        "Wei-dong",
        "zzz",
        "beijing",
        "OR",
        "AND",
        "-",
        '"',
        " ",
        "  ",
        "chair:",
        "sun",
        "venue:",
        "mode:",
        "virtual",
        "date:",
        "2024",
        "..",
        "year:",
        "has:",
        "notes",
        "tag:",
        "sector:",
        "energy",
        "theme:",
        "series:",
        "jwg",
        "id:",
        "jcc",
        "outlet:",
        "person:",
        "é",
        "\u2019",
        ":",
        "(",
        ")",
        "#",
        "\n",
        "\u201c",
        "agricultre",
    ]
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(QUERY_PIECES, max_size=12).map("".join))
def test_search_never_raises_on_query_like_input(engine: SearchEngine, text: str) -> None:
    check_result(engine, text)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=40))
def test_search_never_raises_on_any_text(engine: SearchEngine, text: str) -> None:
    check_result(engine, text)


def check_result(engine: SearchEngine, text: str) -> None:
    result = engine.search(text)
    assert result.query == text
    if result.error is not None:
        assert not result.error.internal, result.error.message
        assert len(result) == 0
        return
    positions = list(result.positions)
    assert len(positions) == len(result) == len(set(positions))
    assert all(0 <= p < len(engine.meetings) for p in positions)
    scores = [result.score(k) for k in range(len(result))]
    assert scores == sorted(scores, reverse=True)
    for k in range(min(len(result), 3)):
        m: Meeting = result.meeting(k)
        texts = fields_of(engine, m.id)
        for path, spans in result.spans(m).items():
            assert path in texts
            assert all(0 <= a < b <= len(texts[path]) for a, b in spans)
        result.matched_fields(k)
