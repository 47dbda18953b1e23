"""The code's layout holds what the README says of it: stages that import only what they may,
files read and written only by ``storage/``, processes started only by ``pipeline.py``,
and a README that names every module and command there is."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
import pytest
from conftest import ROOT

from generator.cli import main

GENERATOR = ROOT / "generator"
README = (ROOT / "README.md").read_text(encoding="utf-8")

# What each stage package may import of the generator, besides itself.
BASE = {"generator.models", "generator.errors", "generator.dates", "generator.memory"}
ALLOWED = {
    "generator.ingest": BASE,
    "generator.enrich": BASE,
    # The pages show what names and stop words say of a paper: pure text helpers of enrich.
    "generator.output": BASE | {"generator.enrich.names", "generator.enrich.stopwords"},
    "generator.storage": {"generator.models", "generator.errors"},
}
# Calls that touch the file system; outside storage/ they must go through it.
FILE_METHODS = {"read_text", "write_text", "read_bytes", "write_bytes", "open", "unlink", "mkdir", "rmdir",
                "touch", "rename", "replace", "rmtree", "copy", "copytree", "makedirs", "remove", "fdopen"}
STORAGE_MODULES = {"files", "codec", "docs"}  # ``from generator.storage import files``: its calls are fine
STORAGE_FUNCTIONS = {"read_bytes", "remove"}  # ... and so are the functions imported from it by name


def modules() -> dict[str, Path]:
    return {".".join(p.relative_to(ROOT).with_suffix("").parts): p for p in sorted(GENERATOR.rglob("*.py"))}


def imports(path: Path) -> set[str]:
    """Every generator module ``path`` imports, at the top or inside a function."""
    found: set[str] = set()
    known = modules()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in known else node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("generator"))
    return found


def test_every_module_is_found():
    assert {"generator.pipeline", "generator.ingest.parse", "generator.storage.docs"} <= set(modules())


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_a_stage_imports_only_itself_and_the_data_model(package: str):
    wrong = {
        name: sorted(dep for dep in imports(path) if not dep.startswith(package) and dep not in ALLOWED[package])
        for name, path in modules().items()
        if name.startswith(package + ".")
    }
    assert {name: deps for name, deps in wrong.items() if deps} == {}


def test_only_the_pipeline_starts_processes():
    starting = {"background", "share", "map_split"}
    users = set()
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in starting and isinstance(node.value, ast.Name):
                if node.value.id == "parallel":
                    users.add(name)
    assert users == {"generator.pipeline"}


def test_no_module_but_storage_touches_files():
    touching: dict[str, list[int]] = {}
    for name, path in modules().items():
        if name.startswith("generator.storage."):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            fn = node.func
            if isinstance(fn, ast.Name) and fn.id == "open":
                touching.setdefault(name, []).append(node.lineno)
            elif isinstance(fn, ast.Attribute) and fn.attr in FILE_METHODS:
                receiver = fn.value
                if isinstance(receiver, ast.Name) and receiver.id in STORAGE_MODULES:
                    continue
                if fn.attr in ("replace", "copy", "remove") and not (
                    isinstance(receiver, ast.Name) and receiver.id in ("os", "shutil")
                ):
                    continue  # str.replace, dict.copy, list.remove ...
                touching.setdefault(name, []).append(node.lineno)
    assert touching == {}


def test_the_checker_above_sees_a_file_access():
    """The rule above is not vacuous: the storage modules themselves break it."""
    tree = ast.parse((GENERATOR / "storage" / "files.py").read_text(encoding="utf-8"))
    calls = [n.func.attr for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)]
    assert {"read_bytes", "replace", "rmtree"} <= set(calls)


def readme_modules() -> set[str]:
    """The modules the README's "How it works" table names (``ingest/parse.py`` ...)."""
    section = README.split("## How it works", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([\w/]+\.py)`", row.split("|")[1])}


def test_the_readme_module_table_lists_the_modules_that_exist():
    existing = {  # a package's __init__.py counts when it holds code, not only a docstring
        str(p.relative_to(GENERATOR))
        for p in GENERATOR.rglob("*.py")
        if p.name != "__main__.py" and (p.name != "__init__.py" or "\ndef " in p.read_text(encoding="utf-8"))
    }
    assert readme_modules() == existing


def test_every_command_has_help_and_a_readme_entry():
    assert isinstance(main, click.Group) and len(main.commands) >= 7
    for name, command in main.commands.items():
        assert (command.help or "").strip(), f"`{name}` has no help text"
        assert f"python -m generator {name}" in README, f"the README never shows `python -m generator {name}`"
        for param in command.params:
            if isinstance(param, click.Option):
                assert (param.help or "").strip(), f"`{name} {param.opts[0]}` has no help text"
