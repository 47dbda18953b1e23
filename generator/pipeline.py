"""The stages wired together: ingest (dumps -> corpus) and build (corpus -> docs).

These are the only functions that call ``store``; everything they call in
between is pure.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator import parallel
from generator.enrich.curation import load_curation
from generator.errors import AtlasError, Problem
from generator.models import CurationEntry, Entry, Paper, Site, Topic
from generator.storage import files as store

if TYPE_CHECKING:
    from generator.ingest.corpus import CorpusStats
    
Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


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
        found, warned = parse_dump(store.read_bytes(path), str(path))
    except AtlasError as exc:
        return [], [], exc.problems
    return found, warned, []


def ingest(
    dumps: Sequence[Path], corpus_path: Path, progress: Progress = _quiet, strict: bool = False
) -> IngestResult:
    """Parse every dump, then write the corpus, or write nothing at all (``strict``: warnings are errors too)."""
    from generator.ingest.corpus import build_corpus, previous_slugs  # slugify and pylatexenc: ingest's alone

    if not dumps:
        raise AtlasError(Problem("data/raw", None, "no dump files to ingest (*.txt, *.json)"))
    progress(f"parse {len(dumps)} dumps")
    parsed = parallel.map_split(_parse, list(dumps))
    entries = [entry for found, _, _ in parsed for entry in found]
    warnings = [w for _, warned, _ in parsed for w in warned]
    errors = [e for _, _, failed in parsed for e in failed]
    if errors or (strict and warnings):
        raise AtlasError(errors + (warnings if strict else []))
    # Only the old slugs are kept of the last corpus, not its papers (~200 MB at 50,000).
    previous = previous_slugs(store.load_corpus(corpus_path)) if corpus_path.exists() else {}
    progress("merge")
    papers, stats = build_corpus(entries, previous)
    progress(f"write {corpus_path}")
    store.write_atomic(corpus_path, store.corpus_chunks(papers))
    return IngestResult(files=len(dumps), stats=stats, warnings=warnings, papers=papers)


@dataclass(frozen=True)
class Data:
    papers: list[Paper]
    topics: tuple[Topic, ...]
    curation: dict[str, CurationEntry]


def load_data(data_dir: Path, papers: list[Paper] | None = None) -> Data:
    """Corpus, taxonomy and curation, validated against each other; ``papers``: the corpus, already in memory."""
    if papers is None:
        papers = store.load_corpus(data_dir / "papers.yaml")
    topics_path = data_dir / "topics.yaml"
    topics = _topics(topics_path)
    curation_path = data_dir / "curation.yaml"
    curation = load_curation(
        store.load_yaml(curation_path, missing_ok=True),
        str(curation_path),
        {p.slug for p in papers},
        {t.slug for t in topics},
        lines=_curation_lines(curation_path),
    )
    return Data(papers, topics, curation)


RESERVED_TOPIC_SLUGS = {"index"}  # topics/index.md is the overview


def _topics(path: Path) -> tuple[Topic, ...]:
    """The taxonomy; its problems become AtlasErrors (one per problem) like every other input."""
    from generator.enrich.topics import load_topics

    try:
        topics = load_topics(store.load_yaml(path), str(path))
    except ValueError as exc:
        lines = [ln.strip()[2:] for ln in str(exc).splitlines() if ln.strip().startswith("- ")]
        lines = [ln.removeprefix(f"{path}: ") for ln in lines or [" ".join(str(exc).split())]]
        raise AtlasError([Problem(str(path), None, ln.removeprefix(f"{path}: ")) for ln in lines]) from None
    clash = [Problem(str(path), None, f"topic slug {t.slug!r} is reserved") for t in topics if t.slug in RESERVED_TOPIC_SLUGS]
    if clash:
        raise AtlasError(clash)
    return topics


def _curation_lines(path: Path) -> dict[str, int]:
    """Line of each slug key under ``papers:`` (two-space indented keys)."""
    lines: dict[str, int] = {}
    if not path.exists():
        return lines
    for i, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if line.startswith("  ") and not line.startswith("   ") and line.rstrip().endswith(":"):
            lines.setdefault(line.strip()[:-1].strip("'\""), i)
    return lines


def build(
    data_dir: Path,
    docs_dir: Path,
    progress: Progress = _quiet,
    *,
    papers: list[Paper] | None = None,
    worker: parallel.Standby | None = None,
    site_url: str | None = None,
) -> tuple[Site, store.WriteStats]:
    """Enrich the whole corpus in memory, render every page, then write.

    ``papers``: the corpus, when ``ingest`` just made it; ``worker``: a ``related_worker`` started earlier;
    ``site_url``: the published address (``siteurl.from_config``), None for relative links in the exports.
    """
    site, pages = render(data_dir, progress, papers=papers, worker=worker, site_url=site_url)
    progress(f"write {len(pages)} pages to {docs_dir}")
    return site, store.write_tree(docs_dir, pages)


def render(
    data_dir: Path,
    progress: Progress = _quiet,
    *,
    papers: list[Paper] | None = None,
    worker: parallel.Standby | None = None,
    site_url: str | None = None,
) -> tuple[Site, Mapping[str, store.Content]]:
    """Enrich the whole corpus and return its files (relative path -> content), rendered when read.

    What ``build`` writes into docs/, and what ``mkdocs serve`` hands MkDocs in memory.
    """
    from generator.enrich.site import enrich, related_worker
    from generator.output.render import render_site

    with worker or related_worker() as worker:  # forked first: it imports NumPy and SciPy while this process loads
        progress("load data")
        data = load_data(data_dir, papers)
        progress(f"enrich {len(data.papers)} papers")
        site = enrich(data.papers, data.topics, data.curation, worker)
    progress("render pages")
    return site, render_site(site, site_url)


STAMP = ".atlas-inputs.json"  # in docs/: what the last complete build was made from
GENERATOR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Built:
    """What the MkDocs hook needs to know of a build."""

    papers: int
    topics: Mapping[str, str]  # topic name -> slug
    stats: store.WriteStats | None  # None: docs/ was already up to date


def inputs_digest(data_dir: Path, site_url: str | None = None) -> str:
    """SHA-256 of everything the pages are made from: the data files, the generator's own code, site_url."""
    digest = hashlib.sha256(f"site_url\0{site_url or ''}\0".encode())
    sources = [data_dir / name for name in ("papers.yaml", "topics.yaml", "curation.yaml")]
    sources += sorted(p for p in GENERATOR.rglob("*") if p.is_file() and p.suffix in (".py", ".j2"))
    for path in sources:
        digest.update(f"{path.name}\0".encode())
        digest.update(path.read_bytes() if path.exists() else b"\0missing")
    return digest.hexdigest()


