"""Build-time pictures as static SVG: papers per year, and the map of topics.

Each picture comes in a light and a dark variant; the pages pick one with
Material's ``#only-light`` / ``#only-dark`` image suffixes. Backgrounds are
transparent, so either sits on its palette's page colour.

The bytes are deterministic: a fixed ``svg.hashsalt`` names clip paths, no
``Date`` metadata is written, and text is drawn as glyph paths from the
DejaVu Sans that ships with matplotlib (no system font is looked up).
Pure functions: data in, ``{relative path: bytes}`` out.
"""

from __future__ import annotations

import io
import math
from collections import Counter
from dataclasses import dataclass

from markupsafe import Markup

from . import dates
from .enrich import Site

TOP_TOPICS = 7  # the timeline stacks this many topics, then "Other topics" and "No topic"
MIN_SHARED = 2  # the topic map joins topics that share at least this many papers
# Okabe-Ito colours (safe for colour-blind readers), legible on white and on slate.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
OTHER, NONE = "#8c8c8c", "#c4c4c4"
RC = {
    "svg.hashsalt": "paper-atlas",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 11,
    "axes.unicode_minus": False,
}


@dataclass(frozen=True)
class Theme:
    text: str
    muted: str
    grid: str
    node: str
    edge: str


THEMES = {
    "light": Theme(text="#1f2328", muted="#57606a", grid="#d0d7de", node="#3f51b5", edge="#5c6bc0"),
    "dark": Theme(text="#e6e8ec", muted="#a3abb8", grid="#3d4450", node="#8c9eff", edge="#7986cb"),
}


@dataclass(frozen=True)
class Timeline:
    """Papers per listing year, stacked by each paper's first (best) topic."""

    years: tuple[int, ...]
    series: tuple[tuple[str, tuple[int, ...]], ...]  # (label, count per year), bottom first
    dated: int
    no_year: int  # listed with a day and month only
    no_date: int  # listed without any date

    @property
    def left_out(self) -> int:
        return self.no_year + self.no_date


@dataclass(frozen=True)
class TopicMap:
    nodes: tuple[tuple[str, str, int], ...]  # (slug, name, papers), in circle order
    edges: tuple[tuple[str, str, int], ...]  # (slug, slug, shared papers), strongest first


def timeline_data(site: Site) -> Timeline:
    names = {t.slug: t.name for t in site.topics}
    per_year: dict[int, Counter[str]] = {}
    no_year = no_date = 0
    for e in site.papers:
        d = dates.parse_date(e.paper.date)
        if d is None:
            no_date += 1
        elif d.year is None:
            no_year += 1
        else:
            label = names[e.topics[0]] if e.topics else "No topic"
            per_year.setdefault(d.year, Counter())[label] += 1
    totals = sum(per_year.values(), Counter())
    ranked = sorted((n for n in totals if n != "No topic"), key=lambda n: (-totals[n], n))
    top, rest = ranked[:TOP_TOPICS], set(ranked[TOP_TOPICS:])
    years = tuple(range(min(per_year), max(per_year) + 1)) if per_year else ()
    series = [(n, tuple(per_year.get(y, Counter())[n] for y in years)) for n in top]
    if rest:
        series.append(("Other topics", tuple(sum(per_year.get(y, Counter())[n] for n in rest) for y in years)))
    if totals["No topic"]:
        series.append(("No topic", tuple(per_year.get(y, Counter())["No topic"] for y in years)))
    return Timeline(years, tuple(series), sum(totals.values()), no_year, no_date)


def topic_map_data(site: Site) -> TopicMap:
    counts = Counter(t for e in site.papers for t in e.topics)
    shared: Counter[tuple[str, str]] = Counter()
    for e in site.papers:
        ts = sorted(set(e.topics))
        shared.update((a, b) for i, a in enumerate(ts) for b in ts[i + 1 :])
    edges = sorted(((a, b, n) for (a, b), n in shared.items() if n >= MIN_SHARED), key=lambda x: (-x[2], x[0], x[1]))
    names = {t.slug: t.name for t in site.topics}
    order = _circle_order([t.slug for t in site.topics], shared, counts)
    return TopicMap(tuple((s, names[s], counts[s]) for s in order), tuple(edges))


