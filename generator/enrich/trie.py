"""A regular expression for a set of literal words, factored by prefix.

``re`` tries an alternation of a hundred words one word at a time at every
position; the same words as a trie fail on the first letter that no word
has there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def trie_pattern(words: Iterable[str]) -> str:
    """A pattern (no group of its own) matching any of ``words``; where one word is a
    prefix of another, greedily the longest."""
    tree: dict = {}
    for word in words:
        node = tree
        for c in word:
            node = node.setdefault(c, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        alts = [re.escape(c) + pattern(sub) for c, sub in sorted(node.items()) if c]
        if not alts:
            return ""
        body = "(?:" + "|".join(alts) + ")" if len(alts) > 1 or "" in node else alts[0]
        return body + "?" if "" in node else body

    return pattern(tree)
