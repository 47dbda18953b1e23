"""`python -m bench` at a tiny size: every column is there with a plausible value (not timed)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow


def test_bench_table_has_every_column(tmp_path: Path):
    from bench.run import COLUMNS

    results = tmp_path / "RESULTS.md"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-m", "bench", "--sizes", "200", "--runs", "1",
         "--work", str(tmp_path / "work"), "--results", str(results)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    rows = [line for line in results.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    header = [c.strip() for c in rows[0].strip("|").split("|")]
    assert header == [h for _, h in COLUMNS]
    row = dict(zip(header, (c.strip() for c in rows[2].strip("|").split("|"))))
    assert 195 <= int(row["papers"].replace(",", "")) <= 200  # hidden papers aside
    stages = ("ingest s", "enrich s", "render s", "write s", "start+imports s")
    for column in (*stages, "generator s", "full build s", "peak MB"):
        assert float(row[column]) > 0, column
    assert float(row["generator s"]) < float(row["full build s"]) * 5
    stages = sum(float(row[c]) for c in stages)
    assert stages <= float(row["generator s"]) * 1.05  # the whole processes hold every stage (medians: 5% slack)
    assert 20 < float(row["peak MB"]) < 2000
    median, largest = (float(x) for x in row["paper page KB (median/max)"].split("/"))
    assert 5 < median <= largest < 200
    assert row["search"] in ("lunr", "pagefind")
    kb = re.fullmatch(r"([\d,]+) \((\d+) files\)", row["one query KB"])
    assert kb, row["one query KB"]
    assert 10 < int(kb[1].replace(",", "")) < 5000 and int(kb[2]) >= 2
    like = re.fullmatch(r"([\d,]+) \((\d+) files\)", row["like-this KB"])  # "papers like this", one seed abstract
    assert like, row["like-this KB"]
    assert 1 < int(like[1].replace(",", "")) < 1024 and int(like[2]) >= 3  # meta, a term shard, a docs chunk
    assert float(row["like-this ms"]) > 0

    # bench.memory on the bench's workspace: a peak for each stage of the generator, the largest overall
    workspace = next((tmp_path / "work").glob("n*"))
    out = subprocess.run([sys.executable, "-m", "bench.memory", str(workspace)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    peaks = {r[0]: float(r[2]) for line in out.stdout.splitlines() if line.startswith("| ")
             and (r := [c.strip() for c in line.strip("|").split("|")])[2] not in ("peak MB", "---:")}
    stages = [name for name in peaks if name not in ("start", "all")]
    assert [s.split()[0] for s in stages[:2]] == ["parse", "merge"] and stages[-1].startswith("render and write")
    assert any(s.startswith("enrich") for s in stages)
    assert 20 < peaks["all"] == max(peaks.values()) < 2000
