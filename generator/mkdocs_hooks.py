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
``make site`` or ``mkdocs build``. Serve also keeps the HTML of the pages
outside the nav and reuses it for those whose source did not change
(``generator/rendercache.py`` says why that is sound).

That still reads every page. So after serve's first build the hook makes
the site's files in memory once, in the background, and from then on an
edit of data/curation.yaml that changes only papers' words (TL;DR, key
points, note) is a quick build: the generator finds the files that changed
among those naming an edited paper (``generator/quickedit.py``), and the
hook hands the pages among them to MkDocs' own page build, with the last
build's config, files, navigation and templates (``_quick_build``); the
feeds and exports, then Pagefind, follow in the background. Anything else
is MkDocs' full build, as for any edit.

The hooks also pick the site search (``extra: atlas: search:``, see
``generator/search.py``): Material's lunr index, or Pagefind run over the
built site (its page and script are in docs/, written by the generator).

The topic tags' links need no hook: each paper page's front matter maps
its tags to their topic pages (``topic_pages``, read by overrides/partials/tags.html).

The feeds' and exports' links take ``site_url`` as ``generator/siteurl.py``
reads it from mkdocs.yml, exactly as ``python -m generator build`` does, so
both write the same bytes (``config.site_url`` is the local address under
``mkdocs serve``).
"""

from __future__ import annotations

import functools
import gc
import logging
import posixpath
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # MkDocs loads hooks by path, not as a package
    sys.path.insert(0, str(ROOT))

from generator import pipeline, quickedit, rendercache, search, siteurl  # noqa: E402
from generator.enrich.site import Memo  # noqa: E402
from generator.errors import AtlasError  # noqa: E402
from generator.models import MARKER  # noqa: E402
from generator.storage.docs import read_manifest  # noqa: E402
from generator.storage.files import (  # noqa: E402
    as_bytes,
    bring_back,
    files_under,
    read_bytes,
    remove_files,
    set_aside,
    stat_snapshot,
)

_search = {"mode": "lunr"}  # resolved per build in on_pre_build
# MkDocs loads a hook module once per process, so this outlives one build of `mkdocs serve`.
_serve: dict = {"watching": False, "digest": None, "built": None, "pages": None, "serving": False,
                "outputs": None, "kept": False, "pagefind": None, "warm": None, "made": None, "last": None}


_cache = rendercache.RenderCache()
_memo = Memo()  # summaries and related papers, kept between the builds of `mkdocs serve`
KEEP = ".atlas-kept"  # in site/: the last build's files while MkDocs empties the folder
# This build's: page -> source key, page -> its HTML body, the generated pages, the pages in the nav.
_build: dict = {"keys": {}, "bodies": {}, "generated": frozenset(), "nav": frozenset(), "files": (), "light": False}


def _unwritten(record: logging.LogRecord) -> bool:
    """False for MkDocs' note on a page it did not write because it was kept in place (one a page)."""
    message = record.getMessage()
    if message.startswith("Page skipped: '") and message.endswith("'. Generated empty output."):
        return _cache.hit(message[len("Page skipped: '"):-len("'. Generated empty output.")]) is None
    return True


def on_startup(command: str, dirty: bool) -> None:
    if command == "serve":
        logging.getLogger("mkdocs.commands.build").addFilter(_unwritten)
    _serve.update(watching=False, digest=None, built=None, pages=None, serving=command == "serve", outputs=None,
                  pagefind=None, warm=None, made=None, last=None)
    _cache.clear()


def on_serve(server, config: MkDocsConfig, builder):
    _serve["watching"] = True  # from now on a write into docs/ would start another build
    root = Path(config.config_file_path).resolve().parent
    _warm(root / "data", Path(config.docs_dir), siteurl.from_config(Path(config.config_file_path)),
          search.settings(config.extra))
    server.builder = functools.partial(_serve_build, builder)  # what the server runs after an edit
    return server


