"""The topic taxonomy (data/topics.yaml) and the matcher (generator/enrich/topics/).

The seed papers are read from the four real dumps with the rule the dumps
follow: a non-empty line longer than 300 characters is an abstract, and the
non-empty line before it is its title. A paper listed in several dumps
counts once (the first abstract wins).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.enrich import topics as matcher
from generator.enrich.topics import assign_topics, keyword_assigner, load_topics
from generator.errors import AtlasError
from generator.models import Topic

ROOT = Path(__file__).resolve().parent.parent
TOPICS_YAML = ROOT / "data" / "topics.yaml"


def read_seed_papers() -> dict[str, str]:
    papers: dict[str, str] = {}
    for path in sorted((ROOT / "data" / "raw").glob("*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for before, line in zip(lines, lines[1:]):
            if len(line) > 300:
                papers.setdefault(before, line)
    return papers


@pytest.fixture(scope="module")
def taxonomy() -> tuple[Topic, ...]:
    return load_topics(yaml.safe_load(TOPICS_YAML.read_text(encoding="utf-8")), "data/topics.yaml")


@pytest.fixture(scope="module")
def seed_papers() -> dict[str, str]:
    papers = read_seed_papers()
    assert len(papers) > 250
    return papers


@pytest.fixture(scope="module")
def assigned(taxonomy, seed_papers) -> dict[str, tuple[str, ...]]:
    return {title: assign_topics(title, abstract, taxonomy) for title, abstract in seed_papers.items()}


def one_topic(*keywords: str, slug: str = "t") -> tuple[Topic, ...]:
    return (Topic(slug=slug, name="T", description="A topic.", keywords=keywords),)


# --------------------------------------------------------------------------
# The curated file


def test_taxonomy_loads_with_15_to_30_topics(taxonomy):
    assert 15 <= len(taxonomy) <= 30
    assert len({topic.slug for topic in taxonomy}) == len(taxonomy)
    assert len({topic.name for topic in taxonomy}) == len(taxonomy)


def test_descriptions_are_one_to_three_written_sentences(taxonomy):
    for topic in taxonomy:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", topic.description) if s]
        assert 1 <= len(sentences) <= 3, topic.slug
        assert topic.description[0].isupper() and topic.description.endswith("."), topic.slug


def test_every_seed_paper_gets_at_most_four_topics_and_few_get_none(assigned):
    assert all(len(slugs) <= 4 for slugs in assigned.values())
    assert all(len(set(slugs)) == len(slugs) for slugs in assigned.values())
    without = [title for title, slugs in assigned.items() if not slugs]
    assert len(without) / len(assigned) < 0.05, without


def test_topics_are_neither_empty_nor_catch_alls(taxonomy, assigned):
    counts = Counter(slug for slugs in assigned.values() for slug in slugs)
    for topic in taxonomy:
        assert counts[topic.slug] >= 3, topic.slug
        assert counts[topic.slug] <= 0.4 * len(assigned), topic.slug


def topics_of(assigned: dict[str, tuple[str, ...]], title_start: str) -> tuple[str, ...]:
    (title,) = [title for title in assigned if title.startswith(title_start)]
    return assigned[title]


@pytest.mark.parametrize(
    "title_start, expected, not_expected",
    [
        ("ProxylessNAS: Direct Neural Architecture Search", "neural-architecture-search", None),
        ("Mamba: Linear-Time Sequence Modeling", "state-space-models", None),
        ("GPipe: Efficient Training of Giant Neural Networks", "distributed-training", None),
        ("Fish-Speech: Leveraging Large Language Models", "speech-audio", None),
        ("FlashAttention-2: Faster Attention", "efficient-attention", None),
        ("GPTQ: Accurate Post-Training Quantization", "compression-distillation", None),
        ("Tutel: Adaptive Mixture-of-Experts at Scale", "mixture-of-experts", None),
        ("NanoFlow: Towards Optimal Large Language Model Serving", "llm-inference", None),
        ("Direct Preference Optimization: Your Language Model", "fine-tuning-alignment", None),
        ("4D Gaussian Splatting", "3d-vision", None),
        ("SAM 2: Segment Anything in Images and Videos", "detection-segmentation", None),
        ("EfficientViT: Memory Efficient Vision Transformer", "vision-transformers", None),
        ("Aggregated Residual Transformations", "vision-backbones", None),
        ("Graph Neural Networks Gone Hogwild", "graph-neural-networks", None),
        ("DenseFormer: Enhancing Information Flow in Transformers", "transformer-architectures", None),
        ("LLM as OS, Agents as Apps", "llm-agents", None),
        # "stream", "flow" and "direct" start many titles; they must not decide the topic
        ("StreamingT2V: Consistent, Dynamic, and Extendable Long Video", "video-generation", "hardware-accelerators"),
        ("Implementing and Optimizing the Scaled Dot-Product Attention on Streaming Dataflow",
         "hardware-accelerators", "streaming-real-time"),
        ("StreamFlow: Streamlined Multi-Frame Optical Flow", "motion-restoration", "streaming-real-time"),
        ("Pyramidal Flow Matching for Efficient Video", "video-generation", "motion-restoration"),
        ("Streaming Transformer ASR", "speech-audio", "hardware-accelerators"),
        ("PyTorch-Direct: Enabling GPU Centric Data Access", "graph-neural-networks", "fine-tuning-alignment"),
        ("Large Graph Convolutional Network Training", "graph-neural-networks", "vision-backbones"),
    ],
)
def test_seed_papers_get_the_expected_topic(assigned, title_start, expected, not_expected):
    assert expected in topics_of(assigned, title_start)
    assert not_expected not in topics_of(assigned, title_start)


@pytest.mark.parametrize(
    "title_start, primary",
    [
        ("ProxylessNAS: Direct Neural Architecture Search", "neural-architecture-search"),
        ("Mamba: Linear-Time Sequence Modeling", "state-space-models"),
        ("GPipe: Efficient Training of Giant Neural Networks", "distributed-training"),
        ("Fish-Speech: Leveraging Large Language Models", "speech-audio"),
    ],
)
def test_the_best_topic_comes_first(assigned, title_start, primary):
    assert topics_of(assigned, title_start)[0] == primary


# --------------------------------------------------------------------------
# Validation


def test_validation_reports_every_problem_at_once_naming_the_file():
    data = yaml.safe_load(
        """
        extra: 1
        topics:
          - {slug: Bad Slug, name: Bad, description: "", keywords: [ok]}
          - {slug: twice, name: A, description: An A., keywords: ["(unclosed"]}
          - {slug: twice, name: B, description: A B., keywords: []}
          - {name: No slug, description: No slug., keywords: [x], colour: red}
          - {slug: typed, name: Typed, description: Typed., keywords: [yes, 4, 'a*']}
          - just a string
        """
    )
    with pytest.raises(AtlasError) as raised:
        load_topics(data, "data/topics.yaml")
    problems = raised.value.problems
    assert all(p.path == "data/topics.yaml" for p in problems)
    messages = [p.message for p in problems]
    expected = [
        "unknown top-level key 'extra'",
        "topic #1 ('Bad Slug'): slug must be lowercase",
        "topic #1 ('Bad Slug'): description is missing or empty",
        "topic #2 ('twice'): keyword '(unclosed' is not a valid regular expression",
        "topic #3 ('twice'): duplicate slug, already used by topic #2",
        "topic #3 ('twice'): needs a non-empty list of keywords",
        "topic #4: missing slug",
        "topic #4: unknown key 'colour'",
        "topic #5 ('typed'): keyword True is not a non-empty string",
        "topic #5 ('typed'): keyword 4 is not a non-empty string",
        "topic #5 ('typed'): keyword 'a*' matches the empty string",
        "topic #6: expected a mapping",
    ]
    assert len(messages) == len(expected)  # one problem each
    for problem in expected:
        assert sum(problem in message for message in messages) == 1, problem


@pytest.mark.parametrize("data", [None, [], {"topics": []}, {"topics": "nas"}])
def test_a_file_without_topics_is_an_error(data):
    with pytest.raises(AtlasError) as raised:
        load_topics(data, "elsewhere.yaml")
    assert [p.path for p in raised.value.problems] == ["elsewhere.yaml"]


def test_load_keeps_file_order_and_tidies_text():
    data = {
        "topics": [
            {"slug": "b", "name": " B ", "description": "Second\n  topic.", "keywords": ["bee"]},
            {"slug": "a", "name": "A", "description": "First topic.", "keywords": ["ay", r"\bay-?ay\b"]},
        ]
    }
    assert load_topics(data, "x.yaml") == (
        Topic(slug="b", name="B", description="Second topic.", keywords=("bee",)),
        Topic(slug="a", name="A", description="First topic.", keywords=("ay", r"\bay-?ay\b")),
    )


# --------------------------------------------------------------------------
# Matching rules


@pytest.mark.parametrize(
    "keyword, text, hit",
    [
        ("nas", "NAS-Bench results", True),
        ("nas", "the Han dynasty", False),
        (r"\bNAS\b", "One-shot NAS.", True),
        ("transformers?", "Transformers and a transformer", True),
        ("transformers?", "transformerless", False),
        ("state[- ]space", "State-space models", True),
        ("state[- ]space", "statespace", False),
        (r"c\+\+", "Modern C++ code", True),
        (r"\.net", "written in .NET", True),
        ("naïve", "a naïve baseline", True),
        ("na", "a naïve baseline", False),
        (r"(?!trans)\w+formers?", "EfficientFormer beats", True),
        (r"(?!trans)\w+formers?", "a transformer", False),
        ("(?<!graph )convolutional networks?", "graph convolutional networks", False),
        ("(?<!graph )convolutional networks?", "deep convolutional networks", True),
        ("(?:model|llm) serving", "fast LLM serving", True),
        ("x (?:a )?b", "x b", True),
        ("x (?:a )?b", "x a b", True),
        ("x (?:a )?b", "x c b", False),
        ("kv[- ]?cache\\w*", "KVCache and kv-caching", True),
        ("3d(?! attention)", "3D attention", False),
        ("3d(?! attention)", "3D scenes", True),
        ("ab ab", "xab ab ab", True),  # a miss glued to "x" must not hide the hit inside it
        ("ssms?", "Mamba-SSMs", True),
    ],
)
def test_keywords_match_whole_words_case_insensitively(keyword, text, hit):
    assert assign_topics(text, None, one_topic(keyword)) == (("t",) if hit else ())


def test_a_title_hit_counts_three_abstract_hits_one():
    taxonomy = one_topic("mamba")
    assert assign_topics("Mamba", None, taxonomy) == ("t",)
    assert assign_topics("A paper", "It cites Mamba once.", taxonomy) == ()
    assert assign_topics("A paper", "Mamba here, and mamba there.", taxonomy) == ("t",)


def test_at_most_four_topics_best_first_ties_by_slug():
    taxonomy = tuple(Topic(slug, slug.upper(), "A topic.", (word,)) for slug, word in [
        ("e", "alpha"), ("d", "beta"), ("c", "gamma"), ("b", "delta"), ("a", "epsilon"),
    ])
    title = "alpha beta gamma delta epsilon"
    assert assign_topics(title, "beta beta beta", taxonomy) == ("d", "a", "b", "c")


def test_weak_topics_are_dropped_next_to_a_strong_one():
    taxonomy = one_topic("mamba", "ssms?", "state spaces?", slug="ssm") + one_topic("gpu", slug="gpu")
    abstract = "Mamba, an SSM with selective state spaces, runs on a GPU. The GPU is fast."
    assert assign_topics("Mamba: selective state spaces", abstract, taxonomy) == ("ssm",)
    assert assign_topics("A paper", abstract, taxonomy) == ("ssm", "gpu")


def test_no_abstract_and_no_match():
    taxonomy = one_topic("mamba")
    assert assign_topics("Mamba", None, taxonomy) == ("t",)
    assert assign_topics("Mamba", "", taxonomy) == ("t",)
    assert assign_topics("Something else entirely", None, taxonomy) == ()
    assert assign_topics("Mamba", None, ()) == ()


def plain_assign(title: str, abstract: str | None, taxonomy: tuple[Topic, ...]) -> tuple[str, ...]:
    """The matching rules written the slow, obvious way: one ``re`` search
    per keyword, case-insensitive, between non-word characters."""
    text = f"{title}\n{abstract}" if abstract else title
    scores = {}
    for topic in taxonomy:
        score = 0
        for keyword in topic.keywords:
            pattern = re.compile(rf"(?<!\w)(?:{keyword})(?!\w)", re.IGNORECASE)
            starts = [m.start() for m in pattern.finditer(text)]
            in_title = sum(start < len(title) for start in starts)
            score += matcher.TITLE_WEIGHT * in_title + min(len(starts) - in_title, matcher.ABSTRACT_HIT_CAP)
        if score:
            scores[topic.slug] = score
    if not scores:
        return ()
    threshold = max(matcher.MIN_SCORE, max(scores.values()) * matcher.RELATIVE_CUTOFF)
    ranked = sorted((-score, slug) for slug, score in scores.items() if score >= threshold)
    return tuple(slug for _, slug in ranked[: matcher.MAX_TOPICS])


def test_the_matcher_agrees_with_plain_regular_expressions(taxonomy, seed_papers, assigned):
    """The fast matcher (probes, word index) gives what the obvious search
    gives (which is slow: every third seed paper)."""
    for title, abstract in list(seed_papers.items())[::3]:
        assert assigned[title] == plain_assign(title, abstract, taxonomy), title


TRICKY = one_topic("ab ab", slug="a") + one_topic(r"(?!trans)\w+formers?", "naïve", slug="b") + one_topic(
    "(?<!graph )convolutional networks?", r"c\+\+", slug="c"
) + one_topic("state[- ]space", "(?:model|llm) serving", "x (?:a )?b", slug="d") + one_topic(
    "models?", r"\bNAS\b", "kv[- ]?cache\\w*", "3d(?! attention)", slug="e"
)
WORDS = ["ab", "xab", "a", "b", "x", "c++", "state", "space", "statespace", "model", "models", "llm", "serving",
         "naïve", "naïvely", "transformer", "metaformer", "formers", "graph", "convolutional", "networks", "nas",
         "dynasty", "kv", "cache", "kvcache", "3d", "attention", "é"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), max_size=8),
    st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from([" ", "-", ", ", "", "\n"])), max_size=30),
)
def test_the_matcher_agrees_with_plain_regular_expressions_on_tricky_text(title_words, abstract_parts):
    title = " ".join(title_words).title()
    abstract = "".join(word + separator for word, separator in abstract_parts)
    assert assign_topics(title, abstract, TRICKY) == plain_assign(title, abstract, TRICKY)


def test_assignment_is_deterministic(taxonomy, seed_papers, assigned):
    again = [assign_topics(title, abstract, taxonomy) for title, abstract in seed_papers.items()]
    assert again == list(assigned.values())


def test_keywords_come_with_the_same_topics(taxonomy, seed_papers, assigned):
    """``keyword_assigner`` (what enrich runs: topics and, for related papers, the keywords held)
    gives the topics ``assign_topics`` gives, and the keywords the obvious search finds, each with
    at least one hit and at most as many as it finds (abstract hits are capped per probe), and
    its first hit as it reads (lower case)."""
    assign = keyword_assigner(taxonomy)
    keywords = [k for topic in taxonomy for k in topic.keywords]
    for title, abstract in list(seed_papers.items())[::3]:
        topics, held = assign(title, abstract)
        assert topics == assigned[title]
        found, found_first = {}, {}
        for number, keyword in enumerate(keywords):
            pattern = re.compile(rf"(?<!\w)(?:{keyword})(?!\w)", re.IGNORECASE)
            if hits := [m.group().lower() for m in pattern.finditer(f"{title}\n{abstract}")]:
                found[number], found_first[number] = len(hits), hits[0]
        assert [number for number, _, _ in held] == sorted(found), title
        assert all(1 <= hits <= found[number] for number, hits, _ in held), title
        assert all(first == found_first[number] for number, _, first in held), title
    assert assign("Nothing to match", None) == ((), ())
