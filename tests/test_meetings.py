"""Packed meetings read back exactly as the models they were packed from, or not at all."""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import Any

import pytest
import tomli_w

import cpec_tui.store.dataset as dataset_module
from bench.generate import generate_dataset
from cpec_tui import paths
from cpec_tui.meetings import PACK_FORMAT, Meetings, Sources, summarize
from cpec_tui.models import Dataset, newest_first
from cpec_tui.store import cache
from cpec_tui.store.dataset import content_digest, load_dataset
from cpec_tui.store.errors import DatasetError
from tests.datasets import VALID, write


@pytest.fixture(scope="module")
def generated() -> Dataset:
    return Dataset.model_validate(generate_dataset(300))


def test_packed_meetings_read_back_as_the_models(generated: Dataset) -> None:
    held = Meetings.of(generated.meetings)
    packed = Meetings.packed(reversed(generated.meetings))  # (packing order does not matter)
    assert len(packed) == len(held) == 300
    assert list(packed) == list(held) == newest_first(generated.meetings)
    assert list(packed.summaries) == list(held.summaries) == list(map(summarize, held))
    assert packed.ids == held.ids
    assert packed[-1] == held[299]
    assert packed[3:6] == held[3:6]
    with pytest.raises(IndexError):
        packed[300]


def test_lookups_by_id(generated: Dataset) -> None:
    packed = Meetings.packed(generated.meetings)
    meeting = generated.meetings[42]
    position = packed.position(meeting.id)
    assert position is not None
    assert packed[position] == packed.get(meeting.id) == meeting
    assert packed.summary_of(meeting.id) == summarize(meeting)
    assert packed.position("no-such-meeting") is None
    assert packed.get("no-such-meeting") is None
    assert packed.summary_of("no-such-meeting") is None


def test_the_state_is_plain_values_and_rebuilds_the_meetings(generated: Dataset) -> None:
    packed = Meetings.packed(generated.meetings)
    state = packed.state()
    assert state is not None and state["format"] == PACK_FORMAT
    again = Meetings.from_state(marshal.loads(marshal.dumps(state)))
    assert list(again) == list(packed)
    assert list(again.summaries) == list(packed.summaries)
    assert Meetings.of(generated.meetings).state() is None  # (models are not packed)


def test_packing_is_compact(generated: Dataset) -> None:
    state = Meetings.packed(generated.meetings).state()
    assert state is not None
    dumped = sum(len(marshal.dumps(m.model_dump(exclude_none=True))) for m in generated.meetings)
    assert len(state["blobs"][1]) < dumped / 3


def test_a_state_that_does_not_fit_is_refused(generated: Dataset) -> None:
    state = Meetings.packed(generated.meetings).state()
    assert state is not None
    summaries = state["summaries"]
    bad: list[Any] = [
        None,
        [],
        {},
        {**state, "format": PACK_FORMAT + 1},
        {**state, "blobs": state["blobs"][:-1]},
        {**state, "blobs": [state["blobs"][0], state["blobs"][1][:-1], state["blobs"][2]]},
        {**state, "blobs": [*state["blobs"][:2], state["blobs"][2][:-8]]},
        {**state, "blobs": [*state["blobs"][:2], state["blobs"][2][:-3]]},
        {**state, "order": state["order"][:-4]},
        {**state, "order": bytes(len(state["order"]))},  # every position the same meeting
        {**state, "blobs": [None, *state["blobs"][1:]]},
        {**state, "summaries": summaries[:-1]},
        {**state, "summaries": [summaries[0][:-1], *summaries[1:]]},
        {**state, "summaries": [*summaries[:-1], b"\x00"]},
        {**state, "summaries": [[1] * 300, *summaries[1:]]},
    ]
    for wrong in bad:
        with pytest.raises(ValueError):
            Meetings.from_state(wrong)


def test_a_damaged_meeting_fails_to_read_with_a_value_error(generated: Dataset) -> None:
    state = Meetings.packed(generated.meetings).state()
    assert state is not None
    zdict, buffer, offsets = state["blobs"]
    damaged_buffer = bytearray(buffer)
    damaged_buffer[:64] = bytes(64)
    damaged = Meetings.from_state({**state, "blobs": [zdict, bytes(damaged_buffer), offsets]})
    with pytest.raises(ValueError):
        list(damaged)


def test_packed_sources_read_back_as_the_models(generated: Dataset) -> None:
    held = Sources.of(generated.sources)
    packed = Sources.packed(generated.sources)
    state = packed.state()
    assert state is not None and held.state() is None
    again = Sources.from_state(marshal.loads(marshal.dumps(state)))
    expected = {source.key: source for source in generated.sources}
    for sources in (held, packed, again):
        assert dict(sources.items()) == expected
        assert list(sources) == [source.key for source in generated.sources]
        assert "no-such-source" not in sources
        assert sources.get("no-such-source") is None
    for wrong in (None, {**state, "format": 0}, {**state, "keys": state["keys"][:-1]}):
        with pytest.raises(ValueError):
            Sources.from_state(wrong)
    with pytest.raises(ValueError):
        Sources.from_state({**state, "keys": [state["keys"][0]] * len(state["keys"])})


def test_an_empty_collection() -> None:
    for meetings in (Meetings.of([]), Meetings.packed([])):
        assert len(meetings) == 0
        assert list(meetings) == []
        assert meetings.position("x") is None


# -- the store: large datasets are packed, cached and read back --------------------------


