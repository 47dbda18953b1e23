"""`mkdocs serve`: a curator edits data/curation.yaml and the page updates."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import ROOT
from mkdocs.config import load_config

from bench.serve import fetch, free_port

pytestmark = pytest.mark.slow

SLUG = "kuielab-mdx-net-a-two-stream-neural-network-for-music-demixing"


def wait_for(predicate, what: str, limit: float = 180.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"timed out waiting for {what}")


def fetch_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def builds(log: Path) -> int:
    """Builds finished so far: MkDocs' own and the hook's quick ones, by the line the hook prints at
    the end of each. (Not MkDocs' "Documentation built in 3.44 seconds": its DuplicateFilter drops
    a message logged before, word for word, so a second build that took as long goes unseen.)"""
    text = log.read_text(encoding="utf-8")
    return text.count("pages reused from the last build") + text.count("Paper Atlas: quick build")


HIDE = "bytetransformer-a-high-performance-transformer-boosted-for-variable-length"
MAMBA = "mamba-linear-time-sequence-modeling-with-selective-state-spaces"  # featured: on the home page
FEATURED_TLDR = "Mamba makes state-space parameters depend on the input and scans in linear time."


def test_curation_edit_updates_the_served_page(project: Path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "generator", "ingest"], cwd=project, env=env, check=True, capture_output=True)
    port = free_port()
    log_path = project / "serve.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        base = urlparse(load_config(str(project / "mkdocs.yml")).site_url or "/").path
        url = f"http://127.0.0.1:{port}{base}papers/{SLUG}/"
        hidden_url = f"http://127.0.0.1:{port}{base}papers/{HIDE}/"
        first = wait_for(lambda: fetch(url, timeout=5), "the first build")
        assert "KUIELab-MDX-Net" in first
        assert fetch_status(hidden_url) == 200
        md = project / "docs" / "papers" / f"{SLUG}.md"
        on_disk = (md.read_bytes(), md.stat().st_mtime_ns)
        assert builds(log_path) == 1

        curated = "KUIELab-MDX-Net blends a spectrogram branch and a waveform branch to demix music."
        with (project / "data" / "curation.yaml").open("a", encoding="utf-8") as f:
            f.write(f"  {SLUG}:\n    tldr: {curated}\n  {HIDE}:\n    hidden: true\n")
        page = wait_for(lambda: (p := fetch(url, timeout=5)) and curated in p and p, "the curated TL;DR")
        assert "Curated by hand" in page
        # A hidden paper's page is gone, though docs/ still holds the older build's copy.
        assert fetch_status(hidden_url) == 404
        assert (project / "docs" / "papers" / f"{HIDE}.md").exists()
        # Serve wrote nothing into the watched docs/: the edit's build started no other build.
        assert (md.read_bytes(), md.stat().st_mtime_ns) == on_disk

        # One more edit, of a hand-written page: if the curation edit had set off a second
        # build (or a third), the log would count it before this one.
        about = project / "docs" / "about.md"
        about.write_text(about.read_text(encoding="utf-8") + "\nServed after one build per edit.\n", encoding="utf-8")
        about_url = f"http://127.0.0.1:{port}{base}about/"
        wait_for(lambda: (p := fetch(about_url, timeout=5)) and "Served after one build per edit." in p, "the edited about page")
        assert builds(log_path) == 3  # the first build, the curation edit's, the about page's
        # The hand-page build kept the in-memory pages: the curation still shows.
        assert curated in fetch(url, timeout=5) and fetch_status(hidden_url) == 404
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@contextmanager
def serving(project: Path, port: int, env: dict[str, str]) -> Iterator[tuple[Path, Path]]:
    """``mkdocs serve`` on ``project``; yields its log and the folder it builds into (its own temporary)."""
    tmp = project / "serve-tmp"
    tmp.mkdir(exist_ok=True)
    before = set(tmp.iterdir())
    log_path = project / f"serve-{port}-{len(before)}.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project, env={**env, "TMPDIR": str(tmp)}, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            site = wait_for(lambda: next(iter(set(tmp.iterdir()) - before), None), "the server's site folder")
            yield log_path, site
        finally:
            server.terminate()
            server.wait(timeout=30)


def files(site: Path) -> dict[str, bytes]:
    """The built site but Pagefind's bundle (its own tool's output, re-made in the background under serve)."""
    return {
        str(p.relative_to(site)): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and not str(p.relative_to(site)).startswith(("pagefind/", "."))
    }


@pytest.mark.parametrize("search", ["lunr", "pagefind"])
def test_pages_served_from_the_last_build_equal_a_fresh_build(project: Path, search: str):
    """After a curation edit serve reuses the HTML of the pages whose source is unchanged (lunr), or
    renders only the files that name the edited paper (a quick build, with Pagefind): its site must
    be byte for byte what a fresh server builds from the same data."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT), "ATLAS_SEARCH": search}
    subprocess.run([sys.executable, "-m", "generator", "ingest"], cwd=project, env=env, check=True, capture_output=True)
    port = free_port()
    base = urlparse(load_config(str(project / "mkdocs.yml")).site_url or "/").path
    url = f"http://127.0.0.1:{port}{base}papers/{SLUG}/"
    curated = "KUIELab-MDX-Net blends a spectrogram branch and a waveform branch to demix music."
    with serving(project, port, env) as (log, site):
        wait_for(lambda: builds(log) == 1 and fetch(url, timeout=5), "the first build")
        # The hook makes the site's files in memory once after the first build; an edit made before
        # that ends is a full build (the warm-up read data/ as it changed).
        wait_for(lambda: "ready for quick curation edits" in log.read_text(), "the hook's warm-up")
        text = (project / "data" / "curation.yaml").read_text(encoding="utf-8") + f"  {SLUG}:\n    tldr: {curated}\n"
        if search == "pagefind":  # and a featured paper's, which the home page (in the nav) lists
            featured = f"  {MAMBA}:\n    featured: true\n"
            assert featured in text
            text = text.replace(featured, f"{featured}    tldr: {FEATURED_TLDR}\n")
        (project / "data" / "curation.yaml").write_text(text, encoding="utf-8")  # one write, one build
        wait_for(lambda: builds(log) == 2, "the edit's build")
        assert curated in fetch(url, timeout=5)
        lines = log.read_text().splitlines()
        reused = [line for line in lines if "pages reused" in line]
        assert reused[0].split("Paper Atlas: ")[1].startswith("0 pages reused")
        if search == "lunr":
            assert len(reused) == 2
            count = int(reused[1].split("Paper Atlas: ")[1].split()[0])
            assert count > 300  # all but the edited paper, the papers and topics listing it
        else:
            assert len(reused) == 1  # the first build's: the edit's was a quick one
            quick = next(line for line in lines if "Paper Atlas: quick build" in line)
            rendered = int(quick.split(" pages rendered")[0].rsplit(" ", 1)[1])
            assert 1 <= rendered < 40  # its page, and those listing the paper
            # the feeds and exports, then the search index, come after it, in the background
            wait_for(lambda: "search index updated" in log.read_text(), "the edit's other files and search index")
            # A comment names no paper: a quick build that renders nothing.
            with (project / "data" / "curation.yaml").open("a", encoding="utf-8") as f:
                f.write("# checked against a fresh server\n")
            wait_for(lambda: builds(log) == 3, "the comment's build")
            quick = [line for line in log.read_text().splitlines() if "Paper Atlas: quick build" in line]
            assert len(quick) == 2 and ": 0 pages rendered" in quick[1]
        edited = files(site)
    with serving(project, port, env) as (log, site):  # a new server renders every page
        wait_for(lambda: builds(log) == 1, "the fresh build")
        fresh = files(site)
    assert sorted(edited) == sorted(fresh)
    assert [rel for rel in fresh if edited[rel] != fresh[rel]] == []
    assert curated.encode() in fresh[f"papers/{SLUG}/index.html"]
    if search == "pagefind":
        assert FEATURED_TLDR.encode() in fresh["index.html"]
