"""Summary-quality figures over the enriched corpus (``python -m generator report``)."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from .enrich import Site
from .summarize import method_name

DIGIT_RE = re.compile(r"\d")


@dataclass(frozen=True)
class Figures:
    papers: int
    tldr_words_median: float
    tldr_words_max: int
    methods: int  # papers whose title names a method
    tldr_names_method: float  # share of those whose TL;DR names it
    with_numbers: int  # abstracts with digits
    numbers_found: float  # share of those with at least one key number
    per_topic: dict[str, int]
    no_topic: int
    no_related: int

    def rows(self) -> list[tuple[str, str]]:
        rows = [
            ("papers", str(self.papers)),
            ("TL;DR words, median", f"{self.tldr_words_median:g}"),
            ("TL;DR words, max", str(self.tldr_words_max)),
            ("TL;DRs naming the method", f"{self.tldr_names_method:.0%} of {self.methods}"),
            ("abstracts with numbers: key numbers found", f"{self.numbers_found:.0%} of {self.with_numbers}"),
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
        with_numbers=len(numeric),
        numbers_found=found / len(numeric) if numeric else 1.0,
        per_topic={slug: len(s) for slug, s in site.by_topic.items()},
        no_topic=sum(1 for e in papers if not e.topics),
        no_related=sum(1 for e in papers if not e.related),
    )
