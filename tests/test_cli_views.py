"""``timeline``, ``compare``, ``facets``, ``people`` and ``search --sort`` as a user runs them:
separate processes, on the bundled dataset, a small generated one and one written here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from tests.test_cli import HOSTILE_TITLE, run
from tests.views_data import meeting_record, person

pytestmark = pytest.mark.slow  # long end-to-end runs: see tests/conftest.py


DATASET = {
    "version": 1,
    "sources": [
        {"key": "s1", "outlet": "Dawn", "url": "https://example.org/1"},
        {"key": "s2", "outlet": "Business Recorder", "url": "https://example.org/2"},
    ],
    "meetings": [
        meeting_record(
            "jcc-2",
            "2014-05-01",
            "jcc",
            2,
            sectors=["energy", "industry"],
            themes=["security"],
            venue={"city": "Islamabad", "country": "PK", "mode": "in-person", "sources": ["s1"]},
            co_chairs=[
                person("Ahsan Iqbal", "PK", title="Minister for Planning"),
                person("Sun Weidong", "CN", title="Vice Minister"),
            ],
            outcomes=[
                {"text": "Agreed to expand energy cooperation.", "sources": ["s1"]},
                {"text": "Rejected disinformation about the corridor.", "sources": ["s2"]},
            ],
        ),
        meeting_record(
            "jcc-5",
            "2016",
            "jcc",
            5,
            sources=["s2"],
            sectors=["energy", "media"],
            venue={"city": "Beijing", "country": "CN", "sources": ["s2"]},
            co_chairs=[
                person("Asad Umar", "PK", title="Minister"),
                person("SUN Wei-dong", "CN", title="Vice Foreign Minister"),
            ],
            outcomes=[
                {"text": "Both sides agreed to expand energy cooperation.", "sources": ["s2"]},
                {"text": "Opened a new railway line.", "sources": ["s1", "s2"]},
            ],
            conflicts=[
                {
                    "id": "T-1",
                    "fields": ["date"],
                    "summary": "One report gives 2015.",
                    "resolution": "Keep 2016.",
                    "sources": ["s1", "s2"],
                }
            ],
        ),
        meeting_record(
            "jcc-1",
            "2013-08",
            "jcc",
            1,
            title=HOSTILE_TITLE,
            short_title=HOSTILE_TITLE,
            people=[person(HOSTILE_TITLE, "PK", title=HOSTILE_TITLE)],
        ),
        meeting_record("brief-1", "2015-03-01", "mfa-briefing", None),
    ],
}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "meetings.toml"
    path.write_text(tomli_w.dumps(DATASET), encoding="utf-8")
    return path


def _json(*args: str) -> Any:
    result = run(*args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_timeline_lists_rounds_in_date_order_and_marks_the_gap(data: Path) -> None:
    found = _json("--data", str(data), "timeline", "--json")
    assert [lane["series"] for lane in found["series"]] == ["jcc", "mfa-briefing"]
    jcc = found["series"][0]
    assert jcc["meetings"] == [
        {"id": "jcc-1", "date": "2013-08", "sequence": 1},
        {"id": "jcc-2", "date": "2014-05-01", "sequence": 2},
        {"id": "jcc-5", "date": "2016", "sequence": 5},
    ]
    assert jcc["missing"] == [3, 4]
    assert found["series"][1]["missing"] == []
    text = run("--data", str(data), "timeline", "sector:energy", "--series", "jcc")
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    # The lanes across the years, then each lane's meetings with the gaps marked.
    assert lines[:3] == [
        "      2014 2015 2016",
        "JCC      2    ·    5",
        "",
    ]
    assert lines[3].startswith("JCC — Joint Cooperation Committee: 2 meetings")
    assert "rounds 3\u20134 missing" in lines[5]
    assert lines[-1] == "  not in the record: rounds 3\u20134"
    assert "jcc-1" not in text.stdout, "the query narrows what is shown"
    assert "\x1b" not in run("--data", str(data), "timeline").stdout


def test_compare_two_meetings(data: Path) -> None:
    found = _json("--data", str(data), "compare", "jcc-2", "jcc-5", "--json")
    assert found["co_chairs"]["shared"] == ["SUN Wei-dong"]
    assert found["co_chairs"]["only_a"] == ["Ahsan Iqbal"]
    assert found["co_chairs"]["only_b"] == ["Asad Umar"]
    assert found["sectors"] == {"shared": ["energy"], "only_a": ["industry"], "only_b": ["media"]}
    assert found["themes"] == {"shared": [], "only_a": ["security"], "only_b": []}
    outcomes = found["outcomes"]
    assert [(p["a"]["text"], p["b"]["text"]) for p in outcomes["recurring"]] == [
        ("Agreed to expand energy cooperation.", "Both sides agreed to expand energy cooperation.")
    ]
    assert outcomes["only_a"] == [
        {"text": "Rejected disinformation about the corridor.", "sources": ["s2"]}
    ]
    assert outcomes["only_b"] == [{"text": "Opened a new railway line.", "sources": ["s1", "s2"]}]
    assert [c["summary"] for c in found["b"]["conflicts"]] == ["One report gives 2015."]
    text = run("--data", str(data), "compare", "jcc-2", "jcc-5").stdout
    assert "  stayed  A Sun Weidong — Vice Minister · China [s1]" in text
    assert "  only B  Opened a new railway line. [s1, s2]" in text
    assert "  B  ⚠ T-1 (date): One report gives 2015. Keep 2016. [s1, s2]" in text


def test_compare_one_id_with_its_previous_round(data: Path) -> None:
    found = _json("--data", str(data), "compare", "jcc-5", "--json")
    assert (found["a"]["id"], found["b"]["id"]) == ("jcc-2", "jcc-5")
    first = run("--data", str(data), "compare", "jcc-1")
    assert first.returncode == 1 and "no previous round" in first.stderr
    unknown = run("--data", str(data), "compare", "jcc-2", "jcc-9")
    assert unknown.returncode == 1 and "no meeting with id 'jcc-9'" in unknown.stderr
    hostile = run("--data", str(data), "compare", "jcc-2", "jcc-1")
    assert (
        hostile.returncode == 0 and "\x1b" not in hostile.stdout and "\u202e" not in hostile.stdout
    )


def test_facets_count_each_dimension(data: Path) -> None:
    found = _json("--data", str(data), "facets", "--json")
    assert found["total"] == 4
    assert found["series"] == {"jcc": 3, "mfa-briefing": 1}
    assert found["sector"] == {"energy": 2, "industry": 1, "media": 1}
    assert found["country"] == {"CN": 1, "PK": 1}
    assert found["outlet"] == {"Dawn": 4, "Business Recorder": 2}  # (jcc-5 dates by s1)
    narrowed = _json("--data", str(data), "facets", "venue:china", "--json")
    assert (narrowed["total"], narrowed["year"]) == (1, {"2016": 1})
    text = run("--data", str(data), "facets", "energy").stdout
    assert text.startswith("2 meetings\n\nseries\n       2  jcc  Joint Cooperation Committee\n")
    bad = run("--data", str(data), "facets", "date:2020..2010x")
    assert bad.returncode == 2 and "bad query" in bad.stderr
    none = run("--data", str(data), "facets", "zzzqqqxx")
    assert none.returncode == 1
    corrected = run("--data", str(data), "facets", "enrgy", "--json")
    assert corrected.stderr == "Showing results for energy\n"
    assert json.loads(corrected.stdout)["total"] == 2


def test_people_one_entry_per_person(data: Path) -> None:
    found = _json("--data", str(data), "people", "weidong", "--json")
    # Each spelling once: the one of the newest meeting names the entry.
    assert [(p["name"], p["country"], p["aliases"]) for p in found] == [
        ("SUN Wei-dong", "CN", ["Sun Weidong"])
    ]
    assert [(m["id"], m["date"], m["role"], m["title"]) for m in found[0]["meetings"]] == [
        ("jcc-5", "2016", "co-chair", "Vice Foreign Minister"),
        ("jcc-2", "2014-05-01", "co-chair", "Vice Minister"),
    ]
    everyone = run("--data", str(data), "people")
    assert everyone.returncode == 0
    assert "\x1b" not in everyone.stdout and "\u202e" not in everyone.stdout
    assert "␛]52;c;aGVsbG8=␇" in everyone.stdout, "shown, not acted on"
    assert run("--data", str(data), "people", "nobodyatall").returncode == 1


def test_search_sort(data: Path) -> None:
    def ids(*args: str) -> list[str]:
        found = _json("--data", str(data), "search", "jcc", "--json", *args)
        return [row["id"] for row in found["results"]]

    assert ids("--sort", "oldest") == ["jcc-1", "jcc-2", "jcc-5"]
    assert ids("--sort", "newest") == ["jcc-5", "jcc-2", "jcc-1"]
    assert sorted(ids()) == sorted(ids("--sort", "oldest"))


def test_on_the_bundled_dataset() -> None:
    timeline = _json("timeline", "--json")
    for lane in timeline["series"]:
        rounds = [m["sequence"] for m in lane["meetings"] if m["sequence"] is not None]
        expected = sorted(set(range(min(rounds), max(rounds) + 1)) - set(rounds)) if rounds else []
        assert lane["missing"] == expected
    facets = _json("facets", "--json")
    assert sum(facets["series"].values()) == facets["total"] == sum(facets["year"].values())
    people = _json("people", "--json")
    assert len({(p["name"], p["country"]) for p in people}) == len(people)
    assert all(p["meetings"] for p in people)
    listed = _json("list", "--json")
    with_round = next(m for m in listed if m.get("sequence", 1) > 1)
    compared = run("compare", with_round["id"])
    assert compared.returncode in (0, 1), compared.stderr


def test_on_a_generated_dataset(tmp_path: Path) -> None:
    path = tmp_path / "generated.toml"
    subprocess.run(
        [sys.executable, "-m", "bench.generate", "--meetings", "120", "--out", str(path)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    facets = _json("--data", str(path), "facets", "--json")
    assert facets["total"] == 120 == sum(facets["series"].values())
    timeline = _json("--data", str(path), "timeline", "--json")
    assert sum(len(lane["meetings"]) for lane in timeline["series"]) == 120
    people = _json("--data", str(path), "people", "--json")
    named = sum(len(p["meetings"]) for p in people)
    assert named > 0
    jcc = next(lane for lane in timeline["series"] if len(lane["meetings"]) > 1)
    later = jcc["meetings"][-1]["id"]
    compared = _json("--data", str(path), "compare", later, "--json")
    assert compared["b"]["id"] == later
    assert set(compared) >= {"sectors", "themes", "co_chairs", "outcomes"}
