"""The corpus codec: what it writes, PyYAML reads identically, and so does it."""

from __future__ import annotations

import json
import re

import yaml
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.storage.yamlio import _json, dump_records, load_records

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


# ----------------------------------------------- the fast paths equal the plain ones

json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), text),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(json_value)
def test_values_are_encoded_as_the_json_encoder_does(value):
    assert _json(value) == json.JSONEncoder(ensure_ascii=False).encode(value)


def plain_load_records(text: str, key: str):
    """The reader as first written, a line and a json.loads at a time: what load_records must equal."""
    records, current, open_list, seen_key, empty = [], None, None, False, False
    try:
        for line in re.findall(r"[^\n]+", text):
            if line.startswith("#"):
                continue
            if not seen_key:
                if line == f"{key}: []":
                    empty = True
                elif line != f"{key}:":
                    return None
                seen_key = True
                continue
            if empty:
                return None
            item = re.match(r"^  - (\{.*\})$", line)
            if item and open_list is not None:
                open_list.append(json.loads(item[1]))
                continue
            m = re.match(r"^(- |  )([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?$", line)
            if not m:
                return None
            if m[1] == "- ":
                current = {}
                records.append(current)
            elif current is None:
                return None
            if m[3] is None:
                open_list = current[m[2]] = []
            else:
                open_list = None
                current[m[2]] = json.loads(m[3])
    except ValueError:
        return None
    return {key: records} if seen_key else None


# Lines as written, and the ways a hand edit or a broken file differs from them.
json_text = st.one_of(
    json_value.map(lambda v: json.dumps(v, ensure_ascii=False)),
    st.sampled_from(['"a"', "1", "null", "[]", "{}", '{"file": "a", "line": 1}', '"\\u2028"', "true"]),
)
odd_value = st.one_of(
    json_text.map(lambda v: f" {v}\t"),
    json_text.map(lambda v: "\ufeff" + v),
    json_text.map(lambda v: v + ", 2"),
    json_text.map(lambda v: v[:-1]),
    st.sampled_from(["", " ", "\r", "1\r", "[1,", "NaN", "-Infinity", "1e400", '"a\x01"', "'a'", "{1: 2}"]),
    text,
)
value = st.one_of(json_text, json_text, odd_value)
name = st.sampled_from(["slug", "title", "sources", "_x1"])
odd_name = st.sampled_from(["1x", "a-b", "", " a", "a "])
json_object = st.dictionaries(text, json_value, max_size=2).map(lambda v: json.dumps(v, ensure_ascii=False))
written = st.one_of(  # lines as the writer makes them
    st.builds(lambda n, v: f"- {n}: {v}", name, json_text),
    st.builds(lambda n, v: f"  {n}: {v}", name, json_text),
    st.builds(lambda n: f"  {n}:", name),
    st.builds(lambda v: f"  - {v}", json_object),
)
odd = st.one_of(  # and the ways a hand edit or a broken file differs from them
    st.builds(lambda lead, n, v: f"{lead}{n}: {v}", st.sampled_from(["- ", "  "]), name | odd_name, value),
    st.builds(lambda n: f"  {n}:", odd_name),
    st.builds(lambda v: f"  - {{{v}}}", st.sampled_from(['"file": "a", "line": 1', '"a": [1,\n2]', "", '"a": 1}, {'])),
    st.builds(lambda v: f"  - {v}", value),
    st.sampled_from(["papers:", "papers: []", "# comment", "#", "", " ", "\r", "other:", "- slug:", "-  slug: 1"]),
    text,
)
line = written | odd


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(
    st.lists(line, max_size=8),
    st.sampled_from(["papers:\n- slug: 1\n", "papers:\n", "", "# c\npapers:\n", "papers: []\n"]),
    st.sampled_from(["\n", "\n\n", "\r\n"]),
)
def test_the_reader_equals_the_plain_line_by_line_reader(lines, head, end):
    dumped = head + end.join(lines) + end
    assert repr(load_records(dumped, "papers")) == repr(plain_load_records(dumped, "papers"))  # repr: NaN, 1 vs 1.0


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(record, min_size=1, max_size=4), st.data())
def test_the_reader_equals_the_plain_reader_on_a_dump_with_one_line_changed(records, data):
    lines = dump_records("papers", records).split("\n")
    at = data.draw(st.integers(0, len(lines) - 1))
    lines[at] = data.draw(line)
    dumped = "\n".join(lines)
    assert repr(load_records(dumped, "papers")) == repr(plain_load_records(dumped, "papers"))
