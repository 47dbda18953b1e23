"""Command line: a thin Click group; the work lives in ``pipeline``.

Exit codes: 0 success, 1 bad input (every problem printed as
``file:line: message``, never a traceback), 2 wrong usage (Click's own).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click
from rich.console import Console
from rich.markup import escape

from generator.errors import AtlasError

if TYPE_CHECKING:
    from generator.pipeline import IngestResult

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


def fail(exc: AtlasError) -> NoReturn:
    """Print every problem of bad input, one per line, and exit 1 (no traceback).

    Only ``AtlasError`` is bad input: any other exception is a bug, and shows its traceback.
    """
    problems = [" ".join(str(problem).split()) for problem in exc.problems]
    for problem in problems:
        err.print(f"[bold red]error:[/] {escape(problem)}")
    if len(problems) > 1:
        err.print(f"[bold red]{len(problems)} problems[/]; nothing was written.")
    sys.exit(1)


def progress(message: str) -> None:
    if err.is_terminal:
        err.print(f"[dim]…[/] {escape(message)}")


data_option = click.option(
    "--data", "data_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("data"),
    show_default=True, help="Folder with papers.yaml, topics.yaml, curation.yaml and raw/.",
)
docs_option = click.option(
    "--docs", "docs_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("docs"),
    show_default=True, help="MkDocs docs folder to write generated pages into.",
)


strict_option = click.option(
    "--strict", is_flag=True, help="Treat warnings (skipped lines, a cut-off paste) as errors: write nothing.",
)
config_option = click.option(
    "-f", "--config-file", "config_file", type=click.Path(path_type=Path, dir_okay=False), default=Path("mkdocs.yml"),
    show_default=True, help="MkDocs config whose site_url (SITE_URL) makes feed and export links absolute.",
)


def site_url_of(config_file: Path) -> str | None:
    """mkdocs.yml's site_url, as the MkDocs hook reads it (``generator/siteurl.py``)."""
    from generator.siteurl import from_config

    try:
        return from_config(config_file)
    except AtlasError as exc:
        fail(exc)


