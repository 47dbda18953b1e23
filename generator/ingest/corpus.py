"""Entries of many dumps -> the corpus: cleaned, merged, slugged, sorted.

A paper is identified by its arXiv id where a listing gives one, else by
its normalised title *and* its abstract, because two different papers may
share a title. Entries of one paper found in
several dumps are merged into one record that keeps every source and the
richest metadata.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from slugify import slugify

from generator.ingest.clean import clean_text, extract_links
from generator.models import RESERVED_SLUGS, Entry, Paper

SLUG_MAX = 80
SUFFIX = 8  # hex digits of the identity that tell two papers of one title apart



# The ASCII characters that are not letters or digits: what ``_alnum`` drops of ASCII text.
_ASCII_NOT_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum())


def _alnum(text: str) -> str:
    """Letters and digits only, NFKC-normalised and case-folded.

    ASCII text (nearly every title and abstract) takes a path ~15x faster
    with the same result: NFKC leaves ASCII unchanged, ``casefold`` lowers
    only A-Z in it, and ``isalnum`` holds only for [0-9A-Za-z] there
    (tests/test_corpus.py checks every ASCII character).
    """
    if text.isascii():
        return text.encode("ascii").lower().translate(None, _ASCII_NOT_ALNUM).decode("ascii")
    return _alnum_general(text)


def _alnum_general(text: str) -> str:
    """``_alnum`` of any text (``str.isalnum`` is several times faster than a regex)."""
    return "".join(filter(str.isalnum, unicodedata.normalize("NFKC", text).casefold()))


def title_key(title: str) -> str:
    """What two listings of one title have in common: case and punctuation aside."""
    return title_key_of(title, text_key(title))


def title_key_of(title: str, key: str) -> str:
    """``title_key`` of a title whose ``text_key`` is already known (a title of no letter
    or digit, emoji only say, is keyed by itself)."""
    return key or title.strip()


def text_key(text: str | None) -> str:
    return _alnum(text or "")


def identity(title: str, abstract: str | None) -> str:
    """Stable id of a paper (title and abstract): what the slug ledger matches.

    Whole SHA-1, not the 8-digit slug suffix: among 50,000 papers two share
    a suffix about one time in four, and a ledger keyed by it would swap
    their slugs on every ingest.
    """
    return identity_of_keys(title_key(title), text_key(abstract))


def identity_of_keys(title_key: str, abstract_key: str) -> str:
    """``identity`` of a paper whose ``title_key`` and abstract's ``text_key`` are already known."""
    return hashlib.sha1(f"{title_key}\n{abstract_key}".encode()).hexdigest()


def base_slug(title: str) -> str:
    """python-slugify of the title; never empty (emoji-only titles get a hash)."""
    slug = slugify(title, max_length=SLUG_MAX, word_boundary=True, save_order=True)
    if slug in RESERVED_SLUGS:  # papers/index.md is the papers table
        slug += "-paper"
    return slug or "paper-" + hashlib.sha1(title.encode()).hexdigest()[:8]


@dataclass(frozen=True)
class CorpusStats:
    entries: int
    papers: int
    merged: int


def _group(
    entries: Iterable[Entry], abstract_key: Callable[[str], str | bytes], key_of_title: Callable[[str], str] = title_key
) -> list[list[Entry]]:
    """Entries grouped by paper: same arXiv id; else same title key, and same abstract (or none).

    A listing without an arXiv id joins the arXiv paper of its title (a text
    dump and the API's JSON of one paper); two arXiv ids are two papers,
    whatever their titles.
    """
    by_arxiv: dict[str, list[Entry]] = {}
    by_title: dict[str, list[Entry]] = defaultdict(list)
    arxiv_of_title: dict[str, str] = {}
    ordered = sorted(entries, key=lambda e: e.source)
    for entry in ordered:
        if entry.arxiv_id:
            by_arxiv.setdefault(entry.arxiv_id, []).append(entry)
            arxiv_of_title.setdefault(key_of_title(entry.title), entry.arxiv_id)
    for entry in ordered:
        if entry.arxiv_id:
            continue
        key = key_of_title(entry.title)
        if key in arxiv_of_title:
            by_arxiv[arxiv_of_title[key]].append(entry)
        else:
            by_title[key].append(entry)
    groups: list[list[Entry]] = [sorted(group, key=lambda e: e.source) for group in by_arxiv.values()]
    for same_title in by_title.values():
        clusters: dict[str | bytes, list[Entry]] = {}
        orphans: list[Entry] = []
        for entry in same_title:
            if entry.abstract is None:
                orphans.append(entry)
            else:
                clusters.setdefault(abstract_key(entry.abstract), []).append(entry)
        if clusters:
            # A listing without an abstract is the same paper as the first one with it.
            next(iter(clusters.values())).extend(orphans)
        elif orphans:
            clusters[""] = orphans
        groups.extend(clusters.values())
    return groups


