"""clean_text and extract_links on real excerpts of the seed dumps.

Each raw string below is copied verbatim from data/raw/*.txt; each expected
string was written by hand from reading the raw one.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ingest.clean import clean_text, extract_links

RAW_DIR = Path(__file__).resolve().parent.parent / "data" / "raw"
WORD_RE = re.compile(r"\b[A-Za-z]{4,}\b")


def seed_abstracts() -> list[str]:
    """Every non-empty line longer than 300 characters of the dumps is an abstract."""
    lines = []
    for path in sorted(RAW_DIR.glob("*.txt")):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if len(line) > 300]
    return lines


def seed_abstract(start: str) -> str:
    """The one seed abstract that begins with ``start``."""
    (found,) = {line for line in seed_abstracts() if line.startswith(start)}
    return found


# --- one case per artifact kind -------------------------------------------------

ARTIFACTS = {
    "dollar-cdot-dollar": (
        r"HyperZ$\cdot$Z$\cdot$W Operator Connects Slow-Fast Networks for Full Context Interaction",
        "HyperZ·Z·W Operator Connects Slow-Fast Networks for Full Context Interaction",
    ),
    "escaped-percent": (
        r"On CIFAR-10, our model achieves 2.08\% test error with only 5.7M parameters, better than"
        r" the previous state-of-the-art architecture AmoebaNet-B, while using 6times fewer parameters.",
        "On CIFAR-10, our model achieves 2.08% test error with only 5.7M parameters, better than"
        " the previous state-of-the-art architecture AmoebaNet-B, while using 6× fewer parameters.",
    ),
    "escaped-dollar": (
        r"while achieving over 100 tokens per second (TPS) for inference at a cost of \$0.70 per"
        r" million output tokens.",
        "while achieving over 100 tokens per second (TPS) for inference at a cost of $0.70 per"
        " million output tokens.",
    ),
    "braced-greek": (
        r"This technical report introduces PIXART-{\delta}, a text-to-image synthesis framework that"
        r" integrates the Latent Consistency Model (LCM) and ControlNet into the advanced"
        r" PIXART-{\alpha} model.",
        "This technical report introduces PIXART-δ, a text-to-image synthesis framework that"
        " integrates the Latent Consistency Model (LCM) and ControlNet into the advanced"
        " PIXART-α model.",
    ),
    "bare-greek-macro": (
        r"Extensive experiments demonstrate that PIXART-\alpha excels in image quality, artistry,"
        r" and semantic control.",
        "Extensive experiments demonstrate that PIXART-α excels in image quality, artistry,"
        " and semantic control.",
    ),
    "capital-greek": (
        r"At the algorithmic level, we integrate (1) pruning, (2) {\Lambda}-shaped attention, and (3)",
        "At the algorithmic level, we integrate (1) pruning, (2) Λ-shaped attention, and (3)",
    ),
    "superscript-group": (
        r"It can obtain a surprisingly large number of sub-networks (> 10^{19}) that can fit"
        r" different hardware platforms",
        "It can obtain a surprisingly large number of sub-networks (> 10^19) that can fit"
        " different hardware platforms",
    ),
    "times-after-integer-and-stray-dollars": (
        r"Extensive experiments consistently validate the effectiveness of our proposed ShiftAddViT,"
        r" achieving up to 5.18\times$ latency reductions on GPUs and 42.9%$ energy savings,",
        "Extensive experiments consistently validate the effectiveness of our proposed ShiftAddViT,"
        " achieving up to 5.18× latency reductions on GPUs and 42.9% energy savings,",
    ),
    "times-after-decimal": (
        "We integrate our approach with DeepSpeed and demonstrate 2.5times faster iterations over"
        " state-of-the-art approaches using extensive experiments.",
        "We integrate our approach with DeepSpeed and demonstrate 2.5× faster iterations over"
        " state-of-the-art approaches using extensive experiments.",
    ),
    "times-between-numbers": (
        "with negligible loss in predictive performance in MobileNetV1 on a 64times64 systolic array.",
        "with negligible loss in predictive performance in MobileNetV1 on a 64×64 systolic array.",
    ),
    "times-after-model-name": (
        "which runs as fast as MobileNetV2times 1.4 (1.6 ms, 74.7% top-1), and our largest model,",
        "which runs as fast as MobileNetV2× 1.4 (1.6 ms, 74.7% top-1), and our largest model,",
    ),
    "times-before-space-number": (
        "For 300times 300 input, SSD achieves 72.1% mAP on VOC2007 test at 58 FPS",
        "For 300× 300 input, SSD achieves 72.1% mAP on VOC2007 test at 58 FPS",
    ),
    "times-glued-and-spaced": (
        "Compared with dataflow and sequential accelerators, InTAR exhibits 1.8times and 7.1 times"
        " speedups correspondingly.",
        "Compared with dataflow and sequential accelerators, InTAR exhibits 1.8× and 7.1 times"
        " speedups correspondingly.",
    ),
    "sim-and-times": (
        "achieving a sim14,000times compression ratio; (2) a language model",
        "achieving a ~14,000× compression ratio; (2) a language model",
    ),
    "sim-range": (
        "with low latency and small size, i.e., saving 15times sim 24times storage compared with"
        " MobileNeRF.",
        "with low latency and small size, i.e., saving 15× ~ 24× storage compared with MobileNeRF.",
    ),
    "sim-in-parentheses": (
        "only trains minimal additional parameters (sim2%) to significantly reduce the resource"
        " requirement",
        "only trains minimal additional parameters (~2%) to significantly reduce the resource"
        " requirement",
    ),
    "sim-spaced": (
        "(up to 56% of end-to-end latency in a medium-sized image, and sim 80% impact on system"
        " throughput in a large image)",
        "(up to 56% of end-to-end latency in a medium-sized image, and ~80% impact on system"
        " throughput in a large image)",
    ),
    "approx": (
        "provides a significant reduction in inference latency (approx60%) and improvement in"
        " predictive performance (approx2%) with very-low memory",
        "provides a significant reduction in inference latency (≈60%) and improvement in"
        " predictive performance (≈2%) with very-low memory",
    ),
    "textbf-without-backslash": (
        "This paper proposes, AnalogGenie, a textbf{Gen}erattextbf{i}ve textbf{e}ngine for"
        " automatic design/discovery of textbf{Analog} circuit topologies--the most challenging",
        "This paper proposes, AnalogGenie, a Generative engine for"
        " automatic design/discovery of Analog circuit topologies--the most challenging",
    ),
    "textsc": (
        r"Experimental results spanning various chat domains demonstrate the superiority of"
        r" \textsc{FuseChat-7B} across a broad spectrum of chat LLMs at 7B and 34B scales,",
        "Experimental results spanning various chat domains demonstrate the superiority of"
        " FuseChat-7B across a broad spectrum of chat LLMs at 7B and 34B scales,",
    ),
    "em-group-glued": (
        r'Meanwhile, lots of "{\em skip-connect}s" are found in the selected architectures.',
        'Meanwhile, lots of "skip-connects" are found in the selected architectures.',
    ),
    "em-group": (
        r'while we give an {\em explicit} criterion for "early stopping".',
        'while we give an explicit criterion for "early stopping".',
    ),
    "braces-inside-words": (
        "We introduce {De}coupled {Mo}mentum (DeMo), a fused optimizer and data parallel algorithm",
        "We introduce Decoupled Momentum (DeMo), a fused optimizer and data parallel algorithm",
    ),
    "url-duplicated-in-braces": (
        "The implementation is open source at"
        " https://github.com/fishaudio/fish-speech{https://github.com/fishaudio/fish-speech}.",
        "The implementation is open source at https://github.com/fishaudio/fish-speech.",
    ),
    "url-duplicated-trailing-slash": (
        "Project page: https://dnmp.github.io/{https://dnmp.github.io/}.",
        "Project page: https://dnmp.github.io/.",
    ),
    "url-with-link-text": (
        "The implementation is open-sourced at"
        " https://github.com/sail-sg/zero-bubble-pipeline-parallelism{this url}.",
        "The implementation is open-sourced at"
        " https://github.com/sail-sg/zero-bubble-pipeline-parallelism.",
    ),
    "url-split-by-space": (
        "Code and models are available at https://github.com/ altair199797/LowFormer.",
        "Code and models are available at https://github.com/altair199797/LowFormer.",
    ),
    "accent": (
        r'Instead of the na\"ive approach of directly optimizing 3DGs per-frame, we employ',
        "Instead of the naïve approach of directly optimizing 3DGs per-frame, we employ",
    ),
    "eg-macro": (
        r"2) It facilitates flexible conditioning information, \eg, simple concatenation in the"
        r" token space,",
        "2) It facilitates flexible conditioning information, e.g., simple concatenation in the"
        " token space,",
    ),
    "ie-macro": (
        r"is applied in the union of remaining candidate regions (\ie, routed regions).",
        "is applied in the union of remaining candidate regions (i.e., routed regions).",
    ),
    "unknown-macro-method": (
        r"we are able to present a novel architecture, named \method, that significantly"
        r" outperforms the state of the art",
        "we are able to present a novel architecture, named method, that significantly"
        " outperforms the state of the art",
    ),
    "unknown-macro-proj": (
        r"To this end, we design and implement \proj, a novel technique to split the LLM into"
        r" subgroups,",
        "To this end, we design and implement proj, a novel technique to split the LLM into"
        " subgroups,",
    ),
    "unknown-macro-before-word": (
        r"and show that \methodabbr significantly reduces the training time up to 2.5x times",
        "and show that methodabbr significantly reduces the training time up to 2.5x times",
    ),
    "stray-dollar-after-macro": (
        r"We hope PIXART-\alpha$ will provide new insights to the AIGC community",
        "We hope PIXART-α will provide new insights to the AIGC community",
    ),
    "dollar-lost-before-amount": (
        r"(675 vs. 6,250 A100 GPU days), saving nearly \300,000 (26,000 vs. \320,000) and"
        r" reducing 90% CO2 emissions.",
        "(675 vs. 6,250 A100 GPU days), saving nearly $300,000 (26,000 vs. $320,000) and"
        " reducing 90% CO2 emissions.",
    ),
    "dagger-without-backslash": (
        "U^2-Net (176.3 MB, 30 FPS on GTX 1080Ti GPU) and U^2-Net^{dagger} (4.7 MB, 40 FPS),",
        "U^2-Net (176.3 MB, 30 FPS on GTX 1080Ti GPU) and U^2-Net† (4.7 MB, 40 FPS),",
    ),
    "cdot-without-backslash": (
        "we propose a HyperZ{cdotZ{cdot}W} operator that connects hyper-kernels (W) and hidden"
        " activations (Z)",
        "we propose a HyperZ·Z·W operator that connects hyper-kernels (W) and hidden"
        " activations (Z)",
    ),
    "geq-without-backslash": (
        "the upper bound provided by FlashAttention for any values of M geq d^2 within any"
        " constant factors.",
        "the upper bound provided by FlashAttention for any values of M ≥ d^2 within any"
        " constant factors.",
    ),
    "big-greek-without-backslash": (
        "The known lower bound only rules out an I/O complexity of o(Nd) when M=Theta(Nd), since"
        " the output that needs to be written to slow memory is Omega(Nd).",
        "The known lower bound only rules out an I/O complexity of o(Nd) when M=Θ(Nd), since"
        " the output that needs to be written to slow memory is Ω(Nd).",
    ),
    "tie-tilde": (
        "Transformers and large language models~(LLMs) have seen rapid adoption in all domains.",
        "Transformers and large language models (LLMs) have seen rapid adoption in all domains.",
    ),
    "latex-quotes": (
        "the training of transformers is very expensive and often hits a ``memory wall'', i.e.,"
        " even when using 3D parallelism",
        "the training of transformers is very expensive and often hits a “memory wall”, i.e.,"
        " even when using 3D parallelism",
    ),
    "unbalanced-closing-brace": (
        "compared with existing PTQ methods (EasyQuant, FQ-ViT, PTQ4ViT, and RepQ-ViT)}. We plan"
        " to release our code",
        "compared with existing PTQ methods (EasyQuant, FQ-ViT, PTQ4ViT, and RepQ-ViT). We plan"
        " to release our code",
    ),
}


@pytest.mark.parametrize("raw, expected", ARTIFACTS.values(), ids=ARTIFACTS.keys())
def test_artifact_is_repaired(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


UNCHANGED = {
    # "times" as an ordinary word, and tildes that mean "about" or a range.
    "sometimes": "where an online encoder is trained to predict the output of the target encoder,"
    " sometimes using a lightweight predictor network.",
    "n-times-after-space": "RT-DETR-R50 outperforms DINO-R50 by 2.2% AP in accuracy and about 21"
    " times in FPS.",
    "range-times": "enhances inference speed by 2 to 10 times compared to baseline methods,",
    "tilde-range": "at a 10~20X faster speed and 0.8dB~2dB higher PSNR than training the MLP-based"
    " model from scratch.",
    "html-stays-literal": "<script>alert('x')</script> <b>bold</b> &amp; a < b > c",
    # Not from the seeds: words that contain the artifact spellings.
    "lookalike-words": "Lifetimes and runtimes of Timesformer timesteps, simulation of sim2real"
    " transfer, approximately 5 times faster, Sometimes 3 runs",
}


@pytest.mark.parametrize("text", UNCHANGED.values(), ids=UNCHANGED.keys())
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert clean_text(text) == text


def test_whitespace_is_normalised() -> None:
    raw = "  Fast\u00a0and\u2009 slow\tnetworks\n\nfor\u3000video\u200b.  "
    assert clean_text(raw) == "Fast and slow networks for video."


def test_nfc() -> None:
    assert clean_text("nai\u0308ve") == "na\u00efve"


# --- properties over every seed abstract -------------------------------------------

ABSTRACTS = seed_abstracts()


def test_seed_abstracts_are_found() -> None:
    assert len(ABSTRACTS) > 300


def test_idempotent_on_seed_abstracts() -> None:
    not_fixed = [a[:80] for a in ABSTRACTS if clean_text(clean_text(a)) != clean_text(a)]
    assert not_fixed == []


def test_no_word_lost_in_latex_free_seed_abstracts() -> None:
    plain = [a for a in ABSTRACTS if not re.search(r"[\\${}]", a)]
    assert len(plain) > 300
    for abstract in plain:
        lost = Counter(WORD_RE.findall(abstract)) - Counter(WORD_RE.findall(clean_text(abstract)))
        assert not lost, (abstract[:80], lost)


def test_no_latex_left_in_seed_abstracts() -> None:
    for abstract in ABSTRACTS:
        cleaned = clean_text(abstract)
        assert not re.search(r"[\\{}]|textbf|\$(?!\d)", cleaned), cleaned


HOSTILE = [
    "",
    "\\",
    "\\\\ \\ \\",
    "{{{{",
    "}}}}",
    "$$$",
    "$x",
    "{{ config }} {% raw %}",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "\\begin{document} \\end{",
    "\\frac{",
    "x" * 200_000,
    "\\alpha" * 5_000,
    "\u00a0\u200b\ufeff\t\r\n",
]


@pytest.mark.parametrize("raw", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_never_raises(raw: str) -> None:
    cleaned = clean_text(raw)
    assert isinstance(cleaned, str)
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned
    assert isinstance(extract_links(raw), tuple)


def test_stray_braces_and_dollars_do_not_swallow_text() -> None:
    assert clean_text("}}} text after {{{") == "text after"
    assert clean_text("$ unbalanced math \\alpha") == "unbalanced math α"
    assert clean_text("50% of {it") == "50% of it"
    assert clean_text("\\textbf{a b") == "a b"
    assert clean_text("x}\\alpha}beta y") == "xαbeta y"
    assert clean_text("{% for x in y %}{{ x }}{% endfor %}") == "{% for x in y %}{{ x }}{% endfor %}"


def test_a_long_line_keeps_its_words() -> None:
    raw = "plain words " * 20_000
    assert clean_text(raw) == raw.strip()


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_cleaned(raw: str) -> None:
    cleaned = clean_text(raw)
    assert cleaned == " ".join(cleaned.split())
    assert not re.search("[\x00-\x1f\x7f-\x9f\ud800-\udfff]", cleaned)


LATEX_PIECES = list("\\{}$%&#^_~ a1.,()`'") + ["\\alpha", "\\em", "\\url", "times", "sim"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LATEX_PIECES), max_size=30).map("".join))
def test_latex_like_text_is_cleaned(raw: str) -> None:
    cleaned = clean_text(raw)
    assert cleaned == " ".join(cleaned.split())


# --- links ------------------------------------------------------------------------------


def test_links_of_fish_speech_abstract() -> None:
    abstract = seed_abstract("Text-to-Speech (TTS) systems face ongoing challenges")
    assert extract_links(abstract) == ("https://github.com/fishaudio/fish-speech",)
    assert extract_links(clean_text(abstract)) == ("https://github.com/fishaudio/fish-speech",)


def test_links_of_mevtr_abstract() -> None:
    (abstract,) = [a for a in ABSTRACTS if "MeVTR" in a]
    assert extract_links(abstract) == ("https://github.com/gengyuanmax/MeVTR",)


LINKS = {
    "link-text-group": (
        "The implementation is open-sourced at"
        " https://github.com/sail-sg/zero-bubble-pipeline-parallelism{this url}.",
        ("https://github.com/sail-sg/zero-bubble-pipeline-parallelism",),
    ),
    "in-parentheses": (
        "All codes and checkpoints are available publicly (https://github.com/thunlp/BlockFFN).",
        ("https://github.com/thunlp/BlockFFN",),
    ),
    "several-in-order": (
        "LongCat Chat: https://longcat.ai Hugging Face: https://huggingface.co/meituan-longcat"
        " GitHub: https://github.com/meituan-longcat",
        (
            "https://longcat.ai",
            "https://huggingface.co/meituan-longcat",
            "https://github.com/meituan-longcat",
        ),
    ),
    "bare-github": (
        "Code and models are available at github.com/facebookresearch/encodec.",
        ("https://github.com/facebookresearch/encodec",),
    ),
    "split-by-space": (
        "Code and models are available at https://github.com/ altair199797/LowFormer.",
        ("https://github.com/altair199797/LowFormer",),
    ),
    "query-string": (
        "A high-resolution version is available at"
        " https://github.com/design-bench/design-bench.github.io/raw/main/designbench.pdf?download=",
        ("https://github.com/design-bench/design-bench.github.io/raw/main/designbench.pdf?download=",),
    ),
    "trailing-space-dot": (
        "The code for our BiBench is released https://github.com/htqin/BiBench .",
        ("https://github.com/htqin/BiBench",),
    ),
    "none": ("Our source code is available online.", ()),
}


@pytest.mark.parametrize("text, links", LINKS.values(), ids=LINKS.keys())
def test_extract_links(text: str, links: tuple[str, ...]) -> None:
    assert extract_links(text) == links


def test_links_survive_cleaning() -> None:
    for abstract in ABSTRACTS:
        cleaned = clean_text(abstract)
        assert extract_links(cleaned) == extract_links(abstract)
        for link in extract_links(abstract):
            assert link.removeprefix("https://") in cleaned