def _warm(data_dir: Path, docs_dir: Path, site_url: str | None, settings: tuple[str, int]) -> None:
    """Make data/ in memory once, in the background, while the server waits for the first edit.

    Serve's first build found docs/ up to date, or wrote it without the hook's memo. Without this,
    the first edit would make every summary and the related papers again, and it could not be a
    quick build (``_quick_build``), which needs the last build's files in memory. The next build
    waits for this (``_join``); a problem in data/ is that build's to report.
    """
    def work() -> None:
        start = time.perf_counter()
        digest = pipeline.inputs_digest(data_dir, site_url, settings)
        try:
            made = _made_in_memory(data_dir, site_url, settings)
        except AtlasError:
            return
        # Only if what was read is what the first build showed (docs/ of these inputs) and still is.
        if pipeline.current(docs_dir, digest) is None or pipeline.inputs_digest(data_dir, site_url, settings) != digest:
            print("INFO    -  Paper Atlas: data/ changed during the warm-up: the next edit builds everything",
                  file=sys.stderr)
            return
        _serve.update(digest=digest, built=pipeline.summary(made.site, None), made=made)
        print(f"INFO    -  Paper Atlas: ready for quick curation edits ({time.perf_counter() - start:.1f} s)",
              file=sys.stderr)

    _serve["warm"] = threading.Thread(target=work, name="atlas-warm", daemon=True)
    _serve["warm"].start()


def _in_memory(data_dir: Path, docs_dir: Path, site_url: str | None, settings: tuple[str, int]) -> pipeline.Built:
    """The pages of data/ as it is now, for a build of a watching ``mkdocs serve``: docs/ is left alone."""
    digest = pipeline.inputs_digest(data_dir, site_url, settings)
    if _serve["digest"] == digest:  # a hand-written page changed: the generated ones did not
        return _serve["built"]
    on_disk = pipeline.current(docs_dir, digest)
    if on_disk is not None:  # data/ is back to what docs/ holds
        _serve.update(digest=digest, built=on_disk, pages=None, made=None)
        return on_disk
    made = _made_in_memory(data_dir, site_url, settings)
    built = pipeline.summary(made.site, None)
    _serve.update(digest=digest, built=built, pages=made.files, made=made)
    return built


def _made_in_memory(data_dir: Path, site_url: str | None, settings: tuple[str, int]) -> quickedit.Made:
    """Every file of data/'s site, rendered, with the enriched site and curation they were made of."""
    data = pipeline.load_data(data_dir)
    site, pages = pipeline.render(data_dir, site_url=site_url, memo=_memo, search_settings=settings, data=data)
    return quickedit.Made(site, data.curation, {rel: as_bytes(pages.render(rel)) for rel in pages})


@dataclass
class LastBuild:
    """What a quick build reuses of serve's last complete build (MkDocs' own objects)."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment
    watched: frozenset  # _watched(config): the inputs as the build began, docs/ as the generator left it
    site_url: str | None
    settings: tuple[str, int]


def _watched(config: MkDocsConfig, docs: bool = True, inputs: bool = True) -> frozenset:
    """What serve watches (docs/, and the inputs: mkdocs.yml, data/, generator/, overrides/), but
    data/curation.yaml: see stat_snapshot."""
    root = Path(config.config_file_path).resolve().parent
    paths = [Path(config.docs_dir)] if docs else []
    if inputs:
        paths += [Path(config.config_file_path), *(Path(p) for p in config.watch)]
        paths += [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
    return stat_snapshot(paths, leave_out=root / "data" / "curation.yaml")


def _serve_build(build_all: Callable[[], None]) -> None:
    """What the server runs after an edit: a quick build if it can be one, else MkDocs' own."""
    _join()
    start = time.perf_counter()
    gc.disable()  # a full collection of serve's heap (~0.5 s at 10,000 papers) would cost more than the build
    try:
        done = _quick_build()
    except Exception as exc:  # noqa: BLE001 (MkDocs' build, next, says what is wrong, as for any edit)
        print(f"WARNING -  Paper Atlas: the quick build failed ({type(exc).__name__}: {exc}); building everything",
              file=sys.stderr)
        done = None
    finally:
        gc.enable()
    if done is None:
        build_all()
        return
    print(f"INFO    -  Paper Atlas: quick build after a curation edit of papers' words: {done} pages rendered, "
          f"in {time.perf_counter() - start:.2f} s", file=sys.stderr)


