"""An engine rebuilt from a saved index state answers exactly like one that built its index."""

from __future__ import annotations

import marshal
from collections.abc import Iterator
from typing import Any

import pytest

from bench.generate import generate_dataset
from cpec_tui import paths
from cpec_tui.meetings import Meetings
from cpec_tui.models import Dataset, Meeting, Note
from cpec_tui.search import SearchEngine, SearchResult
from cpec_tui.search.fields import tier_texts
from cpec_tui.search.index import INDEX_FORMAT, DatasetIndex, IndexStateError
from cpec_tui.search.normalize import normalize
from cpec_tui.search.spans import phrase_text
from cpec_tui.store.dataset import load_dataset

FIXED_QUERIES = [
    "",
    "   ",
    "cooperation",
    "coop",
    "energy cooperation",
    "energy OR agriculture",
    "energy OR agriculture OR railway",
    "-energy",
    "cooperation -energy",
    '"joint working group"',
    '"working gr"',
    '-"joint working"',
    "agricultre",
    "cooperatoin energy",
    "desalinaton",
    "qqqqqqqq",
    "beijing  qqqqqqqq",
    "series:jcc",
    "series:jwg-icc OR series:jcc",
    "sector:energy",
    "theme:security",
    "mode:virtual",
    "mode:in-person islamabad",
    "venue:beijing",
    "venue:pk",
    "venue:islamabda",
    "chair:sun",
    'chair:"sun weidong"',
    "chair:weidnog",
    "person:iqbal",
    "outlet:xinhua",
    "year:2024",
    "year:2016..2019",
    "date:2022..2024",
    "date:2024-01",
    "date:..2020",
    "has:conflicts",
    "has:notes",
    "tag:follow",
    "id:jcc",
    "chiar:sun",
    '"unclosed',
    "a OR",
]


