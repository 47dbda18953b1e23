"""Key points: whole sentences of the abstract, labelled (problem, method, result ...), each readable without the one before."""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.enrich.summarize.readable import DANGLING_REF
from generator.enrich.summarize.sentences import MAX_POINT_WORDS, split_sentences


def _pick(own: list[int], others: tuple[list[int], ...], sizes: list[int], used: set[int], floor: int, back: bool) -> list[int]:
    """The best sentence by ``own`` score, and a neighbour (the next one, or the previous one when ``back``)
    that suits no other label better."""
    best, top = -1, floor - 1
    for i, score in enumerate(own):
        if score > top and i not in used:
            best, top = i, score
    if best < 0:
        return []
    chosen = [best]
    for j in (best + 1, best - 1) if back else (best + 1,):
        if 0 <= j < len(own) and j not in used and own[j] >= floor and sizes[j] + sizes[best] <= MAX_POINT_WORDS:
            if all(own[j] >= other[j] for other in others):
                chosen.append(j)
                break
    used.update(chosen)
    return sorted(chosen)


def key_points(sentences: list[str], scores: dict[str, list[int]], contribution: int | None, numbers: list[int]):
    """(label, verbatim sentences) for the problem, the approach and the results, when found."""
    problem, approach, results = scores["Problem"], scores["Approach"], scores["Results"]
    for i, count in enumerate(numbers):
        if count:
            results[i] += 3 * min(count, 2)
        if approach[i] >= 4:
            problem[i] -= 2
    if contribution is not None:
        approach[contribution] += 10
        for i in range(contribution):
            results[i] -= 3
        for i in range(contribution + 1, len(sentences)):
            problem[i] -= 2
    sizes = [s.count(" ") + 1 for s in sentences]
    used: set[int] = set()
    chosen_approach = _pick(approach, (problem, results), sizes, used, 4, False)
    chosen_results = _pick(results, (problem, approach), sizes, used, 3, True)
    chosen_problem = _pick(problem, (approach, results), sizes, used, 2, True)
    points = (("Problem", chosen_problem), ("Approach", chosen_approach), ("Results", chosen_results))
    for _, chosen in points:  # "This approach, however, ...", "However, these methods ...": the sentence before says which
        first = sentences[chosen[0]] if chosen else ""
        if chosen and (_REFERS_BACK.match(first) or DANGLING_REF.search(first)):
            before = chosen[0] - 1
            if not _REFERS_BACK.match(first) and before >= 0 and _REFERS_BACK.match(sentences[before]):
                continue  # that sentence would lean on the one before it in turn
            if before >= 0 and before not in used and sum(sizes[i] for i in chosen) + sizes[before] <= MAX_POINT_WORDS + 15:
                chosen.insert(0, before)
                used.add(before)
    return tuple((label, " ".join([sentences[i] for i in chosen])) for label, chosen in points if chosen)


# A sentence that leans on the one before it: "This approach ...", "It achieves ...", "These yield ...".
_REFERS_BACK = re.compile(r"(?:These|This|Those|Such|It|They|Both)\b(?!(?:\s+[\w-]+)?\s+(?:paper|work|study|article|report)\b)")


def leaning_points(abstract: str, key_points: Sequence[tuple[str, str]]) -> int:
    """How many key points open on a sentence naming what it does not say ("these methods") while
    the sentence before it is in no key point: a reader cannot tell what is meant."""
    sentences = split_sentences(abstract)
    index = {s: i for i, s in enumerate(sentences)}
    points = [split_sentences(text) for _, text in key_points]
    shown = {index.get(part, -2) for parts in points for part in parts}
    leaning = (parts for parts in points if parts and DANGLING_REF.search(parts[0]))
    return sum(1 for parts in leaning if index.get(parts[0], 0) - 1 not in shown)
