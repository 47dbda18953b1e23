"""Enriched site -> Markdown pages (relative path -> text), from Jinja2 templates.

Everything a template prints is escaped by ``escape.finalize`` unless it is
Markup built here from trusted parts, so corpus text can never become
Markdown or HTML structure.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from . import charts, dates, exports, parallel
from .enrich import Site
from .escape import finalize, front_matter_string, html_text, query_url, safe_url
from .models import EnrichedPaper, Topic
from .store import MARKER

TOPIC_PAGE_LIMIT = 200  # a topic page lists its newest papers; the table has all
HOME_LIST = 8
TABLE_PREVIEW = 50  # rows of the papers table in the HTML itself; the script loads them all
ORIGIN_LABELS = {"curated": "Curated by hand", "extracted": "Extracted from the abstract"}


@functools.lru_cache(maxsize=1 << 17)
def _escaped(text: str) -> str:
    return finalize(text)


def cached_finalize(value: object) -> str:
    """``escape.finalize``, memoised for plain strings: a title is printed on many pages."""
    return _escaped(value) if type(value) is str else finalize(value)


@functools.cache  # compiling the templates costs ~80 ms: once per process (mkdocs serve)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        autoescape=False,  # Markdown, not HTML: finalize escapes for both
        finalize=cached_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters["safe_url"] = safe_url
    env.globals.update(
        marker=Markup(MARKER),
        html=lambda s: Markup(html_text(s)),
        origin_label=lambda o: ORIGIN_LABELS.get(o, o),
        date_key=lambda d: Markup("%d%04d%02d%02d" % dates.sort_key(d)),
    )
    return env


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
    return " · ".join(parts) or "No listing metadata"


def _pictures_and_exports(site: Site) -> tuple[dict[str, bytes], dict[str, charts.Chart], dict[str, str | bytes]]:
    """The half of rendering that is not Markdown pages, run beside them (see ``parallel``)."""
    pictures, chart_info = charts.render_charts(site)
    return pictures, chart_info, exports.render_exports(site)


def render_site(site: Site) -> dict[str, str | bytes]:
    env = environment()
    topics = {t.slug: t for t in site.topics}
    pages: dict[str, str | bytes] = {}
    other_files = parallel.background(_pictures_and_exports, site)
    by_slug = site.index

    def topic_names(e: EnrichedPaper) -> list[str]:
        return [topics[t].name for t in e.topics]

    paper_t = env.get_template("paper.md.j2")
    for e in site.papers:
        p = e.paper
        pages[f"papers/{p.slug}.md"] = paper_t.render(
            e=e,
            p=p,
            title_fm=front_matter_string(p.title),
            description_fm=front_matter_string(e.summary.tldr),
            topic_names=[Markup(json.dumps(n, ensure_ascii=False)) for n in topic_names(e)],
            meta_line=meta_line(e),
            topics=[topics[t] for t in e.topics],
            related=[(r, by_slug[r.slug]) for r in e.related if r.slug in by_slug],
            arxiv_url=query_url("https://arxiv.org/search/?searchtype=title&query=", p.title),
            hf_url=query_url("https://huggingface.co/papers?q=", p.title),
            s2_url=query_url("https://www.semanticscholar.org/search?q=", p.title),
        )

    pictures, chart_info, exported = other_files()
    counts = {t.slug: len(site.by_topic[t.slug]) for t in site.topics}
    topic_t = env.get_template("topic.md.j2")
    for t in site.topics:
        slugs = site.by_topic[t.slug]
        pages[f"topics/{t.slug}.md"] = topic_t.render(
            topic=t,
            title_fm=front_matter_string(t.name),
            description_fm=front_matter_string(t.description),
            count=len(slugs),
            shown=[by_slug[s] for s in slugs[:TOPIC_PAGE_LIMIT]],
            related_topics=[(topics[s], n) for s, n in site.related_topics[t.slug]],
        )
    rows = sorted(((t, counts[t.slug]) for t in site.topics), key=lambda r: (-r[1], r[0].name))
    pages["topics/index.md"] = env.get_template("topics.md.j2").render(
        topics=site.topics, rows=rows, description_fm=front_matter_string("The topics of Paper Atlas"),
        topic_map=chart_info["topic_map"],
    )
    newest = site.newest
    pages["papers/index.md"] = env.get_template("papers.md.j2").render(
        papers=sorted(site.papers, key=lambda e: (e.paper.title.casefold(), e.paper.slug))[:TABLE_PREVIEW],
        count=len(site.papers),
        topic_names=topic_names,
        description_fm=front_matter_string("Every paper of Paper Atlas in one sortable table"),
    )
    upvoted = sorted(
        (e for e in site.papers if e.paper.upvotes), key=lambda e: (-(e.paper.upvotes or 0), e.paper.slug)
    )
    pages["index.md"] = env.get_template("home.md.j2").render(
        n_papers=len(site.papers),
        n_topics=len(site.topics),
        featured=[e for e in site.papers if e.featured],
        topic_rows=rows,
        newest=newest[:HOME_LIST],
        upvoted=upvoted[:HOME_LIST],
        description_fm=front_matter_string("Curated summaries of machine-learning papers"),
        timeline=chart_info["timeline"],
    )
    pages.update(pictures)
    pages.update(exported)
    return pages


__all__ = ["render_site", "Callable", "Topic"]