def _quick_build() -> int | None:
    """After a curation edit of papers' words only (``generator/quickedit.py``), render the pages
    that changed and hand them to MkDocs' own page build, with the last build's config, files,
    navigation and templates: a few dozen pages, not 16,000. The other files that changed (feeds,
    exports), then Pagefind's index, follow in the background. Returns how many pages were
    rendered; None (nothing done that a build would not redo) when anything else changed since the
    last build, which is then a full one: another data/ file, the generator, mkdocs.yml, docs/,
    overrides/, or a page's title; or with lunr, whose index is made of every page at once.
    """
    last, made = _serve.get("last"), _serve.get("made")
    if last is None or made is None or _search["mode"] != "pagefind" or _watched(last.config) != last.watched:
        return None
    data_dir = Path(last.config.config_file_path).resolve().parent / "data"
    digest = pipeline.inputs_digest(data_dir, last.site_url, last.settings)  # before the curation is read
    try:
        curation = quickedit.read_curation(data_dir, made)
    except AtlasError:
        return None  # the full build reports it
    edit = quickedit.after_edit(made, curation, _memo, last.site_url, last.settings)
    if edit is None:
        return None
    pages = quickedit.changed_files(made.files, edit.files, edit.pages)
    if not _build_pages(last, pages):
        return None
    after = quickedit.Made(edit.site, edit.curation, {**made.files, **pages})
    _serve.update(digest=digest, built=pipeline.summary(edit.site, None), pages=after.files, made=after)

    def others() -> None:  # (in the background: the next build waits for it)
        changed = quickedit.changed_files(made.files, edit.files, edit.others)
        for rel, content in changed.items():
            file = last.files.get_file_from_path(rel)
            if file is not None:  # (a file MkDocs leaves out of the site, a dot file, is in none)
                file.content_bytes = content
                file.copy_file()
        after.files.update(changed)

    if pages or edit.others:  # (an edit of comments or spacing alone names no paper: nothing to redo)
        _after_build(Path(last.config.site_dir), others)
    return len(pages)


def _build_pages(last: LastBuild, changed: dict[str, bytes]) -> bool:
    """Write ``changed`` pages into the site through MkDocs, as its build does each
    (``_populate_page``, ``_build_page``, anchor checks). False if that warned (a strict build would
    fail: the full build reports it) or a page's title changed (the nav and other pages show it)."""
    config, files = last.config, last.files
    warnings = CountHandler()
    warnings.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(warnings)
    try:
        pages = []
        for rel, content in sorted(changed.items()):
            file = files.get_file_from_path(rel)
            if file is None or file.page is None:
                return False
            file.content_bytes = content
            title = file.page.title
            _populate_page(file.page, config, files)
            if file.page.title != title:
                return False
            pages.append(file.page)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for page in pages:
            _build_page(page, config, doc_files, last.nav, last.env)
        for page in pages:
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    finally:
        logging.getLogger("mkdocs").removeHandler(warnings)
        _build.update(keys={}, bodies={})
    if warnings.get_counts():
        return False
    _cache.keep_rendered()
    return True


def _after_build(site: Path, first: Callable[[], None] | None = None) -> None:
    """``first`` (a quick build's files other than pages), then Pagefind over the site into a dot
    folder, swapped in for site/pagefind/, in the background.

    Under serve the edited page shows as soon as MkDocs is done; until this
    ends (~20 s at 10,000 papers) search answers from the last build's index.
    """
    def work() -> None:
        try:
            if first is not None:
                first()
            search.reindex(site)
            print("INFO    -  Paper Atlas: search index updated", file=sys.stderr)
        except (OSError, subprocess.CalledProcessError) as exc:  # the server stopped meanwhile, or a bad page
            print(f"WARNING -  Paper Atlas: the search index was not updated: {exc}", file=sys.stderr)

    _serve["pagefind"] = threading.Thread(target=work, name="atlas-pagefind", daemon=True)
    _serve["pagefind"].start()


def _join() -> None:
    """Wait for the background work: a Pagefind run (the next build must not move the pages it
    reads) and the warm-up (the next build reads the memo it fills)."""
    for name in ("pagefind", "warm"):
        if _serve.get(name) is not None:
            _serve[name].join()
            _serve[name] = None


