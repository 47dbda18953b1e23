"""One generator command, timed, in its own process: ``python -m bench.stage ingest|build ROOT``.

Prints one JSON line: seconds per stage and the process's peak resident
memory (``ru_maxrss``), which is why every command gets a fresh process.
The enrich stage is split into related papers, summaries and topics by
timing the three functions ``generator.enrich`` calls.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path


def _timed(totals: dict[str, float], name: str, fn):
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            totals[name] += time.perf_counter() - t

    return wrapper


def ingest(root: Path) -> dict[str, float]:
    from generator import pipeline

    t = time.perf_counter()
    pipeline.ingest(sorted((root / "data" / "raw").glob("*.txt")), root / "data" / "papers.yaml")
    return {"ingest": time.perf_counter() - t}


def build(root: Path) -> dict[str, float]:
    from generator import enrich, pipeline, render, store

    totals: dict[str, float] = defaultdict(float)
    for name in ("related_papers", "summarize", "assign_topics"):
        setattr(enrich, name, _timed(totals, name, getattr(enrich, name)))
    t0 = time.perf_counter()
    data = pipeline.load_data(root / "data")
    t1 = time.perf_counter()
    site = enrich.enrich(data.papers, data.topics, data.curation)
    t2 = time.perf_counter()
    pages = render.render_site(site)
    t3 = time.perf_counter()
    stats = store.write_tree(root / "docs", pages)
    t4 = time.perf_counter()
    return {
        "load": t1 - t0,
        "enrich": t2 - t1,
        "related": totals["related_papers"],
        "summaries": totals["summarize"],
        "topics": totals["assign_topics"],
        "render": t3 - t2,
        "write": t4 - t3,
        "written": stats.written,
        "papers": len(site.papers),
    }


def main(argv: list[str]) -> None:
    command, root = argv[0], Path(argv[1]).resolve()
    sys.path.insert(0, str(root))
    result = {"ingest": ingest, "build": build}[command](root)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
