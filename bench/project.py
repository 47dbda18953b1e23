"""A scratch copy of the project: what the tests and the bench build in.

The inputs are copied (mkdocs.yml, overrides/, the hand-written docs/,
the taxonomy and, unless told not to, the curation); generator/ is a
symbolic link, so the copy runs this very code.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# What the generator writes into docs/: never copied, so a copy starts with the hand-written pages only.
GENERATED = ("papers", "topics", "index.md", ".atlas-manifest.json", ".atlas-inputs.json", "charts", "feeds",
             "exports", "reader", "browse", "my-list.md", "like.md")


def make_project(root: Path, dumps: Mapping[str, str] | None = None, *, curation: bool = True) -> Path:
    """A copy of the project's inputs under ``root``; ``dumps`` (name -> text) replaces data/raw/ when given."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", root / "overrides")
    shutil.copytree(REPO / "docs", root / "docs", ignore=shutil.ignore_patterns(*GENERATED))
    raw = root / "data" / "raw"
    if dumps is None:
        shutil.copytree(REPO / "data" / "raw", raw)
    else:
        raw.mkdir(parents=True)
        for name, text in dumps.items():
            (raw / name).write_text(text, encoding="utf-8")
    shutil.copy(REPO / "data" / "topics.yaml", root / "data" / "topics.yaml")
    if curation and (REPO / "data" / "curation.yaml").exists():
        shutil.copy(REPO / "data" / "curation.yaml", root / "data" / "curation.yaml")
    (root / "generator").symlink_to(REPO / "generator")
    return root
