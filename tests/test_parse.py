"""The parser on each layout of the real dumps, and on input it must refuse."""

from __future__ import annotations

import pytest
from conftest import SEEDS, fixture_text

from generator.errors import AtlasError
from generator.ingest.lines import CONTROL_RE, ODD_SPACE_RE, normalize_line
from generator.ingest.parse import parse_dump, parse_text
from generator.ingest.shapes import is_abstract
from generator.models import Org


def test_consecutive_layout_skips_chrome_and_unglues_subscribe():
    entries, warnings = parse_text(fixture_text("consecutive.txt"), "c.txt")
    assert [e.title for e in entries] == [
        "4Real-Video: Learning Generalizable Photo-Realistic 4D Video Diffusion",
        "KUIELab-MDX-Net: A Two-Stream Neural Network for Music Demixing",
        "VHASR: A Multimodal Speech Recognition System With Vision Hotwords",
    ]
    assert all(e.abstract and len(e.abstract) > 500 for e in entries)
    assert entries[0].abstract.startswith("We propose 4Real-Video, a novel framework")
    assert [e.source.line for e in entries] == [3, 5, 7]
    assert all(e.date is None and e.authors is None for e in entries)
    assert warnings == []


def test_blank_separated_layout():
    entries, _ = parse_text(fixture_text("blank_separated.txt"), "b.txt")
    assert [e.title for e in entries] == [
        "ProxylessNAS: Direct Neural Architecture Search on Target Task and Hardware",
        "MIA-DPO: Multi-Image Augmented Direct Preference Optimization For Large Vision-Language Models",
    ]
    assert entries[1].abstract.startswith("Visual preference alignment")
    assert [e.source.line for e in entries] == [11, 15]


def test_metadata_layout_reads_authors_org_date_and_upvotes():
    entries, _ = parse_text(fixture_text("with_metadata.txt"), "m.txt")
    by_title = {e.title.split(":")[0]: e for e in entries}
    first = entries[0]
    assert first.title == "Slow-Fast Architecture for Video Multi-Modal Large Language Models"
    assert (first.authors, first.date, first.comments) == (None, None, None)  # no metadata at all
    hyper = by_title["HyperZ$\\cdot$Z$\\cdot$W Operator Connects Slow-Fast Networks for Full Context Interaction"]
    assert (hyper.authors, hyper.date, hyper.comments) == (1, "Jan 31, 2024", 1)
    fast = by_title["Fast & Slow Learning"]
    assert (fast.authors, fast.date, fast.comments) == (4, "Nov 10, 2020", None)
    longcat = by_title["LongCat-Flash Technical Report"]
    assert longcat.org == Org("meituan-longcat", "LongCat")
    assert (longcat.authors, longcat.date) == (None, "Sep 1")  # never a year the dump did not give
    assert by_title["Mamba"].comments == 12
    assert by_title["Rethinking the shape convention of an MLP"].date is None
    nemotron = by_title["Nemotron-Flash"]
    assert (nemotron.org, nemotron.date, nemotron.comments) == (Org("nvidia", "NVIDIA"), "Nov 24", 2)


def test_a_title_alone_is_no_paper_but_a_warning_naming_its_line():
    """A line with neither body nor metadata after it is a widget or a heading (a search box's
    text, a footer link), never a paper: skipped, and said."""
    text = "Daily Papers\n\nA Paper With No Abstract\n\nSecond Paper: Has One\n\n" + "We study things. " * 30 + "\n"
    entries, warnings = parse_text(text, "x.txt")
    assert [e.title for e in entries] == ["Second Paper: Has One"]
    assert [(w.line, w.message) for w in warnings] == [(None, "skipped 1 line(s) that belong to no paper: lines 3")]


def test_a_title_without_abstract_but_with_metadata_is_a_paper():
    text = "A Paper With No Abstract\n  • 2 authors\n·\nMar 3, 2024\nSecond Paper: Has One\n" + "We study things. " * 30
    entries, warnings = parse_text(text, "x.txt")
    assert [(e.title, e.abstract is None, e.authors, e.date) for e in entries] == [
        ("A Paper With No Abstract", True, 2, "Mar 3, 2024"),
        ("Second Paper: Has One", False, None, None),
    ]
    assert warnings == []


@pytest.mark.parametrize(
    "title",
    [
        "Skip a Layer or Loop it? Test-Time Depth Adaptation of Pretrained LLMs",
        "RaftMLP: How Much Can Be Done Without Attention and with Less Spatial Locality?",
        "Lets keep it simple, Using simple architectures to outperform deeper and more complex architectures",
        "FASIONAD++ : Integrating High-Level Instruction and Information Bottleneck in FAt-Slow fusION Systems "
        "for Enhanced Safety in Autonomous Driving with Adaptive Feedback",
    ],
)
def test_questions_and_long_titles_are_titles(title):
    assert not is_abstract(title)


def test_every_seed_line_is_placed(seed_entries):
    assert len(seed_entries) == 404
    assert all(e.abstract for e in seed_entries)