def on_pre_build(config: MkDocsConfig) -> None:
    _build["extensions"] = list(config.markdown_extensions)  # this build's: serve reloads mkdocs.yml
    _join()
    root = Path(config.config_file_path).resolve().parent
    _serve["last"] = None
    inputs = _watched(config, docs=False) if _serve["serving"] else frozenset()  # before anything is read
    try:
        mode, above = settings = search.settings(config.extra)
        # Not config.site_url: mkdocs serve puts its own local address there.
        site_url = siteurl.from_config(Path(config.config_file_path))
        _build["inputs"] = site_url, settings
        if _serve["watching"]:
            built = _in_memory(root / "data", Path(config.docs_dir), site_url, settings)
        else:
            built = pipeline.build_if_changed(root / "data", Path(config.docs_dir), site_url=site_url,
                                              search_settings=settings)
    except (AtlasError, search.SearchSettingError) as exc:
        raise PluginError(f"Paper Atlas could not build the pages:\n{exc}") from None
    if _serve["serving"]:  # docs/ as the generator left it and MkDocs reads it next
        _build["watched"] = inputs | _watched(config, inputs=False)
    _search["mode"] = search.resolve(mode, above, built.papers)
    if _search["mode"] == "pagefind":
        lunr = config.plugins.get("material/search") or config.plugins.get("search")
        if lunr is not None and hasattr(lunr.config, "enabled"):
            lunr.config.enabled = False  # no lunr index, and Material drops its search box
        if search.SCRIPT_PATH not in config.extra_javascript:
            config.extra_javascript.append(search.SCRIPT_PATH)
    pages = built.stats or ("pages rendered in memory" if _serve["pages"] is not None else "pages up to date")
    print(f"INFO    -  Paper Atlas: {built.papers} papers, {pages}; search: {_search['mode']}", file=sys.stderr)
    if built.stats is not None and site_url is None:  # said once, by whichever command wrote the pages
        print(f"INFO    -  Paper Atlas: {siteurl.NO_SITE_URL}", file=sys.stderr)
    _serve["kept"] = False
    if _serve["watching"] and _serve.get("outputs") is not None:
        # MkDocs empties site/ next; its files are kept (a dot folder is spared) and put back in
        # on_files, so that unchanged pages need not be written again, nor their folders made.
        set_aside(Path(config.site_dir), KEEP)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if _serve["pages"] is not None:  # serve: this build's pages replace what an older build left in docs/
        files = _with_pages(files, config, _serve["pages"])
    if _serve.get("serving"):
        _cache.begin(_shared_context(files, config))
        _serve["kept"] = bring_back(Path(config.site_dir), KEEP)
        _build["files"] = files
    return files


def _walk_key(src_uri: str) -> tuple:
    """Where MkDocs' walk of docs/ puts a file: a folder's files (index first) before its subfolders."""
    *folders, name = src_uri.split("/")
    return (*((1, f) for f in folders), (0, name.rsplit(".", 1)[0] not in ("index", "README"), name))


def _with_pages(files: Files, config: MkDocsConfig, pages: dict[str, bytes]) -> Files:
    """``files`` with ``pages`` in place of the generated files found in docs/, in the order of a
    walk of a docs/ that held them: the order of the site's search index and sitemap."""
    docs = Path(config.docs_dir)
    stale = read_manifest(docs) | set(pages)
    kept = [f for f in files if f.src_uri not in stale]
    from_docs = [f for f in kept if f.src_dir and Path(f.src_dir) == docs]
    from_docs += [File.generated(config, rel, content=content) for rel, content in pages.items()]
    from_docs.sort(key=lambda f: _walk_key(f.src_uri))
    return Files(from_docs + [f for f in kept if not (f.src_dir and Path(f.src_dir) == docs)])


def _shared_context(files: Files, config: MkDocsConfig) -> str:
    """What every page outside the nav depends on besides its own source (see rendercache)."""
    docs = Path(config.docs_dir)
    generated = read_manifest(docs) | set(_serve["pages"] or ()) | {search.PAGE_PATH}
    _build["generated"] = frozenset(generated)
    parts = [read_bytes(Path(config.config_file_path)), _search["mode"].encode()]
    custom = config.theme.custom_dir
    for rel, data in files_under(Path(custom)) if custom else []:
        parts += [rel.encode(), data]
    for f in sorted(files, key=lambda f: f.src_uri):  # every path a link may point to
        parts.append(f.src_uri.encode())
        if f.is_documentation_page() and f.src_uri not in generated:  # a hand-written page
            parts.append(f.content_bytes)
    return rendercache.context_key(parts)


