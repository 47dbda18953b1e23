"""The reader's own atlas in Chromium: stars and read marks, My list, papers like this.

Real site (the seed dumps built with mkdocs build --strict), real Chromium,
real localStorage; a second build of the seeds turns on Material's instant
navigation (navigation.instant), under which content is swapped without
reloading the scripts. Every wait is on a condition, never on a sleep.
"""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import bibtexparser
import pytest
import sitebuild
from test_browser import ARGS, CHROMIUM, DESKTOP, HOSTILE_ABSTRACT, HOSTILE_TITLES, WAIT_MS, Watch, slug_of

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MAMBA = "Mamba: Linear-Time Sequence Modeling"
QLORA = "QLoRA"
GONE = {"slug": "a-paper-that-left-the-atlas", "title": "A Paper That Left the Atlas <b>bold</b>"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return sitebuild.seed_site(tmp_path_factory)


def read_corpus(site: Path) -> dict[str, dict]:
    doc = json.loads((site / "exports" / "papers.json").read_text(encoding="utf-8"))
    topics = {t["slug"]: t["name"] for t in doc["topics"]}
    return {p["slug"]: {**p, "topic_names": [topics[t] for t in p["topics"]]} for p in doc["papers"]}


@pytest.fixture(scope="module")
def corpus(site: Path) -> dict[str, dict]:
    return read_corpus(site)


@pytest.fixture(scope="module")
def base(site: Path):
    with sitebuild.serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def instant(tmp_path_factory):
    """The seed site with Material's instant navigation on; (base URL, corpus).

    Material navigates instantly only to the URLs of its sitemap.xml, which
    come from site_url: the site is built for the port it is then served on.
    """
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    root = sitebuild.make_project(tmp_path_factory.mktemp("instant"))
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  features:\n" in text and "\nsite_url: " in text
    text = text.replace("  features:\n", "  features:\n    - navigation.instant\n")
    text = re.sub(r"\nsite_url: .*\n", f"\nsite_url: http://127.0.0.1:{port}/\n", text)
    config.write_text(text, encoding="utf-8")
    site = sitebuild.build(root)
    with sitebuild.serve(site, port=port) as url:
        yield url, read_corpus(site)


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


@pytest.fixture
def open_page(browser):
    """``open_page(base, init_script=None)`` -> (page, watch), in a fresh context (empty storage)."""
    contexts = []

    def make(base: str, init_script: str | None = None):
        context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
        if init_script:
            context.add_init_script(init_script)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        return page, Watch(page, base)

    yield make
    for context in contexts:
        context.close()


def stored(page, base: str) -> dict:
    return json.loads(page.evaluate("key => localStorage.getItem(key)", f"paper-atlas:{base}") or "null")


def toggle(scope, mark: str):
    return scope.locator(f"button.pa-toggle--{mark}")


def table_row(page, slug: str):
    """The table row of ``slug`` once the table shows it (filtered by the paper's title)."""
    from playwright.sync_api import expect

    expect(page.locator(".pa-table[data-mounted='ready']")).to_have_count(1)
    return page.locator(".tabulator-row").filter(has=page.locator(f"button.pa-toggle[data-slug='{slug}']"))


def bib_entries(text: str) -> dict[str, str]:
    return {m[1]: m[0] for m in re.finditer(r"(?ms)^@misc\{([^,]+),\n.*?^\}\n", text)}


# ------------------------------------------------- toggles and persistence


def test_toggles_persist_across_reload_and_instant_navigation(open_page, instant):
    from playwright.sync_api import expect

    base, corpus = instant
    mamba = slug_of(corpus, MAMBA)
    page, watch = open_page(base)
    page.goto(base + f"papers/{mamba}/")
    marks = page.locator(".pa-marks")
    expect(toggle(marks, "star")).to_have_attribute("aria-pressed", "false")
    toggle(marks, "star").click()
    toggle(marks, "read").click()
    expect(toggle(marks, "star")).to_have_attribute("aria-pressed", "true")
    expect(toggle(marks, "read")).to_have_attribute("aria-pressed", "true")
    page.reload()
    expect(toggle(marks, "star")).to_have_attribute("aria-pressed", "true")
    expect(toggle(marks, "read")).to_have_attribute("aria-pressed", "true")
    # One key, named by the site's URL: another atlas on this host keeps its own marks.
    keys = page.evaluate("Object.keys(localStorage)")  # (Material keeps its palette there too)
    assert [k for k in keys if k.startswith("paper-atlas")] == [f"paper-atlas:{base}"]
    assert stored(page, base)["marks"] == {mamba: {"star": True, "read": True, "title": corpus[mamba]["title"]}}

    # Instant navigation to a topic page: the content is swapped, the scripts stay.
    page.evaluate("window.__stayed = true")
    page.locator("article a.md-button").filter(has_text="State-Space Models").click()
    expect(page).to_have_url(re.compile(r"/topics/state-space-models/$"))
    item = page.locator(f".pa-list li[data-pa-slug='{mamba}']")
    expect(toggle(item, "star")).to_have_attribute("aria-pressed", "true")
    expect(item).to_have_class(re.compile(r"\bpa-is-read\b"))
    assert page.evaluate("window.__stayed === true")  # no page load happened
    page.locator("select.pa-readmode__select").select_option("dim")
    expect(item).to_have_css("opacity", "0.45")
    page.locator("select.pa-readmode__select").select_option("hide")
    expect(item).to_be_hidden()
    others = page.locator(".pa-list li:not(.pa-is-read)")
    expect(others.first).to_be_visible()

    # The table, still without a reload: the read filter holds there too.
    page.locator("a.md-tabs__link").filter(has_text=re.compile(r"^\s*Papers\s*$")).click()
    expect(page).to_have_url(re.compile(r"/papers/$"))
    row = table_row(page, mamba)
    assert page.evaluate("window.__stayed === true")
    select = page.locator(".pa-table select.pa-readmode__select")
    expect(select).to_have_value("hide")
    page.locator("input.pa-table__filter").fill("linear-time sequence modeling")
    expect(page.locator(".pa-table__count")).to_have_text(re.compile(r"^0 of \d+ papers match$"))
    select.select_option("show")
    expect(row).to_have_count(1)
    expect(toggle(row, "star")).to_have_attribute("aria-pressed", "true")
    select.select_option("dim")
    expect(row).to_have_class(re.compile(r"\bpa-is-read\b"))
    expect(row).to_have_css("opacity", "0.45")
    page.reload()  # the table drawn afresh in "dim" mode dims the row too
    page.locator("input.pa-table__filter").fill("linear-time sequence modeling")
    row = table_row(page, mamba)
    expect(row).to_have_css("opacity", "0.45")
    page.evaluate("window.__stayed = true")
    toggle(row, "star").click()  # unstarred from the table
    expect(toggle(row, "star")).to_have_attribute("aria-pressed", "false")

    # And back on the paper's page, by its link in the table.
    row.locator(".tabulator-cell[tabulator-field='title'] a").click()
    expect(page).to_have_url(re.compile(rf"/papers/{mamba}/$"))
    assert page.evaluate("window.__stayed === true")
    expect(toggle(page.locator(".pa-marks"), "star")).to_have_attribute("aria-pressed", "false")
    expect(toggle(page.locator(".pa-marks"), "read")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".pa-marks button")).to_have_count(2)  # mounted once, not once per visit
    assert watch.errors == [] and watch.outside == []


