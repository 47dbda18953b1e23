"""The corpus codec: what it writes, PyYAML reads identically, and so does it."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from generator.yamlio import dump_records, load_records

text = st.text(st.characters(codec="utf-8"), max_size=60)  # any Unicode, controls and separators included
scalar = st.one_of(st.none(), st.booleans(), st.integers(-(10**6), 10**6), text)
record = st.fixed_dictionaries(
    {"slug": text, "title": text, "links": st.lists(text, max_size=3), "org": st.one_of(st.none(), st.fixed_dictionaries({"id": text, "name": text}))},
    optional={"n": scalar, "sources": st.lists(st.fixed_dictionaries({"file": text, "line": st.integers(1, 10**6)}), min_size=1, max_size=3)},
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(record, max_size=5))
def test_pyyaml_and_the_fast_loader_read_back_what_was_written(records):
    dumped = dump_records("papers", records, header="# a comment\n")
    assert yaml.safe_load(dumped) == {"papers": records}
    assert load_records(dumped, "papers") == {"papers": records}


def test_the_committed_corpus_loads_the_same_both_ways():
    dumped = (ROOT / "data" / "papers.yaml").read_text(encoding="utf-8")
    fast = load_records(dumped, "papers")
    assert fast is not None and fast == yaml.safe_load(dumped)


def test_hand_written_yaml_is_left_to_pyyaml():
    assert load_records("papers:\n- slug: plain-scalar\n  title: No quotes\n", "papers") is None
    assert load_records("other:\n", "papers") is None