def _cacheable(page: Page) -> bool:
    """A generated page outside the nav (topics/index.md matches ``not_in_nav`` but is in the nav)."""
    uri = page.file.src_uri
    return bool(_serve.get("serving")) and uri in _build["generated"] and uri not in _build["nav"]


def on_nav(nav, config: MkDocsConfig, files: Files):
    _build["nav"] = frozenset(p.file.src_uri for p in nav.pages)
    _build["navigation"] = nav
    return nav


def on_env(env, config: MkDocsConfig, files: Files):
    if _serve.get("serving"):
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({rendercache.TEMPLATE: rendercache.TEMPLATE_SOURCE}), env.loader])
    _build["env"] = env
    return env


# What a generated page outside the nav needs of mkdocs.yml's Markdown extensions: its body is HTML
# (see generator/output/templates/paper.md.j2), only its headings are Markdown, for the page's
# table of contents and permalinks (toc) and their { data-search-exclude } (attr_list). MkDocs
# makes one Markdown converter a page; with every extension that costs ~1 ms, a third of such a
# page's conversion. tests/test_light_pages.py checks that these pages render the same with all.
LIGHT_EXTENSIONS = ("toc", "attr_list")

# Such a page's HTML between its headings is set aside before conversion and put back after it:
# Python-Markdown would pass it through unchanged, but only after parsing it twice (its raw-HTML
# block reader, and MkDocs' search for anchor ids), which was the largest cost left of a page.
# Every line of such a page that starts with "#" is a heading: corpus text is on one line and its
# "#" is a character reference (generator/output/escape.py).
HEADING_LINE_RE = re.compile(r"^(#{1,6}[ \t].*)$", re.MULTILINE)
ASIDE = "atlasaside{}x"  # a paragraph of one word, which Markdown leaves as it is
ASIDE_RE = re.compile(r"<p>atlasaside(\d+)x</p>")
ANCHOR_RE = re.compile(r"<[^>]*?\sid=\"([^\"]*)\"|<a(?:\s[^>]*?)?\sname=\"([^\"]*)\"")  # not data-id, data-name


def _set_html_aside(markdown: str) -> tuple[str, list[str]]:
    """``markdown`` with each run of HTML between its headings made a placeholder, and the runs."""
    parts = HEADING_LINE_RE.split(markdown)  # text, heading, text, heading, ..., text
    kept, aside = [], []
    for i, part in enumerate(parts):
        if i % 2:
            kept.append(part)
        elif block := part.strip("\n"):
            kept.append(ASIDE.format(len(aside)))
            aside.append(block + "\n")  # as Python-Markdown writes a run of raw HTML
    return "\n\n".join(kept) + "\n", aside


def _put_back(html: str, aside: list[str]) -> str:
    """``html`` with the runs of HTML set aside in place of their placeholders."""
    return ASIDE_RE.sub(lambda m: aside[int(m[1])], html).strip()  # as Markdown.convert ends


def _anchor_ids(aside: list[str]) -> set[str]:
    """The anchor ids MkDocs would have found in the HTML set aside (see _RawHTMLPreprocessor)."""
    return {a or b for block in aside for a, b in ANCHOR_RE.findall(block)}


# A raw-HTML link of a generated page to a file of the site, written as its source path relative to
# the page's source, as a Markdown link is ("../topics/t.md", "../feeds/t.xml"; see render.page_url).
HTML_LINK_RE = re.compile(r'href="((?:\.\./|[\w-])[^"#?:]*\.\w+)(#[^"]*)?"')
_log = logging.getLogger("mkdocs.plugins.atlas")  # a warning here fails a strict build, as MkDocs' own


def _extensions_for(page: Page, markdown: str, config: MkDocsConfig) -> None:
    """Set the Markdown extensions MkDocs converts ``page`` with (it reads them from the config)."""
    every = _build["extensions"]
    _build["light"] = page.file.src_uri not in _build["nav"] and markdown.lstrip().startswith(MARKER)
    config.markdown_extensions = [e for e in every if e in LIGHT_EXTENSIONS] if _build["light"] else every


