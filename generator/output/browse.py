"""Browsing pages: the papers of a listing day, week and month; of an author; of an organisation.

``index`` groups the enriched site once (pure, linear in the papers); ``pages``
renders each group's page and its Atom feed, made when written. The pages
stay out of the sidebar (mkdocs.yml ``not_in_nav``): in it, every page of the
site would list them all, and MkDocs' build would go quadratic.

Only listings that give a year make day, week and month pages: a year is
never invented.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from jinja2 import Environment
from slugify import slugify

from generator import dates
from generator.models import EnrichedPaper, Paper, Site
from generator.output import exports
from generator.output.escape import front_matter_string
from generator.output.exports import authors_short

MIN_PAPERS = 2  # an author or an organisation gets a page from this many papers
TOP = {"day": 0, "week": 10, "month": 10}  # "top papers" shown first (a day page lists all, most upvoted first)
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")
INDEX_DAYS = 14  # latest days listed on browse/index.md
INDEX_GROUPS = 200  # authors and organisations listed there (most papers first); paper pages link the rest
FOLDER = {"day": "days", "week": "weeks", "month": "months", "author": "authors", "org": "orgs"}


@dataclass(frozen=True)
class Period:
    """A listing day (2024-10-25), ISO week (2024-W43) or month (2024-10) and its papers."""

    kind: str
    key: str
    title: str
    papers: tuple[EnrichedPaper, ...]  # most upvoted first
    parts: tuple[str, ...] = ()  # the days of a week, the weeks of a month: keys, newest first


@dataclass(frozen=True)
class Group:
    """An author or an organisation with a page, and its papers newest first."""

    kind: str
    slug: str
    name: str
    papers: tuple[EnrichedPaper, ...]


@dataclass(frozen=True)
class Browse:
    days: tuple[Period, ...]  # newest first
    weeks: tuple[Period, ...]
    months: tuple[Period, ...]
    authors: tuple[Group, ...]  # most papers first
    orgs: tuple[Group, ...]
    author_slug: Mapping[str, str] = field(default_factory=dict)  # name -> slug, for those with a page
    org_slug: Mapping[str, str] = field(default_factory=dict)  # Org.id -> slug


def listing_day(p: Paper) -> date | None:
    """The listing date, when the listing gave its year."""
    d = dates.parse_date(p.date)
    if d is None or d.year is None:
        return None
    try:
        return date(d.year, d.month, d.day)
    except ValueError:  # "Feb 30, 2024" typed by hand
        return None


def week_key(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def most_upvoted(papers: Iterable[EnrichedPaper]) -> tuple[EnrichedPaper, ...]:
    return tuple(sorted(papers, key=lambda e: (-(e.paper.upvotes or 0), e.paper.title.casefold(), e.paper.slug)))


@functools.lru_cache(maxsize=1 << 16)
def name_slug(name: str) -> str:
    """The slug of an author's or organisation's page: python-slugify, never empty nor "index"."""
    slug = slugify(name, max_length=60, word_boundary=True) or "x" + name.encode("utf-8").hex()[:16]
    return slug + "-page" if slug == "index" else slug


def _groups(
    kind: str, members: Mapping[str, list[EnrichedPaper]], names: Mapping[str, str]
) -> list[tuple[str, Group]]:
    """(key, Group) per key with at least MIN_PAPERS papers (``members`` lists them newest first),
    most papers first; clashing slugs get a number."""
    groups: list[tuple[str, Group]] = []
    taken: set[str] = set()
    kept = [k for k, papers in members.items() if len(papers) >= MIN_PAPERS]
    for key in sorted(kept, key=lambda k: (-len(members[k]), names[k].casefold(), k)):
        papers = members[key]
        base = slug = name_slug(names[key])
        n = 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        groups.append((key, Group(kind, slug, names[key], tuple(papers))))
    return groups


def index(site: Site) -> Browse:
    """Every browsing group of the site, in one pass over the papers."""
    by_day: dict[date, list[EnrichedPaper]] = defaultdict(list)
    by_author: dict[str, list[EnrichedPaper]] = defaultdict(list)
    by_org: dict[str, list[EnrichedPaper]] = defaultdict(list)
    org_names: dict[str, str] = {}
    for e in site.newest:  # so every author's and organisation's list is newest first as it is made
        if (day := listing_day(e.paper)) is not None:
            by_day[day].append(e)
        for name in dict.fromkeys(e.paper.author_names):  # a name listed twice counts once
            by_author[name].append(e)
        if e.paper.org is not None:
            by_org[e.paper.org.id].append(e)
            org_names.setdefault(e.paper.org.id, e.paper.org.name or e.paper.org.id)
    days = sorted(by_day, reverse=True)
    by_week: dict[str, list[date]] = defaultdict(list)
    by_month: dict[str, list[str]] = defaultdict(list)
    for day in days:
        by_week[week_key(day)].append(day)
    for week in sorted(by_week, reverse=True):
        month = by_week[week][0].strftime("%Y-%m")  # a week belongs to the month of its newest listing day
        by_month[month].append(week)
    day_periods = tuple(
        Period("day", d.isoformat(), f"{MONTH_NAMES[d.month - 1]} {d.day}, {d.year}", most_upvoted(by_day[d]))
        for d in days
    )
    weeks = []
    for week in sorted(by_week, reverse=True):
        in_week = by_week[week]
        year, number = week.split("-W")
        monday = date.fromisocalendar(int(year), int(number), 1)
        title = f"Week {int(number)} of {year} ({_short(monday)} to {_short(monday + timedelta(days=6))})"
        weeks.append(Period("week", week, title, most_upvoted(e for d in in_week for e in by_day[d]),
                            tuple(d.isoformat() for d in in_week)))
    week_papers = {w.key: w.papers for w in weeks}
    months = tuple(
        Period("month", m, f"{MONTH_NAMES[int(m[5:]) - 1]} {m[:4]}",
               most_upvoted(e for w in by_month[m] for e in week_papers[w]), tuple(by_month[m]))
        for m in sorted(by_month, reverse=True)
    )
    authors = _groups("author", by_author, {name: name for name in by_author})
    orgs = _groups("org", by_org, org_names)
    return Browse(
        days=day_periods, weeks=tuple(weeks), months=months,
        authors=tuple(g for _, g in authors), orgs=tuple(g for _, g in orgs),
        author_slug={key: g.slug for key, g in authors}, org_slug={key: g.slug for key, g in orgs},
    )


def _short(d: date) -> str:
    return f"{MONTH_NAMES[d.month - 1][:3]} {d.day}"


def rel(kind: str, key: str) -> str:
    """The page of a group, relative to docs/."""
    return f"browse/{FOLDER[kind]}/{key}.md"


def feed_name(kind: str, key: str) -> str:
    return f"{kind}-{key}"


# ------------------------------------------------------------------ pages


def pages(
    site: Site, b: Browse, env: Environment, site_url: str | None = None
) -> dict[str, Callable[[], str | bytes]]:
    """Every browsing page and its feed, by path; each made when called (~1.2 files a paper: the
    writer renders them one at a time, in two processes). ``site_url`` makes the feeds' links absolute."""
    period_t = env.get_template("browse_period.md.j2")
    group_t = env.get_template("browse_group.md.j2")
    updated = exports.snapshot_date(site)
    parts = {p.key: p for p in (*b.days, *b.weeks)}

    def period_page(periods: tuple[Period, ...], i: int) -> str:
        period = periods[i]
        return period_t.render(
            period=period, newer=periods[i - 1] if i > 0 else None, older=periods[i + 1] if i + 1 < len(periods) else None,
            top=period.papers[: TOP[period.kind]], parts=[parts[k] for k in period.parts],
            part_folder="days" if period.kind == "week" else "weeks", feed=feed_name(period.kind, period.key),
            title_fm=front_matter_string(f"Papers of {period.title}"),
            description_fm=front_matter_string(f"The {len(period.papers)} papers listed in {period.title}"),
        )

    def group_page(group: Group) -> str:
        what = "by" if group.kind == "author" else "from"
        return group_t.render(
            group=group, feed=feed_name(group.kind, group.slug), title_fm=front_matter_string(group.name),
            description_fm=front_matter_string(f"The {len(group.papers)} papers {what} {group.name} in Paper Atlas"),
        )

    def feed(kind: str, key: str, title: str, subtitle: str, papers: Sequence[EnrichedPaper]) -> bytes:
        return exports.atom_feed(site, papers, name=feed_name(kind, key), title=f"Paper Atlas: {title}",
                                 subtitle=subtitle, page=rel(kind, key)[:-3] + "/", updated=updated, site_url=site_url)

    files: dict[str, Callable[[], str | bytes]] = {}
    for periods in (b.days, b.weeks, b.months):
        for i, period in enumerate(periods):
            files[rel(period.kind, period.key)] = functools.partial(period_page, periods, i)
            files[f"feeds/{feed_name(period.kind, period.key)}.xml"] = functools.partial(
                feed, period.kind, period.key, period.title, f"The papers listed in {period.title}.", period.papers)
    for group in (*b.authors, *b.orgs):
        files[rel(group.kind, group.slug)] = functools.partial(group_page, group)
        files[f"feeds/{feed_name(group.kind, group.slug)}.xml"] = functools.partial(
            feed, group.kind, group.slug, group.name,
            f"Papers {'by' if group.kind == 'author' else 'from'} {group.name}.", group.papers)
    files["browse/index.md"] = functools.partial(
        env.get_template("browse_index.md.j2").render, b=b, days_shown=INDEX_DAYS, groups_shown=INDEX_GROUPS,
        description_fm=front_matter_string("Papers by listing day, week and month, by author and by organisation"),
    )
    return files


__all__ = ["Browse", "Group", "Period", "index", "pages", "authors_short", "rel", "listing_day"]
