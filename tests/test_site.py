"""End to end: the whole seed corpus through ingest, build and the real MkDocs build."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import sitebuild
import yaml
from conftest import ROOT
from mkdocs.config import load_config

pytestmark = pytest.mark.slow


def run(args: list[str], cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=check)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The project built from the four seed dumps as ``make site`` does: the seed site of this test process."""
    return sitebuild.seed_site(tmp_path_factory).parent


def test_one_page_per_unique_paper(built: Path):
    papers = yaml.safe_load((built / "data" / "papers.yaml").read_text())["papers"]
    pages = sorted(p.stem for p in (built / "docs" / "papers").glob("*.md") if p.name != "index.md")
    assert len(papers) == 364  # 359 of the four text dumps, 5 of the two recorded API answers
    assert pages == sorted(p["slug"] for p in papers)
    html = list((built / "site" / "papers").glob("*/index.html"))
    assert len(html) == len(papers)


def test_topic_pages_overview_and_home_exist(built: Path):
    topics = yaml.safe_load((built / "data" / "topics.yaml").read_text())["topics"]
    for t in topics:
        assert (built / "site" / "topics" / t["slug"] / "index.html").exists()
    for page in ("index.html", "topics/index.html", "papers/index.html", "about/index.html"):
        assert (built / "site" / page).exists()


HREF_RE = re.compile(r'(?:href|src)="([^"#?]*)(#[^"]*)?"')


def test_every_internal_link_resolves(built: Path):
    site = built / "site"
    broken = []
    for page in site.rglob("*.html"):
        for href, _ in HREF_RE.findall(page.read_text(encoding="utf-8")):
            if not href or urlparse(href).scheme or href.startswith(("//", "mailto:")):
                continue
            if href.startswith("/"):  # 404.html links from the site root (site_url's path)
                root_path = urlparse(load_config(str(built / "mkdocs.yml")).site_url or "/").path
                target = (site / unquote(href).removeprefix(root_path)).resolve()
            else:
                target = (page.parent / unquote(href)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {href}")
    assert broken == []


def test_paper_page_shows_everything(built: Path):
    page = (built / "site" / "papers" / "mamba-linear-time-sequence-modeling-with-selective-state-spaces" / "index.html").read_text()
    assert "Mamba: Linear-Time Sequence Modeling with Selective State Spaces" in page
    assert "2 authors" in page and "Dec 1, 2023" in page and "12 comments" in page
    assert "https://arxiv.org/search/?searchtype=title&amp;query=Mamba%3A%20Linear-Time" in page
    assert "https://huggingface.co/papers?q=Mamba" in page
    assert "https://www.semanticscholar.org/search?q=Mamba" in page
    assert 'href="../../topics/' in page


def test_generated_pages_are_not_committed():
    tracked = subprocess.run(["git", "ls-files", "docs"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert not any(t.startswith(("docs/papers/", "docs/topics/")) or t == "docs/index.md" for t in tracked)
