"""The query parser: every operator, field, and kind of bad query (cpec_tui.search.query)."""

from __future__ import annotations

import datetime as dt
from typing import cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpec_tui.search.normalize import compact
from cpec_tui.search.query import (
    FIELDS,
    VOCABULARIES,
    AnyOf,
    DateFilter,
    HasFilter,
    IdFilter,
    ModeFilter,
    Not,
    Phrase,
    QueryError,
    TagFilter,
    TextFilter,
    VocabField,
    VocabFilter,
    Word,
    date_period,
    parse,
)
from cpec_tui.vocabulary import SECTOR_SYNONYMS, SERIES_SYNONYMS, THEME_SYNONYMS


def day(text: str) -> int:
    return dt.date.fromisoformat(text).toordinal()


def error_of(text: str) -> QueryError:
    with pytest.raises(QueryError) as caught:
        parse(text)
    return caught.value


# -- plain words and phrases -------------------------------------------------------------------


def test_empty_and_blank_queries_have_no_clauses() -> None:
    assert parse("").empty
    assert parse("   \t ").clauses == ()


def test_words_are_normalized_and_keep_their_offsets() -> None:
    query = parse("  Wéi-Dong  AGRI")
    first, second = query.clauses
    assert isinstance(first, Word) and isinstance(second, Word)
    assert first.terms == ("weidong",)
    assert (first.start, first.end, first.raw) == (2, 10, "Wéi-Dong")
    assert second.terms == ("agri",)


def test_punctuation_around_a_word_is_dropped_and_between_words_splits() -> None:
    (word,) = parse("(energy),").clauses
    assert isinstance(word, Word) and word.terms == ("energy",)
    (pair,) = parse("sun,weidong").clauses
    assert isinstance(pair, Word) and pair.terms == ("sun", "weidong")


def test_a_word_without_letters_or_digits_is_ignored() -> None:
    assert parse("& — …").clauses == ()
    (word,) = parse("pakistan & china").clauses[:1]
    assert isinstance(word, Word)
    assert len(parse("pakistan & china").clauses) == 2


def test_phrase() -> None:
    (phrase,) = parse('"Joint  Working group"').clauses
    assert isinstance(phrase, Phrase)
    assert phrase.words == ("joint", "working", "group")
    assert (phrase.start, phrase.end) == (0, 22)


def test_curly_quotes_make_a_phrase() -> None:
    (phrase,) = parse("\u201csun weidong\u201d").clauses
    assert isinstance(phrase, Phrase) and phrase.words == ("sun", "weidong")


def test_a_quote_ends_a_word() -> None:
    word, phrase = parse('energy"gwadar port"').clauses
    assert isinstance(word, Word) and isinstance(phrase, Phrase)


def test_empty_phrase_is_ignored() -> None:
    assert parse('""').clauses == ()


# -- exclusion and OR ---------------------------------------------------------------------------


def test_exclusions() -> None:
    word, phrase, field = parse('-energy -"belt and road" -mode:virtual').clauses
    assert isinstance(word, Not) and isinstance(word.term, Word)
    assert word.raw == "-energy" and word.start == 0
    assert isinstance(phrase, Not) and isinstance(phrase.term, Phrase)
    assert isinstance(field, Not) and isinstance(field.term, ModeFilter)


def test_or_binds_tighter_than_and() -> None:
    either, last = parse("a OR b c").clauses
    assert isinstance(either, AnyOf)
    assert [term.raw for term in either.terms] == ["a", "b"]
    assert isinstance(last, Word) and last.raw == "c"


def test_or_chains() -> None:
    (either,) = parse("a OR b OR -c").clauses
    assert isinstance(either, AnyOf)
    assert [term.raw for term in either.terms] == ["a", "b", "-c"]
    assert either.raw == "a OR b OR -c"


def test_or_between_filters_and_phrases() -> None:
    (either,) = parse('chair:sun OR "ma zhaoxu"').clauses
    assert isinstance(either, AnyOf)
    assert isinstance(either.terms[0], TextFilter) and isinstance(either.terms[1], Phrase)


def test_lowercase_or_is_a_word() -> None:
    assert all(isinstance(clause, Word) for clause in parse("a or b").clauses)


def test_and_is_allowed_and_changes_nothing() -> None:
    assert [clause.raw for clause in parse("a AND b").clauses] == ["a", "b"]


def test_excluded_or_is_a_word() -> None:
    (clause,) = parse("-OR").clauses
    assert isinstance(clause, Not) and isinstance(clause.term, Word)


