"""What ``mkdocs serve`` keeps of a build: the HTML of pages outside the nav, to reuse when unchanged.

MkDocs renders every page on every build (``--dirty`` is refused under
``strict: true``, and its lunr index would hold only the changed pages).
After a curation edit, all but a few of the 10,000 paper pages have the
same Markdown as before. A page outside the nav (``not_in_nav``: the paper
and topic pages) has HTML that is a function of its own source (front
matter and Markdown, after the plugins' ``on_page_markdown``), its path,
and what every page shares: mkdocs.yml, the theme's templates, the hook's
settings and the set of pages that links may point to. Its nav is the
same as every other such page's (no item is active, and the previous/next
footer links are only for pages in the nav), and the tags plugin reads
only its front matter. So when that shared context is unchanged, a page
whose source is unchanged gets its last HTML back, and the Markdown
conversion and template rendering are skipped (the hook serves it through
a one-line template). What the build's other steps need of the page is
restored too: its content and table of contents (the lunr index reads
them), its anchors and links to other pages' anchors (MkDocs validates
them after rendering).

Entries are recorded only by a build that succeeds: a page whose render
warned (a build that ``strict`` aborted) must warn again next time.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

TEMPLATE = "atlas-cached.html"  # what a page rendered from the cache goes through: no theme at all
TEMPLATE_SOURCE = "{{ page.content }}"  # (its output is replaced by the cached page in on_post_page)


def source_key(meta: Mapping[str, Any], markdown: str) -> str:
    """A page's source as MkDocs reads it: front matter and Markdown."""
    return hashlib.sha256(f"{meta!r}\0{markdown}".encode("utf-8", "surrogatepass")).hexdigest()


def context_key(parts: Iterable[bytes]) -> str:
    """Everything a page outside the nav shares with the others (each part length-prefixed)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


@dataclass(frozen=True)
class Rendered:
    """One page as a successful build left it."""

    key: str  # source_key of its source
    content: bytes  # page.content (the Markdown's HTML), zlib
    output: bytes  # the page file as written, zlib
    toc: Any  # mkdocs.structure.toc.TableOfContents
    title: str | None  # the title the Markdown gave (its first heading)
    anchors: frozenset[str]
    links: Mapping[str, Mapping[str, str]]  # target page's src_uri -> {anchor: link as written}

    @property
    def html(self) -> str:
        return zlib.decompress(self.output).decode("utf-8")

    @property
    def body(self) -> str:
        return zlib.decompress(self.content).decode("utf-8")


def rendered(key: str, content: str, output: str, toc: Any, title: str | None,
             anchors: Iterable[str] | None, links: Mapping[str, Mapping[str, str]]) -> Rendered:
    return Rendered(key, zlib.compress(content.encode("utf-8"), 1), zlib.compress(output.encode("utf-8"), 1),
                    toc, title, frozenset(anchors or ()), {k: dict(v) for k, v in links.items()})


class RenderCache:
    """The pages of the last successful build, valid while their shared context is unchanged."""

    def __init__(self) -> None:
        self.context: str | None = None
        self.pages: dict[str, Rendered] = {}
        self.hits: dict[str, Rendered] = {}  # this build's
        self.pending: dict[str, Rendered] = {}  # this build's renders, kept if it succeeds

    def begin(self, context: str) -> None:
        """A build starts; a changed context makes every entry useless."""
        if context != self.context:
            self.pages = {}
            self.context = context
        self.hits, self.pending = {}, {}

    def lookup(self, uri: str, key: str) -> Rendered | None:
        """The page's last HTML if its source is unchanged (and remember it was reused)."""
        found = self.pages.get(uri)
        if found is None or found.key != key:
            return None
        self.hits[uri] = found
        return found

    def hit(self, uri: str) -> Rendered | None:
        return self.hits.get(uri)

    def record(self, uri: str, page: Rendered) -> None:
        self.pending[uri] = page

    def commit(self) -> tuple[int, int]:
        """The build succeeded: its pages, reused or rendered, are the cache (pages gone are dropped).
        Returns how many pages were reused and how many rendered."""
        counts = len(self.hits), len(self.pending)
        self.pages = {**self.hits, **self.pending}
        self.hits, self.pending = {}, {}
        return counts

    def keep_rendered(self) -> None:
        """A build of a few pages succeeded (the hook's quick build): they join the cache, beside
        the others."""
        self.pages.update(self.pending)
        self.hits, self.pending = {}, {}

    def clear(self) -> None:
        self.__init__()

    def __len__(self) -> int:
        return len(self.pages)