def _circle_order(slugs: list[str], shared: Counter[tuple[str, str]], counts: Counter[str]) -> list[str]:
    """Neighbours on the circle share papers: start at the biggest topic, then
    always take the unplaced topic sharing most papers with the last one
    (ties: the bigger topic, then the slug, from the order of ``left``)."""
    left = sorted(slugs, key=lambda s: (-counts[s], s))
    if not left:
        return []
    order = [left.pop(0)]
    while left:
        last = order[-1]
        best = max(left, key=lambda s: shared[(min(last, s), max(last, s))])
        left.remove(best)
        order.append(best)
    return order


# ------------------------------------------------------------------ words


def timeline_alt(t: Timeline) -> str:
    if not t.years:
        return "Timeline of papers per year: no paper in the atlas has a year in its listing date yet."
    peak = max(t.years, key=lambda y: (sum(c[t.years.index(y)] for _, c in t.series), -y))
    peak_n = sum(c[t.years.index(peak)] for _, c in t.series)
    return (
        f"Bar chart of the {t.dated} papers whose listing date has a year, per year from {t.years[0]} "
        f"to {t.years[-1]}, each bar stacked by the paper's main topic; the most papers, {peak_n}, are from {peak}."
    )


def timeline_caption(t: Timeline) -> str:
    parts = [f"{t.dated} papers by listing year, stacked by each paper's main topic."]
    if t.left_out:
        parts.append(
            f"Left out: {t.left_out} paper{'s' if t.left_out != 1 else ''} with no year in the listing date "
            f"({t.no_year} listed with a day and month only, {t.no_date} with no date at all)."
        )
    return " ".join(parts)


def topic_map_alt(m: TopicMap) -> str:
    names = {s: n for s, n, _ in m.nodes}
    strongest = "; ".join(f"{names[a]} with {names[b]} ({n} papers)" for a, b, n in m.edges[:3])
    return (
        f"Map of the {len(m.nodes)} topics as circles sized by paper count, joined by lines as thick as the "
        f"number of papers two topics share ({len(m.edges)} pairs share {MIN_SHARED} or more)"
        + (f"; the strongest links: {strongest}." if strongest else ".")
    )


def topic_map_caption(m: TopicMap) -> str:
    return (
        f"Topics (circle size: papers) joined when they share at least {MIN_SHARED} papers "
        "(line width: shared papers). Open the picture for its full size."
    )


# ---------------------------------------------------------------- drawing


def _svg(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", transparent=True, metadata={"Date": None})
    return buf.getvalue()


def draw_timeline(t: Timeline, theme: Theme) -> bytes:
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(6.4, 4.6), layout="constrained")
        ax = fig.add_subplot()
        colours = {**{n: PALETTE[i % len(PALETTE)] for i, (n, _) in enumerate(t.series)}, "Other topics": OTHER, "No topic": NONE}
        bottom = [0] * len(t.years)
        for label, counts in t.series:
            ax.bar(t.years, counts, 0.8, bottom=bottom, label=label, color=colours[label], linewidth=0)
            bottom = [b + c for b, c in zip(bottom, counts)]
        if not t.years:
            ax.text(0.5, 0.5, "No paper has a year in its listing date yet", ha="center", va="center",
                    transform=ax.transAxes, color=theme.muted)
            ax.set_xticks([])
        else:
            step = max(1, math.ceil(len(t.years) / 10))
            ax.set_xticks(t.years[::step])
            ax.set_xlim(t.years[0] - 0.6, t.years[-1] + 0.6)
            fig.legend(loc="outside lower center", ncols=2, frameon=False, labelcolor=theme.text, fontsize=9.5)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_ylabel("Papers", color=theme.text)
        _style_axes(ax, theme)
        return _svg(fig)


