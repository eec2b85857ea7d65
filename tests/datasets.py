"""Small datasets written by tests: a valid baseline and ways to break it."""

from __future__ import annotations

from pathlib import Path

VALID = """\
version = 1

[[sources]]
key = "s1"
outlet = "Business Recorder"
published = "2024-01-22"
url = "https://example.org/jwg-icc-4"

[[sources]]
key = "s2"
outlet = "Infostani"
file = "002.txt"

[[meetings]]
id = "jwg-icc-4"
series = "jwg-icc"
sequence = 4
kind = "meeting"
title = "4th meeting of the Joint Working Group on International Cooperation"
short_title = "4th JWG-ICC"
sourcing = "strong"
sources = ["s1", "s2"]
sectors = ["agriculture", "industry"]
themes = ["counter-disinformation"]
related = ["jwg-icc-5"]

[meetings.date]
value = "2024-01-21"
status = "confirmed"
sources = ["s1"]

[[meetings.date.alternatives]]
value = "2024-01-22"
as_reported = "held on Monday"
sources = ["s2"]

[meetings.venue]
city = "Islamabad"
country = "PK"
mode = "in-person"
sources = ["s1"]

[[meetings.co_chairs]]
name = "Muhammad Syrus Sajjad Qazi"
title = "Foreign Secretary"
country = "PK"
sources = ["s1"]

[[meetings.co_chairs]]
name = "Sun Weidong"
title = "Vice Minister for Foreign Affairs"
country = "CN"
sources = ["s1", "s2"]

[[meetings.outcomes]]
text = "Rejected disinformation about the corridor."
sources = ["s1"]

[[meetings.conflicts]]
id = "C-3"
fields = ["date"]
summary = "Infostani says Monday; 21 January 2024 was a Sunday."
resolution = "Keep 2024-01-21."
sources = ["s1", "s2"]

[[meetings]]
id = "jwg-icc-5"
series = "jwg-icc"
sequence = 5
kind = "meeting"
title = "5th meeting of the Joint Working Group on International Cooperation"
short_title = "5th JWG-ICC"
sourcing = "moderate"
sources = ["s1"]
related = ["jwg-icc-4"]

[meetings.date]
value = "2025-01"
status = "reported"
sources = ["s1"]

[[meetings.co_chairs]]
name = "Amna Baloch"
title = "Foreign Secretary"
country = "PK"
sources = ["s1"]
"""


def write(tmp_path: Path, text: str = VALID, name: str = "meetings.toml") -> Path:
    """Write ``text`` as a dataset file and return its path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th line containing ``needle``."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not found")