def say_site_url(site_url: str | None, wrote: bool) -> None:
    """The one line a build without a site address prints (only when it wrote pages)."""
    from generator.siteurl import NO_SITE_URL

    if wrote and site_url is None:
        err.print(f"[yellow]{escape(NO_SITE_URL)}[/]")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Paper Atlas: turn Hugging Face Daily Papers dumps into a curated site."""


@main.command()
@click.argument("dumps", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--corpus", type=click.Path(path_type=Path, dir_okay=False), default=Path("data/papers.yaml"),
              show_default=True, help="Corpus file to write.")
@strict_option
def ingest(dumps: tuple[Path, ...], corpus: Path, strict: bool) -> None:
    """Parse DUMPS (default: data/raw/*.txt, *.md and *.json) into the corpus."""
    from generator.pipeline import ingest as run
    from generator.storage.files import dump_paths

    paths = list(dumps) or dump_paths(Path("data/raw"))
    try:
        result = run(paths, corpus, progress, strict)
    except AtlasError as exc:
        fail(exc)
    report_ingest(result, corpus)


def report_ingest(result: IngestResult, corpus: Path) -> None:
    for w in result.warnings:
        err.print(f"[yellow]warning:[/] {escape(str(w))}")
    s = result.stats
    out.print(
        f"[bold green]ingested[/] {result.files} files: {s.entries} entries, "
        f"{s.papers} unique papers, {s.merged} duplicates merged, {len(result.warnings)} warnings -> {corpus}"
    )


@main.command()
@config_option
@click.option("--site-dir", type=click.Path(path_type=Path, file_okay=False), default=Path("site"),
              show_default=True, help="Folder the site is built into.")
@click.option("--full", is_flag=True, help="Render every page, even when an incremental build would be exact.")
def site(config_file: Path, site_dir: Path, full: bool) -> None:
    """`mkdocs build --strict` of the pages, rendering only those that changed when that gives the same site.

    See generator/incremental.py for when a build is incremental; either way it goes into a scratch
    folder that replaces SITE_DIR only once it succeeded.
    """
    import time

    from mkdocs.exceptions import MkDocsException

    from generator.incremental import build_site

    started = time.perf_counter()
    try:
        done = build_site(config_file, site_dir, full=full)
    except AtlasError as exc:
        fail(exc)
    except MkDocsException as exc:  # a warning under strict, a plugin's error: MkDocs printed it
        err.print(f"[bold red]error:[/] {escape(str(exc))}; {site_dir} was left as it was")
        sys.exit(1)
    out.print(f"[bold green]site[/] {escape(str(done))} -> {site_dir} ({time.perf_counter() - started:.1f} s)")


@main.command()
@data_option
@docs_option
@config_option
def build(data_dir: Path, docs_dir: Path, config_file: Path) -> None:
    """Enrich the corpus and write the Markdown pages."""
    from generator.pipeline import build as run
    from generator.search import from_config

    site_url = site_url_of(config_file)
    try:
        site, stats = run(data_dir, docs_dir, progress, site_url=site_url, search_settings=from_config(config_file))
    except AtlasError as exc:
        fail(exc)
    say_site_url(site_url, True)
    out.print(f"[bold green]built[/] {len(site.papers)} papers, {len(site.topics)} topics: {stats} -> {docs_dir}")


@main.command()
@data_option
@docs_option
@config_option
@strict_option
def update(data_dir: Path, docs_dir: Path, config_file: Path, strict: bool) -> None:
    """Ingest DATA/raw/*.txt, *.md and *.json, then build the pages, in one process (what `make site` runs).

    Pages are left alone when docs/ already holds a build of these very inputs.
    """
    from generator.pipeline import update as run
    from generator.search import from_config
    from generator.storage import files

    corpus = data_dir / "papers.yaml"
    site_url = site_url_of(config_file)
    try:
        ingested, built = run(files.dump_paths(data_dir / "raw"), data_dir, docs_dir, progress,
                              strict=strict, site_url=site_url, search_settings=from_config(config_file))
    except AtlasError as exc:
        fail(exc)
    report_ingest(ingested, corpus)
    say_site_url(site_url, built.stats is not None)
    pages = built.stats or "pages already up to date"
    out.print(f"[bold green]built[/] {built.papers} papers, {len(built.topics)} topics: {pages} -> {docs_dir}")


@main.command()
@data_option
def check(data_dir: Path) -> None:
    """Validate data/ (corpus, topics, curation, dumps); list every problem."""
    from generator.pipeline import check as run

    problems = [" ".join(str(problem).split()) for problem in run(data_dir)]
    for problem in problems:
        err.print(f"[bold red]error:[/] {escape(problem)}")
    if problems:
        err.print(f"[bold red]{len(problems)} problem{'s' if len(problems) != 1 else ''}[/] in {data_dir}/")
        sys.exit(1)
    out.print(f"[bold green]ok:[/] {data_dir}/ is valid")


@main.command()
@data_option
@click.option("--groups", "groups_file", type=click.Path(path_type=Path, dir_okay=False),
              default=Path("tests/related_groups.yaml"), show_default=True,
              help="Groups of papers a reader expects linked; skipped when the file does not exist.")
@click.option("--sample", "sample_size", type=click.IntRange(min=0), default=0,
              help="Also print this many random titles with their TL;DRs.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of --sample.")
def report(data_dir: Path, groups_file: Path, sample_size: int, seed: int) -> None:
    """Print summary-quality and related-papers figures over the corpus."""
    from rich.table import Table

    from generator.enrich.report import figures, group_rows, parse_groups, sample
    from generator.pipeline import enrich_data
    from generator.storage import files

    try:
        site = enrich_data(data_dir, progress)
        data = files.load_yaml(groups_file, missing_ok=True)
        groups = parse_groups(data, str(groups_file)) if data is not None else None
    except AtlasError as exc:
        fail(exc)
    table = Table(title="Paper Atlas: summary quality", show_header=True)
    table.add_column("figure")
    table.add_column("value", justify="right")
    for name, value in figures(site).rows() + (group_rows(site, groups) if groups else []):
        table.add_row(name, value)
    out.print(table)
    for i, e in enumerate(sample(site, sample_size, seed), 1):
        out.print(f"\n[bold]{i}. {escape(e.paper.title)}[/]\n   {escape(e.summary.tldr)}")


@main.command("site-url")
@config_option
@click.option("--remote", default="origin", show_default=True, help="Git remote whose GitHub Pages address is used.")
def site_url_command(config_file: Path, remote: str) -> None:
    """Print the address to publish at: site_url (SITE_URL), else the git remote's GitHub Pages URL.

    What `make deploy` builds with; exits 1 when neither gives one.
    """
    import subprocess

    from generator.siteurl import github_pages_url

    url = site_url_of(config_file)
    if url is None:
        try:
            got = subprocess.run(["git", "remote", "get-url", remote], capture_output=True, text=True)
            origin = got.stdout.strip() if got.returncode == 0 else ""
        except OSError:  # no git at all
            origin = ""
        url = github_pages_url(origin)
        if url is None:
            where = f"the git remote {remote!r} ({origin}) is not on GitHub" if origin else f"there is no git remote {remote!r}"
            err.print(f"[bold red]error:[/] SITE_URL is not set and {escape(where)}: "
                      "give the address, e.g. make deploy SITE_URL=https://example.org/atlas/")
            sys.exit(1)
    click.echo(url)


@main.command()
@click.option("--date", "day", metavar="YYYY-MM-DD", help="One day of Daily Papers.")
@click.option("--week", metavar="YYYY-Www", help="One ISO week, e.g. 2026-W49.")
@click.option("--month", metavar="YYYY-MM", help="One month.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("data/raw"),
              show_default=True, help="Folder to write hf-<period>.json into.")
@click.option("--arxiv", is_flag=True, help="Fill missing authors and dates from the arXiv API (3 s between requests).")
@click.option("--api-url", envvar="PAPER_ATLAS_HF_API", default="https://huggingface.co/api", show_default=True,
              help="Base URL of the Hugging Face API (env PAPER_ATLAS_HF_API).")
@click.option("--arxiv-url", envvar="PAPER_ATLAS_ARXIV_API", default="https://export.arxiv.org/api/query",
              show_default=True, help="The arXiv API query URL (env PAPER_ATLAS_ARXIV_API).")
@click.option("--cache", type=click.Path(path_type=Path, file_okay=False), default=Path("data/cache"),
              show_default=True, help="Where arXiv answers are cached.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              help="Seconds to wait for each answer.")
@click.option("--retries", type=click.IntRange(min=0), default=3, show_default=True,
              help="Retries after a timeout, a lost connection, 429 or 5xx.")
@click.option("--backoff", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Seconds before the first retry, doubled each time.")
@click.option("--arxiv-delay", type=click.FloatRange(min=0), default=3.0, show_default=True,
              help="Seconds between two arXiv requests (arXiv asks for 3).")
def fetch(day: str | None, week: str | None, month: str | None, out_dir: Path, arxiv: bool, api_url: str,
          arxiv_url: str, cache: Path, timeout: float, retries: int, backoff: float, arxiv_delay: float) -> None:
    """Download one day, week or month of Daily Papers as data/raw/hf-<period>.json."""
    from generator.fetch import Http, period
    from generator.fetch import fetch as run

    chosen = [(kind, value) for kind, value in (("date", day), ("week", week), ("month", month)) if value]
    if len(chosen) != 1:
        raise click.UsageError("give exactly one of --date, --week or --month")
    kind, value = chosen[0]
    try:
        period(kind, value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint=f"--{kind}") from None
    try:
        got = run(kind, value, out_dir, api=api_url, http=Http(timeout, retries, backoff), arxiv=arxiv,
                  arxiv_url=arxiv_url, arxiv_delay=arxiv_delay, cache=cache)
    except AtlasError as exc:
        fail(exc)
    filled = f", {got.filled} filled from arXiv" if arxiv else ""
    out.print(f"[bold green]fetched[/] {got.listings} listings{filled} -> {got.path}")
