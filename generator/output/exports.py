"""Machine-readable outputs: Atom feeds, papers.json, papers.bib, the table's data.

Pure functions: the enriched site in, ``{relative path: bytes}`` out (the two
big files as ``Chunks``, made a piece at a time as they are written). Nothing
depends on the clock: a feed's ``updated`` is the newest listing date that
has a year (or ``FALLBACK_DATE``), so an unchanged corpus gives unchanged
bytes. Links are absolute under ``site_url`` when it is known (feed readers
and aggregators cannot all resolve relative ones; see ``generator/siteurl.py``);
built without one, feed links are relative to the feed file (Atom resolves
them against the feed's own URL) and papers.json's to the site root, so the
files are right wherever the site is published.
"""

from __future__ import annotations

import functools
import json
import re
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timezone
from typing import NamedTuple

from jinja2 import Environment, PackageLoader, StrictUndefined, Template

from generator import dates
from generator.dates import newest_first as _newest_first
from generator.models import ARXIV_ID_RE, Chunks, EnrichedPaper, Paper, Site
from generator.output.escape import one_line

FEED_LIMIT = 50  # newest entries per feed
BATCH = 1000  # papers per chunk of papers.json and papers.bib
FALLBACK_DATE = datetime(2000, 1, 1, tzinfo=timezone.utc)  # when no listing date has a year
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/paper-atlas/paper-atlas")
HOWPUBLISHED = "Hugging Face Daily Papers"
# What XML 1.0 cannot hold at all, even escaped.
XML_INVALID_RE = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Characters LaTeX (and so BibTeX) reads as syntax, written as their text macros.
BIBTEX = {
    ord("\\"): r"\textbackslash{}",
    ord("{"): r"\{",
    ord("}"): r"\}",
    ord("%"): r"\%",
    ord("&"): r"\&",
    ord("#"): r"\#",
    ord("$"): r"\$",
    ord("_"): r"\_",
    ord("~"): r"\textasciitilde{}",
    ord("^"): r"\textasciicircum{}",
}
BIBTEX_RE = re.compile("[" + re.escape("".join(map(chr, BIBTEX))) + "]")
SIMPLE_SLUG_RE = re.compile(r"[^a-z0-9]+")


def link(site_url: str | None, rel: str, relative_base: str = "") -> str:
    """``rel`` (a path from the site root) under ``site_url``, or from ``relative_base`` without one."""
    return site_url + rel if site_url else relative_base + rel


def newest_first(papers: Sequence[EnrichedPaper]) -> list[EnrichedPaper]:
    return list(_newest_first(papers))


def snapshot_date(site: Site) -> datetime:
    """The newest listing date that has a year: what 'updated' means for this corpus."""
    known = [d for d in (dates.iso(e.paper.date) for e in site.papers) if d]
    return datetime.fromisoformat(max(known)).replace(tzinfo=timezone.utc) if known else FALLBACK_DATE


def xml_text(text: object) -> str:
    """One line of text that XML can hold (the template escapes & < > " ' itself)."""
    return XML_INVALID_RE.sub("", " ".join(str(text).split()))


def entry_id(slug: str) -> str:
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, 'papers/' + slug)}"


# ------------------------------------------------------------------ feeds


class FeedEntry(NamedTuple):
    id: str
    title: str
    href: str
    summary: str
    published: str | None
    categories: list[tuple[str, str]]  # (topic slug, topic name)


@functools.cache
def _feed_template() -> Template:
    """``templates/feed.xml.j2``, every value XML-escaped (as mkdocs-rss-plugin renders its feeds)."""
    env = Environment(
        loader=PackageLoader("generator.output", "templates"),
        autoescape=True,  # & < > " ' escaped: text and attribute values alike
        trim_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    return env.get_template("feed.xml.j2")


def atom_feed(
    site: Site, papers: Sequence[EnrichedPaper], *, name: str, title: str, subtitle: str, page: str,
    updated: datetime | None = None, site_url: str | None = None,
) -> bytes:
    """``feeds/<name>.xml``: the newest ``FEED_LIMIT`` papers, each with its TL;DR.

    ``page`` is the site page the feed belongs to, relative to the site root; ``updated``
    is ``snapshot_date(site)``, which a caller making many feeds works out once; every
    link is absolute under ``site_url`` when given, else relative to the feed.
    """
    topics = {t.slug: xml_text(t.name) for t in site.topics}
    entries = []
    for e in newest_first(papers)[:FEED_LIMIT]:
        p = e.paper
        iso = dates.iso(p.date)
        entries.append(
            FeedEntry(
                id=entry_id(p.slug),
                title=xml_text(p.title or p.title_raw or p.slug),
                href=link(site_url, f"papers/{p.slug}/", "../"),
                summary=xml_text(e.summary.tldr),
                published=_timestamp(datetime.fromisoformat(iso)) if iso else None,
                categories=[(t, topics[t]) for t in e.topics],
            )
        )
    return _feed_template().render(
        id=f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, 'feeds/' + name)}",
        title=xml_text(title),
        subtitle=xml_text(subtitle),
        updated=_timestamp(updated or snapshot_date(site)),
        page=link(site_url, page, "../"),
        feed_file=f"{site_url}feeds/{name}.xml" if site_url else f"{name}.xml",
        entries=entries,
    ).encode("utf-8")