def _html_links(html: str, page: Page, files: Files) -> str:
    """``html`` with its raw-HTML links to the site's files made their addresses from this page, as
    MkDocs makes a Markdown link's (Python-Markdown leaves raw HTML alone); a link to no file of the
    site is a warning, so that a strict build fails as for a broken Markdown link."""
    folder = posixpath.dirname(page.file.src_uri)

    def address(m: re.Match[str]) -> str:
        target = files.get_file_from_path(posixpath.normpath(posixpath.join(folder, m[1])))
        if target is None:
            _log.warning(f"Doc file '{page.file.src_uri}' links to '{m[1]}', which is no page or file of the site.")
            return m[0]
        return f'href="{target.url_relative_to(page.file)}{m[2] or ""}"'

    return HTML_LINK_RE.sub(address, html)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    _extensions_for(page, markdown, config)
    if _cacheable(page):
        key = rendercache.source_key(page.meta, markdown)
        if _cache.lookup(page.file.src_uri, key) is not None:
            page.meta["template"] = rendercache.TEMPLATE  # nothing to convert, nothing to lay out
            _build["light"] = False
            return ""
        _build["keys"][page.file.src_uri] = key
    if _build["light"]:
        markdown, _build["aside"] = _set_html_aside(markdown)
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    config.markdown_extensions = _build["extensions"]  # all of them again, for whatever follows
    if _build["light"]:  # its links are raw HTML (a page in the nav may hold Markdown links, made addresses already)
        aside = _build.pop("aside")
        page.present_anchor_ids = (page.present_anchor_ids or set()) | _anchor_ids(aside)
        html = _html_links(_put_back(html, aside), page, files)
    hit = _cache.hit(page.file.src_uri) if _cacheable(page) else None
    if hit is None:
        if page.file.src_uri in _build["keys"]:  # as rendered: the search plugin edits page.content later
            _build["bodies"][page.file.src_uri] = html
        return html
    page.toc = hit.toc
    page._title_from_render = hit.title
    page.present_anchor_ids = set(hit.anchors)
    page.links_to_anchors = {
        target: dict(links) for uri, links in hit.links.items() if (target := files.get_file_from_path(uri))
    }
    return hit.body


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if _cacheable(page) and (hit := _cache.hit(page.file.src_uri)) is not None:
        # Kept in place, the last build's file is this very output: an empty one is not written.
        return "" if _serve["kept"] else hit.html
    if _search["mode"] == "pagefind":
        output = search.mark_body(output, page.url)
    key = _build["keys"].pop(page.file.src_uri, None) if _cacheable(page) else None
    body = _build["bodies"].pop(page.file.src_uri, None)
    if key is not None and body is not None:
        links = {target.src_uri: links for target, links in (page.links_to_anchors or {}).items()}
        _cache.record(page.file.src_uri, rendercache.rendered(
            key, body, output, page.toc, page._title_from_render, page.present_anchor_ids, links))
    return output


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    if _search["mode"] == "pagefind" and not config.get(search.LATER):
        if _serve["watching"] and _serve["kept"] and (site / "pagefind").is_dir():
            _after_build(site)
        else:
            search.run_pagefind(site)
    if _serve.get("serving"):
        reused, rendered = _cache.commit()  # (a strict abort after this clears it: on_build_error)
        outputs = {f.dest_uri for f in _build["files"] if f.inclusion.is_in_serve()}
        if _serve["kept"]:  # what the last build wrote and this one did not make is gone
            remove_files(Path(config.site_dir), sorted(_serve["outputs"] - outputs))
        _serve["outputs"] = outputs
        print(f"INFO    -  Paper Atlas: {reused} pages reused from the last build, {rendered} rendered", file=sys.stderr)
        site_url, settings = _build["inputs"]
        _serve["last"] = LastBuild(config, _build["files"], _build["navigation"], _build["env"], _build["watched"],
                                   site_url, settings)  # (a strict abort after this drops it: on_build_error)
        _build.update(keys={}, bodies={}, files=(), navigation=None, env=None)


def on_build_error(error: Exception) -> None:
    _cache.clear()  # a page that warned must render (and warn) again
    _serve.update(outputs=None, last=None)  # and the next build starts from an empty site/
    _build.update(keys={}, bodies={}, files=(), navigation=None, env=None)