def _queries(engine: SearchEngine) -> Iterator[str]:
    """The fixed queries, and words, prefixes, phrases and typos taken from the data."""
    yield from FIXED_QUERIES
    for meeting in engine.meetings[:: max(1, len(engine.meetings) // 12)]:
        words = [w for w in normalize(meeting.title).split() if w.isalpha()]
        long_words = [w for w in words if len(w) >= 7]
        if words:
            yield words[0]
            yield words[-1][:3]
        if len(words) >= 2:
            yield f'"{words[0]} {words[1]}"'
            yield f"{words[-1]} OR {words[0]}"
            yield f"-{words[1]} {words[0]}"
        if long_words:
            word = long_words[0]
            yield word[0] + word[2] + word[1] + word[3:]  # a transposition
            yield word[:-1] + "q"
        if meeting.co_chairs:
            yield f'chair:"{meeting.co_chairs[0].name}"'
        if meeting.venue is not None and meeting.venue.city is not None:
            yield f"venue:{meeting.venue.city.split()[0]}"
        yield f"id:{meeting.id[:5]}"
        yield f"date:{meeting.date.value}"


def _answer(result: SearchResult) -> dict[str, Any]:
    positions = list(result.positions)
    shown = positions[:40]
    return {
        "positions": positions,
        "scores": [result.score(k) for k in range(len(shown))],
        "corrections": result.corrections,
        "did_you_mean": result.did_you_mean,
        "error": (result.error.message, result.error.start, result.error.end)
        if result.error is not None
        else None,
        "spans": [result.spans(result.meeting(k)) for k in range(min(5, len(result)))],
    }


def _round_trip(state: dict[str, Any]) -> object:
    """The state as the cache gives it back."""
    return marshal.loads(marshal.dumps(state))


def _note(meeting_id: str, number: int) -> Note:
    return Note.model_validate(
        {
            "id": f"n{number}",
            "meeting": meeting_id,
            "text": f"Follow up on the cooperation agreement {number}",
            "tags": ["follow-up"],
            "created": "2024-05-01T10:00:00Z",
            "updated": "2024-05-01T10:00:00Z",
        }
    )


def _assert_same_answers(dataset: Dataset) -> None:
    built = SearchEngine(dataset)
    restored = SearchEngine(dataset, index_state=_round_trip(built.index_state()))
    assert [m.id for m in restored.meetings] == [m.id for m in built.meetings]
    queries = list(dict.fromkeys(_queries(built)))
    assert len(queries) > 60
    seen: set[str] = set()
    for query in queries:
        answer = _answer(built.search(query))
        assert _answer(restored.search(query)) == answer, query
        kinds = ("positions", "corrections", "did_you_mean", "error")
        seen.update(kind for kind in kinds if answer[kind])
        if answer["positions"] and query.startswith('"'):
            seen.add("phrase")
    # The queries did exercise matches, typo corrections, suggestions, errors and phrases.
    assert seen == {"positions", "corrections", "did_you_mean", "error", "phrase"}
    # With notes too (the notes index is never cached; it must combine the same way).
    notes = [_note(meeting.id, i) for i, meeting in enumerate(built.meetings[:3])]
    built.set_notes(notes)
    restored.set_notes(notes)
    for query in ["follow", "tag:follow", "has:notes", "cooperation agreement", "folow"]:
        assert _answer(restored.search(query)) == _answer(built.search(query)), query


def test_bundled_dataset_answers_the_same_from_a_saved_state() -> None:
    _assert_same_answers(load_dataset(paths.bundled_dataset()))


@pytest.fixture(scope="module")
def generated() -> Dataset:
    return Dataset.model_validate(generate_dataset(300))


def test_generated_dataset_answers_the_same_from_a_saved_state(generated: Dataset) -> None:
    _assert_same_answers(generated)


def test_phrases_from_a_saved_state(generated: Dataset) -> None:
    built = SearchEngine(generated)
    restored = SearchEngine(generated, index_state=_round_trip(built.index_state()))
    for position in (0, 7, len(built.meetings) - 1):
        texts = restored.index.phrase_texts(position)
        assert texts == built.index.phrase_texts(position)
        meeting = built.meetings[position]
        assert texts[0] == phrase_text(tier_texts(meeting, built.sources, 1))
    title = normalize(built.meetings[7].title).split()
    for phrase in (f'"{title[0]} {title[1]}"', f'"{title[1]} {title[2]}"'):
        assert _answer(restored.search(phrase)) == _answer(built.search(phrase))


def test_the_state_is_plain_values(generated: Dataset) -> None:
    state = SearchEngine(generated).index_state()
    assert state["format"] == INDEX_FORMAT
    assert _round_trip(state) == state  # marshal writes only plain values


def _reordered(dataset: Dataset) -> Dataset:
    return Dataset.model_construct(
        version=1, sources=dataset.sources, meetings=list(reversed(dataset.meetings))
    )


def test_the_state_orders_meetings_given_in_any_order(generated: Dataset) -> None:
    built = SearchEngine(generated)
    restored = SearchEngine(_reordered(generated), index_state=_round_trip(built.index_state()))
    assert [m.id for m in restored.meetings] == [m.id for m in built.meetings]


def _other_meetings(dataset: Dataset) -> list[Meeting]:
    first = dataset.meetings[0]
    return [first.model_copy(update={"id": first.id + "-other"}), *dataset.meetings[1:]]


def test_a_state_that_does_not_fit_is_refused(generated: Dataset) -> None:
    state = SearchEngine(generated).index_state()
    meetings = Meetings.of(generated.meetings)
    bad: list[object] = [
        None,
        [],
        b"garbage",
        {},
        {**state, "format": INDEX_FORMAT + 1},
        {**state, "size": len(meetings) + 1},
        {**state, "ids": state["ids"][:-1]},
        {**state, "ids": list(reversed(state["ids"]))},
        {**state, "id_positions": [0] * len(meetings)},
        {**state, "tiers": state["tiers"][:2]},
        {**state, "tiers": [state["tiers"][0], state["tiers"][1], ([], [], [1])]},
        {**state, "chair": (state["chair"][0], state["chair"][1][:-1], state["chair"][2])},
        {**state, "first_day": b"\x00\x00"},
        {**state, "conflicts": -1},
        {**state, "conflicts": 1 << len(meetings)},
        {**state, "series": {"jcc": "not a bitmap"}},
        {**state, "years": {}},
        {**state, "corrector": ([], [], [])},
        {key: value for key, value in state.items() if key != "venue"},
    ]
    for wrong in bad:
        with pytest.raises(IndexStateError):
            DatasetIndex.from_state(meetings, wrong)
        if wrong is not None:  # (None: no state, build the index)
            with pytest.raises(IndexStateError):
                SearchEngine(generated, index_state=wrong)
    with pytest.raises(IndexStateError, match="another dataset"):
        DatasetIndex.from_state(Meetings.of(_other_meetings(generated)), state)
    with pytest.raises(IndexStateError):
        DatasetIndex.from_state(Meetings.of(meetings[:-1]), state)