# ------------------------------------------------------------------ My list


def test_my_list_shows_filters_and_exports_what_was_starred(open_page, base, site, corpus, tmp_path):
    from playwright.sync_api import expect

    mamba, qlora = slug_of(corpus, MAMBA), slug_of(corpus, "QLoRA: Efficient Finetuning")
    page, watch = open_page(base)
    page.goto(base + "papers/")
    page.locator("input.pa-table__filter").fill("qlora efficient finetuning")
    toggle(table_row(page, qlora), "star").click()
    page.goto(base + f"papers/{mamba}/")
    toggle(page.locator(".pa-marks"), "star").click()
    expect(toggle(page.locator(".pa-marks"), "star")).to_have_attribute("aria-pressed", "true")
    # A paper starred in an earlier build, since gone from the corpus.
    page.evaluate("""([key, gone]) => {
        const state = JSON.parse(localStorage.getItem(key));
        state.marks[gone.slug] = {star: true, read: false, title: gone.title};
        localStorage.setItem(key, JSON.stringify(state));
    }""", [f"paper-atlas:{base}", GONE])

    page.goto(base + "my-list/")
    expect(page.locator(".pa-mylist[data-mounted='ready']")).to_have_count(1)
    items = page.locator(".pa-mylist__item")
    expect(items).to_have_count(3)
    expect(page.locator(".pa-mylist__count")).to_have_text("3 starred papers")
    for slug in (mamba, qlora):
        p = corpus[slug]
        item = items.filter(has=page.locator(f"a[href$='/papers/{slug}/']"))
        expect(item.locator(".pa-mylist__title")).to_have_text(p["title"])
        expect(item.locator(".pa-mylist__tldr")).to_have_text(p["tldr"])
        meta = item.locator(".pa-mylist__meta").inner_text()
        assert (p["date"] or "") in meta and all(name in meta for name in p["topic_names"])
    gone = page.locator(".pa-mylist__item--gone")
    expect(gone.locator(".pa-mylist__title")).to_have_text(GONE["title"])  # shown as text, not markup
    expect(gone).to_contain_text("no longer in the atlas")
    assert gone.locator("b").count() == 0

    page.locator("input.pa-mylist__filter").fill("qlora")
    expect(items).to_have_count(1)
    expect(page.locator(".pa-mylist__count")).to_have_text("1 of 3 starred papers match")
    page.locator("input.pa-mylist__filter").fill("")
    expect(items).to_have_count(3)

    with page.expect_download() as got:
        page.locator("button.pa-mylist__export-json").click()
    exported = json.loads(Path(got.value.path()).read_text(encoding="utf-8"))
    assert exported["format"] == "paper-atlas-marks" and exported["site"] == base
    assert [(p["slug"], p["star"], p["read"]) for p in exported["papers"]] == sorted(
        [(GONE["slug"], True, False), (mamba, True, False), (qlora, True, False)])

    with page.expect_download() as got:
        page.locator("button.pa-mylist__export-bib").click()
    bib = Path(got.value.path()).read_text(encoding="utf-8")
    expect(page.locator(".pa-mylist__status")).to_have_text("Exported 2 BibTeX entries; 1 gone paper has no entry.")
    everything = bib_entries((site / "exports" / "papers.bib").read_text(encoding="utf-8"))
    assert bib_entries(bib) == {s: everything[s] for s in (mamba, qlora)}  # papers.bib's own entries
    library = bibtexparser.parse_string(bib)
    assert sorted(e.key for e in library.entries) == sorted([mamba, qlora]) and not library.failed_blocks
    assert watch.errors == [] and watch.outside == []


