"""A curation edit of a paper's words under ``mkdocs serve``: the files it changes, found without
making the site again.

A curator's commonest edit rewrites a paper's TL;DR, key points or note in
data/curation.yaml. Those words are shown only where the paper is shown: its
own page, and the files that list it (topic, day and author pages, other
papers' related lists, feeds, exports, the reader's cards). Each of these names
the paper by its slug: a link to its page, or a key. Nothing else reads them:
topics, related papers and which pages exist come from the corpus, the
taxonomy and the other curation fields. So after such an edit only the files
that name an edited paper can change; those are rendered again and compared
with the last build's bytes, and the other ~99.8% are left alone. The pages
come first (what a curator looks at); the other files (feeds, exports, the
reader's files: ~0.5 s at 10,000 papers, as the exports name every paper)
can be compared after them.

Any other change of the curation (topics, featured, hidden) moves papers
between pages: ``after_edit`` returns None, and the caller renders the site.
tests/test_quickedit.py checks the result against a full render of the edited
data, file by file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

from generator import pipeline
from generator.enrich.site import Memo, apply_summary_overrides
from generator.enrich.summarize import summarize
from generator.models import CurationEntry, Site
from generator.output.render import Pages
from generator.storage.files import as_bytes

WORDS = frozenset({"tldr", "key_points", "note"})  # the curation fields shown only where the paper is
_COMPARED = tuple(f.name for f in fields(CurationEntry) if f.name not in ("slug", "line"))


@dataclass(frozen=True)
class Made:
    """What a build made of data/: the enriched site, the curation it applied, every file's bytes."""

    site: Site
    curation: Mapping[str, CurationEntry]
    files: dict[str, bytes]


def edited_papers(before: Mapping[str, CurationEntry], after: Mapping[str, CurationEntry]) -> set[str] | None:
    """The papers whose curation changed in its words only (an entry added or removed counts, if it
    holds nothing else); None when any entry changed in anything else."""
    edited = set()
    for slug in before.keys() | after.keys():
        old, new = _compared(before.get(slug)), _compared(after.get(slug))
        if old == new:
            continue
        if any(a != b for name, a, b in zip(_COMPARED, old, new) if name not in WORDS):
            return None
        edited.add(slug)
    return edited


def _compared(entry: CurationEntry | None) -> tuple:
    entry = entry or CurationEntry(slug="")
    return tuple(getattr(entry, name) for name in _COMPARED)


def recurated(site: Site, curation: Mapping[str, CurationEntry], slugs: set[str], memo: Memo) -> Site:
    """``site`` with the curation's words of ``slugs`` applied again, as ``enrich`` applies them."""
    index = dict(site.index)
    for slug in slugs & index.keys():  # a hidden paper is shown nowhere
        e, cur = index[slug], curation.get(slug)
        p = e.paper
        computed = memo.summaries.get((p.title, p.abstract)) or summarize(p.title, p.abstract)
        index[slug] = replace(e, summary=apply_summary_overrides(computed, cur), note=cur.note if cur else None)
    return replace(site, papers=tuple(index[e.paper.slug] for e in site.papers), index=index)


def changed_files(before: Mapping[str, bytes], after: Pages, rels: Iterable[str]) -> dict[str, bytes]:
    """Those of the files ``rels`` of ``after`` whose bytes differ from ``before``'s."""
    changed = {}
    for rel in rels:
        new = as_bytes(after.render(rel))
        if new != before[rel]:
            changed[rel] = new
    return changed


def read_curation(data_dir: Path, last: Made) -> dict[str, CurationEntry]:
    """data/curation.yaml as it is now, checked against the corpus and topics ``last`` was made of
    (its papers, and those its curation hid)."""
    slugs = set(last.site.index) | {slug for slug, cur in last.curation.items() if cur.hidden}
    return pipeline.read_curation(data_dir / "curation.yaml", slugs, {t.slug for t in last.site.topics})


@dataclass(frozen=True)
class Edit:
    """The site after an edit of papers' words: its files, rendered when read, and those that may
    differ from the last build's (they name an edited paper), pages first."""

    site: Site
    curation: Mapping[str, CurationEntry]
    files: Pages
    pages: tuple[str, ...]  # Markdown pages, which MkDocs renders
    others: tuple[str, ...]  # feeds, exports, the reader's files: copied as they are


def after_edit(
    last: Made,
    curation: Mapping[str, CurationEntry],
    memo: Memo,
    site_url: str | None,
    search_settings: tuple[str, int] | None,
) -> Edit | None:
    """``last`` with ``curation`` in place of its own; None unless the curation changed in papers'
    words only (or the files of the site would not be the same ones)."""
    slugs = edited_papers(last.curation, curation)
    if slugs is None:
        return None
    site = recurated(last.site, curation, slugs, memo)
    files = pipeline.site_files(site, site_url, search_settings, memo)
    if len(files) != len(last.files) or any(rel not in last.files for rel in files):
        return None
    names = [slug.encode() for slug in slugs]
    naming = [rel for rel, old in last.files.items() if any(name in old or name in rel.encode() for name in names)]
    pages = tuple(rel for rel in naming if rel.endswith(".md"))
    return Edit(site, curation, files, pages, tuple(rel for rel in naming if not rel.endswith(".md")))
