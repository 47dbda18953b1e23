"""Enriched site -> Markdown pages (relative path -> text), from Jinja2 templates.

Everything a template prints is escaped by ``escape.finalize`` unless it is
Markup built here from trusted parts, so corpus text can never become
Markdown or HTML structure.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator, Mapping
from typing import NamedTuple

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator import dates
from generator.enrich.names import cased_aliases, name_parts, paper_names
from generator.models import ARXIV_ID_RE, MARKER, Content, EnrichedPaper, Paper, Site, Topic
from generator.output import browse, charts, exports, reader
from generator.output.escape import finalize, front_matter_string, html_text, html_url, md, query_value, safe_url

TOPIC_PAGE_LIMIT = 200  # a topic page lists its newest papers; the table has all
HOME_LIST = 8
TABLE_PREVIEW = 50  # rows of the papers table in the HTML itself; the script loads them all
ORIGIN_LABELS = {"curated": "Curated by hand", "extracted": "Extracted from the abstract"}
SEARCHES = {  # the "Find this paper" links without an arXiv id: each engine's search URL, + the title
    "arXiv": "https://arxiv.org/search/?searchtype=title&query=",
    "Hugging Face": "https://huggingface.co/papers?q=",
    "Semantic Scholar": "https://www.semanticscholar.org/search?q=",
}


@functools.lru_cache(maxsize=1 << 17)
def _escaped(text: str) -> str:
    return finalize(text)


def cached_finalize(value: object) -> str:
    """``escape.finalize``, memoised for short plain strings: a title is printed on many pages
    (an abstract, on one: caching those would only hold memory)."""
    return _escaped(value) if type(value) is str and len(value) <= 300 else finalize(value)


@functools.cache  # compiling the templates costs ~80 ms: once per process (mkdocs serve)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator.output", "templates"),
        autoescape=False,  # Markdown, not HTML: finalize escapes for both
        finalize=cached_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters["safe_url"] = safe_url
    env.filters["href"] = html_url
    env.filters["page_url"] = page_url
    env.filters["origin_label"] = lambda o: ORIGIN_LABELS.get(o, o)
    env.globals.update(
        marker=Markup(MARKER),
        html=lambda s: Markup(html_text(s)),
        date_key=lambda d: Markup("%d%04d%02d%02d" % dates.sort_key(d)),
        authors_short=exports.authors_short,
        has_code=exports.has_code,
    )
    return env


def find_links(p: Paper) -> list[tuple[str, Markup]]:
    """The "Find this paper" links: straight to arXiv, its PDF and Hugging Face when the
    arXiv id is known, else a search for the title on each engine of ``SEARCHES``."""
    if p.arxiv_id and ARXIV_ID_RE.fullmatch(p.arxiv_id):
        return [
            ("arXiv", Markup(f"https://arxiv.org/abs/{p.arxiv_id}")),
            ("PDF", Markup(f"https://arxiv.org/pdf/{p.arxiv_id}")),
            ("Hugging Face", Markup(f"https://huggingface.co/papers/{p.arxiv_id}")),
            ("Semantic Scholar", Markup(f"https://www.semanticscholar.org/arxiv/{p.arxiv_id}")),
        ]
    query = query_value(p.title)
    return [(name, Markup(base + query)) for name, base in SEARCHES.items()]


def page_url(link: str) -> Markup:
    """A raw-HTML link to a page or file of the site, written as a Markdown link is: the path of its
    source relative to this page's (``../topics/t.md``). Python-Markdown leaves raw HTML alone, so the
    MkDocs hook makes it the page's address and checks it exists (``mkdocs_hooks.py``); Zensical
    resolves such links itself."""
    return Markup(html_text(link))


def html_link(text: str, url: str) -> Markup:
    """An ``<a>`` to the http(s) ``url`` (else "#", as ``safe_url``), showing ``text``."""
    return Markup(f'<a href="{html_url(url)}">{md(text)}</a>')


def page_link(text: str, link: str) -> Markup:
    """An ``<a>`` to the page or file of the site at ``link`` (``page_url``), showing ``text``."""
    return Markup(f'<a href="{page_url(link)}">{md(text)}</a>')


def author_links(p: Paper, b: browse.Browse) -> Markup:
    """Every author of the paper, escaped, each linked to their page when they have one (HTML)."""
    return Markup(", ".join(
        page_link(name, "../" + browse.rel("author", slug)) if (slug := b.author_slug.get(name)) else md(name)
        for name in p.author_names
    ))


def paper_facts(p: Paper, b: browse.Browse) -> list[tuple[str, Markup]]:
    """What the listing tells of the paper beyond its text, each value escaped HTML."""
    facts: list[tuple[str, Markup]] = []
    if p.arxiv_id and ARXIV_ID_RE.fullmatch(p.arxiv_id):
        a = p.arxiv_id
        facts.append(("arXiv", Markup(" · ").join((html_link(a, f"https://arxiv.org/abs/{a}"),
                                                  html_link("PDF", f"https://arxiv.org/pdf/{a}"),
                                                  html_link("Hugging Face", f"https://huggingface.co/papers/{a}")))))
    if p.github:
        stars = "" if p.github_stars is None else f" · ★ {p.github_stars} star{'s' if p.github_stars != 1 else ''}"
        repo = p.github.removeprefix("https://").removeprefix("github.com/")
        facts.append(("Code", html_link(repo, p.github) + Markup(stars)))
    if p.project_page:
        facts.append(("Project page", html_link(p.project_page.removeprefix("https://"), p.project_page)))
    if p.date:
        day = browse.listing_day(p)
        shown = page_link(p.date, "../" + browse.rel("day", day.isoformat())) if day else Markup(md(p.date))
        facts.append(("Listed on Daily Papers", shown))
    if p.published:
        facts.append(("Published on arXiv", Markup(md(p.published))))
    if p.org:
        slug = b.org_slug.get(p.org.id)
        facts.append(("Organisation", page_link(p.org.name, "../" + browse.rel("org", slug)) if slug
                      else Markup(md(p.org.name))))
    if p.submitted_by:
        facts.append(("Submitted by", Markup(md(p.submitted_by))))
    return facts


class RelatedLink(NamedTuple):
    """A related paper as a paper page lists it: its fields printed as they are (and escaped)."""

    title: str
    slug: str
    tldr: str
    shared_terms: str
    score: str


def related_links(e: EnrichedPaper, by_slug: Mapping[str, EnrichedPaper]) -> list[RelatedLink]:
    """The related papers of ``e`` that are in the site, ready to print: the template's
    own attribute lookups and filters would cost more than the rest of the list."""
    links = []
    for r in e.related:
        if (other := by_slug.get(r.slug)) is not None:
            p = other.paper
            links.append(RelatedLink(p.title, p.slug, other.summary.tldr, ", ".join(r.shared_terms), "%.2f" % r.score))
    return links


def meta_line(e: EnrichedPaper) -> str:
    p = e.paper
    parts = []
    if p.authors is not None:
        parts.append(f"{p.authors} author{'s' if p.authors != 1 else ''}")
    if p.org:
        parts.append(p.org.name)
    if p.date:
        parts.append(p.date)
    if p.upvotes is not None:
        parts.append(f"▲ {p.upvotes} upvote{'s' if p.upvotes != 1 else ''}")
    if p.comments is not None:
        parts.append(f"{p.comments} comment{'s' if p.comments != 1 else ''}")
    return " · ".join(parts) or "No listing metadata"


class Pages(Mapping[str, Content]):
    """Every file of the site by relative path, each rendered when it is read.

    ``pipeline.write_pages`` renders one file at a time, roughly in this order, so a
    50,000-paper site is never in memory whole (the big exports are
    ``Chunks``, streamed too). Reading a page twice renders it twice.
    """

    def __init__(self) -> None:
        self._files: dict[str, Content | Callable[[], Content]] = {}

    def add(self, rel: str, content: Content | Callable[[], Content]) -> None:
        if rel in self._files:  # two pages cannot share a path: a bug of this stage, not bad input
            raise ValueError(f"{rel!r} is made twice")
        self._files[rel] = content

    def render(self, rel: str) -> Content:
        """The file at ``rel``, rendered now (again, if it was before)."""
        content = self._files[rel]
        return content() if callable(content) else content

    __getitem__ = render

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


def search_names(p: Paper) -> list[str]:
    """What only Pagefind indexes of a paper, weighted like its title (paper.md.j2): the title's names
    and their parts ("KV4" of W4A4KV4), and the exact-case aliases of the names in title and abstract."""
    names = [k for k in paper_names(p.title) if not k.startswith("repo:")]
    return [*names, *name_parts(p.title), *cased_aliases(f"{p.title} {p.abstract or ''}")]


def search_names_markup(p: Paper) -> Markup:
    """``search_names`` for the page's hidden element, HTML-escaped."""
    return Markup(html_text(" ".join(search_names(p))))


