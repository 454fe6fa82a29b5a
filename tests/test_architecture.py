"""Layout rules (ENGINEERING.md): casework never imports flask, apscheduler, web or jobs;
web and jobs never import each other. Checked by parsing every module, imports inside
functions included, so a rule broken in a rarely run branch still fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "casework": {"flask", "apscheduler", "web", "jobs"},
    "web": {"jobs"},
    "jobs": {"web"},
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


def breaches(layer: str, root: Path = ROOT) -> list[str]:
    """'file: module' for every import that breaks `layer`'s rule."""
    forbidden = FORBIDDEN[layer]
    found = []
    for path in sorted((root / layer).rglob("*.py")):
        relative = path.relative_to(root).with_suffix("")
        is_package = relative.name == "__init__"
        module = ".".join(relative.parts[:-1] if is_package else relative.parts)
        for name in sorted(imported_modules(path.read_text("utf-8"), module, is_package)):
            top = name.split(".")[0]
            if top in forbidden or (top.startswith("flask_") and "flask" in forbidden):
                found.append(f"{path.relative_to(root)}: {name}")
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_keeps_its_import_rules(layer):
    assert breaches(layer) == []


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
