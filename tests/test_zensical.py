"""Zensical (Material's successor) builds the seed site from the same mkdocs.yml, docs/ and overrides/.

Zensical runs no MkDocs hook, so this is also the check that docs/ as
``python -m generator update`` writes it is the whole site: a paper page's
title, TL;DR, related papers and topic links come out of the pages
themselves (README, *Zensical*).
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sitebuild
from conftest import ROOT

pytestmark = pytest.mark.slow

SLUG = "mamba-linear-time-sequence-modeling-with-selective-state-spaces"
HREF_RE = re.compile(r'href="([^"#]+)"')


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The seed project, its pages written by the generator and built by ``zensical build``."""
    root = sitebuild.make_project(tmp_path_factory.mktemp("zensical"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("SITE_URL", None)
    env.pop("ATLAS_SEARCH", None)
    for args in (["-m", "generator", "update"], ["-m", "zensical", "build", "--clean", "-f", "mkdocs.yml"]):
        done = subprocess.run([sys.executable, *args], cwd=root, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
    return root


def paper(project: Path, slug: str) -> dict:
    """The paper as the generator's export gives it (the data the page was written from)."""
    papers = json.loads((project / "docs" / "exports" / "papers.json").read_text(encoding="utf-8"))["papers"]
    return next(p for p in papers if p["slug"] == slug)


def section(page: str, anchor: str) -> str:
    """The HTML from the heading with id ``anchor`` to the next h2."""
    start = page.index(f'id="{anchor}"')
    end = page.find("<h2", start)
    return page[start:end if end >= 0 else len(page)]


def test_paper_page_title_tldr_and_related_links(project: Path):
    site = project / "site"
    p = paper(project, SLUG)
    page = (site / "papers" / SLUG / "index.html").read_text(encoding="utf-8")
    assert f"<title>{html.escape(p['title'], quote=False)} - Paper Atlas</title>" in page
    assert re.search(rf'<h1 id="{SLUG}">{re.escape(html.escape(p["title"], quote=False))}<', page)
    after_label = page[page.index(">TL;DR<"):]
    assert html.escape(p["tldr"], quote=False) in after_label[:len(p["tldr"]) * 2 + 200]
    hrefs = HREF_RE.findall(section(page, "related-papers"))
    targets = [(site / "papers" / SLUG / href).resolve() for href in hrefs]
    assert p["related"] and targets == [(site / "papers" / slug).resolve() for slug in p["related"]]
    assert all((t / "index.html").is_file() for t in targets)


def test_topic_tags_link_topic_pages_without_the_hook(project: Path):
    """tags.html reads the page's front matter (topic_pages), which Zensical renders with MiniJinja."""
    site = project / "site"
    p = paper(project, SLUG)
    page = (site / "papers" / SLUG / "index.html").read_text(encoding="utf-8")
    tags = re.findall(r'<a href="([^"]+)" class="md-tag">', page)
    assert sorted(tags) == sorted(f"../../topics/{slug}/" for slug in p["topics"])  # tags sort by name
    assert all((site / "papers" / SLUG / href / "index.html").is_file() for href in tags)
    assert 'property="og:url"' not in page  # no site_url, no canonical address


def test_topic_page_links_its_feed(project: Path):
    """main.html's slicing of page.url (no str.startswith in MiniJinja) finds a topic page's feed."""
    page = (project / "site" / "topics" / "state-space-models" / "index.html").read_text(encoding="utf-8")
    feeds = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]*" href="([^"]+)">', page)
    assert feeds == ["../../feeds/all.xml", "../../feeds/state-space-models.xml"]
    assert (project / "site" / "feeds" / "state-space-models.xml").is_file()
