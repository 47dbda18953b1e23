"""The built site in a real browser: Debian's Chromium, driven by Playwright.

The seed site (and a small hostile one) is built once per module and served
on 127.0.0.1. Every wait is on a condition (``expect`` or a selector), never
on a fixed sleep. Screenshots go to tests/artifacts/ (not committed).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import sitebuild

from generator import dates

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 375, "height": 812}
WAIT_MS = 20_000
# The text of a heading without Material's permalink sign.
HEADING_TEXT = "el => { const c = el.cloneNode(true); c.querySelectorAll('.headerlink').forEach(a => a.remove());" \
               " return c.textContent.trim(); }"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return sitebuild.seed_site(tmp_path_factory)


@pytest.fixture(scope="module")
def corpus(site: Path) -> dict[str, dict]:
    """papers.json of the built site, by slug: what the pages should show."""
    doc = json.loads((site / "exports" / "papers.json").read_text(encoding="utf-8"))
    return {p["slug"]: p for p in doc["papers"]}


@pytest.fixture(scope="module")
def base(site: Path):
    with sitebuild.serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class Watch:
    """What a page did that it should not: errors, failed or non-local requests, dialogs."""

    def __init__(self, page, base: str):
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text} {m.location}"))
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        # (ERR_ABORTED: the page was left while a request was under way: not the site's fault)
        page.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "")
                and self.errors.append(f"failed: {r.url} {r.failure}"))
        page.on("response", lambda r: r.status >= 400 and self.errors.append(f"HTTP {r.status}: {r.url}"))
        page.on("request", lambda r: not r.url.startswith((base, "data:", "blob:")) and self.outside.append(r.url))

        def on_dialog(dialog):
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)


@pytest.fixture
def open_page(browser, base):
    """``open_page(viewport=..., scheme=...)`` -> (page, watch); contexts close after the test."""
    contexts = []

    def make(viewport=DESKTOP, scheme="light"):
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        return page, Watch(page, base)

    yield make
    for context in contexts:
        context.close()


def slug_of(corpus: dict[str, dict], fragment: str) -> str:
    (slug,) = [s for s, p in corpus.items() if fragment in p["title"]]
    return slug


def search(page, query: str) -> list[tuple[str, str]]:
    """Type ``query`` into Material's search box; (page path, title) of each result, best first."""
    from playwright.sync_api import expect

    box = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    if not box.is_visible():  # phones: the box opens from the header button
        page.locator("label.md-header__button[for='__search']").click()
    # The worker has loaded the index once the box stops saying "Initializing search".
    expect(meta).to_have_text("Type to start searching", timeout=WAIT_MS)
    box.fill(query)
    box.press("End")  # a real key stroke: Material searches on keyup, once, for the whole query
    expect(meta).to_have_text(re.compile("matching document"), timeout=WAIT_MS)
    results = []
    for item in page.locator("li.md-search-result__item").all():
        link = item.locator("a.md-search-result__link").first
        results.append((urlparse(link.get_attribute("href")).path, link.locator("h1").inner_text().strip()))
    return results


# ------------------------------------------------------------------ search


@pytest.mark.parametrize(
    "query, fragment, also",
    [
        ("MDX", "KUIELab-MDX-Net", None),  # acronym inside a hyphenated name
        ("Mamba", "Mamba: Linear-Time Sequence Modeling", "mamba"),  # the Mamba papers
        ("pipeline parallelism", None, "pipeline parallelism"),  # topic words: five papers have them
        ("Offload", "PipeOffload", None),  # part of a CamelCase name
        ("LoRA", "QLoRA", None),  # an acronym inside a CamelCase name
    ],
)
def test_search_finds_papers_by_name_and_topic(open_page, base, corpus, query, fragment, also):
    page, watch = open_page()
    page.goto(base)
    top = search(page, query)[:3]
    if fragment:
        assert f"/papers/{slug_of(corpus, fragment)}/" in [path for path, _ in top], top
    if also:  # every one of the top 3 is about it
        assert all(path.startswith("/papers/") and also in title.lower() for path, title in top), top
    assert watch.outside == [] and watch.errors == []  # the index and worker come from 127.0.0.1