# -- fields -------------------------------------------------------------------------------------


def test_text_filters() -> None:
    chair, person, venue, outlet = parse(
        'chair:"Sun Weidong" person:baloch venue:pk outlet:Xinhua'
    ).clauses
    assert isinstance(chair, TextFilter) and chair.field == "chair"
    assert chair.words == ("sun", "weidong") and chair.raw == 'chair:"Sun Weidong"'
    assert isinstance(person, TextFilter) and person.words == ("baloch",)
    assert isinstance(venue, TextFilter) and venue.field == "venue"
    assert isinstance(outlet, TextFilter) and outlet.words == ("xinhua",)


def test_field_names_ignore_case() -> None:
    (clause,) = parse("CHAIR:sun").clauses
    assert isinstance(clause, TextFilter) and clause.field == "chair"


def test_id_filter_is_lowercased() -> None:
    (clause,) = parse("id:JCC-1").clauses
    assert isinstance(clause, IdFilter) and clause.prefix == "jcc-1"


@pytest.mark.parametrize(
    ("text", "slugs"),
    [
        ("series:jwg-icc", ("jwg-icc",)),
        ("series:JWG-ICC", ("jwg-icc",)),
        ("series:jcc", ("jcc",)),
        ("sector:agri", ("agriculture",)),
        ("sector:Agriculture", ("agriculture",)),
        ('sector:"green dev"', ("green-development",)),
        ("theme:covid", ("covid-19",)),
        ("theme:disinformation", ("counter-disinformation",)),
    ],
)
def test_vocabulary_filters_take_a_prefix_of_a_slug_or_label(
    text: str, slugs: tuple[str, ...]
) -> None:
    (clause,) = parse(text).clauses
    assert isinstance(clause, VocabFilter)
    assert clause.slugs == slugs


def test_series_prefix_matches_every_working_group() -> None:
    (clause,) = parse("series:jwg").clauses
    assert isinstance(clause, VocabFilter)
    assert {"jwg-icc", "jwg-it", "jwg-energy"} <= set(clause.slugs)
    assert "jcc" not in clause.slugs


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("mode:virtual", "virtual"),
        ("mode:in-person", "in-person"),
        ("mode:inperson", "in-person"),
        ('mode:"in person"', "in-person"),
        ("mode:Hybrid", "hybrid"),
        ("mode:online", "virtual"),
        ("mode:virt", "virtual"),
    ],
)
def test_mode_filter(text: str, mode: str) -> None:
    (clause,) = parse(text).clauses
    assert isinstance(clause, ModeFilter) and clause.mode == mode


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("year:2024", day("2024-01-01"), day("2024-12-31")),
        ("year:2022..2024", day("2022-01-01"), day("2024-12-31")),
        ("date:2022..2024", day("2022-01-01"), day("2024-12-31")),
        ("date:2024-01", day("2024-01-01"), day("2024-01-31")),
        ("date:2024-02", day("2024-02-01"), day("2024-02-29")),
        ("date:2024-01-15", day("2024-01-15"), day("2024-01-15")),
        ("date:..2020", None, day("2020-12-31")),
        ("date:2023..", day("2023-01-01"), None),
        ("date:2023-06..2024-02-10", day("2023-06-01"), day("2024-02-10")),
    ],
)
def test_date_filters(text: str, first: int | None, last: int | None) -> None:
    (clause,) = parse(text).clauses
    assert isinstance(clause, DateFilter)
    assert (clause.first, clause.last) == (first, last)


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("has:notes", "notes"),
        ("has:note", "notes"),
        ("has:conflicts", "conflicts"),
        ("has:Conflict", "conflicts"),
    ],
)
def test_has_filter(text: str, what: str) -> None:
    (clause,) = parse(text).clauses
    assert isinstance(clause, HasFilter) and clause.what == what


def test_tag_filter_is_normalized() -> None:
    (clause,) = parse("tag:#Follow-Up").clauses
    assert isinstance(clause, TagFilter) and clause.prefix == "follow-up"


def test_every_documented_field_parses() -> None:
    examples = {
        "id": "id:jcc",
        "series": "series:jcc",
        "chair": "chair:sun",
        "person": "person:sun",
        "venue": "venue:beijing",
        "mode": "mode:virtual",
        "sector": "sector:energy",
        "theme": "theme:security",
        "outlet": "outlet:xinhua",
        "year": "year:2024",
        "date": "date:2024",
        "has": "has:notes",
        "tag": "tag:todo",
    }
    assert set(examples) == set(FIELDS)
    for text in examples.values():
        assert len(parse(text).clauses) == 1


