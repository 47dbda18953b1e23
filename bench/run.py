"""Benchmark orchestration: synthetic dumps -> generator -> MkDocs -> browser.

Each size gets a workspace (a copy of the project's inputs with synthetic
dumps in data/raw/); every measured command runs in a fresh process, and
each figure is the median of the runs.
"""

from __future__ import annotations

import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from .project import make_project
from .synth import load_seeds, new_day, write_dumps

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
TABLE_START = "<!-- bench:table -->"
TABLE_END = "<!-- /bench:table -->"

Progress = Callable[[str], None]


@dataclass
class Result:
    papers: int
    runs: int
    mkdocs_runs: int
    ingest: float
    load: float
    enrich: float
    render: float
    write: float
    startup: float  # interpreter start, imports and exit of the one process
    generator: float
    peak_mb: float
    mkdocs: float | None = None
    page_kb: float | None = None
    page_max_kb: float | None = None
    search: str | None = None
    query_kb: float | None = None
    query_requests: int | None = None
    like_kb: float | None = None  # "papers like this": one pasted seed abstract, cold cache
    like_requests: int | None = None
    like_ms: float | None = None
    loadavg: tuple[float, float] | None = None  # 1-minute load average before and after this size's runs
    dump_make: float | None = None  # `make site` after one more day's dump of NEW_DAY papers: update + site
    dump_site: float | None = None  # its site step alone (incremental)
    edit_make: float | None = None  # `make site` after one curation edit
    edit_site: float | None = None
    serve_visible: float | None = None  # mkdocs serve: curation edit to the edited page served (bench.serve)
    notes: list[str] = field(default_factory=list)

    @property
    def share(self) -> float | None:
        return self.generator / self.mkdocs if self.mkdocs else None


COLUMNS = (
    ("papers", "papers"),
    ("runs", "runs (gen/mkdocs)"),
    ("ingest", "ingest s"),
    ("enrich", "enrich s"),
    ("render", "render s"),
    ("write", "write s"),
    ("startup", "start+imports s"),
    ("generator", "generator s"),
    ("mkdocs", "full build s"),
    ("share", "generator / build"),
    ("peak_mb", "peak MB"),
    ("page_kb", "paper page KB (median/max)"),
    ("search", "search"),
    ("query_kb", "one query KB"),
    ("like_kb", "like-this KB"),
    ("like_ms", "like-this ms"),
    ("dump_make", "+50 papers: make site s (site step)"),
    ("edit_make", "1 curation edit: make site s (site step)"),
    ("serve_visible", "serve edit to visible s"),
    ("loadavg", "load avg (before/after)"),
)


def cells(r: Result) -> list[str]:
    def num(x: float | None, fmt: str = "{:.2f}") -> str:
        return "n/a" if x is None else fmt.format(x)

    return [
        f"{r.papers:,}",
        f"{r.runs}/{r.mkdocs_runs}",
        num(r.ingest),
        num(r.enrich),
        num(r.render),
        num(r.write),
        num(r.startup),
        num(r.generator),
        num(r.mkdocs, "{:.1f}"),
        num(r.share, "{:.1%}"),  # one decimal: the target is a threshold
        num(r.peak_mb, "{:.0f}"),
        "n/a" if r.page_kb is None else f"{r.page_kb:.1f}/{r.page_max_kb:.1f}",
        r.search or "n/a",
        "n/a" if r.query_kb is None else f"{r.query_kb:,.0f} ({r.query_requests} files)",
        "n/a" if r.like_kb is None else f"{r.like_kb:,.0f} ({r.like_requests} files)",
        num(r.like_ms, "{:.0f}"),
        "n/a" if r.dump_make is None else f"{r.dump_make:.1f} ({r.dump_site:.1f})",
        "n/a" if r.edit_make is None else f"{r.edit_make:.1f} ({r.edit_site:.1f})",
        num(r.serve_visible, "{:.1f}"),
        "n/a" if r.loadavg is None else f"{r.loadavg[0]:.1f}/{r.loadavg[1]:.1f}",
    ]


def markdown_table(results: Sequence[Result]) -> str:
    lines = ["| " + " | ".join(h for _, h in COLUMNS) + " |", "|" + " ---: |" * len(COLUMNS)]
    lines += ["| " + " | ".join(cells(r)) + " |" for r in results]
    return "\n".join(lines)


# ------------------------------------------------------------- workspace


def prepare(work: Path, project: Path, n: int, seed: int) -> Path:
    """A project copy whose data/raw/ holds ``n`` synthetic papers."""
    # The bytecode any Python writes on a first run. Where PYTHONDONTWRITEBYTECODE is
    # set (this machine), every timed process would compile the generator again: ~0.04 s.
    compileall.compile_dir(project / "generator", quiet=1)
    root = work / f"n{n}"
    set_aside(root, work)
    # No curation: data/curation.yaml names seed slugs, absent from a synthetic corpus.
    make_project(root, {}, curation=False)
    write_dumps(root / "data" / "raw", n, load_seeds(REPO / "data" / "raw"), seed)
    return root


