"""Corpus + taxonomy + curation -> everything the pages show.

Like MkDocs' build, the whole corpus is enriched in memory before anything
is rendered: related papers and topic indexes need every paper at once.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from generator.dates import newest_first
from generator.enrich.names import paper_names
from generator.enrich.summarize import summarize
from generator.enrich.topics import Keywords, keyword_assigner
from generator.models import CurationEntry, EnrichedPaper, Paper, Related, Site, Summary, Topic

MAX_TOPICS = 4
# Related papers: the worker finds CANDIDATES per paper (TF-IDF and names, see
# related.py); each pair sharing topics scores TOPIC_BONUS times the share of
# their topics in common more, and the best TOP_K are shown. Chosen on the
# tuning half of tests/related_groups.yaml.
CANDIDATES = 7  # 10 gained 0.01 of recall on the tuning half, for 40% more shared-term work
TOPIC_BONUS = 0.05
TOP_K = 5


def apply_summary_overrides(summary: Summary, cur: CurationEntry | None) -> Summary:
    """A curator's words win; ``origin`` records who wrote each field."""
    origin = {"tldr": "extracted", "key_points": "extracted", "key_numbers": "extracted", "links": "extracted"}
    origin.update(summary.origin)
    if cur is None:
        return replace(summary, origin=origin)
    tldr, points = summary.tldr, summary.key_points
    if cur.tldr:
        tldr, origin["tldr"] = cur.tldr, "curated"
    if cur.key_points is not None:
        points, origin["key_points"] = tuple(("Key point", p) for p in cur.key_points), "curated"
    return replace(summary, tldr=tldr, key_points=points, origin=origin)


def curated_topics(computed: Sequence[str], cur: CurationEntry | None) -> tuple[str, ...]:
    if cur is None:
        return tuple(computed)
    kept = [t for t in computed if t not in cur.remove_topics]
    added = [t for t in cur.add_topics if t not in kept]
    return tuple(added + kept)


def paper_text(p: Paper) -> str:
    """What similarity is computed on: the title counts twice."""
    return f"{p.title}. {p.title}. {p.abstract or ''}"


