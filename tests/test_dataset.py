"""Loading the dataset: valid files load, and every kind of bad file gets a precise message."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import tomli_w

from cpec_tui import paths
from cpec_tui.models import Dataset, Meeting
from cpec_tui.store import dataset as dataset_module
from cpec_tui.store.dataset import load_dataset
from cpec_tui.store.errors import DatasetError
from cpec_tui.vocabulary import SERIES, SERIES_LABELS
from tests.datasets import VALID, line_of, write


def problems(path: Path) -> list[str]:
    with pytest.raises(DatasetError) as caught:
        load_dataset(path)
    return caught.value.problems


def test_valid_dataset_loads(tmp_path: Path) -> None:
    dataset = load_dataset(write(tmp_path))
    assert [m.id for m in dataset.meetings] == ["jwg-icc-5", "jwg-icc-4"]  # newest first
    meeting = dataset.meetings[1]
    assert meeting.label == "JWG-ICC 4"
    assert meeting.date.weekday == "Sunday"
    assert meeting.date.precision == "day"
    assert dataset.meetings[0].date.precision == "month"
    assert dataset.meetings[0].date.weekday is None
    assert meeting.all_source_keys() == ["s1", "s2"]


def test_bundled_dataset_is_valid_and_complete() -> None:
    dataset = load_dataset(paths.bundled_dataset())
    ids = {meeting.id for meeting in dataset.meetings}
    required = {f"jwg-icc-{n}" for n in range(1, 6)} | {"bpc-4", "jwg-it-1"}
    assert required <= ids
    assert any(
        m.series == "mfa-briefing" and m.date.value == "2022-11-21" for m in dataset.meetings
    )
    assert any(m.series == "visit" and m.date.value.startswith("2022-11") for m in dataset.meetings)
    assert any("Ma Zhaoxu" in p.name for m in dataset.meetings for p in [*m.people, *m.co_chairs])
    assert sum(m.series == "jcc" for m in dataset.meetings) >= 5
    jwg4 = next(m for m in dataset.meetings if m.id == "jwg-icc-4")
    assert jwg4.date.value == "2024-01-21" and jwg4.conflicts, "the weekday conflict is recorded"


def test_bundled_dataset_round_trips_through_the_models(tmp_path: Path) -> None:
    loaded = load_dataset(paths.bundled_dataset())
    sources, meetings = list(loaded.sources.values()), list(loaded.meetings)
    dataset = Dataset(version=1, sources=sources, meetings=meetings)
    dumped = tomli_w.dumps(dataset.model_dump(mode="json", exclude_none=True))
    again = load_dataset(write(tmp_path, dumped))
    assert list(again.meetings) == dataset.meetings
    assert list(again.sources.values()) == dataset.sources
    assert Dataset.model_validate_json(dataset.model_dump_json()) == dataset


def test_missing_file(tmp_path: Path) -> None:
    [message] = problems(tmp_path / "nope.toml")
    assert "nope.toml: no such file" in message and "--data" in message


def test_directory(tmp_path: Path) -> None:
    [message] = problems(tmp_path)
    assert "is a directory" in message


def test_not_utf8_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes("version = 1\n# caf\xe9\n".encode("latin-1"))
    [message] = problems(path)
    assert message.startswith(f"{path}:2:6: the file is not UTF-8")


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    [message] = problems(write(tmp_path, text))
    assert "the file is empty" in message


def test_malformed_toml_names_line_and_column(tmp_path: Path) -> None:
    text = VALID.replace('title = "4th meeting', "title = 4th meeting", 1)
    path = write(tmp_path, text)
    [message] = problems(path)
    assert message.startswith(f"{path}:{line_of(text, 'title = 4th')}:10: malformed TOML:")


def test_unknown_country_names_file_line_meeting_and_field(tmp_path: Path) -> None:
    text = VALID.replace('country = "CN"', 'country = "XX"')
    path = write(tmp_path, text)
    [message] = problems(path)
    line = line_of(text, 'country = "XX"')
    assert message == (
        f"{path}:{line}: meeting 'jwg-icc-4': co_chairs[1].country: 'XX' is not a known country"
    )


def test_every_problem_is_reported_including_cross_record_ones(tmp_path: Path) -> None:
    text = (
        VALID.replace('country = "CN"', 'country = "XX"')
        .replace('id = "jwg-icc-5"', 'id = "jwg-icc-4"')
        .replace('sectors = ["agriculture", "industry"]', 'sectors = ["agricultre"]')
        .replace('sources = ["s1", "s2"]\nsectors', 'sources = ["s1", "s9"]\nsectors')
        .replace('value = "2024-01-21"', 'value = "2024-02-30"')
        .replace('title = "Foreign Secretary"\ncountry = "PK"', 'titel = "FS"\ncountry = "PK"', 1)
    )
    path = write(tmp_path, text)
    found = problems(path)
    expected = [
        "co_chairs[1].country: 'XX' is not a known country",
        "id: duplicate id 'jwg-icc-4'",
        "sectors[0]: 'agricultre' is not a known sector",
        "sources[1]: cites source 's9', which is not in [[sources]]",
        "date.value: '2024-02-30' is not a real date",
        "co_chairs[0].titel: is not a field of this format",
        "related[0]: links to meeting 'jwg-icc-5', which does not exist",
    ]
    for fragment in expected:
        assert any(fragment in problem for problem in found), (fragment, found)
    assert all(problem.startswith(f"{path}:") for problem in found)
    lines = [int(problem.split(":")[1]) for problem in found]
    assert lines == sorted(lines), "problems are listed in file order"
    summary = str(DatasetError(str(path), found))
    assert summary.startswith(f"{path}: {len(found)} problems:")


def test_missing_required_fields(tmp_path: Path) -> None:
    text = VALID.replace('short_title = "5th JWG-ICC"\n', "")
    found = problems(write(tmp_path, text))
    assert any("meeting 'jwg-icc-5': short_title: is required but missing" in p for p in found)


def test_unsupported_version(tmp_path: Path) -> None:
    found = problems(write(tmp_path, VALID.replace("version = 1", "version = 2")))
    assert any("version: 2 is not a dataset version this cpec-tui reads" in p for p in found)


def test_source_rules(tmp_path: Path) -> None:
    text = VALID.replace('file = "002.txt"', 'file = "../etc/passwd"').replace(
        'key = "s2"', 'key = "s1"'
    )
    found = problems(write(tmp_path, text))
    assert any("source 's1': file: '../etc/passwd' must be a plain file name" in p for p in found)
    assert any("duplicate key 's1'" in p for p in found)
    no_location = VALID.replace('url = "https://example.org/jwg-icc-4"\n', "")
    found = problems(write(tmp_path, no_location))
    assert any("source 's1': a source needs a url or a file" in p for p in found)
    bad_url = VALID.replace("https://example.org", "javascript:alert(1)//")
    found = problems(write(tmp_path, bad_url))
    assert any("is not an http(s) URL" in p for p in found)


def test_meeting_models_reject_unknown_vocabulary() -> None:
    raw = tomllib.loads(VALID)["meetings"][0]
    raw["venue"]["mode"] = "telepathy"
    with pytest.raises(ValueError, match="'telepathy' is not a known mode"):
        Meeting.model_validate(raw)


def test_cache_is_used_and_never_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dataset_module, "CACHE_MIN_BYTES", 0)
    path = write(tmp_path)
    first = load_dataset(path)
    cached = list((paths.cache_dir() / "datasets").glob("*.marshal"))
    assert len(cached) == 1
    assert list(load_dataset(path).meetings) == list(first.meetings)
    path.write_text(VALID.replace("Amna Baloch", "Amna Baloch Changed"), encoding="utf-8")
    changed = load_dataset(path).meetings.get("jwg-icc-5")
    assert changed is not None
    assert changed.co_chairs[0].name == "Amna Baloch Changed"
    path.write_text(VALID.replace('country = "CN"', 'country = "XX"'), encoding="utf-8")
    with pytest.raises(DatasetError):
        load_dataset(path)


def test_corrupt_cache_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dataset_module, "CACHE_MIN_BYTES", 0)
    path = write(tmp_path)
    expected = load_dataset(path)
    [cache_file] = (paths.cache_dir() / "datasets").glob("*.marshal")
    cache_file.write_bytes(b"\x00garbage")
    assert list(load_dataset(path).meetings) == list(expected.meetings)


def test_a_record_without_its_key_is_named_by_its_place(tmp_path: Path) -> None:
    text = VALID.replace('id = "jwg-icc-5"\n', "", 1).replace('key = "s2"\n', "", 1)
    path = write(tmp_path, text)
    found = problems(path)
    assert any(
        p.startswith(f"{path}:") and "meeting #2: id: is required but missing" in p for p in found
    )
    assert any("source #2: key: is required but missing" in p for p in found)


def test_unreadable_text_messages_end_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(b"version = 1\n\xff\n")
    assert problems(path) == [
        f"{path}:2:1: the file is not UTF-8 text (byte 0xff). Save it as UTF-8 and try again."
    ]
    path = write(tmp_path, 'version = 1\ntitle = "unterminated\n')
    [message] = problems(path)
    assert message.startswith(f"{path}:2:") and "malformed TOML: " in message
    assert message.endswith(".")


def test_conflict_ids_are_unique_and_paths_lead_to_values(tmp_path: Path) -> None:
    conflict = '[[meetings.conflicts]]\nid = "C-3"\nfields = ["date"]'
    second = (
        '[[meetings.conflicts]]\nid = "C-3"\nfields = ["co_chairs[1].title", "co_chairs[2]", '
        '"venue.note", "agenda", "date"]\nsummary = "s"\nresolution = "r"\nsources = ["s1"]\n'
    )
    text = VALID.replace(conflict, second + "\n" + conflict.replace("C-3", "C-4"))
    path = write(tmp_path, text)
    found = problems(path)
    line = line_of(text, 'id = "C-3"')
    fields_line = line_of(text, 'fields = ["co_chairs[1].title"')
    assert found == [
        f"{path}:{fields_line}: meeting 'jwg-icc-4': conflicts[0].fields[1]: names "
        "'co_chairs[2]', which this meeting does not have",
        f"{path}:{fields_line}: meeting 'jwg-icc-4': conflicts[0].fields[2]: names "
        "'venue.note', which this meeting does not have",
        f"{path}:{fields_line}: meeting 'jwg-icc-4': conflicts[0].fields[3]: names "
        "'agenda', which this meeting does not have",
    ], "C-3 and C-4 differ, so only the three paths that lead nowhere are reported"
    assert line < fields_line
    clash = text.replace('id = "C-4"', 'id = "C-3"')
    found = problems(write(tmp_path, clash))
    clash_line = line_of(clash, 'id = "C-3"', occurrence=2)
    assert (
        f"{path}:{clash_line}: meeting 'jwg-icc-4': conflicts[1].id: duplicate conflict id "
        "'C-3' (also in meeting 'jwg-icc-4')"
    ) in found


def test_conflict_ids_and_paths_must_be_well_formed(tmp_path: Path) -> None:
    text = VALID.replace('id = "C-3"\nfields = ["date"]', 'id = "c3"\nfields = ["Date!"]')
    found = problems(write(tmp_path, text))
    assert any("conflicts[0].id: 'c3' is not a conflict id" in p for p in found), found
    assert any("conflicts[0].fields[0]: 'Date!' is not a field path" in p for p in found), found
    empty = VALID.replace('fields = ["date"]', "fields = []")
    found = problems(write(tmp_path, empty))
    assert any("conflicts[0].fields: " in p for p in found), found


def test_every_series_has_a_readable_label() -> None:
    assert set(SERIES_LABELS) == set(SERIES)
    dataset = load_dataset(paths.bundled_dataset())
    labels = {meeting.label for meeting in dataset.meetings}
    assert {"MFA briefing", "Official visit", "Other meeting", "FM Dialogue 3"} <= labels
    for meeting in dataset.meetings:
        assert meeting.label not in {"VISIT", "MFA-BRIEFING", "OTHER"}
        assert meeting.label.startswith(SERIES_LABELS[meeting.series])
        assert len(meeting.label) <= 16, "the list gives a label 16 columns"
