"""The stages in order, and every file and process they use: read this module top to bottom.

    ingest:  data/raw/* -> parse (two processes) -> merge -> data/papers.yaml
    build:   data/papers.yaml, topics.yaml, curation.yaml -> enrich (related
             papers in a forked process, summaries and topics here) ->
             render each page and write it (two processes) -> docs/

Like MkDocs' build: everything is read first, the whole corpus is enriched
in memory, then each file is rendered and written in one loop. Only this
module calls ``storage`` (files) and ``parallel`` (processes); the stages it
calls in between (``ingest``, ``enrich``, ``output``) are pure.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator import parallel
from generator.enrich.curation import entry_lines, load_curation
from generator.errors import AtlasError, Problem
from generator.models import Content, CurationEntry, Entry, Paper, Site, Topic
from generator.storage import codec, files
from generator.storage.docs import DocsWriter, Staged, WriteStats, read_manifest

if TYPE_CHECKING:  # these import slugify, pylatexenc, Jinja2: not every command needs them
    from generator.enrich.site import Memo
    from generator.ingest.corpus import CorpusStats
    from generator.output.render import Pages

Progress = Callable[[str], None]
SPLIT_FROM = 256  # files: from this many, two processes render and write them


def _quiet(_: str) -> None:
    pass


# ---------------------------------------------------------------- ingest


@dataclass(frozen=True)
class IngestResult:
    files: int
    stats: CorpusStats
    warnings: list[Problem] = field(default_factory=list)
    papers: list[Paper] = field(default_factory=list, repr=False)  # the corpus as written


def _parse(path: Path) -> tuple[list[Entry], list[Problem], list[Problem]]:
    """Entries, warnings and errors of one dump (errors are returned: one bad dump must not hide another)."""
    if path.suffix == ".json":  # an answer of the Hugging Face papers API
        from generator.ingest.hfjson import parse_json_dump as parse_dump
    else:
        from generator.ingest.parse import parse_dump  # ingest and check only: build need not import the parser
    try:
        found, warned = parse_dump(files.read_bytes(path), str(path))
    except AtlasError as exc:
        return [], [], exc.problems
    return found, warned, []


def ingest(
    dumps: Sequence[Path], corpus_path: Path, progress: Progress = _quiet, strict: bool = False
) -> IngestResult:
    """Parse every dump, then write the corpus, or write nothing at all (``strict``: warnings are errors too)."""
    from generator.ingest.corpus import build_corpus, previous_slugs  # slugify and pylatexenc: ingest's alone

    if not dumps:
        raise AtlasError(Problem("data/raw", None, "no dump files to ingest (*.txt, *.md, *.json)"))
    progress(f"parse {len(dumps)} dumps")
    parsed = parallel.map_split(_parse, list(dumps))
    entries = [entry for found, _, _ in parsed for entry in found]
    warnings = [w for _, warned, _ in parsed for w in warned]
    errors = [e for _, _, failed in parsed for e in failed]
    if errors or (strict and warnings):
        raise AtlasError(errors + (warnings if strict else []))
    # Only the old slugs are kept of the last corpus, not its papers (~200 MB at 50,000).
    previous = previous_slugs(codec.load_corpus(corpus_path)) if corpus_path.exists() else {}
    progress("merge")
    papers, stats = build_corpus(entries, previous, parallel.map_split)  # texts cleaned on both cores
    progress(f"write {corpus_path}")
    files.write_atomic(corpus_path, codec.corpus_chunks(papers))
    return IngestResult(files=len(dumps), stats=stats, warnings=warnings, papers=papers)


# ---------------------------------------------------------------- gather


@dataclass(frozen=True)
class Data:
    papers: list[Paper]
    topics: tuple[Topic, ...]
    curation: dict[str, CurationEntry]


def load_data(data_dir: Path, papers: list[Paper] | None = None) -> Data:
    """Corpus, taxonomy and curation, validated against each other; ``papers``: the corpus, already in memory."""
    if papers is None:
        papers = codec.load_corpus(data_dir / "papers.yaml")
    topics = _topics(data_dir / "topics.yaml")
    curation = read_curation(data_dir / "curation.yaml", {p.slug for p in papers}, {t.slug for t in topics})
    return Data(papers, topics, curation)


def _topics(path: Path) -> tuple[Topic, ...]:
    from generator.enrich.topics import load_topics

    return load_topics(files.load_yaml(path), str(path))


def read_curation(path: Path, slugs: set[str], topics: set[str]) -> dict[str, CurationEntry]:
    """The curation file, checked against the corpus's slugs and the topics' slugs."""
    data = files.load_yaml(path, missing_ok=True)
    lines = entry_lines(files.read_text(path)) if data is not None else {}
    return load_curation(data, str(path), slugs, topics, lines=lines)


# ---------------------------------------------------------------- enrich and render


def _forked(search: Callable[..., list], *args: Sequence) -> Callable[[], list]:
    """Related papers in a forked process: it imports NumPy and SciPy while this one summarises."""
    return parallel.background(search, *args)


def render(
    data_dir: Path,
    progress: Progress = _quiet,
    *,
    papers: list[Paper] | None = None,
    site_url: str | None = None,
    memo: Memo | None = None,
    search_settings: tuple[str, int] | None = None,
    data: Data | None = None,
) -> tuple[Site, Pages]:
    """Gather and enrich the whole corpus; its files (relative path -> content), each rendered when read.

    What ``build`` writes into docs/, and what ``mkdocs serve`` hands MkDocs in memory (with the
    hook's ``memo``). ``papers``: the corpus, when ``ingest`` just made it; ``data``: all of data/,
    read already; ``site_url``: the published address (``siteurl.from_config``), None for relative
    links in the exports; ``search_settings``: mkdocs.yml's (``search.settings``), whose engine may
    add the search page and script (None: none).
    """
    from generator.enrich.site import enrich

    progress("load data")
    data = data or load_data(data_dir, papers)
    progress(f"enrich {len(data.papers)} papers")
    site = enrich(data.papers, data.topics, data.curation, start=_forked, memo=memo)
    progress("render pages")  # what every page needs: charts, browsing indexes, compiled templates
    return site, site_files(site, site_url, search_settings, memo)


def site_files(site: Site, site_url: str | None, search_settings: tuple[str, int] | None,
               memo: Memo | None = None) -> Pages:
    """``render``'s files of an enriched site."""
    from generator import search
    from generator.output.render import render_site

    pages = render_site(site, site_url, memo.render if memo is not None else None)
    if search_settings is not None:
        for rel, text in search.files_for(search.resolve(*search_settings, len(site.papers))).items():
            pages.add(rel, text)
    return pages


def build(
    data_dir: Path,
    docs_dir: Path,
    progress: Progress = _quiet,
    *,
    papers: list[Paper] | None = None,
    site_url: str | None = None,
    search_settings: tuple[str, int] | None = None,
) -> tuple[Site, WriteStats]:
    """Enrich the whole corpus in memory, then render and write each page."""
    site, pages = render(data_dir, progress, papers=papers, site_url=site_url, search_settings=search_settings)
    progress(f"render and write {len(pages)} pages to {docs_dir}")
    return site, write_pages(docs_dir, pages)


def write_pages(docs_dir: Path, pages: Mapping[str, Content]) -> WriteStats:
    """Render each file and stage it, then swap them all in: the render-then-write loop.

    ``pages``: relative path -> content, made when read (``render.Pages``).

    From ``SPLIT_FROM`` files a forked process renders and stages too, each taking the
    next few paths from a shared queue. Nothing is renamed into docs/ before both are
    done; when either fails, every temporary goes and docs/ is as it was.
    """
    paths = list(pages)
    writer = DocsWriter(docs_dir, paths)  # refuses here, before writing anything

    def render_and_stage(numbers: Iterable[int]) -> Staged:
        staged = Staged()
        for i in numbers:
            writer.stage(paths[i], pages[paths[i]], staged)  # rendered here
        return staged

    try:
        if len(paths) >= SPLIT_FROM:
            batches = parallel.share(render_and_stage, len(paths))
        else:
            batches = [render_and_stage(range(len(paths)))]
    except BaseException:
        writer.sweep()
        raise
    return writer.commit(batches)


# ---------------------------------------------------------------- what MkDocs runs

STAMP = ".atlas-inputs.json"  # in docs/: what the last complete build was made from
GENERATOR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Built:
    """What the MkDocs hook needs to know of a build."""

    papers: int
    topics: Mapping[str, str]  # topic name -> slug
    stats: WriteStats | None  # None: docs/ was already up to date


def inputs_digest(data_dir: Path, site_url: str | None = None, search_settings: tuple[str, int] | None = None) -> str:
    """SHA-256 of everything the pages are made from: the data files, the generator's own code, site_url,
    the search settings."""
    sources = [data_dir / name for name in ("papers.yaml", "topics.yaml", "curation.yaml")]
    code = [GENERATOR / rel for rel in files.relative_files(GENERATOR) if rel.endswith((".py", ".j2"))]
    return files.digest(sources + code, salt=f"site_url\0{site_url or ''}\0search\0{search_settings}\0")


def build_if_changed(
    data_dir: Path,
    docs_dir: Path,
    progress: Progress = _quiet,
    *,
    papers: list[Paper] | None = None,
    site_url: str | None = None,
    search_settings: tuple[str, int] | None = None,
) -> Built:
    """``build``, unless docs/ already holds every page of a build of these very inputs.

    What MkDocs runs before each build: ``mkdocs serve`` rebuilds after an
    edit of a hand-written page then skip the generator entirely.
    """
    digest = inputs_digest(data_dir, site_url, search_settings)
    done = current(docs_dir, digest)
    if done is not None:
        return done
    files.remove(docs_dir / STAMP)  # a build killed below must not look complete
    site, stats = build(data_dir, docs_dir, progress, papers=papers, site_url=site_url,
                        search_settings=search_settings)
    return stamp(docs_dir, digest, site, stats)


def current(docs_dir: Path, digest: str) -> Built | None:
    """What docs/ holds, if it holds every page of a build of the inputs with this digest; else None."""
    try:
        last = json.loads(files.read_bytes(docs_dir / STAMP))
        if last["inputs"] == digest and all((docs_dir / rel).is_file() for rel in read_manifest(docs_dir)):
            return Built(int(last["papers"]), dict(last["topics"]), None)
    except (AtlasError, ValueError, TypeError, KeyError):
        pass
    return None


def summary(site: Site, stats: WriteStats | None) -> Built:
    return Built(len(site.papers), {t.name: t.slug for t in site.topics}, stats)


def stamp(docs_dir: Path, digest: str, site: Site, stats: WriteStats | None) -> Built:
    """Record that docs/ now holds a complete build of the inputs with this digest."""
    built = summary(site, stats)
    record = {"inputs": digest, "papers": built.papers, "topics": built.topics}
    files.write_atomic(docs_dir / STAMP, json.dumps(record, indent=1, sort_keys=True) + "\n")
    return built


def update(
    dumps: Sequence[Path],
    data_dir: Path,
    docs_dir: Path,
    progress: Progress = _quiet,
    *,
    strict: bool = False,
    site_url: str | None = None,
    search_settings: tuple[str, int] | None = None,
) -> tuple[IngestResult, Built]:
    """``ingest``, then ``build_if_changed``, in one process: what ``make site`` runs.

    Cheaper than the two commands: one interpreter start and one set of
    imports, and the corpus handed over in memory instead of read back.
    """
    ingested = ingest(dumps, data_dir / "papers.yaml", progress, strict)
    built = build_if_changed(data_dir, docs_dir, progress, papers=ingested.papers, site_url=site_url,
                             search_settings=search_settings)
    return ingested, built


# ---------------------------------------------------------------- report and check


def enrich_data(data_dir: Path, progress: Progress = _quiet, *, memo: Memo | None = None) -> Site:
    """The enriched corpus of data/, for the report; with ``memo``, what it made is kept there."""
    from generator.enrich.site import enrich

    data = load_data(data_dir)
    progress(f"enrich {len(data.papers)} papers")
    return enrich(data.papers, data.topics, data.curation, start=_forked, memo=memo)


def check(data_dir: Path) -> list[Problem]:
    """Every problem of data/ at once: corpus, taxonomy, curation, raw dumps."""
    problems: list[Problem] = []
    papers, found = codec.read_corpus(data_dir / "papers.yaml")  # one bad paper must not hide the others
    problems.extend(found)
    topics: tuple[Topic, ...] = ()
    try:
        topics = _topics(data_dir / "topics.yaml")
    except AtlasError as exc:
        problems.extend(exc.problems)
    try:
        read_curation(data_dir / "curation.yaml", {p.slug for p in papers}, {t.slug for t in topics})
    except AtlasError as exc:
        problems.extend(exc.problems)
    for dump in files.dump_paths(data_dir / "raw"):
        problems.extend(_parse(dump)[2])
    return problems
