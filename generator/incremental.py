"""``make site``'s MkDocs build: incremental when only pages changed, the same bytes as a full one.

A full ``mkdocs build`` renders every page (80 s at 10,000 papers) however
small the change. But the generator rewrites only the docs/ files whose
bytes changed (``pipeline.write_pages``), and a page's HTML is a function of
its own Markdown and of what every page shares: mkdocs.yml and the
environment it reads, the theme and overrides/, the installed MkDocs,
Material, Markdown and Pagefind, the hook and the generator's code, the
hand-written pages, the search engine and topic list the hook settles on,
and the set of pages that links may point to. The pages that list a paper
(the tables, topic, day and author lists) are generated Markdown too, so
they change with it.

So when the shared part is what it was at the last build and no page was
removed (a link to a removed page must warn again), MkDocs' own dirty
mode is exact: it renders the pages whose Markdown is newer than their
HTML (new pages have none) and always writes the sitemap, 404 page and
the hook's generated files. Anything else, or no record of the last
build, and the build is a full one. Search stays exact: Pagefind indexes
the whole result again (it has no incremental mode, pagefind issue #71);
Material's lunr index is made from every page's text in memory, so a
lunr site (a small one, see ``generator/search.py``) is always built in
full.

A full build goes into ``.site-build/``, which replaces site/ once the
build succeeded. An incremental one writes only its pages, the sitemap
and 404 page into ``.site-build/`` (MkDocs compares each page's Markdown
with its HTML in site/: copying site/ first would cost more than the
build, 55,000 files at 10,000 papers); once it succeeded they are moved
into site/ (a rename each) and Pagefind indexes site/ into a folder that
then replaces site/pagefind/. A failed build leaves site/ as it was; one
killed while its pages are moved in or Pagefind runs leaves whole pages
(new ones beside old ones, or the last search index), and no record, so
the next build is a full one. What the build shared is recorded beside
site/ (``.site.atlas-build.json``): written last, removed before site/
changes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from generator import pipeline, search, siteurl
from generator.errors import AtlasError
from generator.storage import files
from generator.storage.docs import read_manifest

GENERATOR = Path(__file__).resolve().parent
PACKAGES = ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "Jinja2", "pagefind", "pagefind_bin")
ENVIRONMENT = ("SITE_URL", "ATLAS_SEARCH", "SOURCE_DATE_EPOCH")  # what mkdocs.yml and the hook read
# MkDocs' note that a dirty build may be inaccurate: it is not here (see above); under strict it would abort.
DIRTY_WARNING = "A 'dirty' build is being performed"


@dataclass(frozen=True)
class Record:
    """What a complete build shared with every page, and the docs/ files it was made from."""

    shared: str
    pages: frozenset[str]


@dataclass(frozen=True)
class Plan:
    incremental: bool
    reason: str  # why a full build, or what an incremental one renders

    def __str__(self) -> str:
        return ("incremental build: " if self.incremental else "full build: ") + self.reason


def record_path(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}.atlas-build.json")


def scratch_path(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}-build")


def _versions() -> list[str]:
    found = []
    for name in PACKAGES:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} missing")
    return found


def shared_digest(config_file: Path, docs_dir: Path, docs_files: list[str], generated: set[str],
                  mode: str, topics: dict[str, str]) -> str:
    """SHA-256 of everything a page's HTML depends on besides its own Markdown (see the module's text)."""
    root = config_file.parent
    parts: list[bytes] = [sys.version.encode(), *(v.encode() for v in _versions()), mode.encode(),
                          json.dumps(topics, sort_keys=True).encode(), files.read_bytes(config_file)]
    parts += [f"{name}={os.environ.get(name, '')}".encode() for name in ENVIRONMENT]
    for folder in (root / "overrides", GENERATOR):
        for rel, data in files.files_under(folder):
            if "__pycache__" not in rel:
                parts += [f"{folder.name}/{rel}".encode(), data]
    for rel in docs_files:  # hand-written pages and assets, whole
        if rel not in generated:
            parts += [f"docs/{rel}".encode(), files.read_bytes(docs_dir / rel)]
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def plan(last: Record | None, now: Record, mode: str, site_there: bool) -> Plan:
    """Whether MkDocs' dirty build gives exactly what a full one would."""
    if not site_there or last is None:
        return Plan(False, "no complete earlier build")
    if mode != "pagefind":
        return Plan(False, "Material's search index is made from every page")
    if last.shared != now.shared:
        return Plan(False, "configuration, theme, hook or hand-written pages changed")
    gone = last.pages - now.pages
    if gone:
        return Plan(False, f"{len(gone)} pages removed")
    return Plan(True, f"{len(now.pages - last.pages)} new pages, changed pages rendered again")