def test_colon_after_digits_is_not_a_field() -> None:
    (clause,) = parse("10:30").clauses
    assert isinstance(clause, Word)


# -- errors -------------------------------------------------------------------------------------


def test_unclosed_quote() -> None:
    error = error_of('energy "sun weidong')
    assert "never closed" in error.message and "sun weidong" in error.message
    assert (error.start, error.end) == (7, 19)
    assert error.fixed_query == 'energy "sun weidong"'


def test_unclosed_quote_at_the_end() -> None:
    error = error_of('energy "')
    assert "at the end" in error.message
    assert error.start == 7


def test_unclosed_quote_in_a_field_value() -> None:
    error = error_of('chair:"sun')
    assert "never closed" in error.message
    assert error.start == 6


def test_unknown_field_suggests_the_closest() -> None:
    error = error_of("energy chiar:sun")
    assert error.message == 'Unknown field "chiar:" — did you mean "chair:"?'
    assert (error.start, error.end) == (7, 13)
    assert error.suggestion == "chair:"
    assert error.fixed_query == "energy chair:sun"


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [("sectr:energy", "sector:"), ("Venu:pk", "venue:"), ("years:2024", "year:")],
)
def test_unknown_field_suggestions(text: str, suggestion: str) -> None:
    assert error_of(text).suggestion == suggestion


def test_unknown_field_without_a_close_match_lists_the_fields() -> None:
    error = error_of("zzzzzz:1")
    assert error.suggestion is None
    assert "chair:" in error.message and "zzzzzz:" in error.message


@pytest.mark.parametrize("text", ["chair:", "chair:  x", 'chair:""', "venue:", "id:", "tag:"])
def test_empty_value(text: str) -> None:
    error = error_of(text)
    field = text.split(":")[0]
    assert f"{field}:" in error.message
    assert error.start == 0


def test_empty_value_names_an_example() -> None:
    assert error_of("chair:").message == '"chair:" needs a value, e.g. chair:"sun weidong".'


def test_value_without_letters() -> None:
    assert "no letters or digits" in error_of("chair:&&").message


@pytest.mark.parametrize("text", ["year:abc", "year:24", "year:2024..x", "year:20245"])
def test_bad_year(text: str) -> None:
    error = error_of(text)
    assert "is not a year" in error.message


def test_bad_year_points_at_the_bad_part() -> None:
    error = error_of("energy year:2024..x")
    assert "energy year:2024..x"[error.start : error.end] == "x"


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("date:2024..abc", "abc"),
        ("date:abc", "abc"),
        ("date:2024-13", "2024-13"),
        ("date:2023-02-29", "2023-02-29"),
        ("date:..20x", "20x"),
        ("date:2020..2021..2022", "2021..2022"),
    ],
)
def test_bad_date_names_the_part(text: str, part: str) -> None:
    error = error_of(text)
    assert f'"{part}"' in error.message
    assert text[error.start : error.end] == part


def test_date_with_no_ends() -> None:
    assert "needs a start or an end" in error_of("date:..").message


def test_reversed_date_range() -> None:
    assert "ends before it starts" in error_of("date:2024..2022").message


@pytest.mark.parametrize("text", ["has:foo", "has:", "has:nothing"])
def test_bad_has(text: str) -> None:
    error = error_of(text)
    if text != "has:":
        assert "has:notes or has:conflicts" in error.message
        assert error.suggestion in ("has:notes", "has:conflicts")


def test_bad_has_suggests_closest() -> None:
    assert error_of("has:conflcts").suggestion == "has:conflicts"


@pytest.mark.parametrize("text", ["mode:foo", "mode:--", "mode:x"])
def test_bad_mode(text: str) -> None:
    error = error_of(text)
    assert "is not a mode" in error.message
    assert error.suggestion is not None and error.suggestion.startswith("mode:")


