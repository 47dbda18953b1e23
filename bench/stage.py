"""One generator run, timed, in its own process: ``python -m bench.stage update ROOT``.

Prints one JSON line: seconds per stage and the largest ``ru_maxrss`` of
this process and the worker it forks (``bench.run`` replaces it with the
sampled proportional set size of both, which counts shared pages once).
The caller times the whole process too: interpreter start and imports
are part of what a build costs.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path


class Clock:
    """A ``progress`` callback that notes when each stage of the pipeline starts."""

    def __init__(self) -> None:
        self.marks: list[tuple[str, float]] = [("start", time.perf_counter())]

    def __call__(self, message: str) -> None:
        self.marks.append((message, time.perf_counter()))

    def seconds(self, names: dict[str, str]) -> dict[str, float]:
        """Seconds from the message starting with each prefix to the next stage's (or now); 0 for a stage
        that did not run (``update`` finds docs/ up to date and builds nothing)."""
        ends = time.perf_counter()
        starts = {name: next((t for m, t in self.marks if m.startswith(prefix)), None) for name, prefix in names.items()}
        ran = [(name, t) for name, t in starts.items() if t is not None]
        took = {name: (ran[i + 1][1] if i + 1 < len(ran) else ends) - t for i, (name, t) in enumerate(ran)}
        return {name: took.get(name, 0.0) for name in names}


def update(root: Path, clock: Clock | None = None) -> dict[str, float]:
    """``pipeline.update``, what ``make site`` runs, timed stage by stage by its progress messages."""
    from generator import pipeline, search
    from generator.storage.files import dump_paths

    clock = clock or Clock()
    data_dir = root / "data"
    ingested, built = pipeline.update(dump_paths(data_dir / "raw"), data_dir, root / "docs", clock,
                                      search_settings=search.from_config(root / "mkdocs.yml"))
    stages = clock.seconds({"ingest": "start", "load": "load data", "enrich": "enrich", "render": "render pages",
                            "write": "render and write"})
    return {**stages, "written": built.stats.written if built.stats else 0, "papers": built.papers}


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