def build_if_changed(
    data_dir: Path,
    docs_dir: Path,
    progress: Progress = _quiet,
    *,
    papers: list[Paper] | None = None,
    worker: parallel.Standby | None = None,
    site_url: str | None = None,
) -> Built:
    """``build``, unless docs/ already holds every page of a build of these very inputs.

    What MkDocs runs before each build: ``mkdocs serve`` rebuilds after an
    edit of a hand-written page then skip the generator entirely.
    """
    digest = inputs_digest(data_dir, site_url)
    done = current(docs_dir, digest)
    if done is not None:
        return done
    (docs_dir / STAMP).unlink(missing_ok=True)  # a build killed below must not look complete
    site, stats = build(data_dir, docs_dir, progress, papers=papers, worker=worker, site_url=site_url)
    return stamp(docs_dir, digest, site, stats)


def current(docs_dir: Path, digest: str) -> Built | None:
    """What docs/ holds, if it holds every page of a build of the inputs with this digest; else None."""
    try:
        last = json.loads((docs_dir / STAMP).read_text(encoding="utf-8"))
        listed = json.loads((docs_dir / store.MANIFEST).read_text(encoding="utf-8"))
        if last["inputs"] == digest and all((docs_dir / rel).is_file() for rel in listed):
            return Built(int(last["papers"]), dict(last["topics"]), None)
    except (OSError, ValueError, TypeError, KeyError):
        pass
    return None


def summary(site: Site, stats: store.WriteStats | None) -> Built:
    return Built(len(site.papers), {t.name: t.slug for t in site.topics}, stats)


def update(
    dumps: Sequence[Path],
    data_dir: Path,
    docs_dir: Path,
    progress: Progress = _quiet,
    *,
    strict: bool = False,
    site_url: str | None = None,
) -> tuple[IngestResult, Built]:
    """``ingest``, then ``build_if_changed``, in one process: what ``make site`` runs.

    Cheaper than the two commands: one interpreter start and one set of
    imports, the corpus handed over in memory instead of read back, and
    the related-papers worker importing NumPy and SciPy while the dumps
    are parsed.
    """
    from generator.enrich.site import related_worker

    with related_worker() as worker:
        ingested = ingest(dumps, data_dir / "papers.yaml", progress, strict)
        built = build_if_changed(
            data_dir, docs_dir, progress, papers=ingested.papers, worker=worker, site_url=site_url
        )
    return ingested, built


def stamp(docs_dir: Path, digest: str, site: Site, stats: store.WriteStats | None) -> Built:
    """Record that docs/ now holds a complete build of the inputs with this digest."""
    built = summary(site, stats)
    record = {"inputs": digest, "papers": built.papers, "topics": built.topics}
    store.write_atomic(docs_dir / STAMP, json.dumps(record, indent=1, sort_keys=True) + "\n")
    return built


def enrich_data(data_dir: Path, progress: Progress = _quiet) -> Site:
    from generator.enrich.site import enrich

    data = load_data(data_dir)
    progress(f"enrich {len(data.papers)} papers")
    return enrich(data.papers, data.topics, data.curation)


def check(data_dir: Path) -> list[Problem]:
    """Every problem of data/ at once: corpus, taxonomy, curation, raw dumps."""
    problems: list[Problem] = []
    corpus_path = data_dir / "papers.yaml"
    papers, found = store.read_corpus(corpus_path)  # one bad paper must not hide the others
    problems.extend(found)
    seen = {p.slug for p in papers}
    topics: tuple[Topic, ...] = ()
    try:
        topics = _topics(data_dir / "topics.yaml")
    except AtlasError as exc:
        problems.extend(exc.problems)
    curation_path = data_dir / "curation.yaml"
    try:
        load_curation(
            store.load_yaml(curation_path, missing_ok=True),
            str(curation_path),
            seen,
            {t.slug for t in topics},
            lines=_curation_lines(curation_path),
        )
    except AtlasError as exc:
        problems.extend(exc.problems)
    for dump in store.dump_paths(data_dir / "raw"):
        problems.extend(_parse(dump)[2])
    return problems
