"""Failures leave nothing half-written; the same data gives the same bytes; `check` tells all.

The kill tests stop a real ``python -m generator`` with SIGKILL at moments
picked by watching its progress (a temporary file appears, pages start to
change); whatever the moment, the invariant must hold, so none of them
depends on timing to pass.
"""

from __future__ import annotations

import functools
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT, SEEDS
from mkdocs.utils.meta import get_data

from bench import project, synth
from generator import pipeline
from generator.cli import main
from generator.errors import AtlasError
from generator.ingest.corpus import base_slug
from generator.models import MARKER, Chunks, Paper
from generator.storage import codec
from generator.storage.docs import MANIFEST
from generator.storage.files import TMP_SUFFIX, files_under, write_atomic

HOSTILE = Path(__file__).resolve().parent / "hostile"
GOOD = [  # every dump of tests/hostile/ that ingest accepts
    "markup_consecutive.txt", "crlf_bom_blank.txt", "metadata_unicode.txt", "long_line.txt", "no_final_newline.txt",
    "truncated.txt",
]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, *args], cwd=cwd, env=ENV, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result


def start(cwd: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *args], cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def files(root: Path) -> dict[str, bytes]:
    return dict(files_under(root))


@functools.cache
def _synthetic_corpus() -> list[synth.SynthPaper]:
    return synth.papers(4500, synth.load_seeds(ROOT / "data" / "raw"), random.Random(0))


def synthetic(first: int, count: int) -> str:
    """A daily page listing papers number first .. first+count-1 of one synthetic corpus (bench.synth's)."""
    return synth.render_dump("daily", _synthetic_corpus()[first : first + count], random.Random(first))


def make_project(root: Path, dumps: dict[str, str]) -> Path:
    """The project's inputs with ``dumps`` for data/raw/ and no curation (it names seed papers)."""
    return project.make_project(root, dumps, curation=False)


