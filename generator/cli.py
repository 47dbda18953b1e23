"""Command line: a thin Click group; the work lives in ``pipeline``.

Exit codes: 0 success, 1 bad input (every problem printed as
``file:line: message``), 2 wrong usage (Click's own).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


def fail(exc: Exception) -> None:
    problems = getattr(exc, "problems", [exc])
    for problem in problems:
        err.print(f"[bold red]error:[/] {escape(str(problem))}")
    if len(problems) > 1:
        err.print(f"[bold red]{len(problems)} problems[/]; nothing was written.")
    sys.exit(1)


def progress(message: str) -> None:
    if err.is_terminal:
        err.print(f"[dim]…[/] {escape(message)}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Paper Atlas: turn Hugging Face Daily Papers dumps into a curated site."""


@main.command()
@click.argument("dumps", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--corpus", type=click.Path(path_type=Path, dir_okay=False), default=Path("data/papers.yaml"),
              show_default=True, help="Corpus file to write.")
def ingest(dumps: tuple[Path, ...], corpus: Path) -> None:
    """Parse DUMPS (default: data/raw/*.txt) into the corpus."""
    from .errors import AtlasError
    from .pipeline import ingest as run

    paths = list(dumps) or sorted(Path("data/raw").glob("*.txt"))
    try:
        result = run(paths, corpus, progress)
    except AtlasError as exc:
        fail(exc)
        return
    for w in result.warnings:
        err.print(f"[yellow]warning:[/] {escape(str(w))}")
    s = result.stats
    out.print(
        f"[bold green]ingested[/] {result.files} files: {s.entries} entries, "
        f"{s.papers} unique papers, {s.merged} duplicates merged, {len(result.warnings)} warnings -> {corpus}"
    )


@main.command()
@click.option("--data", "data_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("data"),
              show_default=True, help="Folder with papers.yaml, topics.yaml, curation.yaml.")
@click.option("--docs", "docs_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("docs"),
              show_default=True, help="MkDocs docs folder to write generated pages into.")
def build(data_dir: Path, docs_dir: Path) -> None:
    """Enrich the corpus and write the Markdown pages."""
    from .errors import AtlasError
    from .pipeline import build as run

    try:
        site, stats = run(data_dir, docs_dir, progress)
    except AtlasError as exc:
        fail(exc)
        return
    out.print(
        f"[bold green]built[/] {len(site.papers)} papers, {len(site.topics)} topics: "
        f"{stats.written} pages written, {stats.unchanged} unchanged, {stats.removed} removed -> {docs_dir}"
    )


@main.command()
@click.option("--data", "data_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("data"),
              show_default=True)
def check(data_dir: Path) -> None:
    """Validate data/ (corpus, topics, curation, dumps); list every problem."""
    from .pipeline import check as run

    problems = run(data_dir)
    for problem in problems:
        err.print(f"[bold red]error:[/] {escape(str(problem))}")
    if problems:
        err.print(f"[bold red]{len(problems)} problem{'s' if len(problems) != 1 else ''}[/] in {data_dir}/")
        sys.exit(1)
    out.print(f"[bold green]ok:[/] {data_dir}/ is valid")


@main.command()
@click.option("--data", "data_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("data"),
              show_default=True)
def report(data_dir: Path) -> None:
    """Print summary-quality figures over the corpus."""
    from rich.table import Table

    from .errors import AtlasError
    from .pipeline import enrich_data
    from .report import figures

    try:
        site = enrich_data(data_dir, progress)
    except AtlasError as exc:
        fail(exc)
        return
    table = Table(title="Paper Atlas: summary quality", show_header=True)
    table.add_column("figure")
    table.add_column("value", justify="right")
    for name, value in figures(site).rows():
        table.add_row(name, value)
    out.print(table)