def test_bad_mode_suggests_closest() -> None:
    assert error_of("mode:virtaul").suggestion == "mode:virtual"


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("sector:agricultre", "sector:agriculture"),
        ("theme:securty", "theme:security"),
        ("series:jwg-itt", "series:jwg-it"),
        ("sector:enrgy", "sector:energy"),
    ],
)
def test_unknown_vocabulary_value_suggests_the_closest(text: str, suggestion: str) -> None:
    error = error_of(text)
    assert "matches none of the" in error.message
    assert error.suggestion == suggestion
    assert (error.start, error.end) == (0, len(text))


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("sector:farming", "sector:agriculture"),
        ("sector:farmers", "sector:agriculture"),
        ("sector:fishing", "sector:agriculture"),
        ("sector:power", "sector:energy"),
        ("sector:electricity", "sector:energy"),
        ("sector:IT", "sector:information-technology"),
        ("sector:SEZ", "sector:special-economic-zones"),
        ("sector:SEZs", "sector:special-economic-zones"),
        ("sector:railways", "sector:transport-infrastructure"),
        ("sector:ports", "sector:gwadar-maritime"),
        ("theme:terrorism", "theme:security"),
        ("theme:pandemic", "theme:covid-19"),
        ("series:farming", "series:jwg-agri"),
        ("series:power", "series:jwg-energy"),
    ],
)
def test_unknown_vocabulary_value_suggests_a_synonym_first(text: str, suggestion: str) -> None:
    error = error_of(text)
    assert error.suggestion == suggestion
    assert error.fixed_query == suggestion


@pytest.mark.parametrize("text", ["sector:zzzz", "sector:xyz", "sector:banking", "theme:farming"])
def test_unknown_vocabulary_value_never_suggests_an_unrelated_one(text: str) -> None:
    error = error_of(text)
    assert error.suggestion is None and error.fixed_query is None
    field = cast(VocabField, text.partition(":")[0])
    vocabulary = VOCABULARIES[field][0]
    assert error.message.endswith(", ".join(vocabulary) + "."), "the message lists them all"


@pytest.mark.parametrize(
    ("field", "synonyms"),
    [("sector", SECTOR_SYNONYMS), ("theme", THEME_SYNONYMS), ("series", SERIES_SYNONYMS)],
)
def test_every_synonym_is_needed_and_suggests_its_value(
    field: VocabField, synonyms: dict[str, str]
) -> None:
    vocabulary = VOCABULARIES[field][0]
    for key, slug in synonyms.items():
        assert slug in vocabulary, key
        assert key == compact(key), f"{key!r} is not compact, so it can never match"
        error = error_of(f"{field}:{key}")  # a value the parser accepts needs no synonym
        assert error.suggestion == f"{field}:{slug}", key


@pytest.mark.parametrize(
    ("text", "start"),
    [("energy OR", 7), ("OR energy", 0), ("a OR OR b", 5), ("a AND", 2), ("AND a", 0)],
)
def test_dangling_operator(text: str, start: int) -> None:
    error = error_of(text)
    assert "needs a term on each side" in error.message
    assert error.start == start and error.end - error.start in (2, 3)


def test_dangling_or_offers_a_fix() -> None:
    assert error_of("a OR OR b").fixed_query == "a OR b"
    assert error_of("OR").fixed_query is None


@pytest.mark.parametrize(("text", "start"), [("-", 0), ("energy -", 7), ("- energy", 0)])
def test_lone_minus(text: str, start: int) -> None:
    error = error_of(text)
    assert 'lone "-"' in error.message
    assert (error.start, error.end) == (start, start + 1)


def test_error_is_an_exception_with_a_message() -> None:
    error = error_of("chiar:x")
    assert str(error) == error.message
    assert "chiar" in repr(error)


# -- dates --------------------------------------------------------------------------------------


def test_date_period() -> None:
    assert date_period("2024") == (day("2024-01-01"), day("2024-12-31"))
    assert date_period("2023-02") == (day("2023-02-01"), day("2023-02-28"))
    assert date_period("2024-02-30") is None
    assert date_period("0000") is None
    assert date_period("24") is None


# -- never raises anything but QueryError ------------------------------------------------------

QUERY_ALPHABET = st.sampled_from(
    [*"abcxyz019 -\":.'/,()#\u00e9\u00dc\t\n\u201c\u201d\u2019", "OR", "AND"]
    + [f"{field}:" for field in FIELDS]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(QUERY_ALPHABET, max_size=25).map("".join))
def test_parser_raises_only_query_errors_on_query_like_input(text: str) -> None:
    try:
        query = parse(text)
    except QueryError as error:
        assert error.message
        assert 0 <= error.start <= error.end <= len(text)
    else:
        for clause in query.clauses:
            assert 0 <= clause.start <= clause.end <= len(text)
            assert text[clause.start : clause.end] == clause.raw


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=60))
def test_parser_raises_only_query_errors_on_any_text(text: str) -> None:
    try:
        parse(text)
    except QueryError as error:
        assert 0 <= error.start <= error.end <= len(text)
        if error.fixed_query is not None:
            assert isinstance(error.fixed_query, str)
