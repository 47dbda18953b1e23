"""The generated pages outside the nav, written as HTML for speed, read as their Markdown did.

The generator writes the body of a paper, topic, author/organisation or
period page as raw HTML (Python-Markdown stashes it unparsed), its links
as Markdown links are (source paths: Zensical resolves them itself); the
hook gives them their addresses, sets their HTML aside and converts the
rest (the headings) with the toc and attr_list extensions only
(``LIGHT_EXTENSIONS``). These tests hold the shortcuts against what MkDocs
itself does: its own URLs for the links, the site's full extension list
for the pages of the seed site, its own reading of anchor ids. MkDocs does
not validate HTML links: the hook does (the last test).
"""

from __future__ import annotations

import os
import posixpath
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
import sitebuild
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page, _HTMLHandler
from mkdocs.utils import get_relative_url, meta

from generator import mkdocs_hooks
from generator.models import MARKER
from generator.output.render import page_url


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return sitebuild.seed_site(tmp_path_factory).parent


def generated_outside_nav(docs: Path) -> list[Path]:
    """The pages the hook converts with the light extensions (as ``not_in_nav`` in mkdocs.yml, but the nav's)."""
    pages = [*docs.glob("papers/*.md"), *docs.glob("topics/*.md"), *docs.glob("browse/*/*.md")]
    return sorted(p for p in pages if p.name != "index.md")


@pytest.mark.parametrize("page, link", [
    ("papers/a.md", "b.md"),  # a related paper
    ("papers/a.md", "../topics/agents.md"),  # a topic button
    ("papers/a.md", "../browse/authors/jane-doe.md"),  # an author, a day, an organisation
    ("topics/agents.md", "../papers/index.md"),  # the papers table
    ("topics/agents.md", "rl.md"),  # a related topic
    ("topics/agents.md", "../feeds/agents.xml"),  # a topic's feed
    ("browse/days/2024-10-25.md", "../index.md"),  # all days, weeks and months
    ("browse/weeks/2024-W43.md", "../days/2024-10-25.md"),  # a week's day
    ("index.md", "papers/a.md"),  # the home page's newest papers
])
def test_a_link_written_as_html_has_the_address_mkdocs_gives_it(tmp_path: Path, page: str, link: str):
    """The generator writes a raw-HTML link as its Markdown link would be; the hook gives it the
    address MkDocs gives that Markdown link (``get_relative_url`` of the two files' URLs)."""
    config = load_config(config_file=str(Path(__file__).resolve().parent.parent / "mkdocs.yml"))
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), link))
    source, dest = (File(uri, str(tmp_path), str(tmp_path), config.use_directory_urls) for uri in (page, target))
    html = f'<li><a href="{page_url(link)}">x</a> <a href="{page_url(link)}#abstract">y</a></li>'
    made = mkdocs_hooks._html_links(html, Page(None, source, config), Files([source, dest]))
    address = get_relative_url(dest.url, source.url)
    assert made == f'<li><a href="{address}">x</a> <a href="{address}#abstract">y</a></li>'


def test_generated_pages_render_alike_with_the_light_extensions(project: Path):
    config = load_config(config_file=str(project / "mkdocs.yml"))
    every = list(config.markdown_extensions)
    light = [e for e in every if e in mkdocs_hooks.LIGHT_EXTENSIONS]
    assert sorted(light) == sorted(mkdocs_hooks.LIGHT_EXTENSIONS)  # both are in mkdocs.yml (toc: a built-in)
    pages = generated_outside_nav(project / "docs")
    kinds = {p.relative_to(project / "docs").parts[0] for p in pages}
    assert len(pages) > 400 and kinds == {"papers", "topics", "browse"}
    for path in pages:
        body, _ = meta.get_data(path.read_text(encoding="utf-8"))
        assert body.lstrip().startswith(MARKER), path  # what the hook tells them by
        full = markdown.Markdown(extensions=every, extension_configs=config.mdx_configs).convert(body)
        text, aside = mkdocs_hooks._set_html_aside(body)
        assert len(aside) >= 3 and "<" not in text, path  # only the headings are left to convert
        light_html = markdown.Markdown(extensions=light, extension_configs=config.mdx_configs).convert(text)
        assert mkdocs_hooks._put_back(light_html, aside) == full, path


def test_anchor_ids_set_aside_are_those_mkdocs_finds(project: Path):
    """MkDocs records the ids of a page's raw HTML (links to them are validated); the hook records
    those of the HTML it sets aside. The seed pages have none, so one page is given some."""
    page = generated_outside_nav(project / "docs")[0]
    body, _ = meta.get_data(page.read_text(encoding="utf-8"))
    planted = body.replace("</p>", '<a name="old-name"></a><a data-name="no" href="#x-1" name="z"></a></p>'
                           '<div id="x-1" data-id="no"><span data-x="1" id="y"></span></div>', 1)
    for text in (body, planted):
        handler = _HTMLHandler()
        handler.feed(text)
        handler.close()
        assert mkdocs_hooks._anchor_ids(mkdocs_hooks._set_html_aside(text)[1]) == handler.present_anchor_ids
    assert handler.present_anchor_ids == {"old-name", "z", "x-1", "y"}


def test_a_broken_html_link_of_a_generated_page_fails_the_strict_build(tmp_path: Path):
    root = sitebuild.make_project(tmp_path / "p")
    sitebuild.build(root)
    page = sorted((root / "docs" / "papers").glob("*.md"))[1]
    text = page.read_text(encoding="utf-8")
    assert '<li><a href="' in text  # a related paper
    page.write_text(text.replace('<li><a href="', '<li><a href="no-such-paper.md">x</a> <a href="', 1), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(sitebuild.ROOT)}
    for name in ("SITE_URL", "ATLAS_SEARCH"):  # the project's own settings, as sitebuild.build
        env.pop(name, None)
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert f"Doc file 'papers/{page.name}' links to 'no-such-paper.md', which is no page or file of the site." in done.stderr
