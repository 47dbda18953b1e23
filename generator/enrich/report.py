"""Summary-quality figures over the enriched corpus (``python -m generator report``): summaries,
related papers against the reader's groups of ``tests/related_groups.yaml``, a random sample of TL;DRs."""

from __future__ import annotations

import random
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from generator.enrich.summarize import leaning_points, method_name, unfollowable
from generator.errors import AtlasError, Problem
from generator.models import EnrichedPaper, Site

DIGIT_RE = re.compile(r"\d")


@dataclass(frozen=True)
class Figures:
    papers: int
    tldr_words_median: float
    tldr_words_max: int
    methods: int  # papers whose title names a method
    tldr_names_method: float  # share of those whose TL;DR names it
    tldr_unfollowable: int  # TL;DRs in the first person or naming what they do not say ("these issues")
    with_numbers: int  # abstracts with digits
    numbers_found: float  # share of those with at least one key number
    key_points: int
    points_leaning: int  # key points on "these methods" whose sentence before no key point shows
    per_topic: dict[str, int]
    no_topic: int
    no_related: int

    def rows(self) -> list[tuple[str, str]]:
        rows = [
            ("papers", str(self.papers)),
            ("TL;DR words, median", f"{self.tldr_words_median:g}"),
            ("TL;DR words, max", str(self.tldr_words_max)),
            ("TL;DRs naming the method", f"{self.tldr_names_method:.0%} of {self.methods}"),
            ("TL;DRs with \"we\" or \"these ...\"", str(self.tldr_unfollowable)),
            ("abstracts with numbers: key numbers found", f"{self.numbers_found:.0%} of {self.with_numbers}"),
            ("key points on \"these ...\" said in none", f"{self.points_leaning} of {self.key_points}"),
            ("papers in no topic", f"{self.no_topic} ({self.no_topic / max(self.papers, 1):.1%})"),
            ("papers with no related paper", f"{self.no_related} ({self.no_related / max(self.papers, 1):.1%})"),
        ]
        rows += [(f"topic: {slug}", str(n)) for slug, n in sorted(self.per_topic.items(), key=lambda kv: (-kv[1], kv[0]))]
        return rows


def figures(site: Site) -> Figures:
    papers = site.papers
    words = [len(e.summary.tldr.split()) for e in papers] or [0]
    methods = [(e, m) for e in papers if (m := method_name(e.paper.title))]
    named = sum(1 for e, m in methods if m.casefold() in e.summary.tldr.casefold())
    numeric = [e for e in papers if e.paper.abstract and DIGIT_RE.search(e.paper.abstract)]
    found = sum(1 for e in numeric if e.summary.key_numbers)
    return Figures(
        papers=len(papers),
        tldr_words_median=statistics.median(words),
        tldr_words_max=max(words),
        methods=len(methods),
        tldr_names_method=named / len(methods) if methods else 1.0,
        tldr_unfollowable=sum(1 for e in papers if e.summary.origin.get("tldr") != "curated" and unfollowable(e.summary.tldr)),
        with_numbers=len(numeric),
        numbers_found=found / len(numeric) if numeric else 1.0,
        key_points=sum(len(e.summary.key_points) for e in papers),
        points_leaning=sum(
            leaning_points(e.paper.abstract, e.summary.key_points)
            for e in papers
            if e.paper.abstract and e.summary.origin.get("key_points") != "curated"
        ),
        per_topic={slug: len(s) for slug, s in site.by_topic.items()},
        no_topic=sum(1 for e in papers if not e.topics),
        no_related=sum(1 for e in papers if not e.related),
    )


# ------------------------------------------------- related papers, measured


Groups = dict[str, tuple[tuple[str, tuple[str, ...]], ...]]  # half -> (name, paper slugs) per group
HALVES = ("tuning", "held_back")


def parse_groups(data: object, where: str) -> Groups:
    """``tests/related_groups.yaml`` as ``Groups``; an ``AtlasError`` naming ``where`` when malformed."""
    if not isinstance(data, dict) or set(data) != set(HALVES):
        raise AtlasError(Problem(where, None, f"expected the two keys {', '.join(HALVES)}"))
    groups: Groups = {}
    for half in HALVES:
        items = data[half]
        if not isinstance(items, list):
            raise AtlasError(Problem(where, None, f"`{half}` must be a list of groups"))
        parsed = []
        for i, g in enumerate(items, 1):
            papers = g.get("papers") if isinstance(g, dict) else None
            if not isinstance(papers, list) or len(papers) < 2 or not all(isinstance(s, str) for s in papers):
                raise AtlasError(Problem(where, None, f"{half} group #{i} needs `papers`, a list of at least two slugs"))
            parsed.append((str(g.get("name", f"#{i}")), tuple(papers)))
        groups[half] = tuple(parsed)
    return groups


@dataclass(frozen=True)
class GroupScore:
    """How well related papers link the members of groups a reader expects linked.

    ``hit``: share of members with another member of their group among their
    related papers. ``recall``: per group, the mean share of the other members
    (at most as many as the list holds) a member's list shows; averaged over groups.
    """

    groups: int
    papers: int
    hit: float
    recall: float
    missing: tuple[str, ...]  # slugs not in the site


def score_groups(site: Site, groups: Sequence[tuple[str, Sequence[str]]], k: int = 5) -> GroupScore:
    index = site.index or {e.paper.slug: e for e in site.papers}
    missing = sorted({s for _, members in groups for s in members if s not in index})
    hits = members_seen = 0
    recalls: list[float] = []
    for _, members in groups:
        present = [s for s in members if s in index]
        if len(present) < 2:
            continue
        shares = []
        for s in present:
            shown = {r.slug for r in index[s].related[:k]}
            found = len(shown & set(present) - {s})
            hits += found > 0
            shares.append(found / min(k, len(present) - 1))
        members_seen += len(present)
        recalls.append(sum(shares) / len(shares))
    return GroupScore(
        groups=len(recalls),
        papers=members_seen,
        hit=hits / members_seen if members_seen else 0.0,
        recall=sum(recalls) / len(recalls) if recalls else 0.0,
        missing=tuple(missing),
    )


def group_rows(site: Site, groups: Groups) -> list[tuple[str, str]]:
    rows = []
    for half in HALVES:
        s = score_groups(site, groups[half])
        label = half.replace("_", "-")
        rows.append((f"related, {label} half: hit@5", f"{s.hit:.2f} ({s.papers} papers, {s.groups} groups)"))
        rows.append((f"related, {label} half: recall@5", f"{s.recall:.2f}"))
        if s.missing:
            rows.append((f"related, {label} half: slugs not in the site", ", ".join(s.missing)))
    return rows


def sample(site: Site, n: int, seed: int) -> list[EnrichedPaper]:
    """``n`` papers drawn at random (by ``seed``) from the papers in slug order: a reader's spot check."""
    papers = sorted(site.papers, key=lambda e: e.paper.slug)
    return random.Random(seed).sample(papers, min(n, len(papers)))
