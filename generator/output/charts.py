"""Build-time pictures as static SVG: papers per year, and the map of topics.

Each picture comes in a light and a dark variant; the pages pick one with
Material's ``#only-light`` / ``#only-dark`` image suffixes. Backgrounds are
transparent, so either sits on its palette's page colour.

Pure functions: data in, geometry, then ``{relative path: bytes}`` from two
small SVG templates. No plotting library: matplotlib cost ~2.5 s a build
(import and four figures), longer than the rest of the build at 1,000
papers, for a bar chart and a graph of a few dozen circles. Text is
``<text>`` in the reader's sans-serif font.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator import dates
from generator.models import Site

TOP_TOPICS = 7  # the timeline stacks this many topics, then "Other topics" and "No topic"
MIN_SHARED = 2  # the topic map joins topics that share at least this many papers
# Okabe-Ito colours (safe for colour-blind readers), legible on white and on slate.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
OTHER, NONE = "#8c8c8c", "#c4c4c4"


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
# Geometry is computed here, in pixels rounded to 0.1 (deterministic bytes);
# the SVG markup is in templates/charts/, autoescaped as XML.

FONT = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif"


def _px(x: float) -> float:
    return round(x, 1) + 0.0  # + 0.0: never print "-0.0"


def _nice_step(top: int, ticks: int = 6) -> int:
    """An integer tick step of 1, 2 or 5 times a power of ten giving at most ``ticks`` intervals."""
    step = 1
    while True:
        for m in (1, 2, 5):
            if top <= m * step * ticks:
                return m * step
        step *= 10


@dataclass(frozen=True)
class TimelineDrawing:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    bars: tuple[tuple[str, tuple[tuple[float, float, float, float], ...]], ...]  # (colour, rects)
    xticks: tuple[tuple[float, int], ...]
    yticks: tuple[tuple[float, int], ...]
    legend: tuple[tuple[float, float, str, str], ...]  # (x, y, colour, label)
    empty: str

    @property
    def left_tick(self) -> float:
        return _px(self.left - 3.5)

    @property
    def bottom_tick(self) -> float:
        return _px(self.bottom + 3.5)

    @property
    def xlabel_y(self) -> float:
        return _px(self.bottom + 17)

    @property
    def ylabel_x(self) -> float:
        return _px(self.left - 6)

    @property
    def middle(self) -> float:
        return _px((self.top + self.bottom) / 2)

    @property
    def center(self) -> float:
        return _px((self.left + self.right) / 2)


def timeline_drawing(t: Timeline) -> TimelineDrawing:
    """Stacked bars, one per year, a y axis in whole papers, and a two-column legend below."""
    width, left, right, top = 640, 52.0, 630.0, 10.0
    legend_rows = (len(t.series) + 1) // 2
    height = 460
    bottom = height - 34.0 - 18 * legend_rows
    colours = {n: PALETTE[i % len(PALETTE)] for i, (n, _) in enumerate(t.series)}
    colours.update({"Other topics": OTHER, "No topic": NONE})
    totals = [sum(c[i] for _, c in t.series) for i in range(len(t.years))]
    step = _nice_step(max(totals, default=0) or 1)
    y_top = step * max(1, math.ceil(max(totals, default=0) / step))
    scale = (bottom - top) / y_top
    band = (right - left) / max(1, len(t.years) + 0.2)  # 0.6 of a band of margin either side, as before
    x0 = left + 0.6 * band

    def x_of(i: int) -> float:
        return x0 + i * band

    bars = []
    base = [0] * len(t.years)
    for label, counts in t.series:
        rects = []
        for i, n in enumerate(counts):
            if n:
                y = bottom - (base[i] + n) * scale
                rects.append((_px(x_of(i) - 0.4 * band), _px(y), _px(0.8 * band), _px(n * scale)))
            base[i] += n
        bars.append((colours[label], tuple(rects)))
    every = max(1, math.ceil(len(t.years) / 10))
    xticks = tuple((_px(x_of(i)), y) for i, y in enumerate(t.years) if i % every == 0)
    yticks = tuple((_px(bottom - v * scale), v) for v in range(0, y_top + 1, step))
    legend = tuple(
        (_px(left + 20 + (i % 2) * 290), _px(bottom + 40 + 18 * (i // 2)), colours[label], label)
        for i, (label, _) in enumerate(t.series)
    )
    empty = "" if t.years else "No paper has a year in its listing date yet"
    return TimelineDrawing(width, height, left, right, top, _px(bottom), tuple(bars), xticks, yticks, legend, empty)


@dataclass(frozen=True)
class TopicMapDrawing:
    width: int
    height: int
    edges: tuple[tuple[str, float, float], ...]  # (path data, stroke width, opacity), weakest first
    nodes: tuple[tuple[float, float, float], ...]  # (x, y, radius)
    labels: tuple[tuple[float, float, str, str], ...]  # (x, y, text-anchor, text)
    empty: str


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


def topic_map_drawing(m: TopicMap) -> TopicMapDrawing:
    """Topics on a circle (area: papers), joined by curves as wide as the papers they share."""
    width, height = 900, 640
    ux, uy = width / 6.2, height / 2.08  # the layout's [-3.1, 3.1] x [-1.04, 1.04], in pixels

    def xy(x: float, y: float) -> tuple[float, float]:
        return _px(width / 2 + x * ux), _px(height / 2 - y * uy)

    pos = _map_positions(m)
    top = max((e[2] for e in m.edges), default=1)
    edges = []
    for a, b, shared in reversed(m.edges):  # strongest drawn last, on top
        (x1, y1), (x2, y2) = pos[a], pos[b]
        p1, c, p2 = xy(x1, y1), xy((x1 + x2) * 0.25, (y1 + y2) * 0.25), xy(x2, y2)
        d = f"M{p1[0]} {p1[1]}Q{c[0]} {c[1]} {p2[0]} {p2[1]}"
        edges.append((d, _px(0.7 + 7.3 * shared / top), round(0.3 + 0.5 * shared / top, 2)))
    biggest = max((c for _, _, c in m.nodes), default=1) or 1
    nodes, labels = [], []
    for slug, name, count in m.nodes:
        x, y = xy(*pos[slug])
        nodes.append((x, y, _px(math.sqrt(25 + 300 * count / biggest) * 0.67)))
        right = pos[slug][0] >= 0
        labels.append((_px(x + (16 if right else -16)), y, "start" if right else "end", f"{name} ({count})"))
    return TopicMapDrawing(width, height, tuple(edges), tuple(nodes), tuple(labels), "" if m.nodes else "No topics yet")


@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("generator.output", "templates/charts"),
        autoescape=True,  # SVG is XML: a topic name is text, never markup
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
    )


def draw(name: str, drawing: TimelineDrawing | TopicMapDrawing, theme: Theme) -> bytes:
    svg = _environment().get_template(f"{name}.svg.j2").render(c=drawing, theme=theme, font=FONT)
    return svg.encode("utf-8")


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


def render_charts(site: Site) -> tuple[dict[str, bytes], dict[str, Chart]]:
    """The SVG files (``charts/<name>-<light|dark>.svg``) and their descriptions."""
    t, m = timeline_data(site), topic_map_data(site)
    charts = {
        "timeline": Chart("timeline", timeline_alt(t), timeline_caption(t)),
        "topic_map": Chart("topic-map", topic_map_alt(m), topic_map_caption(m)),
    }
    drawings = {"timeline": timeline_drawing(t), "topic-map": topic_map_drawing(m)}
    files = {
        f"charts/{name}-{palette}.svg": draw(name, drawing, theme)
        for name, drawing in drawings.items()
        for palette, theme in THEMES.items()
    }
    return files, charts
