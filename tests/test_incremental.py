"""`mkdocs serve` after a curation edit: only pages whose bytes change are rewritten.

The hook runs ``pipeline.build`` before every build; a page written again
with the same bytes would get a new mtime and make serve rebuild forever.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator import pipeline, search
from generator.models import MARKER
from generator.storage.docs import read_manifest

OLD = 1_000_000_000  # a known past mtime, set on every page after the first build


def snapshot(docs: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(docs)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(docs.rglob("*"))
        if p.is_file()
    }


def test_curation_edit_rewrites_only_changed_pages(project: Path):
    data, docs = project / "data", project / "docs"
    pipeline.ingest(sorted((data / "raw").glob("*.txt")), data / "papers.yaml")
    (data / "curation.yaml").unlink(missing_ok=True)
    site, first_stats = pipeline.build(data, docs)
    assert first_stats.written > 300
    for p in docs.rglob("*"):
        if p.is_file():
            os.utime(p, ns=(OLD * 10**9, OLD * 10**9))
    before = snapshot(docs)

    slug = site.papers[0].paper.slug
    (data / "curation.yaml").write_text(
        f"papers:\n  {slug}:\n    tldr: A one-line curated summary written by hand.\n", encoding="utf-8"
    )
    _, stats = pipeline.build(data, docs)
    after = snapshot(docs)

    assert set(after) == set(before)
    changed = {rel for rel in after if after[rel][0] != before[rel][0]}
    touched = {rel for rel in after if after[rel][1] != OLD * 10**9}
    assert f"papers/{slug}.md" in changed
    assert touched == changed  # unchanged pages keep their bytes and their mtime
    assert stats.written == len(changed)
    assert len(changed) < len(after) // 10  # one paper, its related papers, its topics, the lists

    _, again = pipeline.build(data, docs)  # nothing changed: nothing is written
    assert again.written == 0 and again.removed == 0
    assert snapshot(docs) == after


def test_the_hook_skips_the_generator_until_data_or_pages_change(project: Path):
    data, docs = project / "data", project / "docs"
    pipeline.ingest(sorted((data / "raw").glob("*.txt")), data / "papers.yaml")
    first = pipeline.build_if_changed(data, docs)
    assert first.stats is not None and first.stats.written > 300
    assert first.papers == len(list((docs / "papers").glob("*.md"))) - 1  # (papers/index.md is the table)
    before = snapshot(docs)

    again = pipeline.build_if_changed(data, docs)  # same inputs: nothing runs, nothing is written
    assert again.stats is None and (again.papers, again.topics) == (first.papers, first.topics)
    assert snapshot(docs) == before

    gone = next(iter(sorted((docs / "papers").glob("*.md"))))
    gone.unlink()  # a page deleted by hand: the pages are no longer a complete build
    repaired = pipeline.build_if_changed(data, docs)
    assert repaired.stats is not None and repaired.stats.written == 1 and gone.exists()

    with (data / "curation.yaml").open("a", encoding="utf-8") as f:
        f.write("\n# a comment is an edit too\n")
    assert pipeline.build_if_changed(data, docs).stats is not None  # data changed: the generator runs
    assert pipeline.build_if_changed(data, docs).stats is None

    (docs / pipeline.STAMP).unlink()  # what a build killed before its end leaves
    assert pipeline.build_if_changed(data, docs).stats is not None


def test_the_search_page_and_script_are_generated_with_pagefind_only(project: Path):
    """Pagefind's search page and script are pages of docs/ (a builder without the hook, as Zensical,
    finds them there), listed in the manifest and removed when lunr takes over; the setting is an input."""
    data, docs = project / "data", project / "docs"
    pipeline.ingest(sorted((data / "raw").glob("*.txt")), data / "papers.yaml")
    made = [docs / search.PAGE_PATH, docs / search.SCRIPT_PATH]
    pipeline.build_if_changed(data, docs, search_settings=("pagefind", 500))
    assert all(p.is_file() for p in made) and {search.PAGE_PATH, search.SCRIPT_PATH} <= read_manifest(docs)
    assert MARKER in made[0].read_text(encoding="utf-8")  # a generated page, never taken for a hand-written one
    lunr = pipeline.build_if_changed(data, docs, search_settings=("auto", 500))  # 359 seed papers: lunr
    assert lunr.stats is not None and not any(p.exists() for p in made)
    assert not {search.PAGE_PATH, search.SCRIPT_PATH} & read_manifest(docs)
    pipeline.build_if_changed(data, docs, search_settings=("auto", 100))  # above 100 papers: Pagefind
    assert all(p.is_file() for p in made)
