"""MkDocs hooks: regenerate docs/ from data/ before a build, when anything changed.

``mkdocs serve`` watches data/ (see ``watch:`` in mkdocs.yml), so a curator
edits YAML and the page updates. Only files whose bytes changed are
rewritten, which is what keeps serve from rebuilding forever; when neither
data/ nor the generator changed since the last build, nothing runs at all.

The hooks also pick the site search (``extra: atlas: search:``, see
``generator/search.py``): Material's lunr index, or Pagefind run over the
built site.

The feeds' and exports' links take ``site_url`` as ``generator/siteurl.py``
reads it from mkdocs.yml, exactly as ``python -m generator build`` does, so
both write the same bytes (``config.site_url`` is the local address under
``mkdocs serve``).
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

from generator import pipeline, search, siteurl  # noqa: E402
from generator.errors import AtlasError  # noqa: E402

_search = {"mode": "lunr"}  # resolved per build in on_pre_build


def on_pre_build(config: MkDocsConfig) -> None:
    root = Path(config.config_file_path).resolve().parent
    try:
        mode, above = search.settings(config.extra)
        site_url = siteurl.from_config(Path(config.config_file_path))
        built = pipeline.build_if_changed(root / "data", Path(config.docs_dir), site_url=site_url)
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
    pages = built.stats or "pages up to date"
    print(f"INFO    -  Paper Atlas: {built.papers} papers, {pages}; search: {_search['mode']}", file=sys.stderr)
    if built.stats is not None and site_url is None:  # said once, by whichever command wrote the pages
        print(f"INFO    -  Paper Atlas: {siteurl.NO_SITE_URL}", file=sys.stderr)


def on_files(files: Files, config: MkDocsConfig) -> Files:
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