def test_seed_dumps_give_no_warning():
    for path in SEEDS:
        _, warnings = parse_dump(path.read_bytes(), path.name)
        assert warnings == []


def _error(data: bytes) -> str:
    with pytest.raises(AtlasError) as info:
        parse_dump(data, "dump.txt")
    return str(info.value)


def test_latin1_is_refused_with_file_and_line():
    message = _error("Title One\nCaf\u00e9 abstract".encode("latin-1"))
    assert message.startswith("dump.txt:2: not UTF-8")


def test_binary_is_refused():
    assert _error(b"Title\n\x00\x01\x02").startswith("dump.txt:2: binary data")


@pytest.mark.parametrize("data", [b"", b"\n\n  \n", b"Get trending papers in your email inbox!\nSubscribe\n"])
def test_empty_dump_is_refused(data):
    assert "no papers found" in _error(data)


def test_paragraph_without_title_is_a_warning_naming_its_line():
    """A paste that starts inside an abstract: the fragment is no paper, and the papers after it are read."""
    text = "Another paragraph of prose. " * 20 + "\n·\nMar 3\nA Title\n" + "An abstract sentence here. " * 20 + "\n"
    entries, warnings = parse_text(text, "dump.txt")
    assert [e.title for e in entries] == ["A Title"]
    assert [w.line for w in warnings][:1] == [1]
    assert warnings[0].message.startswith("a paragraph with no title before it, skipped: 'Another paragraph")


def test_a_second_prose_paragraph_continues_the_abstract():
    text = "A Title\n" + "An abstract sentence here. " * 20 + "\n" + "Another paragraph of prose. " * 20
    (entry,), warnings = parse_text(text, "dump.txt")
    assert entry.abstract.startswith("An abstract") and entry.abstract.endswith("Another paragraph of prose.")
    assert warnings == []


def test_metadata_before_any_paper_is_a_warning_naming_its_line():
    text = "Daily Papers\n  • 3 authors\nA Title\n" + "An abstract sentence here. " * 20
    entries, warnings = parse_text(text, "dump.txt")
    assert [e.title for e in entries] == ["A Title"]
    assert (warnings[0].line, warnings[0].message) == (2, "paper metadata '• 3 authors' before any paper title; skipped")


def test_a_file_with_no_paper_is_an_error_that_says_why():
    assert _error("Daily Papers\n  • 3 authors\n".encode()).startswith("dump.txt:2: paper metadata")


def test_bom_crlf_and_no_break_spaces_are_normalised():
    text = "\ufeffA\u00a0Title With\u00a0NBSP\r\n" + "Some prose sentence here. " * 20 + "\r\n"
    entries, _ = parse_dump(text.encode("utf-8"), "w.txt")
    assert entries[0].title == "A Title With NBSP"
    assert "\r" not in entries[0].abstract


def test_what_normalize_line_replaces_is_never_printable():
    """Why a printable line may skip the two substitutions: no character they touch is printable."""
    every_char = "".join(map(chr, range(0x110000)))
    touched = ODD_SPACE_RE.findall(every_char) + CONTROL_RE.findall(every_char)
    assert len(touched) > 100 and not any(c.isprintable() for c in touched)
    assert normalize_line("\ta\u00a0\u2028b\x00 c\ufeff  d ") == "a b c d"


def test_an_abstract_in_chinese_stays_the_abstract_of_its_title():
    text = (
        "大规模语言模型的推理优化\n"
        "我们综述了大规模语言模型的推理优化方法，包括量化、推测解码与缓存。本文面向在中文产品中部署模型的工程师。\n"
        "Second Paper: Has One\n" + "We study things and report results. " * 10 + "\n"
    )
    entries, warnings = parse_text(text, "zh.txt")
    assert [(e.title, e.abstract[-10:]) for e in entries] == [
        ("大规模语言模型的推理优化", "中文产品中部署模型的工程师。"[-10:]),
        ("Second Paper: Has One", "t results."),
    ]
    assert warnings == []


def test_a_title_that_ends_with_a_full_stop_is_a_title():
    text = "Attention Is All You Need.\n" + "We propose a new simple network architecture based on attention. " * 5 + "\n"
    (entry,), _ = parse_text(text, "t.txt")
    assert entry.title == "Attention Is All You Need."


def test_a_hard_wrapped_copy_gives_the_same_papers_as_the_unwrapped_one(seed_entries):
    """Two seed papers as a reader view or mail gives them: each abstract wrapped at 72 columns."""
    import textwrap

    mamba, flash = (next(e for e in seed_entries if e.title.startswith(t)) for t in ("Mamba:", "FlashAttention-2"))
    for sep in ("\n", "\n\n"):  # lines right under each other, or paragraphs set apart
        text = sep.join(f"{e.title}{sep}{textwrap.fill(e.abstract, 72)}" for e in (mamba, flash)) + "\n"
        entries, warnings = parse_text(text, "wrapped.txt")
        assert [(e.title, e.abstract) for e in entries] == [(mamba.title, mamba.abstract), (flash.title, flash.abstract)]