@pytest.mark.parametrize("query", ["KV4", "A4", "W4A4", "W4A4KV4"])
def test_search_finds_parts_of_a_name_split_at_its_digits(open_page, base, corpus, query):
    page, watch = open_page()
    page.goto(base)
    results = search(page, query)
    assert results and results[0][0] == f"/papers/{slug_of(corpus, 'W4A4KV4')}/", results[:3]
    assert watch.errors == []


def test_search_ranks_an_acronym_typed_in_its_case_first(open_page, base, corpus):
    page, watch = open_page()
    page.goto(base)
    zero_infinity = f"/papers/{slug_of(corpus, 'ZeRO-Infinity')}/"
    results = search(page, "ZeRO")
    assert results[0][0] == zero_infinity, results[:3]
    page.goto(base)
    lower = [path for path, _ in search(page, "zero")]  # the word, typed as a word: zero-shot, Zero Bubble
    assert f"/papers/{slug_of(corpus, 'Zero Bubble Pipeline Parallelism')}/" in lower[:5], lower[:5]
    assert watch.errors == []


def test_search_ranks_titles_above_mentions(open_page, base, corpus):
    page, watch = open_page()
    page.goto(base)
    titles = [title for _, title in search(page, "DARTS")]
    named = [("DARTS" in t) for t in titles]
    assert sum(named) >= 6 and named == sorted(named, reverse=True), titles  # every title naming it first
    assert watch.errors == []


@pytest.fixture(scope="module")
def pagefind_base(tmp_path_factory):
    """The seed site searched by Pagefind (as above 500 papers), served on 127.0.0.1."""
    site = sitebuild.build(sitebuild.make_project(tmp_path_factory.mktemp("pagefind")), search="pagefind")
    with sitebuild.serve(site) as url:
        yield url