@pytest.fixture
def packing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pack (and cache) even the small test datasets."""
    monkeypatch.setattr(dataset_module, "CACHE_MIN_BYTES", 0)


def _dataset_caches() -> list[Path]:
    return sorted((paths.cache_dir() / "datasets").glob("*.marshal"))


@pytest.mark.usefixtures("packing")
def test_a_packed_dataset_is_the_same_dataset(tmp_path: Path) -> None:
    path = write(tmp_path)
    packed = load_dataset(path)
    assert packed.meetings.state() is not None
    assert packed.digest is not None
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dataset_module, "CACHE_MIN_BYTES", 1 << 30)
        held = load_dataset(path)
    assert held.meetings.state() is None
    assert list(packed.meetings) == list(held.meetings)
    assert packed.sources == held.sources


@pytest.mark.usefixtures("packing")
def test_the_second_load_reads_the_cache_not_the_toml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path)
    first = load_dataset(path)
    assert len(_dataset_caches()) == 1

    def no_parsing(*args: object) -> None:
        raise AssertionError("the TOML was parsed again")

    monkeypatch.setattr(dataset_module, "read_toml", no_parsing)
    second = load_dataset(path)
    assert list(second.meetings) == list(first.meetings)
    assert second.sources == first.sources
    assert second.digest == first.digest


@pytest.mark.usefixtures("packing")
def test_a_cache_the_models_no_longer_read_is_rebuilt(tmp_path: Path) -> None:
    path = write(tmp_path)
    first = load_dataset(path)
    assert first.digest is not None
    state = cache.read_state("dataset", first.digest, PACK_FORMAT)
    assert isinstance(state, dict)
    # A cache whose meetings do not validate (as after a change to the models).
    meetings = Meetings.packed(
        m.model_copy(update={"series": "not-a-series"}) for m in first.meetings
    ).state()
    cache.write_state("dataset", first.digest, PACK_FORMAT, {**state, "meetings": meetings})
    assert list(load_dataset(path).meetings) == list(first.meetings)


@pytest.mark.usefixtures("packing")
def test_a_packed_dataset_reports_the_same_problems(tmp_path: Path) -> None:
    broken = [
        VALID.replace('country = "CN"', 'country = "XX"'),
        VALID.replace('id = "jwg-icc-5"', 'id = "jwg-icc-4"'),
        VALID.replace("version = 1", "version = 2"),
        VALID.replace('sources = ["s2"]', 'sources = ["nowhere"]', 1),
        VALID.replace("[[meetings]]", "[[meetingz]]", 1),
    ]
    for text in broken:
        assert text != VALID
        path = write(tmp_path, text)
        with pytest.raises(DatasetError) as packed:
            load_dataset(path)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(dataset_module, "CACHE_MIN_BYTES", 1 << 30)
            with pytest.raises(DatasetError) as held:
                load_dataset(path)
        assert packed.value.problems == held.value.problems
        assert _dataset_caches() == []


@pytest.mark.usefixtures("packing")
def test_a_file_read_in_many_groups_is_the_same_dataset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = generate_dataset(300)
    path = tmp_path / "generated.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    monkeypatch.setattr(dataset_module, "_MEETINGS_PER_GROUP", 40)
    steps: list[str] = []
    grouped = load_dataset(path, steps.append)
    assert len(steps) >= 300 // 40  # one step per group
    assert steps[-1].startswith("Reading generated.toml: 300 meetings (")
    expected = Dataset.model_validate(document)
    assert list(grouped.meetings) == newest_first(expected.meetings)
    assert dict(grouped.sources.items()) == {s.key: s for s in expected.sources}
    assert grouped.digest == content_digest(path.read_bytes())


@pytest.mark.usefixtures("packing")
def test_a_file_read_in_groups_reports_the_same_problems_as_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Problems found group by group name the same lines and records as the whole-file way,
    including those only the whole file can tell (references, repeats across groups)."""
    document = generate_dataset(120)
    valid = tomli_w.dumps(document)
    meetings = document["meetings"]
    late, early = meetings[100]["id"], meetings[3]["id"]
    first_source = document["sources"][0]["key"]
    broken = {
        "bad country late": _nth_replace(valid, 'country = "PK"', 'country = "XX"', 150),
        "repeated id across groups": valid.replace(f'id = "{late}"', f'id = "{early}"', 1),
        "unknown source late": _nth_replace(valid, f'"{first_source}"', '"nowhere"', 5),
        "link to nowhere": valid.replace(f'id = "{late}"', f'id = "{late}"\nrelated = ["x-9"]', 1),
        "bad version": valid.replace("version = 1", "version = 2", 1),
        "repeated source key": valid.replace(
            f'key = "{document["sources"][1]["key"]}"', f'key = "{first_source}"', 1
        ),
        "malformed late": _nth_replace(valid, 'country = "PK"', "country = PK", 150),
        "two problems": _nth_replace(
            valid.replace("version = 1", "version = 2", 1), 'country = "PK"', 'country = "X"', 99
        ),
    }
    monkeypatch.setattr(dataset_module, "_MEETINGS_PER_GROUP", 7)
    for name, text in broken.items():
        assert text != valid, name
        path = write(tmp_path, text)
        with pytest.raises(DatasetError) as grouped:
            load_dataset(path)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(dataset_module, "CACHE_MIN_BYTES", 1 << 30)
            with pytest.raises(DatasetError) as whole:
                load_dataset(path)
        assert grouped.value.problems == whole.value.problems, name
    assert _dataset_caches() == []


def _nth_replace(text: str, old: str, new: str, n: int) -> str:
    """``text`` with the ``n``-th occurrence of ``old`` (counting from 1) replaced."""
    parts = text.split(old)
    assert len(parts) > n, (old, len(parts) - 1)
    return old.join(parts[:n]) + new + old.join(parts[n:])
