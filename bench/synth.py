"""Realistic synthetic Daily Papers dumps, recombined from the seed dumps.

Titles are seed title fragments recombined around a made-up method name;
abstracts are seed sentences, mostly from one seed abstract (so related
papers cluster as they do in real listings) with a few from elsewhere.
Metadata is random; the three page layouts of the seeds are mixed, and some
papers are listed in two dumps, as a daily list and a search page would.
Everything is drawn from one seeded RNG: the same arguments give the same
bytes.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.models import Entry
from generator.parse import parse_dump
from generator.shapes import is_abstract, kind_of

SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
CONNECTIVES = (" for ", " with ", " via ", " in ", " through ", " of ", " on ")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SYLLABLES = ("ar", "be", "co", "da", "el", "fi", "go", "hy", "ix", "jo", "ka", "lu", "mo", "ne",
             "or", "pi", "qu", "ra", "si", "to", "ur", "vi", "wa", "xe", "yo", "ze")
LAYOUTS = ("compact", "daily", "search")  # 000_*, 001_/002_*, 003_* of data/raw
DUPLICATE_SHARE = 0.06  # papers listed in a second dump too
PER_DUMP = (80, 220)


@dataclass(frozen=True)
class SynthPaper:
    title: str
    abstract: str
    authors: int | None
    org: str | None  # "id Name" as a listing shows it
    date: str
    upvotes: int | None


@dataclass(frozen=True)
class Seeds:
    """What the generator draws from: fragments of the real dumps."""

    names: tuple[str, ...]  # "Mamba", "KUIELab-MDX-Net"
    heads: tuple[str, ...]  # "Linear-Time Sequence Modeling"
    tails: tuple[str, ...]  # "Selective State Spaces"
    abstracts: tuple[tuple[str, ...], ...]  # sentences of each seed abstract
    orgs: tuple[str, ...]


def load_seeds(raw_dir: Path) -> Seeds:
    entries: list[Entry] = []
    for path in sorted(raw_dir.glob("*.txt")):
        found, _ = parse_dump(path.read_bytes(), path.name)
        entries.extend(found)
    names, heads, tails, abstracts, orgs = set(), set(), set(), [], set()
    for e in entries:
        name, sep, rest = e.title.partition(": ")
        if sep and len(name) <= 30:
            names.add(name)
        else:
            rest = e.title
        for conn in CONNECTIVES:
            head, found, tail = rest.partition(conn)
            if found:
                heads.add(head.strip())
                tails.add(tail.strip())
                break
        else:
            heads.add(rest.strip())
        if e.abstract:
            abstracts.append(tuple(s for s in SENTENCE_RE.split(e.abstract) if s))
        if e.org:
            orgs.add(f"{e.org.id} {e.org.name}")
    return Seeds(tuple(sorted(names)), tuple(sorted(heads)), tuple(sorted(tails)),
                 tuple(abstracts), tuple(sorted(orgs)))


def _name(rng: random.Random, seeds: Seeds) -> str:
    base = rng.choice(seeds.names).split("-")[0].split(" ")[0]
    made = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3))).capitalize()
    return rng.choice((f"{base}-{made}", f"{made}{base}", f"{made}-{rng.randint(2, 99)}"))


def _title(rng: random.Random, seeds: Seeds) -> str:
    head = rng.choice(seeds.heads)
    body = head + rng.choice(CONNECTIVES) + rng.choice(seeds.tails) if rng.random() < 0.7 else head
    return f"{_name(rng, seeds)}: {body}" if rng.random() < 0.8 else f"{body} with {_name(rng, seeds)}"


def _abstract(rng: random.Random, seeds: Seeds) -> str:
    base = rng.choice(seeds.abstracts)
    n = len(rng.choice(seeds.abstracts))
    sentences = [base[0]]
    while len(sentences) < n:
        src = base if rng.random() < 0.6 else rng.choice(seeds.abstracts)
        sentences.append(rng.choice(src))
    return " ".join(sentences)


def _date(rng: random.Random) -> str:
    day = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}"
    return f"{day}, {rng.randint(2018, 2025)}" if rng.random() < 0.7 else day


def _safe_title(title: str) -> bool:
    return not (is_abstract(title) or kind_of(title) != "text" or title.startswith("Subscribe") or len(title) > 200)


def papers(n: int, seeds: Seeds, rng: random.Random) -> list[SynthPaper]:
    """``n`` papers with unique titles."""
    seen: set[str] = set()
    out: list[SynthPaper] = []
    while len(out) < n:
        title = _title(rng, seeds)
        key = re.sub(r"\W+", "", title.casefold())
        if key in seen or not _safe_title(title):
            continue
        seen.add(key)
        abstract = _abstract(rng, seeds)
        while len(abstract) < 320:
            abstract += " " + rng.choice(rng.choice(seeds.abstracts))
        out.append(SynthPaper(
            title=title,
            abstract=abstract,
            authors=rng.choice((None, rng.randint(1, 30))),
            org=rng.choice(seeds.orgs) if seeds.orgs and rng.random() < 0.1 else None,
            date=_date(rng),
            upvotes=rng.randint(1, 300) if rng.random() < 0.6 else None,
        ))
    return out


def render_dump(layout: str, listed: Sequence[SynthPaper], rng: random.Random) -> str:
    """A dump's text as a browser copy of one page of ``layout`` gives it."""
    if layout == "compact":
        lines = ["Get trending papers in your email inbox once a day!", "Get trending papers in your email inbox!"]
        for i, p in enumerate(listed):
            lines.append(("Subscribe" if i == 0 else "") + p.title)
            lines.append(p.abstract)
        return "\n".join(lines) + "\n"
    lines = ["new", "Get trending papers in your email inbox!", "Subscribe"]
    if layout == "daily" or rng.random() < 0.5:
        lines.append("Daily Papers")
    lines += ["byAK and the research community", f"{rng.choice(MONTHS)} {rng.randint(1, 28)}"]
    for p in listed:
        lines += [p.title, p.abstract]
        if layout == "search" and rng.random() < 0.9:
            if p.authors is not None:
                lines.append(f"  • {p.authors} authors")
            if p.org:
                lines.append(p.org)
            lines.append("·")
            lines.append(p.date + (f" {p.upvotes}" if p.upvotes is not None else ""))
    return "\n\n".join(lines) + "\n"


def dumps(n: int, seeds: Seeds, seed: int = 0) -> Iterator[tuple[str, str]]:
    """(file name, text) of dumps listing ``n`` unique papers in all."""
    rng = random.Random(seed)
    corpus = papers(n, seeds, rng)
    listings = list(corpus) + rng.sample(corpus, int(n * DUPLICATE_SHARE))
    rng.shuffle(listings)
    i = k = 0
    while i < len(listings):
        size = rng.randint(*PER_DUMP)
        chunk, i = listings[i : i + size], i + size
        layout = rng.choice(LAYOUTS)
        # A paper listed twice in one page is not realistic: move the repeat on.
        unique = list({id(p): p for p in chunk}.values())
        yield f"{k:05d}_synth_{layout}.txt", render_dump(layout, unique, rng)
        k += 1


def write_dumps(raw_dir: Path, n: int, seeds: Seeds, seed: int = 0) -> int:
    raw_dir.mkdir(parents=True, exist_ok=True)
    for old in raw_dir.glob("*.txt"):
        old.unlink()
    count = 0
    for name, text in dumps(n, seeds, seed):
        (raw_dir / name).write_text(text, encoding="utf-8")
        count += 1
    return count