@pytest.fixture
def open_pagefind(browser, pagefind_base):
    """(page, watch) on the Pagefind site."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    yield page, Watch(page, pagefind_base)
    context.close()


def pagefind_search(page, base: str, query: str) -> list[str]:
    """Titles of the Pagefind results for ``query`` on the search page, best first (up to a page of them)."""
    from playwright.sync_api import expect

    page.goto(urljoin(base, "search/"))
    box = page.locator("#atlas-search input.pagefind-ui__search-input")
    expect(box).to_be_visible(timeout=WAIT_MS)
    box.fill(query)
    message = page.locator(".pagefind-ui__message")
    expect(message).to_have_text(re.compile(r"result"), timeout=WAIT_MS)
    if re.match(r"No results", message.inner_text()):
        return []
    titles = page.locator(".pagefind-ui__result-title")
    expect(titles.first).to_be_visible(timeout=WAIT_MS)
    # Pagefind draws a placeholder (". . .") for each result until its fragment has loaded.
    expect(page.locator(".pagefind-ui__result-title.pagefind-ui__loading")).to_have_count(0, timeout=WAIT_MS)
    return [t.inner_text().strip() for t in titles.all()]


@pytest.mark.parametrize("query", ["KV4", "A4", "W4A4"])
def test_pagefind_finds_parts_of_a_name_split_at_its_digits(open_pagefind, pagefind_base, query):
    page, watch = open_pagefind
    titles = pagefind_search(page, pagefind_base, query)
    assert titles and "W4A4KV4" in titles[0], titles[:3]
    assert watch.errors == [] and watch.outside == []


def test_pagefind_finds_an_acronym_typed_in_its_case_first(open_pagefind, pagefind_base):
    page, watch = open_pagefind
    titles = pagefind_search(page, pagefind_base, "ZeRO")
    assert titles and titles[0].startswith("ZeRO-Infinity"), titles[:3]
    assert not [t for t in titles if re.search(r"zero-shot|Zero Bubble", t)], titles  # the word, not the name
    lower = pagefind_search(page, pagefind_base, "zero")
    assert any("Zero Bubble" in t for t in lower), lower
    assert watch.errors == [] and watch.outside == []


def test_pagefind_ranks_titles_above_mentions(open_pagefind, pagefind_base):
    page, watch = open_pagefind
    titles = pagefind_search(page, pagefind_base, "DARTS")
    named = [("DARTS" in t) for t in titles]
    assert sum(named) >= 6 and named == sorted(named, reverse=True), titles
    assert watch.errors == [] and watch.outside == []


def test_search_result_opens_the_paper_with_its_tldr_and_related_papers(open_page, base, corpus):
    from playwright.sync_api import expect

    page, watch = open_page()
    page.goto(base)
    slug = slug_of(corpus, "Mamba: Linear-Time Sequence Modeling")
    search(page, "Mamba")
    page.locator(f"li.md-search-result__item a.md-search-result__link[href*='/papers/{slug}/']").first.click()
    page.wait_for_url(re.compile(f"/papers/{slug}/"))
    paper = corpus[slug]
    assert page.locator("article h1").evaluate(HEADING_TEXT) == paper["title"]
    expect(page.locator(".admonition.abstract")).to_contain_text(paper["tldr"])
    related = page.locator("h2#related-papers + ul > li > a")
    expect(related).to_have_count(len(paper["related"]))
    assert paper["related"], "the seed corpus gives this paper related papers"
    hrefs = [urlparse(page.url).path + a.get_attribute("href") for a in related.all()]
    assert [Path(h).name for h in hrefs] == paper["related"]
    related.first.click()
    page.wait_for_url(re.compile(f"/papers/{paper['related'][0]}/"))
    assert page.locator("article h1").evaluate(HEADING_TEXT) == corpus[paper["related"][0]]["title"]
    assert watch.errors == [] and watch.outside == []


# ------------------------------------------------------------ the table


def first_alnum(title: str) -> str:
    return next((c for c in title.casefold() if c.isalnum()), "")


def test_papers_table_sorts_filters_and_pages(open_page, base, site, corpus):
    from playwright.sync_api import expect

    page, watch = open_page()
    page.goto(base + "papers/")
    expect(page.locator(".pa-table[data-mounted='ready']")).to_have_count(1)
    rows = page.locator(".tabulator-row")
    expect(rows).to_have_count(50)
    total = len(corpus)
    count = page.locator(".pa-table__count")
    expect(count).to_have_text(f"{total} papers")

    def column(field: str) -> list[str]:
        return page.locator(f".tabulator-row .tabulator-cell[tabulator-field='{field}']").all_inner_texts()

    def sort_by(title: str, direction: str) -> None:
        header = page.locator(".tabulator-col[tabulator-field]").filter(has_text=title)
        for _ in range(3):  # each click flips the order
            if header.get_attribute("aria-sort") == direction:
                return
            header.click()
        assert header.get_attribute("aria-sort") == direction

    # Title: ascending on load, descending after a click.
    assert [first_alnum(t) for t in column("title")] == sorted(first_alnum(t) for t in column("title"))
    sort_by("Title", "descending")
    initials = [first_alnum(t) for t in column("title")]
    assert initials == sorted(initials, reverse=True) and initials[0] > "a"

    # Upvotes: the most upvoted paper first.
    sort_by("Upvotes", "descending")
    votes = [int(v) for v in column("upvotes") if v.strip()]
    assert (votes or [0])[0] == max(p["upvotes"] or 0 for p in corpus.values())  # text dumps rarely give upvotes
    assert votes == sorted(votes, reverse=True)

    # Date: newest first (a listing without a year is this year's), undated last.
    sort_by("Date", "descending")
    keys = [dates.sort_key(d) for d in column("date")]
    assert keys == sorted(keys, reverse=True) and keys[0] == max(dates.sort_key(p["date"]) for p in corpus.values())

    # Filter as you type: every visible row mentions the word, and the count matches the corpus.
    topics = {t["slug"]: t["name"] for t in json.loads((site / "exports" / "papers.json").read_text())["topics"]}
    expected = [p for p in corpus.values()
                if "mamba" in (p["title"] + " " + ", ".join(topics[t] for t in p["topics"])).lower()]
    page.locator("input.pa-table__filter").fill("mamba")
    expect(count).to_have_text(f"{len(expected)} of {total} papers match")
    expect(rows).to_have_count(len(expected))
    shown = zip(column("title"), column("topics"))
    assert all("mamba" in f"{title} {topic}".lower() for title, topic in shown)
    page.locator("input.pa-table__filter").fill("")
    expect(count).to_have_text(f"{total} papers")

    # Pages of 50, and every link leads to its paper.
    page.locator(".tabulator-page[data-page='next']").click()
    expect(page.locator(".tabulator-page.active")).to_have_text("2")
    link = page.locator(".tabulator-row .tabulator-cell[tabulator-field='title'] a").first
    title = link.inner_text()
    link.click()
    expect(page.locator("article h1")).to_contain_text(title)
    assert watch.errors == [] and watch.outside == []


def test_table_script_derives_every_slug(open_page, base, site, corpus):
    """The slug rule of atlas-table.js, run in the browser over the whole table."""
    page, _ = open_page()
    page.goto(base + "papers/")
    page.wait_for_function("window.PaperAtlasTable !== undefined")
    table = json.loads((site / "papers" / "table.json").read_text(encoding="utf-8"))
    slugs = page.evaluate("rows => rows.map(r => window.PaperAtlasTable.slugOf(r))", table["rows"])
    titles = [r[0] for r in table["rows"]]
    assert sorted(slugs) == sorted(corpus)
    assert all(corpus[s]["title"] == t for s, t in zip(slugs, titles))


# ------------------------------------------------- clean pages, any screen


def pages(corpus: dict[str, dict]) -> dict[str, str]:
    return {
        "home": "",
        "papers": "papers/",
        "topics": "topics/",
        "topic": "topics/state-space-models/",
        "paper": f"papers/{slug_of(corpus, 'Mamba: Linear-Time Sequence Modeling')}/",
    }


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_pages_are_clean_and_fit_the_screen(open_page, base, corpus, viewport, scheme):
    from playwright.sync_api import expect

    page, watch = open_page(viewport=viewport, scheme=scheme)
    ARTIFACTS.mkdir(exist_ok=True)
    for name, path in pages(corpus).items():
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        if name == "papers":
            expect(page.locator(".pa-table[data-mounted='ready']")).to_have_count(1)
        if name in ("home", "topics"):
            chart = page.locator(f"figure.pa-chart img[src*='-{scheme}.svg']")
            expect(chart).to_be_visible()
            assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
            other = "dark" if scheme == "light" else "light"
            expect(page.locator(f"figure.pa-chart img[src*='-{other}.svg']")).to_be_hidden()
            assert len(chart.get_attribute("alt")) > 80
        # Paper and topic pages stay out of the navigation tree: it lists the four sections only.
        nav = page.locator("nav.md-nav--primary a.md-nav__link[href]").evaluate_all("els => els.map(a => a.href)")
        assert len(nav) >= 4 and not [h for h in nav if re.search(r"/(papers|topics)/[^/#]+/$", h)], nav
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], (name, width)
        page.screenshot(path=ARTIFACTS / f"{name}-{scheme}-{viewport['width']}.png", full_page=viewport is DESKTOP)
    assert watch.errors == [], watch.errors
    assert watch.outside == [], watch.outside
    feeds = page.locator("head link[rel='alternate'][type='application/atom+xml']")
    expect(feeds).to_have_count(1)  # the site's feed; topic pages add their own (below)


def test_topic_page_links_feeds_papers_and_related_topics(open_page, base, corpus):
    from playwright.sync_api import expect

    page, watch = open_page()
    page.goto(base + "topics/state-space-models/")
    feeds = page.locator("head link[rel='alternate'][type='application/atom+xml']")
    expect(feeds).to_have_count(2)
    assert feeds.nth(1).get_attribute("href").endswith("feeds/state-space-models.xml")
    # Fetched rather than opened: Chromium's XML viewer would ask for /favicon.ico.
    visible = page.get_by_role("link", name="Atom feed of this topic").get_attribute("href")
    feed = page.request.get(urljoin(page.url, visible))
    assert feed.ok and feed.url.endswith("/feeds/state-space-models.xml") and b"<feed" in feed.body()
    members = [s for s, p in corpus.items() if "state-space-models" in p["topics"]]
    papers = page.locator("article li > a[href^='../../papers/']")
    expect(papers).to_have_count(len(members))
    related = page.locator("article a[href^='../']:not([href^='../../'])")
    assert related.count() >= 1  # related topics
    paper = corpus[members[0]]
    page.locator(f"article a[href='../../papers/{members[0]}/']").first.click()
    expect(page.locator("article a[href$='topics/state-space-models/']").first).to_be_visible()
    assert paper["title"] in page.locator("article h1").inner_text()
    assert watch.errors == []


# ---------------------------------------------------------- hostile text

HOSTILE_TITLES = [
    "<script>alert(1)</script> Injected Scripts in Paper Titles",
    "<img src=x onerror=alert(1)> Image Handlers Are Not Titles",
    "*Stars*, _Underscores_ | Pipes | [x](y) and `Backticks` Cost $5 and $10",
]
HOSTILE_ABSTRACT = (
    "We study what happens when listings carry markup such as <script>alert(1)</script> and "
    "<img src=x onerror=alert(1)> inside their text. A reading site must show such strings exactly as "
    "written and never run them. Markdown syntax such as *stars*, _underscores_, | pipes |, [x](y) links "
    "and `backticks` stays literal too. Our measurements cover 2,000 pages and show that escaping every "
    "character once is enough."
)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A mini-site from one blank-separated dump: title, blank line, abstract."""
    dump = "\n\n".join(f"{title}\n\n{HOSTILE_ABSTRACT}" for title in HOSTILE_TITLES) + "\n"
    root = sitebuild.make_project(tmp_path_factory.mktemp("hostile"), {"hostile.txt": dump}, curation=False)
    site = sitebuild.build(root)
    doc = json.loads((site / "exports" / "papers.json").read_text(encoding="utf-8"))
    by_title = {p["title"]: p["slug"] for p in doc["papers"]}
    assert sorted(by_title) == sorted(HOSTILE_TITLES)  # the corpus keeps the titles as written
    with sitebuild.serve(site) as url:
        yield url, by_title


