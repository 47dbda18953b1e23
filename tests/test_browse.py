"""Rich papers end to end: the bundled dumps plus the two recorded API answers -> pages, feeds, exports.

Expected values are read by hand from data/raw/hf-2024-10-25.json and
data/raw/hf-2602.23229.json (four papers listed on Oct 25, 2024, two of
them by Brando Miranda and Sanmi Koyejo, two by Aryo Pradipta Gema and
Pasquale Minervini; one paper with code, stars and Hugging Face's summary).
"""

from __future__ import annotations

import json
import shutil
from datetime import date

import bibtexparser
import feedparser
import pytest
from conftest import RAW, ROOT

from generator import pipeline
from generator.models import Chunks
from generator.output import browse, exports
from generator.output.render import render_site
from generator.storage.files import dump_paths

ZIP_FIT = "2410.18194"
CIRCLE = "2602.23229"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    pipeline.ingest(dump_paths(RAW), data / "papers.yaml")
    for name in ("topics.yaml", "curation.yaml"):
        shutil.copy(ROOT / "data" / name, data / name)
    return pipeline.enrich_data(data)


@pytest.fixture(scope="module")
def files(site):
    return {rel: bytes(c) if isinstance(c, Chunks) else c for rel, c in render_site(site).items()}


def by_arxiv(site, arxiv_id):
    (e,) = [e for e in site.papers if e.paper.arxiv_id == arxiv_id]
    return e


def test_day_week_and_month_hold_the_listing_most_upvoted_first(site):
    b = browse.index(site)
    day = next(d for d in b.days if d.key == "2024-10-25")
    assert [e.paper.arxiv_id for e in day.papers] == ["2410.15999", "2410.18860", ZIP_FIT, "2410.16429"]  # 9, 7, 3, 2 upvotes
    week = next(w for w in b.weeks if w.key == "2024-W43")
    assert "2024-10-25" in week.parts and set(day.papers) <= set(week.papers)
    month = next(m for m in b.months if m.key == "2024-10")
    assert "2024-W43" in month.parts
    # Newest first, and every dated paper (with a year) is on exactly one day page.
    assert [d.key for d in b.days] == sorted((d.key for d in b.days), reverse=True)
    dated = [e for e in site.papers if browse.listing_day(e.paper)]
    assert sum(len(d.papers) for d in b.days) == len(dated)
    assert browse.listing_day(by_arxiv(site, CIRCLE).paper) == date(2026, 3, 6)


def test_authors_with_two_papers_get_a_page(site):
    b = browse.index(site)
    names = {g.name: [e.paper.arxiv_id for e in g.papers] for g in b.authors}
    assert sorted(names["Brando Miranda"]) == ["2410.16429", ZIP_FIT]
    assert sorted(names["Pasquale Minervini"]) == ["2410.15999", "2410.18860"]
    assert "Marco Garosi" not in names  # one paper only
    assert b.author_slug["Sanmi Koyejo"] == "sanmi-koyejo"


def test_paper_page_shows_authors_arxiv_code_and_hugging_faces_summary_as_theirs(site, files):
    page = files[f"papers/{by_arxiv(site, CIRCLE).paper.slug}.md"]
    # A page outside the nav is HTML to MkDocs but its headings, its links as Markdown writes them (source paths).
    assert "<strong>Authors:</strong> Marco Garosi, Matteo Farina, Alessandro Conti, Massimiliano Mancini, Elisa Ricci" in page
    assert (f'<a href="https://arxiv.org/abs/{CIRCLE}">{CIRCLE}</a> · <a href="https://arxiv.org/pdf/{CIRCLE}">PDF</a>'
            in page)
    assert '<a href="https://github.com/marco-garosi/CIRCLE">marco-garosi/CIRCLE</a> · ★ 9 stars' in page
    assert '<strong>Listed on Daily Papers:</strong> <a href="../browse/days/2026-03-06.md">Mar 6, 2026</a>' in page
    assert "<strong>Published on arXiv:</strong> Feb 26, 2026" in page
    summary = page.index('<p class="admonition-title">Hugging Face\'s AI summary</p>')
    assert page.index("Large Multimodal Models demonstrate superior performance", summary) > summary
    assert "not Paper Atlas's extraction" in page
    zip_fit = files[f"papers/{by_arxiv(site, ZIP_FIT).paper.slug}.md"]
    assert '<a href="../browse/authors/brando-miranda.md">Brando Miranda</a>' in zip_fit
    assert "Hugging Face's AI summary" not in zip_fit  # none listed for it


def test_browsing_feeds_validate_and_link_their_papers(site, files):
    feed = feedparser.parse(files["feeds/day-2024-10-25.xml"])
    assert feed.bozo == 0
    assert feed.feed.title == "Paper Atlas: October 25, 2024"
    assert len(feed.entries) == 4
    author = feedparser.parse(files["feeds/author-brando-miranda.xml"])
    assert author.bozo == 0 and len(author.entries) == 2
    assert '<a href="../../feeds/author-brando-miranda.xml" type="application/atom+xml">Atom feed</a>' in files[
        "browse/authors/brando-miranda.md"]


def test_bibtex_has_authors_year_and_arxiv_identity(site, files):
    library = bibtexparser.parse_string(files["exports/papers.bib"].decode("utf-8"))
    entries = {e.key: e for e in library.entries}
    assert len(entries) == len(site.papers) and not library.failed_blocks
    zip_fit = entries[by_arxiv(site, ZIP_FIT).paper.slug].fields_dict
    assert zip_fit["author"].value == ("Elyas Obbad and Iddah Mlauzi and Brando Miranda and Rylan Schaeffer and "
                                       "Kamal Obbad and Suhana Bedi and Sanmi Koyejo")
    assert zip_fit["year"].value == "2024"
    assert (zip_fit["eprint"].value, zip_fit["archivePrefix"].value) == (ZIP_FIT, "arXiv")
    assert zip_fit["url"].value == f"https://arxiv.org/abs/{ZIP_FIT}"
    assert entries[by_arxiv(site, CIRCLE).paper.slug].fields_dict["year"].value == "2026"
    plain = next(e for e in site.papers if not e.paper.arxiv_id and not e.paper.author_names)
    assert entries[plain.paper.slug].entry_type == "misc"
    assert "author" not in entries[plain.paper.slug].fields_dict and "eprint" not in entries[plain.paper.slug].fields_dict


def test_bibtex_braces_a_name_holding_and():
    assert exports.bibtex_name("Ana Andrade") == "Ana Andrade"
    assert exports.bibtex_name("Research and Development Team") == "{Research and Development Team}"


def test_papers_json_and_table_carry_the_new_fields(site, files):
    papers = {p["arxiv_id"]: p for p in json.loads(files["exports/papers.json"])["papers"] if p["arxiv_id"]}
    circle = papers[CIRCLE]
    assert circle["author_names"][0] == "Marco Garosi" and circle["github_stars"] == 9
    assert circle["published"] == "Feb 26, 2026" and circle["hf_ai_keywords"][0] == "Vision-Language Models"
    table = json.loads(files["papers/table.json"])
    row = next(r for r in table["rows"] if r[0] == "Large Multimodal Models as General In-Context Classifiers")
    assert row[5:] == ["Marco Garosi et al.", 1, 9]
    coded = sum(r[6] for r in table["rows"])
    assert coded == sum(exports.has_code(e.paper) for e in site.papers) > 1
