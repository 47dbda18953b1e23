"""Properties of the parser, the corpus file and the renderer, over generated input.

Two properties carry the issue's promise and always run 1,000 examples:
``test_ingest_gives_back_every_paper`` (nothing lost) and
``test_any_text_renders_literally_and_adds_no_markup`` (nothing injected).
Runs are derandomized (the same examples every run, CI or not) and have no
deadline (a slow CI machine is not a failure).
"""

from __future__ import annotations

import functools
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit
from xml.etree import ElementTree

import markdown
import yaml
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from generator.dates import MONTHS
from generator.ingest.corpus import build_corpus, title_key
from generator.ingest.lines import normalize_line
from generator.ingest.parse import parse_dump
from generator.ingest.shapes import SEPARATOR, is_abstract, kind_of
from generator.models import Org, Paper, Source
from generator.storage import codec, files

# Used as the parent of this module's settings (not loaded globally: other modules keep theirs).
COMMON = dict(deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("atlas-ci", max_examples=1000, **COMMON)
settings.register_profile("atlas-dev", max_examples=200, **COMMON)
PROFILE = settings.get_profile("atlas-ci" if os.environ.get("CI") else "atlas-dev")
KEY = settings(PROFILE, max_examples=1000)  # the two key properties: 1,000 examples everywhere

# ----------------------------------------------------------------- text

HOSTILE_TOKENS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</p>", "<!--", "-->", "{{ x }}", "{%", "%}",
    "*", "**", "_", "__", "|", "[x](y)", "![i](j)", "`code`", "```", "$", "$O(n^2)$", "\\alpha", "\\", "&amp;",
    "&#60;", "&", "#", "##", "1.", "2)", "-", "+", "=", "---", ">", "!!!", "!!! note", "[TOC]", "{: .x}",
    "{#id}", "~~", "^", "'", '"', ":", "·", "•", "—", "…", "Subscribe", "new", "Mar", "Nov 2, 2024",
    "https://example.com/a_(b)", "<http://x.y>", "[^1]", "*[HTML]:", "%", "@", "\u00ad", "\u200b", "\u202e",
]
CAPITALISED = [
    "Attention", "Diffusion", "LLMs", "Scaling", "GPT-4", "3D", "Vision", "Is", "All", "You", "Need", "Towards",
    "Efficient", "A", "Survey", "Of", "RL", "Mamba:", "Fast", "Sparse", "Mixture-of-Experts", "Video", "CLIP",
]
LOWER = ["we", "the", "model", "improves", "on", "a", "of", "data", "results", "and", "show", "that", "training"]
NOT_TEXT = ("Cs", "Cc", "Zs", "Zl", "Zp")  # spaces come from joining words; the rest never reaches a line
unicode_word = st.text(st.characters(blacklist_categories=NOT_TEXT), min_size=1, max_size=6)
hostile = st.sampled_from(HOSTILE_TOKENS)


def glued_to_subscribe(t: str) -> bool:
    """The parser's documented header rule: "Subscribe" + a non-lower-case character is a glued title."""
    rest = t[len("Subscribe"):]
    return t.startswith("Subscribe") and bool(rest) and not rest[0].islower() and not rest[0].isspace()


def plain_line(t: str) -> bool:
    """A line of text: none of page chrome, a kind of metadata (a date, an author count, "·", an upvote
    count, a link line ...) or a title glued to "Subscribe"; and not a bare URL (a link's target)."""
    return (
        bool(t) and t == normalize_line(t) and kind_of(t) == "text" and not glued_to_subscribe(t)
        and not re.match(r"^<?https?://\S+?>?$", t)
    )


def is_title(t: str) -> bool:
    return plain_line(t) and not is_abstract(t)


