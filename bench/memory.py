"""Where the generator's memory peaks: ``python -m bench.memory ROOT``.

Runs ``pipeline.update`` (ingest and build, what ``make site`` runs; data/papers.yaml
and the last build's stamp are removed first, so everything is made again) on the
project at ROOT, e.g. a ``python -m bench --work`` workspace, in a child process, and
prints for each stage the peak of the summed proportional set size of that process
and the workers it forks (as ``make bench``'s "peak MB"), sampled every 50 ms.
``ATLAS_WORKERS=1`` in the environment measures the generator without its workers.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import click

from bench.run import _env, _tree_pss_kb
from bench.stage import Clock, update
from generator.pipeline import STAMP

MARK = "stage: "


class Announcing(Clock):
    """``bench.stage``'s clock, printing each stage's start as it begins for the sampling parent."""

    def __call__(self, message: str) -> None:
        print(MARK + message, flush=True)
        super().__call__(message)


def child(root: Path) -> None:
    """The measured process: ``make site``'s update, run as ``make bench`` runs it (``bench.stage``)."""
    sys.path.insert(0, str(root))
    update(root, Announcing())


@click.command()
@click.argument("root", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--child", "is_child", is_flag=True, hidden=True)
def main(root: Path, is_child: bool) -> None:
    """Peak memory of each stage of ROOT's generator run."""
    root = root.resolve()
    if is_child:
        child(root)
        return
    (root / "data" / "papers.yaml").unlink(missing_ok=True)
    (root / "docs" / STAMP).unlink(missing_ok=True)
    proc = subprocess.Popen([sys.executable, "-m", "bench.memory", "--child", str(root)], cwd=root,
                            env=_env(None), stdout=subprocess.PIPE, text=True)
    start = time.perf_counter()
    stages: list[list] = [["start", 0.0, 0]]  # [stage, when it began (s), peak KB]
    lock = threading.Lock()

    def read() -> None:
        for line in proc.stdout:
            if line.startswith(MARK):
                with lock:
                    stages.append([line[len(MARK):].strip(), time.perf_counter() - start, 0])

    reader = threading.Thread(target=read)
    reader.start()
    while proc.poll() is None:
        kb = _tree_pss_kb(proc.pid)
        with lock:
            stages[-1][2] = max(stages[-1][2], kb)
        time.sleep(0.05)
    reader.join()
    if proc.returncode:
        raise click.ClickException(f"the generator failed (exit {proc.returncode})")
    print("| stage | from s | peak MB |\n| --- | ---: | ---: |")
    for name, began, kb in stages:
        print(f"| {name[:60]} | {began:.1f} | {kb / 1024:.0f} |")
    print(f"| all | {time.perf_counter() - start:.1f} | {max(kb for *_, kb in stages) / 1024:.0f} |")


if __name__ == "__main__":
    main()
