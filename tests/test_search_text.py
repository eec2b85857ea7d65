"""Building blocks of search: normalization, bitmaps, typo distance, the term index."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cpec_tui.search.bitmaps import from_positions, full, positions, span
from cpec_tui.search.index import Postings, TermIndex
from cpec_tui.search.normalize import compact, fold, index_terms, normalize, query_words
from cpec_tui.search.typo import Corrector, best_correction, distance, max_distance

# -- normalization ------------------------------------------------------------------------------


def test_normalize_folds_case_accents_and_compatibility_forms() -> None:
    assert normalize("Wéi-DONG") == "wei-dong"
    assert normalize("Crème Brûlée") == "creme brulee"
    assert normalize("STRAẞE") == "strasse"
    assert normalize("\ufb01sh") == "fish"  # the "fi" ligature
    assert normalize("Ｆｕｌｌ") == "full"  # noqa: RUF001 - fullwidth letters on purpose


def test_compact() -> None:
    assert compact("In-Person") == "inperson"
    assert compact(" Socio-economic development ") == "socioeconomicdevelopment"


def test_index_terms_joined_forms_and_parts() -> None:
    terms = index_terms("Sun Wei-dong's remarks (2024-01-15). U.S.")
    assert {"sun", "weidongs", "wei", "dong", "s", "remarks"} <= terms
    assert {"20240115", "2024", "01", "15", "us", "u"} <= terms
    assert "wei-dong's" not in terms


def test_index_terms_of_non_ascii_text() -> None:
    assert index_terms("Zürich—Genève, “Müller”") == {"zurich", "geneve", "muller"}
    assert index_terms("Xi\u2019an") == {"xian", "xi", "an"}


def test_index_terms_sentence_ends_and_stray_punctuation() -> None:
    assert index_terms("End. Next - one 'quoted' x_y") == {
        "end",
        "next",
        "one",
        "quoted",
        "x",
        "y",
    }


def test_query_words() -> None:
    assert query_words("Wei-dong") == ["weidong"]
    assert query_words("WEIDONG") == ["weidong"]
    assert query_words("(energy),") == ["energy"]
    assert query_words("sun,weidong") == ["sun", "weidong"]
    assert query_words("—") == []


def test_a_query_word_matches_the_terms_of_the_same_text() -> None:
    for text in ["Wei-dong", "U.S.", "ML-1", "Xi'an", "Zürich", "2024-01-15"]:
        (word,) = query_words(text)
        assert word in index_terms(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_fold_keeps_offsets_back_to_the_original(text: str) -> None:
    folded = fold(text)
    assert folded.text == normalize(text)
    for i in range(len(folded.text)):
        assert 0 <= folded.start(i) < len(text)
        assert folded.start(i) < folded.end(i + 1) <= len(text)


def test_fold_maps_accented_letters_to_one_character() -> None:
    text = "Zu\u0308rich Müller"  # decomposed then composed umlaut
    folded = fold(text)
    assert folded.text == "zurich muller"
    start = folded.text.index("muller")
    assert text[folded.start(start) : folded.end(start + 6)] == "Müller"
    assert text[folded.start(0) : folded.end(6)] == "Zu\u0308rich"


# -- bitmaps ------------------------------------------------------------------------------------


@given(st.sets(st.integers(0, 2000)))
def test_bitmap_round_trip(found: set[int]) -> None:
    bitmap = from_positions(found, 2001)
    assert positions(bitmap) == sorted(found)
    assert bitmap.bit_count() == len(found)


def test_bitmap_helpers() -> None:
    assert positions(full(5)) == [0, 1, 2, 3, 4]
    assert positions(span(3, 6)) == [3, 4, 5]
    assert span(4, 4) == 0
    assert positions(0) == []
    dense = from_positions(range(0, 1000, 3), 1000)
    assert positions(dense) == list(range(0, 1000, 3))


# -- typo distance ------------------------------------------------------------------------------


def reference_distance(a: str, b: str) -> int:
    """Optimal string alignment distance, unbounded, straight from the definition."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def test_distance_examples() -> None:
    assert distance("agricultre", "agriculture", 2) == 1
    assert distance("baloch", "balloch", 2) == 1
    assert distance("islamabda", "islamabad", 2) == 1
    assert distance("abc", "abc", 0) == 0
    assert distance("kitten", "sitting", 5) == 3
    assert distance("kitten", "sitting", 2) == 3  # limit + 1


@settings(max_examples=300, deadline=None)
@given(st.text("abcd", max_size=7), st.text("abcd", max_size=7), st.integers(0, 4))
def test_bounded_distance_agrees_with_the_definition(a: str, b: str, limit: int) -> None:
    assert distance(a, b, limit) == min(reference_distance(a, b), limit + 1)


def test_max_distance_grows_with_length() -> None:
    assert max_distance("abc") == 0
    assert max_distance("abcd") == 1
    assert max_distance("abcdefg") == 2


def test_corrector() -> None:
    corrector = Corrector([("agriculture", 5), ("agricultural", 3), ("baloch", 1), ("x1", 9)])
    assert len(corrector) == 3  # only alphabetic terms of 3+ letters
    assert corrector.candidates("agricultre", 2)[0] == (1, "agriculture")
    assert corrector.candidates("balloch", 1) == [(1, "baloch")]
    assert corrector.candidates("zzzzzz", 2) == []
    assert best_correction("balloch", [corrector]) == "baloch"
    assert best_correction("bal", [corrector]) is None  # too short
    assert best_correction("b4loch", [corrector]) is None  # digits are never corrected


def test_corrector_prefers_common_terms_on_ties() -> None:
    corrector = Corrector([("cart", 1), ("card", 50)])
    assert corrector.candidates("carx", 1) == [(1, "card"), (1, "cart")]


# -- term index ---------------------------------------------------------------------------------


def test_term_index_prefix_and_exact() -> None:
    postings = Postings()
    postings.add({"energy", "east"}, 0)
    postings.add({"energetic"}, 1)
    postings.add({"east", "west"}, 5)
    index = TermIndex(postings, 64)
    assert positions(index.prefix("ener")) == [0, 1]
    assert positions(index.prefix("e")) == [0, 1, 5]
    assert positions(index.exact("east")) == [0, 5]
    assert index.exact("eas") == 0
    assert index.prefix("zz") == 0
    assert index.has_prefix("wes") and not index.has_prefix("wex")
    assert dict(index.frequencies()) == {"east": 2, "energetic": 1, "energy": 1, "west": 1}
    assert index.memory() > 0


def test_term_index_dense_and_sparse_postings_agree() -> None:
    postings = Postings()
    for position in range(200):
        terms = {"common"}
        if position % 50 == 0:
            terms.add("rare")
        postings.add(terms, position)
    index = TermIndex(postings, 200)
    assert positions(index.exact("common")) == list(range(200))
    assert positions(index.prefix("r")) == [0, 50, 100, 150]
    assert positions(index.prefix("")) == list(range(200))
