"""A curation edit of papers' words (generator/quickedit.py): the files it says changed, and no
others, differ from what the site was; and with them the site is a full render of the edited data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SEEDS

from generator import pipeline, quickedit
from generator.enrich.site import Memo
from generator.storage.files import as_bytes

SETTINGS = ("pagefind", 500)  # the search page and script are files of the site too
MAMBA = "mamba-linear-time-sequence-modeling-with-selective-state-spaces"  # featured, with a note
BYTE = "bytetransformer-a-high-performance-transformer-boosted-for-variable-length"  # featured, curated TL;DR
MDX = "kuielab-mdx-net-a-two-stream-neural-network-for-music-demixing"  # no entry
FLASH2 = "flashattention-2-faster-attention-with-better-parallelism-and-work-partitioning"


def every_file(data: Path, memo: Memo | None = None) -> tuple[pipeline.Data, object, dict[str, bytes]]:
    loaded = pipeline.load_data(data)
    site, pages = pipeline.render(data, memo=memo, search_settings=SETTINGS, data=loaded)
    return loaded, site, {rel: as_bytes(pages.render(rel)) for rel in pages}


@pytest.fixture(scope="module")
def project_data(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("data")
    pipeline.ingest(SEEDS, data / "papers.yaml")
    for name in ("topics.yaml", "curation.yaml"):
        shutil.copy(ROOT / "data" / name, data / name)
    return data


@pytest.fixture(scope="module")
def last(project_data: Path) -> tuple[quickedit.Made, Memo]:
    memo = Memo()
    loaded, site, files = every_file(project_data, memo)
    return quickedit.Made(site, loaded.curation, files), memo


def edited(data: Path, tmp: Path, change) -> Path:
    """A copy of ``data`` whose curation.yaml ``change`` edited (a function of its ``papers`` mapping)."""
    copy = tmp / "edited"
    shutil.copytree(data, copy)
    curation = yaml.safe_load((copy / "curation.yaml").read_text(encoding="utf-8"))
    change(curation["papers"])
    (copy / "curation.yaml").write_text(yaml.safe_dump(curation, allow_unicode=True), encoding="utf-8")
    return copy


def new_tldr(papers: dict) -> None:
    papers[BYTE]["tldr"] = "ByteTransformer drops the padding of variable-length batches and fuses attention."


def words_of_two_papers(papers: dict) -> None:
    papers[MDX] = {"tldr": "Two branches, one for the spectrogram and one for the waveform, demix music.",
                   "key_points": ["A spectrogram branch.", "A waveform branch <b>fused</b> late."]}
    papers[FLASH2] = {"note": "Read with FlashAttention-1 at hand."}


def note_removed(papers: dict) -> None:
    del papers[MAMBA]["note"]


@pytest.mark.parametrize("change", [new_tldr, words_of_two_papers, note_removed])
def test_the_files_an_edit_of_words_changes_are_those_a_full_render_changes(project_data, last, tmp_path, change):
    made, memo = last
    data = edited(project_data, tmp_path, change)
    edit = quickedit.after_edit(made, quickedit.read_curation(data, made), memo, None, SETTINGS)
    assert edit is not None
    pages = quickedit.changed_files(made.files, edit.files, edit.pages)
    others = quickedit.changed_files(made.files, edit.files, edit.others)
    _, _, full = every_file(data)  # from nothing: no memo
    assert sorted(edit.files) == sorted(full)
    assert {**pages, **others} == {rel: data for rel, data in full.items() if made.files[rel] != data}
    assert all(rel.endswith(".md") for rel in pages) and not any(rel.endswith(".md") for rel in others)
    assert pages and others  # the edit shows on pages (at least the paper's own) and in the exports
    assert len(edit.pages) + len(edit.others) < len(full) // 10


@pytest.mark.parametrize("change", [
    lambda papers: papers.__setitem__(MDX, {"add_topics": ["speech-audio"]}),
    lambda papers: papers.__setitem__(MDX, {"hidden": True}),
    lambda papers: papers[MAMBA].__setitem__("featured", False),
    lambda papers: papers.pop(BYTE),  # its TL;DR and its place on the home page
], ids=["topic", "hidden", "featured", "entry-removed"])
def test_any_other_edit_is_left_to_a_full_render(project_data, last, tmp_path, change):
    made, memo = last
    data = edited(project_data, tmp_path, change)
    assert quickedit.after_edit(made, quickedit.read_curation(data, made), memo, None, SETTINGS) is None


def test_an_unchanged_curation_changes_nothing(project_data, last):
    made, memo = last
    edit = quickedit.after_edit(made, quickedit.read_curation(project_data, made), memo, None, SETTINGS)
    assert edit.pages == edit.others == ()
