"""JSON answers of the Hugging Face papers API (tests/fixtures/api/, data/raw/hf-*.json) -> entries.

Expected values are read by hand from the recorded answers (see
tests/fixtures/api/README.md for where each comes from).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, RAW

from generator.cli import main
from generator.errors import AtlasError
from generator.ingest.corpus import build_corpus
from generator.ingest.hfjson import parse_json_dump
from generator.models import Entry, Org, Source

API = FIXTURES / "api"


def parse(path: Path) -> list[Entry]:
    return parse_json_dump(path.read_bytes(), path.name)[0]


def test_daily_papers_listing_gives_every_field():
    spare, decore = parse(API / "daily-2024-10-25.json")
    assert spare.title == "Steering Knowledge Selection Behaviours in LLMs via SAE-Based Representation Engineering"
    assert spare.arxiv_id == "2410.15999"
    assert spare.author_names == ("Yu Zhao", "Alessio Devoto", "Giwon Hong", "Xiaotang Du", "Aryo Pradipta Gema",
                                  "Hongru Wang", "Kam-Fai Wong", "Pasquale Minervini")
    assert spare.authors == 8
    assert spare.date == "Oct 25, 2024"  # the listing's day, as text dumps write it
    assert spare.published == "Oct 21, 2024"  # arXiv's
    assert (spare.upvotes, spare.comments, spare.submitted_by) == (9, 2, "Yu Zhao")
    assert spare.abstract.startswith("Large language models (LLMs) can store a significant amount of factual knowledge")
    assert "\n" not in spare.abstract and "  " not in spare.abstract
    assert spare.source == Source("daily-2024-10-25.json", 1)
    assert decore.source == Source("daily-2024-10-25.json", 2)
    assert (decore.comments, decore.github, decore.ai_summary) == (3, None, None)


def test_listing_with_code_project_organisation_and_hugging_faces_summary():
    (circle,) = parse(RAW / "hf-2602.23229.json")
    assert circle.github == "https://github.com/marco-garosi/CIRCLE"
    assert circle.github_stars == 9
    assert circle.project_page == "https://circle-lmm.github.io/"
    assert circle.org == Org("MHUGLab", "Multimedia and Human Understanding Group")
    assert circle.date == "Mar 6, 2026"  # submittedOnDailyAt: the day it was on Daily Papers
    assert circle.published == "Feb 26, 2026"
    assert circle.ai_summary.startswith("Large Multimodal Models demonstrate superior performance")
    assert circle.ai_keywords[:2] == ("Vision-Language Models", "Large Multimodal Models")
    assert len(circle.ai_keywords) == 9


def test_one_paper_object_and_a_flat_search_list():
    (one,) = parse(API / "paper-2602.23229.json")  # /api/papers/{id}
    assert (one.arxiv_id, one.authors, one.comments) == ("2602.23229", 5, None)
    assert one.submitted_by == "Marco Garosi"  # submittedOnDailyBy, inside the paper
    zip_fit, pantograph = parse(API / "search-flat.json")  # /api/papers/search, flat items
    assert zip_fit.arxiv_id == "2410.18194" and pantograph.arxiv_id == "2410.16429"
    assert pantograph.title == ("Pantograph: A Machine-to-Machine Interaction Interface for Advanced Theorem "
                                "Proving, High Level Reasoning, and Data Extraction in Lean 4")
    assert zip_fit.date is None and zip_fit.published == "Oct 23, 2024"


def test_hidden_authors_are_left_out_and_unknown_fields_ignored():
    items = json.loads((API / "daily-2024-10-25.json").read_text(encoding="utf-8"))
    items[0]["paper"]["authors"][0]["hidden"] = True
    items[0]["someFutureField"] = {"nested": [1, 2]}
    (spare, _) = parse_json_dump(json.dumps(items).encode(), "x.json")[0]
    assert spare.author_names[0] == "Alessio Devoto" and spare.authors == 7


def error_lines(data: bytes, name: str = "bad.json") -> list[str]:
    with pytest.raises(AtlasError) as info:
        parse_json_dump(data, name)
    return [str(p) for p in info.value.problems]


def test_missing_title_and_wrong_types_are_named_by_json_path():
    items = json.loads((API / "daily-2024-10-25.json").read_text(encoding="utf-8"))
    items += [dict(items[0]), dict(items[1])]
    items[3] = {**items[3], "paper": {**items[3]["paper"], "title": None}, "title": None}
    items[2] = {**items[2], "numComments": "two"}
    items[1] = {**items[1], "paper": {**items[1]["paper"], "upvotes": -1}}
    assert error_lines(json.dumps(items).encode()) == [
        "bad.json: [1].paper.upvotes: expected a whole number, not -1",
        "bad.json: [2].numComments: expected a whole number, not 'two'",
        "bad.json: [3].paper.title: missing title",
    ]


def test_malformed_json_names_the_line_and_a_wrong_shape_says_what_was_expected():
    assert error_lines(b'[{"paper": {"title": "A"}},\n {"paper": ]') == [
        "bad.json:2: invalid JSON: Expecting value (column 12)"]
    assert error_lines(b'"just text"') == [
        "bad.json: expected a list of papers or one paper object, not str"]
    assert error_lines(b"[]") == ["bad.json: no papers found (empty list)"]
    assert error_lines(b'[{"paper": "2410.15999"}]') == ["bad.json: [0].paper: expected an object, not str"]
    assert error_lines(b'{"id": "2410.15999"}') == ["bad.json: title: missing title"]


def test_text_and_json_listings_of_one_paper_merge_by_title():
    (from_json,) = parse(API / "paper-2602.23229.json")
    from_text = Entry(title="Large Multimodal Models as General In-Context Classifiers", abstract=None,
                      source=Source("data/raw/x.txt", 12), date="Mar 6", upvotes=4)
    papers, stats = build_corpus([from_text, from_json])
    assert stats.papers == 1
    (p,) = papers
    assert p.arxiv_id == "2602.23229" and p.upvotes == 10 and p.date == "Mar 6, 2026"
    assert p.sources == (Source("data/raw/x.txt", 12), Source("paper-2602.23229.json", 1))


def test_ingest_of_a_bad_json_dump_exits_1_and_writes_nothing(tmp_path: Path):
    bad = tmp_path / "hf-bad.json"
    bad.write_text('[{"paper": {"id": "2410.15999"}}]', encoding="utf-8")
    corpus = tmp_path / "papers.yaml"
    result = CliRunner().invoke(main, ["ingest", str(RAW / "hf-2024-10-25.json"), str(bad), "--corpus", str(corpus)])
    assert result.exit_code == 1
    assert f"{bad}: [0].paper.title: missing title" in " ".join(result.output.split())
    assert not corpus.exists()
