"""Layout rules (docs/architecture.md, "Layers"): casework never imports flask, apscheduler,
web or jobs; web and jobs never import each other, and web never imports apscheduler (its
workers never start the scheduler); the pages and the API never import each other; nothing
imports the benchmarks or the tests but the tests; and no two packages of casework import each
other, however roundabout the ring. Checked by parsing every module, imports inside functions
included, so a rule broken in a rarely run branch still fails here."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# folder -> the modules (and their submodules) no file under it may import
FORBIDDEN = {
    "casework": {"flask", "apscheduler", "web", "jobs", "bench", "tests"},
    "web": {"jobs", "apscheduler", "bench", "tests"},  # web workers never start the scheduler
    "web/api": {"web.pages"},
    "web/pages": {"web.api"},
    "jobs": {"web", "bench", "tests"},
    "tests": {"bench"},
}


def imported_modules(source: str, module: str, is_package: bool = False) -> set[str]:
    """Absolute names of the modules `source` imports; `module` is its own dotted name."""
    found = set()
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node.module, node.level, package)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
        elif isinstance(node, ast.Call) and _is_dynamic_import(node.func):
            if node.args and isinstance(node.args[0], ast.Constant):
                found.add(str(node.args[0].value))
    return {name.strip(".") for name in found}


def _resolve(name: str | None, level: int, package: str) -> str:
    if level == 0:
        return name or ""
    parts = package.split(".") if package else []
    base = parts[: len(parts) - (level - 1)] if level > 1 else parts
    return ".".join([*base, name] if name else base)


def _is_dynamic_import(func: ast.expr) -> bool:
    if isinstance(func, ast.Name):
        return func.id in ("__import__", "import_module")
    return isinstance(func, ast.Attribute) and func.attr == "import_module"


@functools.cache  # each tree is read once: the layers and the ring check read casework/ thrice
def imports_under(folder: str, root: Path = ROOT) -> tuple[tuple[str, str, str], ...]:
    """(file, its module, a module it imports) for every import of every file under `folder`."""
    found = []
    for path in sorted((root / folder).rglob("*.py")):
        relative = path.relative_to(root).with_suffix("")
        is_package = relative.name == "__init__"
        module = ".".join(relative.parts[:-1] if is_package else relative.parts)
        for name in sorted(imported_modules(path.read_text("utf-8"), module, is_package)):
            found.append((str(path.relative_to(root)), module, name))
    return tuple(found)


def _is_within(name: str, forbidden: set[str]) -> bool:
    if name.split(".")[0].startswith("flask_") and "flask" in forbidden:
        return True
    return any(name == f or name.startswith(f"{f}.") for f in forbidden)


def breaches(layer: str, root: Path = ROOT) -> list[str]:
    """'file: module' for every import that breaks `layer`'s rule."""
    forbidden = FORBIDDEN[layer]
    found = imports_under(layer, root)
    return [f"{file}: {name}" for file, _, name in found if _is_within(name, forbidden)]