def test_hostile_titles_and_abstracts_show_literally_and_never_run(browser, hostile):
    from playwright.sync_api import expect

    base, slugs = hostile
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        watch = Watch(page, base)
        for title, slug in slugs.items():
            page.goto(base + f"papers/{slug}/")
            page.wait_for_load_state("networkidle")
            assert page.locator("article h1").evaluate(HEADING_TEXT) == title
            assert page.title().startswith(title)
            abstract = page.locator("h2#abstract + p").inner_text()
            assert "<script>alert(1)</script>" in abstract and "<img src=x onerror=alert(1)>" in abstract
            assert "*stars*, _underscores_, | pipes |, [x](y) links and `backticks`" in abstract
        page.goto(base)
        for title in slugs:
            expect(page.locator("article").get_by_text(title, exact=True).first).to_be_visible()
        page.goto(base + "papers/")
        expect(page.locator(".pa-table[data-mounted='ready']")).to_have_count(1)
        cells = page.locator(".tabulator-row .tabulator-cell[tabulator-field='title']")
        expect(cells).to_have_count(len(slugs))
        assert sorted(cells.all_inner_texts()) == sorted(slugs)
        results = search(page, "Injected")
        assert (f"/papers/{slugs[HOSTILE_TITLES[0]]}/", HOSTILE_TITLES[0]) in results
        assert page.locator("script", has_text="alert(1)").count() == 0
        assert page.locator("img[src='x']").count() == 0
        assert watch.dialogs == []
        assert watch.errors == [] and watch.outside == []
    finally:
        context.close()


