"""Comparing two meetings: people matched however spelt, vocabularies split, outcomes
aligned one to one by similarity, and the previous round of a series."""

from __future__ import annotations

from cpec_tui.models import SourcedText
from cpec_tui.views.compare import (
    RECURRING_AT,
    align_outcomes,
    compare,
    conflicts,
    previous_round,
    similarity,
    split,
)
from tests.views_data import engine_of, meeting, meetings_of, person


def _texts(*texts: str) -> list[SourcedText]:
    return [SourcedText(text=text, sources=[f"s{i + 1}"]) for i, text in enumerate(texts)]


def test_split_keeps_order_and_drops_repeats() -> None:
    found = split(["energy", "industry", "energy"], ["media", "industry"])
    assert (found.shared, found.only_a, found.only_b) == (("industry",), ("energy",), ("media",))
    empty = split([], [])
    assert (empty.shared, empty.only_a, empty.only_b) == ((), (), ())


def test_co_chairs_match_by_folded_name_and_aliases() -> None:
    a = meeting(
        "jcc-1",
        "2013",
        co_chairs=[
            person("Sun Weidong", "CN", title="Vice Minister"),
            person("Ahsan Iqbal"),
        ],
    )
    b = meeting(
        "jcc-2",
        "2014",
        co_chairs=[
            person("SUN Wei-dong", "CN", title="Vice Foreign Minister"),
            person("Khusro Bakhtiar", aliases=["Ahsan Iqbal Khan"]),
            person("Asad Umar"),
        ],
    )
    chairs = compare(a, b).co_chairs
    assert [(p.a.name, p.b.name, p.b.title) for p in chairs.stayed] == [
        ("Sun Weidong", "SUN Wei-dong", "Vice Foreign Minister")
    ]
    assert [p.name for p in chairs.only_a] == ["Ahsan Iqbal"]
    assert [p.name for p in chairs.only_b] == ["Khusro Bakhtiar", "Asad Umar"]


def test_an_alias_links_two_spellings_but_not_across_countries() -> None:
    a = meeting("jcc-1", "2013", co_chairs=[person("Tehmina Janjua", aliases=["Tahmina Janjua"])])
    b = meeting(
        "jcc-2", "2014", co_chairs=[person("Tahmina Janjua"), person("Tehmina Janjua", "CN")]
    )
    chairs = compare(a, b).co_chairs
    assert [(p.a.name, p.b.name) for p in chairs.stayed] == [("Tehmina Janjua", "Tahmina Janjua")]
    assert [(p.name, p.country) for p in chairs.only_b] == [("Tehmina Janjua", "CN")]


def test_similarity_sees_paraphrases_and_ignores_function_words() -> None:
    assert similarity("Agreed on energy cooperation.", "agreed on ENERGY cooperation") == 1.0
    assert similarity("Agreed on industry.", "Agreed on industrialisation.") == 1.0
    assert similarity("of the and", "of the and") == 0.0, "no content words, no match"
    assert similarity("Launched Gwadar port.", "Rejected disinformation.") == 0.0


def test_outcomes_align_one_to_one_best_first() -> None:
    a = _texts(
        "Agreed to expand energy cooperation and power projects.",
        "Agreed to expand energy cooperation.",
        "Rejected disinformation about the corridor.",
    )
    b = _texts(
        "Both sides agreed to expand energy cooperation.",
        "Opened a new railway line.",
    )
    aligned = align_outcomes(a, b)
    assert [(pair.a.text, pair.b.text) for pair in aligned.recurring] == [
        ("Agreed to expand energy cooperation.", "Both sides agreed to expand energy cooperation.")
    ]
    assert aligned.recurring[0].similarity >= RECURRING_AT
    assert [item.text for item in aligned.only_a] == [
        "Agreed to expand energy cooperation and power projects.",
        "Rejected disinformation about the corridor.",
    ]
    assert [item.text for item in aligned.only_b] == ["Opened a new railway line."]
    assert aligned.only_b[0].sources == ["s2"], "every line keeps its source keys"
    nothing = align_outcomes([], b)
    assert (nothing.recurring, len(nothing.only_b)) == ((), 2)


def test_compare_keeps_both_meetings_conflicts() -> None:
    disputed = {
        "id": "T-1",
        "fields": ["date"],
        "summary": "One report says Monday.",
        "resolution": "Keep the date.",
        "sources": ["s1", "s2"],
    }
    a = meeting("jcc-1", "2013", conflicts=[disputed], sectors=["energy"], themes=["security"])
    b = meeting("jcc-2", "2014", sectors=["energy", "media"])
    comparison = compare(a, b)
    assert [(side, c.summary) for side, c in conflicts(comparison)] == [
        ("a", "One report says Monday.")
    ]
    both = conflicts(compare(a, a))
    assert [side for side, _ in both] == ["a", "b"], "the same meeting twice: both sides"
    assert comparison.sectors.shared == ("energy",)
    assert comparison.themes.only_a == ("security",)
    assert comparison.same_venue, "neither records a venue"


def test_previous_round_by_number_then_by_date() -> None:
    meetings = meetings_of(
        meeting("jcc-1", "2013", sequence=1),
        meeting("jcc-4", "2015", sequence=4),
        meeting("jcc-5", "2016", sequence=5),
        meeting("jcc-x", "2014"),
        meeting("jwg-icc-3", "2015", series="jwg-icc", sequence=3),
        meeting("brief-1", "2022-01-01", series="mfa-briefing"),
        meeting("brief-2", "2022-02-01", series="mfa-briefing"),
    )
    assert previous_round(meetings, "jcc-5") == "jcc-4"
    assert previous_round(meetings, "jcc-4") == "jcc-1", "round 2 and 3 are missing"
    assert previous_round(meetings, "jcc-1") is None
    assert previous_round(meetings, "jwg-icc-3") is None, "another series does not count"
    assert previous_round(meetings, "brief-2") == "brief-1"
    assert previous_round(meetings, "brief-1") is None
    assert previous_round(meetings, "nope") is None


def test_previous_round_through_the_index_agrees() -> None:
    engine = engine_of(
        meeting("jcc-1", "2013", sequence=1),
        meeting("jcc-3", "2015", sequence=3),
        meeting("jcc-x", "2014"),
        meeting("bpc-2", "2014", series="bpc", sequence=2),
        meeting("brief-1", "2022-01-01", series="mfa-briefing"),
        meeting("brief-2", "2022-02-01", series="mfa-briefing"),
    )
    for meeting_id in engine.meetings.ids:
        expected = previous_round(engine.meetings, meeting_id)
        assert previous_round(engine.meetings, meeting_id, engine.index.series) == expected
    assert previous_round(engine.meetings, "jcc-3", engine.index.series) == "jcc-1"
    assert previous_round(engine.meetings, "jcc-x", engine.index.series) == "jcc-1", "by date"
