"""The walk-throughs in the README and docs/ run as a reader runs them: every command between
the `<!-- walkthrough -->` markers, pasted into bash in the repository's directory, against the
demo served by gunicorn. Where a doc shows the output of its commands, a field the output
shows with a value must not come back null (an answer renamed under the doc)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from casework.clock import utcnow
from casework.db import bind, db, migrate
from casework.services import demo
from tests.conftest import ON_POSTGRES
from tests.live import serving

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(ON_POSTGRES, reason="the docs serve the demo on SQLite"),
]

ROOT = Path(__file__).resolve().parents[2]
WALKTHROUGHS = ("README.md", "docs/child-protection.md", "docs/one-window.md")
DOC_BASE = "http://127.0.0.1:8000"
BLOCK = re.compile(r"```(sh|text)\n(.*?)```", re.S)
SEPARATOR = "@@ next block @@"


def steps(text: str) -> list[tuple[str, str | None]]:
    """(commands, the output the doc shows for them or None) between the markers."""
    start = text.index("\n<!-- walkthrough -->\n")
    section = text[start : text.index("\n<!-- /walkthrough -->\n", start)]
    found: list[tuple[str, str | None]] = []
    for kind, body in BLOCK.findall(section):
        if kind == "sh":
            found.append((body, None))
        elif found and found[-1][1] is None:
            found[-1] = (found[-1][0], body)
    return found


def null_fields(text: str) -> set[str]:
    """Names of the fields that are null in the JSON values found in `text`."""
    decoder, names, at = json.JSONDecoder(), set(), 0
    while at < len(text):
        brace = min((i for i in (text.find("{", at), text.find("[", at)) if i >= 0), default=-1)
        if brace < 0:
            break
        try:
            value, at = decoder.raw_decode(text, brace)
        except ValueError:
            at = brace + 1
            continue
        names |= _nulls(value)
    return names


def shown_fields(text: str) -> set[str]:
    return set(re.findall(r'"(\w+)":\s*(?!null)', text))


def _nulls(value) -> set[str]:
    if isinstance(value, dict):
        inner = set().union(*(_nulls(v) for v in value.values()))
        return inner | {k for k, v in value.items() if v is None}
    if isinstance(value, list):
        return set().union(set(), *(_nulls(v) for v in value))
    return set()


@pytest.fixture(scope="module")
def served_demo(tmp_path_factory):
    """One demo for both walk-throughs: each makes its own children."""
    tmp_path = tmp_path_factory.mktemp("demo")
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    bind(url)
    with db.connection_context():
        migrate()
        demo.DemoLoader(utcnow()).run()
    db.close()
    with serving(url, tmp_path) as base:
        yield base, url


@pytest.mark.parametrize("document", WALKTHROUGHS)
def test_the_walkthrough_runs_as_written(served_demo, tmp_path, document):
    base, url = served_demo
    planned = steps((ROOT / document).read_text(encoding="utf-8"))
    script = f"\necho '{SEPARATOR}'\n".join(commands for commands, _ in planned)
    where = tmp_path / "checkout"  # the repository's directory, as the docs say, so that
    where.mkdir()  # the files the commands write stay out of the real one
    for entry in ROOT.iterdir():
        if entry.name not in (".git", "var"):
            (where / entry.name).symlink_to(entry)
    env = dict(
        os.environ, DATABASE_URL=url, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}"
    )
    run = subprocess.run(
        ["bash", "-c", script.replace(DOC_BASE, base)],
        cwd=where, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    outputs = run.stdout.split(SEPARATOR)
    (tmp_path / "output.txt").write_text(run.stdout + run.stderr)
    assert len(outputs) == len(planned), run.stderr
    for (commands, shown), output in zip(planned, outputs, strict=True):
        assert "Traceback" not in output, (commands, output)
        if shown is not None:
            renamed = (null_fields(output) & shown_fields(shown)) - null_fields(shown)
            assert not renamed, (commands, output)
    assert run.returncode == 0, run.stderr