titles = st.lists(st.one_of(st.sampled_from(CAPITALISED), hostile, unicode_word), min_size=1, max_size=8).map(
    " ".join
).filter(is_title)
# Prose: every other word lower-case, a full stop at the end.
pairs = st.lists(st.tuples(st.sampled_from(LOWER), st.one_of(hostile, unicode_word)), min_size=2, max_size=4)
sentence = pairs.map(lambda ps: "We show " + " ".join(f"{a} {b}" for a, b in ps) + ".")
sentences = st.lists(sentence, min_size=2, max_size=2).map(" ".join)
prose = st.lists(sentence, min_size=4, max_size=8).map(" ".join)  # an abstract's length
# Any words at all make an abstract once the line is 300 characters long.
long_line = st.lists(st.one_of(unicode_word, hostile), min_size=2, max_size=4).map(
    lambda ws: " ".join(ws * (300 // len(" ".join(ws)) + 1))
)
abstracts = st.one_of(sentences, long_line).filter(lambda a: plain_line(a) and is_abstract(a))

# ------------------------------------------------------------- listings


@dataclass(frozen=True)
class Listing:
    title: str
    abstract: str | None
    authors: int | None = None
    org: Org | None = None
    date: str | None = None
    comments: int | None = None  # the number after the date


dates = st.builds(
    lambda m, d, y: f"{m} {d}" + (f", {y}" if y else ""),
    st.sampled_from(MONTHS), st.integers(1, 31), st.none() | st.integers(1000, 9999),
)
orgs = st.builds(
    Org, st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True), titles
).filter(lambda o: plain_line(f"{o.id} {o.name}"))


@st.composite
def listing(draw, with_metadata: bool) -> Listing:
    # A card shows a body or metadata: a title alone is a widget or a heading, never a paper.
    title, abstract = draw(titles), draw(st.none() | abstracts if with_metadata else abstracts)
    if not with_metadata:
        return Listing(title, abstract)
    authors = draw(st.none() | st.integers(0, 999_999))
    if abstract is None and authors is None:
        return Listing(title, draw(abstracts))
    date = draw(st.none() | dates)
    if date is None:
        return Listing(title, abstract, authors)
    org = draw(st.none() | orgs)
    return Listing(title, abstract, authors, org, date, draw(st.none() | st.integers(0, 9_999_999)))


def unique_titles(papers: list[Listing]) -> bool:
    return len({title_key(p.title) for p in papers}) == len(papers)


LAYOUTS = ("consecutive", "blank", "metadata")
layouts_and_papers = st.sampled_from(LAYOUTS).flatmap(
    lambda layout: st.tuples(
        st.just(layout), st.lists(listing(layout == "metadata"), min_size=1, max_size=4).filter(unique_titles)
    )
)


def write_dump(layout: str, papers: list[Listing]) -> tuple[str, list[int]]:
    """The dump text of ``papers`` in one of the three layouts, and the line of each title."""
    lines: list[str] = []
    starts: list[int] = []

    def add(line: str, blank_after: bool) -> None:
        lines.append(line)
        if blank_after:
            lines.append("")

    blank = layout != "consecutive"
    header = {
        "consecutive": ["Get trending papers in your email inbox once a day!", "Get trending papers in your email inbox!"],
        "blank": ["new", "Get trending papers in your email inbox!", "Subscribe", "byAK and the research community", "Mar 11"],
        "metadata": ["new", "Get trending papers in your email inbox!", "Subscribe", "Daily Papers",
                     "byAK and the research community", "Dec 8"],
    }[layout]
    for line in header:
        add(line, blank)
    for i, p in enumerate(papers):
        if i == 0 and layout == "consecutive" and glued_to_subscribe("Subscribe" + p.title):
            starts.append(len(lines) + 1)
            add("Subscribe" + p.title, blank)  # as the browser copies it
        else:
            if i == 0 and layout == "consecutive":
                add("Subscribe", blank)
            starts.append(len(lines) + 1)
            add(p.title, blank)
        if p.abstract is not None:
            add(p.abstract, blank)
        if p.authors is not None:
            add(f"  • {p.authors} author{'s' if p.authors != 1 else ''}", False)
        if p.org is not None:
            add(f"{p.org.id} {p.org.name}", False)
        if p.date is not None:
            add(SEPARATOR, False)
            add(p.date + (f" {p.comments}" if p.comments is not None else ""), False)
        if layout == "metadata" and lines[-1]:
            lines.append("")
    return "\n".join(lines) + "\n", starts


def ingest_in_memory(dumps: dict[str, bytes]) -> list[Paper]:
    """parse -> merge -> papers.yaml text -> loaded back: ingest without the disk."""
    entries = [e for name, data in dumps.items() for e in parse_dump(data, name)[0]]
    papers, _ = build_corpus(entries)
    data = yaml.load(codec.corpus_to_yaml(papers), Loader=files.Loader)
    return [codec.paper_from_dict(d, "papers.yaml") for d in data["papers"]]


# --------------------------------------------------------------- parser


@KEY
@given(layouts_and_papers)
def test_ingest_gives_back_every_paper(case):
    layout, papers = case
    text, starts = write_dump(layout, papers)
    got = {p.sources[0].line: p for p in ingest_in_memory({"d.txt": text.encode("utf-8")})}
    assert sorted(got) == starts
    for line, want in zip(starts, papers):
        p = got[line]
        assert (p.title_raw or p.title, p.abstract_raw) == (want.title, want.abstract)
        assert (p.authors, p.org, p.date, p.comments) == (want.authors, want.org, want.date, want.comments)
        assert p.sources == (Source("d.txt", line),)


def source_titles(papers: list[Listing]) -> set[str]:
    return {normalize_line(p.title) for p in papers}


def parsed(text: str) -> list:
    """The entries of a dump's text; none when nothing in it is a paper (a cut before the first card)."""
    from generator.errors import AtlasError
    from generator.ingest.parse import parse_text

    try:
        return parse_text(text, "d.txt")[0]
    except AtlasError:
        return []


@settings(PROFILE)
@given(layouts_and_papers.filter(lambda case: case[0] != "consecutive"), st.integers(40, 120), st.data())
def test_wrapping_every_abstract_makes_up_no_title_and_loses_no_text(case, width, data):
    """As a reader view or a text browser hard-wraps a page: abstracts over several lines.

    The abstracts are prose of a real abstract's length (four to eight
    sentences, hostile tokens included): what shows a copy is wrapped is its
    lines going on mid-sentence, which a two-line text may not show. Reader views and text
    browsers set paragraphs apart with blank lines (the layouts here); a
    wrapped copy with no blank line at all is read by the wrap width and
    sentence shape (test_parse.py), which a one-paper copy may not show.
    """
    import textwrap

    layout, listed = case
    papers = [Listing(p.title, data.draw(prose) if p.abstract else None, p.authors, p.org, p.date, p.comments)
              for p in listed]
    wrap = functools.partial(textwrap.fill, width=width, break_long_words=False, break_on_hyphens=False)
    wrapped = [Listing(p.title, wrap(p.abstract) if p.abstract else None, p.authors, p.org, p.date, p.comments)
               for p in papers]
    text, _ = write_dump(layout, wrapped)
    note(text)
    entries = parsed(text)
    assert {e.title for e in entries} <= source_titles(papers)
    assert [(e.title, e.abstract) for e in entries] == [
        (normalize_line(p.title), normalize_line(p.abstract) if p.abstract else None) for p in papers
    ]


@settings(PROFILE)
@given(layouts_and_papers, st.floats(0, 1))
def test_a_paste_cut_anywhere_keeps_the_papers_before_the_cut(case, at):
    """A paste that ends anywhere, even mid-line: no made-up title, and the whole cards before the cut unchanged."""
    layout, papers = case
    text, starts = write_dump(layout, papers)
    cut = int(len(text) * at)
    whole_lines = text[:cut].count("\n")  # lines ended before the cut
    complete = sum(1 for nxt in [*starts[1:], len(text.split("\n")) + 1] if nxt - 1 <= whole_lines)
    full, part = parsed(text), parsed(text[:cut])
    assert {e.title for e in part} <= source_titles(papers)

    def card(e):
        return (e.title, e.abstract, e.authors, e.org, e.date, e.comments, e.source)

    assert [card(e) for e in part[:complete]] == [card(e) for e in full[:complete]]


VARIANTS = {
    "nfd": lambda t: unicodedata.normalize("NFD", t),
    "nbsp": lambda t: t.replace(" ", "\u00a0"),
    "tabs": lambda t: t.replace(" ", "\t"),
    "narrow": lambda t: t.replace(" ", " \u202f"),
    "trailing": lambda t: t.replace("\n", " \t\n"),
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "bom": lambda t: "\ufeff" + t,
}


@settings(PROFILE)
@given(layouts_and_papers, st.lists(st.sampled_from(list(VARIANTS)), min_size=1, max_size=4, unique=True))
def test_encoding_policy_gives_the_same_entries(case, variants):
    layout, papers = case
    text, _ = write_dump(layout, papers)
    canonical, _ = parse_dump(text.encode("utf-8"), "d.txt")
    for name in VARIANTS:  # in this order: trailing blanks before CRLF, the BOM last
        if name in variants:
            text = VARIANTS[name](text)
    variant, _ = parse_dump(text.encode("utf-8"), "d.txt")
    assert variant == canonical


@settings(PROFILE)
@given(st.text())
def test_normalize_line_is_idempotent_and_one_line(text):
    once = normalize_line(text)
    assert normalize_line(once) == once
    assert once == once.strip() and "  " not in once and unicodedata.is_normalized("NFC", once)


# ---------------------------------------------------------- corpus file

any_text = st.text(st.characters(blacklist_categories=("Cs",)))
papers_st = st.builds(
    Paper,
    slug=st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True),
    title=any_text.filter(str.strip),
    abstract=st.none() | any_text,
    abstract_raw=st.none() | any_text,
    sources=st.lists(st.builds(Source, any_text, st.integers(1, 10**6)), max_size=3).map(tuple),
    authors=st.none() | st.integers(0, 10**6),
    org=st.none() | st.builds(Org, any_text, any_text),
    date=st.none() | any_text,
    upvotes=st.none() | st.integers(0, 10**7),
    links=st.lists(any_text, max_size=3).map(tuple),
    title_raw=st.none() | any_text.filter(bool),
)