def _first(values: Iterable):
    return next((v for v in values if v is not None), None)


def _richest_date(entries: list[Entry]) -> str | None:
    """The date with a year if any listing has one."""
    dates = [e.date for e in entries if e.date]
    return max(dates, key=lambda d: ("," in d, len(d)), default=None)


def _most(values: Iterable[int | None]) -> int | None:
    """The highest count seen (counts only grow between listings), or None."""
    return max((v for v in values if v is not None), default=None)


def _abstract_of(entries: list[Entry]) -> tuple[str | None, bool]:
    """The first whole abstract; a cut-off one only when no listing has it whole."""
    whole = _first(e.abstract for e in entries if not e.truncated)
    if whole is not None:
        return whole, False
    cut = _first(e.abstract for e in entries)
    return cut, cut is not None


def merge(entries: list[Entry], slug: str, clean: Callable[[str], str] = clean_text) -> Paper:
    """One paper from its listings (sorted by source)."""
    entries = sorted(entries, key=lambda e: e.source)
    title_raw = entries[0].title
    abstract_raw, truncated = _abstract_of(entries)
    title = clean(title_raw) or title_raw  # "$$" cleans to nothing: keep what was listed
    abstract = clean(abstract_raw) if abstract_raw is not None else None
    names = max((e.author_names for e in entries), key=len)
    github = _first(e.github for e in entries)
    return Paper(
        slug=slug,
        title=title,
        title_raw=title_raw if title_raw != title else None,
        abstract=abstract,
        abstract_raw=abstract_raw,
        sources=tuple(sorted({e.source for e in entries})),
        authors=_most([*(e.authors for e in entries), len(names) or None]),
        org=_first(e.org for e in entries),
        date=_richest_date(entries),
        upvotes=_most(e.upvotes for e in entries),
        links=extract_links(abstract_raw) if abstract_raw else (),
        comments=_most(e.comments for e in entries),
        arxiv_id=_first(e.arxiv_id for e in entries),
        author_names=names,
        published=_first(e.published for e in entries),
        github=github,
        github_stars=_most(e.github_stars for e in entries if e.github == github),
        project_page=_first(e.project_page for e in entries),
        submitted_by=_first(e.submitted_by for e in entries),
        ai_summary=_first(e.ai_summary for e in entries),
        ai_keywords=next((e.ai_keywords for e in entries if e.ai_keywords), ()),
        truncated=truncated,
    )


