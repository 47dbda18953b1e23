"""Where a full MkDocs build spends its time: ``python -m bench.profile ROOT [--top 15]``.

Runs ``python -m generator site --full`` on the project at ROOT (docs/
written already, e.g. a ``python -m bench --work`` workspace) under
cProfile and prints the build's own time (tottime) grouped by who spends
it: Python-Markdown and its extensions, the Jinja templates (each
template by name), MkDocs, Material's plugins, the hook, Pagefind (a
subprocess: the time waited for it), the rest; then the top functions.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
from collections import defaultdict
from pathlib import Path

import click

GROUPS = (  # (substring of a code object's file name, group), first match wins
    ("/markdown/", "Python-Markdown"),
    ("/pymdownx/", "pymdown-extensions"),
    ("/material/plugins/", "Material plugins"),
    ("/material/templates/", "templates: Material"),
    ("overrides/", "templates: overrides"),
    ("/mkdocs/", "MkDocs"),
    ("/jinja2/", "Jinja2 runtime"),
    ("mkdocs_hooks.py", "hook"),
    ("/generator/", "generator"),
    ("/yaml/", "YAML (front matter, config)"),
    ("/xml/etree/", "ElementTree (Markdown's tree)"),
    ("/lib/python3", "Python's standard library"),
)


def group_of(filename: str, function: str) -> str:
    if function in ("<method 'wait' of 'posix' objects>",) or "waitpid" in function:
        return "subprocess (Pagefind)"
    for part, group in GROUPS:
        if part in filename:
            return f"{group} {Path(filename).name}" if group.startswith("templates") else group
    if filename == "~":
        return "built-ins"
    return "other Python"


def grouped(stats: pstats.Stats) -> dict[str, float]:
    """Own time by group; a built-in's (``re``, ``str``, I/O) goes to the groups of its callers."""
    totals: dict[str, float] = defaultdict(float)
    for (filename, _, function), (_, _, tottime, _, callers) in stats.stats.items():  # type: ignore[attr-defined]
        group = group_of(filename, function)
        if filename == "~" and callers and not group.startswith("subprocess"):
            for (caller_file, _, caller_function), (_, _, caller_tt, _) in callers.items():
                totals[group_of(caller_file, caller_function)] += caller_tt
        else:
            totals[group] += tottime
    return dict(totals)


@click.command()
@click.argument("root", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--top", default=15, show_default=True, help="Functions listed by own time.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None, help="Save the raw profile.")
def main(root: Path, top: int, out: Path | None) -> None:
    """Profile one full build of ROOT's site, grouped by plugin and template."""
    os.chdir(root)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    sys.path.insert(0, str(root))
    from generator.incremental import build_site

    profiler = cProfile.Profile()
    profiler.enable()
    build_site(Path("mkdocs.yml"), Path("site"), full=True)
    profiler.disable()
    if out is not None:
        profiler.dump_stats(str(out))
    stats = pstats.Stats(profiler)
    totals = grouped(stats)
    whole = sum(totals.values())
    print("| where | s | share |\n| --- | ---: | ---: |")
    for name, seconds in sorted(totals.items(), key=lambda kv: -kv[1]):
        if seconds / whole >= 0.005:
            print(f"| {name} | {seconds:.1f} | {seconds / whole:.0%} |")
    print(f"| all | {whole:.1f} | |\n")
    stats.sort_stats("tottime").print_stats(top)


if __name__ == "__main__":
    main()
