"""A curator's wait under ``mkdocs serve``: ``python -m bench.serve --sizes 1000,10000 --edits 3``.

For each size: a synthetic project (as ``python -m bench`` stages it), one
``python -m generator update``, then ``mkdocs serve`` on a free port of
127.0.0.1. Each edit rewrites ``data/curation.yaml`` with a new TL;DR for
one paper and polls that paper's page until the new text is served
("visible": MkDocs' server holds requests back while it builds), then
waits for the end of the build ("built": the hook prints a line then) and, with
Pagefind, for the search index re-made after it in the background (the
next edit waits for that, so each edit starts on a quiet server). The
server log also says how many builds each edit started: one is the
target. Medians of the edits.

The first edit waits until the hook says it is ready for quick edits:
after serve's first build it makes the site's files in memory once, in
the background ("warm-up s"); an edit before that waits for it.
"""

from __future__ import annotations

import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import click

from generator import siteurl

from .run import REPO, _env, clear_attic, prepare, stage

POLL = 0.05  # seconds between two requests for the page
LIMIT = 1800.0  # seconds: a build that takes longer has failed


@dataclass
class ServeResult:
    papers: int
    first_build: float  # serve start to the first page served
    warm: float  # then to the hook's "ready for quick curation edits"
    visible: list[float]  # per edit: edit to the new text served
    built: list[float]  # per edit: edit to the end of its build
    builds_per_edit: list[int]
    indexed: list[float] = field(default_factory=list)  # per edit: edit to Pagefind's new index in place

    def row(self) -> str:
        def med(xs: list[float]) -> str:
            return f"{statistics.median(xs):.1f}" if xs else "n/a"

        return (f"| {self.papers:,} | {self.first_build:.1f} | {self.warm:.1f} | {med(self.visible)} "
                f"({', '.join(f'{x:.1f}' for x in self.visible)}) | {med(self.built)} | {med(self.indexed)} | "
                f"{', '.join(map(str, self.builds_per_edit))} |")


HEADER = ("| papers | first build s | warm-up s | edit to visible s (each) | edit to build done s "
          "| edit to search index s | builds per edit |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (for a server started next)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 10) -> str | None:
    """The page's text, or None while the server does not answer it."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _until(predicate, what: str) -> float:
    """Seconds until ``predicate()`` holds, polling."""
    t = time.perf_counter()
    while not predicate():
        if time.perf_counter() - t > LIMIT:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(POLL)
    return time.perf_counter() - t


def _builds(log: Path) -> int:
    """Builds done: MkDocs' own and the hook's quick ones, by the line the hook prints at the end of
    each. (MkDocs' DuplicateFilter drops a message logged before word for word: a "Documentation
    built in 1.14 seconds" that repeats an earlier one, a "[10:02:03] Reloading browsers" in the
    same second as another.)"""
    text = log.read_text(encoding="utf-8", errors="replace")
    return text.count("pages reused from the last build") + text.count("Paper Atlas: quick build")


def _indexed(log: Path) -> int:
    return log.read_text(encoding="utf-8", errors="replace").count("search index updated")


def _started(log: Path) -> int:
    """Builds started: MkDocs' own, and the hook's quick ones (generator/mkdocs_hooks.py)."""
    text = log.read_text(encoding="utf-8", errors="replace")
    return text.count("Building documentation") + text.count("Paper Atlas: quick build")


def _ready(log: Path) -> bool:
    return "ready for quick curation edits" in log.read_text(encoding="utf-8", errors="replace")


def measure(root: Path, edits: int, settle: float, progress=print) -> ServeResult:
    """``mkdocs serve`` on ``root`` (whose docs/ the generator just wrote), ``edits`` curation edits."""
    base = urlparse(siteurl.from_config(root / "mkdocs.yml") or "/").path  # (site_url is an !ENV tag)
    port = free_port()
    slugs = sorted(p.stem for p in (root / "docs" / "papers").glob("*.md") if p.stem != "index")
    picks = [slugs[(i + 1) * len(slugs) // (edits + 1)] for i in range(edits)]  # spread over the corpus
    log_path = root / "serve.log"
    curation = root / "data" / "curation.yaml"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=root, env=_env(None), stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            first_url = f"http://127.0.0.1:{port}{base}papers/{picks[0]}/"
            first = _until(lambda: _builds(log_path) >= 1 and fetch(first_url), "the first build")
            warm = _until(lambda: _ready(log_path), "the hook's warm-up")
            result = ServeResult(int(len(slugs)), first, warm, [], [], [])
            for i, slug in enumerate(picks):
                text = f"Bench edit {i}, a hand-written summary of this paper served after one build."
                url = f"http://127.0.0.1:{port}{base}papers/{slug}/"
                before, started, indexed = _builds(log_path), _started(log_path), _indexed(log_path)
                t = time.perf_counter()
                curation.write_text(f"papers:\n  {slug}:\n    tldr: {json.dumps(text)}\n", encoding="utf-8")
                _until(lambda: (page := fetch(url)) is not None and text in page, f"edit {i} on {slug}")
                result.visible.append(time.perf_counter() - t)
                _until(lambda: _builds(log_path) > before, f"the end of edit {i}'s build")
                result.built.append(time.perf_counter() - t)
                if "search: pagefind" in log_path.read_text(encoding="utf-8", errors="replace"):
                    # Pagefind re-indexes after the build, in the background: the next edit's build would wait for it.
                    _until(lambda: _indexed(log_path) > indexed, f"edit {i}'s search index")
                    result.indexed.append(time.perf_counter() - t)
                time.sleep(settle)  # a second build, if the edit started one, begins meanwhile
                extra = _started(log_path) - started
                result.builds_per_edit.append(extra)
                progress(f"{len(slugs):,} papers: edit {i + 1}/{edits}: visible after {result.visible[-1]:.1f} s, "
                         f"built after {result.built[-1]:.1f} s, {extra} build(s)")
            return result
        finally:
            server.terminate()
            server.wait(timeout=60)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--sizes", default="1000", show_default=True, help="Corpus sizes (papers), comma-separated.")
@click.option("--edits", default=3, show_default=True, type=click.IntRange(1), help="Curation edits per size.")
@click.option("--settle", default=3.0, show_default=True, help="Seconds to wait after a build for a second one.")
@click.option("--seed", default=0, show_default=True, help="Seed of the synthetic dumps.")
@click.option("--work", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Workspace folder (default: a temporary folder, removed afterwards).")
def main(sizes: str, edits: int, settle: float, seed: int, work: Path | None) -> None:
    """Edit-to-visible latency of ``mkdocs serve`` after a curation edit."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="atlas-serve-") as tmp:
        workdir = (work or Path(tmp)).resolve()
        for n in (int(s) for s in sizes.split(",")):
            print(f"… {n:,} papers: synthetic dumps and one generator run", file=sys.stderr)
            root = prepare(workdir, REPO, n, seed)
            stage(root, "update")
            rows.append(measure(root, edits, settle, lambda m: print(f"… {m}", file=sys.stderr)))
        clear_attic(workdir)
    print(HEADER)
    for r in rows:
        print(r.row())


if __name__ == "__main__":
    main()
