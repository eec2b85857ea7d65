"""The record's own rules, checked mechanically over the bundled dataset.

The loader already rejects what the schema forbids; these are the curation rules a valid file
can still break: a fact whose sources are missing or unknown, a conflict that names no field
the meeting has, text copied from one record into another. Each rule is a function over the
parsed document, so the tests below can show it catching a planted fault as well as passing
on the real data.
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from cpec_tui import paths
from cpec_tui.models import cross_record_problems

Document = dict[str, Any]

SOURCED_GROUPS = (
    "co_chairs",
    "people",
    "organisations",
    "agenda",
    "statements",
    "outcomes",
    "details",
    "conflicts",
)
TEXT_GROUPS = ("agenda", "statements", "outcomes", "details")
COPY_RUN = 10


@pytest.fixture(scope="module")
def bundled() -> Document:
    with paths.bundled_dataset().open("rb") as file:
        return tomllib.load(file)


def fact_bearing(meeting: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every part of a meeting that states facts, with its path: each must carry sources."""
    yield "date", meeting["date"]
    for i, alternative in enumerate(meeting["date"].get("alternatives", [])):
        yield f"date.alternatives[{i}]", alternative
    if "venue" in meeting:
        yield "venue", meeting["venue"]
    for group in SOURCED_GROUPS:
        for i, item in enumerate(meeting.get(group, [])):
            yield f"{group}[{i}]", item


def sourcing_problems(document: Document) -> list[str]:
    """Facts without sources, citations that do not resolve, and registry entries never cited."""
    registry = {source["key"] for source in document["sources"]}
    problems: list[str] = []
    cited: set[str] = set()
    for meeting in document["meetings"]:
        listed = set(meeting["sources"])
        for path, part in fact_bearing(meeting):
            keys = part.get("sources", [])
            if not keys:
                problems.append(f"{meeting['id']}.{path}: no sources")
            for key in keys:
                cited.add(key)
                if key not in registry:
                    problems.append(f"{meeting['id']}.{path}: cites unknown source {key!r}")
                if key not in listed:
                    problems.append(f"{meeting['id']}.{path}: {key!r} missing from its sources")
        cited |= listed
    problems += [f"source {key!r} is never cited" for key in sorted(registry - cited)]
    return problems


def grading_problems(document: Document) -> list[str]:
    """The record's scale: a meeting resting on a single source is graded weak."""
    problems = []
    for meeting in document["meetings"]:
        keys = {key for _, part in fact_bearing(meeting) for key in part.get("sources", [])}
        if len(keys | set(meeting["sources"])) == 1 and meeting["sourcing"] != "weak":
            problems.append(f"{meeting['id']}: one source, graded {meeting['sourcing']!r}")
    return problems


def conflict_problems(document: Document) -> list[str]:
    """Conflicts without an id or fields, and what the dataset's own validator reports."""
    problems = []
    for meeting in document["meetings"]:
        for j, conflict in enumerate(meeting.get("conflicts", [])):
            if not conflict.get("id"):
                problems.append(f"{meeting['id']}.conflicts[{j}]: no id")
            if not conflict.get("fields"):
                problems.append(f"{meeting['id']}.conflicts[{j}]: names no field")
    problems += [f"{problem.loc}: {problem.message}" for problem in cross_record_problems(document)]
    return problems


def related_problems(document: Document) -> list[str]:
    """Links between meetings go both ways, so either record leads to the other."""
    related = {meeting["id"]: set(meeting.get("related", [])) for meeting in document["meetings"]}
    return [
        f"{one} links to {other}, which does not link back"
        for one, others in related.items()
        for other in sorted(others)
        if one not in related.get(other, set())
    ]


def words(text: str) -> list[str]:
    """Text as the copying rule compares it: lower case, apostrophes dropped, other marks split."""
    return re.findall(r"[a-z0-9]+", text.lower().replace("'", "").replace("\u2019", ""))


def runs(text: str, length: int) -> set[tuple[str, ...]]:
    tokens = words(text)
    return {tuple(tokens[i : i + length]) for i in range(len(tokens) - length + 1)}


def copying_problems(document: Document, length: int = COPY_RUN) -> list[str]:
    """Agenda, statement, outcome and detail texts sharing ``length`` words with another record."""
    first_seen: dict[tuple[str, ...], str] = {}
    problems = []
    for meeting in document["meetings"]:
        mine: dict[tuple[str, ...], str] = {}
        for group in TEXT_GROUPS:
            for i, item in enumerate(meeting.get(group, [])):
                for run in runs(item["text"], length):
                    mine.setdefault(run, f"{meeting['id']}.{group}[{i}]")
        for run, where in mine.items():
            other = first_seen.setdefault(run, where)
            if other.split(".")[0] != meeting["id"]:
                problems.append(f"{where} repeats {other}: {' '.join(run)!r}")
    return problems