def test_a_bad_import_changes_nothing_and_a_good_one_merges(open_page, base, corpus):
    from playwright.sync_api import expect

    mamba, qlora = slug_of(corpus, MAMBA), slug_of(corpus, "QLoRA: Efficient Finetuning")
    page, watch = open_page(base)
    page.goto(base + f"papers/{mamba}/")
    toggle(page.locator(".pa-marks"), "star").click()
    page.goto(base + "my-list/")
    expect(page.locator(".pa-mylist__item")).to_have_count(1)
    before = page.evaluate("key => localStorage.getItem(key)", f"paper-atlas:{base}")
    status = page.locator(".pa-mylist__status")

    def upload(name: str, data: bytes) -> None:
        page.locator("input.pa-mylist__file").set_input_files(
            files=[{"name": name, "mimeType": "application/json", "buffer": data}])

    good_entry = {"slug": qlora, "star": True, "read": False}
    bad = {
        "notes.txt": (b"my reading notes", "it is not JSON (Unexpected token"),
        "zotero.json": (b'{"items": []}', 'its "format" is not "paper-atlas-marks"'),
        "list.json": (b'[1, 2]', "it is not a JSON object"),
        "slug.json": (json.dumps({"format": "paper-atlas-marks", "version": 1, "papers": [
            good_entry, {"slug": "../../etc/passwd", "star": True, "read": False}]}).encode(),
            "papers[1].slug is not a paper slug"),
        "flag.json": (json.dumps({"format": "paper-atlas-marks", "version": 1, "papers": [
            good_entry, {"slug": mamba, "star": "yes", "read": False}]}).encode(),
            "papers[1].star is not true or false"),
    }
    for name, (data, reason) in bad.items():
        upload(name, data)
        expect(status).to_contain_text(f"Not imported: {name} is not a Paper Atlas list: {reason}")
        expect(status).to_contain_text("Nothing was changed.")
        assert page.evaluate("key => localStorage.getItem(key)", f"paper-atlas:{base}") == before
        expect(page.locator(".pa-mylist__item")).to_have_count(1)

    # A good file merges: QLoRA is added, Mamba keeps its star and gains the read mark.
    good = {"format": "paper-atlas-marks", "version": 1, "site": "https://elsewhere.example/", "papers": [
        good_entry, {"slug": mamba, "star": False, "read": True}]}
    upload("mine.json", json.dumps(good).encode())
    expect(status).to_have_text("Imported 2 papers from mine.json (1 new to this browser).")
    marks = stored(page, base)["marks"]
    assert marks[mamba]["star"] and marks[mamba]["read"] and marks[qlora] == {"star": True, "read": False}
    expect(page.locator(".pa-mylist__item")).to_have_count(2)
    assert watch.errors == [] and watch.outside == []