@settings(PROFILE)
@given(st.lists(papers_st, max_size=4, unique_by=lambda p: p.slug))
def test_corpus_file_round_trips_any_text(papers):
    data = yaml.load(codec.corpus_to_yaml(papers), Loader=files.Loader)
    assert [codec.paper_from_dict(d, "papers.yaml") for d in data["papers"]] == papers


# ------------------------------------------------------------- renderer

SLUG = "hostile-paper"
ORIGIN = {"tldr": "extracted", "key_points": "extracted", "key_numbers": "extracted", "links": "extracted"}


def site_of(text: str, url: str):
    """A one-paper site showing ``text`` in every field a page prints."""
    from generator.models import EnrichedPaper, KeyNumber, Site, Summary

    paper = Paper(
        slug=SLUG, title=text, abstract=text, abstract_raw=text, sources=(Source(text, 7),), authors=3,
        org=Org("org", text), date="Nov 2, 2024", upvotes=5, comments=2, links=(url,), arxiv_id=text,
        author_names=(text, "Plain Author"), published=text, github=url, github_stars=7, project_page=url,
        submitted_by=text, ai_summary=text, ai_keywords=(text, "plain keyword"),
    )
    summary = Summary(tldr=text, key_points=(("Problem", text),), key_numbers=(KeyNumber(text, text),), origin=ORIGIN)
    e = EnrichedPaper(paper=paper, summary=summary, topics=(), related=(), featured=True, note=text)
    return Site(papers=(e,), topics=(), by_topic={}, related_topics={}, index={SLUG: e})