RULES = {
    "sourcing": sourcing_problems,
    "grading": grading_problems,
    "conflicts": conflict_problems,
    "related": related_problems,
    "copying": copying_problems,
}


@pytest.mark.parametrize("rule", RULES)
def test_bundled_dataset_keeps_the_rule(bundled: Document, rule: str) -> None:
    assert RULES[rule](bundled) == []


def test_bundled_dataset_is_the_size_the_issue_asks_for(bundled: Document) -> None:
    meetings = bundled["meetings"]
    assert len(meetings) >= 40
    assert len({meeting["series"] for meeting in meetings}) >= 10
    ids = [c["id"] for m in meetings for c in m.get("conflicts", [])]
    assert {f"C-{n}" for n in range(1, 15)} | {f"U-{n}" for n in range(1, 5)} <= set(ids)


def meeting_of(document: Document, meeting_id: str) -> dict[str, Any]:
    return next(m for m in document["meetings"] if m["id"] == meeting_id)


def drop_outcome_sources(document: Document) -> str:
    meeting_of(document, "jcc-14")["outcomes"][0]["sources"] = []
    return "jcc-14.outcomes[0]: no sources"


def cite_unknown_source(document: Document) -> str:
    meeting_of(document, "bpc-1")["date"]["sources"].append("w999")
    return "bpc-1.date: cites unknown source 'w999'"


def cite_unlisted_source(document: Document) -> str:
    meeting_of(document, "jwg-ltp-3")["outcomes"][0]["sources"].append("w01")
    return "jwg-ltp-3.outcomes[0]: 'w01' missing from its sources"


def orphan_a_source(document: Document) -> str:
    document["sources"].append({"key": "w998", "outlet": "Nobody", "url": "https://example.org"})
    return "source 'w998' is never cited"


def grade_single_source_strong(document: Document) -> str:
    meeting_of(document, "jwg-security-4")["sourcing"] = "strong"
    return "jwg-security-4: one source, graded 'strong'"


def drop_conflict_id(document: Document) -> str:
    del meeting_of(document, "jcc-10")["conflicts"][0]["id"]
    return "jcc-10.conflicts[0]: no id"


def point_conflict_nowhere(document: Document) -> str:
    meeting_of(document, "jwg-icc-1")["conflicts"][0]["fields"] = ["co_chairs[5].name"]
    return "which this meeting does not have"


def reuse_conflict_id(document: Document) -> str:
    meeting_of(document, "jcc-14")["conflicts"][1]["id"] = "C-1"
    return "duplicate conflict id 'C-1'"


def break_a_link(document: Document) -> str:
    meeting_of(document, "bpc-2")["related"].remove("bpc-1")
    return "bpc-1 links to bpc-2, which does not link back"


def copy_an_outcome(document: Document) -> str:
    text = meeting_of(document, "jwg-gwadar-6")["outcomes"][1]["text"]
    meeting_of(document, "jwg-sed-2021-12-30")["outcomes"].append(
        {"text": f"As the other group also heard: {text}", "sources": ["w91"]}
    )
    return "jwg-sed-2021-12-30.outcomes[1] repeats jwg-gwadar-6.outcomes[1]"


MUTATIONS = {
    "sourcing": [drop_outcome_sources, cite_unknown_source, cite_unlisted_source, orphan_a_source],
    "grading": [grade_single_source_strong],
    "conflicts": [drop_conflict_id, point_conflict_nowhere, reuse_conflict_id],
    "related": [break_a_link],
    "copying": [copy_an_outcome],
}


@pytest.mark.parametrize(
    ("rule", "mutate"),
    [(rule, mutate) for rule, mutations in MUTATIONS.items() for mutate in mutations],
    ids=lambda value: value if isinstance(value, str) else value.__name__,
)
def test_each_rule_catches_a_planted_fault(bundled: Document, rule: str, mutate: Any) -> None:
    broken = copy.deepcopy(bundled)
    expected = mutate(broken)
    found = RULES[rule](broken)
    assert any(expected in problem for problem in found), (expected, found)


def test_a_run_just_under_the_limit_is_allowed() -> None:
    nine = "one two three four five six seven eight nine"
    document: Document = {
        "meetings": [
            {"id": "a", "outcomes": [{"text": f"{nine} ten", "sources": ["s"]}]},
            {"id": "b", "outcomes": [{"text": f"{nine} eleven", "sources": ["s"]}]},
        ]
    }
    assert copying_problems(document) == []
    document["meetings"][1]["outcomes"][0]["text"] = f"Also: {nine} ten!"
    assert copying_problems(document) == [
        "b.outcomes[0] repeats a.outcomes[0]: 'one two three four five six seven eight nine ten'"
    ]