ATTIC = ".bench-attic"  # in the work folder: trees of earlier runs, deleted when the whole bench is done


def set_aside(path: Path, work: Path) -> None:
    """Move ``path`` out of the way, to be deleted after the timings.

    Deleting thousands of files just before a run would put the kernel's
    cost of freeing them, and of creating files right after (ext4 without a
    journal, as here, scans past recently freed inodes: up to 0.5 ms a file
    instead of 0.02), on that run's clock, and a fresh clone pays neither.
    """
    if path.exists():
        attic = work / ATTIC
        attic.mkdir(parents=True, exist_ok=True)
        path.rename(attic / f"{path.parent.name}-{path.name}-{len(list(attic.iterdir()))}")


def clear_attic(work: Path) -> None:
    shutil.rmtree(work / ATTIC, ignore_errors=True)


def reset_docs(root: Path, project: Path) -> None:
    """docs/ as a fresh clone has it: hand-written pages only."""
    set_aside(root / "docs", root.parent)
    (root / "docs").mkdir()
    for hand in ("about.md", "assets"):
        src = project / "docs" / hand
        if src.is_dir():
            shutil.copytree(src, root / "docs" / hand)
        elif src.exists():
            shutil.copy(src, root / "docs" / hand)


def _env(search: str | None) -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0", "PYTHONPATH": str(REPO)}
    env.pop("SITE_URL", None)  # a curator's build, as stage.py stamps it (no site_url)
    if search:
        env["ATLAS_SEARCH"] = search
    return env