# ------------------------------------------------- published under a sub-path

PREFIX = "/atlas/"  # GitHub serves a project's pages under /<repo>/


@pytest.fixture(scope="module")
def under_prefix(site: Path):
    """The seed site (built without SITE_URL) served under PREFIX only: anything above it is a 404."""
    with sitebuild.serve(site, PREFIX) as url:
        yield url


def test_the_site_works_from_a_sub_path(browser, under_prefix, corpus):
    """home -> topic -> paper -> search, and every link and resource of those pages answers under the prefix."""
    from playwright.sync_api import expect

    base = under_prefix
    assert urlparse(base).path == PREFIX
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        watch = Watch(page, base)  # a request above the prefix is "outside" as well as a 404
        seen: dict[str, int] = {}

        def check_links() -> None:
            """Every same-site href and src of this page, fetched once: none broken, none above the prefix."""
            page.wait_for_load_state("networkidle")
            urls = page.evaluate(
                "() => [...document.querySelectorAll('a[href], link[href], script[src], img[src]')]"
                ".map(e => (e.href || e.src)).filter(u => typeof u === 'string')"
            )
            origin = base[: -len(PREFIX) + 1]
            for url in {u.split("#")[0] for u in urls if u.startswith(origin)} - set(seen):
                seen[url] = page.request.get(url).status if url.startswith(base) else -1

        page.goto(base)
        check_links()
        page.locator("article a[href='topics/state-space-models/']").first.click()
        page.wait_for_url(base + "topics/state-space-models/")
        expect(page.locator("article h1")).to_contain_text("State-Space")
        check_links()
        slug = slug_of(corpus, "Mamba: Linear-Time Sequence Modeling")
        page.locator(f"article a[href='../../papers/{slug}/']").first.click()
        page.wait_for_url(base + f"papers/{slug}/")
        assert page.locator("article h1").evaluate(HEADING_TEXT) == corpus[slug]["title"]
        check_links()
        other = slug_of(corpus, "KUIELab-MDX-Net")
        search(page, "MDX")
        page.locator(f"li.md-search-result__item a.md-search-result__link[href*='/papers/{other}/']").first.click()
        page.wait_for_url(re.compile(re.escape(base + f"papers/{other}/")))  # with ?h=mdx: Material's highlight
        assert page.locator("article h1").evaluate(HEADING_TEXT) == corpus[other]["title"]
        check_links()
        broken = {url: status for url, status in seen.items() if status != 200}
        assert broken == {}, broken  # -1: a link that leaves the prefix
        assert len(seen) > 50  # the pages' own links: topics, papers, feeds, assets
        assert page.request.get(base[: -len(PREFIX)] + "/index.html").status == 404  # the root is not the site
        assert watch.errors == [] and watch.outside == []
    finally:
        context.close()


