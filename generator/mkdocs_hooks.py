"""MkDocs hooks: regenerate docs/ from data/ before a build, when anything changed.

``mkdocs build`` (and serve's first build) writes the pages into docs/;
only files whose bytes changed are rewritten, and when neither data/ nor
the generator changed since the last build, nothing runs at all.

``mkdocs serve`` watches data/ (see ``watch:`` in mkdocs.yml), so a curator
edits YAML and the page updates. Once the server watches, the hook no
longer writes docs/ (a write there would start a second full build): it
renders the pages in memory and hands them to MkDocs as generated files
(``File.generated``, as mkdocs-gen-files does) in place of the older copies
on disk. One edit, one build; docs/ is brought up to date by the next
``make site`` or ``mkdocs build``.

The hooks also pick the site search (``extra: atlas: search:``, see
``generator/search.py``): Material's lunr index, or Pagefind run over the
built site.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # MkDocs loads hooks by path, not as a package
    sys.path.insert(0, str(ROOT))

from generator import pipeline, search, store  # noqa: E402
from generator.errors import AtlasError  # noqa: E402

_search = {"mode": "lunr"}  # resolved per build in on_pre_build
# MkDocs loads a hook module once per process, so this outlives one build of `mkdocs serve`.
_serve: dict = {"watching": False, "digest": None, "built": None, "pages": None}


def on_startup(command: str, dirty: bool) -> None:
    _serve.update(watching=False, digest=None, built=None, pages=None)


def on_serve(server, config: MkDocsConfig, builder):
    _serve["watching"] = True  # from now on a write into docs/ would start another build
    return server


def _in_memory(data_dir: Path, docs_dir: Path) -> pipeline.Built:
    """The pages of data/ as it is now, for a build of a watching ``mkdocs serve``: docs/ is left alone."""
    digest = pipeline.inputs_digest(data_dir)
    if _serve["digest"] == digest:  # a hand-written page changed: the generated ones did not
        return _serve["built"]
    on_disk = pipeline.current(docs_dir, digest)
    if on_disk is not None:  # data/ is back to what docs/ holds
        _serve.update(digest=digest, built=on_disk, pages=None)
        return on_disk
    site, files = pipeline.render(data_dir)
    pages = {rel: store.as_bytes(content) for rel, content in files.items()}
    built = pipeline.summary(site, None)
    _serve.update(digest=digest, built=built, pages=pages)
    return built


def on_pre_build(config: MkDocsConfig) -> None:
    root = Path(config.config_file_path).resolve().parent
    try:
        mode, above = search.settings(config.extra)
        if _serve["watching"]:
            built = _in_memory(root / "data", Path(config.docs_dir))
        else:
            built = pipeline.build_if_changed(root / "data", Path(config.docs_dir))
    except (AtlasError, search.SearchSettingError) as exc:
        raise PluginError(f"Paper Atlas could not build the pages:\n{exc}") from None
    config.extra["atlas_topics"] = dict(built.topics)
    _search["mode"] = search.resolve(mode, above, built.papers)
    if _search["mode"] == "pagefind":
        lunr = config.plugins.get("material/search") or config.plugins.get("search")
        if lunr is not None and hasattr(lunr.config, "enabled"):
            lunr.config.enabled = False  # no lunr index, and Material drops its search box
        if search.SCRIPT_PATH not in config.extra_javascript:
            config.extra_javascript.append(search.SCRIPT_PATH)
    pages = built.stats or ("pages rendered in memory" if _serve["pages"] is not None else "pages up to date")
    print(f"INFO    -  Paper Atlas: {built.papers} papers, {pages}; search: {_search['mode']}", file=sys.stderr)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if _serve["pages"] is not None:  # serve: this build's pages replace what an older build left in docs/
        for rel in store.read_manifest(Path(config.docs_dir)):
            old = files.get_file_from_path(rel)
            if old is not None:
                files.remove(old)
        for rel, content in _serve["pages"].items():
            files.append(File.generated(config, rel, content=content))
    if _search["mode"] == "pagefind":
        page = File.generated(config, search.PAGE_PATH, content=search.page_markdown())
        page.inclusion = InclusionLevel.NOT_IN_NAV
        files.append(page)
        files.append(File.generated(config, search.SCRIPT_PATH, content=search.SCRIPT))
    return files


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if _search["mode"] == "pagefind":
        return search.mark_body(output, page.url)
    return output


def on_post_build(config: MkDocsConfig) -> None:
    if _search["mode"] == "pagefind":
        search.run_pagefind(Path(config.site_dir))
