"""Feeds, papers.json, BibTeX, the papers table's data and the pictures.

Everything is computed from the four seed dumps (ingested into a scratch
corpus) and from hand-made hostile papers; feeds are read back with
feedparser, BibTeX with bibtexparser, SVG with an XML parser.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import bibtexparser
import feedparser
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware

from generator import dates
from generator.enrich.site import enrich
from generator.models import Chunks, Paper, Source, Topic
from generator.output import charts, exports
from generator.output.escape import md
from generator.output.render import TABLE_PREVIEW, render_site


@pytest.fixture(scope="module")
def site(enriched_seeds):
    return enriched_seeds


def whole(pages) -> dict[str, str | bytes]:
    """Every file's content, the streamed exports joined."""
    return {rel: bytes(c) if isinstance(c, Chunks) else c for rel, c in pages.items()}


@pytest.fixture(scope="module")
def files(site):
    return whole(render_site(site))


# ------------------------------------------------------------------ feeds


def test_feeds_validate_and_list_the_newest_papers_with_their_tldrs(site, files):
    feeds = {path: blob for path, blob in files.items() if path.startswith("feeds/") and path.endswith(".xml")}
    feeds.pop("feeds/sitemap.xml")
    browsing = {p for p in feeds if p.startswith(("feeds/day-", "feeds/week-", "feeds/month-", "feeds/author-", "feeds/org-"))}
    assert set(feeds) - browsing == {"feeds/all.xml"} | {f"feeds/{t.slug}.xml" for t in site.topics}
    order = exports.newest_first(site.papers)
    for path, blob in feeds.items():
        feed = feedparser.parse(blob)
        assert feed.bozo == 0, (path, feed.get("bozo_exception"))
        assert feed.feed.updated == exports.snapshot_date(site).isoformat()
        slugs = [e.link.removeprefix("../papers/").removesuffix("/") for e in feed.entries]
        if path == "feeds/all.xml":
            assert slugs == [e.paper.slug for e in order[: exports.FEED_LIMIT]]
        for entry, slug in zip(feed.entries, slugs):
            paper = site.index[slug]
            assert entry.title == paper.paper.title
            assert entry.summary == " ".join(paper.summary.tldr.split())
            assert entry.get("published") == (dates.iso(paper.paper.date) and f"{dates.iso(paper.paper.date)}T00:00:00+00:00")
        keys = [dates.sort_key(site.index[s].paper.date) for s in slugs]
        assert keys == sorted(keys, reverse=True)  # newest first
        assert len(feed.entries) <= exports.FEED_LIMIT


def test_feed_updated_is_the_newest_listing_date_not_the_clock(site):
    newest = max(d for d in (dates.iso(e.paper.date) for e in site.papers) if d)
    assert exports.snapshot_date(site).date().isoformat() == newest
    no_year = enrich([paper("undated", "An Undated Paper", date="Mar 3")], (), {})
    assert exports.snapshot_date(no_year) == exports.FALLBACK_DATE


def test_outputs_are_byte_identical_across_builds(site, files):
    again = whole(render_site(site))
    generated = [p for p in files if p.startswith(("feeds/", "exports/", "charts/")) or p == "papers/table.json"]
    browsing = [p for p in generated if p.startswith(("feeds/day-", "feeds/week-", "feeds/month-", "feeds/author-",
                                                     "feeds/org-"))]
    assert len(generated) - len(browsing) == len(site.topics) + 1 + 1 + 2 + 4 + 1
    generated += [p for p in files if p.startswith("browse/")]
    assert isinstance(render_site(site)["exports/papers.json"], Chunks)  # streamed, never whole in memory
    assert all(again[p] == files[p] for p in generated)


# --------------------------------------------------------- JSON and BibTeX


def test_papers_json_holds_every_paper_with_its_summary(site, files):
    doc = json.loads(files["exports/papers.json"])
    assert doc["papers_count"] == len(site.papers) == len(doc["papers"])
    by_slug = {p["slug"]: p for p in doc["papers"]}
    assert len(by_slug) == len(site.papers)
    for e in site.papers:
        record = by_slug[e.paper.slug]
        assert record["title"] == e.paper.title and record["tldr"] == e.summary.tldr
        assert record["topics"] == list(e.topics) and record["abstract"] == e.paper.abstract
        assert record["related"] == [r.slug for r in e.related]


