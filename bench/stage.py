"""One generator run, timed, in its own process: ``python -m bench.stage update ROOT``.

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
import os
import resource
import sys
import time
from pathlib import Path


def _timed_related(seconds, texts, keys, names=None, titles=None):
    from generator import enrich

    t = time.perf_counter()
    try:
        return enrich.related_papers(texts, keys, names, titles)
    finally:
        seconds.value = time.perf_counter() - t


def update(root: Path) -> dict[str, float]:
    """``pipeline.update`` (what ``make site`` runs), stage by stage, importing what it imports when it does."""
    from generator import enrich, pipeline

    data_dir = root / "data"
    # Related papers run in the worker, beside summaries and topics: it reports its own time.
    related_seconds = multiprocessing.Value("d", 0.0)
    t0 = time.perf_counter()
    with enrich.related_worker(functools.partial(_timed_related, related_seconds)) as worker:  # as pipeline.update
        ingested = pipeline.ingest(pipeline.store.dump_paths(data_dir / "raw"), data_dir / "papers.yaml")
        t1 = time.perf_counter()
        from generator import render, store  # as pipeline.build: after the worker forked

        data = pipeline.load_data(data_dir, ingested.papers)
        t2 = time.perf_counter()
        site = enrich.enrich(data.papers, data.topics, data.curation, worker)
    t3 = time.perf_counter()
    pages = render.render_site(site)
    t4 = time.perf_counter()
    stats = store.write_tree(root / "docs", pages)
    t5 = time.perf_counter()
    # As build_if_changed: the MkDocs build that follows finds docs/ up to date.
    pipeline.stamp(root / "docs", pipeline.inputs_digest(data_dir), site, stats)
    return {
        "ingest": t1 - t0,
        "load": t2 - t1,
        "enrich": t3 - t2,
        "related": related_seconds.value,
        "render": t4 - t3,
        "write": t5 - t4,
        "written": stats.written,
        "papers": len(site.papers),
    }


def main(argv: list[str]) -> None:
    command, root = argv[0], Path(argv[1]).resolve()
    sys.path.insert(0, str(root))
    result = {"update": update}[command](root)
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    result["peak_mb"] = peak / 1024
    print(json.dumps(result), flush=True)
    os._exit(0)  # as ``python -m generator`` ends: without freeing every object first (see generator/__main__.py)


if __name__ == "__main__":
    main(sys.argv[1:])