def _style_axes(ax, theme: Theme) -> None:
    ax.set_facecolor("none")
    ax.tick_params(colors=theme.muted, labelcolor=theme.text)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(theme.muted)
    ax.grid(axis="y", color=theme.grid, linewidth=0.6)
    ax.set_axisbelow(True)


def _map_positions(m: TopicMap) -> dict[str, tuple[float, float]]:
    """Nodes on a circle, the first half down the right side and the rest up
    the left, evenly spaced in height: horizontal labels never collide."""
    n = len(m.nodes)
    right = (n + 1) // 2
    pos: dict[str, tuple[float, float]] = {}
    for i, (slug, _, _) in enumerate(m.nodes):
        side, k, count = (1, i, right) if i < right else (-1, n - 1 - i, n - right)
        y = 0.95 - 1.9 * (k + 0.5) / count if count else 0.0
        pos[slug] = (side * 1.35 * math.sqrt(max(0.0, 1 - y * y)), y)
    return pos


def draw_topic_map(m: TopicMap, theme: Theme) -> bytes:
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MPath

    pos = _map_positions(m)
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(9.0, 6.4), layout="constrained")
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.set_xlim(-3.1, 3.1)
        ax.set_ylim(-1.04, 1.04)
        top = max((e[2] for e in m.edges), default=1)
        for a, b, shared in reversed(m.edges):  # strongest drawn last, on top
            (x1, y1), (x2, y2) = pos[a], pos[b]
            path = MPath([(x1, y1), ((x1 + x2) * 0.25, (y1 + y2) * 0.25), (x2, y2)],
                         [MPath.MOVETO, MPath.CURVE3, MPath.CURVE3])
            ax.add_patch(PathPatch(path, facecolor="none", edgecolor=theme.edge,
                                   linewidth=0.5 + 5.5 * shared / top, alpha=0.3 + 0.5 * shared / top))
        biggest = max((c for _, _, c in m.nodes), default=1) or 1
        for slug, name, count in m.nodes:
            x, y = pos[slug]
            ax.scatter([x], [y], s=25 + 300 * count / biggest, color=theme.node, zorder=3, linewidths=0)
            ax.text(x + (0.12 if x >= 0 else -0.12), y, f"{name} ({count})", ha="left" if x >= 0 else "right",
                    va="center", fontsize=9, color=theme.text)
        if not m.nodes:
            ax.text(0, 0, "No topics yet", ha="center", color=theme.muted)
        return _svg(fig)


# ------------------------------------------------------------------ output


@dataclass(frozen=True)
class Chart:
    """What a page needs to show a picture: its two files, alt text and caption."""

    name: str
    alt: str
    caption: str

    def src(self, prefix: str, palette: str) -> Markup:
        """The picture's path from a page (``prefix`` leads back to docs/)."""
        return Markup(f"{prefix}charts/{self.name}-{palette}.svg")


def paths() -> list[str]:
    """The files ``render_charts`` makes."""
    return [f"charts/{name}-{palette}.svg" for name in ("timeline", "topic-map") for palette in THEMES]


def render_charts(site: Site) -> tuple[dict[str, bytes], dict[str, Chart]]:
    """The SVG files (``charts/<name>-<light|dark>.svg``) and their descriptions."""
    t, m = timeline_data(site), topic_map_data(site)
    charts = {
        "timeline": Chart("timeline", timeline_alt(t), timeline_caption(t)),
        "topic_map": Chart("topic-map", topic_map_alt(m), topic_map_caption(m)),
    }
    files: dict[str, bytes] = {}
    for palette, theme in THEMES.items():
        files[f"charts/timeline-{palette}.svg"] = draw_timeline(t, theme)
        files[f"charts/topic-map-{palette}.svg"] = draw_topic_map(m, theme)
    return files, charts
