"""One generator command, timed, in its own process: ``python -m bench.stage ingest|build ROOT``.

Prints one JSON line: seconds per stage and the largest ``ru_maxrss`` of
this process and the worker it forks (``bench.run`` replaces it with the
sampled proportional set size of both, which counts shared pages once).
The caller times the whole process too: interpreter start and imports
are part of what a build costs.
"""

from __future__ import annotations

import functools
import json
import multiprocessing
import resource
import sys
import time
from pathlib import Path


def _timed_related(seconds, texts, keys):
    from generator import enrich

    t = time.perf_counter()
    try:
        return enrich.related_papers(texts, keys)
    finally:
        seconds.value = time.perf_counter() - t


def ingest(root: Path) -> dict[str, float]:
    from generator import pipeline

    t = time.perf_counter()
    pipeline.ingest(sorted((root / "data" / "raw").glob("*.txt")), root / "data" / "papers.yaml")
    return {"ingest": time.perf_counter() - t}


def build(root: Path) -> dict[str, float]:
    from generator import enrich, pipeline, render, store

    # Related papers run in the worker, beside summaries and topics: it reports its own time.
    related_seconds = multiprocessing.Value("d", 0.0)
    t0 = time.perf_counter()
    with enrich.related_worker(functools.partial(_timed_related, related_seconds)) as worker:  # as pipeline.build
        data = pipeline.load_data(root / "data")
        t1 = time.perf_counter()
        site = enrich.enrich(data.papers, data.topics, data.curation, worker)
    t2 = time.perf_counter()
    pages = render.render_site(site)
    t3 = time.perf_counter()
    stats = store.write_tree(root / "docs", pages)
    t4 = time.perf_counter()
    # What the MkDocs hook checks: the build that follows finds docs/ up to date.
    pipeline.stamp(root / "docs", pipeline.inputs_digest(root / "data"), site, stats)
    return {
        "load": t1 - t0,
        "enrich": t2 - t1,
        "related": related_seconds.value,
        "render": t3 - t2,
        "write": t4 - t3,
        "written": stats.written,
        "papers": len(site.papers),
    }


def main(argv: list[str]) -> None:
    command, root = argv[0], Path(argv[1]).resolve()
    sys.path.insert(0, str(root))
    result = {"ingest": ingest, "build": build}[command](root)
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    result["peak_mb"] = peak / 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
