"""The bulk-built benchmarks still run against today's schema, at a tiny size: each writes its
rows by raw SQL, which the model's defaults do not reach, so a column added later used to break
them unnoticed (or worse, make a hand-written floor insert nothing). Only that they run and
print their ratio is checked; no timing is asserted. (Tests import nothing from bench/.)"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # each builds a database in its own process: seconds
ROOT = Path(__file__).resolve().parents[2]


def run(*arguments: str) -> str:
    command = [sys.executable, "-m", *arguments]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_the_overdue_scan_and_its_floor_create_the_same_reminders():
    out = run("bench.overdue", "--cases", "2000", "--children", "3000", "--rounds", "1")
    # the bench itself asserts that the scan and the floor created as many reminders
    assert "first scan:" in out and "creates 20 reminders" in out
    assert re.search(r"^ratio \(regular visits\): [0-9.]+$", out, re.M)
    assert re.search(r"^ratio \(routing\): [0-9.]+$", out, re.M)


def test_the_registry_search_runs():
    out = run("bench.registry", "--children", "3000", "--runs", "1")
    assert re.search(r"^ratio: [0-9.]+$", out, re.M)