@functools.cache
def environment():
    from generator.output.render import environment

    return environment()


def paper_pages(text: str, url: str) -> dict[str, str]:
    """The paper page and the papers table, from the real templates, given what render_site gives
    them for a paper without topics or related papers. (render_site itself also draws the charts:
    0.2 s a call, too slow for 1,000 examples; test_whole_site_... runs it.)"""
    from generator.output import browse
    from generator.output.escape import front_matter_string
    from generator.output.render import author_links, find_links, meta_line, paper_facts, search_names_markup

    site = site_of(text, url)
    (e,) = site.papers
    env = environment()
    b = browse.index(site)
    return {
        f"papers/{SLUG}.md": env.get_template("paper.md.j2").render(
            e=e, p=e.paper, title_fm=front_matter_string(text), description_fm=front_matter_string(text),
            topic_names=[], meta_line=meta_line(e), topics=[], related=[], search_names=search_names_markup(e.paper),
            find_links=find_links(e.paper), authors=author_links(e.paper, b), facts=paper_facts(e.paper, b),
        ),
        "papers/index.md": env.get_template("papers.md.j2").render(
            papers=[e], count=1, topic_names=lambda _: [], description_fm=front_matter_string("All"),
        ),
    }


class Page(HTMLParser):
    """What a browser would build: elements with their attribute names, the visible text, the links."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, tuple[str, ...]]] = []
        self.text: list[str] = []
        self.h1: list[str] = []
        self.hrefs: list[str] = []
        self._in_h1 = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, tuple(sorted(name for name, _ in attrs))))
        self.hrefs += [value or "" for name, value in attrs if name in ("href", "src")]
        self._in_h1 = self._in_h1 or tag == "h1"

    def handle_endtag(self, tag):
        self._in_h1 = self._in_h1 and tag != "h1"

    def handle_data(self, data):
        self.text.append(data)
        if self._in_h1:
            self.h1.append(data)

    def handle_comment(self, data):  # and below: markup that is not an element still counts
        self.elements.append(("<!--", ()))

    handle_decl = handle_pi = unknown_decl = handle_comment


MARKDOWN = markdown.Markdown(
    extensions=["admonition", "attr_list", "md_in_html", "tables", "toc"],
    extension_configs={"toc": {"permalink": True}},  # as mkdocs.yml
)


def as_mkdocs_reads(pages: dict[str, str | bytes]) -> dict[str, tuple[dict, Page]]:
    """Each Markdown page as MkDocs reads it: front matter (YAML), then the body as HTML."""
    read = {}
    for rel, source in pages.items():
        if rel.endswith(".md"):
            body, meta = get_data(source)
            read[rel] = (meta, Page(MARKDOWN.reset().convert(body)))
    return read


def collapse(text: str) -> str:
    return " ".join(text.split())


@functools.cache
def plain(whole_site: bool) -> dict[str, tuple[list[str], list]]:
    """The pages of a paper whose every field is plain words: what a page is made of."""
    pages = (render_site_of if whole_site else paper_pages)("Plain words", "https://example.com/plain")
    return {rel: (sorted(meta), page.elements) for rel, (meta, page) in as_mkdocs_reads(pages).items()}


def render_site_of(text: str, url: str) -> dict[str, str | bytes]:
    from generator.models import Chunks
    from generator.output.render import render_site

    return {rel: bytes(c) if isinstance(c, Chunks) else c for rel, c in render_site(site_of(text, url)).items()}


def assert_shown_literally(text: str, pages: dict[str, str | bytes], whole_site: bool) -> dict:
    shown = collapse(text)
    read = as_mkdocs_reads(pages)
    assert sorted(read) == sorted(plain(whole_site))
    for rel, (meta, page) in read.items():
        assert (sorted(meta), page.elements) == plain(whole_site)[rel], rel  # same elements and attributes, in order
        if rel not in ("topics/index.md", "browse/index.md", "my-list.md", "like.md"):  # the pages that list no paper (the last two: JS)
            assert shown in collapse("".join(page.text)), rel
        assert {urlsplit(h).scheme for h in page.hrefs} <= {"", "https"}, page.hrefs  # no javascript: or data:
    meta, page = read[f"papers/{SLUG}.md"]
    assert collapse("".join(page.h1)) == shown + "¶"  # the title, and the permalink MkDocs adds
    # Material prints the front matter's title and description raw into the page head.
    head = Page(f'<title>{meta["title"]} - Paper Atlas</title><meta name="description" content="{meta["description"]}">')
    assert head.elements == [("title", ()), ("meta", ("content", "name"))]
    assert "".join(head.text) == shown + " - Paper Atlas"
    return read


corpus_text = st.lists(
    st.one_of(hostile, st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=10), st.sampled_from([" ", "\n", "\t "])),
    min_size=1, max_size=10,
).map("".join).filter(lambda t: t.split())
url_path = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Z"), blacklist_characters='<>"{}\\|^`'), max_size=20)


@KEY
@given(corpus_text, url_path)
def test_any_text_renders_literally_and_adds_no_markup(text, path):
    assert_shown_literally(text, paper_pages(text, "https://example.com/" + path), whole_site=False)


@settings(PROFILE, max_examples=30)
@given(corpus_text)
def test_whole_site_shows_any_text_literally_in_every_page_and_export(text):
    pages = render_site_of(text, "https://example.com/x")
    assert_shown_literally(text, pages, whole_site=True)
    assert json.loads(pages["exports/papers.json"])["papers"][0]["title"] == text
    for rel, data in pages.items():
        if rel.endswith((".xml", ".svg")):
            ElementTree.fromstring(data)  # well-formed: no text broke out of its element
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.fromstring(pages["feeds/all.xml"])
    assert [e.findtext(f"{atom}title") for e in feed.iter(f"{atom}entry")] == [collapse(text)]  # the title, as text


@settings(PROFILE)
@given(st.text(st.characters(blacklist_categories=("Cs",))))
def test_front_matter_string_is_yaml_for_any_text(text):
    from generator.output.escape import front_matter_string, html_text

    assert yaml.safe_load(f"title: {front_matter_string(text)}\n") == {"title": html_text(text)}


def two_paper_site(name: str):
    """Two papers by an author named ``name``, from an organisation named ``name``: both get a page."""
    from dataclasses import replace

    from generator.models import Site

    (e,) = site_of("Plain words", "https://example.com/plain").papers
    papers = []
    for i in (1, 2):
        paper = replace(e.paper, slug=f"{SLUG}-{i}", title=f"Paper {i}", author_names=(name, "Plain Author"),
                        org=Org("org-id", name), date=f"Nov {i}, 2024")
        papers.append(replace(e, paper=paper))
    return Site(papers=tuple(papers), topics=(), by_topic={}, related_topics={}, index={p.paper.slug: p for p in papers})


def browse_pages_of(name: str) -> dict[str, tuple[dict, Page]]:
    """The author and organisation pages (keyed by kind: their paths hold the name's slug) and their feeds."""
    from generator.output import browse

    site = two_paper_site(name)
    made = {rel: make() for rel, make in browse.pages(site, browse.index(site), environment()).items()}
    for rel, data in made.items():
        if rel.endswith(".xml"):
            ElementTree.fromstring(data)  # well-formed, whatever the name
    read = as_mkdocs_reads({rel: text for rel, text in made.items() if rel.endswith(".md")})
    by_kind = {}
    for rel, page in read.items():
        kind = rel.split("/")[1]
        if rel == "browse/authors/plain-author.md":  # the other author of both papers
            continue
        by_kind[kind if kind in ("authors", "orgs") else rel] = page
    return by_kind


@settings(PROFILE, max_examples=50)
@given(corpus_text)
def test_author_and_organisation_pages_show_any_name_literally(text):
    plain_pages = browse_pages_of("Plain Name")
    pages = browse_pages_of(text)
    assert sorted(pages) == sorted(plain_pages)
    for kind in ("authors", "orgs"):
        meta, page = pages[kind]
        plain_meta, plain_page = plain_pages[kind]
        assert (sorted(meta), page.elements) == (sorted(plain_meta), plain_page.elements), kind
        assert collapse(text) + "¶" == collapse("".join(page.h1))
        assert {urlsplit(h).scheme for h in page.hrefs} <= {""}