def test_bibtex_parses_one_misc_entry_per_paper(site, files):
    library = bibtexparser.parse_string(files["exports/papers.bib"].decode("utf-8"))
    assert library.failed_blocks == []
    assert len(library.entries) == len(site.papers)
    assert sorted(e.key for e in library.entries) == sorted(e.paper.slug for e in site.papers)
    for entry in library.entries:
        paper = site.index[entry.key].paper
        assert entry.entry_type == "misc"
        assert entry.fields_dict["howpublished"].value == "Hugging Face Daily Papers"
        assert "note" in entry.fields_dict and "title" in entry.fields_dict
        year = dates.parse_date(paper.date).year if dates.parse_date(paper.date) else None
        assert ("year" in entry.fields_dict) == (year is not None)
        if year is not None:
            assert entry.fields_dict["year"].value == str(year)


# ----------------------------------------------------------- hostile text


HOSTILE = [
    r"Braces {x} and } alone, 100% & C:\path\to #1 ~tilde ^caret $5 a_b",
    "<script>alert(1)</script> & ]]> </summary> in Atom",
    'Quotes " and \' and <img src=x onerror=alert(1)>',
    "Trailing backslash \\",
]


def paper(slug: str, title: str, date: str | None = "Nov 2, 2024") -> Paper:
    abstract = f"We study {title}, a hostile title. A hostile title must survive every export exactly as written."
    return Paper(slug=slug, title=title, abstract=abstract, abstract_raw=abstract,
                 sources=(Source("hostile.txt", 1),), date=date)


@pytest.fixture(scope="module")
def hostile():
    topic = Topic("hostile", "Braces {} & <b>bold</b> 100%", "Text with & < > { } % in it.", ("hostile",))
    papers = [paper(f"hostile-{i}", t) for i, t in enumerate(HOSTILE)]
    return enrich(papers, (topic,), {})


def test_hostile_titles_survive_feeds_and_json_exactly(hostile):
    out = exports.render_exports(hostile)
    for path in ("feeds/all.xml", "feeds/hostile.xml"):
        feed = feedparser.parse(out[path])
        assert feed.bozo == 0
        assert sorted(e.title for e in feed.entries) == sorted(HOSTILE)
    assert feedparser.parse(out["feeds/hostile.xml"]).feed.title == "Paper Atlas: Braces {} & <b>bold</b> 100%"
    doc = json.loads(out["exports/papers.json"])
    assert sorted(p["title"] for p in doc["papers"]) == sorted(HOSTILE)


def test_hostile_titles_are_escaped_in_bibtex(hostile):
    text = exports.render_exports(hostile)["exports/papers.bib"].decode("utf-8")
    raw = bibtexparser.parse_string(text)
    assert raw.failed_blocks == [] and len(raw.entries) == len(HOSTILE)
    title = {e.key: e.fields_dict["title"].value for e in raw.entries}
    assert title["hostile-0"] == (
        r"Braces \{x\} and \} alone, 100\% \& C:\textbackslash{}path\textbackslash{}to \#1 "
        r"\textasciitilde{}tilde \textasciicircum{}caret \$5 a\_b"
    )
    assert title["hostile-3"] == r"Trailing backslash \textbackslash{}"
    for value in title.values():  # braces balance once the escaped ones are set aside
        bare = re.sub(r"\\[{}]", "", value)
        assert bare.count("{") == bare.count("}")
    decoded = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    # pylatexenc renders \textasciicircum as U+02C6 (the modifier letter), not "^".
    got = sorted(e.fields_dict["title"].value.replace("\u02c6", "^") for e in decoded.entries)
    assert got == sorted(HOSTILE)


# ----------------------------------------------------- the papers table


def test_table_data_has_every_paper_and_derivable_slugs(site, files):
    doc = json.loads(files["papers/table.json"])
    assert doc["topics"] == [t.name for t in site.topics]
    assert len(doc["rows"]) == len(site.papers)
    slugs = []
    for title, slug, *_ in doc["rows"]:
        # The rule atlas-table.js applies (tests/test_browser.py runs the script itself).
        slugs.append(exports.simple_slug(title)[:slug] if isinstance(slug, int) else slug)
    assert sorted(slugs) == sorted(e.paper.slug for e in site.papers)
    assert sum(isinstance(r[1], int) for r in doc["rows"]) > len(site.papers) / 2


