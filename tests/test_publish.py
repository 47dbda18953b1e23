"""Publishing from any fork: one site address everywhere, link previews, and the workflows.

Real builds (``python -m generator update``, then ``mkdocs build --strict``)
of one seed dump and the hostile markup dump: with
``SITE_URL=https://example.org/atlas`` (what the pages workflow does), the
same with MkDocs' hook doing the generator's work, and one without SITE_URL
(a curator's ``make site``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import bibtexparser
import feedparser
import pytest
import sitebuild
import yaml
from click.testing import CliRunner
from conftest import ROOT, SEEDS
from mkdocs.config import load_config

from generator import siteurl
from generator.cli import main
from generator.errors import AtlasError
from generator.storage.files import files_under

SITE_URL = "https://example.org/atlas"  # as configure-pages gives it: no trailing slash
BASE = SITE_URL + "/"
HOSTILE = Path(__file__).resolve().parent / "hostile"
HOSTILE_SLUG = "script-alert-1-script-cross-site-scripting-in-paper-titles"
HOSTILE_TITLE = "<script>alert(1)</script>: Cross-Site Scripting in Paper Titles"
BENIGN_SLUG = "templates-config-and-raw-blocks-in-jinja-pages"


def dumps() -> dict[str, str]:
    return {SEEDS[-1].name: SEEDS[-1].read_text(encoding="utf-8"),
            "markup.txt": (HOSTILE / "markup_consecutive.txt").read_text(encoding="utf-8")}


def run(root: Path, site_url: str | None, *commands: list[str]) -> str:
    """``commands`` (python -m ...) in ``root`` with that SITE_URL (or none); their stderr."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    env.pop("ATLAS_SEARCH", None)
    env.pop("SITE_URL", None)
    if site_url is not None:
        env["SITE_URL"] = site_url
    err = ""
    for args in commands:
        done = subprocess.run([sys.executable, "-m", *args], cwd=root, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        err += done.stderr
    return err


UPDATE, INGEST, MKDOCS = ["generator", "update"], ["generator", "ingest"], ["mkdocs", "build", "--strict"]


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """Built as the pages workflow builds: SITE_URL set, generator then MkDocs."""
    root = sitebuild.make_project(tmp_path_factory.mktemp("published"), dumps(), curation=False)
    err = run(root, SITE_URL, UPDATE, MKDOCS)
    assert "pages up to date" in err  # the hook found the generator's pages: same inputs, same site_url
    return root


@pytest.fixture(scope="module")
def local(tmp_path_factory) -> tuple[Path, str]:
    """Built without SITE_URL; with the build's stderr."""
    root = sitebuild.make_project(tmp_path_factory.mktemp("local"), dumps(), curation=False)
    return root, run(root, None, UPDATE, MKDOCS)


def files(root: Path) -> dict[str, bytes]:
    return dict(files_under(root))


class Head(HTMLParser):
    """The <meta> and <link> tags of a page's head, and every start tag of it in order."""

    def __init__(self, path: Path):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.canonical: list[str] = []
        self.tags: list[str] = []
        self.in_head = False
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "head":
            self.in_head = True
        if not self.in_head:
            return
        self.tags.append(tag)
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta.setdefault(a.get("property") or a["name"], []).append(a.get("content"))
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False

    def one(self, key: str) -> str:
        (value,) = self.meta[key]
        return value


def papers_json(root: Path) -> dict[str, dict]:
    return {p["slug"]: p for p in json.loads((root / "site" / "exports" / "papers.json").read_text())["papers"]}


# ------------------------------------------------------- the site address


def test_a_published_build_links_absolutely_under_site_url(published: Path):
    site = published / "site"
    for path in sorted((site / "feeds").glob("*.xml")):
        if path.name == "sitemap.xml":
            continue
        feed = feedparser.parse(path.read_bytes())
        assert feed.bozo == 0, path
        assert feed.feed.link.startswith(BASE)
        assert [ln.href for ln in feed.feed.links if ln.rel == "self"] == [f"{BASE}feeds/{path.name}"]
        for entry in feed.entries:
            assert entry.link.startswith(BASE + "papers/"), entry.link
            assert (site / entry.link.removeprefix(BASE) / "index.html").is_file()
    papers = papers_json(published)
    assert all(p["url"] == f"{BASE}papers/{slug}/" for slug, p in papers.items())
    bib = bibtexparser.parse_string((site / "exports" / "papers.bib").read_text(encoding="utf-8"))
    urls = {e.key: e.fields_dict["url"].value for e in bib.entries}
    assert urls == {slug: f"{BASE}papers/{slug}/" for slug in papers}
    locs = re.findall(r"<loc>([^<]*)</loc>", (site / "sitemap.xml").read_text())
    built = {str(p.parent.relative_to(site)) + "/" for p in site.rglob("index.html") if p.parent != site}
    assert all(u.startswith(BASE) for u in locs)
    assert {u.removeprefix(BASE) for u in locs} == built | {""}  # every page of the site, the home page too
    # The 404 page links from the site's root, wherever the missing page was asked for.
    links = re.findall(r'(?:href|src)="(/[^"]*)"', (site / "404.html").read_text(encoding="utf-8"))
    assert links and all(u.startswith(urlparse(BASE).path) for u in links), links
    for page in ("index.html", f"papers/{BENIGN_SLUG}/index.html", "topics/index.html"):
        head = Head(site / page)
        assert head.canonical == [BASE + page.removesuffix("index.html")]
        assert head.one("og:url") == head.canonical[0]


def test_the_hook_writes_the_bytes_the_generator_writes(published: Path, tmp_path: Path):
    """MkDocs' hook (after a bare ingest) and `python -m generator update` read one site_url."""
    (tmp_path / "hooked").mkdir()
    root = sitebuild.make_project(tmp_path / "hooked", dumps(), curation=False)
    err = run(root, SITE_URL, INGEST, MKDOCS)
    assert "pages written" in err  # the hook built them
    assert files(root / "docs") == files(published / "docs")


def test_a_build_without_site_url_links_relatively_and_says_so_once(local: tuple[Path, str]):
    root, err = local
    site = root / "site"
    assert err.count(siteurl.NO_SITE_URL) == 1, err
    feed = feedparser.parse((site / "feeds" / "all.xml").read_bytes())
    assert feed.bozo == 0 and feed.entries
    for entry in feed.entries:  # relative to the feed: feedparser resolves nothing without a base
        assert entry.link.startswith("../papers/"), entry.link
        assert (site / "feeds" / entry.link / "index.html").resolve().is_file()
    assert all(p["url"] == f"papers/{slug}/" for slug, p in papers_json(root).items())
    assert "url = " not in (site / "exports" / "papers.bib").read_text(encoding="utf-8")
    head = Head(site / "papers" / BENIGN_SLUG / "index.html")
    assert head.canonical == [] and "og:url" not in head.meta
    assert head.one("og:title") == "Templates {{ config }} and {% raw %} Blocks in Jinja Pages"


# ------------------------------------------------------- link previews


def test_every_paper_topic_and_listing_page_has_a_link_preview(published: Path):
    site = published / "site"
    papers = papers_json(published)
    topics = {t["slug"]: t for t in json.loads((site / "exports" / "papers.json").read_text())["topics"]}
    expected = {f"papers/{s}/": (p["title"], p["tldr"], "article") for s, p in papers.items()}
    expected |= {f"topics/{s}/": (t["name"], t["description"], "website") for s, t in topics.items()}
    expected |= {
        "": ("Paper Atlas", "Curated summaries of machine-learning papers", "website"),
        "papers/": ("All papers", "Every paper of Paper Atlas in one sortable table", "website"),
        "topics/": ("Topics", "The topics of Paper Atlas", "website"),
    }
    for url, (title, text, kind) in expected.items():
        head = Head(site / url / "index.html")
        assert head.one("og:title") == head.one("twitter:title") == title, url
        assert head.one("og:description") == head.one("twitter:description") == " ".join(text.split()), url
        assert head.one("og:url") == BASE + url
        assert head.one("og:site_name") == "Paper Atlas"
        assert head.one("og:type") == kind
        assert head.one("twitter:card") == "summary"


def test_a_hostile_title_stays_inert_in_the_link_preview(published: Path):
    page = published / "site" / "papers" / HOSTILE_SLUG / "index.html"
    head, benign = Head(page), Head(published / "site" / "papers" / BENIGN_SLUG / "index.html")
    assert head.one("og:title") == head.one("twitter:title") == HOSTILE_TITLE  # the text, exactly once unescaped
    assert head.tags == benign.tags  # no element came out of the title: the same head, tag for tag
    html = page.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&amp;lt;" not in html  # neither markup nor double escaping


# ------------------------------------------------- reading site_url


@pytest.mark.parametrize("value", [None, "", "https://example.org/atlas", "https://example.org/atlas/",
                                   "http://127.0.0.1:8000", "https://you.github.io/paper-atlas/"])
def test_the_generator_reads_site_url_as_mkdocs_does(value, monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    if value is not None:
        monkeypatch.setenv("SITE_URL", value)
    config = load_config(str(ROOT / "mkdocs.yml"))
    assert siteurl.from_config(ROOT / "mkdocs.yml") == (config.site_url or None)


def test_a_bad_site_url_names_mkdocs_yml(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("SITE_URL", "example.org/atlas")
    with pytest.raises(AtlasError, match=r"mkdocs\.yml.*site_url must be an http\(s\) address"):
        siteurl.from_config(ROOT / "mkdocs.yml")
    assert siteurl.from_config(tmp_path / "missing.yml") is None


def test_site_url_is_inert_in_every_export():
    assert siteurl.normalize('https://example.org/a b{x}\\"<y>', "x") == "https://example.org/a%20b%7Bx%7D%5C%22%3Cy%3E/"


@pytest.mark.parametrize(
    "remote, url",
    [
        ("git@github.com:Someone/paper-atlas.git", "https://someone.github.io/paper-atlas/"),
        ("https://github.com/someone/paper-atlas.git", "https://someone.github.io/paper-atlas/"),
        ("https://github.com/someone/paper-atlas", "https://someone.github.io/paper-atlas/"),
        ("https://x-access-token:abc@github.com/someone/atlas/", "https://someone.github.io/atlas/"),
        ("ssh://git@github.com/someone/atlas.git", "https://someone.github.io/atlas/"),
        ("git@github.com:Someone/someone.github.io.git", "https://someone.github.io/"),
        ("git@gitlab.com:someone/paper-atlas.git", None),
        ("https://github.com.evil.example/someone/atlas.git", None),
        ("/srv/git/paper-atlas.git", None),
        ("", None),
    ],
)
def test_the_github_pages_address_of_a_remote(remote, url):
    assert siteurl.github_pages_url(remote) == url


def test_site_url_command_takes_site_url_else_the_github_remote(tmp_path: Path, monkeypatch):
    """What `make deploy` builds with."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SITE_URL", raising=False)
    (tmp_path / "mkdocs.yml").write_bytes((ROOT / "mkdocs.yml").read_bytes())
    subprocess.run(["git", "init", "-q"], check=True)
    runner = CliRunner()
    missing = runner.invoke(main, ["site-url"])
    assert missing.exit_code == 1 and "SITE_URL is not set and there is no git remote 'origin'" in missing.output
    subprocess.run(["git", "remote", "add", "origin", "https://gitlab.com/me/atlas.git"], check=True)
    other = runner.invoke(main, ["site-url"])
    assert other.exit_code == 1 and "is not on GitHub" in other.output
    subprocess.run(["git", "remote", "set-url", "origin", "git@github.com:Me/atlas.git"], check=True)
    assert runner.invoke(main, ["site-url"]).output == "https://me.github.io/atlas/\n"
    monkeypatch.setenv("SITE_URL", "https://atlas.example.org")
    assert runner.invoke(main, ["site-url"]).output == "https://atlas.example.org/\n"


# ------------------------------------------------------- the workflows


def readme_commands() -> list[str]:
    """The commands of README's "The two commands" block."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## The two commands", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip()]


def workflow(name: str) -> dict:
    doc = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    doc["on"] = doc.pop(True, doc.get("on"))  # YAML 1.1 reads the key `on` as true
    return doc


def steps(doc: dict) -> list[dict]:
    return [step for job in doc["jobs"].values() for step in job["steps"]]


def test_the_workflows_run_the_readme_commands():
    assert readme_commands() == ["make site", "make test"]
    site, test = readme_commands()

    tests = workflow("test.yml")
    assert set(tests["on"]) == {"push", "pull_request"} and not tests["on"]["push"]  # every branch
    (job,) = tests["jobs"].values()
    assert job["runs-on"].startswith("ubuntu")
    python = [s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@")]
    assert [(s["with"]["python-version"], s["with"]["cache"]) for s in python] == [("3.11", "pip")]
    assert [s["run"] for s in job["steps"] if "run" in s] == [test]

    pages = workflow("pages.yml")
    assert pages["on"]["push"] == {"branches": ["main"]}
    assert pages["jobs"]["build"]["if"] == "github.ref == 'refs/heads/main'"
    (configure,) = [s for s in steps(pages) if s.get("uses", "").startswith("actions/configure-pages@")]
    (build,) = [s for s in steps(pages) if "run" in s]
    assert build["run"] == site
    assert build["env"] == {"SITE_URL": f"${{{{ steps.{configure['id']}.outputs.base_url }}}}"}
    uploads = [s for s in steps(pages) if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert [s["with"]["path"] for s in uploads] == ["site"]