def assign_slugs(
    groups: list[list[Entry]],
    previous: Mapping[str, str],
    ident: Callable[[str, str | None], str] = identity,
    key_of_title: Callable[[str], str] = title_key,
) -> list[tuple[str, list[Entry]]]:
    """A slug per group: kept from the previous corpus, else the title's, else suffixed.

    ``previous`` maps identity (or title key) -> slug of the last corpus, so
    adding a dump never renames a paper. New papers are slugged in identity
    order, which makes the suffixes independent of dump order.
    """
    taken: set[str] = set()
    slugged: dict[int, str] = {}
    idents = [ident(g[0].title, _abstract_of(g)[0]) for g in groups]
    arxiv = [_first(e.arxiv_id for e in g) for g in groups]
    # Exact matches first (the arXiv id, else title and abstract), so a namesake
    # can never take an old paper's slug...
    for i, ident in enumerate(idents):
        old = previous.get("arxiv:" + arxiv[i]) if arxiv[i] else None
        old = old if old and old not in taken else previous.get(ident)
        if old and old not in taken:
            taken.add(old)
            slugged[i] = old
    # ...then papers whose abstract changed keep their slug through their title.
    pending: list[tuple[str, int]] = []
    for i, ident in enumerate(idents):
        if i in slugged:
            continue
        old = previous.get("title:" + key_of_title(groups[i][0].title))
        if old and old not in taken:
            taken.add(old)
            slugged[i] = old
        else:
            pending.append((ident, i))
    for ident, i in sorted(pending):
        base = base_slug(groups[i][0].title)
        suffix = ident[:SUFFIX]
        slug = base if base not in taken else f"{base}-{suffix}"
        n = 2
        while slug in taken:
            slug, n = f"{base}-{suffix}-{n}", n + 1
        taken.add(slug)
        slugged[i] = slug
    return [(slugged[i], group) for i, group in enumerate(groups)]


def previous_slugs(papers: Iterable[Paper]) -> dict[str, str]:
    """The identity -> slug ledger of an existing corpus (title key as fallback)."""
    ledger: dict[str, str] = {}
    titles: dict[str, list[str]] = defaultdict(list)
    for p in papers:
        key = title_key(p.title_raw or p.title)
        ledger[identity_of_keys(key, text_key(p.abstract_raw))] = p.slug
        if p.arxiv_id:
            ledger["arxiv:" + p.arxiv_id] = p.slug
        titles[key].append(p.slug)
    for key, slugs in titles.items():
        if len(slugs) == 1:  # an ambiguous title cannot vouch for a slug
            ledger["title:" + key] = slugs[0]
    return ledger


class _Prepared(NamedTuple):
    """What the corpus needs of one distinct title or abstract (a tuple: cheap to send back from the worker)."""

    clean: str
    clean_key: bytes  # SHA-1 of the text_key of the cleaned text: what groups listings
    raw_key: str  # text_key of the text as listed: what identities hash


MapTexts = Callable[[Callable[[str], _Prepared], list[str]], list[_Prepared]]


def _prepare(raw: str) -> _Prepared:
    cleaned = clean_text(raw)
    # Grouping needs only equality: a digest, not a third copy of every abstract.
    return _Prepared(cleaned, hashlib.sha1(text_key(cleaned).encode("utf-8", "surrogatepass")).digest(), text_key(raw))


def _map_here(fn: Callable[[str], _Prepared], items: list[str]) -> list[_Prepared]:
    return [fn(x) for x in items]


def build_corpus(
    entries: list[Entry], previous: Mapping[str, str] | None = None, map_texts: MapTexts = _map_here
) -> tuple[list[Paper], CorpusStats]:
    """The sorted, de-duplicated corpus of all entries; ``previous`` is the last corpus's ``previous_slugs``.

    ``map_texts(fn, texts)``: ``[fn(t) for t in texts]``, however it runs (``pipeline`` splits it over two processes).
    """
    # Each distinct title and abstract is cleaned and keyed once.
    texts = sorted({e.title for e in entries} | {e.abstract for e in entries if e.abstract is not None})
    prepared = dict(zip(texts, map_texts(_prepare, texts)))

    def clean(raw: str) -> str:
        return prepared[raw].clean

    def key_of_title(title: str) -> str:  # title_key(title), from the text_key already made
        return title_key_of(title, prepared[title].raw_key)

    def ident(title: str, abstract: str | None) -> str:
        return identity_of_keys(key_of_title(title), prepared[abstract].raw_key if abstract is not None else "")

    groups = _group(entries, lambda raw: prepared[raw].clean_key, key_of_title)
    slugged = assign_slugs(groups, previous or {}, ident, key_of_title)
    papers = [merge(group, slug, clean) for slug, group in slugged]
    papers.sort(key=lambda p: p.slug)
    return papers, CorpusStats(entries=len(entries), papers=len(papers), merged=len(entries) - len(papers))
