"""The data model of Paper Atlas, in one place.

Every stage of the pipeline passes these frozen dataclasses; only
``storage/`` turns them into files and back. Slotted: a 50,000-paper site
holds ~600,000 of them, and a ``__dict__`` each would cost ~100 MB.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

# An arXiv identifier: new style (2312.00752, with an optional version) or old (hep-th/9901001, cs.LG/0101001).
ARXIV_ID_RE = re.compile(r"(?:\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?")


@dataclass(frozen=True, order=True, slots=True)
class Source:
    """Where an entry was read: a dump file (its name) and a 1-based line."""

    file: str
    line: int


@dataclass(frozen=True, slots=True)
class Org:
    """An organisation as the listing shows it: ``nvidia NVIDIA``."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One paper as one dump lists it, before cleaning and merging.

    Every field but the first three is what the listing shows of the paper,
    None (or empty) where it shows nothing.
    """

    title: str
    abstract: str | None
    source: Source
    authors: int | None = None  # the count ("8 authors"), or len(author_names)
    org: Org | None = None
    date: str | None = None  # listing date as shown ("Nov 2, 2024", "Jul 10") or ISO from the API
    upvotes: int | None = None
    comments: int | None = None  # the number after a card's date: it links to the discussion
    arxiv_id: str | None = None  # "2312.00752", from a huggingface.co/papers/ or arxiv.org link
    author_names: tuple[str, ...] = ()
    published: str | None = None  # "Published on ..." (the arXiv date)
    github: str | None = None  # https://github.com/owner/repo
    github_stars: int | None = None
    project_page: str | None = None
    submitted_by: str | None = None
    ai_summary: str | None = None  # Hugging Face's own AI summary: shown as theirs, never as ours
    ai_keywords: tuple[str, ...] = ()
    truncated: bool = False  # the paste ends inside this paper's abstract


@dataclass(frozen=True, slots=True)
class PaperDate:
    """A listing date; ``year`` stays None when the dump did not give one."""

    month: int
    day: int
    year: int | None = None


@dataclass(frozen=True, slots=True)
class Paper:
    """One unique paper of the corpus (``data/papers.yaml``)."""

    slug: str
    title: str
    abstract: str | None  # cleaned, readable Unicode
    abstract_raw: str | None  # as the dump gave it
    sources: tuple[Source, ...]
    authors: int | None = None
    org: Org | None = None
    date: str | None = None  # as the dump gives it ("Nov 2, 2024", "Jul 10")
    upvotes: int | None = None
    links: tuple[str, ...] = ()
    title_raw: str | None = None  # only kept when cleaning changed the title
    # What listings give beyond the text (see Entry); empty for most text dumps.
    comments: int | None = None
    arxiv_id: str | None = None
    author_names: tuple[str, ...] = ()
    published: str | None = None
    github: str | None = None
    github_stars: int | None = None
    project_page: str | None = None
    submitted_by: str | None = None
    ai_summary: str | None = None
    ai_keywords: tuple[str, ...] = ()
    truncated: bool = False  # the abstract ends where a paste was cut off


@dataclass(frozen=True, slots=True)
class Topic:
    """A hand-curated topic of ``data/topics.yaml``."""

    slug: str
    name: str
    description: str
    keywords: tuple[str, ...]  # regular expressions, matched case-insensitively


@dataclass(frozen=True, slots=True)
class KeyNumber:
    """A quantified claim: ``value`` is verbatim text of the abstract."""

    value: str
    context: str  # the clause of the abstract it comes from


@dataclass(frozen=True, slots=True)
class Summary:
    """What a reader needs in 20 seconds; ``origin`` says who wrote each field."""

    tldr: str
    key_points: tuple[tuple[str, str], ...]  # (label, text): problem, approach, results
    key_numbers: tuple[KeyNumber, ...]
    origin: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class Related:
    """A similar paper, with the score and the terms that make it similar."""

    slug: str
    score: float
    shared_terms: tuple[str, ...]

    def __reduce__(self):  # pickled by its fields: a third of the time through the worker's pipe
        return (Related, (self.slug, self.score, self.shared_terms))


@dataclass(frozen=True, slots=True)
class CurationEntry:
    """Hand overrides for one paper (``data/curation.yaml``)."""

    slug: str
    tldr: str | None = None
    key_points: tuple[str, ...] | None = None
    add_topics: tuple[str, ...] = ()
    remove_topics: tuple[str, ...] = ()
    featured: bool = False
    hidden: bool = False
    note: str | None = None
    line: int | None = None  # where the entry starts in curation.yaml


@dataclass(frozen=True, slots=True)
class EnrichedPaper:
    """A paper with everything the pages show about it."""

    paper: Paper
    summary: Summary
    topics: tuple[str, ...]  # topic slugs, best match first
    related: tuple[Related, ...]
    featured: bool = False
    note: str | None = None


@dataclass(frozen=True)
class Site:
    """The enriched corpus: visible papers (by slug) and topic indexes."""

    papers: tuple[EnrichedPaper, ...]
    topics: tuple[Topic, ...]
    by_topic: Mapping[str, tuple[str, ...]]  # topic slug -> paper slugs, newest first
    related_topics: Mapping[str, tuple[tuple[str, int], ...]]  # -> (topic, shared papers)
    index: Mapping[str, EnrichedPaper] = field(default_factory=dict)

    @functools.cached_property
    def newest(self) -> tuple[EnrichedPaper, ...]:
        """Papers newest first (slug breaks ties): topic indexes, feeds and the home page."""
        from generator.dates import newest_first  # dates reads into PaperDate: imported here, not at the top

        return newest_first(self.papers)


# The mark of a generated page: the docs writer replaces only files that carry it.
MARKER = "<!-- generated by Paper Atlas from data/: edit data/, not this file -->"
# Slugs that name a list page of their folder (papers/index.md, topics/index.md): never a paper's or a topic's.
RESERVED_SLUGS = frozenset({"index"})


class Chunks:
    """A file's bytes, made a piece at a time each time it is iterated.

    What a big export is (``exports/papers.json`` is ~160 MB at 50,000
    papers): the docs writer streams it, so it is never whole in memory.
    ``bytes(chunks)`` joins it, for tests and small files.
    """

    def __init__(self, make: Callable[[], Iterable[bytes]]) -> None:
        self._make = make

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._make())

    def __bytes__(self) -> bytes:
        return b"".join(self)


Content = str | bytes | Chunks  # a file of the site, as the output stage makes it
