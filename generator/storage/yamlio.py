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
# Every line of the text, in one match: "- key: value" / "  key: value" / "  key:"
# (groups 1-3), an item "  - {...}" of the list opened by "  key:" (group 4), or
# any other line (no group). ``.`` and ``$`` stop at "\n" only, as lines do here.
_LINE_RE = re.compile(r"^(?:(- |  )([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?|  - (\{.*\})|.*)$", re.MULTILINE)

_encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder: json.dumps(**kw) builds one per call
_encode_str = json.encoder.encode_basestring  # what that encoder does with a str (``ensure_ascii=False``)
_decode = json.JSONDecoder().raw_decode  # what json.loads uses, without its checks around it


def _json(value: Any) -> str:
    """``_encode(value)``, with its usual values done directly.

    The encoder builds a new C encoder for every value that is not a str:
    most values here are None, a whole number, or a list of str.
    """
    kind = type(value)
    if kind is str:
        return _encode_str(value)
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    if kind is list and all(type(v) is str for v in value):
        return "[" + ", ".join(map(_encode_str, value)) + "]"
    return _encode(value)


def _loads(text: str) -> Any:
    """``json.loads(text)``: a value that fills the text is decoded directly, the rest by json.loads.

    ``raw_decode`` does what json.loads does once leading and trailing
    whitespace (which it refuses, as it refuses a byte-order mark) is known
    to be absent, so whatever it takes whole is exactly json.loads's value;
    anything else gets json.loads itself, and its errors.
    """
    try:
        value, end = _decode(text)
    except ValueError:
        return json.loads(text)
    return value if end == len(text) else json.loads(text)


def _yaml_safe(text: str) -> str:
    if text.isascii() and "\x7f" not in text:  # the usual case (isascii is a flag of the str): nothing to escape
        return text
    return _YAML_UNSAFE_RE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def dump_records(key: str, records: Iterable[Mapping[str, Any]], header: str = "") -> str:
    """``key:`` then one block mapping per record; list-of-mapping values go one item a line."""
    return "".join(iter_records(key, records, header))


def iter_records(key: str, records: Iterable[Mapping[str, Any]], header: str = "", batch: int = 1000) -> Iterator[str]:
    """``dump_records``, ``batch`` records a piece: a 50,000-paper corpus is ~110 MB of text.

    Each line is made YAML-safe on its own (the escaped characters are single
    characters: per line or per piece is the same text), so the ASCII lines,
    nearly all of them, are passed over at once.
    """
    lines = [_yaml_safe(header.rstrip("\n"))] if header else []
    records = iter(records)
    first = next(records, None)
    lines.append(_yaml_safe(f"{key}:" if first is not None else f"{key}: []"))
    if first is not None:
        records = itertools.chain([first], records)
    for n, record in enumerate(records, 1):
        lead = "- "
        for name, value in record.items():
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                lines.append(_yaml_safe(f"{lead}{name}:"))
                lines.extend(_yaml_safe(f"  - {_json(v)}") for v in value)
            else:
                lines.append(_yaml_safe(f"{lead}{name}: {_json(value)}"))
            lead = "  "
        if n % batch == 0:
            yield "\n".join(lines) + "\n"
            lines = []
    if lines:
        yield "\n".join(lines) + "\n"


def load_records(text: str, key: str) -> dict[str, list[dict[str, Any]]] | None:
    """The mapping ``dump_records`` wrote, or None if ``text`` is not in that exact form."""
    records: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    open_list: list[Any] | None = None
    seen_key = empty = False
    try:
        for m in _LINE_RE.finditer(text):  # one line at a time: no list of every line
            line = m.group()
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
            lead, name, value, item = m.group(1, 2, 3, 4)
            if item is not None:
                if open_list is None:
                    return None
                open_list.append(_loads(item))
                continue
            if lead is None:
                return None
            if lead == "- ":
                current = {}
                records.append(current)
            elif current is None:
                return None
            if value is None:
                open_list = current[name] = []
            else:
                open_list = None
                current[name] = None if value == "null" else _loads(value)  # a third of the values are null
    except ValueError:  # not JSON after all: let PyYAML judge it
        return None
    return {key: records} if seen_key else None
