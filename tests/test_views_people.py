"""People: one entry per person across spellings and titles, their meetings newest first."""

from __future__ import annotations

from cpec_tui.views.people import PeopleIndex, build_people
from tests.views_data import meeting, person

HOSTILE = "Evil \x1b]52;c;aGVsbG8=\x07 [bold]x[/] \u202eedoc"


def test_one_entry_per_person_across_spellings_titles_and_roles() -> None:
    people = build_people(
        [
            meeting(
                "jwg-icc-5",
                "2025-01-10",
                series="jwg-icc",
                sequence=5,
                co_chairs=[person("Sun Weidong", "CN", title="Vice Foreign Minister")],
                # Named and co-chair at one meeting: listed once, as co-chair.
                people=[person("SUN Wei-dong", "CN", title="Head of delegation")],
            ),
            meeting(
                "jwg-icc-4",
                "2024-01-21",
                series="jwg-icc",
                sequence=4,
                co_chairs=[person("Sun Weidong", "CN", title="Vice Minister for Foreign Affairs")],
            ),
            meeting(
                "bpc-3",
                "2023-03-18",
                series="bpc",
                sequence=3,
                people=[person("Sun Wei-dong", "CN", title="Vice Foreign Minister")],
            ),
        ]
    )
    (sun,) = people
    assert (sun.name, sun.country) == ("Sun Weidong", "CN")
    assert sun.aliases == ("SUN Wei-dong", "Sun Wei-dong")
    assert [(a.id, a.date, a.role, a.title) for a in sun.meetings] == [
        ("jwg-icc-5", "2025-01-10", "co-chair", "Vice Foreign Minister"),
        ("jwg-icc-4", "2024-01-21", "co-chair", "Vice Minister for Foreign Affairs"),
        ("bpc-3", "2023-03-18", "named", "Vice Foreign Minister"),
    ]
    assert [(t.title, t.first, t.last) for t in sun.titles] == [
        ("Vice Foreign Minister", "2023-03-18", "2025-01-10"),
        ("Vice Minister for Foreign Affairs", "2024-01-21", "2024-01-21"),
    ]


def test_an_alias_met_later_joins_two_entries_into_one() -> None:
    people = build_people(
        [
            meeting("jcc-1", "2013", sequence=1, co_chairs=[person("Khusro Bakhtiar")]),
            meeting("jcc-2", "2014", sequence=2, co_chairs=[person("Makhdum Khusro Bakhtyar")]),
            meeting(
                "jcc-3",
                "2015",
                sequence=3,
                co_chairs=[person("Makhdum Khusro Bakhtyar", aliases=["Khusro Bakhtiar"])],
            ),
        ]
    )
    (entry,) = people
    assert entry.name == "Makhdum Khusro Bakhtyar", "the spelling written most often"
    assert [a.id for a in entry.meetings] == ["jcc-3", "jcc-2", "jcc-1"]
    assert entry.titles == (), "no title given anywhere"


def test_same_name_in_two_countries_is_two_people() -> None:
    people = build_people(
        [meeting("jcc-1", "2013", co_chairs=[person("Ali Khan", "PK"), person("Ali Khan", "CN")])]
    )
    assert [(p.name, p.country) for p in people] == [("Ali Khan", "CN"), ("Ali Khan", "PK")]


def test_filter_matches_names_titles_and_country_by_word_prefix() -> None:
    people = build_people(
        [
            meeting(
                "jcc-1",
                "2013",
                co_chairs=[
                    person("Ahsan Iqbal", title="Minister for Planning"),
                    person("Sun Weidong", "CN", aliases=["Wei-dong Sun"]),
                ],
            )
        ]
    )
    index = PeopleIndex(people)
    assert [p.name for p in index.search("weid")] == ["Sun Weidong"]
    assert [p.name for p in index.search("Wéi-dong")] == ["Sun Weidong"]
    assert [p.name for p in index.search("dong")] == ["Sun Weidong"], "a part of Wei-dong"
    assert [p.name for p in index.search("planning AHSAN")] == ["Ahsan Iqbal"]
    assert [p.name for p in index.search("china")] == ["Sun Weidong"]
    assert [p.name for p in index.search("pk")] == ["Ahsan Iqbal"]
    assert index.search("ahsan china") == []
    assert index.search("zzz") == []
    assert [p.name for p in index.search("")] == ["Ahsan Iqbal", "Sun Weidong"]
    assert PeopleIndex([]).search("sun") == []


def test_hostile_names_are_kept_as_given_and_still_one_person() -> None:
    people = build_people(
        [
            meeting("jcc-1", "2013", co_chairs=[person(HOSTILE)]),
            meeting("jcc-2", "2014", co_chairs=[person(HOSTILE.upper())]),
            meeting("jcc-3", "2015"),
        ]
    )
    (entry,) = people
    assert entry.name in (HOSTILE, HOSTILE.upper())
    assert len(entry.meetings) == 2
    assert build_people([]) == []