# --------------------------------------------------------- papers like this


def test_a_pasted_abstract_finds_its_own_paper_first_then_related_ones(open_page, base, corpus):
    from playwright.sync_api import expect

    page, watch = open_page(base)
    page.goto(base + "like/")
    mamba = slug_of(corpus, MAMBA)
    page.locator(".pa-like textarea").fill(corpus[mamba]["abstract"])
    page.locator(".pa-like button[type=submit]").click()
    results = page.locator(".pa-like__result")
    expect(results).to_have_count(10)
    links = [a.get_attribute("href") for a in results.locator("a").all()]
    assert links[0].endswith(f"/papers/{mamba}/")
    after = {re.search(r"/papers/([^/]+)/$", h)[1] for h in links[1:]}
    assert len(set(corpus[mamba]["related"]) & after) >= 2  # the related papers its page lists come next
    expect(results.first.locator(".pa-like__terms")).to_contain_text("mamba")
    expect(page.locator(".pa-like__status")).to_have_text(re.compile(r"^10 closest papers \(\d+ ms\)\.$"))

    # Every seed paper with an abstract, through the same code: its own paper comes first.
    with_abstract = {s: p["abstract"] for s, p in corpus.items() if p["abstract"]}
    assert len(with_abstract) > 300
    firsts = page.evaluate("""async texts => {
        const out = {};
        for (const [slug, text] of Object.entries(texts)) out[slug] = (await PaperAtlasReader.similar(text))[0].slug;
        return out;
    }""", with_abstract)
    assert {s: f for s, f in firsts.items() if f != s} == {}
    assert watch.errors == [] and watch.outside == []


# ------------------------------------------------------------ keyboard only


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_everything_works_from_the_keyboard(open_page, base, corpus):
    from playwright.sync_api import expect

    mamba = slug_of(corpus, MAMBA)
    page, watch = open_page(base)
    page.goto(base + f"papers/{mamba}/")
    tab_to(page, ".pa-marks button.pa-toggle--star")
    page.keyboard.press("Space")
    expect(toggle(page.locator(".pa-marks"), "star")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(toggle(page.locator(".pa-marks"), "read")).to_have_attribute("aria-pressed", "true")

    page.goto(base + "papers/")
    expect(page.locator(".pa-table[data-mounted='ready']")).to_have_count(1)
    tab_to(page, ".pa-table select.pa-readmode__select")
    page.keyboard.press("ArrowDown")  # shown -> dimmed, as a keyboard changes a <select>
    expect(page.locator(".pa-table select.pa-readmode__select")).to_have_value("dim")
    tab_to(page, ".tabulator-row button.pa-toggle--star")
    slug = page.evaluate("document.activeElement.dataset.slug")
    page.keyboard.press("Enter")
    expect(page.locator(f".tabulator-row button.pa-toggle--star[data-slug='{slug}']")).to_have_attribute(
        "aria-pressed", "true")

    page.goto(base + "my-list/")
    expect(page.locator(".pa-mylist__item")).to_have_count(2)
    tab_to(page, "button.pa-mylist__export-json")
    with page.expect_download():
        page.keyboard.press("Enter")
    # Import is the browser's own file input (it opens the file dialog from the keyboard), named by its label.
    tab_to(page, ".pa-mylist__import input[type=file]")
    assert page.get_by_label("Import JSON…").evaluate("el => el === document.activeElement")

    page.goto(base + "like/")
    tab_to(page, ".pa-like textarea")
    page.keyboard.insert_text(corpus[mamba]["abstract"])
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".pa-like__result").first.locator("a")).to_have_attribute(
        "href", re.compile(rf"/papers/{mamba}/$"))
    assert watch.errors == [] and watch.outside == []


