"""A fast, exact YAML codec for the corpus: block YAML whose values are JSON.

PyYAML builds every node in Python, even with libyaml: 10,000 papers take
seconds to dump and to load. JSON is valid YAML flow syntax, so the corpus
is written as block YAML with one ``key: <JSON value>`` per line. Any YAML
tool reads it; ``load_records`` reads it back with ``json.loads`` per line,
and returns None for anything else (a hand-edited file), which callers then
give to PyYAML.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

# Characters YAML will not take raw inside a double-quoted scalar: C1
# controls, line and paragraph separators (line breaks in YAML 1.1), the
# byte-order mark, non-characters and lone surrogates. JSON escapes C0.
_YAML_UNSAFE_RE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_LINE_RE = re.compile(r"^(- |  )([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?$")
_ITEM_RE = re.compile(r"^  - (\{.*\})$")
_ANY_LINE_RE = re.compile(r"[^\n]+")


_json = json.JSONEncoder(ensure_ascii=False).encode  # one encoder: json.dumps(**kw) builds one per call


def _yaml_safe(text: str) -> str:
    return _YAML_UNSAFE_RE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def dump_records(key: str, records: Iterable[Mapping[str, Any]], header: str = "") -> str:
    """``key:`` then one block mapping per record; list-of-mapping values go one item a line."""
    return "".join(iter_records(key, records, header))


def iter_records(key: str, records: Iterable[Mapping[str, Any]], header: str = "", batch: int = 1000) -> Iterator[str]:
    """``dump_records``, ``batch`` records a piece: a 50,000-paper corpus is ~110 MB of text."""
    lines = [header.rstrip("\n")] if header else []
    records = iter(records)
    first = next(records, None)
    lines.append(f"{key}:" if first is not None else f"{key}: []")
    if first is not None:
        records = itertools.chain([first], records)
    for n, record in enumerate(records, 1):
        lead = "- "
        for name, value in record.items():
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                lines.append(f"{lead}{name}:")
                lines.extend(f"  - {_json(v)}" for v in value)
            else:
                lines.append(f"{lead}{name}: {_json(value)}")
            lead = "  "
        if n % batch == 0:
            yield _yaml_safe("\n".join(lines) + "\n")  # (such characters can only be inside JSON strings)
            lines = []
    if lines:
        yield _yaml_safe("\n".join(lines) + "\n")


def load_records(text: str, key: str) -> dict[str, list[dict[str, Any]]] | None:
    """The mapping ``dump_records`` wrote, or None if ``text`` is not in that exact form."""
    records: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    open_list: list[Any] | None = None
    seen_key = empty = False
    try:
        for match in _ANY_LINE_RE.finditer(text):  # one line at a time: no list of every line
            line = match.group()
            if not line or line.startswith("#"):
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
            item = _ITEM_RE.match(line)
            if item and open_list is not None:
                open_list.append(json.loads(item[1]))
                continue
            m = _LINE_RE.match(line)
            if not m:
                return None
            lead, name, value = m[1], m[2], m[3]
            if lead == "- ":
                current = {}
                records.append(current)
            elif current is None:
                return None
            if value is None:
                open_list = current[name] = []
            else:
                open_list = None
                current[name] = json.loads(value)
    except ValueError:  # not JSON after all: let PyYAML judge it
        return None
    return {key: records} if seen_key else None
