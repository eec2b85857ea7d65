"""The field registry is the one declaration: extraction, index, parser and labels follow it."""

from __future__ import annotations

import datetime as dt

import pytest

from bench.generate import generate_dataset
from cpec_tui import paths
from cpec_tui.meetings import Meetings
from cpec_tui.models import Dataset, Note
from cpec_tui.present import meeting_sections
from cpec_tui.search import SearchEngine, parse, registry
from cpec_tui.search.fields import kinded_fields
from cpec_tui.search.index import DatasetIndex
from cpec_tui.search.normalize import index_terms
from cpec_tui.search.query import FIELDS
from cpec_tui.store.dataset import load_dataset

NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
TEXT_FILTERS = ("chair", "person", "venue", "outlet")


@pytest.fixture(scope="module")
def generated() -> Dataset:
    return Dataset.model_validate(generate_dataset(300))


def _note(meeting_id: str) -> Note:
    return Note(id="n-1", meeting=meeting_id, text="t", tags=["x"], created=NOW, updated=NOW)


def test_every_field_a_meeting_has_is_declared_and_every_declaration_is_used(
    generated: Dataset,
) -> None:
    bundled = load_dataset(paths.bundled_dataset())  # (it has the fields the generator lacks)
    sources = {source.key: source for source in generated.sources} | dict(bundled.sources)
    seen: set[str] = set()
    for meeting in [*generated.meetings, *bundled.meetings]:
        for path, tier, _text, kind in kinded_fields(meeting, sources, [_note(meeting.id)]):
            assert kind in registry.BY_KIND, path
            assert registry.kind_of(path) == kind
            assert tier == registry.tier(kind)
            seen.add(kind)
    assert seen == set(registry.BY_KIND)


def test_every_filter_is_understood_by_the_parser_with_its_example() -> None:
    assert list(FIELDS) == list(registry.FILTER_NAMES)
    for search_filter in registry.FILTERS:
        for example in search_filter.example.split(", "):
            assert example.startswith(f"{search_filter.name}:")
            assert len(parse(example).clauses) == 1, example
    declared = {name for field in registry.FIELDS for name in field.filters}
    assert declared <= set(registry.FILTER_NAMES)


def test_text_filters_index_exactly_the_fields_the_registry_gives_them(
    generated: Dataset,
) -> None:
    sources = {source.key: source for source in generated.sources}
    meetings = Meetings.of(generated.meetings)
    index = DatasetIndex(meetings, sources)
    for name in TEXT_FILTERS:
        kinds = registry.kinds_of(name)
        expected: dict[str, set[int]] = {}
        for position, meeting in enumerate(meetings):
            terms: set[str] = set()
            for _path, _tier, text, kind in kinded_fields(meeting, sources, []):
                if kind in kinds:
                    terms |= index_terms(text)
            if name == "venue" and meeting.venue and meeting.venue.country:
                terms.add(meeting.venue.country.lower())  # venue:pk, the ISO code
            for term in terms:
                expected.setdefault(term, set()).add(position)
        term_index = getattr(index, name)
        assert expected, name
        for term, positions in expected.items():
            bitmap = term_index.exact(term)
            found = {p for p in range(len(meetings)) if bitmap >> p & 1}
            assert found == positions, (name, term)


def test_a_date_filter_highlights_the_date_line() -> None:
    dataset = load_dataset(paths.bundled_dataset())
    engine = SearchEngine(dataset)
    result = engine.search("year:2024")
    assert len(result)
    meeting = result.meeting(0)
    spans = result.spans(meeting)
    assert spans.get("date.value") == [(0, len(meeting.date.value))]
    shown = {
        part.path
        for section in meeting_sections(meeting, dataset.sources)
        for line in section.lines
        for part in line
    }
    assert "date.value" in shown


def test_labels_name_matches_in_words() -> None:
    assert registry.label("co_chairs[1].name") == "co-chair"
    assert registry.label("outcomes[3].text") == "outcome"
    assert registry.label("sources[w10].outlet") == "source"
    assert registry.label("notes[n-1].tags[0]") == "your note"