# ------------------------------------- rich papers: days, authors, arXiv, code


def test_day_page_lists_its_papers_most_upvoted_first_with_feed_and_pager(open_page, base, corpus):
    from playwright.sync_api import expect

    page, watch = open_page()
    page.goto(base + "browse/days/2024-10-25/")
    expect(page.locator("article h1")).to_have_text(re.compile("^Papers of October 25, 2024"))
    listed = [corpus[s] for s in corpus if corpus[s]["date"] == "Oct 25, 2024"]
    links = page.locator("article li > a[href*='/papers/']")
    expect(links).to_have_count(len(listed))
    upvotes = [corpus[urlparse(urljoin(page.url, h)).path.rstrip("/").split("/")[-1]]["upvotes"]
               for h in links.evaluate_all("els => els.map(a => a.getAttribute('href'))")]
    assert upvotes == sorted(upvotes, reverse=True) == [9, 7, 3, 2]
    expect(page.locator("article a[href$='feeds/day-2024-10-25.xml']")).to_have_count(1)
    older = page.locator(".pa-pager a[rel='prev']")
    older.click()
    expect(page.locator("article h1")).to_have_text(re.compile("^Papers of "))
    assert "/browse/days/" in page.url and not page.url.endswith("2024-10-25/")
    assert watch.errors == [] and watch.outside == []


