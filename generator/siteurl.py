"""The site's public address (``site_url``): one value for MkDocs and the generator.

mkdocs.yml says ``site_url: !ENV [SITE_URL, ""]``: the ``SITE_URL``
environment variable, or none. MkDocs makes the sitemap, the canonical links
and the link previews' URLs from it; the generator makes the feeds' and the
exports' links from it (absolute when it is known, relative otherwise). The
MkDocs hook and ``python -m generator build`` must write the same docs/
bytes, so both read it here, from mkdocs.yml, with MkDocs' own ``!ENV``
constructor (yaml_env_tag), and normalise it as MkDocs does (a trailing
slash). The hook does not take ``config.site_url``: ``mkdocs serve``
replaces it with the local server's address.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import yaml_env_tag

from generator.errors import AtlasError, Problem
from generator.storage import files

# A GitHub remote, as `git remote get-url` prints it: https, ssh, or scp-like.
GITHUB_REMOTE_RE = re.compile(
    r"^(?:(?:https?|ssh|git)://(?:[^@/]+@)?github\.com(?::\d+)?/|(?:[^@/]+@)?github\.com:)"
    r"(?P<owner>[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)/(?P<repo>[A-Za-z0-9._-]+?)(?:\.git)?/?$"
)
# Kept as written; everything else (spaces, quotes, braces, backslashes) is percent-encoded,
# so the URL is inert in XML, JSON and a BibTeX field alike.
URL_SAFE = ":/?#@!$&'()*+,;=%-._~[]"
NO_SITE_URL = ("note: no site_url (SITE_URL is not set): feeds and exports link with relative URLs; "
               "set SITE_URL=https://you.github.io/repo/ to publish (README, Publishing)")


class ConfigLoader(files.Loader):  # type: ignore[misc, valid-type]
    """mkdocs.yml as MkDocs reads ``site_url``: ``!ENV`` resolved; other tags (``!relative``,
    ``!!python/name:``) are none of our business and read as null."""


ConfigLoader.add_constructor("!ENV", yaml_env_tag.construct_env_tag)
ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def normalize(value: object, where: str) -> str | None:
    """``value`` as an absolute http(s) URL ending with ``/``; None when it is empty or missing."""
    if value is None or value == "":
        return None
    parts = urlsplit(str(value).strip())
    if not isinstance(value, str) or parts.scheme not in ("http", "https") or not parts.netloc:
        raise AtlasError(Problem(where, None, f"site_url must be an http(s) address such as "
                                              f"https://you.github.io/paper-atlas/, not {value!r}"))
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return quote(urlunsplit(parts._replace(path=path)), safe=URL_SAFE)


def from_config(config_file: Path) -> str | None:
    """The ``site_url`` mkdocs.yml gives in this environment (None: no mkdocs.yml, or no address)."""
    config = files.load_yaml(config_file, missing_ok=True, loader=ConfigLoader)
    value = config.get("site_url") if isinstance(config, dict) else None
    return normalize(value, f"{config_file} (site_url, from SITE_URL when set)")


def github_pages_url(remote: str) -> str | None:
    """The GitHub Pages address of a repository, from its git remote URL; None if not on GitHub.

    ``owner/repo`` is published at https://owner.github.io/repo/, and the
    repository named ``owner.github.io`` at https://owner.github.io/ (a
    custom domain is not visible from the remote: set SITE_URL for one).
    """
    m = GITHUB_REMOTE_RE.match(remote.strip())
    if not m:
        return None
    host = f"{m['owner'].lower()}.github.io"
    return f"https://{host}/" if m["repo"].lower() == host else f"https://{host}/{m['repo']}/"