def render_site(site: Site, site_url: str | None = None, memo: dict[str, object] | None = None) -> Pages:
    """Every page and export of ``site``; ``site_url`` makes the exports' links absolute; ``memo``:
    what ``mkdocs serve`` keeps between builds (see ``reader.makers``)."""
    env = environment()
    topics = {t.slug: t for t in site.topics}
    pages = Pages()
    # The exports first: each is made when written (papers.json is ~160 MB at 50,000), and the
    # biggest files first let the two processes that write the site even out the rest with pages.
    for rel, make in exports.makers(site, site_url).items():
        pages.add(rel, make)
    for rel, make in reader.makers(site, memo).items():  # stars, "My list", "papers like this": atlas-reader.js
        pages.add(rel, make)
    pictures, chart_info = charts.render_charts(site)  # a few milliseconds: the pages need their captions
    by_slug = site.index

    def topic_names(e: EnrichedPaper) -> list[str]:
        return [topics[t].name for t in e.topics]

    tags = {t.slug: Markup(json.dumps(t.name, ensure_ascii=False)) for t in site.topics}  # front matter, as JSON

    paper_t = env.get_template("paper.md.j2")
    b = browse.index(site)  # days, weeks, months, authors, organisations: their pages and the papers' links

    def paper_page(e: EnrichedPaper) -> str:
        p = e.paper
        return paper_t.render(
            e=e,
            p=p,
            title_fm=front_matter_string(p.title),
            description_fm=front_matter_string(e.summary.tldr),
            topic_names=[tags[t] for t in e.topics],
            meta_line=meta_line(e),
            topics=[topics[t] for t in e.topics],
            related=related_links(e, by_slug),
            find_links=find_links(p),
            search_names=search_names_markup(p),
            authors=author_links(p, b),
            facts=paper_facts(p, b),
        )

    for e in site.papers:
        pages.add(f"papers/{e.paper.slug}.md", functools.partial(paper_page, e))

    counts = {t.slug: len(site.by_topic[t.slug]) for t in site.topics}
    topic_t = env.get_template("topic.md.j2")
    for t in site.topics:
        slugs = site.by_topic[t.slug]
        pages.add(f"topics/{t.slug}.md", functools.partial(
            topic_t.render,
            topic=t,
            title_fm=front_matter_string(t.name),
            description_fm=front_matter_string(t.description),
            count=len(slugs),
            shown=[by_slug[s] for s in slugs[:TOPIC_PAGE_LIMIT]],
            related_topics=[(topics[s], n) for s, n in site.related_topics[t.slug]],
        ))
    rows = sorted(((t, counts[t.slug]) for t in site.topics), key=lambda r: (-r[1], r[0].name))
    pages.add("papers/index.md", env.get_template("papers.md.j2").render(
        papers=sorted(site.papers, key=lambda e: (e.paper.title.casefold(), e.paper.slug))[:TABLE_PREVIEW],
        count=len(site.papers),
        topic_names=topic_names,
        description_fm=front_matter_string("Every paper of Paper Atlas in one sortable table"),
    ))

    pages.add("my-list.md", env.get_template("my-list.md.j2").render(
        description_fm=front_matter_string("The papers you starred, kept in your browser"),
    ))
    pages.add("like.md", env.get_template("like.md.j2").render(
        count=len(site.papers), top=reader.RESULTS,
        description_fm=front_matter_string("The papers of the atlas closest to any text you paste"),
    ))
    pages.add("topics/index.md", env.get_template("topics.md.j2").render(
        topics=site.topics, rows=rows, description_fm=front_matter_string("The topics of Paper Atlas"),
        topic_map=chart_info["topic_map"],
    ))
    upvoted = sorted(
        (e for e in site.papers if e.paper.upvotes), key=lambda e: (-(e.paper.upvotes or 0), e.paper.slug)
    )
    pages.add("index.md", env.get_template("home.md.j2").render(
        n_papers=len(site.papers),
        n_topics=len(site.topics),
        featured=[e for e in site.papers if e.featured],
        topic_rows=rows,
        newest=site.newest[:HOME_LIST],
        upvoted=upvoted[:HOME_LIST],
        description_fm=front_matter_string("Curated summaries of machine-learning papers"),
        timeline=chart_info["timeline"],
    ))
    for rel, svg in pictures.items():
        pages.add(rel, svg)
    for rel, make in browse.pages(site, b, env, site_url).items():
        pages.add(rel, make)
    return pages


__all__ = ["render_site", "Callable", "Topic"]