def _tree_pss_kb(pid: int) -> int:
    """Proportional set size of a process and its descendants: shared pages counted once."""
    total = 0
    pending = [pid]
    while pending:
        p = pending.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                total += next((int(line.split()[1]) for line in f if line.startswith("Pss:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    pending += [int(c) for c in f.read().split()]
        except (OSError, ValueError):  # the process ended meanwhile
            continue
    return total


def stage(root: Path, command: str, *, sample: bool = False) -> dict[str, float]:
    """One generator command in a fresh process; ``wall`` is the whole process, start to exit.

    With ``sample``, ``peak_mb`` is the peak of the summed proportional set
    size of the process and the worker it forks, sampled every 20 ms: what
    the machine must have. Only untimed runs sample: one sample of a 300 MB
    process costs ~5.5 ms of CPU, so sampling every 20 ms takes a fifth of
    a core or more from a generator that uses both.
    """
    os.sync()  # the previous run's writes must not be flushed on this run's clock
    t = time.perf_counter()
    # Output goes to files, not pipes: a process nobody reads while it runs must never block on a full pipe.
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bench.stage", command, str(root)],
            cwd=root, env=_env(None), stdout=out, stderr=err, text=True,
        )
        peak_kb = 0
        while sample and proc.poll() is None:
            peak_kb = max(peak_kb, _tree_pss_kb(proc.pid))
            time.sleep(0.02)
        proc.wait()
        wall = time.perf_counter() - t
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode:
        raise RuntimeError(f"bench.stage {command} failed:\n{stderr[-4000:]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    if peak_kb:  # /proc is there (Linux): PSS, else the ru_maxrss bench.stage reports
        result["peak_mb"] = peak_kb / 1024
    return {**result, "wall": wall}


NEW_DAY = 50  # papers in the day's dump an incremental build adds


def site_build(root: Path, search: str | None, *args: str) -> float:
    """``python -m generator site`` (make site's MkDocs step), timed; it must say it was incremental unless --full."""
    if "--full" in args:  # from nothing, as a first build: removing the last site/ is not timed
        set_aside(root / "site", root.parent)
    os.sync()
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "generator", "site", *args],
                         cwd=root, env=_env(search), capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if out.returncode:
        raise RuntimeError(f"generator site failed:\n{out.stderr[-4000:]}")
    if "--full" not in args and "incremental build" not in out.stdout:
        raise RuntimeError(f"expected an incremental build: {out.stdout}")
    return elapsed


def incremental(root: Path, search: str | None, runs: int, progress: Progress) -> dict[str, float]:
    """Medians of `make site` (update, then site) after one more day's dump, and after one curation edit."""
    seeds = load_seeds(REPO / "data" / "raw")
    slugs = sorted(p.stem for p in (root / "docs" / "papers").glob("*.md") if p.stem != "index")
    times: dict[str, list[float]] = {"dump_make": [], "dump_site": [], "edit_make": [], "edit_site": []}
    for i in range(runs):
        progress(f"{len(slugs):,} papers: make site after {NEW_DAY} more papers, {i + 1}/{runs}")
        name, text = new_day(NEW_DAY, seeds, i, date(2026, 1, 5) + timedelta(days=i))
        (root / "data" / "raw" / name).write_text(text, encoding="utf-8")
        update = stage(root, "update")["wall"]
        site = site_build(root, search)
        times["dump_make"].append(update + site)
        times["dump_site"].append(site)
        progress(f"{len(slugs):,} papers: make site after one curation edit, {i + 1}/{runs}")
        slug = slugs[(i + 1) * len(slugs) // (runs + 1)]
        (root / "data" / "curation.yaml").write_text(
            f"papers:\n  {slug}:\n    tldr: Bench edit {i}, a hand-written summary.\n", encoding="utf-8")
        update = stage(root, "update")["wall"]
        site = site_build(root, search)
        times["edit_make"].append(update + site)
        times["edit_site"].append(site)
    return {key: statistics.median(values) for key, values in times.items()}


def like_text() -> str:
    """The text pasted into "papers like this": the longest seed abstract (the most terms to look up)."""
    return max((" ".join(a) for a in load_seeds(REPO / "data" / "raw").abstracts), key=len)


def page_sizes(site: Path) -> tuple[float, float]:
    sizes = [p.stat().st_size for p in (site / "papers").glob("*/index.html")]
    return statistics.median(sizes) / 1024, max(sizes) / 1024


# ------------------------------------------------------------------ run


def measure(
    n: int, *, work: Path, project: Path, runs: int, mkdocs_runs: int, search: str | None,
    browser: bool, seed: int, progress: Progress, serve_edits: int = 0,
) -> Result:
    load_before = os.getloadavg()[0]
    progress(f"{n:,} papers: synthetic dumps")
    root = prepare(work, project, n, seed)
    builds = []
    for i in range(runs + 1):  # the last run is untimed: it samples memory
        sample = i == runs
        progress(f"{n:,} papers: " + ("generator run sampling memory" if sample else f"generator run {i + 1}/{runs}"))
        (root / "data" / "papers.yaml").unlink(missing_ok=True)
        reset_docs(root, project)
        built = stage(root, "update", sample=sample)  # ingest + build, as `make site` runs them
        if sample:
            peak_mb = built["peak_mb"]
        else:
            builds.append(built)

    def med(key: str, rows: list[dict]) -> float:
        return statistics.median(r[key] for r in rows)

    startups = [b["wall"] - sum(b[k] for k in ("ingest", "load", "enrich", "render", "write")) for b in builds]
    result = Result(
        papers=int(builds[0]["papers"]), runs=runs, mkdocs_runs=mkdocs_runs,
        ingest=med("ingest", builds), load=med("load", builds),
        enrich=med("enrich", builds), render=med("render", builds), write=med("write", builds),
        startup=statistics.median(startups), generator=med("wall", builds),
        peak_mb=peak_mb,
    )
    if mkdocs_runs:
        times = []
        for i in range(mkdocs_runs):  # what `make site-full` runs after the generator: MkDocs, then Pagefind
            progress(f"{n:,} papers: full build (generator site --full) {i + 1}/{mkdocs_runs}")
            times.append(site_build(root, search, "--full"))
        result.mkdocs = statistics.median(times)
        site = root / "site"
        result.page_kb, result.page_max_kb = page_sizes(site)
        result.search = "pagefind" if (site / "pagefind" / "pagefind-entry.json").exists() else "lunr"
        if browser:
            progress(f"{n:,} papers: one search query in Chromium")
            from .browser import query_bytes

            try:
                q = query_bytes(site)
                result.query_kb, result.query_requests = q["bytes"] / 1024, q["requests"]
            except Exception as exc:  # no Chromium, or a query that never answers
                result.notes.append(f"search query not measured: {exc}")
            progress(f"{n:,} papers: papers like this, in Chromium")
            from .browser import like_query

            try:
                like = like_query(site, like_text())
                result.like_kb, result.like_requests, result.like_ms = like["bytes"] / 1024, like["requests"], like["ms"]
            except Exception as exc:
                result.notes.append(f"papers like this not measured: {exc}")
        if result.search == "pagefind":  # with lunr every build is a full one
            for key, value in incremental(root, search, mkdocs_runs, progress).items():
                setattr(result, key, value)
        if serve_edits:
            from .serve import measure as serve

            stage(root, "update")
            served = serve(root, serve_edits, 3.0, progress)
            result.serve_visible = statistics.median(served.visible)
            if any(b != 1 for b in served.builds_per_edit):
                result.notes.append(f"serve: builds per edit {served.builds_per_edit}")
    result.loadavg = (load_before, os.getloadavg()[0])
    return result


def write_results(path: Path, results: Sequence[Result], header: str) -> None:
    """Replace the table between the markers; keep the hand-written text around it."""
    table = f"{TABLE_START}\n{header}\n\n{markdown_table(results)}\n{TABLE_END}"
    text = path.read_text(encoding="utf-8") if path.exists() else f"# Scaling\n\n{TABLE_START}\n{TABLE_END}\n"
    if TABLE_START in text and TABLE_END in text:
        before, rest = text.split(TABLE_START, 1)
        after = rest.split(TABLE_END, 1)[1]
        text = before + table + after
    else:
        text = text.rstrip("\n") + "\n\n" + table + "\n"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
