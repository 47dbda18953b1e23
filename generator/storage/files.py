"""Files in and out: read dumps and YAML, write a file whole or not at all, move whole folders.

Every write goes to a temporary file beside its target and is renamed into
place, so a build killed at any moment leaves each file whole. Temporaries
are dotfiles (MkDocs skips them) ending in ``TMP_SUFFIX``, swept by the next
write. The corpus has its codec (``codec.py``), docs/ its writer (``docs.py``).
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from generator.errors import AtlasError, Problem
from generator.models import Chunks, Content

try:  # libyaml is ~10x faster on a 50,000-paper corpus
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - PyYAML wheels ship libyaml
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

TMP_SUFFIX = ".atlas-tmp"


# ---------------------------------------------------------------- reading

DUMP_SUFFIXES = (".txt", ".md", ".json")  # a page copied as text or by a Markdown clipper; an API answer

def dump_paths(raw_dir: Path) -> list[Path]:
    """The dumps of ``raw_dir``, by name: text dumps and API JSON together."""
    return sorted(p for p in raw_dir.glob("*") if p.suffix in DUMP_SUFFIXES and not p.name.startswith(".") and p.is_file())

def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise AtlasError(Problem(str(path), None, f"cannot read: {exc.strerror}")) from None


def read_text(path: Path) -> str:
    """A text file, undecodable bytes replaced (for finding line numbers: the parse names bad bytes)."""
    return read_bytes(path).decode("utf-8", errors="replace")


def load_yaml(path: Path, *, missing_ok: bool = False, loader: type = Loader) -> Any:
    """Parsed YAML; a syntax error names the file and line. ``loader``: mkdocs.yml needs ``!ENV``."""
    if missing_ok and not path.exists():
        return None
    data = read_bytes(path)
    try:
        return yaml.load(data.decode("utf-8-sig"), Loader=loader)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise AtlasError(Problem(str(path), line, "not UTF-8")) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise AtlasError(Problem(str(path), line, f"invalid YAML: {exc.problem or exc}")) from None
    except yaml.YAMLError as exc:
        raise AtlasError(Problem(str(path), None, f"invalid YAML: {exc}")) from None


def digest(paths: Sequence[Path], salt: str = "") -> str:
    """SHA-256 of these files' names and bytes (a missing file counts as missing), after ``salt``."""
    h = hashlib.sha256(salt.encode())
    for path in paths:
        h.update(f"{path.name}\0".encode())
        h.update(path.read_bytes() if path.exists() else b"\0missing")
    return h.hexdigest()


# ---------------------------------------------------------------- writing

def write_atomic(path: Path, data: Content) -> None:
    """Replace ``path`` whole or not at all.

    The bytes go to ``.<name>.<random>.atlas-tmp`` beside the target, are
    synced, then renamed over it: a reader (or a process killed at any
    moment) sees the old file or the new one, never a part. Temporaries
    left by a killed writer are removed first.
    """
    pieces: Iterable[bytes] = data if isinstance(data, Chunks) else [data.encode("utf-8") if isinstance(data, str) else data]
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.glob(f".{glob.escape(path.name)}.*{TMP_SUFFIX}"):
            stale.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=TMP_SUFFIX, dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), _file_mode(path))
            for piece in pieces:
                f.write(piece)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        raise AtlasError(Problem(str(path), None, f"cannot write: {exc.strerror or exc}")) from None
    except BaseException:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        raise

