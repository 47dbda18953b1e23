"""`mkdocs serve`: a curator edits data/curation.yaml and the page updates."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from mkdocs.config import load_config
from urllib.parse import urlparse

from conftest import ROOT

pytestmark = pytest.mark.slow

SLUG = "kuielab-mdx-net-a-two-stream-neural-network-for-music-demixing"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, what: str, limit: float = 180.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"timed out waiting for {what}")


def test_curation_edit_updates_the_served_page(project: Path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "generator", "ingest"], cwd=project, env=env, check=True, capture_output=True)
    port = free_port()
    log = (project / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        base = urlparse(load_config(str(project / "mkdocs.yml")).site_url or "/").path
        url = f"http://127.0.0.1:{port}{base}papers/{SLUG}/"
        first = wait_for(lambda: fetch(url), "the first build")
        assert "KUIELab-MDX-Net" in first
        curated = "KUIELab-MDX-Net blends a spectrogram branch and a waveform branch to demix music."
        with (project / "data" / "curation.yaml").open("a", encoding="utf-8") as f:
            f.write(f"  {SLUG}:\n    tldr: {curated}\n")
        page = wait_for(lambda: (p := fetch(url)) and curated in p and p, "the curated TL;DR")
        assert "Curated by hand" in page
        # The rebuild settles: the generated pages are not rewritten again and again.
        md = project / "docs" / "papers" / f"{SLUG}.md"
        stamp = md.stat().st_mtime_ns
        wait_for(lambda: fetch(url), "the server after the rebuild")
        assert md.stat().st_mtime_ns == stamp
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