def stamp(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


# ------------------------------------------------------------- kill tests


def assert_whole(state: dict[str, bytes], before: dict[str, bytes], after: dict[str, bytes]) -> None:
    """Every file is one build's version of itself; nothing new is unknown to the manifest."""
    listed = set(json.loads(state[MANIFEST]))
    for rel, data in state.items():
        name = rel.rsplit("/", 1)[-1]
        if name.endswith(TMP_SUFFIX):
            assert name.startswith("."), rel  # a dotfile: MkDocs never reads it
        elif rel != MANIFEST:
            assert data in (before.get(rel), after.get(rel)), rel
            assert rel in before or rel in listed, rel  # the next build knows to remove it
            if MARKER.encode() in data:  # a generated page: MkDocs reads its front matter
                assert isinstance(get_data(data.decode("utf-8"))[1].get("title"), str), rel
    assert {rel for rel in before if rel in after} <= set(state)


def _wait_until_gone(words: list[str], timeout: float = 10.0) -> list[str]:
    """Command lines of live processes naming any of ``words``, once none is left or ``timeout`` passed."""
    deadline = time.monotonic() + timeout
    while True:
        alive = []
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                args = cmdline.read_bytes().split(b"\0")
            except OSError:  # it ended meanwhile
                continue
            if any(w.encode() in args for w in words):
                alive.append(b" ".join(args).decode(errors="replace"))
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


@pytest.mark.slow
def test_build_killed_at_any_moment_leaves_whole_pages_and_the_next_build_recovers(tmp_path: Path):
    root = make_project(tmp_path / "atlas", {"a.txt": synthetic(0, 400)})
    kept = base_slug(_synthetic_corpus()[200].title)  # paper 200 is in both corpora
    (root / "data" / "curation.yaml").write_text(f"papers:\n  {kept}:\n    featured: true\n    note: By hand.\n")
    hand = {p: stamp(root / p) for p in ("docs/about.md", "data/curation.yaml")}
    run(root, "-m", "generator", "ingest")
    run(root, "-m", "generator", "build")
    before = files(root / "docs")
    # The next corpus: 200 papers stay, 200 go, 200 come: pages change, appear and disappear.
    (root / "data" / "raw" / "a.txt").write_text(synthetic(200, 400), encoding="utf-8")
    run(root, "-m", "generator", "ingest")

    moments = [("temporary file", 0.0), ("pages swapping", 0.0), ("pages swapping", 0.05)]
    newest = max(p.stat().st_mtime_ns for p in (root / "docs" / "papers").iterdir())
    builds = []
    for i, moment in enumerate(moments):
        docs = tmp_path / f"docs{i}"
        shutil.copytree(root / "docs", docs)
        builds.append((moment, docs, start(root, "-m", "generator", "build", "--docs", str(docs))))
    pending = {i: None for i in range(len(builds))}  # build -> when its moment came
    while pending:
        for i, seen in list(pending.items()):
            (event, delay), docs, proc = builds[i]
            if proc.poll() is not None:  # finished before its moment: also a moment
                del pending[i]
                continue
            if seen is None and _reached(event, docs / "papers", newest):
                pending[i] = seen = time.monotonic()
            if seen is not None and time.monotonic() - seen >= delay:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                del pending[i]
    killed = [files(docs) for _, docs, _ in builds]
    # A killed build's forked worker does not linger (blocked on a pipe to a parent that is gone).
    assert _wait_until_gone([str(docs) for _, docs, _ in builds]) == []

    recoveries = [start(root, "-m", "generator", "build", "--docs", str(docs)) for _, docs, _ in builds]
    assert [p.wait() for p in recoveries] == [0] * len(builds)  # the next build, with no manual step
    after = files(builds[0][1])
    assert after != before and f"papers/{kept}.md" in after
    for (_, docs, _), state in zip(builds, killed):
        assert_whole(state, before, after)
        assert files(docs) == after  # recovered: same pages, no temporary left
        assert stamp(docs / "about.md") == hand["docs/about.md"]  # (copytree keeps mtimes)
    assert {p: stamp(root / p) for p in hand} == hand


def _reached(event: str, papers: Path, newest: int) -> bool:
    with os.scandir(papers) as entries:
        if event == "temporary file":
            return any(e.name.endswith(TMP_SUFFIX) for e in entries)
        return any(not e.name.startswith(".") and _changed(e, newest) for e in entries)


def _changed(entry: os.DirEntry, newest: int) -> bool:
    try:
        return entry.stat().st_mtime_ns > newest
    except FileNotFoundError:  # removed by the build since the scan: it removes pages after the swap
        return True


@pytest.mark.slow
def test_ingest_killed_at_any_moment_leaves_the_old_or_the_new_corpus(tmp_path: Path):
    root = make_project(tmp_path / "atlas", {"a.txt": synthetic(0, 3000)})
    run(root, "-m", "generator", "ingest")
    old = (root / "data" / "papers.yaml").read_bytes()
    (root / "data" / "raw" / "b.txt").write_text(synthetic(3000, 1500), encoding="utf-8")
    moments = [(0.3, False), (0.6, False), (0.0, True)]  # after a delay, or when its temporary file appears
    for i in range(len(moments)):
        (root / "data" / f"c{i}.yaml").write_bytes(old)
    procs = [start(root, "-m", "generator", "ingest", "--corpus", f"data/c{i}.yaml") for i in range(len(moments))]
    began = time.monotonic()
    alive = set(range(len(procs)))
    while alive:
        names = os.listdir(root / "data")
        for i in list(alive):
            delay, on_temporary = moments[i]
            due = any(n.startswith(f".c{i}.yaml.") for n in names) if on_temporary else time.monotonic() - began >= delay
            if procs[i].poll() is not None or due:
                procs[i].send_signal(signal.SIGKILL)
                procs[i].wait()
                alive.discard(i)
    killed = [(root / "data" / f"c{i}.yaml").read_bytes() for i in range(len(moments))]
    for i in range(len(moments)):
        run(root, "-m", "generator", "ingest", "--corpus", f"data/c{i}.yaml")
    new = (root / "data" / "c0.yaml").read_bytes()
    assert new != old and new.count(b"\n- slug: ") == 4500
    for i, data in enumerate(killed):
        assert data in (old, new)
        assert (root / "data" / f"c{i}.yaml").read_bytes() == new
    assert not [n for n in os.listdir(root / "data") if n.endswith(TMP_SUFFIX)]


# ------------------------------------------------------- hand-written files


def test_a_hand_written_page_in_the_way_is_refused(project: Path, seed_corpus):
    (project / "data" / "papers.yaml").write_text(codec.corpus_to_yaml(seed_corpus[0]), encoding="utf-8")
    page = project / "docs" / "papers" / "index.md"
    page.parent.mkdir()
    page.write_text("# My own list of papers\n", encoding="utf-8")
    before = stamp(page)
    result = CliRunner().invoke(main, ["build", "--data", str(project / "data"), "--docs", str(project / "docs")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {page}: exists and was not generated by Paper Atlas; refusing to overwrite it\n"
    )
    assert stamp(page) == before
    assert sorted(p.name for p in page.parent.iterdir()) == ["index.md"]  # nothing else was written


def test_stale_temporaries_are_swept_and_paths_stay_inside(tmp_path: Path):
    docs = tmp_path / "docs"
    (docs / "papers").mkdir(parents=True)
    (docs / "papers" / ".a.md.x1.atlas-tmp").write_text("half a page")
    (tmp_path / ".papers.yaml.x2.atlas-tmp").write_text("half a corpus")
    (tmp_path / "outside.txt").write_text("keep me")
    (docs / MANIFEST).write_text(json.dumps(["../outside.txt", "papers/a.md"]))
    write_atomic(tmp_path / "papers.yaml", "papers: []\n")
    pipeline.write_pages(docs, {"papers/a.md": MARKER + "\n"})
    assert sorted(files(tmp_path)) == ["docs/.atlas-manifest.json", "docs/papers/a.md", "outside.txt", "papers.yaml"]
    with pytest.raises(AtlasError) as info:
        pipeline.write_pages(docs, {"../escape.md": "x", "papers/b.md": "y"})
    assert [p.message for p in info.value.problems] == ["refusing to write '../escape.md': outside the folder"]
    assert not (docs / "papers" / "b.md").exists()


def test_atomic_writes_keep_the_permissions_of_the_file_they_replace(tmp_path: Path):
    target = tmp_path / "papers.yaml"
    write_atomic(target, "one\n")
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()  # what open() would give, not mkstemp's 0600
    target.chmod(0o640)
    write_atomic(target, "two\n")
    assert (target.read_text(), target.stat().st_mode & 0o777) == ("two\n", 0o640)


@pytest.mark.parametrize("old", [b"abcdef", b"abcde", b"abcdefg", b"abXdef", b""])
def test_streamed_files_are_written_only_when_their_bytes_change(tmp_path: Path, old: bytes):
    docs = tmp_path / "docs"
    (docs / "exports").mkdir(parents=True)
    target = docs / "exports" / "big.json"
    target.write_bytes(old)
    os.utime(target, (1_000_000, 1_000_000))
    made = []
    chunks = Chunks(lambda: made.append(1) or iter([b"ab", b"", b"cde", b"f"]))
    stats = pipeline.write_pages(docs, {"exports/big.json": chunks})
    assert target.read_bytes() == b"abcdef" and made == [1]  # made once, while written
    same = old == b"abcdef"
    assert (stats.written, stats.unchanged) == ((0, 1) if same else (1, 0))
    assert (target.stat().st_mtime == 1_000_000) == same  # an equal file keeps its timestamp
    assert not [p for p in docs.rglob("*") if p.name.endswith(TMP_SUFFIX)]


@pytest.mark.parametrize("bad", [0, 1, 299])  # 0: in the forked half, 1 and 299: in the parent's
def test_a_page_that_fails_to_render_leaves_nothing_written_by_either_process(tmp_path: Path, bad: int):
    from generator.output.render import Pages

    docs = tmp_path / "docs"

    def page(i: int) -> str:
        if i == bad:
            raise RuntimeError(f"page {i} failed")
        return f"{MARKER}\npage {i}\n"

    pages = Pages()
    for i in range(300):  # above pipeline.SPLIT_FROM: two processes write
        pages.add(f"papers/p{i:03d}.md", lambda i=i: page(i))
    assert len(pages) >= pipeline.SPLIT_FROM
    with pytest.raises(RuntimeError, match=f"page {bad} failed"):
        pipeline.write_pages(docs, pages)
    assert [p.name for p in docs.rglob("*") if p.is_file()] == [MANIFEST]  # no page, no temporary


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# ------------------------------------------------------------ determinism


def ingest(corpus: Path, *dumps: Path) -> bytes:
    result = CliRunner().invoke(main, ["ingest", *map(str, dumps), "--corpus", str(corpus)])
    assert result.exit_code == 0, result.stderr
    return corpus.read_bytes()


def test_re_ingesting_the_same_dumps_gives_the_same_bytes(tmp_path: Path):
    first = ingest(tmp_path / "a.yaml", *SEEDS)
    assert ingest(tmp_path / "a.yaml", *SEEDS) == first  # over itself
    assert ingest(tmp_path / "b.yaml", *reversed(SEEDS)) == first  # fresh, dumps in another order


def test_adding_a_dump_never_renames_a_paper(tmp_path: Path):
    corpus = tmp_path / "papers.yaml"
    old = yaml.safe_load(ingest(corpus, *SEEDS))["papers"]
    new = yaml.safe_load(ingest(corpus, *SEEDS, HOSTILE / "namesake.txt", *(HOSTILE / n for n in GOOD)))["papers"]
    by_source = {(s["file"], s["line"]): p["slug"] for p in new for s in p["sources"]}
    assert {p["slug"]: by_source[p["sources"][0]["file"], p["sources"][0]["line"]] for p in old} == {
        p["slug"]: p["slug"] for p in old
    }
    mamba = sorted(p["slug"] for p in new if p["title"].startswith("Mamba: Linear-Time Sequence Modeling"))
    assert mamba[0] == "mamba-linear-time-sequence-modeling-with-selective-state-spaces"
    assert re.fullmatch(r"mamba-linear-time-sequence-modeling-with-selective-state-spaces-[0-9a-f]{8}", mamba[1])
    assert len(new) == len(old) + 1 + 17


@pytest.mark.slow
def test_two_builds_of_the_same_data_give_the_same_docs_and_site(tmp_path: Path):
    """Two checkouts, each ingested and built by the real `mkdocs build --strict`."""
    dumps = {p.name: p.read_text(encoding="utf-8") for p in SEEDS}
    dumps.update({n: (HOSTILE / n).read_bytes().decode("utf-8-sig") for n in GOOD})
    roots = [make_project(tmp_path / name, dumps) for name in ("one", "two")]
    for root in roots:
        shutil.copy(ROOT / "data" / "curation.yaml", root / "data" / "curation.yaml")
    hand = {p: stamp(roots[0] / p) for p in ("docs/about.md", "data/curation.yaml")}
    for root in roots:
        run(root, "-m", "generator", "ingest")
    procs = [start(root, "-m", "mkdocs", "build", "--strict", "--quiet") for root in roots]
    assert [p.wait() for p in procs] == [0, 0]
    docs = [files(root / "docs") for root in roots]
    assert docs[0] == docs[1]
    assert (roots[0] / "data" / "papers.yaml").read_bytes() == (roots[1] / "data" / "papers.yaml").read_bytes()
    # What MkDocs itself stamps with the build date: sitemap.xml's <lastmod>, and so sitemap.xml.gz.
    site = [{r: d for r, d in files(root / "site").items() if r not in ("sitemap.xml", "sitemap.xml.gz")} for root in roots]
    assert site[0] == site[1]
    assert {p: stamp(roots[0] / p) for p in hand} == hand
    # The hostile titles are text on their pages, never markup.
    page = Html(roots[0] / "site" / "papers" / "script-alert-1-script-cross-site-scripting-in-paper-titles" / "index.html")
    assert "".join(page.h1) == "<script>alert(1)</script>: Cross-Site Scripting in Paper Titles¶"
    assert page.title == "<script>alert(1)</script>: Cross-Site Scripting in Paper Titles - Paper Atlas"
    for path in (roots[0] / "site").rglob("*.html"):
        html = Html(path)
        assert not [a for a in html.attributes if a.startswith("on")], path
        assert not [s for s in html.scripts if "alert(" in s], path


class Html(HTMLParser):
    """Event handler attributes, inline scripts, and the h1 and title texts of a page."""

    def __init__(self, path: Path) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: list[str] = []
        self.scripts: list[str] = []
        self.h1: list[str] = []
        self.title = ""
        self._in: list[str] = []
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        self.attributes += [name for name, _ in attrs]
        if tag in ("h1", "title", "script"):
            self._in.append(tag)

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        where = self._in[-1] if self._in else None
        if where == "h1":
            self.h1.append(data)
        elif where == "title":
            self.title += data
        elif where == "script":
            self.scripts.append(data)


# ------------------------------------------------------------------ check

GONE = "proxylessnas-direct-neural-architecture-search-on-target-task-and-hardware"  # curated in data/curation.yaml


def curation_line(path: Path, slug: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.strip() == f"{slug}:")


def write_corpus(data: Path, papers: list[Paper], edit=lambda papers: None) -> list[dict]:
    corpus = yaml.safe_load(codec.corpus_to_yaml(p for p in papers if p.slug != GONE))
    edit(corpus["papers"])
    (data / "papers.yaml").write_text(yaml.safe_dump(corpus, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return corpus["papers"]


def break_everything(data: Path, papers: list[Paper]) -> list[str]:
    """Break corpus, taxonomy, curation and a dump at once; the lines `check` must print."""

    def edit(items: list[dict]) -> None:
        items[0]["authors"] = "three"
        items.append(dict(items[1]))

    items = write_corpus(data, papers, edit)
    topics = yaml.safe_load((data / "topics.yaml").read_text(encoding="utf-8"))
    topics["topics"].append({"slug": "Bad Slug", "name": "", "description": "d", "keywords": ["(unclosed"]})
    (data / "topics.yaml").write_text(yaml.safe_dump(topics, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with (data / "curation.yaml").open("a", encoding="utf-8") as f:
        f.write("  no-such-paper:\n    add_topics: [no-such-topic]\n    featured: maybe\n")
    shutil.copy(HOSTILE / "latin1.txt", data / "raw" / "zz-latin1.txt")
    bad_topic = rf"error: {data}/topics.yaml: topic #{len(topics['topics'])} \('Bad Slug'\): "
    curation = data / "curation.yaml"
    return [
        rf"error: {data}/papers.yaml:\d+: paper '{items[0]['slug']}': `authors` must be a whole number or null, not 'three'",
        rf"error: {data}/papers.yaml:\d+: slug '{items[1]['slug']}' is used twice \(first: paper #2\)",
        bad_topic + r"slug must be lowercase words joined by '-' .*",
        bad_topic + r"name is missing or empty",
        bad_topic + r"keyword '\(unclosed' is not a valid regular expression: .*",
        rf"error: {curation}:{curation_line(curation, GONE)}: entry '{GONE}': no paper has this slug.*",
        rf"error: {curation}:\d+: entry 'no-such-paper': no paper has this slug.*",
        rf"error: {curation}:\d+: entry 'no-such-paper': `featured` must be true or false",
        rf"error: {curation}:\d+: entry 'no-such-paper': unknown topic 'no-such-topic' in `add_topics`.*",
        rf"error: {data}/raw/zz-latin1.txt:3: not UTF-8 \(byte 0xe9\); re-save the dump as UTF-8, .*",
    ]


def check(data: Path):
    return CliRunner().invoke(main, ["check", "--data", str(data)])


def test_check_lists_every_problem_at_once(project: Path, seed_corpus):
    expected = break_everything(project / "data", seed_corpus[0])
    result = check(project / "data")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    for pattern in expected:
        assert any(re.fullmatch(pattern, line) for line in lines), pattern
    assert re.fullmatch(rf"\d+ problems in {project / 'data'}/", lines[-1])
    assert "Traceback" not in result.output + result.stderr


def test_check_reports_only_the_real_problems(project: Path, seed_corpus):
    expected = break_everything(project / "data", seed_corpus[0])
    lines = check(project / "data").stderr.splitlines()
    assert len(lines) == len(expected) + 1


def test_a_curated_paper_that_left_the_corpus_is_reported_by_check_and_build(project: Path, seed_corpus):
    data = project / "data"
    write_corpus(data, seed_corpus[0])
    curation = data / "curation.yaml"
    before = stamp(curation)
    line = rf"error: {curation}:{curation_line(curation, GONE)}: entry '{GONE}': no paper has this slug.*"
    checked = check(data)
    assert checked.exit_code == 1 and [re.fullmatch(line, x) is not None for x in checked.stderr.splitlines()] == [
        True, False
    ]
    built = CliRunner().invoke(main, ["build", "--data", str(data), "--docs", str(project / "docs")])
    assert built.exit_code == 1 and re.fullmatch(line, built.stderr.strip())
    assert sorted(p.name for p in (project / "docs").iterdir()) == ["about.md", "assets"]  # nothing written
    assert stamp(curation) == before


# ------------------------------------------------------------ update


def test_update_gives_what_ingest_then_build_give_and_then_leaves_every_file_alone(tmp_path: Path):
    """`make site` runs `update`: one process, the corpus passed on in memory; the bytes must not differ."""
    dumps = {p.name: p.read_text(encoding="utf-8") for p in SEEDS}
    two = make_project(tmp_path / "two", dumps)
    run(two, "-m", "generator", "ingest")
    run(two, "-m", "generator", "build")
    one = make_project(tmp_path / "one", dumps)
    out = run(one, "-m", "generator", "update").stdout
    assert re.search(r"ingested 4 files: \d+ entries, \d+ unique papers", out)
    assert re.search(r"built \d+ papers, \d+ topics: \d+ pages written, 0 unchanged, 0 removed", out)
    assert (one / "data" / "papers.yaml").read_bytes() == (two / "data" / "papers.yaml").read_bytes()
    stamp_file = "docs/.atlas-inputs.json"  # `build` alone writes no stamp; the MkDocs hook would
    generated = {k: v for k, v in files(one / "docs").items() if k != stamp_file.removeprefix("docs/")}
    assert generated == files(two / "docs") and len(generated) > 400

    before = {p: p.stat().st_mtime_ns for p in (one / "docs").rglob("*") if p.is_file()}
    again = run(one, "-m", "generator", "update").stdout
    assert "pages already up to date" in again
    assert {p: p.stat().st_mtime_ns for p in (one / "docs").rglob("*") if p.is_file()} == before


def test_update_with_a_bad_dump_names_it_and_writes_nothing(tmp_path: Path):
    root = make_project(tmp_path / "atlas", {"a.txt": synthetic(0, 20)})
    run(root, "-m", "generator", "update")
    corpus, docs = (root / "data" / "papers.yaml").read_bytes(), files(root / "docs")
    (root / "data" / "raw" / "b.txt").write_bytes(b"Daily Papers\n\nA Title\n\n\xff\xfe not utf-8\n")
    result = subprocess.run([sys.executable, "-m", "generator", "update"], cwd=root, env=ENV, capture_output=True, text=True)
    assert result.returncode == 1
    assert re.search(r"error: .*data/raw/b\.txt:\d+: ", result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert (root / "data" / "papers.yaml").read_bytes() == corpus and files(root / "docs") == docs


def test_the_command_line_keeps_its_exit_codes_and_output_when_it_skips_the_teardown(tmp_path: Path):
    """``python -m generator`` ends with ``os._exit``: nothing printed may be lost, no status changed."""
    root = make_project(tmp_path / "atlas", {"a.txt": synthetic(0, 30)})

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "generator", *args], cwd=root, env=ENV, capture_output=True, text=True)

    done = cli("update")
    assert done.returncode == 0 and done.stdout.count("\n") == 2 and done.stdout.startswith("ingested 1 files")
    assert cli("check").returncode == 0
    assert cli("build", "--no-such-option").returncode == 2
    (root / "data" / "raw" / "b.txt").write_text("an abstract with no title before it, in lower case, ending here.\n")
    bad = cli("ingest")
    assert bad.returncode == 1 and "b.txt:1:" in bad.stderr and "Traceback" not in bad.stderr