def test_author_page_lists_their_papers_and_leads_to_them(open_page, base, corpus):
    from playwright.sync_api import expect

    page, watch = open_page()
    page.goto(base + "browse/authors/brando-miranda/")
    expect(page.locator("article h1")).to_have_text(re.compile("^Brando Miranda"))
    links = page.locator("article li > a[href*='/papers/']")
    expect(links).to_have_count(2)
    titles = sorted(links.all_inner_texts())
    assert titles == sorted(p["title"] for p in corpus.values() if "Brando Miranda" in p["author_names"])
    first = links.first.inner_text()
    links.first.click()
    expect(page.locator("article h1")).to_contain_text(first)
    expect(page.locator("article a", has_text="Brando Miranda")).to_have_count(1)  # back to the author
    assert watch.errors == [] and watch.outside == []


def test_paper_page_shows_authors_arxiv_code_and_hugging_faces_summary(open_page, base, corpus):
    from playwright.sync_api import expect

    page, watch = open_page()
    slug = slug_of(corpus, "Large Multimodal Models as General In-Context Classifiers")
    page.goto(base + f"papers/{slug}/")
    article = page.locator("article")
    expect(article.locator("p", has_text="Authors:")).to_have_text(
        "Authors: Marco Garosi, Matteo Farina, Alessandro Conti, Massimiliano Mancini, Elisa Ricci")
    arxiv = article.locator("li", has_text="arXiv:")
    expect(arxiv.locator("a").first).to_have_attribute("href", "https://arxiv.org/abs/2602.23229")
    expect(arxiv.locator("a", has_text="PDF")).to_have_attribute("href", "https://arxiv.org/pdf/2602.23229")
    expect(arxiv.locator("a", has_text="Hugging Face")).to_have_attribute("href", "https://huggingface.co/papers/2602.23229")
    code = article.locator("li", has_text="Code:")
    expect(code).to_contain_text("★ 9 stars")
    expect(code.locator("a")).to_have_attribute("href", "https://github.com/marco-garosi/CIRCLE")
    hf = article.locator(".admonition.quote")
    expect(hf.locator(".admonition-title")).to_have_text("Hugging Face's AI summary")
    expect(hf).to_contain_text("not Paper Atlas's extraction")
    day = article.locator("li", has_text="Listed on Daily Papers:").locator("a")
    day.click()
    expect(page.locator("article h1")).to_have_text(re.compile("^Papers of March 6, 2026"))
    assert watch.errors == [] and watch.outside == []


def test_table_filters_papers_with_code(open_page, base, site):
    from playwright.sync_api import expect

    page, watch = open_page()
    page.goto(base + "papers/")
    expect(page.locator(".pa-table[data-mounted='ready']")).to_have_count(1)
    table = json.loads((site / "papers" / "table.json").read_text(encoding="utf-8"))
    total, coded = len(table["rows"]), sum(r[6] for r in table["rows"])
    assert 0 < coded < total
    count = page.locator(".pa-table__count")
    page.locator(".pa-table__code input[type='checkbox']").check()
    expect(count).to_have_text(f"{coded} of {total} papers match")
    cells = page.locator(".tabulator-row .tabulator-cell[tabulator-field='code']")
    expect(cells).to_have_count(min(coded, 50))
    assert set(cells.all_inner_texts()) == {"✓"}
    page.locator(".pa-table__code input[type='checkbox']").uncheck()
    expect(count).to_have_text(f"{total} papers")
    assert watch.errors == [] and watch.outside == []
