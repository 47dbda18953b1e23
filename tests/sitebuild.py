"""Build a real Paper Atlas site into a scratch folder, and serve it on 127.0.0.1.

Shared by the browser, link and export tests: the project is copied (hand
pages, assets, overrides, taxonomy), its dumps ingested and the site built
with ``mkdocs build --strict``, exactly as ``make site`` does.
"""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.browser import serve as bench_serve
from bench.project import make_project  # noqa: F401  (the tests' one project copy)

ROOT = Path(__file__).resolve().parent.parent
_seed: dict[str, Path] = {}  # one seed build per test process, whichever module asks first


def build(root: Path, site_url: str | None = None, search: str | None = None) -> Path:
    """As ``make site``: ``python -m generator update`` then ``mkdocs build --strict``; the built site/.

    ``site_url``: the SITE_URL the build sees (none by default, whatever the developer's shell says);
    ``search``: force the search engine (``ATLAS_SEARCH``), else the project's own setting.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    env.pop("ATLAS_SEARCH", None)  # the project's own search setting, not a developer's override
    env.pop("SITE_URL", None)
    if site_url is not None:
        env["SITE_URL"] = site_url
    if search:
        env["ATLAS_SEARCH"] = search
    for args in (["-m", "generator", "update"], ["-m", "mkdocs", "build", "--strict"]):
        done = subprocess.run([sys.executable, *args], cwd=root, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert "WARNING" not in done.stderr, done.stderr
    return root / "site"


def seed_site(tmp_path_factory) -> Path:
    """The project built from its four seed dumps, once per test process."""
    if "site" not in _seed:
        _seed["site"] = build(make_project(tmp_path_factory.mktemp("seed")))
    return _seed["site"]


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, quietly; the ``LinkChecker`` header lifts linkchecker's
    10-requests-a-second limit for this host (see linkcheck/checker/httpurl.py)."""

    def end_headers(self) -> None:
        self.send_header("LinkChecker", "paper-atlas-tests")
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


class PrefixHandler(Handler):
    """The site under ``prefix`` only, as GitHub serves a project's pages under /<repo>/: anything
    outside it is a 404, so a link that climbs above the site's root shows up as broken."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / ".outside-the-prefix")  # no such file: 404
        return super().translate_path("/" + path[len(self.prefix):])


@contextmanager
def serve(site: Path, prefix: str = "/", port: int = 0) -> Iterator[str]:
    """``site`` over HTTP on 127.0.0.1, ``port`` or a free one, under ``prefix`` (bench's server, with our handler)."""
    handler = Handler if prefix == "/" else type("PrefixHandler", (PrefixHandler,), {"prefix": prefix})
    with bench_serve(site, handler, port) as base:
        yield base + prefix.lstrip("/")
