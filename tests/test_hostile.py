"""Hostile dumps (tests/hostile/): each gives exactly the papers written here, or a clear error.

Expected values are written by hand from the fixture files (see
tests/hostile/README.md), never copied from the parser's output.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT

from generator.cli import main
from generator.errors import AtlasError
from generator.ingest.parse import parse_dump
from generator.models import Org

HOSTILE = Path(__file__).resolve().parent / "hostile"


def entries(name: str):
    found, warnings = parse_dump((HOSTILE / name).read_bytes(), name)
    return [(e.source.line, e.title, e.abstract, e.authors, e.org, e.date, e.comments) for e in found], warnings


# --------------------------------------------------------------- the three layouts


def test_markup_consecutive_keeps_html_jinja_markdown_and_latex_verbatim():
    got, warnings = entries("markup_consecutive.txt")
    assert got == [
        (
            3,
            "<script>alert(1)</script>: Cross-Site Scripting in Paper Titles",
            "We show that a title such as <script>alert(1)</script> or <img src=x onerror=alert(1)> must be shown "
            "as text and never run. Pages that paste listings into HTML without escaping are open to script "
            "injection, and we measure how often that happens on 2,000 sites.",
            None, None, None, None,
        ),
        (
            5,
            "Templates {{ config }} and {% raw %} Blocks in Jinja Pages",
            'Text like {{ config.items() }} and {% include "x.html" %} must never be evaluated by a template '
            "engine. We render such strings through Jinja2 and Markdown and check that the text survives exactly "
            "as it was typed by the authors.",
            None, None, None, None,
        ),
        (
            7,
            "*Bold* Claims, _Emphasis_ and | Pipes | in [Links](https://example.com/x)",
            "Markdown syntax in a listing, such as **stars**, __underscores__, `backticks`, [x](y) links, "
            "| table | cells |, # headings and ~~strikes~~, should be displayed literally. We count how often "
            "such characters appear in one thousand abstracts.",
            None, None, None, None,
        ),
        (
            9,
            "Attention Costs $O(n^2)$: Sparse Kernels for \\textbf{Long} Sequences",
            "We reduce the cost of attention from $O(n^2)$ to $O(n \\log n)$ with a sparse kernel, reaching "
            "60\\% fewer FLOPs and a 3$\\times$ speed-up on sequences of $10^{5}$ tokens while matching the "
            "accuracy of dense attention.",
            None, None, None, None,
        ),
    ]
    assert warnings == []


def test_bom_crlf_nfd_and_odd_spaces_are_normalised():
    got, warnings = entries("crlf_bom_blank.txt")
    assert got == [
        (
            5,
            "R\u00e9sum\u00e9 Parsing with Caf\u00e9-Style Attention",
            "We parse r\u00e9sum\u00e9s written in French with an attention model trained on caf\u00e9 menus. "
            "The accents in this abstract are typed as decomposed characters, and the model still reaches 91% "
            "accuracy on the held-out set.",
            None, None, None, None,
        ),
        (
            9,
            "GPT 4 Meets BERT: Two Models, One Benchmark",
            "We compare two language models on one benchmark. Both are evaluated with the same prompts, and we "
            "report that neither model wins on every task we tried.",
            None, None, None, None,
        ),
    ]
    assert warnings == []


def test_metadata_layout_with_cjk_emoji_and_html_in_metadata():
    got, warnings = entries("metadata_unicode.txt")
    assert got == [
        (
            13,
            "Subscribers Matter: Modelling Newsletter Growth with Diffusion",
            "We model how newsletters gain and lose subscribers with a diffusion process on the follower graph. "
            "The model predicts weekly growth within 4% on twelve newsletters and explains why most readers "
            "leave within a month.",
            3, None, "Nov 2, 2024", 1,
        ),
        (
            21,
            "大规模语言模型的推理优化",
            "We survey inference optimisation for large language models, covering quantisation, speculative "
            "decoding and caching. The survey is written for engineers who deploy models in Chinese-language "
            "products.",
            12, Org("baidu", "百度"), "Jul 10", 48,
        ),
        (
            30,
            "🚀🔥🤖",
            "We study how emoji in paper titles affect search, citation and sharing. Titles made only of emoji "
            "are rare, but they break tools that expect words.",
            None, None, "Sep 1", None,
        ),
        (37, "A Paper Listed Without Its Abstract", None, 1, Org("xss-lab", "<img src=x onerror=alert(1)>"),
         "Dec 1, 2023", 12),
        (
            44,
            "Universit\u00e9 Research: Models for Paris",
            "We describe models built for the city of Paris by a university lab. The accents of the organisation "
            "name are typed as decomposed characters in this listing.",
            None, Org("mila", "Mila Qu\u00e9bec"), "Mar 5, 2025", 7,
        ),
    ]
    assert warnings == []


def test_a_200_kb_line_is_one_abstract_and_parsing_goes_on():
    sentence = "We repeat this sentence to test a very long line of 200 KB. "
    long_abstract = (sentence * 4000)[:200_000].strip()
    got, _ = entries("long_line.txt")
    assert got == [
        (1, "A Two-Hundred-Kilobyte Abstract", long_abstract, None, None, None, None),
        (
            5,
            "After the Long Line: Parsing Continues",
            "We check that the paper after a very long line is read as usual. Its title and its abstract must "
            "both be found.",
            None, None, None, None,
        ),
    ]


def test_no_final_newline_keeps_the_cut_abstract():
    got, warnings = entries("no_final_newline.txt")
    assert [g[:3] for g in got] == [
        (
            1,
            "Sparse Mixtures of Tiny Experts",
            "We train sparse mixtures of very small experts and show that routing to four of them matches a "
            "dense model. The experts are trained jointly with the router.",
        ),
        (
            3,
            "Cache-Aware Speculative Decoding",
            "Large language models are slow to decode one token at a time. We study how speculative decoding "
            "interacts with the key-value cach",
        ),
    ]
    # The paste ends inside the last abstract: kept, marked as cut off, and said.
    found, _ = parse_dump((HOSTILE / "no_final_newline.txt").read_bytes(), "no_final_newline.txt")
    assert [e.truncated for e in found] == [False, True]
    assert [(w.line, w.message) for w in warnings] == [(3, "the last paper's abstract is cut off; kept as far as it goes")]


def test_truncated_last_paper_is_kept_with_a_warning():
    got, warnings = entries("truncated.txt")
    assert got == [
        (
            3,
            "Quantised Adapters for Edge Devices",
            "We fine-tune quantised adapters on phones and show that 4-bit adapters keep 98% of the accuracy of "
            "full precision. Training fits in 2 GB of memory.",
            4, None, "Oct 3, 2024", 9,
        ),
        (
            11,
            "Streaming Speech Recognition at Scale",
            "We build a streaming speech recogniser that serves a million users with a latency under 200 ms. "
            "The model is trained on 100,000 hours of speech.",
            5, None, None, None,
        ),
    ]
    assert [str(w) for w in warnings] == ["truncated.txt:16: '·' at the end of the file with no date; ignored"]


# ------------------------------------------------------------ refused encodings

REFUSED = {
    "latin1.txt": "latin1.txt:3: not UTF-8 (byte 0xe9); re-save the dump as UTF-8, e.g. `iconv -f latin1 -t utf-8`",
    "utf16.txt": "utf16.txt:1: UTF-16 text (byte-order mark FF FE / FE FF); re-save the dump as UTF-8",
    "binary.txt": "binary.txt:3: binary data (NUL byte), not a text dump",
    "empty.txt": "empty.txt:1: no papers found (empty dump?)",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_files_name_file_and_line(name):
    with pytest.raises(AtlasError) as info:
        parse_dump((HOSTILE / name).read_bytes(), name)
    assert [str(p) for p in info.value.problems] == [REFUSED[name]]


# ------------------------------------------------------------------ the CLI

GOOD = [  # every dump of tests/hostile/ that ingest accepts
    "markup_consecutive.txt", "crlf_bom_blank.txt", "metadata_unicode.txt", "long_line.txt", "no_final_newline.txt",
    "truncated.txt",
]


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_ingest_of_hostile_dumps_keeps_every_paper_and_the_raw_text(tmp_path: Path):
    result = run_cli("ingest", *(str(HOSTILE / n) for n in GOOD), "--corpus", "papers.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "ingested 6 files: 17 entries, 17 unique papers, 0 duplicates merged, 2 warnings" in result.stdout
    assert result.stderr.strip().splitlines() == [
        f"warning: {HOSTILE / 'no_final_newline.txt'}:3: the last paper's abstract is cut off; kept as far as it goes",
        f"warning: {HOSTILE / 'truncated.txt'}:16: '·' at the end of the file with no date; ignored",
    ]
    papers = {p["slug"]: p for p in yaml.safe_load((tmp_path / "papers.yaml").read_text(encoding="utf-8"))["papers"]}
    assert len(papers) == 17
    assert len(papers["a-two-hundred-kilobyte-abstract"]["abstract"]) == 200_000
    xss = papers["script-alert-1-script-cross-site-scripting-in-paper-titles"]
    assert xss["title"] == "<script>alert(1)</script>: Cross-Site Scripting in Paper Titles"
    assert "title_raw" not in xss  # nothing to clean: stored once
    latex = papers["attention-costs-o-n-2-sparse-kernels-for-textbf-long-sequences"]
    assert latex["title"] == "Attention Costs O(n^2): Sparse Kernels for Long Sequences"
    assert latex["title_raw"] == "Attention Costs $O(n^2)$: Sparse Kernels for \\textbf{Long} Sequences"
    assert latex["abstract"] == (
        "We reduce the cost of attention from O(n^2) to O(n log n) with a sparse kernel, reaching 60% fewer "
        "FLOPs and a 3× speed-up on sequences of 10^5 tokens while matching the accuracy of dense attention."
    )
    jinja = papers["templates-config-and-raw-blocks-in-jinja-pages"]
    assert jinja["title"] == "Templates {{ config }} and {% raw %} Blocks in Jinja Pages"  # shown as typed
    assert "title_raw" not in jinja  # cleaning changed nothing
    emoji = next(p for p in papers.values() if p["title"] == "🚀🔥🤖")
    assert emoji["slug"].startswith("paper-") and emoji["date"] == "Sep 1"
    assert papers["da-gui-mo-yu-yan-mo-xing-de-tui-li-you-hua"]["org"] == {"id": "baidu", "name": "百度"}
    no_abstract = papers["a-paper-listed-without-its-abstract"]
    assert (no_abstract["abstract"], no_abstract["org"]["name"]) == (None, "<img src=x onerror=alert(1)>")
    assert papers["streaming-speech-recognition-at-scale"]["sources"] == [
        {"file": str(HOSTILE / "truncated.txt"), "line": 11}
    ]


def test_jinja_looking_title_is_shown_as_typed():
    from generator.ingest.clean import clean_text

    assert clean_text("Templates {{ config }} and {% raw %} Blocks") == "Templates {{ config }} and {% raw %} Blocks"


def test_ingest_lists_every_refused_file_and_writes_nothing(tmp_path: Path):
    corpus = tmp_path / "papers.yaml"
    corpus.write_text("papers: []\n", encoding="utf-8")
    before = corpus.stat().st_mtime_ns
    names = sorted(REFUSED) + ["markup_consecutive.txt"]
    result = run_cli("ingest", *(str(HOSTILE / n) for n in names), "--corpus", str(corpus), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines == [f"error: {HOSTILE}/{REFUSED[n]}" for n in sorted(REFUSED)] + [
        "4 problems; nothing was written."
    ]
    assert corpus.read_text(encoding="utf-8") == "papers: []\n" and corpus.stat().st_mtime_ns == before


def test_unwritable_corpus_is_an_error_not_a_traceback(tmp_path: Path):
    (tmp_path / "file").write_text("not a folder\n")
    result = run_cli("ingest", str(HOSTILE / "truncated.txt"), "--corpus", "file/papers.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: file/papers.yaml: cannot write: ")


def test_missing_dump_is_bad_input_and_unknown_option_is_usage(tmp_path: Path):
    runner = CliRunner()
    missing = runner.invoke(main, ["ingest", str(tmp_path / "nope.txt"), "--corpus", str(tmp_path / "p.yaml")])
    assert missing.exit_code == 1
    assert missing.stderr.strip() == f"error: {tmp_path / 'nope.txt'}: cannot read: No such file or directory"
    usage = runner.invoke(main, ["ingest", "--no-such-option"])
    assert usage.exit_code == 2 and "No such option" in usage.stderr
    assert not (tmp_path / "p.yaml").exists()


def test_corrupt_previous_corpus_is_named_with_its_line(tmp_path: Path):
    corpus = tmp_path / "papers.yaml"
    corpus.write_text("papers:\n- slug: a\n  title: [unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(HOSTILE / "truncated.txt"), "--corpus", str(corpus)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {corpus}:4: invalid YAML: ")
    assert corpus.read_text(encoding="utf-8") == "papers:\n- slug: a\n  title: [unclosed\n"


def test_hand_edited_corpus_lists_every_bad_field_with_its_line(tmp_path: Path):
    corpus = tmp_path / "papers.yaml"
    corpus.write_text(
        "papers:\n"
        "- slug: ../../etc/passwd\n"
        "  title: Escape\n"
        "- slug: good-paper\n"
        "  title: Good\n"
        "- slug: dated\n"
        "  title: Dated\n"
        "  date: 2024-11-02\n"
        "  authors: true\n"
        "  org: nvidia\n"
        "- slug: good-paper\n"
        "  title: Good Again\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["build", "--data", str(tmp_path), "--docs", str(tmp_path / "docs")])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: {corpus}:2: paper '../../etc/passwd': `slug` must be lower-case letters, digits and single "
        "hyphens, not '../../etc/passwd'",
        f"error: {corpus}:6: paper 'dated': `date` must be text (quote it) or null, not date 2024-11-02",
        f"error: {corpus}:6: paper 'dated': `authors` must be a whole number or null, not True",
        f"error: {corpus}:6: paper 'dated': `org` must be null or a mapping with text `id` and `name`",
        f"error: {corpus}:11: slug 'good-paper' is used twice (first: paper #2)",
        "5 problems; nothing was written.",
    ]
    assert not (tmp_path / "docs").exists()


ABSTRACT = "We study a hostile title and check that its paper keeps a page of its own in the atlas."


def test_a_paper_titled_index_keeps_its_own_page():
    from generator.ingest.corpus import build_corpus

    entries, _ = parse_dump(f"Index\n{ABSTRACT}\n".encode(), "index.txt")
    (paper,), _ = build_corpus(entries)
    assert paper.slug != "index"


def test_a_title_of_pure_latex_still_has_a_visible_title():
    from generator.ingest.corpus import build_corpus

    entries, _ = parse_dump(f"$$\n{ABSTRACT}\n".encode(), "latex.txt")
    (paper,), _ = build_corpus(entries)
    assert paper.title.strip()
