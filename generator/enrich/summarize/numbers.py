"""Key numbers: each value with what it measures, both verbatim from the abstract."""

from __future__ import annotations

import re

from generator.enrich.summarize.readable import DANGLING_REF
from generator.enrich.summarize.sentences import DANGLING, MAX_CONTEXT_WORDS, MAX_KEY_NUMBERS, Span, word_count
from generator.models import KeyNumber

_KIND_SCORE = {"mul": 4, "pct": 3, "unit": 3, "scale": 2, "suffix": 2, "dec": 0}
_COMPARISON = re.compile(
    r"(?:than|compared|relative|versus|vs\.|over|against|outperform\w*|surpass\w*|better|faster|improv\w*|while|respectively)\b",
    re.I,
)
_CLAUSE = re.compile(r"[,;:] ")
_CLAUSE_WORDS = (" while ", " whereas ", " which ", " respectively", " — ", " – ", " -- ")


class _Clauses:
    """A sentence cut into clauses at , ; : and before while / whereas / which / a dash, but not inside
    parentheses, where a comma separates the items of a list: "OpenECAD models (0.55B, 0.89B, 2.4B
    and 3.1B)" is one clause, and 2.4B keeps what it measures; sizes in words."""

    def __init__(self, text: str) -> None:
        self.text = text
        cuts = [m.end() for m in _CLAUSE.finditer(text)]
        for word in _CLAUSE_WORDS:
            at = text.find(word)
            while at >= 0:
                cuts.append(at + 1)
                at = text.find(word, at + 1)
        cuts = [0, *sorted(c for c in cuts if not _in_parentheses(text, c)), len(text)]  # "(" unclosed: to the end
        self.segs = [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]

    def _size(self, i: int, j: int) -> int:
        return self.text.count(" ", self.segs[i][0], self.segs[j][1] - 1) + 1

    def around(self, v: int) -> str:
        """The clause around offset ``v``, widened to short neighbours and to what it is compared with."""
        segs, text, size = self.segs, self.text, self._size
        lo = hi = next(k for k, (a, b) in enumerate(segs) if a <= v < b)
        n = len(segs)
        grown = True
        while grown:  # list items and short lead-ins: "87%, 131%, 138%", "On ImageNet,"
            grown = False
            if hi + 1 < n and size(hi + 1, hi + 1) <= 4 and size(lo, hi + 1) <= MAX_CONTEXT_WORDS:
                hi, grown = hi + 1, True
            if lo > 0 and size(lo - 1, lo - 1) <= 4 and size(lo - 1, hi) <= MAX_CONTEXT_WORDS:
                lo, grown = lo - 1, True
        while hi + 1 < n and size(lo, hi + 1) <= MAX_CONTEXT_WORDS and _COMPARISON.match(text, segs[hi + 1][0]):
            hi += 1  # "..., better than AmoebaNet-B"
        while size(lo, hi) < 12:
            if hi + 1 < n and size(lo, hi + 1) <= MAX_CONTEXT_WORDS:
                hi += 1  # what a number measures usually follows it: "2.49x, and 2.32x reductions on latency"
            elif lo > 0 and size(lo - 1, hi) <= MAX_CONTEXT_WORDS:
                lo -= 1
            else:
                break
        a, b = segs[lo][0], segs[hi][1]
        if size(lo, hi) > MAX_CONTEXT_WORDS:  # one long clause: the words around the value
            a = max(a, _nth_space(text, v, -(MAX_CONTEXT_WORDS // 2), a) + 1)
            if text.count(" ", a, b) < MAX_CONTEXT_WORDS:  # the clause ends soon after the value
                a = _nth_space(text, b, -MAX_CONTEXT_WORDS, segs[lo][0]) + 1
            b = _nth_space(text, a, MAX_CONTEXT_WORDS, b)
            while b > v:  # "... across 4" -> "..."
                last = text.rfind(" ", v, b)
                word = text[last + 1 : b].lower().strip(",;:")
                if last < 0 or not (word[:1].isdigit() or word in DANGLING):
                    break
                b = last
        return text[a:b].strip(" ,;:—–")


def _in_parentheses(text: str, at: int) -> bool:
    return text.count("(", 0, at) > text.count(")", 0, at)


def _nth_space(text: str, at: int, n: int, limit: int) -> int:
    """The offset of the ``n``-th space after ``at`` (before it when ``n`` < 0), not past ``limit``."""
    for _ in range(abs(n)):
        nxt = text.find(" ", at + 1, limit) if n > 0 else text.rfind(" ", limit, at)
        if nxt < 0:
            return limit if n > 0 else limit - 1
        at = nxt
    return at


def key_numbers(abstract: str, spans: list[Span], quantities: list, results: list[int]):
    """Key numbers (value, context), and how many % or × quantities each sentence holds."""
    found, seen, counts = [], set(), [0] * len(spans)
    for kind, start, end, i in quantities:
        if end > spans[i][1]:
            continue
        if kind == "dec" and (not results[i] or abstract[abstract.rfind(" ", 0, start - 1) + 1 : start][:1].isupper()):
            continue  # a bare decimal counts in a results sentence, not after a name ("Llama 3.1")
        value = abstract[start:end].rstrip()
        if kind in ("pct", "mul"):
            counts[i] += 1
        score = _KIND_SCORE[kind] + (2 if results[i] else 0)
        if value not in seen and score > 1:
            seen.add(value)
            found.append((-score, start, i, value))
    found.sort()
    chosen: list[tuple[int, int, str]] = []
    per_sentence = [0] * len(spans)
    for allowed in (1, 2, 3, MAX_KEY_NUMBERS):  # variety first: one value per sentence, a second, a third, the rest
        for _, start, i, value in found:
            if len(chosen) < MAX_KEY_NUMBERS and per_sentence[i] < allowed and (start, i, value) not in chosen:
                per_sentence[i] += 1
                chosen.append((start, i, value))
    clauses: dict[int, _Clauses | str] = {}
    numbers = []
    for start, i, value in sorted(chosen):
        if i not in clauses:
            a, b = spans[i]
            sentence = abstract[a:b].rstrip(".")
            clauses[i] = sentence.strip() if sentence.count(" ") < MAX_CONTEXT_WORDS else _Clauses(sentence)
        c = clauses[i]
        context = c if isinstance(c, str) else c.around(start - spans[i][0])
        numbers.append(KeyNumber(value, _without_lead(context, value)))
    return numbers, counts


def _without_lead(context: str, value: str) -> str:
    """``context`` without a lead-in naming what it does not say, when the value comes after it:
    "Using this extension, we outperform ... by 0.2 PPL" -> "we outperform ... by 0.2 PPL"."""
    comma = context.find(", ")
    if comma < 0 or not DANGLING_REF.search(context, 0, comma) or context.find(value) < comma:
        return context
    rest = context[comma + 2 :]
    return rest if word_count(rest) >= 6 and not DANGLING_REF.match(rest) else context
