"""Topics: validate the hand-curated taxonomy and assign papers to it.

Two pure functions, no file access: the caller reads ``data/topics.yaml``,
passes the parsed YAML to :func:`load_topics` (``taxonomy.py``), then calls
:func:`assign_topics` once per paper (``assign.py``; the probes of
``probes.py`` filed by ``matcher.py``).

Matching rules (the header of ``data/topics.yaml`` explains them to curators):

* a keyword is a regular expression, matched case-insensitively, and only
  where it is not glued to a letter, digit or underscore on either side
  (``nas`` matches "NAS" and "NAS-Bench", not "dynasty");
* a keyword scores 3 points a hit in the title and 1 point a hit in the
  abstract, at most ``ABSTRACT_HIT_CAP`` abstract hits, so that one word
  repeated all over an abstract does not drown the others;
* a topic needs ``MIN_SCORE`` points (one title hit, or two abstract hits)
  and at least ``RELATIVE_CUTOFF`` of the best topic's score; a paper keeps
  at most ``MAX_TOPICS`` topics, best first, ties broken by slug.

Speed. The obvious design, one combined regular expression per topic, costs
about 3 ms a paper: ``re`` tries every alternative at every position. ``re``
is fast only when a pattern starts with literal text, which it finds like
``str.find``. So each keyword is compiled on its own, lowercased, and split
into *probes* that start with literal text:

* ``a|b``, ``(?:a|b) c`` and ``x (?:a )?b`` become one probe per alternative;
* a leading look-around such as ``(?<!graph )`` is checked where a probe
  hits instead of being searched for;
* ``\\w+former`` is found by its literal end, then matched from the start
  of that word.

A paper's words are split with C-level string operations on the same
boundaries ``re`` uses. Each probe is filed under a whole word it contains,
or else under the literal start of its first word (``provabl`` of
``provabl\\w+``), so set intersections and one pass of a regular expression
over the word starts name the few probes worth running, and the other words
of a probe are checked before it is searched for. The topics come out the same as with the obvious design
(``tests/test_topics.py`` checks it), about twenty times faster.
"""

from generator.enrich.topics.assign import (
    ABSTRACT_HIT_CAP,
    MAX_TOPICS,
    MIN_SCORE,
    RELATIVE_CUTOFF,
    TITLE_WEIGHT,
    Keywords,
    assign_topics,
    assigner,
    keyword_assigner,
)
from generator.enrich.topics.taxonomy import load_topics

__all__ = ["ABSTRACT_HIT_CAP", "MAX_TOPICS", "MIN_SCORE", "RELATIVE_CUTOFF", "TITLE_WEIGHT", "Keywords", "assign_topics", "assigner", "keyword_assigner", "load_topics"]
