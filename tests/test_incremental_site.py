"""`make site` renders only what changed, and its site is byte for byte a full build's.

The seed project is built without one day's dump; then that dump is added
(and later a curation edit made), and `python -m generator site` builds
site/ incrementally; a from-scratch build (`--full`) into another folder
must give the same files, Pagefind's index included. Pagefind is forced
(ATLAS_SEARCH): the seeds alone would get lunr, which is always built in full.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sitebuild import ROOT, make_project

from generator.incremental import Plan, Record, plan, record_path
from generator.storage.files import files_under

NEW_DAY = "hf-2024-10-25.json"  # a day's dump of the Hugging Face API: added after the first build


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT), "ATLAS_SEARCH": "pagefind"}
    env.pop("SITE_URL", None)
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=root, env=env, capture_output=True, text=True)


def site(root: Path, *args: str) -> str:
    """``make site``: update, then the site build; what the build says it did."""
    for command in (["update"], ["site", *args]):
        done = run(root, *command)
        assert done.returncode == 0, done.stderr
        assert "WARNING" not in done.stderr and "ERROR" not in done.stderr, done.stderr
    return done.stdout


def tree(folder: Path) -> dict[str, bytes]:
    return dict(files_under(folder))


def mtimes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*.html")}


def same_as_full_build(root: Path) -> None:
    assert "full build" in site(root, "--full", "--site-dir", "full")
    incremental, full = tree(root / "site"), tree(root / "full")
    assert sorted(incremental) == sorted(full)
    assert [rel for rel in full if incremental[rel] != full[rel]] == []


def test_incremental_builds_equal_full_builds(tmp_path: Path):
    raw = ROOT / "data" / "raw"
    dumps = {p.name: p.read_text(encoding="utf-8") for p in sorted(raw.iterdir()) if p.name != NEW_DAY}
    (tmp_path / "atlas").mkdir()
    root = make_project(tmp_path / "atlas", dumps)
    assert "full build: no complete earlier build" in site(root)
    first = mtimes(root / "site")
    papers_before = {p.name for p in (root / "docs" / "papers").glob("*.md")}

    (root / "data" / "raw" / NEW_DAY).write_bytes((raw / NEW_DAY).read_bytes())
    said = site(root)
    assert "incremental build" in said, said
    new = {p.name for p in (root / "docs" / "papers").glob("*.md")} - papers_before
    assert new and "new pages" in said
    after_dump = mtimes(root / "site")
    kept = [rel for rel in first if after_dump.get(rel) == first[rel]]
    assert len(kept) > len(first) // 2  # most pages were not rendered again, yet the site is a full build's
    same_as_full_build(root)

    slug = sorted(papers_before - {"index.md"})[5][: -len(".md")]
    (root / "data" / "curation.yaml").write_text(
        f"papers:\n  {slug}:\n    tldr: A one-line curated summary written by hand.\n", encoding="utf-8"
    )
    assert "incremental build" in site(root)
    after_edit = mtimes(root / "site")
    assert after_edit[f"papers/{slug}/index.html"] != after_dump[f"papers/{slug}/index.html"]
    assert "A one-line curated summary written by hand." in (root / "site" / "papers" / slug / "index.html").read_text(encoding="utf-8")
    assert sum(after_edit[rel] == after_dump[rel] for rel in after_dump) > len(after_dump) // 2
    same_as_full_build(root)

    with (root / "mkdocs.yml").open("a", encoding="utf-8") as f:
        f.write("\n# any change of the configuration\n")
    assert "full build: configuration" in site(root)
    same_as_full_build(root)


def test_a_failed_build_leaves_the_last_site(tmp_path: Path):
    (tmp_path / "atlas").mkdir()
    root = make_project(tmp_path / "atlas")
    site(root)
    before = tree(root / "site")
    record = record_path(root / "site").read_bytes()
    with (root / "docs" / "about.md").open("a", encoding="utf-8") as f:
        f.write("\nSee [a page that is not there](nowhere.md).\n")
    done = run(root, "site")
    assert done.returncode == 1
    assert "nowhere.md" in done.stderr and "was left as it was" in done.stderr
    assert tree(root / "site") == before and record_path(root / "site").read_bytes() == record
    assert not (root / ".site-build").exists()


def test_what_forces_a_full_build():
    pages = frozenset({"index.md", "papers/a.md", "papers/b.md"})
    last = Record("shared", pages)
    assert plan(last, Record("shared", pages | {"papers/c.md"}), "pagefind", True).incremental
    assert plan(last, Record("shared", pages), "pagefind", True) == Plan(True, "0 new pages, changed pages rendered again")
    assert not plan(last, Record("shared", pages - {"papers/b.md"}), "pagefind", True).incremental  # a link may now warn
    assert not plan(last, Record("other", pages), "pagefind", True).incremental
    assert not plan(last, Record("shared", pages), "lunr", True).incremental  # lunr indexes pages in memory
    assert not plan(last, Record("shared", pages), "pagefind", False).incremental  # no site/
    assert not plan(None, Record("shared", pages), "pagefind", True).incremental