class PaperTexts(Sequence[str]):
    """``paper_text`` of each paper, made when read: all of them at once would be ~85 MB at 50,000 papers."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        self._papers = papers

    def __len__(self) -> int:
        return len(self._papers)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [paper_text(p) for p in self._papers[i]]
        return paper_text(self._papers[i])


def related_papers(
    texts: Sequence[str],
    keys: Sequence[str],
    names: Sequence[Sequence[str]] | None = None,
    titles: Sequence[str] | None = None,
    keywords: Sequence[Keywords] | None = None,
) -> list[tuple[Related, ...]]:
    """``related.related_papers``, imported when called: in the worker, not in the process that forks it."""
    from generator.enrich.related import related_papers as run

    return run(texts, keys, names, k=CANDIDATES, titles=titles, keywords=keywords)


def with_topics(
    candidates: Sequence[Related], topics: Sequence[str], topics_of: Mapping[str, Sequence[str]], k: int = TOP_K
) -> tuple[Related, ...]:
    """The best ``k`` candidates once pairs sharing topics score ``TOPIC_BONUS`` x their Jaccard more (slug breaks ties)."""
    mine = set(topics)

    def bonus(r: Related) -> float:
        theirs = set(topics_of.get(r.slug, ()))
        return TOPIC_BONUS * len(mine & theirs) / len(mine | theirs) if mine | theirs else 0.0

    scored = [replace(r, score=round(r.score + bonus(r), 4)) for r in candidates]
    return tuple(sorted(scored, key=lambda r: (-r.score, r.slug))[:k])


RelatedSearch = Callable[
    [Sequence[str], Sequence[str], Sequence[Sequence[str]], Sequence[str], Sequence[Keywords]], list[tuple[Related, ...]]
]
# Starts a related-papers search and returns the function that waits for its result:
# pipeline.py runs it in a forked process, so that it runs beside the summaries.
StartSearch = Callable[..., Callable[[], list]]  # (search, texts, slugs, names, titles, keywords) -> wait


def in_place(search: RelatedSearch, *args: Sequence) -> Callable[[], list]:
    """Run the search here and now (tests, one core)."""
    found = search(*args)
    return lambda: found


@dataclass
class Memo:
    """What ``mkdocs serve`` keeps between builds of one process, so that an edit of the curation or
    of a template does not redo the unchanged work: held by the MkDocs hook, empty for a plain build."""

    summaries: dict[tuple[str, str | None], Summary] = field(default_factory=dict)  # by (title, abstract)
    related: tuple[bytes, list[tuple[Related, ...]]] | None = None  # by a digest of the texts, names and slugs
    render: dict[str, object] = field(default_factory=dict)  # the render stage's (output/render.py)


def _related_key(
    texts: Sequence[str], keys: Sequence[str], names: Sequence[tuple[str, ...]], keywords: Sequence[Keywords]
) -> bytes:
    """A digest, not the texts: holding them would cost ~85 MB at 50,000 papers. The keywords
    change with the taxonomy, not only with the texts."""
    digest = hashlib.sha256()
    for text, key, ns, ks in zip(texts, keys, names, keywords):  # a text holds its title
        digest.update(f"{len(text)}:{text}{len(key)}:{key}{ns!r}{ks!r}".encode("utf-8", "surrogatepass"))
    return digest.digest()


def enrich(
    papers: Sequence[Paper],
    topics: Sequence[Topic],
    curation: Mapping[str, CurationEntry],
    start: StartSearch = in_place,
    memo: Memo | None = None,
) -> Site:
    """``start``: how the related-papers search runs (``pipeline`` forks it); ``memo``: kept by ``mkdocs serve``."""
    memo = memo or Memo()
    visible = sorted((p for p in papers if not (curation.get(p.slug) and curation[p.slug].hidden)), key=lambda p: p.slug)
    names = [paper_names(p.title, p.links) for p in visible]
    texts, slugs, titles = PaperTexts(visible), [p.slug for p in visible], [p.title for p in visible]
    assign = keyword_assigner(topics)  # topics here; their keywords count for related papers too
    assigned, keywords = zip(*(assign(p.title, p.abstract) for p in visible)) if visible else ((), ())
    key = _related_key(texts, slugs, names, keywords)  # a text holds its title
    known = memo.related[1] if memo.related is not None and memo.related[0] == key else None
    pending = start(related_papers, texts, slugs, names, titles, keywords) if known is None else (lambda: known)
    summaries = memo.summaries
    for p in visible:  # summaries here, meanwhile
        if (p.title, p.abstract) not in summaries:
            summaries[(p.title, p.abstract)] = summarize(p.title, p.abstract)
    related = pending()
    memo.related = (key, related)
    enriched: list[EnrichedPaper] = []
    final_topics: dict[str, tuple[str, ...]] = {}
    for paper, computed in zip(visible, assigned):
        cur = curation.get(paper.slug)
        final_topics[paper.slug] = curated_topics(computed, cur)[: MAX_TOPICS + len(cur.add_topics) if cur else MAX_TOPICS]
    for paper, rel in zip(visible, related):
        cur = curation.get(paper.slug)
        summary = apply_summary_overrides(summaries[(paper.title, paper.abstract)], cur)
        enriched.append(
            EnrichedPaper(
                paper=paper,
                summary=summary,
                topics=final_topics[paper.slug],
                related=with_topics(rel, final_topics[paper.slug], final_topics),
                featured=bool(cur and cur.featured),
                note=cur.note if cur else None,
            )
        )
    newest = newest_first(enriched)
    by_topic: dict[str, list[str]] = defaultdict(list)
    for e in newest:
        for t in e.topics:
            by_topic[t].append(e.paper.slug)
    shared: dict[str, Counter[str]] = defaultdict(Counter)
    for e in enriched:
        for a in e.topics:
            for b in e.topics:
                if a != b:
                    shared[a][b] += 1
    related_topics = {
        t.slug: tuple(sorted(shared[t.slug].items(), key=lambda kv: (-kv[1], kv[0]))[:5]) for t in topics
    }
    return Site(
        papers=tuple(enriched),
        topics=tuple(topics),
        by_topic={t.slug: tuple(by_topic.get(t.slug, ())) for t in topics},
        related_topics=related_topics,
        index={e.paper.slug: e for e in enriched},
    )