def test_papers_page_markup_does_not_grow_with_the_corpus(site, files):
    page = files["papers/index.md"]
    assert page.count("<tr>") == min(TABLE_PREVIEW, len(site.papers)) + 1  # + the heading row
    assert 'data-src="table.json"' in page
    per_paper = len(files["papers/table.json"]) / len(site.papers)
    assert per_paper < 160  # bytes a paper: ~8 MB of JSON at 50,000 papers, fetched once


# -------------------------------------------------------------- pictures


def test_timeline_counts_and_caption_say_what_is_left_out(site, files):
    t = charts.timeline_data(site)
    assert t.dated + t.left_out == len(site.papers)
    assert t.dated == sum(1 for e in site.papers if (d := dates.parse_date(e.paper.date)) and d.year)
    assert t.dated == sum(sum(counts) for _, counts in t.series)
    home = files["index.md"]
    assert f"Left out: {t.left_out} papers with no year in the listing date" in home
    assert "charts/timeline-light.svg#only-light" in home and "charts/timeline-dark.svg#only-dark" in home
    assert f"[![{md(charts.timeline_alt(t))}](charts/timeline-light.svg#only-light)]" in home
    assert "../charts/topic-map-light.svg#only-light" in files["topics/index.md"]


SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("name", ["timeline", "topic-map"])
def test_charts_are_deterministic_transparent_svg_in_two_palettes(site, files, name):
    light, dark = files[f"charts/{name}-light.svg"], files[f"charts/{name}-dark.svg"]
    again, _ = charts.render_charts(site)
    assert again[f"charts/{name}-light.svg"] == light and again[f"charts/{name}-dark.svg"] == dark
    for svg, theme in ((light, charts.THEMES["light"]), (dark, charts.THEMES["dark"])):
        root = ET.fromstring(svg)
        assert root.tag == f"{SVG}svg"
        width, height = float(root.get("width")), float(root.get("height"))
        # Transparent: nothing paints the whole canvas, so either palette's page shows through.
        for rect in root.iter(f"{SVG}rect"):
            assert float(rect.get("width")) < width or float(rect.get("height")) < height
        texts = [t for t in root.iter(f"{SVG}text")]
        assert texts and all(t.text for t in texts)
        assert f'fill="{theme.text}"' in svg.decode("utf-8")  # labels in the palette's text colour


def test_timeline_bars_are_as_tall_as_their_counts(site, files):
    t = charts.timeline_data(site)
    root = ET.fromstring(files["charts/timeline-light.svg"])
    groups = [g for g in root.findall(f"{SVG}g") if g.find(f"{SVG}rect") is not None and g.get("fill")][: len(t.series)]
    assert len(groups) == len(t.series)
    heights = []
    for g, (_, counts) in zip(groups, t.series):
        rects = g.findall(f"{SVG}rect")
        assert len(rects) == sum(1 for n in counts if n)  # one rectangle per year with papers
        heights += [(float(r.get("height")), n) for r, n in zip(rects, (n for n in counts if n))]
    per_paper = heights[0][0] / heights[0][1]
    assert all(abs(h - n * per_paper) < 0.2 for h, n in heights)


def test_chart_text_is_escaped_as_xml():
    m = charts.TopicMap(nodes=(("a", "<script>alert(1)</script> & co", 3), ("b", "B]]>", 2)), edges=(("a", "b", 2),))
    svg = charts.draw("topic-map", charts.topic_map_drawing(m), charts.THEMES["light"])
    labels = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert labels == ["<script>alert(1)</script> & co (3)", "B]]> (2)"]
    assert b"<script>" not in svg


def test_topic_map_joins_topics_that_share_papers(site):
    m = charts.topic_map_data(site)
    assert {s for s, _, _ in m.nodes} == {t.slug for t in site.topics}
    for a, b, n in m.edges:
        assert n == sum(1 for e in site.papers if a in e.topics and b in e.topics) >= charts.MIN_SHARED


def test_pages_are_rendered_when_read():
    from generator.output.render import Pages

    calls: list[str] = []
    pages = Pages()
    pages.add("a.md", lambda: calls.append("a") or "A")
    pages.add("x.json", b"X")
    assert calls == [] and list(pages) == ["a.md", "x.json"]
    assert (pages["x.json"], pages["a.md"]) == (b"X", "A")
    assert calls == ["a"]
