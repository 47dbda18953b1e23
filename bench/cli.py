"""Command line of the benchmarks: a thin Click command; the work is in ``run``."""

from __future__ import annotations

import os
import platform
import tempfile
from pathlib import Path

import click


def _sizes(ctx, param, value: str) -> list[int]:
    try:
        sizes = [int(s.replace("_", "")) for s in value.split(",") if s.strip()]
    except ValueError:
        raise click.BadParameter("a comma-separated list of paper counts, e.g. 1000,10000") from None
    if not sizes or min(sizes) < 10:
        raise click.BadParameter("every size must be at least 10 papers")
    return sizes


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--sizes", default="1000,10000,50000", show_default=True, callback=_sizes,
              help="Corpus sizes (papers), comma-separated.")
@click.option("--runs", default=3, show_default=True, type=click.IntRange(1), help="Runs per measurement (median).")
@click.option("--mkdocs-runs-large", default=1, show_default=True, type=click.IntRange(1),
              help="Full builds and incremental rounds above 10,000 papers (each takes minutes).")
@click.option("--skip-mkdocs-above", default=None, type=int, help="No MkDocs build above this many papers.")
@click.option("--search", type=click.Choice(["lunr", "pagefind"]), default=None,
              help="Force a search engine (default: extra.atlas.search of mkdocs.yml).")
@click.option("--no-browser", is_flag=True, help="Do not measure a search query in Chromium.")
@click.option("--serve-edits", default=3, show_default=True, type=click.IntRange(0),
              help="Curation edits on a running mkdocs serve per size (edit to visible, median; above 10,000 "
                   "papers at most --mkdocs-runs-large); 0: none.")
@click.option("--project", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Project whose generator/, mkdocs.yml, overrides/ and data/topics.yaml are measured.")
@click.option("--work", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Workspace folder (default: a temporary folder, removed afterwards).")
@click.option("--results", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Markdown file to write the table into (default: bench/RESULTS.md).")
@click.option("--seed", default=0, show_default=True, help="Seed of the synthetic dumps.")
def main(sizes, runs, mkdocs_runs_large, skip_mkdocs_above, search, no_browser, serve_edits, project, work, results, seed) -> None:
    """Measure the generator, the MkDocs build, page size and search at several corpus sizes."""
    from rich.console import Console
    from rich.table import Table

    from .run import BENCH, COLUMNS, REPO, cells, clear_attic, measure, write_results

    console = Console(stderr=True, highlight=False)
    project = (project or REPO).resolve()
    results_path = results or BENCH / "RESULTS.md"
    rows = []
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as tmp:
        workdir = (work or Path(tmp)).resolve()
        for n in sizes:
            skip = skip_mkdocs_above is not None and n > skip_mkdocs_above
            mk_runs = 0 if skip else (runs if n <= 10_000 else min(runs, mkdocs_runs_large))
            rows.append(measure(n, work=workdir, project=project, runs=runs, mkdocs_runs=mk_runs,
                                search=search, browser=not no_browser, seed=seed,
                                serve_edits=0 if skip else serve_edits if n <= 10_000 else min(serve_edits, mkdocs_runs_large),
                                progress=lambda m: console.print(f"[dim]…[/] {m}")))
        clear_attic(workdir)  # the earlier runs' trees, deleted after every timing
    table = Table(title="Paper Atlas at scale (medians)")
    for _, head in COLUMNS:
        table.add_column(head, justify="right")
    for r in rows:
        table.add_row(*cells(r))
    Console(highlight=False, width=None if console.is_terminal else 220).print(table)
    for r in rows:
        for note in r.notes:
            console.print(f"[yellow]note:[/] {r.papers:,} papers: {note}")
    header = (f"Measured by `python -m bench --sizes {','.join(map(str, sizes))} --runs {runs}` on "
              f"{os.cpu_count()} cores, Python {platform.python_version()}; times in seconds, medians; "
              f"\"full build\" is `python -m generator site --full` (MkDocs, then Pagefind) on the generator's docs/; "
              f"`make site` after one more day's dump of 50 papers or one curation edit is the generator's update "
              f"and `python -m generator site` (incremental), its MkDocs step in brackets.")
    write_results(results_path, rows, header)
    console.print(f"table written to {results_path}")
    if results is None:  # the default run: the README shows the same table
        write_results(REPO / "README.md", rows, header)
        console.print(f"table written to {REPO / 'README.md'}")
