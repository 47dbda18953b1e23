"""Real copies of Hugging Face papers pages give exactly the papers a reader sees on them.

Each fixture in tests/fixtures/real/ is a verbatim excerpt of a copy found in
a public repository (README.md there gives each one's source, design and copy
route); its ``.expected.yaml`` was written by reading the page, not by running
the parser: the papers in order, with the start and end of each abstract and
the metadata the page shows.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.errors import AtlasError
from generator.ingest.corpus import title_key
from generator.ingest.parse import parse_dump

REAL = Path(__file__).resolve().parent / "fixtures" / "real"
CASES = sorted(p for p in REAL.iterdir() if p.suffix in (".txt", ".md") and p.name != "README.md")
FIELDS = (
    "upvotes", "comments", "authors", "author_names", "arxiv_id", "github", "github_stars",
    "project_page", "submitted_by", "date", "published", "truncated",
)


def flat(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def unique(entries):
    """The papers in order of first appearance (trending pages render every card twice)."""
    seen: set[str] = set()
    return [e for e in entries if not (title_key(e.title) in seen or seen.add(title_key(e.title)))]


def test_there_are_real_copies_of_every_kind():
    expected = [yaml.safe_load(Path(f"{p}.expected.yaml").read_text(encoding="utf-8")) for p in CASES]
    assert len(CASES) >= 12
    assert {e["design"].split()[0] for e in expected} >= {"paper", "search", "trending"}
    assert {e["route"] for e in expected} == {"browser", "markdown", "wrapped"}


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_real_copy_gives_the_papers_on_the_page(path: Path):
    expected = yaml.safe_load(Path(f"{path}.expected.yaml").read_text(encoding="utf-8"))
    entries, _ = parse_dump(path.read_bytes(), path.name)
    got = unique(entries)
    assert [flat(e.title) for e in got] == [flat(w["title"]) for w in expected["papers"]]
    for entry, want in zip(got, expected["papers"]):
        abstract = flat(entry.abstract)
        if want["abstract_start"]:
            assert abstract.startswith(flat(want["abstract_start"])[:30]), entry.title
        if want["abstract_end"]:
            assert abstract.endswith(flat(want["abstract_end"])[-30:]), entry.title
        else:
            assert want["abstract_start"] or entry.abstract is None
        assert (entry.org.name if entry.org else None) == want["org"], entry.title
        for name in FIELDS:
            value = getattr(entry, name)
            wanted = want.get(name)
            if name == "author_names":
                value, wanted = list(value), wanted or []
            if name == "truncated":
                wanted = bool(wanted)
            assert value == wanted, (entry.title, name)


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_no_chrome_line_of_a_real_copy_becomes_a_paper(path: Path):
    """Every entry a copy gives is one of the papers on the page (and each has text to show)."""
    expected = yaml.safe_load(Path(f"{path}.expected.yaml").read_text(encoding="utf-8"))
    titles = {title_key(w["title"]) for w in expected["papers"]}
    entries, _ = parse_dump(path.read_bytes(), path.name)
    assert {title_key(e.title) for e in entries} == titles


def test_a_paper_page_copied_without_its_title_is_refused_not_misread():
    """A real copy from "Published on Oct 1" down (refused/, see the README): no title, no "Abstract"
    heading. It used to be read as a listing of 12 made-up papers (the AI summary, the commenters, the
    bot's list of titles); what cites the paper marks it as a paper's page, which needs a title."""
    path = REAL / "refused" / "paper-page-browser-3.txt"
    with pytest.raises(AtlasError) as raised:
        parse_dump(path.read_bytes(), path.name)
    assert [(p.line, p.message) for p in raised.value.problems][0] == (
        2, "a paper's page with no title before its abstract; skipped"
    )


def test_the_same_copy_with_its_title_line_gives_its_one_paper():
    """The copy above with the paper's title put back as its first line (the only line not from the
    page): the abstract is found after the "Published on" line, without an "Abstract" heading."""
    path = REAL / "refused" / "paper-page-browser-3.txt"
    entries, warnings = parse_dump(b"GEM: A Gym for Agentic LLMs\n" + path.read_bytes(), path.name)
    assert warnings == [] and len(entries) == 1
    paper = entries[0]
    assert (paper.title, paper.arxiv_id, paper.published) == ("GEM: A Gym for Agentic LLMs", "2510.01051", "Oct 1")
    assert paper.ai_summary.startswith("GEM, an open-source environment simulator, facilitates")
    assert paper.abstract.startswith("The training paradigm for large language models (LLMs) is moving")
    assert paper.abstract.endswith("help accelerate future agentic LLM research.")
