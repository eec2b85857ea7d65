"""Completing the word being typed: field names and vocabulary values (cpec_tui.search.complete)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpec_tui.search.complete import VALUES, complete
from cpec_tui.search.query import FIELDS, parse


@pytest.mark.parametrize(
    ("typed", "completed"),
    [
        ("sec", "sector:"),
        ("sector", "sector:"),
        ("SEC", "SECtor:"),
        ("energy ch", "energy chair:"),
        ("-ser", "-series:"),
        ("sector:agr", "sector:agriculture"),
        ("sector:Agr", "sector:Agriculture"),
        ("sector:", "sector:agriculture"),
        ("energy -sector:inf", "energy -sector:information-technology"),
        ("Sector:spec", "Sector:special-economic-zones"),
        ("series:jwg-e", "series:jwg-energy"),
        ("theme:cov", "theme:covid-19"),
        ("mode:v", "mode:virtual"),
        ("has:c", "has:conflicts"),
        ("gwadar OR yea", "gwadar OR year:"),
    ],
)
def test_completes_the_last_word(typed: str, completed: str) -> None:
    assert complete(typed) == completed


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "s",  # one letter: too little to offer a field
        "sector:agriculture",  # already complete
        "sector ",  # after a space the next word has not begun
        "weidong",  # no field begins so
        "sector:farming",  # no value begins so (the parser's error suggests one)
        "chair:sun",  # a free-text field has no vocabulary
        '"third sec',  # inside a phrase
        'sector:"agr',  # a quoted value
        "bogus:x",
    ],
)
def test_offers_nothing_when_nothing_fits(typed: str) -> None:
    assert complete(typed) is None


def test_every_field_completes_and_every_value_offered_parses() -> None:
    for field in FIELDS:
        assert complete(field[:-1] if len(field) > 2 else field) == f"{field}:"
    for field, values in VALUES.items():
        for value in values:
            offered = complete(f"{field}:{value[:-1]}")
            assert offered is not None and offered.startswith(f"{field}:{value[:-1]}")
            parse(offered)  # raises if the parser would not take the value offered


@given(st.text(max_size=30))
def test_a_completion_only_adds_to_what_was_typed(typed: str) -> None:
    completed = complete(typed)
    if completed is not None:
        assert completed.startswith(typed) and len(completed) > len(typed)