def _timestamp(when: datetime) -> str:
    """RFC 3339, as Atom wants it: a naive date is taken as UTC."""
    return (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).isoformat()


# Material for MkDocs fetches sitemap.xml beside the target of every
# <link rel="alternate"> (meant for its language switcher): without this file
# each page would log a 404 for feeds/sitemap.xml. The feeds have no pages.
FEEDS_SITEMAP = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b"<!-- Empty on purpose: see generator/output/exports.py (FEEDS_SITEMAP). -->\n"
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)


# ---------------------------------------------------------- JSON and BibTeX


def paper_record(e: EnrichedPaper, site_url: str | None = None) -> dict[str, object]:
    """One paper of papers.json; ``url`` is absolute under ``site_url``, else from the site root."""
    p = e.paper
    return {
        "slug": p.slug,
        "url": link(site_url, f"papers/{p.slug}/"),
        "title": p.title,
        "date": p.date,
        "date_iso": dates.iso(p.date),
        "upvotes": p.upvotes,
        "comments": p.comments,
        "arxiv_id": p.arxiv_id,
        "authors": p.authors,
        "author_names": list(p.author_names),
        "published": p.published,
        "github": p.github,
        "github_stars": p.github_stars,
        "project_page": p.project_page,
        "submitted_by": p.submitted_by,
        "hf_ai_summary": p.ai_summary,
        "hf_ai_keywords": list(p.ai_keywords),
        "org": {"id": p.org.id, "name": p.org.name} if p.org else None,
        "topics": list(e.topics),
        "tldr": e.summary.tldr,
        "key_points": [{"label": label, "text": text} for label, text in e.summary.key_points],
        "key_numbers": [{"value": k.value, "context": k.context} for k in e.summary.key_numbers],
        "origin": dict(sorted(e.summary.origin.items())),
        "links": list(p.links),
        "related": [r.slug for r in e.related],
        "featured": e.featured,
        "note": e.note,
        "abstract": p.abstract,
    }