def _file_mode(path: Path) -> int:
    """The target's permissions, or what a plain ``open()`` would give it (mkstemp makes 0600)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask

def inside(rel: str) -> bool:
    """Whether ``rel`` is a plain relative path that stays inside the folder it is relative to."""
    parts = [part for part in rel.split("/") if part not in ("", ".")]  # what PurePosixPath(rel).parts has
    return bool(parts) and not rel.startswith("/") and ".." not in parts and "\\" not in rel

def files_under(root: Path) -> list[tuple[str, bytes]]:
    """Every file under ``root`` (relative path, bytes), sorted; none when ``root`` is missing."""
    if not root.is_dir():
        return []
    return [(str(p.relative_to(root)), p.read_bytes()) for p in sorted(root.rglob("*")) if p.is_file()]


def set_aside(root: Path, keep: str) -> None:
    """Move every entry of ``root`` but the dotfiles into ``root/keep`` (a rename each: instant)."""
    aside = root / keep
    shutil.rmtree(aside, ignore_errors=True)  # what a failed build left there
    aside.mkdir(parents=True)
    for entry in os.listdir(root):
        if not entry.startswith("."):
            os.replace(root / entry, aside / entry)

def bring_back(root: Path, keep: str) -> bool:
    """Undo ``set_aside`` into a ``root`` MkDocs has emptied; False when there was nothing set aside."""
    aside = root / keep
    if not aside.is_dir():
        return False
    for entry in os.listdir(aside):
        target = root / entry
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        os.replace(aside / entry, target)
    aside.rmdir()
    return True

def remove_files(root: Path, rels: Iterable[str]) -> int:
    """Delete these files under ``root`` (missing ones are fine), then the folders they leave empty."""
    rels = [rel for rel in rels if inside(rel)]
    removed = 0
    for rel in rels:
        try:
            (root / rel).unlink()
            removed += 1
        except FileNotFoundError:
            pass
    prune_empty_dirs(root, rels)
    return removed

def remove(path: Path) -> None:
    """Delete a file, or a whole folder; nothing there is fine."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def replace_dir(new: Path, target: Path) -> None:
    """Put the folder ``new`` in place of ``target``: two renames, then the old one is deleted."""
    old = target.with_name(f".{target.name}.old{TMP_SUFFIX}")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)

def as_bytes(content: Content) -> bytes:
    """A file's whole content (``Chunks`` joined)."""
    return content.encode("utf-8") if isinstance(content, str) else bytes(content)

def prune_empty_dirs(root: Path, removed: Iterable[str]) -> None:
    dirs = {(root / rel).parent for rel in removed}
    for d in sorted(dirs, key=lambda p: len(p.parts), reverse=True):
        while d != root and d.is_dir() and not any(d.iterdir()):
            d.rmdir()
            d = d.parent


def relative_files(root: Path) -> list[str]:
    """The paths of the files under ``root`` (``a/b.md``), sorted; dot files and folders left out, as MkDocs does."""
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        found += [name if rel == "." else f"{rel}/{name}" for name in names if not name.startswith(".")]
    return sorted(found)


def move_into(source: Path, target: Path) -> int:
    """Move every file under ``source`` to the same place under ``target`` (a rename each, replacing
    what is there), then delete ``source``; returns how many files moved."""
    moved = 0
    if not source.is_dir():
        return moved
    for folder, _, names in os.walk(source):
        into = target / os.path.relpath(folder, source)
        into.mkdir(parents=True, exist_ok=True)
        for name in names:
            os.replace(os.path.join(folder, name), into / name)
            moved += 1
    shutil.rmtree(source)
    return moved


def stat_snapshot(paths: Iterable[Path], leave_out: Path) -> frozenset[tuple[str, int, int]]:
    """(path, size, mtime) of each file under ``paths`` (files or folders) but ``leave_out``: two
    snapshots differ when a file was written, added or removed. Python's bytecode caches are left
    out: importing a module writes them, and they say nothing of the sources."""
    found = []
    for path in paths:
        for folder, dirs, names in os.walk(path) if path.is_dir() else [(str(path.parent), [], [path.name])]:
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            for name in names:
                full = os.path.join(folder, name)
                try:
                    st = os.stat(full)
                except FileNotFoundError:  # removed meanwhile: absent from this snapshot
                    continue
                found.append((full, st.st_size, st.st_mtime_ns))
    skip = str(leave_out)
    return frozenset(item for item in found if item[0] != skip)