def read_record(path: Path) -> Record | None:
    if not path.is_file():
        return None
    try:
        data = json.loads(files.read_bytes(path))
        return Record(str(data["shared"]), frozenset(map(str, data["pages"])))
    except (AtlasError, ValueError, TypeError, KeyError):  # unreadable or not ours: build in full
        return None


def _without_dirty_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith(DIRTY_WARNING)


@contextmanager
def _mkdocs_logging() -> Iterator[None]:
    """Warnings and errors on stderr, as ``mkdocs build --quiet`` prints them; no dirty-build warning."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.WARNING)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    quiet = logging.getLogger("mkdocs.commands.build")
    quiet.addFilter(_without_dirty_warning)
    try:
        yield
    finally:
        quiet.removeFilter(_without_dirty_warning)
        logger.removeHandler(handler)


class _Overlay:
    """A plugin for one incremental build: pages whose HTML in site/ is up to date stay there, unread
    and unwritten; the others are written into the scratch folder (MkDocs' ``File.dest_dir``)."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir

    def on_files(self, files, config):
        for file in files:
            if file.abs_src_path is None:  # generated by the hook: always written
                continue
            old = self.site_dir / file.dest_uri
            if old.is_file() and old.stat().st_mtime >= os.stat(file.abs_src_path).st_mtime:  # as File.is_modified
                file.dest_dir = str(self.site_dir)
                file.__dict__.pop("abs_dest_path", None)  # (a cached_property of dest_dir)
        return files


def build_site(config_file: Path, site_dir: Path, *, full: bool = False) -> Plan:
    """Bring docs/ up to date, then build site/ (incrementally when that is exact); returns what was done.

    ``mkdocs build --strict``, in this process. Raises ``AtlasError`` for bad data,
    ``mkdocs.exceptions.Abort`` (or ``PluginError``) for a failed build.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    scratch = scratch_path(site_dir).resolve()
    site_dir = site_dir.resolve()
    with _mkdocs_logging():
        config = load_config(config_file=str(config_file), strict=True, site_dir=str(scratch))
        root, docs_dir = Path(config.config_file_path).resolve().parent, Path(config.docs_dir)
        # As the hook's on_pre_build does next (it then finds docs/ up to date).
        built = pipeline.build_if_changed(root / "data", docs_dir, site_url=siteurl.from_config(config_file),
                                          search_settings=search.settings(config.extra))
        mode = search.resolve(*search.settings(config.extra), built.papers)
        docs_files = files.relative_files(docs_dir)
        now = Record(shared_digest(config_file, docs_dir, docs_files, read_manifest(docs_dir), mode,
                                   dict(built.topics)), frozenset(docs_files))
        stamp = record_path(site_dir)
        chosen = Plan(False, "asked for") if full else plan(read_record(stamp), now, mode, site_dir.is_dir())
        files.remove(scratch)  # what an interrupted build left
        if chosen.incremental:
            config.plugins["atlas/incremental"] = _Overlay(site_dir)
            config[search.LATER] = True  # the hook leaves Pagefind to us: it must index the merged site
        try:
            config.plugins.on_startup(command="build", dirty=chosen.incremental)
            try:
                build(config, dirty=chosen.incremental)
            finally:
                config.plugins.on_shutdown()
        except BaseException:
            files.remove(scratch)
            raise
    files.remove(stamp)
    if chosen.incremental:
        files.move_into(scratch, site_dir)
        search.reindex(site_dir)
    else:
        files.replace_dir(scratch, site_dir)
    files.write_atomic(stamp, json.dumps({"shared": now.shared, "pages": sorted(now.pages)}, indent=0) + "\n")
    return chosen
