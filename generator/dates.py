"""Listing dates as the dumps give them ("Nov 2, 2024", "Jul 10")."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from generator.models import EnrichedPaper, PaperDate

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DATE_RE = re.compile(r"^(" + "|".join(MONTHS) + r")[a-z]*\.? (\d{1,2})(?:, (\d{4}))?$")


@functools.lru_cache(maxsize=1 << 16)  # a corpus has few distinct dates
def parse_date(text: str | None) -> PaperDate | None:
    """The parts of a listing date; the year stays None when the listing omits it."""
    m = DATE_RE.match(text or "")
    if not m:
        return None
    return PaperDate(month=MONTHS.index(m[1]) + 1, day=int(m[2]), year=int(m[3]) if m[3] else None)


@functools.lru_cache(maxsize=1 << 16)  # a corpus has few distinct dates
def sort_key(text: str | None) -> tuple[int, int, int, int]:
    """Newest-first key (use with reverse=True).

    Hugging Face omits the year for the current year's listings, so a date
    without a year sorts as newer than any dated one; undated papers last.
    The year itself is never invented: it is only ordering.
    """
    d = parse_date(text)
    if d is None:
        return (0, 0, 0, 0)
    return (1, d.year if d.year is not None else 9999, d.month, d.day)


@functools.lru_cache(maxsize=1 << 16)  # a corpus has few distinct dates
def iso(text: str | None) -> str | None:
    """ISO date for feeds and exports, only when the listing gave a year."""
    d = parse_date(text)
    if d is None or d.year is None:
        return None
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def newest_first(papers: Sequence[EnrichedPaper]) -> tuple[EnrichedPaper, ...]:
    """Newest first by listing date, the slug breaking ties."""
    return tuple(sorted(papers, key=lambda e: (sort_key(e.paper.date), e.paper.slug), reverse=True))
