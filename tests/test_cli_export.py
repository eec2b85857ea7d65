"""Every export format through a real process, parsed back with a real parser, on hostile data.

The dataset puts Markdown, CSV-formula, BibTeX and terminal attacks in every string an export
carries; each test parses the output the way a reader's tool would (markdown-it with
footnotes, ``csv``, ``json``, ``bibtexparser``) and checks that it says what the data says.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from bibtexparser.entrypoint import parse_string
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from cpec_tui.text import one_line
from tests.test_cli import run

pytestmark = pytest.mark.slow  # long end-to-end runs: see tests/conftest.py

ESC_CLEAR = "\x1b[2J"
OSC52 = "\x1b]52;c;aGVsbG8=\x07"
CLICK = "[@click=app.quit]"
FORMULA = "=cmd|' /C calc'!A0"
MARKDOWN = "| *bold* _u_ `code` <b>html</b> [x](javascript:alert(1)) ![i](http://e.org/i.png)"
TEX = "{unbalanced \\ 50% #1 $x$ a_b ^c ~d & }} {"

TITLE = f"{FORMULA} {MARKDOWN} {CLICK} {ESC_CLEAR}\nsecond line"
OUTLET = f"+Outlet {TEX} {OSC52}"
HEADLINE = f"-Headline {CLICK} ]] [[^h2]] {MARKDOWN}"
CHAIR = f"@Chair {CLICK} {TEX}"
OUTCOME = f"1. # > - Outcome {MARKDOWN} {TEX}\n=== {OSC52}"
# (The dataset refuses control characters in a URL: the escapes are in the headlines.)
BAD_URL = "https://example.org/p)](javascript:alert(1))/a?q=<x>&y={z}"
NOTE_TEXT = f"# My *note* {CLICK}\n\n- item {OSC52}\nlast {ESC_CLEAR}"

HOSTILE = [TITLE, OUTLET, HEADLINE, CHAIR, OUTCOME]


def hostile_document() -> dict[str, Any]:
    """Two meetings citing four sources: an awkward key, a bad URL, one that is not online."""
    evil: dict[str, Any] = {
        "id": "evil-1",
        "series": "other",
        "sequence": 1,
        "kind": "meeting",
        "title": TITLE,
        "short_title": f"Evil {CLICK}",
        "sourcing": "strong",
        "sources": ["h1", "h2"],
        "date": {
            "value": "2024-02-03",
            "status": "conflicting",
            "sources": ["h1"],
            "note": f"Date note {MARKDOWN}",
            "alternatives": [{"as_reported": f"* {TEX}", "sources": ["odd key]"]}],
        },
        "venue": {"city": f"City {MARKDOWN}", "country": "PK", "sources": ["h1"]},
        "co_chairs": [
            {"name": CHAIR, "title": f"-Title {OSC52}", "country": "PK", "sources": ["h1", "h2"]}
        ],
        "outcomes": [{"text": OUTCOME, "sources": ["h3"]}],
        "conflicts": [
            {
                "id": "H-1",
                "fields": ["co_chairs"],
                "summary": f"Summary {MARKDOWN}",
                "resolution": f"Resolution {CLICK}",
                "sources": ["h1", "odd key]"],
            }
        ],
        "related": ["calm-1"],
    }
    calm: dict[str, Any] = {
        "id": "calm-1",
        "series": "jcc",
        "sequence": 1,
        "kind": "meeting",
        "title": "A calm meeting about agriculture",
        "short_title": "1st JCC",
        "sourcing": "moderate",
        "sources": ["h1"],
        "sectors": ["agriculture"],
        "date": {"value": "2015-08", "status": "reported", "sources": ["h1"]},
    }
    return {
        "version": 1,
        "sources": [
            {
                "key": "h1",
                "outlet": OUTLET,
                "published": "2024-02-04",
                "headline": HEADLINE,
                "url": "https://example.org/a?b=[c]&d=(e)",
            },
            {"key": "h2", "outlet": "Second outlet", "url": BAD_URL},
            {"key": "h3", "outlet": "Offline outlet", "file": "secret_002.txt"},
            {"key": "odd key]", "outlet": "Odd", "url": "http://example.org/odd"},
        ],
        "meetings": [evil, calm],
    }


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.toml"
    path.write_text(tomli_w.dumps(hostile_document()), encoding="utf-8")
    return path


def cli(data: Path, *args: str) -> str:
    result = run("--data", str(data), *args)
    assert result.returncode == 0, result.stderr
    assert_clean(result.stdout)
    return result.stdout


def assert_clean(text: str) -> None:
    """No control character from the data reached the output, nor an unshipped file name."""
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text.replace("\r\n", "\n"))
    assert "secret_002" not in text


# Markdown ------------------------------------------------------------------------------------

MD = MarkdownIt("commonmark").use(footnote_plugin)


def parse_markdown(text: str) -> tuple[list[Token], dict[str, Any]]:
    env: dict[str, Any] = {}
    return MD.parse(text, env), env


def inline_texts(tokens: list[Token]) -> list[str]:
    """The text a reader sees in each paragraph, heading and list item (footnote marks out)."""
    texts = []
    for token in tokens:
        if token.type != "inline":
            continue
        parts = []
        for child in token.children or []:
            assert child.type not in ("html_inline", "image"), child
            if child.type == "link_open":
                assert str(child.attrs["href"]).startswith(("https://", "http://")), child
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
        texts.append("".join(parts))
    return texts


def assert_footnotes_one_to_one(text: str, tokens: list[Token], env: dict[str, Any]) -> set[str]:
    """Every footnote reference has exactly one definition and every definition is used."""
    refs = {
        child.meta["label"]
        for token in tokens
        if token.type == "inline"
        for child in token.children or []
        if child.type == "footnote_ref"
    }
    written = re.findall(r"^\[\^([^\]]+)\]: ", text, flags=re.MULTILINE)
    assert len(written) == len(set(written)), "no footnote is defined twice"
    defined = {label[1:] for label in env["footnotes"]["refs"]}
    assert refs == defined == set(written)
    return refs


def assert_markdown_says_what_the_data_says(text: str) -> list[str]:
    assert_clean(text)
    tokens, env = parse_markdown(text)
    assert not [t for t in tokens if t.type == "html_block"]
    seen = inline_texts(tokens)
    for value in HOSTILE:
        assert any(one_line(value).strip() in shown for shown in seen), value
    labels = assert_footnotes_one_to_one(text, tokens, env)
    assert {"h1", "h2", "h3"} <= labels and "odd key]" not in labels
    return seen


def test_show_markdown_cites_every_key_by_footnote(data: Path) -> None:
    text = cli(data, "show", "evil-1", "--format", "md")
    seen = assert_markdown_says_what_the_data_says(text)
    assert text.startswith("# ") and one_line(TITLE) in seen[0]
    assert "[^h1]" in text and "[^h2]" in text
    html = MD.render(text)
    assert "<script" not in html and "<b>" not in html and "<img" not in html
    targets = re.findall(r'href="([^"]*)"', html)
    assert targets and all(t.startswith(("https://", "http://", "#fn")) for t in targets)
    definitions = dict(re.findall(r"^\[\^([^\]]+)\]: (.*)$", text, flags=re.MULTILINE))
    h1 = [shown for shown in seen if one_line(HEADLINE).strip() in shown]
    assert h1 and "4 Feb 2024" in h1[0] and one_line(OUTLET).strip() in h1[0]
    assert "<https://example.org/a?b=%5Bc%5D&d=%28e%29>" in definitions["h1"]
    # A URL with ")", "<" and an escape sequence cannot break out of its link.
    tokens, _ = parse_markdown(text)
    hrefs = [
        str(child.attrs["href"])
        for token in tokens
        if token.type == "inline"
        for child in token.children or []
        if child.type == "link_open"
    ]
    bad = [href for href in hrefs if href.startswith("https://example.org/p")]
    assert bad == ["https://example.org/p%29%5D%28javascript:alert%281%29%29/a?q=%3Cx%3E&y=%7Bz%7D"]
    assert "not online" in definitions["h3"] and "seed" in definitions["h3"]
    assert "`calm-1`: 1st JCC, Aug 2015" in text
    assert "co-chairs" in text, "conflicting fields are named in words"


def test_show_json_resolves_sources_and_json_stays_an_alias(data: Path) -> None:
    record = json.loads(cli(data, "show", "evil-1", "--format", "json"))
    assert json.loads(cli(data, "show", "evil-1", "--json")) == record
    assert record["title"] == TITLE, "JSON carries the data exactly (escaped, never raw)"
    cited = record["cited_sources"]
    assert [s["key"] for s in cited] == ["h1", "h2", "odd key]", "h3"]
    assert cited[0]["outlet"] == OUTLET and cited[0]["headline"] == HEADLINE
    assert all("file" not in source for source in cited)
    assert "Second outlet" in run("--data", str(data), "show", "evil-1").stdout


def test_export_markdown_shares_one_set_of_footnotes(data: Path) -> None:
    text = cli(data, "export")
    assert text.startswith("# CPEC meetings\n")
    assert text.count("\n## ") == 2
    assert_markdown_says_what_the_data_says(text)
    assert len(re.findall(r"^\[\^h1\]: ", text, flags=re.MULTILINE)) == 1
    only = cli(data, "export", "agriculture")
    assert "calm meeting" in only and "evil" not in only.lower()
    assert "# CPEC meetings matching “agriculture”" in only


def test_export_csv_is_one_row_per_meeting_and_never_a_formula(data: Path) -> None:
    text = cli(data, "export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [row["id"] for row in rows] == ["evil-1", "calm-1"]
    evil, calm = rows
    assert evil["title"] == "'" + one_line(TITLE)
    assert evil["co_chairs"].startswith("'" + one_line(CHAIR))
    assert evil["date"] == "2024-02-03" and evil["round"] == "1" and evil["series"]
    assert evil["venue"] == one_line(f"City {MARKDOWN}") + ", Pakistan"
    assert evil["source_keys"] == "h1; h2; odd key]; h3"
    urls = evil["source_urls"].split(" ")
    assert urls[0] == "https://example.org/a?b=%5Bc%5D&d=%28e%29" and len(urls) == 3
    assert calm["sectors"] == "Agriculture" and calm["round"] == "1"
    for row in rows:
        for cell in row.values():
            assert "\n" not in cell and not cell.startswith(("=", "+", "-", "@"))


def test_export_json_is_the_models_with_sources(data: Path) -> None:
    records = json.loads(cli(data, "export", "--format", "json"))
    assert [r["id"] for r in records] == ["evil-1", "calm-1"]
    assert records[0]["outcomes"][0]["text"] == OUTCOME
    assert [s["key"] for s in records[1]["cited_sources"]] == ["h1"]


def test_export_to_a_file(data: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "meetings.md"
    result = run("--data", str(data), "export", "--output", str(target))
    assert result.returncode == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8") == cli(data, "export")
    blocked = tmp_path / "file"
    blocked.write_text("x", encoding="utf-8")
    failed = run("--data", str(data), "export", "-o", str(blocked / "inside.md"))
    assert failed.returncode == 1 and "cannot write" in failed.stderr
    assert "Traceback" not in failed.stderr


def test_export_queries_fail_like_search(data: Path) -> None:
    bad = run("--data", str(data), "export", 'title:"unclosed')
    assert bad.returncode == 2 and "bad query" in bad.stderr and bad.stdout == ""
    none = run("--data", str(data), "export", "zzzzqqq")
    assert none.returncode == 1 and "nothing was exported" in none.stderr


# Reference managers --------------------------------------------------------------------------

# What the BibTeX export writes for each character TeX would act on, read back.
TEX_DECODED = {
    r"{\textbackslash}": "\\",
    r"{\textbraceleft}": "{",
    r"{\textbraceright}": "}",
    r"{\textasciitilde}": "~",
    r"{\textasciicircum}": "^",
    **{f"\\{char}": char for char in "%&#$_"},
}


def tex_decoded(value: str) -> str:
    pattern = "|".join(re.escape(escaped) for escaped in TEX_DECODED)
    return re.sub(pattern, lambda m: TEX_DECODED[m.group()], value)


def test_sources_bibtex_parses_with_every_key(data: Path) -> None:
    text = cli(data, "sources", "--format", "bibtex")
    library = parse_string(text)
    assert library.failed_blocks == []
    entries = {entry.key: entry for entry in library.entries}
    assert list(entries) == ["h1", "h2", "h3", "odd_key_"]
    h1 = entries["h1"].fields_dict
    assert tex_decoded(h1["howpublished"].value) == one_line(OUTLET).strip()
    assert tex_decoded(h1["title"].value) == one_line(HEADLINE).strip()
    assert h1["date"].value == "2024-02-04" and h1["year"].value == "2024"
    assert h1["url"].value == "https://example.org/a?b=%5Bc%5D&d=%28e%29"
    assert "{" not in entries["h2"].fields_dict["url"].value
    assert "not online" in entries["h3"].fields_dict["note"].value.lower()
    assert all(v.count("{") == v.count("}") for e in library.entries for v in e.fields_dict)
    only = parse_string(cli(data, "sources", "calm-1", "--format", "bibtex"))
    assert [entry.key for entry in only.entries] == ["h1"]


def test_sources_csl_json_keeps_keys(data: Path) -> None:
    items = json.loads(cli(data, "sources", "evil-1", "--format", "csl-json"))
    assert [item["id"] for item in items] == ["h1", "h2", "odd key]", "h3"]
    h1 = items[0]
    assert h1["type"] == "article-newspaper"
    assert h1["container-title"] == one_line(OUTLET).strip()
    assert h1["title"] == one_line(HEADLINE).strip()
    assert h1["issued"] == {"date-parts": [[2024, 2, 4]]}
    assert "URL" not in items[3] and "not online" in items[3]["note"].lower()


def test_sources_as_ready_citations(data: Path) -> None:
    lines = cli(data, "sources").splitlines()
    assert lines[0] == (
        f"[h1] {one_line(OUTLET).strip()}, 4 Feb 2024, “{one_line(HEADLINE).strip()}”, "
        "https://example.org/a?b=%5Bc%5D&d=%28e%29"
    )
    assert lines[2].startswith("[h3] Offline outlet, undated, not online")
    unknown = run("--data", str(data), "sources", "evil-2")
    assert unknown.returncode == 1 and "evil-1" in unknown.stderr


# Notes ---------------------------------------------------------------------------------------


def test_note_export_has_meeting_date_title_and_tag_filter(data: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.toml"

    def note(*args: str) -> str:
        return cli(data, "--notes", str(notes), "note", *args)

    note("add", "evil-1", NOTE_TEXT, "--tag", "Story")
    note("add", "calm-1", "calm thoughts", "--tag", "other")
    text = note("export", "--tag", "story")
    tokens, _ = parse_markdown(text)
    seen = inline_texts(tokens)
    assert f"evil-1: {one_line(TITLE)} (3 Feb 2024)" in seen
    for line in NOTE_TEXT.splitlines():
        assert not line or any(one_line(line) in shown for shown in seen), line
    assert "calm thoughts" not in text
    groups = json.loads(note("export", "--format", "json", "--tag", "STORY"))
    assert [(g["meeting"], g["date"], g["title"]) for g in groups] == [
        ("evil-1", "2024-02-03", TITLE)
    ]
    assert [n["text"] for n in groups[0]["notes"]] == [NOTE_TEXT]
    assert "calm-1: A calm meeting about agriculture (Aug 2015)" in note("export")


def test_readme_sample_is_what_show_prints() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    [sample] = re.findall(r"```markdown\n(.*?)```", readme, flags=re.DOTALL)
    shown = run("show", "bpc-3", "--format", "md")
    assert shown.returncode == 0 and shown.stdout == sample, "regenerate the README sample"
    for command in ("export", "sources"):
        assert command in run("--help").stdout