def papers_json(site: Site, site_url: str | None = None) -> Chunks:
    """``exports/papers.json``: every visible paper with its summary, by slug.

    Compact JSON with one topic or paper per line: small, and still greppable.
    Made a batch of papers at a time: the file is ~3 KB a paper.
    """

    def dump(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def chunks() -> Iterator[bytes]:
        topics = ",\n".join(dump({"slug": t.slug, "name": t.name, "description": t.description}) for t in site.topics)
        yield f'{{"name":"Paper Atlas","papers_count":{len(site.papers)},\n"topics":[\n{topics}\n],\n"papers":[\n'.encode()
        yield from _by_slug_in_batches(site, lambda e: dump(paper_record(e, site_url)), ",\n")
        yield b"\n]}\n"

    return Chunks(chunks)


def bibtex_text(text: object) -> str:
    """Text for a braced BibTeX field: every LaTeX special character as its macro."""
    return BIBTEX_RE.sub(lambda m: BIBTEX[ord(m[0])], one_line(str(text)))  # re.sub: ~5x faster than translate


def bibtex_name(name: str) -> str:
    """One author for BibTeX's ``and``-separated list: a name holding the word "and" is braced whole."""
    text = bibtex_text(name)
    return f"{{{text}}}" if re.search(r"\band\b", text, re.IGNORECASE) else text


def bibtex_entry(e: EnrichedPaper, site_url: str | None = None) -> str:
    """@misc, as arXiv's own export: authors, year (arXiv's, else the listing's), eprint when known; ``url``
    the paper's page here when ``site_url`` is known (a relative one would mean nothing in a bibliography),
    else arXiv's, the project's or the code's."""
    p = e.paper
    fields = [("title", bibtex_text(p.title or p.title_raw or p.slug))]
    if p.author_names:
        fields.append(("author", " and ".join(bibtex_name(n) for n in p.author_names)))
    fields.append(("howpublished", bibtex_text(HOWPUBLISHED)))
    year = next((d.year for d in map(dates.parse_date, (p.published, p.date)) if d and d.year), None)
    if year is not None:
        fields.append(("year", str(year)))
    arxiv = p.arxiv_id if p.arxiv_id and ARXIV_ID_RE.fullmatch(p.arxiv_id) else None
    if arxiv:
        fields += [("eprint", bibtex_text(arxiv)), ("archivePrefix", "arXiv")]
    if site_url:  # verbatim, as BibTeX's url field is read; siteurl.normalize left no brace or backslash in it
        fields.append(("url", f"{site_url}papers/{p.slug}/"))
    elif arxiv or p.project_page or p.github:
        fields.append(("url", bibtex_text(f"https://arxiv.org/abs/{arxiv}" if arxiv else p.project_page or p.github or "")))
    fields.append(("note", bibtex_text(e.summary.tldr)))
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@misc{{{p.slug},\n{body}\n}}\n"


def papers_bib(site: Site, site_url: str | None = None) -> Chunks:
    """``exports/papers.bib``: one @misc entry per paper; the key is the paper's slug."""

    def chunks() -> Iterator[bytes]:
        yield f"% Paper Atlas: {len(site.papers)} papers from {HOWPUBLISHED} listings.\n\n".encode("utf-8")
        yield from _by_slug_in_batches(site, functools.partial(bibtex_entry, site_url=site_url), "\n")

    return Chunks(chunks)


def _by_slug_in_batches(site: Site, text: Callable[[EnrichedPaper], str], sep: str) -> Iterator[bytes]:
    """``sep.join(text(e) for every paper by slug)``, encoded ``BATCH`` papers at a time."""
    papers = sorted(site.papers, key=lambda e: e.paper.slug)
    for start in range(0, len(papers), BATCH):
        joined = sep.join(text(e) for e in papers[start : start + BATCH])
        yield (sep + joined if start else joined).encode("utf-8")


# ------------------------------------------------------ the papers table


def simple_slug(title: str) -> str:
    """The slug docs/assets/atlas-table.js derives from an ASCII title (same rule)."""
    return SIMPLE_SLUG_RE.sub("-", title.lower()).strip("-")


def date_number(text: str | None) -> int:
    """1YYYYMMDD (9999 when the listing gave no year), 0 without a date: sorts like the site."""
    has, year, month, day = dates.sort_key(text)
    return has * 10**8 + year * 10**4 + month * 100 + day


CODE_HOSTS = ("https://github.com/", "https://gitlab.com/", "http://github.com/")


def has_code(p: Paper) -> bool:
    """A code repository is known: Hugging Face's GitHub link, or one in the abstract."""
    return bool(p.github) or any(url.startswith(CODE_HOSTS) for url in p.links)


def authors_short(p: Paper) -> str:
    """The authors as a list shows them: "A", "A and B" or "A et al."."""
    names = p.author_names
    if len(names) <= 2:
        return " and ".join(names)
    return f"{names[0]} et al."


def table_json(site: Site) -> bytes:
    """``papers/table.json``: what the all-papers table sorts and filters.

    One row per paper: [title, slug, date number, upvotes, topic indexes,
    authors ("A et al."), has code (1 or 0), GitHub stars].
    ``slug`` is a number n when the slug is the first n characters of the
    title's simple slug (ASCII titles only): most are, and it keeps the file
    about 40% smaller on a big corpus.
    """
    index = {t.slug: i for i, t in enumerate(site.topics)}
    rows = []
    for e in sorted(site.papers, key=lambda e: (e.paper.title.casefold(), e.paper.slug)):
        p = e.paper
        title = p.title or p.title_raw or p.slug
        derived = simple_slug(title) if title.isascii() else ""
        slug: str | int = len(p.slug) if derived[: len(p.slug)] == p.slug else p.slug
        rows.append([title, slug, date_number(p.date), p.upvotes, [index[t] for t in e.topics],
                     authors_short(p), int(has_code(p)), p.github_stars])
    doc = {"topics": [t.name for t in site.topics], "rows": rows}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def makers(site: Site, site_url: str | None = None) -> dict[str, Callable[[], bytes | Chunks]]:
    """Every export by path, each made only when called (the writer calls them one at a time).

    ``site_url``: the published site's address (``generator/siteurl.py``), or None for relative links.
    """
    files: dict[str, Callable[[], bytes | Chunks]] = {"feeds/sitemap.xml": lambda: FEEDS_SITEMAP}
    updated = snapshot_date(site)  # once, not once per feed: it reads every paper
    files["feeds/all.xml"] = functools.partial(
        atom_feed, site, site.papers, name="all", title="Paper Atlas: newest papers",
        subtitle="The newest papers of Paper Atlas, each with its one-sentence TL;DR.", page="", updated=updated,
        site_url=site_url,
    )
    for t in site.topics:
        papers = [site.index[s] for s in site.by_topic[t.slug] if s in site.index]
        files[f"feeds/{t.slug}.xml"] = functools.partial(
            atom_feed, site, papers, name=t.slug, title=f"Paper Atlas: {t.name}", subtitle=t.description,
            page=f"topics/{t.slug}/", updated=updated, site_url=site_url,
        )
    files["exports/papers.json"] = functools.partial(papers_json, site, site_url)
    files["exports/papers.bib"] = functools.partial(papers_bib, site, site_url)
    files["papers/table.json"] = functools.partial(table_json, site)
    return files


def render_exports(site: Site, site_url: str | None = None) -> dict[str, bytes]:
    """Every export, whole: for tests and small sites."""
    return {rel: bytes(make()) for rel, make in makers(site, site_url).items()}