def package_of(module: str) -> str | None:
    """The package (or top-level module) of casework a module belongs to, e.g.
    casework.workflows for casework.workflows.engine; None outside casework."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "casework" and len(parts) > 1 else None


def package_cycles(root: Path = ROOT, ignore: frozenset[str] = frozenset()) -> list[str]:
    """Each import between two casework packages that lie on one ring (each reaches the other
    through the imports), as 'package -> package: file: module (and n more)'; the imports
    in `ignore` ('file: module') left out."""
    why: dict[tuple[str, str], list[str]] = {}
    for file, module, name in imports_under("casework", root):
        source, target = package_of(module), package_of(name)
        if source and target and source != target and f"{file}: {name}" not in ignore:
            why.setdefault((source, target), []).append(f"{file}: {name}")
    edges: dict[str, set[str]] = {}
    for source, target in why:
        edges.setdefault(source, set()).add(target)
    return [
        f"{source} -> {target}: {lines[0]}" + (f" (and {len(lines) - 1} more)" if lines[1:] else "")
        for (source, target), lines in sorted(why.items())
        if source in _reachable(target, edges)
    ]


def _reachable(start: str, edges: dict[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for following in edges.get(todo.pop(), set()) - seen:
            seen.add(following)
            todo.append(following)
    return seen


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_keeps_its_import_rules(layer):
    assert breaches(layer) == []


# Imports that still close a ring, each with the change that removes it: the ring check leaves
# them out, and fails when one is gone (delete it here then).
PENDING: dict[str, str] = {}


def test_no_two_casework_packages_import_each_other():
    assert package_cycles(ignore=frozenset(PENDING)) == []


def test_every_pending_import_is_still_there():
    found = {f"{file}: {name}" for file, _, name in imports_under("casework")}
    assert sorted(set(PENDING) - found) == [], "no longer there: delete it from PENDING"


def test_the_layers_exist():
    assert list((ROOT / "casework").rglob("*.py")), "nothing to check"
    assert list((ROOT / "web").rglob("*.py")), "nothing to check"


@pytest.mark.parametrize(
    "source",
    [
        "import flask",
        "import flask.json as j",
        "from flask import Flask",
        "from flask_smorest import Api",
        "import apscheduler.schedulers.blocking",
        "from apscheduler.triggers.cron import CronTrigger",
        "import web.api",
        "from web import create_app",
        "from jobs import run",
        "def f():\n    if True:\n        from web.api import errors\n",
        "class C:\n    def m(self):\n        import jobs.scheduler\n",
        "try:\n    import flask\nexcept ImportError:\n    flask = None\n",
        "import importlib\nimportlib.import_module('web.cli')\n",
        "__import__('apscheduler')\n",
        "from ... import web\n",  # casework/workflows/x.py: relative import reaching the root
    ],
)
def test_the_check_catches_a_forbidden_import(tmp_path, source):
    module = tmp_path / "casework" / "workflows" / "x.py"
    module.parent.mkdir(parents=True)
    module.write_text(source, "utf-8")
    assert breaches("casework", tmp_path) != []


@pytest.mark.parametrize(
    "source",
    [
        "import peewee\nfrom marshmallow import Schema\n",
        "from casework.web_safe import x",  # a name that merely starts like "web"
        "from . import rehab_steps\nfrom .definition import Action\n",
        "from ..models import RehabApplication\n",
        "import webbrowser\nimport jobsearch\n",
    ],
)
def test_the_check_lets_allowed_imports_through(tmp_path, source):
    module = tmp_path / "casework" / "workflows" / "x.py"
    module.parent.mkdir(parents=True)
    module.write_text(source, "utf-8")
    assert breaches("casework", tmp_path) == []


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, source in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(source, "utf-8")
    return root


def test_a_ring_is_found_however_it_is_imported(tmp_path):
    _tree(tmp_path, {
        "casework/services/rehab.py": "from casework.workflows import engine\n",
        "casework/workflows/engine.py": "import casework.db\n",
        "casework/workflows/steps.py": "def f():\n    from ..services import rehab\n",
        "casework/db.py": "from casework.rules import money\n",
        "casework/rules/money.py": "",
    })  # fmt: skip
    assert package_cycles(tmp_path) == [
        "casework.services -> casework.workflows: casework/services/rehab.py: casework.workflows "
        "(and 1 more)",
        "casework.workflows -> casework.services: casework/workflows/steps.py: casework.services "
        "(and 1 more)",
    ]
    steps = "casework/workflows/steps.py"
    ignored = frozenset({f"{steps}: casework.services", f"{steps}: casework.services.rehab"})
    assert package_cycles(tmp_path, ignored) == []


def test_a_longer_ring_and_a_top_level_module_count_too(tmp_path):
    _tree(tmp_path, {
        "casework/services/a.py": "from casework import settings\n",
        "casework/settings.py": "import casework.reminders.scan\n",
        "casework/reminders/scan.py": "from casework.services.a import x\n",
        "casework/models/b.py": "from casework.db import db\n",  # one way only: fine
        "casework/db.py": "",
    })  # fmt: skip
    assert [line.partition(":")[0] for line in package_cycles(tmp_path)] == [
        "casework.reminders -> casework.services",
        "casework.services -> casework.settings",
        "casework.settings -> casework.reminders",
    ]


def test_layers_without_a_ring_pass(tmp_path):
    _tree(tmp_path, {
        "casework/services/rehab.py": "from casework.workflows import engine\n",
        "casework/workflows/engine.py": "from casework.queries import payments\n",
        "casework/workflows/rehab.py": "from . import engine\nfrom .engine import perform\n",
        "casework/queries/payments.py": "from casework.models import Claim\n",
    })  # fmt: skip
    assert package_cycles(tmp_path) == []


@pytest.mark.parametrize(
    ("file", "source", "layer"),
    [
        ("web/pages/rehab.py", "from web.api.masking import unmask_for\n", "web/pages"),
        ("web/pages/rehab.py", "def f():\n    from ..api import errors\n", "web/pages"),
        ("web/pages/rehab.py", "from web import api\n", "web/pages"),
        ("web/api/claims.py", "from web.pages.labels import label\n", "web/api"),
        ("tests/jobs/smtp.py", "from bench.server import free_port\n", "tests"),
        ("web/cli.py", "import bench.world\n", "web"),
        ("jobs/tasks.py", "from tests.factories import build_world\n", "jobs"),
        ("casework/services/demo.py", "from tests import factories\n", "casework"),
    ],
)
def test_the_odd_directions_are_caught(tmp_path, file, source, layer):
    _tree(tmp_path, {file: source})
    assert breaches(layer, tmp_path) != []


@pytest.mark.parametrize(
    ("file", "source", "layer"),
    [
        ("web/pages/rehab.py", "from web.access import unmask_for\nfrom web import clock\n",
         "web/pages"),
        ("web/pages/rehab.py", "from web.apis import x\nimport webapi\n", "web/pages"),
        ("web/api/claims.py", "from web.pagesize import x\n", "web/api"),
        ("tests/jobs/smtp.py", "from tests.ports import free_port\nimport benchmark\n", "tests"),
    ],
)  # fmt: skip
def test_the_usual_directions_pass(tmp_path, file, source, layer):
    _tree(tmp_path, {file: source})
    assert breaches(layer, tmp_path) == []


def test_web_and_jobs_may_not_import_each_other(tmp_path):
    (tmp_path / "web").mkdir()
    (tmp_path / "jobs").mkdir()
    (tmp_path / "web" / "views.py").write_text("def run():\n    from jobs import scan\n")
    (tmp_path / "jobs" / "__init__.py").write_text("from web import create_app\n")
    assert breaches("web", tmp_path) == ["web/views.py: jobs", "web/views.py: jobs.scan"]
    assert breaches("jobs", tmp_path) == [
        "jobs/__init__.py: web",
        "jobs/__init__.py: web.create_app",
    ]