# ------------------------------------------------------- storage refused


REFUSALS = {
    # Quota used up: every write throws.
    "full": "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };",
    # Storage blocked (some private modes, cookies blocked): even reading localStorage throws.
    "blocked": "Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });",
}


@pytest.mark.parametrize("refusal", sorted(REFUSALS))
def test_refused_storage_shows_a_note_and_the_pages_still_work(open_page, base, corpus, refusal):
    from playwright.sync_api import expect

    mamba = slug_of(corpus, MAMBA)
    page, watch = open_page(base, REFUSALS[refusal])
    stacks: list[str] = []
    page.on("pageerror", lambda e: stacks.append(e.stack or str(e)))
    page.goto(base + f"papers/{mamba}/")
    marks = page.locator(".pa-marks")
    toggle(marks, "star").click()
    expect(toggle(marks, "star")).to_have_attribute("aria-pressed", "true")  # kept for this visit
    note = marks.locator(".pa-storage-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text("does not let Paper Atlas keep your stars and read marks")
    page.goto(base + "papers/")
    expect(page.locator(".pa-table[data-mounted='ready']")).to_have_count(1)
    first = page.locator(".tabulator-row").first
    toggle(first, "read").click()
    expect(toggle(first, "read")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".pa-table .pa-storage-note")).to_be_visible()
    page.goto(base + "like/")
    page.locator(".pa-like textarea").fill(corpus[mamba]["abstract"])
    page.locator(".pa-like button[type=submit]").click()
    expect(page.locator(".pa-like__result")).to_have_count(10)
    # Material's own palette code reads localStorage too, and throws where it is blocked; ours never does.
    assert not [s for s in stacks if "atlas-" in s], stacks
    if refusal == "full":
        assert watch.errors == []
    assert watch.outside == []


# ------------------------------------------------------------ hostile text


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    dump = "\n\n".join(f"{title}\n\n{HOSTILE_ABSTRACT}" for title in HOSTILE_TITLES) + "\n"
    root = sitebuild.make_project(tmp_path_factory.mktemp("hostile-reader"), {"hostile.txt": dump}, curation=False)
    site = sitebuild.build(root)
    with sitebuild.serve(site) as url:
        yield url, {p["title"]: s for s, p in read_corpus(site).items()}


def test_hostile_titles_stay_text_in_my_list_and_papers_like_this(open_page, hostile):
    from playwright.sync_api import expect

    base, slugs = hostile
    page, watch = open_page(base)
    page.goto(base + "papers/")
    expect(page.locator(".pa-table[data-mounted='ready']")).to_have_count(1)
    for slug in slugs.values():
        toggle(page.locator(f".tabulator-row:has(button[data-slug='{slug}'])"), "star").click()
    page.goto(base + "my-list/")
    titles = page.locator(".pa-mylist__item .pa-mylist__title")
    expect(titles).to_have_count(len(slugs))
    assert sorted(titles.all_inner_texts()) == sorted(slugs)
    page.goto(base + "like/")
    page.locator(".pa-like textarea").fill(HOSTILE_ABSTRACT)
    page.locator(".pa-like button[type=submit]").click()
    results = page.locator(".pa-like__result a")
    expect(results).to_have_count(len(slugs))
    assert sorted(results.all_inner_texts()) == sorted(slugs)
    assert page.locator("script", has_text="alert(1)").count() == 0 and page.locator("img[src='x']").count() == 0
    assert watch.dialogs == [] and watch.errors == [] and watch.outside == []
